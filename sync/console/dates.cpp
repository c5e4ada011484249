// Date arithmetic and B.E. formatting for the console (see dates.h).
#include "dates.h"

#include <array>
#include <chrono>
#include <cstdio>

namespace feedback::console {
namespace {

constexpr std::array<const char*, 12> kThaiShort{"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                                                 "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};
constexpr std::array<const char*, 12> kThaiLong{"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                                                "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
constexpr std::array<const char*, 12> kEnglishShort{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 12> kEnglishLong{"January", "February", "March",     "April",   "May",      "June",
                                                   "July",    "August",   "September", "October", "November", "December"};

bool digits(std::string_view text, std::size_t at, std::size_t n, int& out) {
    if (at + n > text.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

}  // namespace

CivilDate civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::int64_t days_from_civil(int year, int month, int day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<std::int64_t> parse_utc(std::string_view iso) {
    int y, mo, d, h, mi, s;
    if (iso.size() < 19 || !digits(iso, 0, 4, y) || iso[4] != '-' || !digits(iso, 5, 2, mo) || iso[7] != '-' ||
        !digits(iso, 8, 2, d) || iso[10] != 'T' || !digits(iso, 11, 2, h) || iso[13] != ':' ||
        !digits(iso, 14, 2, mi) || iso[16] != ':' || !digits(iso, 17, 2, s))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

std::string format_utc(std::int64_t seconds) {
    const std::int64_t days = floor_div(seconds, 86400);
    const std::int64_t rest = seconds - days * 86400;
    const CivilDate c = civil_from_days(days);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", c.year, c.month, c.day,
                  static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60));
    return text;
}

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string be_date(std::int64_t utc_seconds, int utc_offset_min, bool english) {
    const CivilDate c = civil_from_days(floor_div(utc_seconds + utc_offset_min * 60LL, 86400));
    const auto& months = english ? kEnglishShort : kThaiShort;
    return std::to_string(c.day) + " " + months[static_cast<std::size_t>(c.month - 1)] + " " +
           std::to_string(c.year + 543) + (english ? " B.E." : "");
}

std::string be_date_time(std::int64_t utc_seconds, int utc_offset_min, bool english) {
    const std::int64_t local = utc_seconds + utc_offset_min * 60LL;
    const std::int64_t rest = local - floor_div(local, 86400) * 86400;
    char clock[16];
    std::snprintf(clock, sizeof clock, " %02d:%02d", static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60));
    return be_date(utc_seconds, utc_offset_min, english) + clock;
}

std::string be_month(int year, int month, bool english) {
    const auto& months = english ? kEnglishLong : kThaiLong;
    return std::string(months[static_cast<std::size_t>((month - 1) % 12)]) + " " + std::to_string(year + 543) +
           (english ? " B.E." : "");
}

bool is_iso_date(std::string_view text) {
    int y, m, d;
    return text.size() == 10 && digits(text, 0, 4, y) && text[4] == '-' && digits(text, 5, 2, m) && text[7] == '-' &&
           digits(text, 8, 2, d) && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

std::optional<std::pair<int, int>> parse_month(std::string_view text) {
    int y, m;
    if (text.size() != 7 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, m) || m < 1 || m > 12 ||
        y < 2000)
        return std::nullopt;
    return std::pair{y, m};
}

}  // namespace feedback::console
