// The retry policy's arithmetic; the rules and why they are pure are in retry_policy.h.
#include "retry_policy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

namespace feedback::sync {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's well-known algorithm);
// written out because timegm() depends on the process's locale/time zone state and this file
// must stay pure.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<unsigned> month_from(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (unsigned i = 0; i < kMonths.size(); ++i)
        if (name == kMonths[i]) return i + 1;
    return std::nullopt;
}

// A tiny cursor over the header value: every HTTP-date form is fixed words and numbers.
struct Cursor {
    std::string_view text;
    std::size_t pos = 0;

    bool at_end() const { return pos >= text.size(); }
    bool literal(char c) {
        if (pos < text.size() && text[pos] == c) {
            ++pos;
            return true;
        }
        return false;
    }
    void spaces() {
        while (pos < text.size() && text[pos] == ' ') ++pos;
    }
    std::optional<std::string_view> word() {
        const std::size_t start = pos;
        while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
        if (pos == start) return std::nullopt;
        return text.substr(start, pos - start);
    }
    std::optional<int> number(std::size_t min_digits, std::size_t max_digits) {
        const std::size_t start = pos;
        int value = 0;
        while (pos < text.size() && pos - start < max_digits &&
               std::isdigit(static_cast<unsigned char>(text[pos])))
            value = value * 10 + (text[pos++] - '0');
        if (pos - start < min_digits) return std::nullopt;
        return value;
    }
};

struct DateParts {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool time_of_day(Cursor& c, DateParts& p) {
    auto h = c.number(2, 2);
    if (!h || !c.literal(':')) return false;
    auto m = c.number(2, 2);
    if (!m || !c.literal(':')) return false;
    auto s = c.number(2, 2);
    if (!s) return false;
    p.hour = *h;
    p.minute = *m;
    p.second = *s;
    return true;
}

bool month_word(Cursor& c, DateParts& p) {
    auto w = c.word();
    if (!w) return false;
    auto m = month_from(*w);
    if (!m) return false;
    p.month = static_cast<int>(*m);
    return true;
}

// "Sun, 06 Nov 1994 08:49:37 GMT" or "Sunday, 06-Nov-94 08:49:37 GMT".
bool parse_after_comma(Cursor& c, DateParts& p) {
    c.spaces();
    auto day = c.number(1, 2);
    if (!day) return false;
    p.day = *day;
    if (c.literal('-')) {  // RFC 850
        if (!month_word(c, p) || !c.literal('-')) return false;
        auto yy = c.number(2, 2);
        if (!yy) return false;
        // RFC 9110: a two-digit year more than 50 years in the future is in the past century;
        // a Retry-After is always near now, so 00-69 -> 20xx is right for this program's life.
        p.year = *yy < 70 ? 2000 + *yy : 1900 + *yy;
    } else {  // IMF-fixdate
        c.spaces();
        if (!month_word(c, p)) return false;
        c.spaces();
        auto year = c.number(4, 4);
        if (!year) return false;
        p.year = *year;
    }
    c.spaces();
    if (!time_of_day(c, p)) return false;
    c.spaces();
    auto zone = c.word();
    return zone && *zone == "GMT";
}

// "Sun Nov  6 08:49:37 1994".
bool parse_asctime(Cursor& c, DateParts& p) {
    c.spaces();
    if (!month_word(c, p)) return false;
    c.spaces();
    auto day = c.number(1, 2);
    if (!day) return false;
    p.day = *day;
    c.spaces();
    if (!time_of_day(c, p)) return false;
    c.spaces();
    auto year = c.number(4, 4);
    if (!year) return false;
    p.year = *year;
    return true;
}

std::optional<std::int64_t> parse_http_date_ms(std::string_view text) {
    Cursor c{text};
    auto weekday = c.word();
    if (!weekday) return std::nullopt;
    DateParts p;
    const bool ok = c.literal(',') ? parse_after_comma(c, p) : parse_asctime(c, p);
    c.spaces();
    if (!ok || !c.at_end()) return std::nullopt;
    if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 || p.hour > 23 || p.minute > 59 ||
        p.second > 60)
        return std::nullopt;
    const std::int64_t days =
        days_from_civil(p.year, static_cast<unsigned>(p.month), static_cast<unsigned>(p.day));
    return ((days * 24 + p.hour) * 60 + p.minute) * 60'000 + std::int64_t{p.second} * 1000;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

OutcomeClass classify(const Attempt& a) {
    if (a.kind == Attempt::Kind::Transport) return OutcomeClass::Transient;
    if (a.status >= 200 && a.status < 300)
        return a.body_valid && a.progress ? OutcomeClass::Success : OutcomeClass::Transient;
    if (a.status == 413) return OutcomeClass::TooLarge;
    if (a.status == 401 || a.status == 403) return OutcomeClass::Unauthorized;
    // 408, 429, 5xx are transient by definition; 400/415/422, redirects and anything else are
    // "our request or their server is wrong": logged with the reason by the caller, retried
    // with backoff, because dropping an answer is the one thing the kiosk must never do.
    return OutcomeClass::Transient;
}

std::string_view to_string(OutcomeClass outcome) {
    switch (outcome) {
        case OutcomeClass::Success: return "success";
        case OutcomeClass::Transient: return "transient failure";
        case OutcomeClass::TooLarge: return "batch too large";
        case OutcomeClass::Unauthorized: return "unauthorized";
    }
    return "?";
}

Millis full_jitter_backoff(Millis base, Millis cap, int failures, double unit) {
    if (failures < 1 || base.count() <= 0 || cap.count() <= 0) return Millis{0};
    // Doubling stops once it passes the cap, so no shift can overflow however long the outage.
    std::int64_t window = base.count();
    for (int i = 1; i < failures && window < cap.count(); ++i) window *= 2;
    window = std::min(window, static_cast<std::int64_t>(cap.count()));
    unit = std::clamp(unit, 0.0, 1.0);
    auto delay = static_cast<std::int64_t>(std::floor(unit * static_cast<double>(window)));
    return Millis{std::min(delay, window)};
}

std::optional<Millis> parse_retry_after(std::string_view value, std::int64_t now_utc_ms) {
    value = trim(value);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        // Ten digits of seconds is already 300 years; longer would only overflow.
        if (value.size() > 10) return Millis{std::numeric_limits<std::int32_t>::max()} * 1000;
        return Millis{std::stoll(std::string(value)) * 1000};
    }
    auto at = parse_http_date_ms(value);
    if (!at) return std::nullopt;
    return Millis{std::max<std::int64_t>(0, *at - now_utc_ms)};
}

