// Report benchmark (ctest -L benchmark, or run bench_report directly). Prints figures; the goals
// are in README.md. Not a pass/fail test: the machine decides the numbers, the printout lets a
// person compare them with the goals and with what SQLite itself needs for the same rows.
//
//  1. compute_report over 1,000,000 demo entries (one half-year), and each renderer: CSV (every
//     row), XLSX (summary + raw sheet at the default cap), HTML, JSON; every file fsync'ed as
//     the product writes it. Goals: the report with all three exports (CSV, XLSX, HTML) under
//     3 s in total; `report --format json` (compute + render) under 1 s.
//  2. Beside them, SQLite alone: stepping the report's own SELECT and fetching its columns (the
//     floor under compute_report), and the equivalent aggregate — count and avg per service
//     point, channel and rating over the same rows and index — through the C API and, when
//     installed, the sqlite3 shell.
//  3. The XLSX with every one of the 1,000,000 raw rows (ReportOptions::xlsx_raw_row_limit = 0),
//     to show what the cap saves (skip with --quick).
//
// Usage: bench_report [DIR] [--count N] [--runs N] [--quick] [--keep]
//   DIR: where the database and the exports go (default: current directory); --keep leaves the
//   database there and reuses it next time when it holds N entries; --runs repeats the report
//   and the exports N times and shows the run with the median total.
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/demo_data.h"
#include "core/likert.h"
#include "core/period.h"
#include "report/store_input.h"
#include "report/csv_export.h"
#include "report/entry_rows.h"
#include "report/html_export.h"
#include "report/json_export.h"
#include "report/report.h"
#include "report/xlsx_export.h"
#include "store/store.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace feedback;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// User + system CPU time of this process: on a shared machine wall time says more about the
// neighbours than about the code, so both are printed.
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

using Times = std::pair<double, double>;  // wall, cpu seconds

struct Timer {
    Clock::time_point wall = Clock::now();
    double cpu = cpu_seconds();
    Times stop() const { return {seconds_since(wall), cpu_seconds() - cpu}; }
};

Times sum(std::initializer_list<Times> parts) {
    Times total{0, 0};
    for (const auto& p : parts) {
        total.first += p.first;
        total.second += p.second;
    }
    return total;
}

void remove_db(const fs::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

// The same rows through the same index, counted and averaged per service point, channel and
// rating. (Grouping by local month or hour in SQL would need SQLite's date functions, which
// cost several seconds a million rows: the report buckets in C++ instead.)
constexpr const char* kAggregate =
    "SELECT service_point, channel, rating, count(*), avg(rating) FROM entries "
    "WHERE created_utc >= '2025-09-30T17:00:00.000Z' AND created_utc < '2026-03-31T17:00:00.000Z' "
    "AND kind = 'rating' AND misuse = 0 GROUP BY 1, 2, 3";

void sqlite_aggregate(const fs::path& db_path, std::int64_t& rows_counted) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, kAggregate, -1, &stmt, nullptr);
    rows_counted = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) rows_counted += sqlite3_column_int64(stmt, 3);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

// The floor under compute_report: SQLite stepping the report's own SELECT (same index, same
// mmap) and handing out its columns, with nothing counted.
void sqlite_floor(const fs::path& db_path) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    sqlite3_exec(db, "PRAGMA mmap_size = 1073741824", nullptr, nullptr, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT created_utc, kind = 'rating', rating, misuse, session_state = 'open', service_point, "
                       "channel, dimensions, reasons, comment, language FROM entries WHERE created_utc >= "
                       "'2025-09-30T17:00:00.000Z' AND created_utc < '2026-03-31T17:00:00.000Z' ORDER BY created_utc, seq",
                       -1, &stmt, nullptr);
    long long sink = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        for (int c = 0; c < 11; ++c) {
            if (c >= 1 && c <= 4) {
                sink += sqlite3_column_int(stmt, c);
            } else {
                sink += sqlite3_column_text(stmt, c) != nullptr;
                sink += sqlite3_column_bytes(stmt, c);
            }
        }
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    if (sink == 42) std::printf(" ");  // keeps the loop from being optimised away
}

