// Sync benchmark (ctest -L benchmark, or run bench_sync directly). Prints figures; the goals are
// in README.md. Not a pass/fail test of speed: the machine decides the numbers, the printout lets
// a person compare them with the goals.
//
//  1. Draining a backlog: N entries (default 100,000, realistic demo data) pending in a kiosk
//     database, sent by the sync daemon's own loop (Daemon::run_once, in-process, default batch
//     size 200) to a feedback-collector on 127.0.0.1 that stores them in its SQLite database.
//     Goal: >= 20,000 entries/s, end to end (store read, JSON, gzip, HTTP, collector insert,
//     acknowledgement recorded).
//  2. Bytes on the wire per entry: the gzip'ed bodies, and bodies plus request headers.
//     Goal: <= 120 B per entry (gzip).
//  3. The very same request bodies sent by the curl command-line tool to a fresh collector, one
//     curl process per batch in a loop, timed: what a shell-script uploader would achieve, and
//     a check that the daemon's bytes are what curl would send.
//
// Usage: bench_sync [DIR] [--entries N] [--batch N]   (DIR defaults to the current directory,
// which should be on the disk the kiosk's database lives on; not /tmp if that is tmpfs.)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "../sync/sync_harness.h"
#include "core/default_survey.h"
#include "core/demo_data.h"
#include "daemon.h"
#include "log.h"
#include "process.h"
#include "store/store.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace feedback;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void fill(const fs::path& db, long long count) {
    const auto survey = core::default_survey();
    core::DemoParams params;
    params.count = count;
    params.first = {2025, 10, 1};
    params.last = {2026, 3, 31};
    params.device_id = "kiosk-bench";
    core::DemoGenerator gen(survey, params);
    store::Store s(db);
    store::Store::BulkWriter writer(s, 50'000);
    while (gen.has_next()) writer.add(gen.next());
    writer.finish();
}

struct CurlRun {
    double seconds = 0;
    std::size_t header_bytes = 0;
    std::size_t body_bytes = 0;
    int failures = 0;
};

// One curl process per saved batch body, as a shell loop would run them.
CurlRun curl_loop(const std::string& url, const std::vector<fs::path>& files,
                  const std::vector<std::string>& batch_ids) {
    CurlRun run;
    const auto start = Clock::now();
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto r = testing::run({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w",
                                     "%{http_code} %{size_request} %{size_upload}", "--data-binary",
                                     "@" + files[i].string(), "-H", "Content-Type: application/json",
                                     "-H", "Content-Encoding: gzip", "-H", "Expect:", "-H",
                                     "Idempotency-Key: " + batch_ids[i], url});
        unsigned code = 0;
        unsigned long request = 0, upload = 0;
        if (r.exit_code != 0 ||
            std::sscanf(r.out.c_str(), "%u %lu %lu", &code, &request, &upload) != 3 || code != 200) {
            ++run.failures;
            continue;
        }
        // curl's size_request counts the headers and the body sent with them.
        run.header_bytes += request - std::min(request, upload);
        run.body_bytes += upload;
    }
    run.seconds = seconds_since(start);
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir = fs::current_path();
    long long entries = 100'000;
    std::size_t batch = 200;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--entries" && i + 1 < argc) entries = std::atoll(argv[++i]);
        else if (arg == "--batch" && i + 1 < argc) batch = static_cast<std::size_t>(std::atoll(argv[++i]));
        else dir = arg;
    }
    const fs::path work = dir / "bench-sync-run";
    fs::remove_all(work);
    fs::create_directories(work / "payloads");

    std::printf("sync benchmark: %lld entries, batch size %zu, in %s\n", entries, batch, work.c_str());
    auto t = Clock::now();
    fill(work / "kiosk.db", entries);
    std::printf("  backlog written in %.1f s\n", seconds_since(t));

    // 1 + 2: the daemon's own loop.
    std::vector<std::string> bodies, batch_ids;
    sync::RunSummary summary;
    double drain_s = 0;
    {
        testing::CollectorProcess collector(work / "collector.db", work / "collector.log");
        store::Store kiosk(work / "kiosk.db");
        sync::StopSignal stop;
        sync::DaemonSettings settings;
        settings.device_id = "kiosk-bench";
        settings.app_version = "bench";
        settings.upload.endpoint = collector.url();
        settings.retry.batch_size = batch;
        settings.on_batch = [&](const protocol::Batch& b, std::string_view body) {
            batch_ids.push_back(b.batch_id);
            bodies.emplace_back(body);
        };
        sync::Daemon daemon(kiosk, settings, stop);
        t = Clock::now();
        summary = daemon.run_once();
        drain_s = seconds_since(t);
    }
    if (summary.sent != entries || summary.counts.pending != 0) {
        std::printf("FAILED: sent %lld of %lld (%s)\n", static_cast<long long>(summary.sent), entries,
                    summary.last_problem.c_str());
        return 1;
    }
    const double n = static_cast<double>(entries);
    const double body_per_entry = static_cast<double>(summary.request_body_bytes) / n;
    const double wire_per_entry =
        static_cast<double>(summary.request_body_bytes + summary.request_header_bytes) / n;
    std::printf("\n  feedback-sync drain: %lld entries in %zu batches, %.2f s -> %.0f entries/s  "
                "(goal >= 20,000/s)\n",
                entries, bodies.size(), drain_s, n / drain_s);
    std::printf("    request bytes per entry: %.1f B gzip body (goal <= 120 B), %.1f B with headers; "
                "response %.1f B; TCP connections opened: %ld\n",
                body_per_entry, wire_per_entry, static_cast<double>(summary.response_bytes) / n,
                summary.new_connections);

    // 3: the same bodies with the curl CLI, to a fresh collector (so it stores them anew).
    std::vector<fs::path> files;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        files.push_back(work / "payloads" / (std::to_string(i) + ".json.gz"));
        testing::write_file(files.back(), bodies[i]);
    }
    CurlRun curl;
    {
        testing::CollectorProcess collector(work / "collector-curl.db", work / "collector-curl.log");
        curl = curl_loop(collector.url(), files, batch_ids);
    }
    std::printf("  curl CLI, same %zu bodies, one process per batch: %.2f s -> %.0f entries/s; "
                "%.1f B gzip body + %.1f B headers per entry; %d failed\n",
                files.size(), curl.seconds, n / curl.seconds, static_cast<double>(curl.body_bytes) / n,
                static_cast<double>(curl.header_bytes) / n, curl.failures);
    std::printf("\n  ratio: feedback-sync is %.1fx the curl loop's rate\n",
                (n / drain_s) / (n / curl.seconds));
    fs::remove_all(work);
    return curl.failures == 0 ? 0 : 1;
}
