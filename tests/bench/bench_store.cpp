// Store benchmarks (ctest -L benchmark, or run bench_store directly). Prints figures; the
// targets are in README.md. Not a pass/fail test of speed: the machine decides the numbers,
// the printout lets a person compare them with the goals.
//
//  1. Durable commit latency of Store::add_entry (what one visitor tap costs) beside two raw
//     sqlite3 baselines with the same pragmas (WAL, synchronous=FULL) on the same disk:
//     (a) the same work — the kiosk's schema and its two INSERTs in one transaction, through
//         the bare C API: the difference is what our layer (validation, JSON, wrappers) costs;
//     (b) a minimal one-row insert into a two-column table: the floor of a durable commit.
//     Goal: p50 and p99 within 1.5x of raw (a).
//  2. demo-data rate: entries generated and bulk-written per second. Goal: 1,000,000 in < 20 s.
//
// Usage: bench_store [DIR] [--commits N] [--demo N]   (DIR defaults to the current directory,
// which should be on the disk the kiosk's database lives on; not /tmp if that is tmpfs.)
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/demo_data.h"
#include "core/entry.h"
#include "core/survey.h"
#include "store/statements.h"
#include "store/store.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace feedback;

namespace {

struct Percentiles {
    double p50_ms, p99_ms, max_ms;
};

Percentiles percentiles(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    auto at = [&](double q) { return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))]; };
    return {at(0.50), at(0.99), samples.back()};
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void remove_db(const fs::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

std::vector<double> raw_inserts(const fs::path& path, int count) {
    remove_db(path);
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                 "CREATE TABLE t (id TEXT PRIMARY KEY, rating INTEGER, created TEXT);",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?1, ?2, ?3)", -1, &stmt, nullptr);
    std::vector<double> samples;
    for (int i = 0; i < count; ++i) {
        const auto e = core::make_rating_entry(1 + i % 5, "bench", "1", "th");
        const auto start = Clock::now();
        sqlite3_bind_text(stmt, 1, e.id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(stmt, 2, *e.rating);
        sqlite3_bind_text(stmt, 3, "2026-01-01T00:00:00.000Z", -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_DONE) std::fprintf(stderr, "raw insert failed\n");
        sqlite3_reset(stmt);
        samples.push_back(ms_since(start));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    remove_db(path);
    return samples;
}

// Baseline (a): the store's own schema and statements (store/statements.h), bound directly.
std::vector<double> raw_same_work(const fs::path& path, int count) {
    remove_db(path);
    { store::Store schema(path); }  // creates the schema, then closes
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", nullptr, nullptr,
                 nullptr);
    sqlite3_stmt *insert = nullptr, *queue = nullptr, *begin = nullptr, *commit = nullptr;
    sqlite3_prepare_v2(db, store::sql::kInsertEntry, -1, &insert, nullptr);
    sqlite3_prepare_v2(db, store::sql::kQueueEntry, -1, &queue, nullptr);
    sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr);
    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
    std::vector<double> samples;
    for (int i = 0; i < count; ++i) {
        const auto e = core::make_rating_entry(1 + i % 5, "bench", "1", "th");
        const auto start = Clock::now();
        sqlite3_step(begin);
        sqlite3_reset(begin);
        const char* texts[] = {e.id.c_str(), "rating", "2026-01-01T00:00:00.000Z"};
        sqlite3_bind_text(insert, 1, texts[0], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, texts[1], -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, texts[2], -1, SQLITE_STATIC);
        sqlite3_bind_int(insert, 4, 420);
        sqlite3_bind_text(insert, 5, "bench", -1, SQLITE_STATIC);
        sqlite3_bind_null(insert, 6);
        sqlite3_bind_int(insert, 7, *e.rating);
        sqlite3_bind_text(insert, 8, "{}", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 9, "[\"fast\"]", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 10, "", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 11, "th", -1, SQLITE_STATIC);
        sqlite3_bind_int(insert, 12, 0);
        sqlite3_bind_text(insert, 13, "closed", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 14, "1", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 15, "kiosk", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 16, texts[2], -1, SQLITE_STATIC);
        sqlite3_bind_int(insert, 17, 0);
        sqlite3_bind_text(insert, 18, "{}", -1, SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) std::fprintf(stderr, "raw insert failed\n");
        sqlite3_reset(insert);
        sqlite3_bind_int64(queue, 1, sqlite3_last_insert_rowid(db));
        sqlite3_bind_text(queue, 2, texts[2], -1, SQLITE_STATIC);
        if (sqlite3_step(queue) != SQLITE_DONE) std::fprintf(stderr, "raw queue failed\n");
        sqlite3_reset(queue);
        sqlite3_step(commit);
        sqlite3_reset(commit);
        samples.push_back(ms_since(start));
    }
    for (auto* stmt : {insert, queue, begin, commit}) sqlite3_finalize(stmt);
    sqlite3_close(db);
    remove_db(path);
    return samples;
}

