// Office hours: parsing office.hours / office.closed_dates, open or closed at an instant, the
// next opening or closing (the main loop's wake-up), and the banner's description.
#include <catch2/catch.hpp>

#include "core/clock.h"
#include "core/office_hours.h"

using namespace feedback::core;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr int kBangkok = 420;  // +07:00

// "2026-11-27T16:30" in Bangkok as a UTC instant.
std::int64_t at(const std::string& local) { return *parse_iso_utc(local + ":00+07:00"); }

std::string error_of(const std::string& hours) {
    try {
        (void)OfficeHours::parse(hours);
    } catch (const OfficeHoursError& e) {
        return e.what();
    }
    FAIL("accepted: " << hours);
    return {};
}

}  // namespace

TEST_CASE("empty hours: always open, never changes", "[office-hours]") {
    const auto hours = OfficeHours::parse("");
    CHECK(hours.always_open());
    CHECK_FALSE(hours.has_hours());
    CHECK(hours.is_open(at("2026-11-29T03:00"), kBangkok));  // a Sunday night
    CHECK_FALSE(hours.next_change(at("2026-11-29T03:00"), kBangkok));
    CHECK(hours.describe("th").empty());
    CHECK(OfficeHours::parse("  ") == OfficeHours{});
}

TEST_CASE("weekday hours: open inside, closed outside, end exclusive", "[office-hours]") {
    const auto hours = OfficeHours::parse("mon-fri 08:30-16:30; sat 09:00-12:00");
    CHECK(hours.has_hours());
    CHECK_FALSE(hours.is_open(at("2026-11-27T08:29"), kBangkok));   // Friday
    CHECK(hours.is_open(at("2026-11-27T08:30"), kBangkok));
    CHECK(hours.is_open(at("2026-11-27T16:29"), kBangkok));
    CHECK_FALSE(hours.is_open(at("2026-11-27T16:30"), kBangkok));
    CHECK(hours.is_open(at("2026-11-28T11:59"), kBangkok));         // Saturday morning
    CHECK_FALSE(hours.is_open(at("2026-11-28T12:00"), kBangkok));
    CHECK_FALSE(hours.is_open(at("2026-11-29T10:00"), kBangkok));   // Sunday
    CHECK(hours.is_open(at("2026-11-30T10:00"), kBangkok));         // Monday
    // Local time is what counts: 02:00 UTC on Friday is 09:00 in Bangkok, open; at UTC it is not.
    const std::int64_t utc_2am = *parse_iso_utc("2026-11-27T02:00:00Z");
    CHECK(hours.is_open(utc_2am, kBangkok));
    CHECK_FALSE(hours.is_open(utc_2am, 0));
}

TEST_CASE("next change: same day, across the night and across the weekend", "[office-hours]") {
    const auto hours = OfficeHours::parse("mon-fri 08:30-16:30; sat 09:00-12:00");
    CHECK(hours.next_change(at("2026-11-27T07:00"), kBangkok) == at("2026-11-27T08:30"));
    CHECK(hours.next_change(at("2026-11-27T08:30"), kBangkok) == at("2026-11-27T16:30"));
    // Friday evening: next is Saturday 09:00 (the day changes); Saturday noon: Monday 08:30.
    CHECK(hours.next_change(at("2026-11-27T16:30"), kBangkok) == at("2026-11-28T09:00"));
    CHECK(hours.next_change(at("2026-11-28T12:00"), kBangkok) == at("2026-11-30T08:30"));
    // Just before midnight on Sunday (the week wraps).
    CHECK(hours.next_change(at("2026-11-29T23:59"), kBangkok) == at("2026-11-30T08:30"));
}

TEST_CASE("ranges that meet at midnight are one opening", "[office-hours]") {
    const auto hours = OfficeHours::parse("fri 20:00-24:00; sat 00:00-06:00");
    CHECK(hours.is_open(at("2026-11-27T23:59"), kBangkok));
    CHECK(hours.is_open(at("2026-11-28T00:00"), kBangkok));
    CHECK(hours.next_change(at("2026-11-27T21:00"), kBangkok) == at("2026-11-28T06:00"));
    // Around the clock with no closed dates: nothing ever changes.
    CHECK_FALSE(OfficeHours::parse("mon-sun 00:00-24:00").next_change(at("2026-11-27T12:00"), kBangkok));
}

TEST_CASE("closed dates close the whole day, with or without hours", "[office-hours]") {
    auto hours = OfficeHours::parse("mon-fri 08:30-16:30", {"2026-11-30", "2026-12-01"});
    CHECK_FALSE(hours.is_open(at("2026-11-30T10:00"), kBangkok));  // a Monday, but a holiday
    CHECK_FALSE(hours.is_open(at("2026-12-01T10:00"), kBangkok));
    CHECK(hours.is_open(at("2026-12-02T10:00"), kBangkok));
    // Friday's closing is followed by Wednesday's opening: the weekend and both holidays skipped.
    CHECK(hours.next_change(at("2026-11-27T16:00"), kBangkok) == at("2026-11-27T16:30"));
    CHECK(hours.next_change(at("2026-11-27T16:30"), kBangkok) == at("2026-12-02T08:30"));

    const auto holidays_only = OfficeHours::parse("", {"2026-04-13"});
    CHECK_FALSE(holidays_only.always_open());
    CHECK(holidays_only.is_open(at("2026-04-12T23:59"), kBangkok));
    CHECK_FALSE(holidays_only.is_open(at("2026-04-13T00:00"), kBangkok));
    CHECK(holidays_only.next_change(at("2026-04-12T10:00"), kBangkok) == at("2026-04-13T00:00"));
    CHECK(holidays_only.next_change(at("2026-04-13T10:00"), kBangkok) == at("2026-04-14T00:00"));
    // After the last closed date nothing changes any more.
    CHECK_FALSE(holidays_only.next_change(at("2026-04-14T10:00"), kBangkok));
    CHECK(holidays_only.describe("en").empty());
}

