// Fiscal period tests: spec parsing, the exact UTC instants at which halves begin and end at
// the office offset (+07:00), titles, and the rejection of malformed specs. Instants are
// hand-computed epoch milliseconds (e.g. 2026-03-31T17:00:00Z = 1774976400000).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "core/period.h"

using namespace feedback::core;
using Catch::Matchers::Contains;

namespace {
constexpr std::int64_t k2025_09_30T17_00Z = 1759251600000;  // 1 Oct 2025 00:00 +07:00
constexpr std::int64_t k2026_03_31T17_00Z = 1774976400000;  // 1 Apr 2026 00:00 +07:00
constexpr std::int64_t k2026_09_30T17_00Z = 1790787600000;  // 1 Oct 2026 00:00 +07:00
}  // namespace

TEST_CASE("office offset is +07:00", "[period]") {
    STATIC_REQUIRE(kOfficeOffsetMin == 420);
}

TEST_CASE("parse fiscal halves and years", "[period]") {
    SECTION("2569-H1") {
        const Period p = parse_period("2569-H1");
        CHECK(p.first == CivilDate{2025, 10, 1});
        CHECK(p.last == CivilDate{2026, 3, 31});
        CHECK(p.label == "2569-H1");
        CHECK(p.kind == PeriodKind::FirstHalf);
        CHECK(p.fiscal_year_be == 2569);
    }
    SECTION("2569-H2") {
        const Period p = parse_period("2569-H2");
        CHECK(p.first == CivilDate{2026, 4, 1});
        CHECK(p.last == CivilDate{2026, 9, 30});
        CHECK(p.label == "2569-H2");
        CHECK(p.kind == PeriodKind::SecondHalf);
        CHECK(p.fiscal_year_be == 2569);
    }
    SECTION("2569") {
        const Period p = parse_period("2569");
        CHECK(p.first == CivilDate{2025, 10, 1});
        CHECK(p.last == CivilDate{2026, 9, 30});
        CHECK(p.label == "2569");
        CHECK(p.kind == PeriodKind::FiscalYear);
        CHECK(p.fiscal_year_be == 2569);
    }
    SECTION("lower-case h is accepted, label is canonical") {
        const Period p = parse_period("2568-h2");
        CHECK(p.label == "2568-H2");
        CHECK(p.first == CivilDate{2025, 4, 1});
        CHECK(p.last == CivilDate{2025, 9, 30});
    }
    SECTION("leap-year first half still ends 31 Mar") {
        const Period p = parse_period("2567-H1");  // Oct 2023 .. Mar 2024 (2024 is leap)
        CHECK(p.first == CivilDate{2023, 10, 1});
        CHECK(p.last == CivilDate{2024, 3, 31});
    }
    SECTION("limits of the B.E. window") {
        CHECK(parse_period("2500").first == CivilDate{1956, 10, 1});
        CHECK(parse_period("2700-H2").last == CivilDate{2157, 9, 30});
    }
}

TEST_CASE("parse date ranges", "[period]") {
    const Period p = parse_period("2026-01-01..2026-01-31");
    CHECK(p.first == CivilDate{2026, 1, 1});
    CHECK(p.last == CivilDate{2026, 1, 31});
    CHECK(p.kind == PeriodKind::Range);
    CHECK(p.fiscal_year_be == 0);
    CHECK(p.label == "2026-01-01..2026-01-31");

    const Period one_day = parse_period("2024-02-29..2024-02-29");
    CHECK(one_day.first == one_day.last);
    CHECK(one_day.end_utc_ms(0) - one_day.start_utc_ms(0) == 86'400'000);
}

TEST_CASE("parse_period rejects malformed specs with a clear message", "[period]") {
    const char* bad[] = {
        "",
        "2569-H3",
        "2569-H0",
        "2569-H",
        "2569-H12",
        "2569H1",
        "2569-1",
        "2569-X1",
        "2499",
        "2701",
        "2026",        // a C.E. year where a B.E. one is expected
        "2499-H1",
        "256",
        "25690",
        "abcd",
        "FY2569",
        " 2569",
        "2569 ",
        "2569-H1 ",
        "\t2569-H1",
        "2569 -H1",
        "2026-01-31..2026-01-01",  // reversed
        "2026-02-30..2026-03-01",  // no 30 Feb
        "2026-01-01..2026-13-01",
        "2026-01-01..",
        "..2026-01-31",
        "2026-01-01...2026-01-31",
        "2026-01-01 .. 2026-01-31",
        "2026-1-1..2026-1-31",
        "2569-01-01..2569-01-31",  // B.E. year in an ISO date
        "2026-01-01..2026-01-31..2026-02-28",
        "-2569",
        "+2569",
    };
    for (const char* spec : bad) {
        INFO("spec: \"" << spec << "\"");
        CHECK_THROWS_AS(parse_period(spec), std::invalid_argument);
    }

    // The message names the spec and lists the accepted forms.
    CHECK_THROWS_WITH(parse_period("2569-H3"),
                      Contains("\"2569-H3\"") && Contains("H1") && Contains("H2") &&
                          Contains("2569-H1") && Contains("2026-01-01..2026-01-31"));
    CHECK_THROWS_WITH(parse_period("2026-01-31..2026-01-01"),
                      Contains("2026-01-31..2026-01-01") && Contains("ends before it starts"));
    CHECK_THROWS_WITH(parse_period("2026-02-30..2026-03-01"), Contains("2026-02-30"));
    CHECK_THROWS_WITH(parse_period("2801"), Contains("2801") && Contains("2500"));
    CHECK_THROWS_WITH(parse_period("2569-01-01..2569-01-31"), Contains("C.E."));
}

