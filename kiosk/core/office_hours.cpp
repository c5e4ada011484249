#include "core/office_hours.h"
#include "common/text.h"

#include <algorithm>
#include <cctype>

namespace feedback::core {
namespace {

constexpr std::int64_t kMsPerMinute = 60'000;
constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr int kMinutesPerDay = 24 * 60;

// Weekdays as written in office.hours, 0 = Sunday like core::weekday().
constexpr std::array<std::string_view, 7> kDayNames = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::string_view trim(std::string_view text) { return common::trim(text, " \t\r\n"); }

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const auto at = text.find(separator, start);
        out.push_back(trim(text.substr(start, at == std::string_view::npos ? at : at - start)));
        if (at == std::string_view::npos) return out;
        start = at + 1;
    }
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

int day_index(std::string_view name) {
    const std::string lower = common::lower(name);
    for (std::size_t i = 0; i < kDayNames.size(); ++i)
        if (lower == kDayNames[i]) return static_cast<int>(i);
    throw OfficeHoursError("unknown day " + quoted(name) + "; days are mon, tue, wed, thu, fri, sat, sun");
}

// "mon-fri", "sat", "mon,wed,fri", "sat-mon" (wraps past Sunday) -> set of weekdays.
std::array<bool, 7> parse_days(std::string_view text) {
    std::array<bool, 7> days{};
    for (const auto item : split(text, ',')) {
        if (item.empty()) throw OfficeHoursError("empty day in " + quoted(text));
        const auto dash = item.find('-');
        if (dash == std::string_view::npos) {
            days[static_cast<std::size_t>(day_index(item))] = true;
            continue;
        }
        const int first = day_index(trim(item.substr(0, dash)));
        const int last = day_index(trim(item.substr(dash + 1)));
        for (int d = first;; d = (d + 1) % 7) {
            days[static_cast<std::size_t>(d)] = true;
            if (d == last) break;
        }
    }
    return days;
}

// "8:30", "08:30", "24:00" (only as an end) -> minutes of the day.
int parse_time(std::string_view text, bool is_end) {
    const auto bad = [&] {
        return OfficeHoursError(quoted(text) + " is not a time; write 24-hour HH:MM, e.g. 08:30 or 16:30");
    };
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) throw bad();
    int hour = 0, minute = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == colon) continue;
        if (text[i] < '0' || text[i] > '9') throw bad();
        int& part = i < colon ? hour : minute;
        part = part * 10 + (text[i] - '0');
    }
    if (minute > 59) throw bad();
    if (hour == 24 && minute == 0) {
        if (!is_end) throw OfficeHoursError("24:00 can only end a range; a day starts at 00:00");
        return kMinutesPerDay;
    }
    if (hour > 23) throw bad();
    return hour * 60 + minute;
}

std::pair<int, int> parse_range(std::string_view text) {
    const auto dash = text.find('-');
    if (dash == std::string_view::npos)
        throw OfficeHoursError(quoted(text) + " is not a range of times; write e.g. 08:30-16:30");
    const int start = parse_time(trim(text.substr(0, dash)), false);
    const int end = parse_time(trim(text.substr(dash + 1)), true);
    if (end <= start)
        throw OfficeHoursError(quoted(text) +
                               ": the end must be after the start (a range past midnight is two groups, e.g. "
                               "\"fri 22:00-24:00; sat 00:00-06:00\")");
    return {start, end};
}

std::string hh_mm(int minutes) {
    std::string out = "00:00";
    out[0] = static_cast<char>('0' + minutes / 60 / 10);
    out[1] = static_cast<char>('0' + minutes / 60 % 10);
    out[3] = static_cast<char>('0' + minutes % 60 / 10);
    out[4] = static_cast<char>('0' + minutes % 10);
    return out;
}

std::string day_name(int weekday, std::string_view language) {
    if (language == "en") return std::string(english_weekday_name(weekday).substr(0, 3));
    return std::string(thai_weekday_name(weekday));
}