TEST_CASE("accepted spellings", "[office-hours]") {
    // Case, spaces, H:MM, several ranges, lists, a range wrapping past Sunday, a trailing ';'.
    const auto hours = OfficeHours::parse(" Mon - Fri 8:30-12:00 , 13:00 - 16:30 ;sat,SUN 09:00-10:00; ");
    CHECK(hours.is_open(at("2026-11-27T08:30"), kBangkok));
    CHECK_FALSE(hours.is_open(at("2026-11-27T12:30"), kBangkok));  // lunch
    CHECK(hours.is_open(at("2026-11-29T09:30"), kBangkok));
    CHECK(OfficeHours::parse("sat-mon 09:00-10:00").is_open(at("2026-11-29T09:30"), kBangkok));
    CHECK(OfficeHours::parse("sat-mon 09:00-10:00").is_open(at("2026-11-30T09:30"), kBangkok));
    CHECK_FALSE(OfficeHours::parse("sat-mon 09:00-10:00").is_open(at("2026-11-27T09:30"), kBangkok));
    // Overlapping ranges merge.
    CHECK(OfficeHours::parse("mon 08:00-12:00, 11:00-13:00") == OfficeHours::parse("mon 08:00-13:00"));
}

TEST_CASE("bad hours say what is wrong", "[office-hours]") {
    CHECK(error_of("mon-fri 8.30-16:30") == "\"8.30\" is not a time; write 24-hour HH:MM, e.g. 08:30 or 16:30");
    CHECK(error_of("mon-fri 08:30-16:60") == "\"16:60\" is not a time; write 24-hour HH:MM, e.g. 08:30 or 16:30");
    CHECK(error_of("mon-fri 25:00-26:00") == "\"25:00\" is not a time; write 24-hour HH:MM, e.g. 08:30 or 16:30");
    CHECK_THAT(error_of("mon-fir 08:30-16:30"),
               StartsWith("unknown day \"fir\"; days are mon, tue, wed, thu, fri, sat, sun"));
    CHECK_THAT(error_of("จันทร์-ศุกร์ 08:30-16:30"), StartsWith("unknown day \"จันทร์\""));
    CHECK_THAT(error_of("weekdays 08:30-16:30"), StartsWith("unknown day \"weekdays\""));
    CHECK_THAT(error_of("mon-fri"), Contains("has no times"));
    CHECK_THAT(error_of("08:30-16:30"), Contains("has no days"));
    CHECK_THAT(error_of("mon-fri 08:30"), Contains("is not a range of times"));
    CHECK_THAT(error_of("mon-fri 16:30-08:30"), Contains("the end must be after the start"));
    CHECK_THAT(error_of("mon-fri 08:30-08:30"), Contains("the end must be after the start"));
    CHECK_THAT(error_of("mon 24:00-24:00"), Contains("24:00 can only end a range"));
    CHECK_THAT(error_of("mon-fri 08:30-12:00,"), Contains("empty range of times"));
    CHECK_THAT(error_of(";"), StartsWith("no hours given"));
}

TEST_CASE("bad closed dates say what is wrong", "[office-hours]") {
    CHECK(OfficeHours::parse_closed_date("2026-04-13") == CivilDate{2026, 4, 13});
    CHECK_THROWS_WITH(OfficeHours::parse_closed_date("2026-02-30"), Contains("is not a date"));
    CHECK_THROWS_WITH(OfficeHours::parse_closed_date("13/04/2026"), Contains("is not a date"));
    CHECK_THROWS_WITH(OfficeHours::parse_closed_date("2569-04-13"), Contains("Buddhist Era year"));
    CHECK_THROWS_WITH(OfficeHours::parse_closed_date("2567-02-29"), Contains("Buddhist Era year"));
    CHECK_THROWS_AS(OfficeHours::parse("", {"2026-04-13", "x"}), OfficeHoursError);
}

TEST_CASE("the banner's description, in Thai and English", "[office-hours]") {
    const auto hours = OfficeHours::parse("mon-fri 08:30-16:30; sat 09:00-12:00");
    CHECK(hours.describe("th") == "จันทร์–ศุกร์ 08:30–16:30, เสาร์ 09:00–12:00");
    CHECK(hours.describe("en") == "Mon–Fri 08:30–16:30, Sat 09:00–12:00");
    // Days with the same ranges go together whatever order they were written in.
    CHECK(OfficeHours::parse("mon-fri 08:30-12:00, 13:00-16:30").describe("en") ==
          "Mon–Fri 08:30–12:00, 13:00–16:30");
    CHECK(OfficeHours::parse("fri 08:00-12:00; mon,wed 08:00-12:00; tue 13:00-15:00").describe("en") ==
          "Mon, Wed, Fri 08:00–12:00, Tue 13:00–15:00");
    CHECK(OfficeHours::parse("sat-mon 09:00-10:00").describe("en") == "Sat–Mon 09:00–10:00");
    CHECK(OfficeHours::parse("mon-sun 07:00-24:00").describe("th") == "ทุกวัน 07:00–24:00");
    CHECK(OfficeHours::parse("sat,sun 09:00-12:00").describe("th") == "เสาร์–อาทิตย์ 09:00–12:00");
}
