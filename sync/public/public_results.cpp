// The public part of the kiosk's report and its three renderings (see public_results.h for why
// the model holds so little). Wording is in Thai and English side by side in each function, so
// a sentence is never added in one language only.
#include "public_results.h"

#include <nlohmann/json.hpp>

#include "common/text.h"
#include "core/clock.h"
#include "core/likert.h"
#include "core/thai_calendar.h"

namespace feedback::publicresults {
namespace {

using json = nlohmann::ordered_json;
using common::html_escape;

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

json row_json(const Row& r, const char* label_key_th, const char* label_key_en, bool with_id) {
    json j;
    if (with_id) j["id"] = r.id.empty() ? json(nullptr) : json(r.id);
    if (label_key_th) {
        j[label_key_th] = r.label_th;
        j[label_key_en] = r.label_en;
    }
    j["suppressed"] = r.suppressed;
    j["n"] = r.suppressed ? json(nullptr) : json(r.n);
    const bool figures = r.has_figures();
    j["mean"] = figures ? rounded(r.mean) : json(nullptr);
    j["level"] = figures ? json(r.level) : json(nullptr);
    j["level_th"] = figures ? json(core::level_name_th(r.level)) : json(nullptr);
    j["level_en"] = figures ? json(core::level_name_en(r.level)) : json(nullptr);
    j["percent_of_max"] = figures ? rounded(r.percent_of_max) : json(nullptr);
    return j;
}

// ---- HTML ----

// Thai text for Thai pages, English for English ones.
std::string tr(bool english, std::string th, std::string en) { return english ? std::move(en) : std::move(th); }

std::string period_title(const Half& h, bool english) {
    return html_escape(english ? h.period.english_title() : h.period.thai_title());
}

std::string to_date_text(const Half& h, bool english) {
    const std::string date = english ? core::format_english_date(h.to_date, core::DateStyle::Full)
                                     : core::format_thai_date(h.to_date, core::DateStyle::Full);
    if (h.complete) return tr(english, "ครึ่งปีที่สิ้นสุดแล้ว", "Completed half-year");
    return std::string(tr(english, "ครึ่งปีปัจจุบัน ข้อมูลถึงวันที่ ", "Current half-year, figures up to ")) + date;
}

// The cells of a row after its label: respondents, mean, level, ร้อยละ.
std::string figure_cells(const Row& r, bool english) {
    if (r.suppressed)
        return std::string("<td class=\"few\" colspan=\"4\">") + tr(english, "น้อยกว่า 5", "fewer than 5") + "</td>";
    if (r.n == 0)
        return std::string("<td class=\"num\">0</td><td class=\"none\" colspan=\"3\">") +
               tr(english, "ยังไม่มีผู้ตอบ", "no answers yet") + "</td>";
    return "<td class=\"num\">" + std::to_string(r.n) + "</td><td class=\"num\">" + core::format_2dp(r.mean) +
           "</td><td>" + html_escape(english ? core::level_name_en(r.level) : core::level_name_th(r.level)) +
           "</td><td class=\"num\">" + core::format_2dp(core::round_2dp(r.percent_of_max)) + "</td>";
}

std::string table(const std::string& caption, const std::string& first_heading, const std::vector<Row>& rows, bool english) {
    std::string out = "<table><caption>" + std::string(caption) + "</caption><thead><tr><th scope=\"col\">" +
                      first_heading + "</th><th scope=\"col\">" + tr(english, "ผู้ตอบ", "Answers") +
                      "</th><th scope=\"col\">" + tr(english, "ค่าเฉลี่ย", "Mean") + "</th><th scope=\"col\">" +
                      tr(english, "ระดับ", "Level") + "</th><th scope=\"col\">" + tr(english, "ร้อยละ", "Percent") +
                      "</th></tr></thead><tbody>";
    for (const auto& r : rows) {
        const std::string& label = english ? r.label_en : r.label_th;
        out += "<tr><th scope=\"row\">" + html_escape(label) + "</th>" + figure_cells(r, english) + "</tr>";
    }
    return out + "</tbody></table>";
}

std::string overall_block(const Half& h, bool english) {
    const Row& r = h.overall;
    std::string out = "<div class=\"overall\">";
    if (r.suppressed) {
        out += std::string("<p class=\"big few\">") + tr(english, "ผู้ตอบน้อยกว่า 5 คน", "Fewer than 5 answers") +
               "</p><p>" +
               tr(english, "ยังไม่แสดงผล เพื่อไม่ให้ชี้ถึงผู้ตอบรายใดได้",
                  "Not shown yet, so that no figure can point at one visitor") + "</p>";
    } else if (r.n == 0) {
        out += std::string("<p class=\"big none\">") + tr(english, "ยังไม่มีผู้ตอบ", "No answers yet") + "</p>";
    } else {
        out += std::string("<p class=\"big\"><span class=\"pct\">") + tr(english, "ร้อยละ ", "") +
               core::format_2dp(core::round_2dp(r.percent_of_max)) + tr(english, "", " %") + "</span> " +
               html_escape(english ? core::level_name_en(r.level) : core::level_name_th(r.level)) + "</p><p>" +
               tr(english, "ผู้ตอบ ", "Respondents ") + std::to_string(r.n) + tr(english, " คน · ค่าเฉลี่ย ", " · mean ") +
               core::format_2dp(r.mean) + tr(english, " จาก 5", " of 5") + "</p>";
    }
    return out + "</div>";
}

constexpr const char* kStyle = R"css(
body{margin:0;font-family:Laksaman,'TH Sarabun New',Sarabun,Garuda,Loma,sans-serif;font-size:18px;line-height:1.45;color:#1a1a1a;background:#fff}
main{max-width:52rem;margin:0 auto;padding:0.75rem}
h1{font-size:1.45rem;margin:0.3rem 0}h2{font-size:1.2rem;margin:1.2rem 0 0.2rem}
.lang{float:right;margin:0.3rem 0 0.3rem 0.6rem}
.half{border-top:3px solid #2a5d8f;margin-top:1rem;padding-top:0.3rem}
.sub{color:#444;margin:0}
.overall .big{font-size:1.6rem;margin:0.4rem 0 0}.pct{font-weight:bold;color:#2a5d8f}
table{border-collapse:collapse;width:100%;margin:0.6rem 0}caption{text-align:left;font-weight:bold;padding:0.2rem 0}
th,td{border-bottom:1px solid #ccc;padding:0.3rem 0.35rem;text-align:left;vertical-align:top}
thead th{font-size:0.85rem;color:#444}.num{text-align:right;white-space:nowrap}.few,.none{color:#555;font-style:italic}
.note{font-size:0.85rem;color:#444}.feedback-public{padding:0 0.5rem}
@media (max-width:30rem){body{font-size:16px}th,td{padding:0.25rem 0.2rem}}
)css";

std::string halves_html(const Results& results, bool english, bool headings_h2) {
    std::string out;
    const std::string h = headings_h2 ? "h2" : "h3";
    for (const auto& half : results.halves) {
        out += "<section class=\"half\"><" + h + ">" + period_title(half, english) + "</" + h +
               "><p class=\"sub\">" + html_escape(to_date_text(half, english)) + "</p>";
        out += overall_block(half, english);
        if (!half.service_points.empty())
            out += table(tr(english, "แยกตามจุดบริการ", "By service point"), tr(english, "จุดบริการ", "Service point"),
                         half.service_points, english);
        if (!half.dimensions.empty())
            out += table(tr(english, "แยกตามด้าน", "By aspect"), tr(english, "ด้าน", "Aspect"), half.dimensions, english);
        out += "</section>";
    }
    return out;
}

std::string office_name(const Results& r, bool english) {
    return html_escape(english && !r.office_name_en.empty() ? r.office_name_en : r.office_name_th);
}

std::string head(const std::string& title, bool english) {
    return std::string("<!DOCTYPE html><html lang=\"") + (english ? "en" : "th") +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<meta name=\"referrer\" content=\"no-referrer\"><title>" + title + "</title><style>" + kStyle +
           "</style></head>";
}

}  // namespace

bool suppressed(std::int64_t answers) { return answers > 0 && answers < kMinAnswers; }

Row row_from(const std::string& id, const core::LocalText& label, const report::Stats& stats) {
    Row r;
    r.id = id;
    r.label_th = label.th;
    r.label_en = label.en.empty() ? label.th : label.en;
    r.suppressed = suppressed(stats.n);
    if (!r.suppressed && stats.n > 0) {
        r.n = stats.n;
        r.mean = stats.mean;
        r.level = stats.level;
        r.percent_of_max = stats.percent_of_max;
    }
    return r;
}

Half half_from(const report::Report& report, bool complete, core::CivilDate to_date) {
    Half h;
    h.period = report.period;
    h.complete = complete;
    h.to_date = to_date;
    h.overall = row_from("", core::LocalText{"ภาพรวม", "Overall"}, report.main.stats);
    for (const auto& g : report.service_points) {
        core::LocalText label = g.label;
        if (g.id.empty()) label = core::LocalText{"ไม่ระบุจุดบริการ", "Service point not specified"};
        h.service_points.push_back(row_from(g.id, label, g.stats));
    }
    for (const auto& q : report.dimensions) h.dimensions.push_back(row_from(q.id, q.text, q.stats));
    return h;
}

Periods periods_on(core::CivilDate today) {
    Periods p;
    p.current = core::half_year_containing(today);
    p.last_completed = p.current.kind == core::PeriodKind::SecondHalf
                           ? core::fiscal_half_period(p.current.fiscal_year_be, 1)
                           : core::fiscal_half_period(p.current.fiscal_year_be - 1, 2);
    return p;
}

std::string to_json(const Results& results) {
    json j;
    j["format"] = "feedback-public-results";
    j["format_version"] = 1;
    j["generated_utc"] = core::format_iso_utc(results.generated_utc_ms);
    j["office"] = {{"code", results.office_code}, {"name_th", results.office_name_th}, {"name_en", results.office_name_en}};
    j["min_answers"] = kMinAnswers;
    json halves = json::array();
    for (const auto& h : results.halves) {
        json half;
        half["complete"] = h.complete;
        half["period"] = {{"label", h.period.label},
                          {"kind", period_kind(h.period.kind)},
                          {"fiscal_year_be", h.period.fiscal_year_be},
                          {"first", core::format_iso_date(h.period.first)},
                          {"last", core::format_iso_date(h.period.last)},
                          {"title_th", h.period.thai_title()},
                          {"title_en", h.period.english_title()}};
        half["to_date"] = core::format_iso_date(h.to_date);
        half["overall"] = row_json(h.overall, nullptr, nullptr, false);
        json points = json::array();
        for (const auto& r : h.service_points) points.push_back(row_json(r, "label_th", "label_en", true));
        half["service_points"] = std::move(points);
        json dims = json::array();
        for (const auto& r : h.dimensions) dims.push_back(row_json(r, "text_th", "text_en", true));
        half["dimensions"] = std::move(dims);
        halves.push_back(std::move(half));
    }
    j["halves"] = std::move(halves);
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string page_html(const Results& results, bool english) {
    const std::string base = "/public/" + html_escape(results.office_code);
    const std::string name = office_name(results, english);
    std::string out = head(std::string(tr(english, "ผลการประเมินความพึงพอใจ – ", "Satisfaction results – ")) + name,
                           english);
    out += "<body><main><nav class=\"lang\">";
    out += english ? "<a href=\"" + base + "\" hreflang=\"th\" lang=\"th\">ภาษาไทย</a>"
                   : "<a href=\"" + base + "?lang=en\" hreflang=\"en\" lang=\"en\">English</a>";
    out += "</nav><h1>" + std::string(tr(english, "ผลการประเมินความพึงพอใจต่อการให้บริการ",
                                          "Satisfaction with our services")) + "</h1><p class=\"sub\">" + name + "</p>";
    out += halves_html(results, english, true);
    out += std::string("<p class=\"note\">") +
           tr(english,
              "คะแนน 5 = มากที่สุด ถึง 1 = น้อยที่สุด; ร้อยละ = ค่าเฉลี่ย ÷ 5 × 100. "
              "กลุ่มที่มีผู้ตอบน้อยกว่า 5 คนไม่แสดงตัวเลข เพื่อไม่ให้ชี้ถึงผู้ตอบรายใดได้. "
              "ข้อมูลจาก <a href=\"" + base + ".json\">JSON</a>",
              "Scores: 5 = very high to 1 = very low; percent = mean ÷ 5 × 100. "
              "Groups with fewer than 5 answers show no figures, so that none can point at one visitor. "
              "Data as <a href=\"" + base + ".json\">JSON</a>") +
           "</p>";
    return out + "</main></body></html>\n";
}

std::string embed_html(const Results& results, bool english) {
    const std::string base = "/public/" + html_escape(results.office_code);
    const std::string name = office_name(results, english);
    std::string out = head(std::string(tr(english, "ผลการประเมินความพึงพอใจ – ", "Satisfaction results – ")) + name,
                           english);
    // target="_top" opens the full page in place of the office's page rather than inside the
    // frame; the fragment has no other link.
    out += "<body><section class=\"feedback-public\"><h2>" +
           std::string(tr(english, "ผลการประเมินความพึงพอใจ", "Satisfaction results")) + "</h2>";
    out += halves_html(results, english, false);
    out += "<p class=\"note\"><a href=\"" + base + (english ? "?lang=en" : "") + "\" target=\"_top\">" +
           tr(english, "รายละเอียด", "Details") + "</a></p></section></body></html>\n";
    return out;
}

std::string not_found_html() {
    return head("ไม่พบหน้านี้ – Not found", false) +
           "<body><main><h1>ไม่พบหน้านี้</h1><p>ไม่มีผลการประเมินที่เผยแพร่ในที่อยู่นี้</p>"
           "<h1 lang=\"en\">Not found</h1><p lang=\"en\">No published results at this address.</p></main></body></html>\n";
}

}  // namespace feedback::publicresults