double file_mb(const fs::path& path) { return static_cast<double>(fs::file_size(path)) / 1e6; }

}  // namespace

int main(int argc, char** argv) {
    fs::path dir = fs::current_path();
    long long count = 1'000'000;
    int runs = 1;
    bool quick = false, keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--count" && i + 1 < argc) count = std::atoll(argv[++i]);
        else if (arg == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--quick") quick = true;
        else if (arg == "--keep") keep = true;
        else dir = arg;
    }
    fs::create_directories(dir);
    const fs::path db = dir / "bench-report.db";
    const auto survey = core::default_survey();
    const auto period = core::parse_period("2569-H1");

    bool reuse = false;
    if (keep && fs::exists(db)) {
        store::Store existing(db, {.check_integrity = false});
        reuse = existing.database().query_int("SELECT count(*) FROM entries") == count;
    }
    if (!reuse) {
        remove_db(db);
        core::DemoParams params;
        params.count = count;
        params.first = period.first;
        params.last = period.last;
        const auto start = Clock::now();
        store::Store store(db);
        core::DemoGenerator generator(survey, params);
        store::Store::BulkWriter writer(store);
        while (generator.has_next()) writer.add(generator.next());
        writer.finish();
        std::printf("demo-data: %lld entries for %s written in %.1f s\n", count, period.label.c_str(),
                    seconds_since(start));
    }

    store::Store store(db, {.check_integrity = false});
    // Warm the page cache once so the figures compare computation, not the first disk read.
    store.database().query_int("SELECT count(*) FROM entries WHERE created_utc >= '2025' AND length(reasons) > 0");

    report::ReportOptions options;
    options.office_name = "องค์การบริหารส่วนตำบลทดสอบ";
    const core::LikertScale scale;

    // One run is what a person at the admin screen waits for: the report, then each file written
    // and fsync'ed in turn. With --runs N the whole sequence is repeated and the run with the
    // median total is shown: on a shared machine one run can land on a busy moment.
    struct Run {
        Times compute, json, csv, xlsx, html;
        std::int64_t csv_rows = 0, xlsx_rows = 0;
        std::size_t json_bytes = 0;
        double csv_mb = 0, xlsx_mb = 0, html_mb = 0;
        Times total() const { return sum({compute, csv, xlsx, html}); }
    };
    std::vector<Run> all_runs;
    std::optional<report::Report> r;
    for (int run = 0; run < runs; ++run) {
        // Start each run with nothing of ours waiting to be written (the demo database, the
        // previous run's files and their deletion), so that no fsync timed below pays for it.
        ::sync();
        Run t;
        Timer timer;
        r = report::compute_report(store, period, survey, scale, options);
        t.compute = timer.stop();

        timer = Timer();
        const auto json = report::render_json(*r);
        t.json = timer.stop();
        t.json_bytes = json.size();

        timer = Timer();
        t.csv_rows = report::export_csv(store, *r, dir / "bench.csv");
        t.csv = timer.stop();

        timer = Timer();
        t.xlsx_rows = report::export_xlsx(store, *r, dir / "bench.xlsx");
        t.xlsx = timer.stop();

        timer = Timer();
        report::export_html(*r, dir / "bench.html");
        t.html = timer.stop();

        t.csv_mb = file_mb(dir / "bench.csv");
        t.xlsx_mb = file_mb(dir / "bench.xlsx");
        t.html_mb = file_mb(dir / "bench.html");
        for (const char* name : {"bench.csv", "bench.xlsx", "bench.html"}) fs::remove(dir / name);
        all_runs.push_back(t);
    }
    std::vector<const Run*> by_total;
    for (const auto& run : all_runs) by_total.push_back(&run);
    std::sort(by_total.begin(), by_total.end(),
              [](const Run* a, const Run* b) { return a->total().first < b->total().first; });
    const Run& shown = *by_total[by_total.size() / 2];

    Timer timer;
    sqlite_floor(db);
    const auto floor_t = timer.stop();

    std::int64_t sqlite_rows = 0;
    timer = Timer();
    sqlite_aggregate(db, sqlite_rows);
    const auto sqlite_t = timer.stop();

    const auto line = [](const std::string& what, Times t, const std::string& extra) {
        std::printf("  %-52s %6.3f s wall %6.3f s cpu  %s\n", what.c_str(), t.first, t.second, extra.c_str());
    };
    const auto mb = [](double value) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "(%.1f MB)", value);
        return std::string(buffer);
    };
    std::printf("report over %lld entries (%s): %lld respondents, %lld misuse excluded, %zu suggestions\n",
                static_cast<long long>(r->entries), period.label.c_str(), static_cast<long long>(r->respondents()),
                static_cast<long long>(r->misuse_excluded), r->suggestions.size());
    if (runs > 1) {
        std::printf("  %d runs, report + CSV + XLSX + HTML in", runs);
        for (const auto& run : all_runs) std::printf(" %.3f", run.total().first);
        std::printf(" s wall; the median run:\n");
    }
    line("compute_report", shown.compute, "");
    line("render JSON", shown.json, mb(static_cast<double>(shown.json_bytes) / 1e6));
    line("export CSV, " + std::to_string(shown.csv_rows) + " rows, fsync'ed", shown.csv, mb(shown.csv_mb));
    line("export XLSX, raw sheet " + std::to_string(shown.xlsx_rows) + " rows, fsync'ed", shown.xlsx, mb(shown.xlsx_mb));
    line("export HTML, fsync'ed", shown.html, mb(shown.html_mb));
    const auto json_total = sum({shown.compute, shown.json});
    line("report --format json (compute + render)", json_total,
         json_total.first < 1.0 ? "goal < 1 s: met" : "goal < 1 s: NOT met");
    const auto total = shown.total();
    line("report + CSV + XLSX + HTML", total, "goal < 3 s");
    line("sqlite3 C API: the report's SELECT, columns fetched", floor_t, "(the floor under compute_report)");
    line("sqlite3 C API: count, avg GROUP BY sp, channel, rating", sqlite_t,
         "(" + std::to_string(sqlite_rows) + " rows counted; the report counted " + std::to_string(r->respondents()) + ")");
    std::optional<double> shell_t;
    if (fs::exists("/usr/bin/sqlite3")) {
        const std::string command = "/usr/bin/sqlite3 -readonly '" + db.string() + "' \"" + kAggregate + "\" > /dev/null";
        const auto started = Clock::now();
        const int rc = std::system(command.c_str());
        if (rc == 0) shell_t = seconds_since(started);
        std::printf("  %-52s %6.3f s wall%s\n", "sqlite3 shell, same query (with process start)", seconds_since(started),
                    rc == 0 ? "" : "  (failed)");
    }
    // The verdict, beside what SQLite alone needs to aggregate the same rows.
    std::printf("  goal < 3 s for the report and all three exports: %s (%.3f s wall; the sqlite3 aggregate: %.3f s",
                total.first < 3.0 ? "met" : "NOT met", total.first, sqlite_t.first);
    if (shell_t) std::printf(", %.3f s from the shell", *shell_t);
    std::printf(")\n");

    if (!quick) {
        auto all = *r;
        all.options.xlsx_raw_row_limit = 0;
        timer = Timer();
        const auto rows = report::export_xlsx(store, all, dir / "bench-all.xlsx");
        line("XLSX with every raw row (" + std::to_string(rows) + ", no cap)", timer.stop(),
             mb(file_mb(dir / "bench-all.xlsx")));
        fs::remove(dir / "bench-all.xlsx");
    }

    if (!keep) remove_db(db);
    return 0;
}
