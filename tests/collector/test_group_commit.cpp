// Group commit on SQLite (storage.cpp, issue 20): concurrent writers share transactions, and
// every promise of one-transaction-per-batch still holds — each caller is answered only after
// a COMMIT holding its work, every answer is its own batch's, and a batch that fails leaves no
// trace while the others in its group are stored.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <atomic>
#include <barrier>
#include <thread>

#include "../protocol/samples.h"
#include "sqlite_storage.h"
#include "storage.h"
#include "temp_dir.h"

using namespace feedback;
using namespace feedback::collector;
using feedback::testing::TempDir;

namespace {

std::string id_for(int writer, int batch, int entry) {
    char text[80];  // room for any int the compiler imagines; the values are below 10,000
    std::snprintf(text, sizeof text, "0190f3c2-7a1b-7c3d-8e4f-%04d%04d%04d", writer, batch, entry);
    return text;
}

protocol::Batch batch_of(int writer, int batch, int size) {
    protocol::Batch b;
    b.batch_id = id_for(9999, writer, batch);
    b.device_id = "kiosk-" + std::to_string(writer);
    b.sent_utc = "2026-11-30T08:00:00.000Z";
    for (int i = 0; i < size; ++i) {
        auto e = samples::rating_entry(id_for(writer, batch, i));
        e.device_id = b.device_id;
        b.entries.push_back(e);
    }
    return b;
}

}  // namespace

TEST_CASE("concurrent batches share commits on SQLite, and each gets its own complete answer",
          "[collector][group-commit][sqlite]") {
    TempDir dir;
    SqliteStorage storage(dir / "collector.db", Storage::Mode::ReadWrite);
    constexpr int kWriters = 16, kBatches = 20, kSize = 10;
    std::barrier start(kWriters);
    std::atomic<int> wrong{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w)
        writers.emplace_back([&, w] {
            start.arrive_and_wait();
            for (int n = 0; n < kBatches; ++n) {
                const auto b = batch_of(w, n, kSize);
                const auto answer = storage.store_batch(b.device_id, b, b.entries, {}, std::string(64, 'a'), nullptr);
                bool right = answer.batch_id == b.batch_id && answer.results.size() == kSize;
                for (int i = 0; right && i < kSize; ++i)
                    right = answer.results[static_cast<std::size_t>(i)].id == b.entries[static_cast<std::size_t>(i)].id &&
                            answer.results[static_cast<std::size_t>(i)].status == protocol::AckStatus::Accepted;
                if (!right) ++wrong;
                protocol::Heartbeat hb;
                hb.device_id = b.device_id;
                storage.record_heartbeat(b.device_id, hb, "127.0.0.1:1", collector::utc_now_ms());
            }
        });
    for (auto& t : writers) t.join();

    CHECK(wrong == 0);
    CHECK(storage.entry_count() == kWriters * kBatches * kSize);
    for (int w = 0; w < kWriters; ++w) {
        const auto replay = storage.find_batch("kiosk-" + std::to_string(w), id_for(9999, w, kBatches - 1));
        REQUIRE(replay);
        CHECK(replay->response_json.find(id_for(w, kBatches - 1, 0)) != std::string::npos);
        CHECK(storage.heartbeat("kiosk-" + std::to_string(w)));
    }
    // 640 writes; with 16 writers waiting on each other's fsyncs they must have shared commits.
    INFO("commits: " << storage.commits());
    CHECK(storage.commits() < static_cast<std::uint64_t>(kWriters * kBatches * 2));

    // Re-sent, everything is a duplicate: nothing was stored twice.
    const auto again = batch_of(3, 5, kSize);
    const auto answer = storage.store_batch(again.device_id, again, again.entries, {}, std::nullopt, nullptr);
    for (const auto& ack : answer.results) CHECK(ack.status == protocol::AckStatus::Duplicate);
}

TEST_CASE("a batch that fails inside a shared commit leaves no trace and the others are stored",
          "[collector][group-commit][sqlite]") {
    TempDir dir;
    SqliteStorage storage(dir / "collector.db", Storage::Mode::ReadWrite);
    // A statement that fails inside the transaction: a trigger refusing one comment, added
    // from a second connection as a person with the sqlite3 shell could.
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((dir / "collector.db").c_str(), &db) == SQLITE_OK);
        const int rc = sqlite3_exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON entries WHEN NEW.comment = 'refuse me' "
                                        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
                                    nullptr, nullptr, nullptr);
        sqlite3_close(db);
        REQUIRE(rc == SQLITE_OK);
    }
    constexpr int kWriters = 8;
    std::barrier start(kWriters);
    std::atomic<int> failures{0}, wrong_failures{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w)
        writers.emplace_back([&, w] {
            start.arrive_and_wait();
            for (int n = 0; n < 10; ++n) {
                auto b = batch_of(w, n, 5);
                // Every odd writer's every third batch is refused on its last entry, after four
                // good inserts: the whole batch must roll back.
                const bool bad = w % 2 == 1 && n % 3 == 0;
                if (bad) b.entries.back().comment = "refuse me";
                try {
                    storage.store_batch(b.device_id, b, b.entries, {}, std::string(64, 'b'), nullptr);
                    if (bad) ++wrong_failures;
                } catch (const StorageError&) {
                    ++failures;
                    if (!bad) ++wrong_failures;
                }
            }
        });
    for (auto& t : writers) t.join();
    CHECK(wrong_failures == 0);
    CHECK(failures == 4 * 4);  // 4 odd writers x batches 0, 3, 6, 9
    CHECK(storage.entry_count() == (kWriters * 10 - 16) * 5);
    CHECK_FALSE(storage.find_batch("kiosk-1", id_for(9999, 1, 0)));  // its replay record rolled back too
    CHECK(storage.find_batch("kiosk-1", id_for(9999, 1, 1)));
}
