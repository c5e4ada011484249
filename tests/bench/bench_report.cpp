// Report benchmark (ctest -L benchmark, or run bench_report directly). Prints figures; the goals
// are in README.md. Not a pass/fail test: the machine decides the numbers, the printout lets a
// person compare them with the goals and with what SQLite itself needs for the same rows.
//
//  1. compute_report over 1,000,000 demo entries (one half-year), and each renderer: CSV (every
//     row), XLSX (summary + raw sheet at the default cap), HTML, JSON. Goal: all four exports
//     with the report under 3 s; `report --format json` (compute + render) under 1 s.
//  2. Beside them, SQLite alone: stepping the report's own SELECT and fetching its columns (the
//     floor under compute_report), and the equivalent aggregate — count and avg per service
//     point, channel and rating over the same rows and index — through the C API and, when
//     installed, the sqlite3 shell.
//  3. The XLSX with every one of the 1,000,000 raw rows (ReportOptions::xlsx_raw_row_limit = 0),
//     to show what the cap saves (skip with --quick).
//
// Usage: bench_report [DIR] [--count N] [--quick] [--keep]
//   DIR: where the database and the exports go (default: current directory); --keep leaves the
//   database there and reuses it next time when it holds N entries.
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/demo_data.h"
#include "core/likert.h"
#include "core/period.h"
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

struct Timer {
    Clock::time_point wall = Clock::now();
    double cpu = cpu_seconds();
    std::pair<double, double> stop() const { return {seconds_since(wall), cpu_seconds() - cpu}; }
};

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
    bool quick = false, keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--count" && i + 1 < argc) count = std::atoll(argv[++i]);
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

    Timer timer;
    const auto r = report::compute_report(store, period, survey, scale, options);
    const auto compute = timer.stop();

    timer = Timer();
    const auto json = report::render_json(r);
    const auto json_t = timer.stop();

    timer = Timer();
    const auto csv_rows = report::export_csv(store, r, dir / "bench.csv");
    const auto csv = timer.stop();

    timer = Timer();
    const auto xlsx_rows = report::export_xlsx(store, r, dir / "bench.xlsx");
    const auto xlsx = timer.stop();

    timer = Timer();
    report::export_html(r, dir / "bench.html");
    const auto html = timer.stop();

    timer = Timer();
    sqlite_floor(db);
    const auto floor_t = timer.stop();

    std::int64_t sqlite_rows = 0;
    timer = Timer();
    sqlite_aggregate(db, sqlite_rows);
    const auto sqlite_t = timer.stop();

    const auto line = [](const char* what, std::pair<double, double> t, const std::string& extra) {
        std::printf("  %-44s %6.3f s wall %6.3f s cpu  %s\n", what, t.first, t.second, extra.c_str());
    };
    const auto sum = [](std::initializer_list<std::pair<double, double>> parts) {
        std::pair<double, double> total{0, 0};
        for (const auto& p : parts) {
            total.first += p.first;
            total.second += p.second;
        }
        return total;
    };
    const auto mb = [](double value) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "(%.1f MB)", value);
        return std::string(buffer);
    };
    std::printf("report over %lld entries (%s): %lld respondents, %lld misuse excluded, %zu suggestions\n",
                static_cast<long long>(r.entries), period.label.c_str(), static_cast<long long>(r.respondents()),
                static_cast<long long>(r.misuse_excluded), r.suggestions.size());
    line("compute_report", compute, "");
    line("render JSON", json_t, mb(static_cast<double>(json.size()) / 1e6));
    line(("export CSV, " + std::to_string(csv_rows) + " rows, fsync'ed").c_str(), csv, mb(file_mb(dir / "bench.csv")));
    line(("export XLSX, raw sheet " + std::to_string(xlsx_rows) + " rows").c_str(), xlsx, mb(file_mb(dir / "bench.xlsx")));
    line("export HTML", html, mb(file_mb(dir / "bench.html")));
    line("report --format json (compute + render)", sum({compute, json_t}), "goal < 1 s");
    line("report + CSV + XLSX + HTML", sum({compute, csv, xlsx, html}), "goal < 3 s");
    line("sqlite3 C API: the report's SELECT, columns fetched", floor_t, "(the floor under compute_report)");
    line("sqlite3 C API: count, avg GROUP BY sp, channel, rating", sqlite_t,
         "(" + std::to_string(sqlite_rows) + " rows counted; the report counted " + std::to_string(r.respondents()) + ")");

    if (fs::exists("/usr/bin/sqlite3")) {
        const std::string command = "/usr/bin/sqlite3 -readonly '" + db.string() + "' \"" + kAggregate + "\" > /dev/null";
        const auto started = Clock::now();
        const int rc = std::system(command.c_str());
        std::printf("  %-44s %6.3f s wall%s\n", "sqlite3 shell, same query (with process start)", seconds_since(started),
                    rc == 0 ? "" : "  (failed)");
    }

    if (!quick) {
        auto all = r;
        all.options.xlsx_raw_row_limit = 0;
        timer = Timer();
        const auto rows = report::export_xlsx(store, all, dir / "bench-all.xlsx");
        line(("XLSX with every raw row (" + std::to_string(rows) + ", no cap)").c_str(), timer.stop(),
             mb(file_mb(dir / "bench-all.xlsx")));
        fs::remove(dir / "bench-all.xlsx");
    }

    for (const char* name : {"bench.csv", "bench.xlsx", "bench.html"}) fs::remove(dir / name);
    if (!keep) remove_db(db);
    return 0;
}
