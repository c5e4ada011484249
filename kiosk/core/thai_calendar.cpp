// Thai calendar arithmetic and formatting (see thai_calendar.h for why it is hand-rolled).
//
// Name tables are string literals in logical UTF-8 order; nothing here shapes text for
// display — the UI's text renderer does that.
#include "core/thai_calendar.h"

#include <array>
#include <charconv>

namespace feedback::core {

namespace {

constexpr std::int64_t kMsPerMinute = 60'000;
constexpr std::int64_t kMsPerDay = 86'400'000;

constexpr std::array<std::string_view, 12> kThaiMonths = {
    "มกราคม", "กุมภาพันธ์", "มีนาคม",  "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม",   "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
constexpr std::array<std::string_view, 12> kThaiMonthAbbrs = {
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};
constexpr std::array<std::string_view, 12> kEnglishMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> kEnglishMonthAbbrs = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kThaiWeekdays = {
    "อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"};
constexpr std::array<std::string_view, 7> kEnglishWeekdays = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

template <std::size_t N>
std::string_view pick(const std::array<std::string_view, N>& table, int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= N) return {};
    return table[static_cast<std::size_t>(index)];
}

// Floor division: local dates before 1970 (or negative offsets near the epoch) must land on
// the earlier day, which truncating division would get wrong.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

std::int64_t local_ms(std::int64_t utc_ms, int offset_min) {
    return utc_ms + static_cast<std::int64_t>(offset_min) * kMsPerMinute;
}

std::string format_date(CivilDate date, std::string_view month, int year) {
    std::string out = std::to_string(date.day);
    out += ' ';
    out += month;
    out += ' ';
    out += std::to_string(year);
    return out;
}

bool parse_digits(std::string_view text, int& value) {
    for (char c : text) {
        if (c < '0' || c > '9') return false;  // from_chars would accept a leading '-'
    }
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

}  // namespace

std::int64_t days_from_civil(CivilDate date) {
    const std::int64_t m = date.month;
    const std::int64_t d = date.day;
    const std::int64_t y = static_cast<std::int64_t>(date.year) - (m <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;                                // [0, 399]
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;       // [0, 146096]
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
    const std::int64_t z = days + 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;                                    // [0, 146096]
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    const std::int64_t y = yoe + era * 400;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);             // [0, 365]
    const std::int64_t mp = (5 * doy + 2) / 153;                                  // [0, 11]
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;                          // [1, 31]
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;                             // [1, 12]
    return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m),
                     static_cast<int>(d)};
}

int weekday(CivilDate date) {
    // 1970-01-01 was a Thursday (4).
    return static_cast<int>(((days_from_civil(date) + 4) % 7 + 7) % 7);
}

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && is_leap_year(year)) return 29;
    return kDays[static_cast<std::size_t>(month - 1)];
}

bool is_valid(CivilDate date) {
    return date.month >= 1 && date.month <= 12 && date.day >= 1 &&
           date.day <= days_in_month(date.year, date.month);
}

std::string_view thai_month_name(int month) { return pick(kThaiMonths, month - 1); }
std::string_view thai_month_abbr(int month) { return pick(kThaiMonthAbbrs, month - 1); }
std::string_view english_month_name(int month) { return pick(kEnglishMonths, month - 1); }
std::string_view english_month_abbr(int month) { return pick(kEnglishMonthAbbrs, month - 1); }
std::string_view thai_weekday_name(int wd) { return pick(kThaiWeekdays, wd); }
std::string_view english_weekday_name(int wd) { return pick(kEnglishWeekdays, wd); }

std::string to_thai_digits(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            // U+0E50 + k encodes as E0 B9 (90 + k): all ten digits share the first two bytes.
            out += '\xE0';
            out += '\xB9';
            out += static_cast<char>(0x90 + (c - '0'));
        } else {
            out += c;
        }
    }
    return out;
}

std::string format_thai_date(CivilDate date, DateStyle style, bool thai_digits) {
    const std::string_view month =
        style == DateStyle::Full ? thai_month_name(date.month) : thai_month_abbr(date.month);
    std::string out = format_date(date, month, to_buddhist_year(date.year));
    return thai_digits ? to_thai_digits(out) : out;
}

std::string format_english_date(CivilDate date, DateStyle style) {
    const std::string_view month = style == DateStyle::Full ? english_month_name(date.month)
                                                            : english_month_abbr(date.month);
    return format_date(date, month, date.year);
}

std::string format_iso_date(CivilDate date) {
    std::array<char, 32> buf{};
    auto put = [&](char* at, int value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            at[i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    if (date.year < 0 || date.year > 9999) {
        // Outside what ISO's four-digit form covers; still produce something readable.
        return std::to_string(date.year) + "-" + std::to_string(date.month) + "-" +
               std::to_string(date.day);
    }
    put(buf.data(), date.year, 4);
    buf[4] = '-';
    put(buf.data() + 5, date.month, 2);
    buf[7] = '-';
    put(buf.data() + 8, date.day, 2);
    return std::string(buf.data(), 10);
}

std::optional<CivilDate> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    CivilDate date{};
    if (!parse_digits(text.substr(0, 4), date.year) ||
        !parse_digits(text.substr(5, 2), date.month) ||
        !parse_digits(text.substr(8, 2), date.day)) {
        return std::nullopt;
    }
    if (!is_valid(date)) return std::nullopt;
    return date;
}

CivilDate local_date_of(std::int64_t utc_ms, int offset_min) {
    return civil_from_days(floor_div(local_ms(utc_ms, offset_min), kMsPerDay));
}

int local_hour_of(std::int64_t utc_ms, int offset_min) {
    const std::int64_t ms = local_ms(utc_ms, offset_min);
    const std::int64_t in_day = ms - floor_div(ms, kMsPerDay) * kMsPerDay;
    return static_cast<int>(in_day / (60 * kMsPerMinute));
}

std::int64_t local_midnight_utc_ms(CivilDate date, int offset_min) {
    return days_from_civil(date) * kMsPerDay - static_cast<std::int64_t>(offset_min) * kMsPerMinute;
}

}  // namespace feedback::core
