// Likert tests: band edges for both common schemes (width 0.8 and width 1.0 at x.50), the
// decimal rounding that must agree with what a report prints, and statistics checked against
// values worked out by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/likert.h"

using namespace feedback::core;
using Catch::Matchers::Contains;

TEST_CASE("rounding to 2 decimals is half away from zero on the decimal value", "[likert]") {
    CHECK(round_2dp(4.205) == Approx(4.21).margin(1e-12));  // binary 4.20499999…
    CHECK(round_2dp(1.005) == Approx(1.01).margin(1e-12));  // binary 1.00499999…
    CHECK(round_2dp(2.675) == Approx(2.68).margin(1e-12));
    CHECK(round_2dp(1.805) == Approx(1.81).margin(1e-12));
    CHECK(round_2dp(4.2049) == Approx(4.20).margin(1e-12));
    CHECK(round_2dp(-1.005) == Approx(-1.01).margin(1e-12));
    CHECK(round_2dp(0.125) == Approx(0.13).margin(1e-12));
    CHECK(round_2dp(3.0) == 3.0);

    CHECK(format_2dp(4.205) == "4.21");
    CHECK(format_2dp(4.2) == "4.20");
    CHECK(format_2dp(5) == "5.00");
    CHECK(format_2dp(0.05) == "0.05");
    CHECK(format_2dp(3.5714285714) == "3.57");
    CHECK(format_2dp(0.83666) == "0.84");
    CHECK(format_2dp(84.0) == "84.00");
    CHECK(format_2dp(-0.5) == "-0.50");
    CHECK(format_2dp(-0.001) == "0.00");
    CHECK(format_2dp(1234.565) == "1234.57");
}

TEST_CASE("default scale: class width 0.8", "[likert]") {
    const LikertScale scale;
    CHECK(scale == LikertScale::with_class_width(0.8));
    const auto bounds = scale.upper_bounds();
    CHECK(bounds[0] == Approx(1.80));
    CHECK(bounds[1] == Approx(2.60));
    CHECK(bounds[2] == Approx(3.40));
    CHECK(bounds[3] == Approx(4.20));

    CHECK(scale.level_of(1.00) == 1);
    CHECK(scale.level_of(1.80) == 1);
    CHECK(scale.level_of(1.804) == 1);  // prints 1.80
    CHECK(scale.level_of(1.805) == 2);  // prints 1.81
    CHECK(scale.level_of(1.81) == 2);
    CHECK(scale.level_of(2.60) == 2);
    CHECK(scale.level_of(2.61) == 3);
    CHECK(scale.level_of(3.40) == 3);
    CHECK(scale.level_of(3.41) == 4);
    CHECK(scale.level_of(4.20) == 4);
    CHECK(scale.level_of(4.204) == 4);
    CHECK(scale.level_of(4.205) == 5);
    CHECK(scale.level_of(4.21) == 5);
    CHECK(scale.level_of(5.00) == 5);
    // Means computed the way summarize does, landing exactly on a bound.
    CHECK(scale.level_of(21.0 / 5.0) == 4);    // 4.20
    CHECK(scale.level_of(17.0 / 5.0) == 3);    // 3.40
    CHECK(scale.level_of(13.0 / 5.0) == 2);    // 2.60
    CHECK(scale.level_of(9.0 / 5.0) == 1);     // 1.80
    CHECK(scale.level_of(421.0 / 100.0) == 5);
    // Out-of-range but finite means clamp; non-finite ones are a bug upstream.
    CHECK(scale.level_of(0.0) == 1);
    CHECK(scale.level_of(7.5) == 5);
    CHECK_THROWS_AS(scale.level_of(std::numeric_limits<double>::quiet_NaN()),
                    std::invalid_argument);
    CHECK_THROWS_AS(scale.level_of(std::numeric_limits<double>::infinity()),
                    std::invalid_argument);

    // Legend bounds as a report prints them.
    CHECK(scale.lower_bound_of(1) == Approx(1.00));
    CHECK(scale.upper_bound_of(1) == Approx(1.80));
    CHECK(scale.lower_bound_of(2) == Approx(1.81));
    CHECK(scale.lower_bound_of(5) == Approx(4.21));
    CHECK(scale.upper_bound_of(5) == Approx(5.00));
    CHECK_THROWS_AS(scale.lower_bound_of(0), std::invalid_argument);
    CHECK_THROWS_AS(scale.upper_bound_of(6), std::invalid_argument);
}

