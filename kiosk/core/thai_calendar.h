// Dates the way Thai offices write them: Buddhist Era years, Thai month abbreviations and,
// optionally, Thai digits (DESIGN.md §5).
//
// Why our own civil-date arithmetic instead of <chrono> calendars or the C library: reports
// must not depend on the machine's time zone or locale (a kiosk may be set to UTC), and
// libstdc++ 12 has no zoned_time. Dates are plain proleptic Gregorian C.E. values; the
// B.E. year is a presentation detail applied only when text is produced, so that arithmetic
// and comparisons never have to remember which era a number is in.
// Day counting uses Howard Hinnant's days_from_civil / civil_from_days algorithms, which are
// exact for the whole int range of years we could plausibly meet and need no tables.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feedback::core {

// Proleptic Gregorian, Common Era. Comparison is lexicographic (year, month, day), which is
// chronological for valid dates.
struct CivilDate {
    int year = 1970;
    int month = 1;
    int day = 1;

    friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
    friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Days since 1970-01-01 (negative before). Expects a valid date.
std::int64_t days_from_civil(CivilDate date);
CivilDate civil_from_days(std::int64_t days);
// 0 = Sunday .. 6 = Saturday.
int weekday(CivilDate date);
bool is_leap_year(int year);
// 0 for a month outside 1..12.
int days_in_month(int year, int month);
bool is_valid(CivilDate date);

inline constexpr int kBuddhistEraOffset = 543;
constexpr int to_buddhist_year(int ce) { return ce + kBuddhistEraOffset; }
constexpr int to_common_year(int be) { return be - kBuddhistEraOffset; }

// Names: month 1..12, weekday 0 (Sunday)..6. Out-of-range arguments give an empty view,
// not an exception, so that a bad value shows as a gap in a report rather than aborting it.
std::string_view thai_month_name(int month);     // "มกราคม"
std::string_view thai_month_abbr(int month);     // "ม.ค."
std::string_view english_month_name(int month);  // "January"
std::string_view english_month_abbr(int month);  // "Jan"
std::string_view thai_weekday_name(int weekday); // "อาทิตย์"
std::string_view english_weekday_name(int weekday);  // "Sunday"

// Replaces ASCII '0'..'9' with U+0E50..U+0E59 (UTF-8); every other byte is kept as is.
std::string to_thai_digits(std::string_view text);

enum class DateStyle {
    Abbreviated,  // "1 ต.ค. 2568" / "1 Oct 2025"
    Full,         // "1 ตุลาคม 2568" / "1 October 2025"
};

// Day, Thai month, B.E. year.
std::string format_thai_date(CivilDate date, DateStyle style = DateStyle::Abbreviated,
                             bool thai_digits = false);
// Day, English month, C.E. year.
std::string format_english_date(CivilDate date, DateStyle style = DateStyle::Abbreviated);
// "2025-10-01".
std::string format_iso_date(CivilDate date);

// Exactly "YYYY-MM-DD" (C.E.); empty for anything else or for a day that does not exist.
std::optional<CivilDate> parse_iso_date(std::string_view text);

// The calendar date / hour (0..23) of a UTC instant as seen at a fixed offset from UTC.
CivilDate local_date_of(std::int64_t utc_ms, int offset_min);
int local_hour_of(std::int64_t utc_ms, int offset_min);
// The UTC instant of local midnight at the start of `date` at a fixed offset.
std::int64_t local_midnight_utc_ms(CivilDate date, int offset_min);

}  // namespace feedback::core
