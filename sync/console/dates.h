// Times on the console: ISO 8601 UTC strings in the database, Buddhist Era dates on the page.
//
// Why B.E. in both languages' pages: the report goes to a Thai organisation meeting and the
// reference numbers carry B.E. years; the English page writes the same date with English month
// names ("6 Dec 2569 B.E.") rather than switch calendars under the reader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feedback::console {

// Seconds since the epoch of "2026-11-27T07:05:09.123Z" (fraction and a "Z" optional).
std::optional<std::int64_t> parse_utc(std::string_view iso);
// "2026-11-27T07:05:09.000Z".
std::string format_utc(std::int64_t seconds);
std::int64_t now_seconds();

// Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithm).
std::int64_t days_from_civil(int year, int month, int day);
struct CivilDate {
    int year, month, day;
};
CivilDate civil_from_days(std::int64_t days);
// a / b rounded towards minus infinity (days of times before 1970, local days west of UTC).
std::int64_t floor_div(std::int64_t a, std::int64_t b);

// "6 ธ.ค. 2569" / "6 Dec 2569 B.E." of the local date at `utc_seconds` + offset.
std::string be_date(std::int64_t utc_seconds, int utc_offset_min, bool english);
// The same with the time of day, "6 ธ.ค. 2569 14:05".
std::string be_date_time(std::int64_t utc_seconds, int utc_offset_min, bool english);
// "ธันวาคม 2569" / "December 2569 B.E."
std::string be_month(int year, int month, bool english);
// "2569-12-06"-style input is not used: forms take Gregorian YYYY-MM-DD (the date input's own).
bool is_iso_date(std::string_view text);
// "2026-12" -> {2026, 12}.
std::optional<std::pair<int, int>> parse_month(std::string_view text);

}  // namespace feedback::console