TEST_CASE("builders", "[period]") {
    CHECK(fiscal_year_period(2569).label == "2569");
    CHECK(fiscal_half_period(2569, 1).label == "2569-H1");
    CHECK(fiscal_half_period(2569, 2).first == CivilDate{2026, 4, 1});
    CHECK_THROWS_AS(fiscal_half_period(2569, 3), std::invalid_argument);
    CHECK_THROWS_AS(fiscal_half_period(2569, 0), std::invalid_argument);
    CHECK_THROWS_AS(fiscal_year_period(1999), std::invalid_argument);
    CHECK_THROWS_AS(date_range_period({2026, 2, 1}, {2026, 1, 31}), std::invalid_argument);
    CHECK_THROWS_AS(date_range_period({2026, 2, 29}, {2026, 3, 1}), std::invalid_argument);
    CHECK(date_range_period({2026, 1, 1}, {2026, 1, 31}).label == "2026-01-01..2026-01-31");
}

TEST_CASE("half-year boundaries fall at local midnight (+07:00)", "[period]") {
    const Period h1 = parse_period("2569-H1");
    const Period h2 = parse_period("2569-H2");
    const Period fy = parse_period("2569");

    CHECK(h1.start_utc_ms(kOfficeOffsetMin) == k2025_09_30T17_00Z);
    CHECK(h1.end_utc_ms(kOfficeOffsetMin) == k2026_03_31T17_00Z);
    CHECK(h2.start_utc_ms(kOfficeOffsetMin) == k2026_03_31T17_00Z);
    CHECK(h2.end_utc_ms(kOfficeOffsetMin) == k2026_09_30T17_00Z);
    CHECK(fy.start_utc_ms() == k2025_09_30T17_00Z);  // default offset is the office's
    CHECK(fy.end_utc_ms() == k2026_09_30T17_00Z);

    // 2026-03-31T16:59:59.999Z is the last millisecond of H1 in Bangkok.
    CHECK(h1.contains(k2026_03_31T17_00Z - 1, kOfficeOffsetMin));
    CHECK_FALSE(h2.contains(k2026_03_31T17_00Z - 1, kOfficeOffsetMin));
    // 2026-03-31T17:00:00.000Z is the first millisecond of H2.
    CHECK_FALSE(h1.contains(k2026_03_31T17_00Z, kOfficeOffsetMin));
    CHECK(h2.contains(k2026_03_31T17_00Z, kOfficeOffsetMin));

    // 1 Oct at local midnight opens H1; the instant before belongs to the previous year.
    CHECK(h1.contains(k2025_09_30T17_00Z, kOfficeOffsetMin));
    CHECK_FALSE(h1.contains(k2025_09_30T17_00Z - 1, kOfficeOffsetMin));
    CHECK(parse_period("2568-H2").contains(k2025_09_30T17_00Z - 1, kOfficeOffsetMin));
    CHECK(h2.contains(k2026_09_30T17_00Z - 1, kOfficeOffsetMin));
    CHECK_FALSE(h2.contains(k2026_09_30T17_00Z, kOfficeOffsetMin));
    CHECK(parse_period("2570-H1").contains(k2026_09_30T17_00Z, kOfficeOffsetMin));

    // In UTC the same half starts seven hours later.
    CHECK(h2.start_utc_ms(0) == k2026_03_31T17_00Z + 7 * 3'600'000);
    CHECK_FALSE(h2.contains(k2026_03_31T17_00Z, 0));
}

