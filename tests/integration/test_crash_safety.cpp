// "Nothing is lost": kill -9 in the middle of many `record` calls never damages the database,
// and every call that exited 0 (and so printed its id) is in it.
#include <signal.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <thread>

#include "process.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::Process;
using feedback::testing::TempDir;

TEST_CASE("kill -9 during record calls never corrupts or loses a confirmed entry", "[crash]") {
    // 10,000 calls by default (the figure); FEEDBACK_CRASH_CALLS makes a quick run.
    const char* override_calls = std::getenv("FEEDBACK_CRASH_CALLS");
    const int calls = override_calls ? std::atoi(override_calls) : 10'000;
    TempDir dir;
    const auto db = (dir / "crash.db").string();
    const std::vector<std::string> env = {"XDG_CONFIG_HOME=" + (dir / "c").string()};

    std::mt19937 rng(20261127);
    // A record call takes ~10-20 ms here; delays up to 25 ms land kills before, during and after
    // its commit.
    std::uniform_int_distribution<int> delay_us(0, 25'000);
    std::vector<std::string> confirmed;
    int killed = 0;
    // Two processes at a time, as the UI and a script might be; every 8th call of one of them
    // is killed after a random delay, landing before, during or after its commit.
    for (int i = 0; i < calls; i += 2) {
        Process a({FEEDBACK_KIOSK_BIN, "record", "--rating", std::to_string(1 + i % 5), "--db", db}, env);
        Process b({FEEDBACK_KIOSK_BIN, "record", "--rating", "3", "--comment", "ทดสอบ", "--db", db}, env);
        if (i % 16 == 0) {
            std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
            a.kill(SIGKILL);
        }
        for (Process* p : {&a, &b}) {
            const auto result = p->wait();
            if (result.exit_code == 0) {
                REQUIRE(result.out.size() >= 36);
                confirmed.push_back(result.out.substr(0, 36));
            } else if (result.signal == SIGKILL) {
                ++killed;
            } else {
                FAIL("record failed: " << result.err);
            }
        }
    }
    CHECK(killed > 0);

    store::StoreOptions strict;
    strict.recover_corrupt = false;
    store::Store store(db, strict);
    CHECK(store.database().query_text("PRAGMA integrity_check") == "ok");
    for (const auto& id : confirmed) {
        INFO(id);
        REQUIRE(store.find_entry(id));
    }
    CHECK(store.status().entries >= static_cast<std::int64_t>(confirmed.size()));
    // Killed calls whose commit had already happened are in the database too (they never
    // printed their id); that is allowed — what may never happen is a confirmed one missing.
    WARN(calls << " calls: " << confirmed.size() << " confirmed, " << killed << " killed, "
               << store.status().entries - static_cast<std::int64_t>(confirmed.size())
               << " killed after their commit");
    CHECK(store.status().sync.pending == store.status().entries);
}
