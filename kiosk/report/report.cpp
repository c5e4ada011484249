// compute_report(): one pass over the period's rows (see report.h for what counts and why).
//
// The rows come through ReportInput (report_input.h): the kiosk's store on the kiosk, the
// collector's storage at the centre (issue 19). This file knows no database.
//
// Performance: a half-year at a busy counter is tens of thousands of rows, but the report must
// stay instant on a million (the benchmark), so the input reads only the columns the pass needs
// (Need::Figures) and hands text as views into its buffers; the pass looks ids up in short
// vectors (a survey has a handful of each), caches the local date of the previous row (rows
// come in time order, so most share a day), and keeps only counts per level — every mean and
// S.D. is derived from those five counts at the end. Even so, the database stepping the rows
// is most of the time, so when the input has two readers on one snapshot (the kiosk's twin
// connection, entry_rows.h) two threads take the period's time ranges in turn and the ranges'
// Accumulators merge in order: the same counts in the same order, on two cores.
#include "report/report.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <exception>
#include <functional>
#include <memory>
#include <thread>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/entry.h"
#include "report/entry_rows.h"
#include "report/report_input.h"
#include "common/text.h"

namespace feedback::report {
namespace {

using Counts = std::array<std::int64_t, 5>;

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kMsPerHour = 3'600'000;
constexpr std::int64_t kMsPerMinute = 60'000;
// Time ranges the two threads share a pass in: enough that neither waits long for the other at
// the end, few enough that starting a range costs nothing.
constexpr int kRanges = 64;

// Ids in first-seen order, survey ids first; a linear search beats hashing for a handful.
template <class Value>
class Tally {
public:
    std::size_t index_of(std::string_view id) {
        for (std::size_t i = 0; i < ids_.size(); ++i)
            if (ids_[i] == id) return i;
        ids_.emplace_back(id);
        values_.emplace_back();
        return ids_.size() - 1;
    }
    Value& operator[](std::string_view id) { return values_[index_of(id)]; }
    std::size_t size() const { return ids_.size(); }
    const std::string& id(std::size_t i) const { return ids_[i]; }
    const Value& value(std::size_t i) const { return values_[i]; }
    // Adds a later part's counts; ids new to this one keep their first-seen order after ours.
    void merge(const Tally& later) {
        for (std::size_t i = 0; i < later.size(); ++i) {
            Value& mine = (*this)[later.id(i)];
            if constexpr (std::is_same_v<Value, std::int64_t>) {
                mine += later.value(i);
            } else {
                for (std::size_t k = 0; k < mine.size(); ++k) mine[k] += later.value(i)[k];
            }
        }
    }

private:
    std::vector<std::string> ids_;
    std::vector<Value> values_;
};

std::string_view trim(std::string_view text) { return common::trim(text, " \t\n\r"); }

core::LocalText id_label(const std::string& id) { return {id, id}; }

// The answers of one row, checked completely before any of them is counted.
struct RowAnswers {
    static constexpr std::size_t kMax = 16;
    std::array<std::pair<std::string_view, int>, kMax> dimensions{};
    std::size_t dimension_count = 0;
    std::array<std::string_view, kMax> reasons{};
    std::size_t reason_count = 0;
    bool bad = false;

    void clear() {
        dimension_count = 0;
        reason_count = 0;
        bad = false;
    }
};

// Everything one pass over a time range counts. Two of them (two halves of the period, two
// threads) merge into exactly what one pass over the whole would have counted.
struct Accumulator {
    std::int64_t entries = 0, ratings = 0, misuse = 0, invalid = 0, open = 0;
    Counts main{};
    Tally<Counts> dimensions, service_points, channels;
    Tally<std::int64_t> reasons;
    // Profile answers keyed "question\x1Foption": few questions and options, so one flat tally
    // keeps the merge and the first-seen order rules of the others.
    Tally<std::int64_t> profile;
    std::vector<Counts> months;
    std::array<std::array<std::int64_t, kHours>, kWeekdays> weekday_hour{};
    std::vector<Suggestion> suggestions;

    Accumulator(const core::Survey& survey, std::size_t month_count) : months(month_count) {
        for (const auto& q : survey.dimensions) dimensions.index_of(q.id);
        for (const auto& sp : survey.service_points) service_points.index_of(sp.id);
        channels.index_of("kiosk");
        channels.index_of("paper");
        for (const auto& r : survey.reasons) reasons.index_of(r.id);
        for (const auto& q : survey.profile)
            for (const auto& o : q.options) profile.index_of(q.id + '\x1F' + o.id);
    }