std::vector<double> store_commits(const fs::path& path, int count) {
    remove_db(path);
    std::vector<double> samples;
    {
        store::Store store(path);
        for (int i = 0; i < count; ++i) {
            auto e = core::make_rating_entry(1 + i % 5, "bench", "1", "th");
            e.state = core::SessionState::Closed;
            e.reasons = {"fast"};
            const auto start = Clock::now();
            store.add_entry(e);
            samples.push_back(ms_since(start));
        }
    }
    remove_db(path);
    return samples;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir = fs::current_path();
    int commits = 500;
    long long demo = 1'000'000;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--commits" && i + 1 < argc) commits = std::atoi(argv[++i]);
        else if (arg == "--demo" && i + 1 < argc) demo = std::atoll(argv[++i]);
        else dir = arg;
    }
    fs::create_directories(dir);
    const fs::path db = dir / "bench-store.db";

    // Interleave the measurements in rounds so that disk weather affects all alike.
    std::vector<double> raw, same, ours;
    for (int round = 0; round < 4; ++round) {
        auto r = raw_inserts(db, commits / 4);
        auto w = raw_same_work(db, commits / 4);
        auto o = store_commits(db, commits / 4);
        raw.insert(raw.end(), r.begin(), r.end());
        same.insert(same.end(), w.begin(), w.end());
        ours.insert(ours.end(), o.begin(), o.end());
    }
    const auto pr = percentiles(raw), pw = percentiles(same), po = percentiles(ours);
    std::printf("durable commit, %d each, in %s\n", commits, dir.c_str());
    std::printf("  raw sqlite3, same schema+statements p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", pw.p50_ms, pw.p99_ms, pw.max_ms);
    std::printf("  raw sqlite3, one-row table          p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", pr.p50_ms, pr.p99_ms, pr.max_ms);
    std::printf("  Store::add_entry                    p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms\n", po.p50_ms, po.p99_ms, po.max_ms);
    std::printf("  ratio to same work (goal <= 1.5)    p50 %7.2f x   p99 %7.2f x\n", po.p50_ms / pw.p50_ms, po.p99_ms / pw.p99_ms);
    std::printf("  ratio to one-row table              p50 %7.2f x   p99 %7.2f x\n", po.p50_ms / pr.p50_ms, po.p99_ms / pr.p99_ms);

    if (demo > 0) {
        remove_db(db);
        const auto survey = core::default_survey();
        core::DemoParams params;
        params.count = demo;
        params.first = {2025, 10, 1};
        params.last = {2026, 9, 30};
        const auto start = Clock::now();
        {
            store::Store store(db);
            core::DemoGenerator generator(survey, params);
            store::Store::BulkWriter writer(store);
            while (generator.has_next()) writer.add(generator.next());
            writer.finish();
        }
        const double seconds = ms_since(start) / 1000.0;
        std::printf("demo-data: %lld entries in %.2f s = %.0f entries/s (goal: 1,000,000 in < 20 s); database %.1f MB\n",
                    demo, seconds, static_cast<double>(demo) / seconds,
                    static_cast<double>(fs::file_size(db)) / 1e6);
        remove_db(db);
    }
    return 0;
}
