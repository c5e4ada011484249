// What wakes the daemon: a commit by another connection, a changed token file, a stop request.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "../store/store_fixtures.h"
#include "events.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using namespace std::chrono_literals;
using feedback::testing::TempDir;
using Clock = std::chrono::steady_clock;

TEST_CASE("a commit by another process's connection wakes the watcher", "[events]") {
    TempDir dir;
    store::Store ui(dir / "k.db");  // the kiosk window's connection
    sync::StopSignal stop;
    sync::Watcher watcher;
    REQUIRE(watcher.watch(dir / "k.db", 1));
    REQUIRE(watcher.watch(dir / "k.db-wal", 1));
    REQUIRE(watcher.watch(dir / "token", 2));
    watcher.drain();

    // Nothing happens: the wait runs to its timeout and reports nothing.
    auto t0 = Clock::now();
    CHECK(sync::wait_for(stop, &watcher, 1, 100ms) == 0);
    CHECK(Clock::now() - t0 >= 100ms);

    // Another file in the same directory (the local collector's database) does not wake it.
    testing::write_file(dir / "collector.db", "x");
    CHECK(sync::wait_for(stop, &watcher, 1, 100ms) == 0);

    std::thread writer([&] {
        std::this_thread::sleep_for(50ms);
        ui.add_entry(testing::sample_entry());
    });
    t0 = Clock::now();
    const unsigned fired = sync::wait_for(stop, &watcher, 1, 10s);
    writer.join();
    CHECK(fired == 1);
    CHECK(Clock::now() - t0 < 5s);

    // Changes under a tag it was not asked to wake on are consumed, not reported.
    ui.add_entry(testing::sample_entry());
    CHECK(sync::wait_for(stop, &watcher, 2, 100ms) == 0);

    testing::write_file(dir / "token", "t");
    CHECK(sync::wait_for(stop, &watcher, 2, 5s) == 2);
    ::chmod((dir / "token").c_str(), 0600);  // chmod alone is a change too
    CHECK(sync::wait_for(stop, &watcher, 2, 5s) == 2);
}

TEST_CASE("SIGTERM and SIGINT end a wait promptly and set the stop flag", "[events]") {
    for (int sig : {SIGTERM, SIGINT}) {
        sync::StopSignal stop;
        CHECK_FALSE(stop.requested());
        std::thread killer([sig] {
            std::this_thread::sleep_for(50ms);
            ::kill(::getpid(), sig);
        });
        const auto t0 = Clock::now();
        CHECK(sync::wait_for(stop, nullptr, 0, 30s) == 0);
        killer.join();
        CHECK(Clock::now() - t0 < 5s);
        CHECK(stop.requested());
        CHECK(stop.flag().load());
    }
}

TEST_CASE("only one StopSignal at a time", "[events]") {
    sync::StopSignal first;
    CHECK_THROWS_AS(sync::StopSignal(), std::logic_error);
}
