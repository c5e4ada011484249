// Reporting periods: the Thai government fiscal year (ปีงบประมาณ), its two halves, and plain
// date ranges (DESIGN.md §5).
//
// Why a spec string ("2569-H1", "2569", "2026-01-01..2026-01-31"): officers think in fiscal
// halves named by the B.E. year, while IT scripts want exact C.E. dates; one short text form
// covers both on a command line and in a report's file name, and `label` gives it back in
// canonical form. A period is a set of whole local calendar days; instants are mapped onto it
// at a fixed offset (the office's +07:00), never the machine's zone, so a report is the same
// wherever it is produced. Bounds are kept as inclusive dates (how people say them) and turned
// into a half-open [start, end) interval of UTC instants for queries, so that the last
// millisecond of 31 March belongs to H1 and the first of 1 April to H2 with no gap or overlap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/thai_calendar.h"

namespace feedback::core {

// Asia/Bangkok has had no daylight saving since 1920: a fixed offset is exact.
inline constexpr int kOfficeOffsetMin = 420;  // +07:00

// B.E. years accepted in specs; anything outside is almost surely a typo (or a C.E. year).
inline constexpr int kMinFiscalYearBe = 2500;
inline constexpr int kMaxFiscalYearBe = 2700;

enum class PeriodKind {
    FiscalYear,  // "2569": 1 Oct 2568 .. 30 Sep 2569 (B.E.)
    FirstHalf,   // "2569-H1": 1 Oct .. 31 Mar
    SecondHalf,  // "2569-H2": 1 Apr .. 30 Sep
    Range,       // "2026-01-01..2026-01-31", inclusive, C.E.
};

struct Period {
    CivilDate first;           // first day, inclusive
    CivilDate last;            // last day, inclusive
    std::string label;         // canonical spec, e.g. "2569-H1"
    PeriodKind kind = PeriodKind::Range;
    int fiscal_year_be = 0;    // 0 for ranges

    // Local midnight at the start of `first`.
    std::int64_t start_utc_ms(int offset_min = kOfficeOffsetMin) const;
    // EXCLUSIVE: local midnight at the start of the day after `last`.
    std::int64_t end_utc_ms(int offset_min = kOfficeOffsetMin) const;
    bool contains(std::int64_t utc_ms, int offset_min = kOfficeOffsetMin) const;
    bool contains(CivilDate date) const { return first <= date && date <= last; }

    // "ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2569 (1 ต.ค. 2568 – 31 มี.ค. 2569)"
    std::string thai_title(bool thai_digits = false) const;
    // "Fiscal year 2026 (B.E. 2569), first half: 1 Oct 2025 – 31 Mar 2026"
    std::string english_title() const;
};

// Throws std::invalid_argument naming the spec and the accepted forms. No trimming: stray
// whitespace is rejected so that a quoting mistake in a script is noticed, not guessed at.
Period parse_period(std::string_view spec);

// Builders behind parse_period; throw std::invalid_argument for out-of-range or bad input.
Period fiscal_year_period(int fiscal_year_be);
Period fiscal_half_period(int fiscal_year_be, int half);  // half 1 or 2
Period date_range_period(CivilDate first, CivilDate last);

// ปีงบประมาณ (B.E.) a day belongs to: October onwards counts toward the next year.
int fiscal_year_be_of(CivilDate date);
// The H1 or H2 period the day falls in; throws like fiscal_half_period outside B.E. 2500-2700.
Period half_year_containing(CivilDate date);

// (year C.E., month) for every calendar month the period touches, oldest first; partial
// months at either end are included.
std::vector<std::pair<int, int>> months_in(const Period& period);

}  // namespace feedback::core
