// Fiscal periods (see period.h for the spec forms and why bounds are half-open in UTC).
//
// Parsing is deliberately strict and every rejection gives the same list of accepted forms,
// because the person reading the message is usually an officer at a command line who typed
// a plausible-looking but wrong period.
#include "core/period.h"

#include <charconv>
#include <stdexcept>

namespace feedback::core {

namespace {

constexpr std::string_view kExpectedForms =
    "expected a fiscal year \"2569\", a half \"2569-H1\" or \"2569-H2\" "
    "(B.E. year 2500-2700), or an inclusive C.E. date range \"2026-01-01..2026-01-31\"";

constexpr std::string_view kEnDash = " \xE2\x80\x93 ";  // " – " (U+2013) between two dates

[[noreturn]] void fail(std::string_view spec, std::string_view problem) {
    std::string message = "invalid period \"";
    message += spec;
    message += "\": ";
    message += problem;
    message += "; ";
    message += kExpectedForms;
    throw std::invalid_argument(message);
}

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

int to_int(std::string_view digits) {
    int value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

void check_fiscal_year(int be, std::string_view spec) {
    if (be < kMinFiscalYearBe || be > kMaxFiscalYearBe) {
        fail(spec, "B.E. year " + std::to_string(be) + " is outside " +
                       std::to_string(kMinFiscalYearBe) + "-" + std::to_string(kMaxFiscalYearBe));
    }
}

CivilDate next_day(CivilDate date) { return civil_from_days(days_from_civil(date) + 1); }

std::string thai_range(const Period& p, bool thai_digits) {
    return format_thai_date(p.first, DateStyle::Abbreviated, thai_digits) + std::string(kEnDash) +
           format_thai_date(p.last, DateStyle::Abbreviated, thai_digits);
}

std::string english_range(const Period& p) {
    return format_english_date(p.first) + std::string(kEnDash) + format_english_date(p.last);
}

Period parse_range(std::string_view spec, std::size_t dots) {
    const std::string_view from_text = spec.substr(0, dots);
    const std::string_view to_text = spec.substr(dots + 2);
    const auto from = parse_iso_date(from_text);
    if (!from) fail(spec, "\"" + std::string(from_text) + "\" is not a valid YYYY-MM-DD date");
    const auto to = parse_iso_date(to_text);
    if (!to) fail(spec, "\"" + std::string(to_text) + "\" is not a valid YYYY-MM-DD date");
    // Catch a B.E. year written into an ISO date ("2569-01-01" is C.E. 2569, 543 years out).
    for (const CivilDate& d : {*from, *to}) {
        const int be = to_buddhist_year(d.year);
        if (be < kMinFiscalYearBe || be > kMaxFiscalYearBe) {
            fail(spec, "year " + std::to_string(d.year) +
                           " is out of range (dates are C.E.: B.E. minus 543)");
        }
    }
    if (*to < *from) fail(spec, "the range ends before it starts");
    return date_range_period(*from, *to);
}

}  // namespace

std::int64_t Period::start_utc_ms(int offset_min) const {
    return local_midnight_utc_ms(first, offset_min);
}

std::int64_t Period::end_utc_ms(int offset_min) const {
    return local_midnight_utc_ms(next_day(last), offset_min);
}

bool Period::contains(std::int64_t utc_ms, int offset_min) const {
    return start_utc_ms(offset_min) <= utc_ms && utc_ms < end_utc_ms(offset_min);
}

std::string Period::thai_title(bool thai_digits) const {
    std::string year = "ปีงบประมาณ พ.ศ. " + std::to_string(fiscal_year_be);
    if (thai_digits) year = to_thai_digits(year);
    const std::string range = thai_range(*this, thai_digits);
    switch (kind) {
    case PeriodKind::FirstHalf: return "ครึ่งปีแรก " + year + " (" + range + ")";
    case PeriodKind::SecondHalf: return "ครึ่งปีหลัง " + year + " (" + range + ")";
    case PeriodKind::FiscalYear: return year + " (" + range + ")";
    case PeriodKind::Range: break;
    }
    return range;
}

std::string Period::english_title() const {
    const std::string year = "Fiscal year " + std::to_string(to_common_year(fiscal_year_be)) +
                             " (B.E. " + std::to_string(fiscal_year_be) + ")";
    const std::string range = english_range(*this);
    switch (kind) {
    case PeriodKind::FirstHalf: return year + ", first half: " + range;
    case PeriodKind::SecondHalf: return year + ", second half: " + range;
    case PeriodKind::FiscalYear: return year + ": " + range;
    case PeriodKind::Range: break;
    }
    return range;
}

Period fiscal_year_period(int fiscal_year_be) {
    const std::string label = std::to_string(fiscal_year_be);
    check_fiscal_year(fiscal_year_be, label);
    const int ce = to_common_year(fiscal_year_be);
    return Period{CivilDate{ce - 1, 10, 1}, CivilDate{ce, 9, 30}, label, PeriodKind::FiscalYear,
                  fiscal_year_be};
}

Period fiscal_half_period(int fiscal_year_be, int half) {
    const std::string label = std::to_string(fiscal_year_be) + "-H" + std::to_string(half);
    check_fiscal_year(fiscal_year_be, label);
    const int ce = to_common_year(fiscal_year_be);
    if (half == 1) {
        return Period{CivilDate{ce - 1, 10, 1}, CivilDate{ce, 3, 31}, label, PeriodKind::FirstHalf,
                      fiscal_year_be};
    }
    if (half == 2) {
        return Period{CivilDate{ce, 4, 1}, CivilDate{ce, 9, 30}, label, PeriodKind::SecondHalf,
                      fiscal_year_be};
    }
    fail(label, "a fiscal year has only halves H1 and H2");
}

Period date_range_period(CivilDate first, CivilDate last) {
    const std::string label = format_iso_date(first) + ".." + format_iso_date(last);
    if (!is_valid(first) || !is_valid(last)) fail(label, "not a real calendar date");
    if (last < first) fail(label, "the range ends before it starts");
    return Period{first, last, label, PeriodKind::Range, 0};
}

Period parse_period(std::string_view spec) {
    if (spec.empty()) fail(spec, "empty");

    if (const std::size_t dots = spec.find(".."); dots != std::string_view::npos) {
        return parse_range(spec, dots);
    }

    // "2569" or "2569-H1"/"2569-H2" (a lower-case h is forgiven; the label is canonical).
    const std::string_view year_text = spec.substr(0, 4);
    if (spec.size() < 4 || !all_digits(year_text)) fail(spec, "not a recognised period");
    const int be = to_int(year_text);
    if (spec.size() == 4) {
        check_fiscal_year(be, spec);
        return fiscal_year_period(be);
    }
    if (spec.size() == 7 && spec[4] == '-' && (spec[5] == 'H' || spec[5] == 'h')) {
        const char half = spec[6];
        if (half < '0' || half > '9') fail(spec, "not a recognised period");
        check_fiscal_year(be, spec);
        if (half != '1' && half != '2') {
            fail(spec, "a fiscal year has only halves H1 and H2");
        }
        return fiscal_half_period(be, half - '0');
    }
    fail(spec, "not a recognised period");
}

int fiscal_year_be_of(CivilDate date) {
    return to_buddhist_year(date.year) + (date.month >= 10 ? 1 : 0);
}

Period half_year_containing(CivilDate date) {
    const bool first_half = date.month >= 10 || date.month <= 3;
    return fiscal_half_period(fiscal_year_be_of(date), first_half ? 1 : 2);
}

std::vector<std::pair<int, int>> months_in(const Period& period) {
    std::vector<std::pair<int, int>> months;
    int year = period.first.year;
    int month = period.first.month;
    while (year < period.last.year || (year == period.last.year && month <= period.last.month)) {
        months.emplace_back(year, month);
        if (++month > 12) {
            month = 1;
            ++year;
        }
    }
    return months;
}

}  // namespace feedback::core