TEST_CASE("alternative scale: bounds at x.50", "[likert]") {
    const LikertScale scale = LikertScale::from_upper_bounds({1.50, 2.50, 3.50, 4.50});
    CHECK(scale.level_of(1.00) == 1);
    CHECK(scale.level_of(1.50) == 1);
    CHECK(scale.level_of(1.51) == 2);
    CHECK(scale.level_of(2.50) == 2);
    CHECK(scale.level_of(2.51) == 3);
    CHECK(scale.level_of(3.50) == 3);
    CHECK(scale.level_of(3.51) == 4);
    CHECK(scale.level_of(4.20) == 4);
    CHECK(scale.level_of(4.50) == 4);
    CHECK(scale.level_of(4.504) == 4);
    CHECK(scale.level_of(4.505) == 5);
    CHECK(scale.level_of(4.51) == 5);
    CHECK(scale.level_of(5.00) == 5);
    CHECK(scale.lower_bound_of(5) == Approx(4.51));
    CHECK_FALSE(scale == LikertScale());
}

TEST_CASE("with_class_width", "[likert]") {
    const LikertScale half = LikertScale::with_class_width(0.5);
    const auto b = half.upper_bounds();
    CHECK(b[0] == Approx(1.5));
    CHECK(b[1] == Approx(2.0));
    CHECK(b[2] == Approx(2.5));
    CHECK(b[3] == Approx(3.0));
    CHECK(half.level_of(3.01) == 5);
    CHECK(half.level_of(2.0) == 2);

    CHECK_THROWS_AS(LikertScale::with_class_width(1.0), std::invalid_argument);  // 5.00 bound
    CHECK_THROWS_AS(LikertScale::with_class_width(0.0), std::invalid_argument);
    CHECK_THROWS_AS(LikertScale::with_class_width(-0.8), std::invalid_argument);
    CHECK_THROWS_AS(LikertScale::with_class_width(std::nan("")), std::invalid_argument);
}

TEST_CASE("from_upper_bounds validation", "[likert]") {
    CHECK_NOTHROW(LikertScale::from_upper_bounds({1.01, 1.02, 1.03, 4.99}));
    CHECK_THROWS_AS(LikertScale::from_upper_bounds({1.80, 1.80, 3.40, 4.20}),
                    std::invalid_argument);
    CHECK_THROWS_AS(LikertScale::from_upper_bounds({1.80, 2.60, 2.50, 4.20}),
                    std::invalid_argument);
    CHECK_THROWS_AS(LikertScale::from_upper_bounds({4.20, 3.40, 2.60, 1.80}),
                    std::invalid_argument);
    CHECK_THROWS_AS(LikertScale::from_upper_bounds({1.00, 2.60, 3.40, 4.20}),
                    std::invalid_argument);
    CHECK_THROWS_AS(LikertScale::from_upper_bounds({0.50, 2.60, 3.40, 4.20}),
                    std::invalid_argument);
    CHECK_THROWS_AS(LikertScale::from_upper_bounds({1.80, 2.60, 3.40, 5.00}),
                    std::invalid_argument);
    CHECK_THROWS_AS(LikertScale::from_upper_bounds({1.80, 2.60, 3.40, 6.00}),
                    std::invalid_argument);
    // Equal once rounded to the 2 decimals that means are compared at.
    CHECK_THROWS_AS(LikertScale::from_upper_bounds({1.80, 1.801, 3.40, 4.20}),
                    std::invalid_argument);
    CHECK_THROWS_AS(
        LikertScale::from_upper_bounds({1.80, std::numeric_limits<double>::quiet_NaN(), 3.4, 4.2}),
        std::invalid_argument);
    CHECK_THROWS_WITH(LikertScale::from_upper_bounds({1.80, 2.60, 2.50, 4.20}),
                      Contains("ascending") && Contains("2.60") && Contains("2.50"));
}

TEST_CASE("level names", "[likert]") {
    CHECK(level_name_th(5) == "มากที่สุด");
    CHECK(level_name_th(4) == "มาก");
    CHECK(level_name_th(3) == "ปานกลาง");
    CHECK(level_name_th(2) == "น้อย");
    CHECK(level_name_th(1) == "น้อยที่สุด");
    CHECK(level_name_en(5) == "Very high");
    CHECK(level_name_en(4) == "High");
    CHECK(level_name_en(3) == "Moderate");
    CHECK(level_name_en(2) == "Low");
    CHECK(level_name_en(1) == "Very low");
    CHECK(level_name_th(0).empty());
    CHECK(level_name_th(6).empty());
    CHECK(level_name_en(0).empty());
}

