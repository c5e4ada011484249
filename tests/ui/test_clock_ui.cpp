// Issue 14, defect 6: every wait and interval on the kiosk runs on a monotonic clock, so a
// wall-clock jump (NTP after a flat RTC battery, IT setting the time) neither shortens nor
// stretches one. The scripted driver's `clock` step moves only the wall clock, as such a jump
// does; `idle` lets time pass on both. Entry times stay wall-clock.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "core/clock.h"
#include "kiosk_fixture.h"
#include "process.h"
#include "store/admin_pin.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;
using feedback::testing::TempDir;
using feedback::testing::write_file;

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

using Kiosk = testing::ScriptedKiosk;

// A `clock` step that moves the wall clock by `delta_ms` from the real time now.
std::string clock_step(std::int64_t delta_ms) {
    return "clock " + core::format_iso_utc(core::now_utc_ms() + delta_ms) + "\n";
}

}  // namespace

TEST_CASE("clock moved back on the comment screen: the idle reset still comes after 80 s", "[ui][clock]") {
    Kiosk kiosk;
    // The previous visitor's comment must not stay up for the next person.
    const auto r = kiosk.script("tap rating.2\ntap comment.open\ntype ช้ามาก\nexpect-screen comment\n" +
                                clock_step(-kDayMs) + "idle 59\nexpect-screen comment\nidle 2\n"
                                "expect-screen idle-warning\nidle 20\nexpect-screen welcome\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("clock moved forward on the comment screen: no early warning, no early reset", "[ui][clock]") {
    Kiosk kiosk;
    // Typing has begun: the idle warning applies (before it, the follow-up's countdown:
    // test_visitor_flow_ui.cpp).
    const auto r = kiosk.script("tap rating.2\ntap comment.open\ntype ช\n" + clock_step(kDayMs) +
                                "expect-screen comment\nidle 59\nexpect-screen comment\nidle 2\n"
                                "expect-screen idle-warning\nidle 19\nexpect-screen idle-warning\nidle 2\n"
                                "expect-screen welcome\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("clock moved back between two visitors: the next answer is not flagged as misuse", "[ui][clock]") {
    Kiosk kiosk;
    const auto r = kiosk.script("tap rating.5\ntap followup.done\nexpect-screen thankyou\nidle 6\n"
                                "expect-screen welcome\n" +
                                clock_step(-kDayMs) + "idle 30\ntap rating.4\nexpect-screen followup\n"
                                "tap followup.done\nidle 6\n"
                                // and one that really is too soon is still flagged
                                "tap rating.1\ntap followup.done\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    sqlite3* raw = db.database().handle();
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, "SELECT rating, misuse, created_utc FROM entries ORDER BY seq", -1, &stmt,
                               nullptr) == SQLITE_OK);
    std::vector<std::pair<int, int>> rows;
    std::vector<std::string> created;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        rows.emplace_back(sqlite3_column_int(stmt, 0), sqlite3_column_int(stmt, 1));
        created.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2)));
    }
    sqlite3_finalize(stmt);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::pair{5, 0});
    CHECK(rows[1] == std::pair{4, 0});  // 36 s after the previous visitor, on any clock
    CHECK(rows[2] == std::pair{1, 1});  // 6 s after: misuse
    // Entry times are still the wall clock: the second answer is dated a day earlier.
    CHECK(created[1] < created[0]);
}

TEST_CASE("clock moved back during a PIN lockout: the pad waits 30 s, not a day", "[ui][clock][admin]") {
    Kiosk kiosk;
    {
        store::Store s(kiosk.db);
        store::set_admin_pin(s, "482915", "test");
    }
    const std::string wrong = "tap pin.1\ntap pin.1\ntap pin.1\ntap pin.1\ntap pin.ok\n";
    const std::string pin = "tap pin.4\ntap pin.8\ntap pin.2\ntap pin.9\ntap pin.1\ntap pin.5\ntap pin.ok\n";
    const auto r = kiosk.script("press admin.corner 3000\n" + wrong + wrong + wrong + clock_step(-kDayMs) +
                                // 28 s, not 29: the taps themselves take real time, and on a loaded
                                // machine a second of it made the lockout end before the check.
                                "idle 28\n" + pin + "expect-screen admin-pin\n"  // still locked after 28 s
                                "idle 3\n" + pin + "expect-screen admin\n");     // open after 31 s
    INFO(r.err);
    CHECK(r.exit_code == 0);
}