TEST_CASE("range bounds are inclusive of the last day", "[period]") {
    const Period jan = parse_period("2026-01-01..2026-01-31");
    constexpr std::int64_t k2025_12_31T17_00Z = 1767200400000;  // 1 Jan 2026 00:00 +07:00
    constexpr std::int64_t k2026_01_31T17_00Z = 1769878800000;  // 1 Feb 2026 00:00 +07:00
    CHECK(jan.start_utc_ms() == k2025_12_31T17_00Z);
    CHECK(jan.end_utc_ms() == k2026_01_31T17_00Z);
    CHECK(jan.contains(k2026_01_31T17_00Z - 1));
    CHECK_FALSE(jan.contains(k2026_01_31T17_00Z));
    CHECK_FALSE(jan.contains(k2025_12_31T17_00Z - 1));
    CHECK(jan.contains(CivilDate{2026, 1, 31}));
    CHECK_FALSE(jan.contains(CivilDate{2026, 2, 1}));
}

TEST_CASE("titles", "[period]") {
    CHECK(parse_period("2569-H1").thai_title() ==
          "ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2569 (1 ต.ค. 2568 – 31 มี.ค. 2569)");
    CHECK(parse_period("2569-H2").thai_title() ==
          "ครึ่งปีหลัง ปีงบประมาณ พ.ศ. 2569 (1 เม.ย. 2569 – 30 ก.ย. 2569)");
    CHECK(parse_period("2569").thai_title() ==
          "ปีงบประมาณ พ.ศ. 2569 (1 ต.ค. 2568 – 30 ก.ย. 2569)");
    CHECK(parse_period("2026-01-01..2026-01-31").thai_title() == "1 ม.ค. 2569 – 31 ม.ค. 2569");
    CHECK(parse_period("2569-H1").thai_title(true) ==
          "ครึ่งปีแรก ปีงบประมาณ พ.ศ. ๒๕๖๙ (๑ ต.ค. ๒๕๖๘ – ๓๑ มี.ค. ๒๕๖๙)");
    // The dash is a real EN DASH (U+2013), not a hyphen.
    CHECK_THAT(parse_period("2026-01-01..2026-01-31").thai_title(), Contains("\xE2\x80\x93"));

    CHECK(parse_period("2569-H1").english_title() ==
          "Fiscal year 2026 (B.E. 2569), first half: 1 Oct 2025 – 31 Mar 2026");
    CHECK(parse_period("2569-H2").english_title() ==
          "Fiscal year 2026 (B.E. 2569), second half: 1 Apr 2026 – 30 Sep 2026");
    CHECK(parse_period("2569").english_title() ==
          "Fiscal year 2026 (B.E. 2569): 1 Oct 2025 – 30 Sep 2026");
    CHECK(parse_period("2026-01-01..2026-01-31").english_title() == "1 Jan 2026 – 31 Jan 2026");
}

TEST_CASE("fiscal year and half of a date", "[period]") {
    CHECK(fiscal_year_be_of({2025, 9, 30}) == 2568);
    CHECK(fiscal_year_be_of({2025, 10, 1}) == 2569);
    CHECK(fiscal_year_be_of({2026, 1, 1}) == 2569);
    CHECK(fiscal_year_be_of({2026, 9, 30}) == 2569);
    CHECK(fiscal_year_be_of({2026, 10, 1}) == 2570);

    CHECK(half_year_containing({2025, 10, 1}).label == "2569-H1");
    CHECK(half_year_containing({2025, 12, 31}).label == "2569-H1");
    CHECK(half_year_containing({2026, 3, 31}).label == "2569-H1");
    CHECK(half_year_containing({2026, 4, 1}).label == "2569-H2");
    CHECK(half_year_containing({2026, 9, 30}).label == "2569-H2");
    CHECK(half_year_containing({2026, 10, 1}).label == "2570-H1");
    CHECK(half_year_containing({2025, 9, 30}).label == "2568-H2");
    const Period h = half_year_containing({2026, 2, 14});
    CHECK(h.first == CivilDate{2025, 10, 1});
    CHECK(h.last == CivilDate{2026, 3, 31});
    CHECK(h.kind == PeriodKind::FirstHalf);
}

TEST_CASE("months_in", "[period]") {
    using YM = std::pair<int, int>;
    CHECK(months_in(parse_period("2569-H1")) ==
          std::vector<YM>{{2025, 10}, {2025, 11}, {2025, 12}, {2026, 1}, {2026, 2}, {2026, 3}});
    CHECK(months_in(parse_period("2569-H2")) ==
          std::vector<YM>{{2026, 4}, {2026, 5}, {2026, 6}, {2026, 7}, {2026, 8}, {2026, 9}});
    const auto fy = months_in(parse_period("2569"));
    REQUIRE(fy.size() == 12);
    CHECK(fy.front() == YM{2025, 10});
    CHECK(fy.back() == YM{2026, 9});
    CHECK(months_in(parse_period("2026-01-15..2026-01-20")) == std::vector<YM>{{2026, 1}});
    CHECK(months_in(parse_period("2025-12-31..2026-02-01")) ==
          std::vector<YM>{{2025, 12}, {2026, 1}, {2026, 2}});
}