constexpr const char* kDash = "\u2013";  // en dash, as a printed timetable writes ranges

}  // namespace

OfficeHours OfficeHours::parse(std::string_view hours) {
    OfficeHours out;
    if (trim(hours).empty()) return out;
    out.restricted_ = true;
    bool any = false;
    for (const auto group : split(hours, ';')) {
        if (group.empty()) continue;  // "a; b;" — a trailing separator is harmless
        const auto digit = group.find_first_of("0123456789");
        if (digit == std::string_view::npos)
            throw OfficeHoursError(quoted(group) + " has no times; write e.g. \"mon-fri 08:30-16:30\"");
        const auto days_text = trim(group.substr(0, digit));
        if (days_text.empty())
            throw OfficeHoursError(quoted(group) + " has no days; write e.g. \"mon-fri 08:30-16:30\"");
        const auto days = parse_days(days_text);
        std::vector<std::pair<int, int>> ranges;
        for (const auto range : split(group.substr(digit), ',')) {
            if (range.empty()) throw OfficeHoursError("empty range of times in " + quoted(group));
            ranges.push_back(parse_range(range));
        }
        for (int d = 0; d < 7; ++d)
            if (days[static_cast<std::size_t>(d)])
                for (const auto& r : ranges) out.windows_[static_cast<std::size_t>(d)].push_back(r);
        any = true;
    }
    if (!any) throw OfficeHoursError("no hours given; write e.g. \"mon-fri 08:30-16:30\", or \"\" for always open");
    // Sorted and merged, so that overlapping or touching ranges act (and read) as one.
    for (auto& day : out.windows_) {
        std::sort(day.begin(), day.end());
        std::vector<std::pair<int, int>> merged;
        for (const auto& r : day) {
            if (!merged.empty() && r.first <= merged.back().second)
                merged.back().second = std::max(merged.back().second, r.second);
            else
                merged.push_back(r);
        }
        day = std::move(merged);
    }
    return out;
}

CivilDate OfficeHours::parse_closed_date(std::string_view text) {
    const auto trimmed = trim(text);
    int year = 0;
    for (std::size_t i = 0; i < 4 && i < trimmed.size() && trimmed[i] >= '0' && trimmed[i] <= '9'; ++i)
        year = year * 10 + (trimmed[i] - '0');
    if (year >= 2400)  // offices write B.E. (2569 = 2026); no C.E. date here is that late
        throw OfficeHoursError(quoted(text) +
                               " has a Buddhist Era year; write the C.E. year (B.E. - 543), e.g. \"2026-04-13\"");
    const auto date = parse_iso_date(trimmed);
    if (!date) throw OfficeHoursError(quoted(text) + " is not a date; write YYYY-MM-DD (C.E.), e.g. \"2026-04-13\"");
    return *date;
}

OfficeHours OfficeHours::parse(std::string_view hours, const std::vector<std::string>& closed_dates) {
    OfficeHours out = parse(hours);
    for (const auto& text : closed_dates) out.add_closed_date(parse_closed_date(text));
    return out;
}

void OfficeHours::add_closed_date(CivilDate date) {
    const auto at = std::lower_bound(closed_dates_.begin(), closed_dates_.end(), date);
    if (at == closed_dates_.end() || *at != date) closed_dates_.insert(at, date);
}

bool OfficeHours::closed_on(CivilDate date) const {
    return std::binary_search(closed_dates_.begin(), closed_dates_.end(), date);
}

bool OfficeHours::is_open(std::int64_t utc_ms, int offset_min) const {
    if (always_open()) return true;
    const std::int64_t local = utc_ms + offset_min * kMsPerMinute;
    const std::int64_t day = floor_div(local, kMsPerDay);
    if (closed_on(civil_from_days(day))) return false;
    if (!restricted_) return true;
    const std::int64_t in_day = local - day * kMsPerDay;
    const auto weekday = static_cast<std::size_t>(((day + 4) % 7 + 7) % 7);  // 1970-01-01: Thursday
    for (const auto& [start, end] : windows_[weekday])
        if (in_day >= start * kMsPerMinute && in_day < end * kMsPerMinute) return true;
    return false;
}

