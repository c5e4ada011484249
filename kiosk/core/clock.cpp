#include "core/clock.h"

#include <chrono>
#include <ctime>
#include <fstream>

namespace feedback::core {
namespace {

// Howard Hinnant's days_from_civil, kept local so clock.cpp stands alone.
std::int64_t days_from_ymd(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

void ymd_from_days(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<int>(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe + era * 400) + (m <= 2);
}

bool digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

std::int64_t now_utc_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t boot_ms() {
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

const std::string& boot_id() {
    static const std::string id = [] {
        std::ifstream in("/proc/sys/kernel/random/boot_id");
        std::string line;
        std::getline(in, line);
        return line;
    }();
    return id;
}

int local_offset_min(std::int64_t utc_ms) {
    const std::time_t t = static_cast<std::time_t>(utc_ms / 1000);
    std::tm local{};
    localtime_r(&t, &local);
    return static_cast<int>(local.tm_gmtoff / 60);
}

std::string format_iso_utc(std::int64_t utc_ms) {
    std::int64_t days = utc_ms / 86'400'000;
    std::int64_t rest = utc_ms % 86'400'000;
    if (rest < 0) {
        rest += 86'400'000;
        --days;
    }
    int y = 0, m = 0, d = 0;
    ymd_from_days(days, y, m, d);
    const auto ms = static_cast<int>(rest % 1000);
    const auto sec = static_cast<int>(rest / 1000);
    // Written by hand rather than snprintf: this runs for every stored entry, and bulk writes
    // (demo data, imports) make millions of them.
    if (y < 0 || y > 9999) y = 0;
    std::string out = "0000-00-00T00:00:00.000Z";
    auto put = [&out](std::size_t pos, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            out[pos + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    };
    put(0, y, 4);
    put(5, m, 2);
    put(8, d, 2);
    put(11, sec / 3600, 2);
    put(14, sec / 60 % 60, 2);
    put(17, sec % 60, 2);
    put(20, ms, 3);
    return out;
}

std::optional<std::int64_t> parse_iso_utc(std::string_view s) {
    int y, mo, d, h, mi, se, ms = 0;
    if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
        !digits(s, 17, 2, se))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
    std::size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        if (!digits(s, pos + 1, 3, ms)) return std::nullopt;
        pos += 4;
    }
    int offset_min = 0;
    if (pos < s.size() && s[pos] == 'Z') {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, om))
            return std::nullopt;
        offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    const std::int64_t day = days_from_ymd(y, mo, d);
    int y2, m2, d2;
    ymd_from_days(day, y2, m2, d2);
    if (y2 != y || m2 != mo || d2 != d) return std::nullopt;  // e.g. 31 April
    return ((day * 86400 + h * 3600 + mi * 60 + se) - offset_min * 60) * 1000 + ms;
}

}  // namespace feedback::core
