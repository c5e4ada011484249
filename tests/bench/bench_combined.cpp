// Combined report benchmark (issue 19; ctest -L benchmark, or run bench_combined directly):
// the office's report at the centre over 1,000,000 entries from 50 kiosks, beside the kiosk's
// own report over the same entries. Goal (README.md): the collector's within 1.5x of the kiosk's.
// Not a pass/fail test: the machine decides the numbers; the printout lets a person compare.
//
// The same entries on both sides: 50 kiosks' demo half-years are written into one kiosk
// database (the kiosk's own BulkWriter), then copied into a collector database with one
// INSERT … SELECT in one transaction (as if each kiosk had delivered its own), every kiosk placed
// in one office. Then, each timed as `report --format json` is (the document and its JSON):
//   kiosk:     report::compute_document over the kiosk store
//   collector: combined_document over the office (its 50 kiosks and its paper), and over '*'
//
// Usage: bench_combined [DIR] [--count N] [--runs N] [--keep]
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "combined_report.h"
#include "core/demo_data.h"
#include "core/likert.h"
#include "core/period.h"
#include "core/survey.h"
#include "report/json_export.h"
#include "report/store_input.h"
#include "sqlite_console_store.h"
#include "storage.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace feedback;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kKiosks = 50;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void remove_db(const fs::path& db) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix);
}