RetryPolicy::RetryPolicy(RetrySettings settings)
    : settings_(settings), batch_size_(std::max<std::size_t>(1, settings.batch_size)) {
    settings_.batch_size = batch_size_;
}

Decision RetryPolicy::after(const Attempt& attempt, double jitter_unit) {
    const OutcomeClass outcome = classify(attempt);
    Decision d;
    d.outcome = outcome;
    switch (outcome) {
        case OutcomeClass::Success:
            failures_ = 0;
            if (batch_size_ < settings_.batch_size && ++successes_at_size_ >= settings_.restore_after) {
                batch_size_ = std::min(settings_.batch_size, batch_size_ * 2);
                successes_at_size_ = 0;
            }
            d.action = Decision::Action::SendNow;
            return d;
        case OutcomeClass::TooLarge:
            successes_at_size_ = 0;
            if (batch_size_ > 1) {
                batch_size_ /= 2;
                d.action = Decision::Action::SendNow;
                return d;
            }
            break;  // one entry is still too large: back off like any transient failure
        case OutcomeClass::Unauthorized:
            d.action = Decision::Action::WaitForCredentials;
            d.delay = settings_.auth_retry;
            return d;
        case OutcomeClass::Transient: break;
    }
    ++failures_;
    d.action = Decision::Action::Wait;
    d.delay = full_jitter_backoff(settings_.base, settings_.cap, failures_, jitter_unit);
    if (attempt.retry_after) d.delay = std::max(d.delay, std::min(*attempt.retry_after, settings_.max_retry_after));
    return d;
}

}  // namespace feedback::sync