    void merge(Accumulator& later) {
        entries += later.entries;
        ratings += later.ratings;
        misuse += later.misuse;
        invalid += later.invalid;
        open += later.open;
        for (std::size_t i = 0; i < main.size(); ++i) main[i] += later.main[i];
        dimensions.merge(later.dimensions);
        service_points.merge(later.service_points);
        channels.merge(later.channels);
        reasons.merge(later.reasons);
        profile.merge(later.profile);
        for (std::size_t m = 0; m < months.size(); ++m)
            for (std::size_t i = 0; i < 5; ++i) months[m][i] += later.months[m][i];
        for (std::size_t d = 0; d < weekday_hour.size(); ++d)
            for (std::size_t h = 0; h < weekday_hour[d].size(); ++h) weekday_hour[d][h] += later.weekday_hour[d][h];
        suggestions.insert(suggestions.end(), std::make_move_iterator(later.suggestions.begin()),
                           std::make_move_iterator(later.suggestions.end()));
    }
};

// Counts the entries of one time range into `acc`, oldest first, from `input`'s reader
// `reader`.
void scan(ReportInput& input, int reader, const PeriodBounds& range, int first_month_index, Accumulator& acc) {
    // Built once: a std::function made per row would cost an allocation per row.
    RowAnswers answers;
    const std::function<void(std::string_view, int)> on_dimension = [&answers](std::string_view id, int level) {
        if (level < core::kMinRating || level > core::kMaxRating ||
            answers.dimension_count == RowAnswers::kMax) {
            answers.bad = true;
            return;
        }
        answers.dimensions[answers.dimension_count++] = {id, level};
    };
    const std::function<void(std::string_view)> on_reason = [&answers](std::string_view id) {
        if (answers.reason_count == RowAnswers::kMax) {
            answers.bad = true;
            return;
        }
        answers.reasons[answers.reason_count++] = id;
    };

    CreatedUtcParser times;
    std::int64_t cached_day = std::numeric_limits<std::int64_t>::min();
    core::CivilDate cached_date;
    int cached_month_slot = -1;
    int cached_weekday_row = 0;
    const std::int64_t offset_ms = static_cast<std::int64_t>(core::kOfficeOffsetMin) * kMsPerMinute;

    input.for_each_entry(reader, range, ReportInput::Need::Figures, [&](const EntryRow& row) {
        ++acc.entries;
        if (row.kind != "rating") return;  // complaints: counted from their own rows
        ++acc.ratings;
        if (row.session_state == "open") ++acc.open;
        if (row.misuse) {
            ++acc.misuse;
            return;
        }
        const int rating = row.rating.value_or(0);
        const auto utc_ms = times.parse(row.created_utc);
        answers.clear();
        if (!row.rating || rating < core::kMinRating || rating > core::kMaxRating || !utc_ms ||
            !for_each_dimension(row.dimensions, on_dimension) || !for_each_reason(row.reasons, on_reason) ||
            answers.bad) {
            ++acc.invalid;
            return;
        }

        const std::int64_t local_ms = *utc_ms + offset_ms;
        const std::int64_t day = local_ms >= 0 ? local_ms / kMsPerDay : -((-local_ms - 1) / kMsPerDay) - 1;
        if (day != cached_day) {
            cached_day = day;
            cached_date = core::civil_from_days(day);
            cached_month_slot = cached_date.year * 12 + cached_date.month - 1 - first_month_index;
            cached_weekday_row = (core::weekday(cached_date) + 6) % 7;  // Monday first
        }
        const std::int64_t in_day = local_ms - day * kMsPerDay;
        const int hour = static_cast<int>(in_day / kMsPerHour);

        const auto level = static_cast<std::size_t>(rating - 1);
        ++acc.main[level];
        ++acc.service_points[row.service_point][level];
        ++acc.channels[row.channel][level];
        if (cached_month_slot >= 0 && cached_month_slot < static_cast<int>(acc.months.size()))
            ++acc.months[static_cast<std::size_t>(cached_month_slot)][level];
        ++acc.weekday_hour[static_cast<std::size_t>(cached_weekday_row)][static_cast<std::size_t>(hour)];
        for (std::size_t i = 0; i < answers.dimension_count; ++i)
            ++acc.dimensions[answers.dimensions[i].first][static_cast<std::size_t>(answers.dimensions[i].second - 1)];
        for (std::size_t i = 0; i < answers.reason_count; ++i) ++acc.reasons[answers.reasons[i]];
        if (const auto profile = row.profile; !profile.empty() && profile != "{}") {
            // Rare (the office turns the questions on) and short: the full parser is fine here.
            // A profile the store could not have written counts as not answered.
            const auto j = nlohmann::json::parse(profile, nullptr, false);
            if (j.is_object())
                for (auto it = j.begin(); it != j.end(); ++it)
                    if (it.value().is_string() && !it.key().empty())
                        ++acc.profile[it.key() + '\x1F' + it.value().get<std::string>()];
        }

        const auto comment = trim(row.comment);
        if (!comment.empty()) {
            Suggestion suggestion;
            suggestion.entry_id = row.id;
            suggestion.created_utc_ms = *utc_ms;
            suggestion.date = cached_date;
            suggestion.hour = hour;
            suggestion.minute = static_cast<int>(in_day % kMsPerHour / kMsPerMinute);
            suggestion.rating = rating;
            suggestion.service_point = row.service_point;
            suggestion.channel = row.channel;
            suggestion.language = row.language;
            suggestion.text = comment;
            acc.suggestions.push_back(std::move(suggestion));
        }
    });
}

}  // namespace

double Stats::level_percent(int level_value) const {
    if (n == 0) return 0.0;
    return static_cast<double>(count(level_value)) * 100.0 / static_cast<double>(n);
}

Stats stats_from_counts(const std::array<std::int64_t, 5>& counts, const core::LikertScale& scale) {
    Stats s;
    s.counts = counts;
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        s.n += counts[i];
        sum += counts[i] * static_cast<std::int64_t>(i + 1);
    }
    if (s.n == 0) return s;
    s.mean = static_cast<double>(sum) / static_cast<double>(s.n);
    if (s.n >= 2) {
        // Deviations over the five values, as core::summarize does: no cancellation when all
        // answers are alike, and the same digits as summarizing the answers one by one.
        double squares = 0.0;
        for (std::size_t i = 0; i < counts.size(); ++i) {
            const double deviation = static_cast<double>(i + 1) - s.mean;
            squares += static_cast<double>(counts[i]) * deviation * deviation;
        }
        s.sd = std::sqrt(squares / static_cast<double>(s.n - 1));
    }
    s.level = scale.level_of(s.mean);
    // From the printed mean, so that "4.21" always sits beside "84.20".
    s.percent_of_max = core::percent_of_max(core::round_2dp(s.mean));
    return s;
}

