// The console's waits when the collector's wall clock steps: the real `feedback-collector serve`
// under libfaketime (Debian package `faketime`), its wall clock moved by the test while it runs
// and its monotonic clocks left real, which is what an NTP step or IT setting the date does.
// A lockout must last its real length and a session its real idle time whatever the wall clock
// does (sync/console/auth.h), while the audit trail keeps the wall clock's dates.
//
// libfaketime reads the offset from FAKETIME_TIMESTAMP_FILE on every clock call
// (FAKETIME_NO_CACHE=1); the test replaces that file atomically (rename) to step the clock.
// Under the sanitizers the preloaded libfaketime comes before the ASan runtime, which ASan
// refuses unless verify_asan_link_order=0 (as ${FEEDBACK_TEST_ENV} does in tests/CMakeLists.txt;
// set here for the child too, since the "-pg" run of this suite does not carry that property).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "console_fixture.h"
#include "dates.h"
#include "process.h"

using namespace feedback;
using namespace feedback::testing;

namespace {

const std::string kBin = FEEDBACK_COLLECTOR_BIN;
constexpr int kLockoutSeconds = 4;  // serve --lockout-seconds: the first lockout, in real time

std::string libfaketime() {
    std::error_code ec;
    for (const auto& dir : std::filesystem::directory_iterator("/usr/lib", ec)) {
        const auto lib = dir.path() / "faketime" / "libfaketime.so.1";
        if (std::filesystem::exists(lib)) return lib.string();
    }
    return {};
}

// The collector's wall clock: real time plus an offset the test sets while it runs.
class SteppedWallClock {
public:
    explicit SteppedWallClock(std::filesystem::path file) : file_(std::move(file)) { set(0); }
    void set(int offset_seconds) {
        const auto temp = file_.string() + ".new";
        {
            std::ofstream out(temp, std::ios::trunc);
            out << (offset_seconds < 0 ? "" : "+") << offset_seconds << "\n";
            REQUIRE(out.good());
        }
        std::filesystem::rename(temp, file_);  // a reader sees the old offset or the new one
    }
    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_;
};

// `feedback-collector serve` on a free port of 127.0.0.1 under `clock`.
class FakedCollector {
public:
    FakedCollector(const ConsoleWorld& world, const SteppedWallClock& clock, const std::string& lib)
        : process_({kBin, "serve", "--listen", "127.0.0.1:0", "--db", world.db, "--tokens", world.tokens.string(),
                    "--lockout-seconds", std::to_string(kLockoutSeconds)},
                   {"LD_PRELOAD=" + lib, "FAKETIME_TIMESTAMP_FILE=" + clock.file().string(), "FAKETIME_NO_CACHE=1",
                    "FAKETIME_DONT_FAKE_MONOTONIC=1", "ASAN_OPTIONS=" + asan_options()}) {
        static const std::regex serving(R"(serving HTTP on 127\.0\.0\.1:([0-9]+),)");
        while (const auto line = process_.read_stderr_line(30'000)) {
            std::smatch m;
            if (std::regex_search(*line, m, serving)) {
                port_ = std::stoi(m[1].str());
                return;
            }
        }
        FAIL("feedback-collector serve did not start: " << process_.wait().err);
    }
    // SIGTERM, so that it closes its database connections before the test's database goes.
    ~FakedCollector() {
        process_.kill(SIGTERM);
        process_.wait();
    }
    FakedCollector(const FakedCollector&) = delete;
    FakedCollector& operator=(const FakedCollector&) = delete;
    int port() const { return port_; }

private:
    static std::string asan_options() {
        const char* given = std::getenv("ASAN_OPTIONS");
        return std::string(given && *given ? std::string(given) + ":" : "") + "verify_asan_link_order=0";
    }
    Process process_;
    int port_ = 0;
};

std::int64_t real_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

TEST_CASE("collector_clock reads as the wall clock while nobody steps it, and never goes back",
          "[console][clock]") {
    const auto wall_ms = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    const auto clock_ms = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(console::collector_clock().time_since_epoch())
            .count();
    };
    const auto before = wall_ms();
    const auto a = clock_ms();
    const auto b = clock_ms();
    const auto after = wall_ms();
    // Milliseconds since 1970, as the stores and other collectors expect (NTP's slewing while
    // this test ran could part them by a few milliseconds, never by a second).
    CHECK(a > before - 1000);
    CHECK(a < after + 1000);
    CHECK(b >= a);
}

// Each case starts its own collector under its own clock file: the lockout counts this address
// too, so one case's lockout would leak into the next.
struct SteppedCollector {
    std::string lib = libfaketime();
    ConsoleWorld world;
    SteppedWallClock wall{world.dir / "faketime-offset"};
    std::unique_ptr<FakedCollector> collector;
    std::unique_ptr<Browser> browser;

