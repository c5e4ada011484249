// Thai calendar tests. Expected values are worked out by hand (or from a published calendar),
// never from the code under test, so that a wrong table or an off-by-one era is caught.
#include <catch2/catch.hpp>

#include <array>
#include <string>

#include "core/thai_calendar.h"

using namespace feedback::core;

namespace {
// Successor of a valid date, written independently of days_from_civil.
CivilDate successor(CivilDate d) {
    if (d.day < days_in_month(d.year, d.month)) return {d.year, d.month, d.day + 1};
    if (d.month < 12) return {d.year, d.month + 1, 1};
    return {d.year + 1, 1, 1};
}
}  // namespace

TEST_CASE("Buddhist Era conversion", "[thai_calendar]") {
    CHECK(to_buddhist_year(2025) == 2568);
    CHECK(to_buddhist_year(2026) == 2569);
    CHECK(to_common_year(2569) == 2026);
    CHECK(to_common_year(2500) == 1957);
    for (int y = 1900; y <= 2200; ++y) CHECK(to_common_year(to_buddhist_year(y)) == y);
    STATIC_REQUIRE(to_buddhist_year(1957) == 2500);
}

TEST_CASE("leap years and month lengths", "[thai_calendar]") {
    CHECK(is_leap_year(2024));
    CHECK(is_leap_year(2000));
    CHECK_FALSE(is_leap_year(1900));
    CHECK_FALSE(is_leap_year(2100));
    CHECK_FALSE(is_leap_year(2025));
    CHECK(is_leap_year(2028));

    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(2025, 2) == 28);
    CHECK(days_in_month(2000, 2) == 29);
    CHECK(days_in_month(1900, 2) == 28);
    const std::array<int, 12> expected = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; ++m) CHECK(days_in_month(2025, m) == expected[m - 1]);
    CHECK(days_in_month(2025, 0) == 0);
    CHECK(days_in_month(2025, 13) == 0);
}

TEST_CASE("is_valid", "[thai_calendar]") {
    CHECK(is_valid({2024, 2, 29}));
    CHECK_FALSE(is_valid({2025, 2, 29}));
    CHECK_FALSE(is_valid({1900, 2, 29}));
    CHECK(is_valid({2000, 2, 29}));
    CHECK_FALSE(is_valid({2025, 4, 31}));
    CHECK(is_valid({2025, 12, 31}));
    CHECK_FALSE(is_valid({2025, 13, 1}));
    CHECK_FALSE(is_valid({2025, 0, 1}));
    CHECK_FALSE(is_valid({2025, 1, 0}));
    CHECK_FALSE(is_valid({2025, 1, 32}));
}

TEST_CASE("days_from_civil known values", "[thai_calendar]") {
    CHECK(days_from_civil({1970, 1, 1}) == 0);
    CHECK(days_from_civil({1970, 1, 2}) == 1);
    CHECK(days_from_civil({1969, 12, 31}) == -1);
    CHECK(days_from_civil({2000, 1, 1}) == 10957);
    CHECK(days_from_civil({2025, 10, 1}) == 20362);
    CHECK(days_from_civil({2026, 4, 1}) == 20544);
    CHECK(days_from_civil({1900, 1, 1}) == -25567);
    CHECK(days_from_civil({1600, 3, 1}) == -135080);
    CHECK(days_from_civil({2400, 12, 31}) == 157419);
    CHECK(days_from_civil({1, 1, 1}) == -719162);
    CHECK(civil_from_days(20362) == CivilDate{2025, 10, 1});
    CHECK(civil_from_days(-1) == CivilDate{1969, 12, 31});
    CHECK(civil_from_days(-719162) == CivilDate{1, 1, 1});
}

TEST_CASE("days_from_civil round-trips over a wide range", "[thai_calendar]") {
    // Year 1 to about 3300: every day, checked against an independent successor function.
    CivilDate expected{1, 1, 1};
    std::int64_t first = days_from_civil(expected);
    long failures = 0;
    for (std::int64_t days = first; days < first + 1'200'000; ++days) {
        const CivilDate got = civil_from_days(days);
        if (got != expected || days_from_civil(got) != days) {
            if (++failures <= 5) {
                FAIL_CHECK("day " << days << " -> " << got.year << "-" << got.month << "-"
                                  << got.day);
            }
        }
        expected = successor(expected);
    }
    CHECK(failures == 0);
    // And a few proleptic dates before year 1 (year 0 is 1 B.C.E., a leap year).
    CHECK(civil_from_days(days_from_civil({0, 2, 29})) == CivilDate{0, 2, 29});
    CHECK(days_from_civil({0, 12, 31}) + 1 == days_from_civil({1, 1, 1}));
    CHECK(civil_from_days(days_from_civil({-400, 3, 1})) == CivilDate{-400, 3, 1});
}

