// Interpreting five-point satisfaction scores the way Thai government reports do (DESIGN.md §5):
// a mean, a sample S.D., a verbal level (มากที่สุด … น้อยที่สุด), ร้อยละ of the maximum and a rank.
//
// Why everything goes through "rounded to 2 decimals": reports print means as "4.21", and a
// reader checks the level against the printed number and the published bands (4.21–5.00 …).
// If we classified the unrounded 4.2049 as level 4 but printed 4.20, fine; but classifying
// 4.205 (printed 4.21) as level 4 would contradict the page. So level_of, rank_descending and
// format_mean share one rounding rule: half away from zero, with a tiny nudge so that values
// like 4.205 — stored in binary as 4.20499999… — round as the decimal a person sees.
// Bands are compared in integer hundredths for the same reason: 1 + 3 × 0.8 is not exactly
// 3.40 in binary, and a boundary must not depend on that.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::core {

inline constexpr int kLikertLevels = 5;

// Half away from zero to 2 decimals, robust for decimal ties (4.205 -> 4.21).
double round_2dp(double value);
// "4.21", "-0.50", "5.00": the text that matches round_2dp (printf's "%.2f" may not: it
// rounds the binary value, so 4.205 would print "4.20").
std::string format_2dp(double value);

class LikertScale {
public:
    // The common scheme: class width 0.8, bands 1.00–1.80, 1.81–2.60, 2.61–3.40, 3.41–4.20,
    // 4.21–5.00.
    LikertScale();

    // Upper bounds 1 + w, 1 + 2w, 1 + 3w, 1 + 4w (w = 0.8 gives the default). Throws
    // std::invalid_argument when these are not strictly inside (1, 5).
    static LikertScale with_class_width(double width);
    // Inclusive upper bounds of levels 1..4 (level 5 is everything above), e.g. {1.50, 2.50,
    // 3.50, 4.50}. Throws std::invalid_argument unless strictly ascending (after rounding
    // to 2 decimals) and strictly inside (1, 5).
    static LikertScale from_upper_bounds(std::array<double, 4> upper_bounds);

    // 1..5. The mean is rounded to 2 decimals first; the level is the first band whose upper
    // bound it does not exceed. Means below 1 give 1 and above 5 give 5; a NaN or infinite
    // mean (e.g. from no answers) throws std::invalid_argument.
    int level_of(double mean) const;

    // Bounds as rounded hundredths, e.g. {1.8, 2.6, 3.4, 4.2}.
    std::array<double, 4> upper_bounds() const;
    // Lowest rounded mean of a level (1.00, 1.81, …): what a report's legend prints.
    double lower_bound_of(int level) const;
    double upper_bound_of(int level) const;  // 5.00 for level 5

    friend bool operator==(const LikertScale&, const LikertScale&) = default;

private:
    explicit LikertScale(std::array<long long, 4> upper_centi) : upper_centi_(upper_centi) {}
    std::array<long long, 4> upper_centi_;  // hundredths, e.g. 180, 260, 340, 420
};

// Level 5 = "มากที่สุด" / "Very high" … 1 = "น้อยที่สุด" / "Very low"; empty outside 1..5.
std::string_view level_name_th(int level);
std::string_view level_name_en(int level);

// ร้อยละ: mean ÷ 5 × 100.
double percent_of_max(double mean);

struct LikertSummary {
    int n = 0;
    double mean = 0.0;            // 0 when n == 0 (a report shows "-" for such a question)
    double sd = 0.0;              // sample S.D. (n − 1); 0 when n < 2
    std::array<int, 5> counts{};  // index 0 = level 1 … index 4 = level 5
};

// Throws std::invalid_argument when an answer is outside 1..5: a bad value means the data is
// broken upstream, and silently dropping it would change n without anyone noticing.
LikertSummary summarize(const std::vector<int>& answers);

// Standard competition ranking (1, 2, 2, 4) of means rounded to 2 decimals, highest first;
// result[i] is the rank of means[i].
std::vector<int> rank_descending(const std::vector<double>& means);

}  // namespace feedback::core