TEST_CASE("percent of maximum (ร้อยละ)", "[likert]") {
    CHECK(percent_of_max(5.0) == Approx(100.0));
    CHECK(percent_of_max(4.2) == Approx(84.0));
    CHECK(percent_of_max(1.0) == Approx(20.0));
    CHECK(percent_of_max(3.57) == Approx(71.4));
    CHECK(format_2dp(percent_of_max(4.2)) == "84.00");
}

TEST_CASE("summarize", "[likert]") {
    SECTION("hand-computed sample S.D.") {
        // mean 21/5 = 4.2; squared deviations .64 .04 .04 1.44 .64 = 2.8; 2.8/4 = 0.7;
        // sqrt(0.7) = 0.836660…
        const LikertSummary s = summarize({5, 4, 4, 3, 5});
        CHECK(s.n == 5);
        CHECK(s.mean == Approx(4.2));
        CHECK(s.sd == Approx(0.8366600265));
        CHECK(s.counts == std::array<int, 5>{0, 0, 1, 2, 2});
        CHECK(LikertScale().level_of(s.mean) == 4);  // 4.20 is มาก, not มากที่สุด
        CHECK(format_2dp(s.mean) == "4.20");
        CHECK(format_2dp(s.sd) == "0.84");
    }
    SECTION("a wider spread") {
        // sum 25, mean 25/7 = 3.571428…; sum of squares 105; SS = 105 − 625/7 = 110/7;
        // variance (110/7)/6 = 2.619047…; S.D. 1.618347…
        const LikertSummary s = summarize({1, 2, 3, 4, 5, 5, 5});
        CHECK(s.n == 7);
        CHECK(s.mean == Approx(25.0 / 7.0));
        CHECK(s.sd == Approx(1.6183471874));
        CHECK(s.counts == std::array<int, 5>{1, 1, 1, 1, 3});
    }
    SECTION("identical answers have S.D. exactly 0") {
        const LikertSummary s = summarize({4, 4, 4, 4});
        CHECK(s.mean == 4.0);
        CHECK(s.sd == 0.0);
    }
    SECTION("small n") {
        const LikertSummary none = summarize({});
        CHECK(none.n == 0);
        CHECK(none.mean == 0.0);
        CHECK(none.sd == 0.0);
        CHECK(none.counts == std::array<int, 5>{0, 0, 0, 0, 0});
        const LikertSummary one = summarize({2});
        CHECK(one.n == 1);
        CHECK(one.mean == 2.0);
        CHECK(one.sd == 0.0);
        CHECK(one.counts == std::array<int, 5>{0, 1, 0, 0, 0});
        const LikertSummary two = summarize({1, 5});  // deviations ±2: 8/1, sqrt 8
        CHECK(two.sd == Approx(std::sqrt(8.0)));
    }
    SECTION("values outside 1..5 are rejected, not skipped") {
        CHECK_THROWS_AS(summarize({5, 0}), std::invalid_argument);
        CHECK_THROWS_AS(summarize({6}), std::invalid_argument);
        CHECK_THROWS_AS(summarize({3, -1, 4}), std::invalid_argument);
        CHECK_THROWS_WITH(summarize({6}), Contains("6"));
    }
}

TEST_CASE("rank_descending: competition ranking on rounded means", "[likert]") {
    CHECK(rank_descending({4.5, 4.2, 4.2, 3.9}) == std::vector<int>{1, 2, 2, 4});
    CHECK(rank_descending({3.9, 4.2, 4.5, 4.2}) == std::vector<int>{4, 2, 1, 2});
    CHECK(rank_descending({3.0, 4.0, 5.0}) == std::vector<int>{3, 2, 1});
    CHECK(rank_descending({4.0, 4.0, 4.0}) == std::vector<int>{1, 1, 1});
    CHECK(rank_descending({4.1, 4.1, 3.0, 3.0, 2.0}) == std::vector<int>{1, 1, 3, 3, 5});
    CHECK(rank_descending({}).empty());
    CHECK(rank_descending({2.5}) == std::vector<int>{1});
    // Ties are judged on what the report prints.
    CHECK(rank_descending({4.204, 4.2}) == std::vector<int>{1, 1});    // both 4.20
    CHECK(rank_descending({4.2, 4.205}) == std::vector<int>{2, 1});    // 4.20 vs 4.21
    CHECK(rank_descending({4.2049, 4.2001}) == std::vector<int>{1, 1});
    CHECK_THROWS_AS(rank_descending({4.0, std::nan("")}), std::invalid_argument);
}
