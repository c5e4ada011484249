#include "core/demo_data.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/uuid.h"

namespace feedback::core {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr int kOpenMinute = 8 * 60 + 30;   // 08:30
constexpr int kCloseMinute = 16 * 60 + 30; // 16:30

// Relative traffic per hour from 08:00 to 16:00: a morning peak, a lunch dip.
constexpr std::array<double, 9> kHourWeight = {0.5, 1.0, 1.0, 0.9, 0.4, 0.8, 0.8, 0.6, 0.4};

// Share of ratings 5..1.
constexpr std::array<double, 5> kRatingWeight = {0.46, 0.31, 0.14, 0.06, 0.03};

const std::array<const char*, 8> kThaiComments = {
    "เจ้าหน้าที่บริการดีมาก ขอบคุณครับ",
    "อยากให้มีที่นั่งรอเพิ่ม",
    "รอคิวนานไปหน่อย",
    "ขั้นตอนชัดเจน เข้าใจง่าย",
    "ที่จอดรถไม่เพียงพอ",
    "ประทับใจการให้บริการค่ะ",
    "ควรติดป้ายบอกทางให้ชัดเจนกว่านี้",
    "บริการรวดเร็วทันใจ",
};
const std::array<const char*, 3> kEnglishComments = {
    "Friendly staff, thank you.",
    "The queue was long.",
    "Clear instructions.",
};

}  // namespace

DemoGenerator::DemoGenerator(const Survey& survey, DemoParams params)
    : survey_(survey), params_(std::move(params)), rng_(params_.seed) {
    if (params_.count < 0) throw std::invalid_argument("count must not be negative");
    if (days_from_civil(params_.last) < days_from_civil(params_.first))
        throw std::invalid_argument("the last date is before the first");
    std::vector<std::int64_t> days;
    for (auto d = days_from_civil(params_.first); d <= days_from_civil(params_.last); ++d) {
        const int wd = weekday(civil_from_days(d));
        if (wd != 0 && wd != 6) days.push_back(d);
    }
    if (days.empty() && params_.count > 0)
        throw std::invalid_argument("the date range holds no weekday (office day)");
    if (params_.service_points.empty())
        for (const auto& sp : survey_.service_points) params_.service_points.push_back(sp.id);

    // Pick a weekday uniformly, then a minute of office hours weighted by hour (rejection
    // sampling keeps it simple and exact), then sort so ids and times ascend together.
    times_.reserve(static_cast<std::size_t>(params_.count));
    std::uniform_int_distribution<std::size_t> pick_day(0, days.empty() ? 0 : days.size() - 1);
    std::uniform_int_distribution<int> pick_minute(kOpenMinute, kCloseMinute - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<std::int64_t> pick_ms(0, kMinuteMs - 1);
    for (std::int64_t i = 0; i < params_.count; ++i) {
        int minute = 0;
        do {
            minute = pick_minute(rng_);
        } while (unit(rng_) > kHourWeight[static_cast<std::size_t>(minute / 60 - 8)]);
        const std::int64_t local_ms = days[pick_day(rng_)] * 86'400'000 + minute * kMinuteMs + pick_ms(rng_);
        times_.push_back(local_ms - params_.utc_offset_min * kMinuteMs);
    }
    std::sort(times_.begin(), times_.end());
}

Entry DemoGenerator::next() {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Entry e;
    e.created_utc_ms = times_.at(next_++);
    e.id = make_uuid_v7(e.created_utc_ms);
    e.kind = EntryKind::Rating;
    e.utc_offset_min = params_.utc_offset_min;
    e.device_id = params_.device_id;
    e.survey_version = survey_.version;
    e.state = SessionState::Closed;
    e.channel = "kiosk";

    double r = unit(rng_);
    int rating = 5;
    for (double w : kRatingWeight) {
        if (r < w) break;
        r -= w;
        --rating;
    }
    e.rating = std::max(rating, 1);
    e.language = unit(rng_) < 0.85 ? "th" : "en";
    if (!params_.service_points.empty() && unit(rng_) < 0.8) {
        std::uniform_int_distribution<std::size_t> pick(0, params_.service_points.size() - 1);
        e.service_point = params_.service_points[pick(rng_)];
    }
    if (unit(rng_) < 0.45) {
        const auto reasons = survey_.reasons_for(*e.rating);
        for (const Reason* reason : reasons)
            if (unit(rng_) < 1.5 / static_cast<double>(reasons.size())) e.reasons.push_back(reason->id);
    }
    if (unit(rng_) < 0.3) {
        std::uniform_int_distribution<int> drift(-1, 1);
        for (const auto& question : survey_.dimensions)
            e.dimensions[question.id] = std::clamp(*e.rating + drift(rng_), 1, 5);
    }
    if (unit(rng_) < 0.06) {
        if (e.language == "th") {
            std::uniform_int_distribution<std::size_t> pick(0, kThaiComments.size() - 1);
            e.comment = kThaiComments[pick(rng_)];
        } else {
            std::uniform_int_distribution<std::size_t> pick(0, kEnglishComments.size() - 1);
            e.comment = kEnglishComments[pick(rng_)];
        }
    }
    e.misuse = unit(rng_) < 0.01;
    return e;
}

}  // namespace feedback::core