TEST_CASE("weekday", "[thai_calendar]") {
    CHECK(weekday({1970, 1, 1}) == 4);   // Thursday
    CHECK(weekday({1969, 12, 31}) == 3); // Wednesday
    CHECK(weekday({2025, 10, 1}) == 3);  // Wednesday
    CHECK(weekday({2026, 4, 1}) == 3);   // Wednesday
    CHECK(weekday({2000, 1, 1}) == 6);   // Saturday
    CHECK(weekday({1900, 1, 1}) == 1);   // Monday
    CHECK(weekday({2400, 12, 31}) == 0); // Sunday
    CHECK(weekday({1, 1, 1}) == 1);      // Monday (proleptic)
    // Seven consecutive days cover 0..6 in order.
    for (int i = 0; i < 7; ++i) CHECK(weekday({2025, 10, 5 + i}) == i);  // 5 Oct 2025 = Sunday
}

TEST_CASE("month names and abbreviations", "[thai_calendar]") {
    const std::array<std::string_view, 12> abbr = {"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.",
                                                  "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.",
                                                  "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};
    const std::array<std::string_view, 12> full = {
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
        "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
    const std::array<std::string_view, 12> en_abbr = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int m = 1; m <= 12; ++m) {
        INFO("month " << m);
        CHECK(thai_month_abbr(m) == abbr[m - 1]);
        CHECK(thai_month_name(m) == full[m - 1]);
        CHECK(english_month_abbr(m) == en_abbr[m - 1]);
    }
    // Byte-level check of one abbreviation: "ต.ค." = U+0E15 '.' U+0E04 '.'.
    CHECK(thai_month_abbr(10) == "\xE0\xB8\x95.\xE0\xB8\x84.");
    CHECK(english_month_name(1) == "January");
    CHECK(english_month_name(9) == "September");
    CHECK(english_month_name(12) == "December");
    CHECK(thai_month_abbr(0).empty());
    CHECK(thai_month_abbr(13).empty());
    CHECK(thai_month_name(-1).empty());
    CHECK(english_month_name(13).empty());
}

TEST_CASE("weekday names", "[thai_calendar]") {
    const std::array<std::string_view, 7> th = {"อาทิตย์", "จันทร์", "อังคาร", "พุธ",
                                               "พฤหัสบดี", "ศุกร์", "เสาร์"};
    const std::array<std::string_view, 7> en = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                               "Thursday", "Friday", "Saturday"};
    for (int d = 0; d < 7; ++d) {
        CHECK(thai_weekday_name(d) == th[d]);
        CHECK(english_weekday_name(d) == en[d]);
    }
    CHECK(thai_weekday_name(7).empty());
    CHECK(english_weekday_name(-1).empty());
}