    bool start() {
        if (lib.empty()) return false;
        collector = std::make_unique<FakedCollector>(world, wall, lib);
        browser = std::make_unique<Browser>(collector->port());
        return true;
    }
    // Five wrong passwords: the fifth locks officer-n (and this address) for kLockoutSeconds.
    std::chrono::steady_clock::time_point lock_out() {
        for (int i = 0; i < 4; ++i) REQUIRE(browser->sign_in("officer-n", "wrong password!")->status == 401);
        const auto fifth_sent = std::chrono::steady_clock::now();
        REQUIRE(browser->sign_in("officer-n", "wrong password!")->status == 401);
        return fifth_sent;
    }
    // A sign-in with the right password refused by the lockout, which says it has at most the
    // lockout's own length left.
    void expect_locked() {
        const auto r = browser->sign_in("officer-n");
        REQUIRE(r);
        CHECK(r->status == 429);
        CHECK(contains(r->body, "id=\"lockout\""));
        REQUIRE(r->has_header("Retry-After"));
        CHECK(std::stoll(r->get_header_value("Retry-After")) <= kLockoutSeconds);
    }
    // Whether the audit trail has `action` at the wall clock `offset` seconds from the real one.
    bool audited_at(const std::string& action, int offset) {
        const auto store = console::open_console_store(world.db);
        for (const auto& a : store->audit("*", 1000)) {
            const auto at = console::parse_utc(a.at_utc);
            REQUIRE(at);
            if (a.action == action && std::abs(*at - (real_now_s() + offset)) < 120) return true;
        }
        return false;
    }
};

#define SKIP_WITHOUT_FAKETIME(stepped)                                                      \
    if (!(stepped).start()) {                                                               \
        WARN("faketime is not installed (deploy/install-deps.sh installs it): not run"); \
        return;                                                                             \
    }

TEST_CASE("a wall clock stepped 2 hours forward does not end a sign-in lockout", "[console][clock][lockout]") {
    SteppedCollector c;
    SKIP_WITHOUT_FAKETIME(c);
    c.lock_out();
    // On the wall clock the lockout would be long over. It is not.
    c.wall.set(+7200);
    c.expect_locked();
    // What people read as a date stays the wall clock's: the refusal is audited 2 hours ahead.
    CHECK(c.audited_at("sign-in-locked", +7200));
}

TEST_CASE("a wall clock stepped 2 hours back does not stretch a sign-in lockout", "[console][clock][lockout]") {
    SteppedCollector c;
    SKIP_WITHOUT_FAKETIME(c);
    const auto fifth_sent = c.lock_out();
    c.wall.set(-7200);
    c.expect_locked();
    // It ends once its real length has passed. A refused try is no wrong password (it changes
    // nothing), so the test asks until it gets in, for at most 5 s beyond the lockout.
    using steady = std::chrono::steady_clock;
    int status = 0;
    while (steady::now() < fifth_sent + std::chrono::seconds(kLockoutSeconds + 5)) {
        status = c.browser->sign_in("officer-n")->status;
        if (status != 429) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    const auto signed_in = steady::now();
    REQUIRE(status == 303);
    CHECK(signed_in >= fifth_sent + std::chrono::seconds(kLockoutSeconds));  // and not before
    CHECK(c.browser->get("/console/complaints")->status == 200);
    CHECK(c.audited_at("sign-in", -7200));
}

TEST_CASE("a console session survives the wall clock stepped 2 hours forward", "[console][clock][session]") {
    SteppedCollector c;
    SKIP_WITHOUT_FAKETIME(c);
    REQUIRE(c.browser->sign_in("officer-n")->status == 303);
    REQUIRE(c.browser->get("/console/complaints")->status == 200);
    // Far beyond the 30 minutes' idle time on the wall clock, a few milliseconds on the real one.
    c.wall.set(+7200);
    const auto r = c.browser->get("/console/complaints");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(contains(r->body, "id=\"logout-form\""));
    // And back again (4 hours back from there): still the same session.
    c.wall.set(-7200);
    CHECK(c.browser->get("/console/complaints")->status == 200);
    CHECK(c.audited_at("sign-in", 0));
}

TEST_CASE("serve --lockout-seconds takes 1 to 3600", "[console][clock][cli]") {
    TempDir dir;
    const auto db = (dir / "c.db").string();
    CHECK(run({kBin, "serve", "--db", db, "--lockout-seconds", "0"}).exit_code == 2);
    CHECK(run({kBin, "serve", "--db", db, "--lockout-seconds", "3601"}).exit_code == 2);
    CHECK(run({kBin, "serve", "--db", db, "--lockout-seconds", "x"}).exit_code == 2);
    const auto help = run({kBin, "serve", "--help"});
    CHECK(contains(help.out, "--lockout-seconds"));
    CHECK(contains(help.out, "FEEDBACK_CONSOLE_LOCKOUT_SECONDS"));
}
