// The JSON rendering of a Report (see json_export.h; schema in REPORT.md). Every figure comes
// from the Report as computed; this file only decides names and rounding for printing.
#include "report/json_export.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "report/atomic_file.h"

namespace feedback::report {
namespace {

// ordered_json: members come out in the order written here, which is the order of the
// report and of REPORT.md, so a person reading the output finds things where the doc says.
using json = nlohmann::ordered_json;

json rounded(double value) { return core::round_2dp(value); }

std::string_view period_kind(core::PeriodKind kind) {
    switch (kind) {
    case core::PeriodKind::FiscalYear: return "fiscal_year";
    case core::PeriodKind::FirstHalf: return "first_half";
    case core::PeriodKind::SecondHalf: return "second_half";
    case core::PeriodKind::Range: break;
    }
    return "range";
}

json stats_json(const Stats& s) {
    json j;
    j["n"] = s.n;
    j["mean"] = s.n == 0 ? json(nullptr) : rounded(s.mean);
    j["sd"] = s.n < 2 ? json(nullptr) : rounded(s.sd);
    j["percent_of_max"] = s.n == 0 ? json(nullptr) : rounded(s.percent_of_max);
    j["level"] = s.n == 0 ? json(nullptr) : json(s.level);
    j["level_th"] = s.n == 0 ? json(nullptr) : json(core::level_name_th(s.level));
    j["level_en"] = s.n == 0 ? json(nullptr) : json(core::level_name_en(s.level));
    json levels = json::array();
    for (int level = 5; level >= 1; --level) {
        levels.push_back({{"level", level},
                          {"label_th", core::level_name_th(level)},
                          {"count", s.count(level)},
                          {"percent", s.n == 0 ? json(nullptr) : rounded(s.level_percent(level))}});
    }
    j["levels"] = std::move(levels);
    return j;
}

json question_json(const QuestionResult& q, std::string_view role) {
    json j = {{"id", q.id}, {"role", role}, {"text_th", q.text.th}, {"text_en", q.text.en},
              {"in_survey", q.in_survey}};
    j.update(stats_json(q.stats));
    j["rank"] = q.rank ? json(*q.rank) : json(nullptr);
    return j;
}

json group_json(const GroupResult& g) {
    json j = {{"id", g.id.empty() ? json(nullptr) : json(g.id)},
              {"label_th", g.label.th},
              {"label_en", g.label.en},
              {"in_survey", g.in_survey},
              {"share_percent", g.suppressed ? json(nullptr) : rounded(g.share_percent)}};
    j.update(stats_json(g.stats));
    if (g.suppressed) j["n"] = nullptr;  // public edition: fewer than 5, not printed
    j["suppressed"] = g.suppressed;
    return j;
}

}  // namespace

std::string render_json(const Report& r) {
    json j;
    j["format"] = "feedback-kiosk-report";
    j["format_version"] = kJsonFormatVersion;
    j["generated_utc"] = core::format_iso_utc(r.generated_utc_ms);
    j["office"] = {{"name", r.options.office_name}, {"name_en", r.options.office_name_en}};
    j["survey"] = {{"version", r.survey.version}, {"title_th", r.survey.title.th}, {"title_en", r.survey.title.en}};

    const auto bounds_upper = r.scale.upper_bounds();
    json bands = json::array();
    for (int level = 5; level >= 1; --level) {
        bands.push_back({{"level", level},
                         {"label_th", core::level_name_th(level)},
                         {"label_en", core::level_name_en(level)},
                         {"min", rounded(r.scale.lower_bound_of(level))},
                         {"max", rounded(r.scale.upper_bound_of(level))}});
    }
    j["scale"] = {{"upper_bounds", {rounded(bounds_upper[0]), rounded(bounds_upper[1]),
                                    rounded(bounds_upper[2]), rounded(bounds_upper[3])}},
                  {"bands", std::move(bands)}};

    j["period"] = {
        {"label", r.period.label},
        {"kind", period_kind(r.period.kind)},
        {"fiscal_year_be", r.period.fiscal_year_be == 0 ? json(nullptr) : json(r.period.fiscal_year_be)},
        {"first", core::format_iso_date(r.period.first)},
        {"last", core::format_iso_date(r.period.last)},
        {"first_th", core::format_thai_date(r.period.first)},
        {"last_th", core::format_thai_date(r.period.last)},
        {"title_th", r.period.thai_title()},
        {"title_en", r.period.english_title()},
        {"utc_offset", "+07:00"},
        {"start_utc", core::format_iso_utc(r.period.start_utc_ms())},
        {"end_utc", core::format_iso_utc(r.period.end_utc_ms())},
    };

    j["entries"] = {{"total", r.entries},
                    {"ratings", r.ratings},
                    {"respondents", r.respondents()},
                    {"misuse_excluded", r.misuse_excluded},
                    {"invalid_excluded", r.invalid_excluded},
                    {"open_sessions", r.open_sessions},
                    {"complaints", r.complaints.total}};

    json questions = json::array();
    questions.push_back(question_json(r.main, "main"));
    for (const auto& q : r.dimensions) questions.push_back(question_json(q, "dimension"));
    j["questions"] = std::move(questions);

    json service_points = json::array();
    for (const auto& g : r.service_points) service_points.push_back(group_json(g));
    j["service_points"] = std::move(service_points);
    json channels = json::array();
    for (const auto& g : r.channels) channels.push_back(group_json(g));
    j["channels"] = std::move(channels);

    json months = json::array();
    for (const auto& m : r.months) {
        json month = {{"year", m.year},
                      {"month", m.month},
                      {"label_th", month_label_th(m.year, m.month)},
                      {"label_en", month_label_en(m.year, m.month)}};
        month.update(stats_json(m.stats));
        if (m.suppressed) month["n"] = nullptr;
        month["suppressed"] = m.suppressed;
        months.push_back(std::move(month));
    }
    j["months"] = std::move(months);

    json weekdays = json::array(), weekdays_en = json::array(), counts = json::array();
    for (int row = 0; row < kWeekdays; ++row) {
        weekdays.push_back(weekday_row_name_th(row));
        weekdays_en.push_back(weekday_row_name_en(row));
        counts.push_back(r.weekday_hour[static_cast<std::size_t>(row)]);
    }
    json hours = json::array();
    for (int hour = 0; hour < kHours; ++hour) hours.push_back(hour);
    j["weekday_hour"] = {{"weekdays_th", std::move(weekdays)},
                         {"weekdays_en", std::move(weekdays_en)},
                         {"hours", std::move(hours)},
                         {"counts", std::move(counts)}};

    json reasons = json::array();
    for (const auto& reason : r.reasons) {
        reasons.push_back({{"id", reason.id},
                           {"label_th", reason.label.th},
                           {"label_en", reason.label.en},
                           {"in_survey", reason.in_survey},
                           {"count", reason.count},
                           {"percent", rounded(reason.percent)}});
    }
    j["reasons"] = std::move(reasons);

    json categories = json::array();
    for (const auto& c : r.complaints.by_category) {
        categories.push_back({{"id", c.id},
                              {"label_th", c.label.th},
                              {"label_en", c.label.en},
                              {"in_survey", c.in_survey},
                              {"sensitive_category", c.sensitive_category},
                              {"count", c.count}});
    }
    j["complaints"] = {{"total", r.complaints.total},
                       {"sensitive", r.complaints.sensitive},
                       {"summary_th", r.complaints.total == 0 ? json(kNoComplaintsTh) : json(nullptr)},
                       {"status_tracked", r.complaints.status_tracked},
                       {"by_category", std::move(categories)}};
    // The centre's report only (issue 19): how the complaints were handled (report.h).
    if (const auto& h = r.complaints.handling) {
        json by_status = json::object();
        for (const auto& [status, count] : h->by_status) by_status[status] = count;
        const auto days = [](const std::optional<double>& d) { return d ? json(rounded(*d)) : json(nullptr); };
        j["complaints"]["handling"] = {{"cases", h->cases},
                                       {"by_status", std::move(by_status)},
                                       {"target_days", h->target_days},
                                       {"closed", h->closed},
                                       {"closed_within_target", h->closed_within_target},
                                       {"closed_within_target_percent", rounded(h->closed_within_target_percent)},
                                       {"median_days_first_response", days(h->median_days_first_response)},
                                       {"median_days_resolution", days(h->median_days_resolution)}};
    }

    // Limited like the HTML and XLSX (it is the report they show); the count says how many
    // there are, and the CSV holds every one.
    const std::size_t limit = r.options.suggestion_limit == 0
                                  ? r.suggestions.size()
                                  : std::min(r.suggestions.size(), r.options.suggestion_limit);
    j["suggestions_total"] = r.suggestions.size();
    json suggestions = json::array();
    for (std::size_t i = 0; i < limit; ++i) {
        const auto& s = r.suggestions[i];
        std::string time = (s.hour < 10 ? "0" : "") + std::to_string(s.hour) + ":" +
                           (s.minute < 10 ? "0" : "") + std::to_string(s.minute);
        suggestions.push_back({{"date", core::format_iso_date(s.date)},
                               {"time", std::move(time)},
                               {"rating", s.rating},
                               {"service_point", s.service_point.empty() ? json(nullptr) : json(s.service_point)},
                               {"channel", s.channel},
                               {"language", s.language},
                               {"text", s.text},
                               {"entry_id", s.entry_id},
                               {"approved", s.approved}});
    }
    j["suggestions"] = std::move(suggestions);

    // ---- The document (issue 17): added members, in the order REPORT.md lists them ----
    j["edition"] = edition_name(r.options.edition);
    j["suggestions_withheld"] = r.suggestions_withheld;
    json profile = json::array();
    for (const auto& p : r.profile) {
        json options = json::array();
        for (const auto& o : p.options)
            options.push_back({{"id", o.id.empty() ? json(nullptr) : json(o.id)},
                               {"label_th", o.label.th},
                               {"label_en", o.label.en},
                               {"in_survey", o.in_survey},
                               {"count", o.suppressed ? json(nullptr) : json(o.count)},
                               {"percent", o.suppressed ? json(nullptr) : rounded(o.percent)},
                               {"suppressed", o.suppressed}});
        profile.push_back({{"id", p.id},
                           {"text_th", p.text.th},
                           {"text_en", p.text.en},
                           {"in_survey", p.in_survey},
                           {"options", std::move(options)}});
    }
    j["profile"] = std::move(profile);
    json comparisons = json::array();
    for (const auto& c : r.comparisons) {
        json item = {{"kind", c.kind},
                     {"period", {{"label", c.period.label},
                                 {"first", core::format_iso_date(c.period.first)},
                                 {"last", core::format_iso_date(c.period.last)},
                                 {"title_th", c.period.thai_title()},
                                 {"title_en", c.period.english_title()}}},
                     {"n", c.stats.n},
                     {"mean", c.stats.n == 0 ? json(nullptr) : rounded(c.stats.mean)},
                     {"percent_of_max", c.stats.n == 0 ? json(nullptr) : rounded(c.stats.percent_of_max)},
                     {"level", c.stats.n == 0 ? json(nullptr) : json(c.stats.level)},
                     {"level_th", c.stats.n == 0 ? json(nullptr) : json(core::level_name_th(c.stats.level))},
                     {"n_change", c.n_change},
                     {"mean_change", c.mean_change ? rounded(*c.mean_change) : json(nullptr)},
                     {"percent_change", c.percent_change ? rounded(*c.percent_change) : json(nullptr)}};
        comparisons.push_back(std::move(item));
    }
    j["comparisons"] = std::move(comparisons);
    j["target"] = r.target ? json{{"target_percent", rounded(r.target->target_percent)},
                                  {"percent_of_max", rounded(r.main.stats.percent_of_max)},
                                  {"met", r.target->met}}
                           : json(nullptr);
    json summary = json::array();
    for (const auto& sentence : r.summary)
        summary.push_back({{"id", sentence.id}, {"th", sentence.text.th}, {"en", sentence.text.en}});
    j["summary"] = std::move(summary);
    j["actions_th"] = r.options.actions_th.empty() ? json(nullptr) : json(r.options.actions_th);
    json signatories = json::array();
    for (const auto& sig : r.options.signatories)
        signatories.push_back(
            {{"role_th", sig.role.th}, {"role_en", sig.role.en}, {"name", sig.name}, {"position", sig.position}});
    j["signatories"] = std::move(signatories);
    // Invalid UTF-8 in a stored comment must not abort the report: replace it (U+FFFD).
    return j.dump(2, ' ', false, json::error_handler_t::replace);
}

void export_json(const Report& report, const std::filesystem::path& out) {
    atomic_write(out, render_json(report) + "\n");
}

}  // namespace feedback::report