Report compute_report(ReportInput& input, const core::Period& period, const core::Survey& survey,
                      const core::LikertScale& scale, const ReportOptions& options) {
    Report report;
    report.period = period;
    report.survey = survey;
    report.scale = scale;
    report.options = options;
    report.generated_utc_ms = options.generated_utc_ms.value_or(core::now_utc_ms());

    const auto months = core::months_in(period);
    const int first_month_index = period.first.year * 12 + period.first.month - 1;
    const auto bounds = period_bounds(period);

    // With two readers on the same snapshot, two threads share the pass: the period is cut
    // into kRanges time ranges, each thread counts the next range nobody has taken into that
    // range's own Accumulator, and the ranges merge in time order into exactly what one pass
    // counts (Accumulator::merge). Taking ranges in turn rather than a half each keeps both
    // threads busy to the end even when one core is also serving something else (the kiosk's
    // window, another program): a half each would wait for the slower one.
    Accumulator acc(survey, months.size());
    if (input.readers() >= 2) {
        const auto ranges = split_period(period, kRanges);
        std::vector<Accumulator> parts(ranges.size(), acc);
        std::atomic<std::size_t> next{0};
        const auto count_ranges = [&](int reader) {
            for (std::size_t i = next++; i < ranges.size(); i = next++)
                scan(input, reader, ranges[i], first_month_index, parts[i]);
        };
        std::exception_ptr worker_error;
        std::thread worker([&] {
            try {
                count_ranges(1);
            } catch (...) {
                worker_error = std::current_exception();
                next = ranges.size();  // the other thread stops after its current range
            }
        });
        try {
            count_ranges(0);
        } catch (...) {
            next = ranges.size();
            worker.join();
            throw;
        }
        worker.join();
        if (worker_error) std::rethrow_exception(worker_error);
        for (auto& part : parts) acc.merge(part);
    } else {
        scan(input, 0, bounds, first_month_index, acc);
    }
    report.entries = acc.entries;
    report.ratings = acc.ratings;
    report.misuse_excluded = acc.misuse;
    report.invalid_excluded = acc.invalid;
    report.open_sessions = acc.open;
    report.weekday_hour = acc.weekday_hour;
    report.suggestions = std::move(acc.suggestions);
    const auto& main = acc.main;
    const auto& dimensions = acc.dimensions;
    const auto& service_points = acc.service_points;
    const auto& channels = acc.channels;
    const auto& reasons = acc.reasons;
    const auto& month_counts = acc.months;

    // Complaints: every complaint entry of the period, whatever its flags (report.h), in time
    // order, in which categories the survey does not know are listed.
    Tally<std::int64_t> categories;
    for (const auto& c : survey.complaint_categories) categories.index_of(c.id);
    input.for_each_complaint(bounds, [&](std::string_view category, bool sensitive) {
        ++report.complaints.total;
        ++categories[category];
        if (sensitive) ++report.complaints.sensitive;
    });
    for (std::size_t i = 0; i < categories.size(); ++i) {
        CategoryResult c;
        c.id = categories.id(i);
        c.count = categories.value(i);
        if (const auto* known = survey.find_complaint_category(c.id)) {
            c.label = known->label;
            c.sensitive_category = known->sensitive;
        } else {
            c.label = id_label(c.id);
            c.in_survey = false;
        }
        report.complaints.by_category.push_back(std::move(c));
    }

    // Derived figures.
    report.main.id = survey.main_question.id;
    report.main.text = survey.main_question.text;
    report.main.stats = stats_from_counts(main, scale);
    const std::int64_t respondents = report.main.stats.n;
    const auto share = [respondents](std::int64_t count) {
        return respondents == 0 ? 0.0 : static_cast<double>(count) * 100.0 / static_cast<double>(respondents);
    };

    std::vector<double> ranked_means;
    for (std::size_t i = 0; i < dimensions.size(); ++i) {
        QuestionResult q;
        q.id = dimensions.id(i);
        if (const auto* known = survey.find_dimension(q.id)) {
            q.text = known->text;
        } else {
            q.text = id_label(q.id);
            q.in_survey = false;
        }
        q.stats = stats_from_counts(dimensions.value(i), scale);
        if (q.stats.n > 0) ranked_means.push_back(q.stats.mean);
        report.dimensions.push_back(std::move(q));
    }
    const auto ranks = core::rank_descending(ranked_means);
    std::size_t next_rank = 0;
    for (auto& q : report.dimensions)
        if (q.stats.n > 0) q.rank = ranks[next_rank++];

    const auto groups = [&](const Tally<Counts>& tally, auto label_of) {
        std::vector<GroupResult> out;
        std::optional<GroupResult> unspecified;
        for (std::size_t i = 0; i < tally.size(); ++i) {
            GroupResult g;
            g.id = tally.id(i);
            g.stats = stats_from_counts(tally.value(i), scale);
            g.share_percent = share(g.stats.n);
            label_of(g);
            if (g.id.empty())
                unspecified = std::move(g);
            else
                out.push_back(std::move(g));
        }
        if (unspecified && unspecified->stats.n > 0) out.push_back(std::move(*unspecified));
        return out;
    };
    report.service_points = groups(service_points, [&survey](GroupResult& g) {
        if (g.id.empty()) {
            g.label = {"ไม่ระบุจุดบริการ", "Not specified"};
        } else if (const auto* known = survey.find_service_point(g.id)) {
            g.label = known->name;
        } else {
            g.label = id_label(g.id);
            g.in_survey = false;
        }
    });
    report.channels = groups(channels, [](GroupResult& g) {
        g.label = channel_label(g.id);
        g.in_survey = g.id == "kiosk" || g.id == "paper";
    });

    for (std::size_t i = 0; i < months.size(); ++i)
        report.months.push_back({months[i].first, months[i].second, stats_from_counts(month_counts[i], scale)});

    for (std::size_t i = 0; i < reasons.size(); ++i) {
        ReasonResult r;
        r.id = reasons.id(i);
        r.count = reasons.value(i);
        r.percent = share(r.count);
        if (const auto* known = survey.find_reason(r.id)) {
            r.label = known->label;
        } else {
            r.label = id_label(r.id);
            r.in_survey = false;
        }
        report.reasons.push_back(std::move(r));
    }
    std::stable_sort(report.reasons.begin(), report.reasons.end(),
                     [](const ReasonResult& a, const ReasonResult& b) { return a.count > b.count; });

    // Profile: survey questions (all, even unanswered ones, so the section shows what was asked)
    // then question ids only older answers have; per question its options then ไม่ระบุ.
    std::vector<std::string> question_ids;
    for (const auto& q : survey.profile) question_ids.push_back(q.id);
    for (std::size_t i = 0; i < acc.profile.size(); ++i) {
        const auto& key = acc.profile.id(i);
        const auto question = key.substr(0, key.find('\x1F'));
        if (std::find(question_ids.begin(), question_ids.end(), question) == question_ids.end())
            question_ids.push_back(question);
    }
    for (const auto& question : question_ids) {
        ProfileResult p;
        p.id = question;
        const auto* known = survey.find_profile(question);
        p.text = known ? known->text : id_label(question);
        p.in_survey = known != nullptr;
        std::int64_t answered = 0;
        for (std::size_t i = 0; i < acc.profile.size(); ++i) {
            const auto& key = acc.profile.id(i);
            if (key.size() <= question.size() || key.compare(0, question.size(), question) != 0 ||
                key[question.size()] != '\x1F')
                continue;
            ProfileOptionResult o;
            o.id = key.substr(question.size() + 1);
            o.count = acc.profile.value(i);
            o.percent = share(o.count);
            const auto* option = known ? known->find_option(o.id) : nullptr;
            o.label = option ? option->label : id_label(o.id);
            o.in_survey = option != nullptr;
            answered += o.count;
            p.options.push_back(std::move(o));
        }
        ProfileOptionResult unspecified;
        unspecified.label = {"ไม่ระบุ", "Not specified"};
        unspecified.count = std::max<std::int64_t>(0, respondents - answered);
        unspecified.percent = share(unspecified.count);
        p.options.push_back(std::move(unspecified));
        report.profile.push_back(std::move(p));
    }
    return report;
}

