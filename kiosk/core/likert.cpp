// Likert interpretation and the statistics a report prints (see likert.h for why rounding to
// 2 decimals comes before every comparison).
#include "core/likert.h"

#include <cmath>
#include <stdexcept>

namespace feedback::core {

namespace {

// Far below one hundredth, far above the error of mean * 100 for means of a few units: moves
// a decimal tie that binary stored just under .5 back onto it, and nothing else.
constexpr double kTieNudge = 1e-9;

constexpr std::array<std::string_view, 5> kLevelNamesTh = {
    "น้อยที่สุด", "น้อย", "ปานกลาง", "มาก", "มากที่สุด"};
constexpr std::array<std::string_view, 5> kLevelNamesEn = {
    "Very low", "Low", "Moderate", "High", "Very high"};

// value in hundredths, rounded half away from zero; value must be finite and modest.
long long to_centi(double value) {
    const double scaled = value * 100.0;
    return static_cast<long long>(std::round(scaled + std::copysign(kTieNudge, scaled)));
}

void require_finite(double value, const char* what) {
    if (!std::isfinite(value)) {
        throw std::invalid_argument(std::string(what) + ": expected a finite number");
    }
}

std::string_view level_name(const std::array<std::string_view, 5>& table, int level) {
    if (level < 1 || level > kLikertLevels) return {};
    return table[static_cast<std::size_t>(level - 1)];
}

}  // namespace

double round_2dp(double value) {
    if (!std::isfinite(value) || std::fabs(value) > 1e13) return value;
    return static_cast<double>(to_centi(value)) / 100.0;
}

std::string format_2dp(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    const long long centi = to_centi(value);
    const long long magnitude = centi < 0 ? -centi : centi;
    std::string out = centi < 0 ? "-" : "";
    out += std::to_string(magnitude / 100);
    out += '.';
    const long long fraction = magnitude % 100;
    if (fraction < 10) out += '0';
    out += std::to_string(fraction);
    return out;
}

LikertScale::LikertScale() : upper_centi_{180, 260, 340, 420} {}

LikertScale LikertScale::with_class_width(double width) {
    require_finite(width, "Likert class width");
    if (width <= 0.0) throw std::invalid_argument("Likert class width must be positive");
    return from_upper_bounds({1.0 + width, 1.0 + 2.0 * width, 1.0 + 3.0 * width, 1.0 + 4.0 * width});
}

LikertScale LikertScale::from_upper_bounds(std::array<double, 4> upper_bounds) {
    std::array<long long, 4> centi{};
    for (std::size_t i = 0; i < upper_bounds.size(); ++i) {
        require_finite(upper_bounds[i], "Likert upper bound");
        centi[i] = to_centi(upper_bounds[i]);
        if (centi[i] <= 100 || centi[i] >= 500) {
            throw std::invalid_argument("Likert upper bound " + format_2dp(upper_bounds[i]) +
                                        " for level " + std::to_string(i + 1) +
                                        " must lie strictly between 1.00 and 5.00");
        }
        if (i > 0 && centi[i] <= centi[i - 1]) {
            throw std::invalid_argument("Likert upper bounds must be strictly ascending, got " +
                                        format_2dp(upper_bounds[i - 1]) + " then " +
                                        format_2dp(upper_bounds[i]));
        }
    }
    return LikertScale(centi);
}

int LikertScale::level_of(double mean) const {
    require_finite(mean, "Likert mean");
    if (mean < 0.0) return 1;
    if (mean > 10.0) return kLikertLevels;
    const long long centi = to_centi(mean);
    for (std::size_t i = 0; i < upper_centi_.size(); ++i) {
        if (centi <= upper_centi_[i]) return static_cast<int>(i) + 1;
    }
    return kLikertLevels;
}

std::array<double, 4> LikertScale::upper_bounds() const {
    std::array<double, 4> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<double>(upper_centi_[i]) / 100.0;
    }
    return out;
}

double LikertScale::lower_bound_of(int level) const {
    if (level < 1 || level > kLikertLevels) {
        throw std::invalid_argument("Likert level must be 1..5, got " + std::to_string(level));
    }
    if (level == 1) return 1.0;
    return static_cast<double>(upper_centi_[static_cast<std::size_t>(level - 2)] + 1) / 100.0;
}

double LikertScale::upper_bound_of(int level) const {
    if (level < 1 || level > kLikertLevels) {
        throw std::invalid_argument("Likert level must be 1..5, got " + std::to_string(level));
    }
    if (level == kLikertLevels) return 5.0;
    return static_cast<double>(upper_centi_[static_cast<std::size_t>(level - 1)]) / 100.0;
}

std::string_view level_name_th(int level) { return level_name(kLevelNamesTh, level); }
std::string_view level_name_en(int level) { return level_name(kLevelNamesEn, level); }

double percent_of_max(double mean) { return mean / 5.0 * 100.0; }

LikertSummary summarize(const std::vector<int>& answers) {
    LikertSummary summary;
    long long sum = 0;
    for (int answer : answers) {
        if (answer < 1 || answer > kLikertLevels) {
            throw std::invalid_argument("Likert answer must be 1..5, got " +
                                        std::to_string(answer));
        }
        ++summary.counts[static_cast<std::size_t>(answer - 1)];
        sum += answer;
    }
    summary.n = static_cast<int>(answers.size());
    if (summary.n == 0) return summary;
    summary.mean = static_cast<double>(sum) / summary.n;
    if (summary.n < 2) return summary;
    // Two-pass over the five possible values: exact enough and immune to the cancellation a
    // sum-of-squares formula suffers when every answer is the same.
    double squares = 0.0;
    for (std::size_t i = 0; i < summary.counts.size(); ++i) {
        const double deviation = static_cast<double>(i + 1) - summary.mean;
        squares += summary.counts[i] * deviation * deviation;
    }
    summary.sd = std::sqrt(squares / (summary.n - 1));
    return summary;
}

std::vector<int> rank_descending(const std::vector<double>& means) {
    std::vector<long long> centi;
    centi.reserve(means.size());
    for (double mean : means) {
        require_finite(mean, "mean to rank");
        centi.push_back(to_centi(mean));
    }
    // Rank = 1 + how many are strictly higher; a report has tens of questions, so O(n²) is
    // simpler than a sort and plenty fast.
    std::vector<int> ranks(means.size(), 1);
    for (std::size_t i = 0; i < centi.size(); ++i) {
        for (long long other : centi) {
            if (other > centi[i]) ++ranks[i];
        }
    }
    return ranks;
}

}  // namespace feedback::core