TEST_CASE("Thai digits are real code points U+0E50..U+0E59", "[thai_calendar]") {
    CHECK(to_thai_digits("2569") == "\xE0\xB9\x92\xE0\xB9\x95\xE0\xB9\x96\xE0\xB9\x99");
    CHECK(to_thai_digits("2569") == "๒๕๖๙");
    CHECK(to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙");
    CHECK(to_thai_digits("0") == "\xE0\xB9\x90");
    CHECK(to_thai_digits("9") == "\xE0\xB9\x99");
    // Everything else untouched, including Thai text and punctuation.
    CHECK(to_thai_digits("") == "");
    CHECK(to_thai_digits("ร้อยละ 84.5%") == "ร้อยละ ๘๔.๕%");
    CHECK(to_thai_digits("abc") == "abc");
    // Already-Thai digits stay as they are (their bytes are not ASCII digits).
    CHECK(to_thai_digits("๒๕๖๙") == "๒๕๖๙");
}

TEST_CASE("format_thai_date / format_english_date", "[thai_calendar]") {
    CHECK(format_thai_date({2025, 10, 1}) == "1 ต.ค. 2568");
    CHECK(format_thai_date({2025, 10, 1}, DateStyle::Full) == "1 ตุลาคม 2568");
    CHECK(format_thai_date({2026, 3, 31}) == "31 มี.ค. 2569");
    CHECK(format_thai_date({2026, 3, 31}, DateStyle::Abbreviated, true) == "๓๑ มี.ค. ๒๕๖๙");
    CHECK(format_thai_date({2024, 2, 29}, DateStyle::Full, true) == "๒๙ กุมภาพันธ์ ๒๕๖๗");
    CHECK(format_english_date({2025, 10, 1}) == "1 Oct 2025");
    CHECK(format_english_date({2025, 10, 1}, DateStyle::Full) == "1 October 2025");
    CHECK(format_english_date({2026, 9, 30}) == "30 Sep 2026");
    CHECK(format_iso_date({2025, 10, 1}) == "2025-10-01");
    CHECK(format_iso_date({987, 1, 9}) == "0987-01-09");
}

TEST_CASE("parse_iso_date", "[thai_calendar]") {
    CHECK(parse_iso_date("2025-10-01") == CivilDate{2025, 10, 1});
    CHECK(parse_iso_date("2024-02-29") == CivilDate{2024, 2, 29});
    CHECK(parse_iso_date("0001-01-01") == CivilDate{1, 1, 1});
    CHECK_FALSE(parse_iso_date("2025-02-29"));
    CHECK_FALSE(parse_iso_date("2025-13-01"));
    CHECK_FALSE(parse_iso_date("2025-00-10"));
    CHECK_FALSE(parse_iso_date("2025-04-31"));
    CHECK_FALSE(parse_iso_date("2025-04-00"));
    CHECK_FALSE(parse_iso_date("2025-4-01"));
    CHECK_FALSE(parse_iso_date("2025/04/01"));
    CHECK_FALSE(parse_iso_date("20250401"));
    CHECK_FALSE(parse_iso_date(" 2025-04-01"));
    CHECK_FALSE(parse_iso_date("2025-04-01 "));
    CHECK_FALSE(parse_iso_date("2025-04-0x"));
    CHECK_FALSE(parse_iso_date("2025--4-01"));
    CHECK_FALSE(parse_iso_date("-025-04-01"));
    CHECK_FALSE(parse_iso_date("2025-+4-01"));
    CHECK_FALSE(parse_iso_date(""));
    CHECK_FALSE(parse_iso_date("2025-04-01T00:00:00Z"));
}

TEST_CASE("local date and hour at a fixed offset", "[thai_calendar]") {
    // 2026-03-31T16:59:59.999Z is 23:59:59.999 on 31 Mar in Bangkok; one ms later it is 1 Apr.
    CHECK(local_date_of(1774976399999, 420) == CivilDate{2026, 3, 31});
    CHECK(local_hour_of(1774976399999, 420) == 23);
    CHECK(local_date_of(1774976400000, 420) == CivilDate{2026, 4, 1});
    CHECK(local_hour_of(1774976400000, 420) == 0);
    CHECK(local_date_of(1774976400000, 0) == CivilDate{2026, 3, 31});
    CHECK(local_hour_of(1774976400000, 0) == 17);
    // 2026-05-15T02:30Z: 09:30 in Bangkok, 22:30 the previous day at -04:00.
    CHECK(local_date_of(1778812200000, 420) == CivilDate{2026, 5, 15});
    CHECK(local_hour_of(1778812200000, 420) == 9);
    CHECK(local_date_of(1778812200000, -240) == CivilDate{2026, 5, 14});
    CHECK(local_hour_of(1778812200000, -240) == 22);
    // Before the epoch, floor (not truncating) division matters.
    CHECK(local_date_of(-3600000, 0) == CivilDate{1969, 12, 31});
    CHECK(local_hour_of(-3600000, 0) == 23);
    CHECK(local_date_of(-1, 0) == CivilDate{1969, 12, 31});
    CHECK(local_hour_of(-1, 0) == 23);
    CHECK(local_date_of(0, 0) == CivilDate{1970, 1, 1});
    CHECK(local_date_of(-3600000, 420) == CivilDate{1970, 1, 1});
    CHECK(local_hour_of(-3600000, 420) == 6);
    // Midnight back to UTC.
    CHECK(local_midnight_utc_ms({2026, 4, 1}, 420) == 1774976400000);
    CHECK(local_midnight_utc_ms({2025, 10, 1}, 420) == 1759251600000);
    CHECK(local_midnight_utc_ms({1970, 1, 1}, 0) == 0);
}

TEST_CASE("CivilDate ordering", "[thai_calendar]") {
    CHECK(CivilDate{2025, 12, 31} < CivilDate{2026, 1, 1});
    CHECK(CivilDate{2026, 1, 31} < CivilDate{2026, 2, 1});
    CHECK(CivilDate{2026, 2, 1} < CivilDate{2026, 2, 2});
    CHECK(CivilDate{2026, 2, 2} == CivilDate{2026, 2, 2});
    CHECK(CivilDate{2026, 2, 2} != CivilDate{2026, 2, 3});
    CHECK(CivilDate{2026, 2, 3} >= CivilDate{2026, 2, 2});
}