std::optional<std::int64_t> OfficeHours::next_change(std::int64_t utc_ms, int offset_min) const {
    if (always_open()) return std::nullopt;
    // The answer can only change at a range's edge or at a midnight (closed dates): try those
    // in order. A week plus a day covers any weekly pattern; closed dates extend the search to
    // a week past the last one.
    const bool now_open = is_open(utc_ms, offset_min);
    const std::int64_t offset_ms = offset_min * kMsPerMinute;
    const std::int64_t first_day = floor_div(utc_ms + offset_ms, kMsPerDay);
    std::int64_t days = 8;
    if (!closed_dates_.empty())
        days = std::clamp<std::int64_t>(days_from_civil(closed_dates_.back()) - first_day + 8, 8, 4000);
    std::vector<int> edges;
    for (std::int64_t day = first_day; day <= first_day + days; ++day) {
        const auto weekday = static_cast<std::size_t>(((day + 4) % 7 + 7) % 7);
        edges.assign(1, 0);
        for (const auto& [start, end] : windows_[weekday]) {
            edges.push_back(start);
            edges.push_back(end);
        }
        for (const int minute : edges) {  // ascending: the ranges are sorted and disjoint
            const std::int64_t at = day * kMsPerDay + minute * kMsPerMinute - offset_ms;
            if (at > utc_ms && is_open(at, offset_min) != now_open) return at;
        }
    }
    return std::nullopt;
}

std::string OfficeHours::describe(std::string_view language) const {
    if (!restricted_) return {};
    // Days in the order a Thai office lists them, Monday first; days with the same ranges go
    // together ("Mon–Fri 08:30–16:30, Sat 09:00–12:00").
    struct Group {
        std::vector<std::pair<int, int>> ranges;
        std::array<bool, 7> days{};  // by weekday, 0 = Sunday
    };
    std::vector<Group> groups;
    for (int i = 0; i < 7; ++i) {
        const int weekday = (i + 1) % 7;
        const auto& ranges = windows_[static_cast<std::size_t>(weekday)];
        if (ranges.empty()) continue;
        auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.ranges == ranges; });
        if (it == groups.end()) it = groups.insert(groups.end(), Group{ranges, {}});
        it->days[static_cast<std::size_t>(weekday)] = true;
    }
    std::string out;
    for (const auto& g : groups) {
        if (!out.empty()) out += ", ";
        const auto in = [&](int monday_first) { return g.days[static_cast<std::size_t>((monday_first + 1) % 7)]; };
        if (std::all_of(g.days.begin(), g.days.end(), [](bool b) { return b; })) {
            out += language == "en" ? "Every day" : "ทุกวัน";
        } else {
            // Start at the first day that begins a run, so "sat-mon" reads "Sat–Mon".
            int start = 0;
            while (!(in(start) && !in((start + 6) % 7))) ++start;
            std::string days;
            for (int k = 0; k < 7;) {
                const int first = (start + k) % 7;
                if (!in(first)) {
                    ++k;
                    continue;
                }
                int length = 1;
                while (k + length < 7 && in((start + k + length) % 7)) ++length;
                if (!days.empty()) days += ", ";
                days += day_name((first + 1) % 7, language);
                if (length > 1) days += kDash + day_name((first + length) % 7, language);
                k += length;
            }
            out += days;
        }
        for (std::size_t r = 0; r < g.ranges.size(); ++r) {
            out += r == 0 ? " " : ", ";
            out += hh_mm(g.ranges[r].first) + kDash + hh_mm(g.ranges[r].second);
        }
    }
    return out;
}

}  // namespace feedback::core