std::string device(int i) {
    char name[16];
    std::snprintf(name, sizeof name, "kiosk-%02d", i);
    return name;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir = ".";
    long long count = 1'000'000;
    int runs = 3;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--count" && i + 1 < argc) count = std::atoll(argv[++i]);
        else if (arg == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--keep") keep = true;
        else dir = arg;
    }
    fs::create_directories(dir);
    const fs::path kiosk_db = dir / "bench-combined-kiosk.db";
    const fs::path collector_db = dir / "bench-combined-collector.db";
    const auto survey = core::default_survey();
    const auto period = core::parse_period("2569-H1");
    const core::LikertScale scale;

    bool reuse = false;
    if (keep && fs::exists(kiosk_db) && fs::exists(collector_db)) {
        store::Store existing(kiosk_db, {.check_integrity = false});
        collector::Storage copied(collector_db);
        reuse = existing.database().query_int("SELECT count(*) FROM entries") == count && copied.entry_count() == count;
    }
    if (!reuse) {
        remove_db(kiosk_db);
        remove_db(collector_db);
        auto start = Clock::now();
        {
            store::Store store(kiosk_db);
            store::Store::BulkWriter writer(store, 1'000'000);  // one transaction for all
            for (int k = 1; k <= kKiosks; ++k) {
                core::DemoParams params;
                params.count = count / kKiosks + (k <= count % kKiosks ? 1 : 0);
                params.first = period.first;
                params.last = period.last;
                params.device_id = device(k);
                params.seed = 2569u + static_cast<unsigned>(k);
                core::DemoGenerator generator(survey, params);
                while (generator.has_next()) {
                    auto e = generator.next();
                    e.state = core::SessionState::Closed;
                    writer.add(e);
                }
            }
            writer.finish();
        }
        std::printf("demo-data: %lld entries from %d kiosks written in %.1f s\n", count, kKiosks, seconds_since(start));

        start = Clock::now();
        {
            collector::Storage storage(collector_db);
            console::SqliteConsoleStore console(collector_db);
            console.add_office({"bench", "สำนักงานทดสอบ", "Bench office"});
            std::vector<std::pair<std::string, std::string>> map;
            for (int k = 1; k <= kKiosks; ++k) map.emplace_back(device(k), "bench");
            console.set_device_offices(map);
        }
        // One transaction, one statement: what the kiosks would have delivered, batch by batch.
        sqlite3* db = nullptr;
        sqlite3_open(collector_db.c_str(), &db);
        const std::string attach = "ATTACH DATABASE '" + kiosk_db.string() + "' AS kiosk";
        const char* copy =
            "BEGIN;"
            "INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, service_point, rating, "
            "  dimensions, reasons, comment, language, misuse, survey_version, channel, profile, "
            "  received_utc, received_from, batch_id) "
            "SELECT id, kind, created_utc, utc_offset_min, device_id, COALESCE(service_point, ''), rating, dimensions, "
            "  reasons, COALESCE(comment, ''), language, misuse, COALESCE(survey_version, ''), channel, profile, "
            "  created_utc, device_id, 'bench' "
            "FROM kiosk.entries ORDER BY seq;"
            "COMMIT;";
        char* message = nullptr;
        if (sqlite3_exec(db, attach.c_str(), nullptr, nullptr, &message) != SQLITE_OK ||
            sqlite3_exec(db, copy, nullptr, nullptr, &message) != SQLITE_OK) {
            std::fprintf(stderr, "copying the entries failed: %s\n", message ? message : "");
            return 1;
        }
        sqlite3_close(db);
        std::printf("collector: %lld entries copied in %.1f s\n", count, seconds_since(start));
    }

    store::Store kiosk(kiosk_db, {.check_integrity = false});
    collector::Storage storage(collector_db);
    console::SqliteConsoleStore console(collector_db);

    report::ReportOptions options;
    options.office_name = "สำนักงานทดสอบ";
    options.office_name_en = "Bench office";
    std::vector<double> kiosk_times, office_times, all_times;
    std::int64_t kiosk_n = 0, office_n = 0, all_n = 0;
    std::size_t bytes = 0;
    // Warm both files' pages once, so the figures compare the reports, not the first disk read.
    report::compute_report(kiosk, period, survey, scale, options);
    {
        collector::CollectorReportInput warm(storage, std::nullopt);
        report::compute_report(warm, period, survey, scale, options);
    }
    for (int run = 0; run < runs; ++run) {
        auto start = Clock::now();
        const auto k = report::render_json(report::compute_document(kiosk, period, survey, scale, options));
        kiosk_times.push_back(seconds_since(start));
        kiosk_n = report::compute_report(kiosk, period, survey, scale, options).respondents();
        bytes = k.size();

        for (const std::string office : {"bench", "*"}) {
            collector::CombinedReportRequest request;
            request.office = office;
            request.period = period;
            request.survey = survey;
            request.scale = scale;
            request.options = options;
            start = Clock::now();
            const auto selection = collector::combined_selection(console, request);
            collector::CollectorReportInput input(storage, selection.sources);
            const auto document = collector::combined_document(input, console, request);
            const auto c = report::render_json(document);
            (office == "*" ? all_times : office_times).push_back(seconds_since(start));
            (office == "*" ? all_n : office_n) = document.respondents();
        }
    }
    const double k = median(kiosk_times), o = median(office_times), a = median(all_times);
    std::printf("kiosk report (document + JSON, %lld entries, %zu bytes): %.3f s (median of %d), %lld respondents\n",
                count, bytes, k, runs, static_cast<long long>(kiosk_n));
    std::printf("combined report, office of %d kiosks: %.3f s = %.2fx the kiosk's (goal: within 1.5x), %lld respondents\n",
                kKiosks, o, o / k, static_cast<long long>(office_n));
    std::printf("combined report, every office ('*'):  %.3f s = %.2fx the kiosk's, %lld respondents\n", a, a / k,
                static_cast<long long>(all_n));
    if (kiosk_n != office_n || kiosk_n != all_n) {
        std::fprintf(stderr, "the reports disagree on the respondents: kiosk %lld, office %lld, all %lld\n",
                     static_cast<long long>(kiosk_n), static_cast<long long>(office_n), static_cast<long long>(all_n));
        return 1;
    }
    if (!keep) {
        remove_db(kiosk_db);
        remove_db(collector_db);
    }
    return 0;
}