bool Report::has_profile_answers() const {
    for (const auto& p : profile)
        for (const auto& o : p.options)
            if (!o.id.empty() && (o.count > 0 || o.suppressed)) return true;
    return false;
}

// ---- Wording and formatting shared by the renderers ----

std::string_view weekday_row_name_th(int row) { return core::thai_weekday_name((row + 1) % 7); }
std::string_view weekday_row_name_en(int row) { return core::english_weekday_name((row + 1) % 7); }

std::string month_label_th(int year, int month) {
    return std::string(core::thai_month_abbr(month)) + " " + std::to_string(core::to_buddhist_year(year));
}

std::string month_label_en(int year, int month) {
    return std::string(core::english_month_abbr(month)) + " " + std::to_string(year);
}

core::LocalText channel_label(std::string_view channel) {
    if (channel == "kiosk") return {"ตู้รับฟังความคิดเห็น", "Kiosk"};
    if (channel == "paper") return {"แบบสอบถามกระดาษ", "Paper questionnaire"};
    return {std::string(channel), std::string(channel)};
}

core::LocalText handling_status_label(std::string_view status) {
    if (status == "new") return {"ยังไม่รับเรื่อง", "Not yet accepted"};
    if (status == "accepted") return {"รับเรื่อง", "Accepted"};
    if (status == "in_progress") return {"กำลังดำเนินการ", "In progress"};
    if (status == "resolved") return {"ดำเนินการแล้วเสร็จ", "Resolved"};
    if (status == "referred") return {"ส่งต่อหน่วยงานอื่น", "Referred to another agency"};
    return {std::string(status), std::string(status)};
}

std::string format_count(std::int64_t value) {
    const bool negative = value < 0;
    std::string digits = std::to_string(negative ? -value : value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

std::string format_mean(const Stats& stats) { return stats.n == 0 ? "-" : core::format_2dp(stats.mean); }

std::string format_sd(const Stats& stats) { return stats.n < 2 ? "-" : core::format_2dp(stats.sd); }

std::string default_file_name(const core::Period& period, std::string_view extension) {
    std::string name = "feedback-report-" + period.label;
    for (char& c : name)
        if (c == '.') c = '_';  // "2026-01-01..2026-01-31" would read as an extension
    name += '.';
    name += extension;
    return name;
}

HeatMapSpan heat_map_span(const Report& report) {
    HeatMapSpan span;
    for (int row = 0; row < kWeekdays; ++row)
        for (int hour = 0; hour < kHours; ++hour) {
            const auto value = report.weekday_hour[static_cast<std::size_t>(row)][static_cast<std::size_t>(hour)];
            if (value == 0) continue;
            span.first_hour = std::min(span.first_hour, hour);
            span.last_hour = std::max(span.last_hour, hour);
            span.max_cell = std::max(span.max_cell, value);
        }
    return span;
}

}  // namespace feedback::report
