// Issue 16, item 1: one visitor, one entry. A queue forms at the counter: the follow-up returns
// to Welcome by itself after session.followup_timeout_s (20 s) with the answer kept, the next
// visitor can start their own answer from the previous visitor's follow-up in one tap, and the
// misuse rule measures from the previous visitor's last touch (REPORT.md, "Misuse"). All
// timers run on the monotonic clock: the driver's `clock` step (wall clock only) moves none.
#include <catch2/catch.hpp>

#include <string>

#include "core/clock.h"
#include "kiosk_fixture.h"
#include "png_image.h"
#include "store/store.h"

using namespace feedback;

namespace {

using Kiosk = testing::ScriptedKiosk;

// rating:reasons:state:misuse of every entry, in the order stored.
std::string entries(const std::string& db_path) {
    store::Store db(db_path);
    return db.database().query_text(
        "SELECT coalesce(group_concat(rating || ':' || reasons || ':' || session_state || ':' || misuse, ' '), '') "
        "FROM (SELECT * FROM entries ORDER BY seq)");
}

}  // namespace

TEST_CASE("two visitors: the second starts from the follow-up 8 s later and the reason is theirs", "[ui][queue]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap rating.2\n"        // the first visitor taps a face and walks away
        "idle 8\n"
        "expect-screen followup\n"
        "tap followup.new.4\n"  // the second visitor finds the follow-up and taps their own face
        "expect-screen followup\n"
        "tap reason.fast\n"     // a reason for 4: only the second visitor's entry can take it
        "tap followup.done\n"
        "expect-screen thankyou\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // Two entries, the first closed as it stood, the reason on the second; neither flagged.
    CHECK(entries(kiosk.db) == "2:[]:closed:0 4:[\"fast\"]:closed:0");
}

TEST_CASE("the follow-up returns to Welcome after its timeout, the answer kept, whatever the wall clock does",
          "[ui][queue][clock]") {
    Kiosk kiosk;
    const auto back_a_day = "clock " + core::format_iso_utc(core::now_utc_ms() - 86'400'000) + "\n";
    const auto r = kiosk.script(
        "tap rating.3\n"
        "tap reason.long_wait\n" + back_a_day +  // a wall-clock jump must not stretch the countdown
        "idle 19\n"
        "expect-screen followup\n"
        "idle 1\n"
        "expect-screen welcome\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(entries(kiosk.db) == "3:[\"long_wait\"]:closed:0");
}

TEST_CASE("a wall clock moved forward does not shorten the follow-up's countdown", "[ui][queue][clock]") {
    Kiosk kiosk;
    const auto ahead_a_day = "clock " + core::format_iso_utc(core::now_utc_ms() + 86'400'000) + "\n";
    const auto r = kiosk.script("tap rating.4\n" + ahead_a_day + "idle 19\nexpect-screen followup\nidle 1\n"
                                "expect-screen welcome\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

TEST_CASE("a visitor 25 s after a walk-away is not flagged as misuse", "[ui][queue]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap rating.5\n"  // walks away: the follow-up closes the entry 20 s later
        "idle 20\n"
        "expect-screen welcome\n"
        "idle 5\n"
        "tap rating.1\n"  // 25 s after the last touch, 5 s after the automatic close
        "tap followup.skip\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(entries(kiosk.db) == "5:[]:closed:0 1:[]:closed:0");
}

TEST_CASE("a bare face tapped again and again from the follow-up is still flagged", "[ui][queue]") {
    Kiosk kiosk;
    const auto r = kiosk.script("tap rating.5\ntap followup.new.5\ntap followup.new.5\nidle 3\ntap followup.new.1\n"
                                "tap reason.long_wait\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The repeats are kept and flagged; one who goes on to give a reason is a person answering.
    CHECK(entries(kiosk.db) == "5:[]:closed:0 5:[]:closed:1 5:[]:closed:1 1:[\"long_wait\"]:open:0");
}

TEST_CASE("more time on the follow-up gives the idle time instead of the short countdown", "[ui][queue]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap rating.4\n"
        "idle 15\n"
        "tap followup.more-time\n"
        "idle 59\n"
        "expect-screen followup\n"
        "tap reason.friendly\n"
        "idle 59\n"
        "expect-screen followup\n"
        "idle 1\n"
        "expect-screen welcome\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(entries(kiosk.db) == "4:[\"friendly\"]:closed:0");
}

TEST_CASE("the comment screen: the short countdown until typing, the 20 s warning once typing began", "[ui][queue]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap rating.2\n"
        "tap comment.open\n"
        "idle 20\n"           // opened and walked away: back to Welcome like the follow-up
        "expect-screen welcome\n"
        "idle 30\n"
        "tap rating.2\n"
        "tap comment.open\n"
        "type ช้า\n"
        "idle 59\n"
        "expect-screen comment\n"
        "idle 1\n"
        "expect-screen idle-warning\n"
        "idle 20\n"
        "expect-screen welcome\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(entries(kiosk.db) == "2:[]:closed:0 2:[]:closed:0");
}
