// The report as the document an office publishes (issue 17): comparison with earlier periods,
// the target, the executive summary in words, and the edition rules (masking, approved comments
// only, small slices suppressed). Everything but compute_document() is a pure function over
// computed Reports, so the collector (which links kiosk/report) can make the same document from
// its own figures, and tests check sentences against the numbers without a database.
//
// Wording: the summary follows the phrasing Thai offices use in their satisfaction reports and
// ITA plans (ผลการประเมิน … อยู่ในระดับ … คิดเป็นร้อยละ …; ประเด็นที่ควรปรับปรุง; บรรลุเป้าหมาย), and
// quotes only figures printed elsewhere in the same report, formatted the same way
// (core::format_2dp of the printed means), so a reader can find each number in the tables.
#include <algorithm>
#include <set>

#include "core/likert.h"
#include "report/masking.h"
#include "report/report.h"
#include "report/report_input.h"

namespace feedback::report {
namespace {

std::string f2(double value) { return core::format_2dp(value); }

// The change as a person reads it: from the printed figures, rounded again (4.21 − 4.05 = 0.16).
double printed_difference(double now, double before) { return core::round_2dp(core::round_2dp(now) - core::round_2dp(before)); }

core::LocalText comparison_name(const std::string& kind) {
    if (kind == "previous_half") return {"ครึ่งปีก่อนหน้า", "the previous half-year"};
    if (kind == "same_half_last_year") return {"ช่วงเดียวกันของปีงบประมาณก่อน", "the same half of the previous fiscal year"};
    return {"ปีงบประมาณก่อนหน้า", "the previous fiscal year"};
}

}  // namespace

std::string_view edition_name(Edition edition) { return edition == Edition::Public ? "public" : "internal"; }

std::vector<std::pair<std::string, core::Period>> comparison_periods(const core::Period& period) {
    std::vector<std::pair<std::string, core::Period>> out;
    const int year = period.fiscal_year_be;
    switch (period.kind) {
    case core::PeriodKind::FirstHalf:
        if (year - 1 >= core::kMinFiscalYearBe) {
            out.emplace_back("previous_half", core::fiscal_half_period(year - 1, 2));
            out.emplace_back("same_half_last_year", core::fiscal_half_period(year - 1, 1));
        }
        break;
    case core::PeriodKind::SecondHalf:
        out.emplace_back("previous_half", core::fiscal_half_period(year, 1));
        if (year - 1 >= core::kMinFiscalYearBe)
            out.emplace_back("same_half_last_year", core::fiscal_half_period(year - 1, 2));
        break;
    case core::PeriodKind::FiscalYear:
        if (year - 1 >= core::kMinFiscalYearBe) out.emplace_back("previous_year", core::fiscal_year_period(year - 1));
        break;
    case core::PeriodKind::Range: break;
    }
    return out;
}

ComparisonResult compare_main(const Report& current, std::string kind, const Report& earlier) {
    ComparisonResult c;
    c.kind = std::move(kind);
    c.period = earlier.period;
    c.stats = earlier.main.stats;
    const Stats& now = current.main.stats;
    c.n_change = now.n - c.stats.n;
    if (now.n > 0 && c.stats.n > 0) {
        c.mean_change = printed_difference(now.mean, c.stats.mean);
        c.percent_change = printed_difference(now.percent_of_max, c.stats.percent_of_max);
    }
    return c;
}

std::vector<SummarySentence> executive_summary(const Report& r) {
    std::vector<SummarySentence> out;
    const Stats& s = r.main.stats;
    const std::string n = format_count(s.n);
    if (s.n == 0) {
        out.push_back({"no_answers",
                       {"ไม่มีผู้ตอบแบบประเมินความพึงพอใจใน" + r.period.thai_title() + " จึงยังสรุปผลการประเมินไม่ได้",
                        "No visitor answered the survey in " + r.period.english_title() +
                            ", so there is no result to summarise."}});
        return out;
    }
    out.push_back(
        {"overall",
         {"ผลการประเมินความพึงพอใจของผู้มาติดต่อหรือรับบริการ" + r.options.office_name + " " + r.period.thai_title() +
              " จากผู้ตอบแบบประเมินจำนวน " + n + " ราย พบว่า ผู้รับบริการมีความพึงพอใจโดยรวมอยู่ในระดับ" +
              std::string(core::level_name_th(s.level)) + " ค่าเฉลี่ย " + f2(s.mean) + " คิดเป็นร้อยละ " +
              f2(s.percent_of_max),
          "Of " + n + " visitors who answered in " + r.period.english_title() + ", overall satisfaction with " +
              r.options.office_name_en + " was " + std::string(core::level_name_en(s.level)) + ": mean " +
              f2(s.mean) + ", " + f2(s.percent_of_max) + "%."}});

    // Strongest and weakest dimension: the ranks already computed (ties: the first in survey
    // order, as the table lists them). Only when at least two dimensions have answers.
    std::vector<const QuestionResult*> answered;
    for (const auto& q : r.dimensions)
        if (q.stats.n > 0) answered.push_back(&q);
    if (answered.size() >= 2) {
        const auto by_mean = [](const QuestionResult* a, const QuestionResult* b) {
            return core::round_2dp(a->stats.mean) < core::round_2dp(b->stats.mean);
        };
        const QuestionResult* best = answered.front();
        const QuestionResult* worst = answered.front();
        for (const auto* q : answered) {
            if (by_mean(best, q)) best = q;
            if (by_mean(q, worst)) worst = q;
        }
        if (best != worst) {
            out.push_back({"strongest",
                           {"ด้านที่ผู้รับบริการพึงพอใจมากที่สุด ได้แก่ " + best->text.th + " ค่าเฉลี่ย " +
                                f2(best->stats.mean) + " (ร้อยละ " + f2(best->stats.percent_of_max) + ")",
                            "The strongest aspect was " + best->text.en + ": mean " + f2(best->stats.mean) + " (" +
                                f2(best->stats.percent_of_max) + "%)."}});
            out.push_back({"weakest",
                           {"ด้านที่ผู้รับบริการพึงพอใจน้อยที่สุด ได้แก่ " + worst->text.th + " ค่าเฉลี่ย " +
                                f2(worst->stats.mean) + " (ร้อยละ " + f2(worst->stats.percent_of_max) +
                                ") เป็นประเด็นที่ควรปรับปรุง",
                            "The weakest aspect, to be improved, was " + worst->text.en + ": mean " +
                                f2(worst->stats.mean) + " (" + f2(worst->stats.percent_of_max) + "%)."}});
        }
    }

    // The service point with the lowest mean, among named points with figures (not suppressed),
    // when there are at least two to compare.
    std::vector<const GroupResult*> points;
    for (const auto& g : r.service_points)
        if (!g.id.empty() && g.stats.n > 0 && !g.suppressed) points.push_back(&g);
    if (points.size() >= 2) {
        const GroupResult* low = points.front();
        for (const auto* g : points)
            if (core::round_2dp(g->stats.mean) < core::round_2dp(low->stats.mean)) low = g;
        out.push_back({"lowest_point",
                       {"จุดบริการที่มีค่าเฉลี่ยความพึงพอใจต่ำที่สุด คือ " + low->label.th + " ค่าเฉลี่ย " +
                            f2(low->stats.mean) + " จากผู้ตอบ " + format_count(low->stats.n) + " ราย",
                        "The service point with the lowest mean was " + low->label.en + ": " + f2(low->stats.mean) +
                            " from " + format_count(low->stats.n) + " answers."}});
    }

    // The most chosen reasons: up to three with any choices (already most chosen first).
    std::string th, en;
    int listed = 0;
    for (const auto& reason : r.reasons) {
        if (reason.count == 0 || listed == 3) break;
        th += std::string(listed ? " " : "") + reason.label.th + " (" + format_count(reason.count) + " ครั้ง ร้อยละ " +
              f2(reason.percent) + ")";
        en += std::string(listed ? "; " : "") + reason.label.en + " (" + format_count(reason.count) + ", " +
              f2(reason.percent) + "%)";
        ++listed;
    }
    if (listed > 0)
        out.push_back({"reasons", {"เหตุผลที่ผู้รับบริการเลือกมากที่สุด ได้แก่ " + th, "The most chosen reasons: " + en + "."}});

    for (const auto& c : r.comparisons) {
        if (!c.percent_change) continue;
        const auto name = comparison_name(c.kind);
        const double d = *c.percent_change;
        const std::string th_change = d > 0 ? "เพิ่มขึ้น " + f2(d) + " จุด" : d < 0 ? "ลดลง " + f2(-d) + " จุด" : "เท่าเดิม";
        const std::string en_change = d > 0 ? "up " + f2(d) + " points" : d < 0 ? "down " + f2(-d) + " points" : "unchanged";
        out.push_back({"comparison_" + c.kind,
                       {"เมื่อเทียบกับ" + name.th + " (" + c.period.thai_title() + ") ร้อยละความพึงพอใจ" + th_change +
                            " จากร้อยละ " + f2(c.stats.percent_of_max) + " เป็นร้อยละ " + f2(s.percent_of_max),
                        "Compared with " + name.en + " (" + c.period.english_title() + "), satisfaction was " +
                            en_change + ", from " + f2(c.stats.percent_of_max) + "% to " + f2(s.percent_of_max) + "%."}});
    }

    if (r.target) {
        const auto& t = *r.target;
        out.push_back(
            {"target",
             {t.met ? "ผลการประเมินร้อยละ " + f2(s.percent_of_max) + " บรรลุเป้าหมายที่หน่วยงานกำหนดไว้ที่ร้อยละ " +
                          f2(t.target_percent)
                    : "ผลการประเมินร้อยละ " + f2(s.percent_of_max) + " ยังไม่บรรลุเป้าหมายที่หน่วยงานกำหนดไว้ที่ร้อยละ " +
                          f2(t.target_percent) + " ควรนำผลไปปรับปรุงการให้บริการต่อไป",
              t.met ? "At " + f2(s.percent_of_max) + "% the office met its target of " + f2(t.target_percent) + "%."
                    : "At " + f2(s.percent_of_max) + "% the office did not meet its target of " + f2(t.target_percent) +
                          "%."}});
    }
    return out;
}

void apply_edition(Report& r, const std::vector<std::string>& approved_entry_ids) {
    const std::set<std::string> approved(approved_entry_ids.begin(), approved_entry_ids.end());
    const bool is_public = r.options.edition == Edition::Public;
    std::vector<Suggestion> kept;
    kept.reserve(r.suggestions.size());
    r.suggestions_withheld = 0;
    for (auto& s : r.suggestions) {
        s.approved = approved.count(s.entry_id) > 0;
        if (is_public && !s.approved) {
            ++r.suggestions_withheld;
            continue;
        }
        s.text = mask_personal_data(s.text);  // every edition leaves the kiosk
        kept.push_back(std::move(s));
    }
    r.suggestions = std::move(kept);
    if (!is_public) return;

    const auto suppress_group = [](GroupResult& g) {
        if (g.stats.n > 0 && g.stats.n < kSmallSlice) {
            g.stats = Stats{};
            g.share_percent = 0.0;
            g.suppressed = true;
        }
    };
    for (auto& g : r.service_points) suppress_group(g);
    for (auto& g : r.channels) suppress_group(g);
    for (auto& m : r.months)
        if (m.stats.n > 0 && m.stats.n < kSmallSlice) {
            m.stats = Stats{};
            m.suppressed = true;
        }
    for (auto& p : r.profile)
        for (auto& o : p.options)
            if (o.count > 0 && o.count < kSmallSlice) {
                o.count = 0;
                o.percent = 0.0;
                o.suppressed = true;
            }
}

Report compute_document(ReportInput& input, const core::Period& period, const core::Survey& survey,
                        const core::LikertScale& scale, const ReportOptions& options) {
    // The caller's input holds one snapshot, so the earlier periods and the approvals are read
    // at the same moment as the figures.
    Report r = compute_report(input, period, survey, scale, options);
    if (options.comparisons) {
        ReportOptions earlier_options = options;
        earlier_options.comparisons = false;
        for (const auto& [kind, earlier_period] : comparison_periods(period)) {
            const Report earlier = compute_report(input, earlier_period, survey, scale, earlier_options);
            r.comparisons.push_back(compare_main(r, kind, earlier));
        }
    }
    if (options.target_percent && r.main.stats.n > 0)
        r.target = TargetResult{*options.target_percent,
                                core::round_2dp(r.main.stats.percent_of_max) >= core::round_2dp(*options.target_percent)};
    apply_edition(r, input.approved_entry_ids());
    r.summary = executive_summary(r);
    r.document = true;
    return r;
}

}  // namespace feedback::report
