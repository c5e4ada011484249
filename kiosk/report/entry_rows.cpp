// Period rows, snapshots and the answer-list readers (see entry_rows.h for why they are shared
// and why the JSON readers have a fast path).
//
#include "report/entry_rows.h"

#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>
#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace feedback::report {
namespace {

// Reads `"…"` starting at s[pos] (which must be '"'); the plain form only: no escapes.
bool plain_string(std::string_view s, std::size_t& pos, std::string_view& out) {
    if (pos >= s.size() || s[pos] != '"') return false;
    const std::size_t close = s.find('"', pos + 1);
    if (close == std::string_view::npos) return false;
    out = s.substr(pos + 1, close - pos - 1);
    if (out.find('\\') != std::string_view::npos) return false;
    pos = close + 1;
    return true;
}

bool plain_int(std::string_view s, std::size_t& pos, int& out) {
    bool negative = false;
    if (pos < s.size() && s[pos] == '-') {
        negative = true;
        ++pos;
    }
    const std::size_t start = pos;
    long long value = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 9) {
        value = value * 10 + (s[pos] - '0');
        ++pos;
    }
    if (pos == start) return false;
    out = static_cast<int>(negative ? -value : value);
    return true;
}

// The compact form the store writes. Members are collected first and handed out only when the
// whole text parsed, so a fallback to the full parser never sees half-delivered members.
constexpr std::size_t kFastMembers = 16;

bool fast_dimensions(std::string_view s, const std::function<void(std::string_view, int)>& fn) {
    if (s.size() < 2 || s.front() != '{' || s.back() != '}') return false;
    std::array<std::pair<std::string_view, int>, kFastMembers> members{};
    std::size_t count = 0;
    std::size_t pos = 1;
    if (s.size() > 2) {
        while (true) {
            if (count == members.size()) return false;
            auto& [key, value] = members[count];
            if (!plain_string(s, pos, key) || pos >= s.size() || s[pos] != ':') return false;
            ++pos;
            if (!plain_int(s, pos, value)) return false;
            ++count;
            if (pos >= s.size()) return false;
            if (s[pos] == '}') break;
            if (s[pos] != ',') return false;
            ++pos;
        }
        if (pos + 1 != s.size()) return false;
    }
    for (std::size_t i = 0; i < count; ++i) fn(members[i].first, members[i].second);
    return true;
}

bool fast_reasons(std::string_view s, const std::function<void(std::string_view)>& fn) {
    if (s.size() < 2 || s.front() != '[' || s.back() != ']') return false;
    std::array<std::string_view, kFastMembers> items{};
    std::size_t count = 0;
    std::size_t pos = 1;
    if (s.size() > 2) {
        while (true) {
            if (count == items.size()) return false;
            if (!plain_string(s, pos, items[count])) return false;
            ++count;
            if (pos >= s.size()) return false;
            if (s[pos] == ']') break;
            if (s[pos] != ',') return false;
            ++pos;
        }
        if (pos + 1 != s.size()) return false;
    }
    for (std::size_t i = 0; i < count; ++i) fn(items[i]);
    return true;
}

}  // namespace

PeriodBounds period_bounds(const core::Period& period) {
    return {core::format_iso_utc(period.start_utc_ms()), core::format_iso_utc(period.end_utc_ms())};
}

std::vector<PeriodBounds> split_period(const core::Period& period, int count) {
    const auto whole = period_bounds(period);
    const std::int64_t start = period.start_utc_ms(), end = period.end_utc_ms();
    std::vector<std::string> cuts{whole.lower};
    for (int i = 1; i < count; ++i) {
        auto cut = core::format_iso_utc(start + (end - start) * i / count);
        if (cut > cuts.back() && cut < whole.upper) cuts.push_back(std::move(cut));
    }
    cuts.push_back(whole.upper);
    std::vector<PeriodBounds> ranges;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) ranges.push_back({cuts[i], cuts[i + 1]});
    return ranges;
}

std::optional<std::int64_t> CreatedUtcParser::parse(std::string_view s) {
    const auto digit = [&s](std::size_t i) { return static_cast<unsigned>(s[i] - '0'); };
    const auto two = [&](std::size_t i, unsigned max, unsigned& out) {
        if (digit(i) > 9 || digit(i + 1) > 9) return false;
        out = digit(i) * 10 + digit(i + 1);
        return out <= max;
    };
    if (s.size() != 24 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
        return core::parse_iso_utc(s);
    if (!cached_ || std::memcmp(s.data(), date_, sizeof date_) != 0) {
        const auto date = core::parse_iso_date(s.substr(0, 10));
        if (!date) return std::nullopt;
        std::memcpy(date_, s.data(), sizeof date_);
        day_ms_ = core::days_from_civil(*date) * 86'400'000LL;
        cached_ = true;
    }
    unsigned hour = 0, minute = 0, second = 0;
    if (!two(11, 23, hour) || !two(14, 59, minute) || !two(17, 60, second)) return std::nullopt;
    if (digit(20) > 9 || digit(21) > 9 || digit(22) > 9) return std::nullopt;
    const unsigned ms = digit(20) * 100 + digit(21) * 10 + digit(22);
    return day_ms_ + ((hour * 60LL + minute) * 60 + second) * 1000 + ms;
}

bool for_each_dimension(std::string_view json, const std::function<void(std::string_view, int)>& fn) {
    if (fast_dimensions(json, fn)) return true;
    const auto parsed = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return false;
    for (auto it = parsed.begin(); it != parsed.end(); ++it) {
        if (!it.value().is_number_integer()) return false;
    }
    for (auto it = parsed.begin(); it != parsed.end(); ++it) {
        const auto level = it.value().get<long long>();
        fn(it.key(), level < -1000 || level > 1000 ? -1 : static_cast<int>(level));
    }
    return true;
}

bool for_each_reason(std::string_view json, const std::function<void(std::string_view)>& fn) {
    if (fast_reasons(json, fn)) return true;
    const auto parsed = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_array()) return false;
    for (const auto& item : parsed) {
        if (!item.is_string()) return false;
    }
    for (const auto& item : parsed) fn(item.get_ref<const std::string&>());
    return true;
}

}  // namespace feedback::report
