// The HTML report (see html_export.h for why it is one self-contained file). Laid out in the
// order Thai satisfaction reports use: general facts, the overall result, results by dimension
// with ranks, respondents by service point and channel, the monthly trend, when people answer,
// reasons, complaints, suggestions, and finally the definitions a reader needs to check the
// numbers (interpretation bands, sample S.D., what was left out).
//
// Every character printed is one Laksaman has (the test checks the PDF embeds no other font):
// "ค่าเฉลี่ย" rather than x̄, whose combining macron Laksaman lacks and a fallback font would
// draw out of place.
#include "report/html_export.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "common/text.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "report/atomic_file.h"

namespace feedback::report {
namespace {

// Level colours, 1 (red) .. 5 (green): readable in greyscale too (the lightness differs).
constexpr std::array<const char*, 5> kLevelColours = {"#c0392b", "#e67e22", "#d4ac0d", "#5dab4a", "#1e7d3a"};

constexpr const char* kStyle = R"css(
:root { --ink: #1a1a1a; --muted: #555; --rule: #b8c2cc; --head: #e8eef4; --accent: #0b4f8a; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: Laksaman, 'TH Sarabun New', Sarabun, Garuda, Loma, sans-serif; font-size: 15pt;
       line-height: 1.45; color: var(--ink); margin: 0 auto; max-width: 180mm; padding: 10mm 0; background: #fff; }
header.cover { border-bottom: 2px solid var(--accent); margin-bottom: 6mm; padding-bottom: 3mm; }
header .office { font-size: 17pt; font-weight: bold; margin: 0; }
h1 { font-size: 21pt; margin: 1mm 0; color: var(--accent); }
header .period { font-size: 16pt; margin: 0; }
header .en, .en { color: var(--muted); font-size: 12pt; }
/* padding-top keeps Thai upper marks inside the heading's box: ink above the box would be
   painted at the foot of the previous page when the heading moves to the next one. */
h2 { font-size: 17pt; color: var(--accent); margin: 5mm 0 2mm; padding-top: 1.5mm; border-bottom: 1px solid var(--rule);
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 15pt; margin: 3mm 0 1mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; font-size: 13.5pt;
        break-inside: avoid; page-break-inside: avoid; }
table.long { break-inside: auto; page-break-inside: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid var(--rule); padding: 0.6mm 2mm; vertical-align: top; }
th { background: var(--head); font-weight: bold; text-align: center; white-space: nowrap; }
th:first-child { white-space: normal; }
table.facts td:first-child { width: 62%; }
table.distribution { font-size: 12.5pt; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.center { text-align: center; }
tr.main td { font-weight: bold; background: #f5f8fb; }
figure { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 12.5pt; color: var(--muted); text-align: center; }
svg text { font-family: Laksaman, 'TH Sarabun New', Sarabun, Garuda, Loma, sans-serif; fill: #1a1a1a; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.summary { font-size: 15pt; background: #f5f8fb; border-left: 4px solid var(--accent); padding: 1.5mm 3mm; }
.none { font-size: 15pt; font-weight: bold; padding: 2mm 3mm; border: 1px solid var(--rule); }
.note { font-size: 12.5pt; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: auto 1fr; gap: 0.5mm 4mm; margin: 2mm 0 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.executive p.sentence { margin: 0 0 1.5mm; text-indent: 10mm; }
.signatures { display: flex; flex-wrap: wrap; gap: 6mm 10mm; margin: 6mm 0 2mm; break-inside: avoid; page-break-inside: avoid; }
.signature { flex: 1 1 70mm; text-align: center; }
.signature .line { margin-top: 10mm; }
.met { color: #1e7d3a; font-weight: bold; }
.not-met { color: #c0392b; font-weight: bold; }
.edition { font-weight: bold; color: var(--accent); }
footer { margin-top: 8mm; font-size: 11.5pt; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 2mm; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; }
  section { break-before: auto; }
  h2.page { break-before: page; page-break-before: always; }
}
)css";

std::string fixed2(double value) { return core::format_2dp(value); }

class HtmlWriter {
public:
    explicit HtmlWriter(const Report& report) : r_(report), thai_(report.options.thai_digits) {}

    std::string render() {
        begin();
        cover();
        executive();
        overview();
        overall();
        by_dimension();
        by_service_point();
        by_channel();
        by_month();
        by_weekday_hour();
        reasons();
        complaints();
        suggestions();
        definitions();
        end();
        return std::move(out_);
    }

private:
    // ---- text helpers ----
    std::string digits(std::string text) const { return thai_ ? core::to_thai_digits(text) : text; }
    std::string count(std::int64_t value) const { return digits(format_count(value)); }
    std::string dec(double value) const { return digits(fixed2(value)); }
    std::string mean(const Stats& s) const { return digits(format_mean(s)); }
    std::string sd(const Stats& s) const { return digits(format_sd(s)); }
    std::string pct_of_max(const Stats& s) const { return s.n == 0 ? "-" : dec(s.percent_of_max); }
    std::string level(const Stats& s) const { return s.n == 0 ? "-" : std::string(core::level_name_th(s.level)); }
    std::string thai_date(core::CivilDate date) const {
        return core::format_thai_date(date, core::DateStyle::Abbreviated, thai_);
    }
    void add(std::string_view text) { out_ += text; }
    void text(std::string_view text) { out_ += html_escape(text); }

    void td_num(const std::string& value) { add("<td class=\"num\">" + value + "</td>"); }
    void td_center(const std::string& value) { add("<td class=\"center\">" + value + "</td>"); }
    void td_text(std::string_view value) {
        add("<td>");
        text(value);
        add("</td>");
    }

    // ---- document ----
    void begin() {
        add("<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n");
        add("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        text("รายงานผลการประเมินความพึงพอใจ " + r_.options.office_name + " " + r_.period.thai_title(thai_));
        add("</title>\n<style>");
        add(kStyle);
        // Page numbers; the margin box does not inherit the body's font, so it is named again.
        add(std::string("@page { @bottom-right { content: ") +
            (thai_ ? "counter(page, thai) \" / \" counter(pages, thai)" : "counter(page) \" / \" counter(pages)") +
            "; font-family: Laksaman, 'TH Sarabun New', Sarabun, Garuda, Loma, sans-serif; font-size: 11pt; } }\n");
        add("</style>\n</head>\n<body>\n");
    }

    void end() {
        add("<footer>");
        text("จัดทำโดยระบบตู้รับฟังความคิดเห็น (feedback-kiosk) เมื่อ " +
             thai_date(core::local_date_of(r_.generated_utc_ms, core::kOfficeOffsetMin)) +
             " · แบบประเมินฉบับ " + r_.survey.version + " · ช่วงเวลา " + r_.period.label);
        add("</footer>\n</body>\n</html>\n");
    }

    void cover() {
        add("<header class=\"cover\">\n<p class=\"office\">");
        text(r_.options.office_name);
        add("</p>\n<h1>รายงานผลการประเมินความพึงพอใจของผู้มาติดต่อหรือรับบริการ</h1>\n<p class=\"period\">");
        text(r_.period.thai_title(thai_));
        add("</p>\n<p class=\"en\">");
        text(r_.options.office_name_en + " · Service satisfaction report · " + r_.period.english_title());
        add("</p>\n");
        if (r_.document) {
            add("<p class=\"edition\">");
            text(r_.options.edition == Edition::Public ? "ฉบับเผยแพร่ต่อสาธารณะ (Public edition)"
                                                       : "ฉบับใช้ภายในหน่วยงาน (Internal edition)");
            add("</p>\n");
        }
        add("</header>\n");
    }

    // ---- The executive summary, comparison, actions and approval block (issue 17) ----
    void executive() {
        if (!r_.document) return;
        add("<section id=\"executive-summary\" class=\"executive\">\n<h2>บทสรุปสำหรับผู้บริหาร</h2>\n");
        for (const auto& sentence : r_.summary) {
            add("<p class=\"sentence\" data-id=\"" + html_escape(sentence.id) + "\">");
            // Fixed wording around printed figures and survey labels: digits may follow thai_digits.
            text(digits(sentence.text.th));
            add("</p>\n");
        }
        add("<p class=\"en\">");
        for (const auto& sentence : r_.summary) text(sentence.text.en + " ");
        add("</p>\n");
        comparison();
        if (!r_.options.actions_th.empty()) {
            add("<h3>แนวทางการปรับปรุงการให้บริการ</h3>\n<p class=\"actions\">");
            text(r_.options.actions_th);
            add("</p>\n");
        }
        signatures();
        add("</section>\n");
    }

    void comparison() {
        if (r_.comparisons.empty() && !r_.target) return;
        add("<h3>เปรียบเทียบกับช่วงก่อนหน้าและเป้าหมาย</h3>\n<table class=\"comparison\">\n<thead><tr><th>ช่วงเวลา</th>"
            "<th>จำนวนผู้ตอบ</th><th>ค่าเฉลี่ย</th><th>ร้อยละ</th><th>ระดับ</th><th>เปลี่ยนแปลง (ร้อยละ)</th></tr></thead>\n<tbody>\n");
        add("<tr class=\"main\">");
        td_text(r_.period.thai_title(thai_));
        const auto& s = r_.main.stats;
        td_num(count(s.n));
        td_num(mean(s));
        td_num(pct_of_max(s));
        td_center(level(s));
        td_center("-");
        add("</tr>\n");
        for (const auto& c : r_.comparisons) {
            add("<tr>");
            td_text(c.period.thai_title(thai_));
            td_num(count(c.stats.n));
            td_num(mean(c.stats));
            td_num(pct_of_max(c.stats));
            td_center(level(c.stats));
            if (c.percent_change)
                td_num(digits((*c.percent_change > 0 ? "+" : "") + fixed2(*c.percent_change)));
            else
                td_center("-");
            add("</tr>\n");
        }
        add("</tbody>\n</table>\n");
        if (r_.target) {
            add("<p>เป้าหมายของหน่วยงาน: ร้อยละ " + dec(r_.target->target_percent) + " · ผลการประเมิน ร้อยละ " +
                pct_of_max(s) + " · " +
                (r_.target->met ? "<span class=\"met\">บรรลุเป้าหมาย</span>" : "<span class=\"not-met\">ไม่บรรลุเป้าหมาย</span>") +
                "</p>\n");
        }
    }

    void signatures() {
        if (r_.options.signatories.empty()) return;
        add("<div class=\"signatures\">\n");
        for (const auto& sig : r_.options.signatories) {
            add("<div class=\"signature\"><p class=\"line\">ลงชื่อ ........................................</p><p>(");
            text(sig.name.empty() ? std::string("........................................") : sig.name);
            add(")</p><p>");
            text(sig.position.empty() ? std::string("ตำแหน่ง ........................................") : sig.position);
            add("</p><p class=\"note\">");
            text(sig.role.th);
            add("</p></div>\n");
        }
        add("</div>\n");
    }

    void profile() {
        if (!r_.has_profile_answers()) return;
        add("<h3 id=\"profile\">ข้อมูลทั่วไปของผู้ตอบแบบสอบถาม</h3>\n");
        add("<table class=\"profile\">\n<thead><tr><th>ข้อมูลผู้ตอบ</th><th>จำนวน</th><th>ร้อยละ</th></tr></thead>\n<tbody>\n");
        for (const auto& p : r_.profile) {
            add("<tr class=\"main\">");
            td_text(p.text.th);
            add("<td></td><td></td></tr>\n");
            for (const auto& o : p.options) {
                add("<tr>");
                td_text("  " + o.label.th);
                if (o.suppressed) {
                    td_num(digits("น้อยกว่า 5"));
                    td_num("-");
                } else {
                    td_num(count(o.count));
                    td_num(dec(o.percent));
                }
                add("</tr>\n");
            }
        }
        add("</tbody>\n</table>\n");
        add("<p class=\"note\">ร้อยละคิดจากจำนวนผู้ตอบที่นำมาวิเคราะห์ (n = " + count(r_.respondents()) +
            ") ไม่ระบุ คือผู้ตอบที่ไม่ได้ตอบคำถามข้อนั้น</p>\n");
    }

    void overview() {
        add("<section id=\"overview\">\n<h2>1. ข้อมูลทั่วไป</h2>\n<table class=\"facts\">\n<tbody>\n");
        // value is HTML already (figures are escaped by construction, text by the caller).
        const auto row = [this](std::string_view label, const std::string& value) {
            add("<tr><td>");
            text(label);
            add("</td>");
            add("<td>" + value + "</td>");
            add("</tr>\n");
        };
        row("ช่วงเวลาของรายงาน", thai_date(r_.period.first) + " – " + thai_date(r_.period.last));
        row("แบบประเมิน", html_escape(r_.survey.title.th));
        row("รายการทั้งหมดในช่วงเวลา (แบบประเมินและเรื่องร้องเรียน)", count(r_.entries));
        row("แบบประเมินความพึงพอใจที่บันทึก", count(r_.ratings));
        row("ไม่นับ: กดซ้ำในเวลาอันสั้น (สงสัยว่าไม่ใช่คำตอบจริง)", count(r_.misuse_excluded));
        if (r_.invalid_excluded > 0) row("ไม่นับ: ข้อมูลไม่สมบูรณ์", count(r_.invalid_excluded));
        row("จำนวนผู้ตอบที่นำมาวิเคราะห์ (n)", "<strong>" + count(r_.respondents()) + "</strong>");
        row("เรื่องร้องเรียน", count(r_.complaints.total));
        add("</tbody>\n</table>\n");
        profile();
        add("</section>\n");
    }

    // Horizontal bars: the share of each level for one question.
    void level_chart(const Stats& s) {
        const int row_h = 34, top = 6, label_w = 150, bar_max = 380;
        const int height = top * 2 + row_h * 5;
        add("<figure>\n<svg viewBox=\"0 0 680 " + std::to_string(height) +
            "\" role=\"img\" aria-label=\"จำนวนผู้ตอบแต่ละระดับ\">\n");
        for (int i = 0; i < 5; ++i) {
            const int lv = 5 - i;
            const int y = top + i * row_h;
            const double pct = s.level_percent(lv);
            const int w = static_cast<int>(std::lround(pct / 100.0 * bar_max));
            add("<text x=\"" + std::to_string(label_w - 8) + "\" y=\"" + std::to_string(y + 21) +
                "\" text-anchor=\"end\" font-size=\"17\">");
            text(std::string(core::level_name_th(lv)) + " (" + digits(std::to_string(lv)) + ")");
            add("</text>\n<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 4) +
                "\" width=\"" + std::to_string(bar_max) + "\" height=\"24\" fill=\"#eef1f4\"/>\n");
            add("<rect class=\"bar\" x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 4) +
                "\" width=\"" + std::to_string(w) + "\" height=\"24\" fill=\"" +
                kLevelColours[static_cast<std::size_t>(lv - 1)] + "\"/>\n");
            add("<text x=\"" + std::to_string(label_w + bar_max + 8) + "\" y=\"" + std::to_string(y + 21) +
                "\" font-size=\"17\">" + count(s.count(lv)) + " (" + dec(pct) + "%)</text>\n");
        }
        add("</svg>\n<figcaption>จำนวนและร้อยละของผู้ตอบในแต่ละระดับความพึงพอใจ (n = " + count(s.n) +
            ")</figcaption>\n</figure>\n");
    }

    void overall() {
        const auto& s = r_.main.stats;
        add("<section id=\"overall\">\n<h2>2. ความพึงพอใจโดยรวม</h2>\n<p>คำถาม: ");
        text(r_.main.text.th);
        add("</p>\n");
        if (s.n == 0) {
            add("<p class=\"none\">ไม่มีผู้ตอบแบบประเมินในช่วงเวลานี้</p>\n</section>\n");
            return;
        }
        add("<p class=\"summary\">ค่าเฉลี่ย <strong>" + mean(s) + "</strong> · S.D. " + sd(s) +
            " · ร้อยละ " + pct_of_max(s) + " · ระดับความพึงพอใจ <strong>" + level(s) + "</strong> · n = " +
            count(s.n) + "</p>\n");
        level_chart(s);
        add("<table class=\"levels\">\n<thead><tr><th>ระดับความพึงพอใจ</th><th>คะแนน</th><th>จำนวน</th><th>ร้อยละ</th></tr></thead>\n<tbody>\n");
        for (int lv = 5; lv >= 1; --lv) {
            add("<tr>");
            td_text(core::level_name_th(lv));
            td_center(digits(std::to_string(lv)));
            td_num(count(s.count(lv)));
            td_num(dec(s.level_percent(lv)));
            add("</tr>\n");
        }
        add("<tr class=\"main\"><td>รวม</td><td></td>");
        td_num(count(s.n));
        td_num(dec(100.0));
        add("</tr>\n</tbody>\n</table>\n</section>\n");
    }

    void stats_cells(const Stats& s) {
        td_num(count(s.n));
        td_num(mean(s));
        td_num(sd(s));
        td_num(pct_of_max(s));
        td_center(level(s));
    }

    // Means of the main question and every dimension on one 0–5 axis.
    void means_chart() {
        std::vector<const QuestionResult*> rows{&r_.main};
        for (const auto& q : r_.dimensions) rows.push_back(&q);
        const int row_h = 32, label_w = 290, bar_max = 320;
        const int height = 30 + row_h * static_cast<int>(rows.size());
        add("<figure>\n<svg viewBox=\"0 0 680 " + std::to_string(height) +
            "\" role=\"img\" aria-label=\"ค่าเฉลี่ยรายด้าน\">\n");
        for (int tick = 0; tick <= 5; ++tick) {
            const int x = label_w + tick * bar_max / 5;
            add("<line x1=\"" + std::to_string(x) + "\" y1=\"4\" x2=\"" + std::to_string(x) + "\" y2=\"" +
                std::to_string(height - 24) + "\" stroke=\"#d5dbe1\"/>\n<text x=\"" + std::to_string(x) +
                "\" y=\"" + std::to_string(height - 6) + "\" text-anchor=\"middle\" font-size=\"15\">" +
                digits(std::to_string(tick)) + "</text>\n");
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& q = *rows[i];
            const int y = 4 + static_cast<int>(i) * row_h;
            const std::string& label = i == 0 ? std::string("ภาพรวม") : q.text.th;
            add("<text x=\"" + std::to_string(label_w - 8) + "\" y=\"" + std::to_string(y + 20) +
                "\" text-anchor=\"end\" font-size=\"15\">");
            text(label);
            add("</text>\n");
            if (q.stats.n == 0) continue;
            const int w = static_cast<int>(std::lround(core::round_2dp(q.stats.mean) / 5.0 * bar_max));
            add("<rect class=\"bar\" x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 4) +
                "\" width=\"" + std::to_string(w) + "\" height=\"22\" fill=\"" +
                kLevelColours[static_cast<std::size_t>(q.stats.level - 1)] + "\"/>\n<text x=\"" +
                std::to_string(label_w + w + 6) + "\" y=\"" + std::to_string(y + 20) + "\" font-size=\"15\">" +
                mean(q.stats) + "</text>\n");
        }
        add("</svg>\n<figcaption>" + digits("ค่าเฉลี่ยความพึงพอใจ (เต็ม 5)") + "</figcaption>\n</figure>\n");
    }

    void by_dimension() {
        add("<section id=\"dimensions\">\n<h2>3. ความพึงพอใจรายด้าน</h2>\n");
        add("<table class=\"questions\">\n<thead><tr><th>ประเด็นการประเมิน</th><th>n</th><th>ค่าเฉลี่ย</th><th>S.D.</th>"
            "<th>ร้อยละ</th><th>ระดับ</th><th>อันดับ</th></tr></thead>\n<tbody>\n");
        add("<tr class=\"main\">");
        td_text("ภาพรวม: " + r_.main.text.th);
        stats_cells(r_.main.stats);
        td_center("-");
        add("</tr>\n");
        for (const auto& q : r_.dimensions) {
            add("<tr>");
            td_text(q.text.th);
            stats_cells(q.stats);
            td_center(q.rank ? digits(std::to_string(*q.rank)) : "-");
            add("</tr>\n");
        }
        add("</tbody>\n</table>\n");
        if (r_.dimensions.empty()) add("<p class=\"note\">แบบประเมินนี้ไม่มีคำถามรายด้าน</p>\n");
        means_chart();

        add("<h3>จำนวน (ร้อยละ) ของผู้ตอบในแต่ละระดับ</h3>\n<table class=\"distribution\">\n<thead><tr><th>ประเด็นการประเมิน</th>");
        for (int lv = 5; lv >= 1; --lv) add("<th>" + std::string(core::level_name_th(lv)) + " (" + digits(std::to_string(lv)) + ")</th>");
        add("</tr></thead>\n<tbody>\n");
        const auto distribution_row = [this](const std::string& label, const Stats& s, bool main) {
            add(main ? "<tr class=\"main\">" : "<tr>");
            td_text(label);
            for (int lv = 5; lv >= 1; --lv)
                td_num(count(s.count(lv)) + " (" + (s.n == 0 ? std::string("-") : dec(s.level_percent(lv))) + ")");
            add("</tr>\n");
        };
        distribution_row("ภาพรวม", r_.main.stats, true);
        for (const auto& q : r_.dimensions) distribution_row(q.text.th, q.stats, false);
        add("</tbody>\n</table>\n</section>\n");
    }

    void groups_table(const std::vector<GroupResult>& groups, std::string_view heading) {
        add("<table class=\"groups\">\n<thead><tr><th>");
        text(heading);
        add("</th><th>จำนวนผู้ตอบ</th><th>ร้อยละของผู้ตอบ</th><th>ค่าเฉลี่ย</th><th>S.D.</th><th>ร้อยละ</th><th>ระดับ</th></tr></thead>\n<tbody>\n");
        for (const auto& g : groups) {
            add("<tr>");
            td_text(g.label.th);
            if (g.suppressed) {
                td_num(digits("น้อยกว่า 5"));
                td_num("-");
                td_num("-");
                td_num("-");
                td_num("-");
                td_center("-");
                add("</tr>\n");
                continue;
            }
            td_num(count(g.stats.n));
            td_num(dec(g.share_percent));
            td_num(mean(g.stats));
            td_num(sd(g.stats));
            td_num(pct_of_max(g.stats));
            td_center(level(g.stats));
            add("</tr>\n");
        }
        add("</tbody>\n</table>\n");
    }

    void by_service_point() {
        add("<section id=\"service-points\">\n<h2>4. ผู้ตอบจำแนกตามจุดบริการ</h2>\n");
        groups_table(r_.service_points, "จุดบริการ / ส่วนราชการ");
        add("</section>\n");
    }

    void by_channel() {
        add("<section id=\"channels\">\n<h2>5. ผู้ตอบจำแนกตามช่องทาง</h2>\n");
        groups_table(r_.channels, "ช่องทาง");
        add("</section>\n");
    }

    void month_chart() {
        const int left = 44, right = 670, top = 24, bottom = 200;
        const int plot_h = bottom - top;
        const int count_months = std::max<int>(1, static_cast<int>(r_.months.size()));
        const double band = static_cast<double>(right - left) / count_months;
        add("<figure>\n<svg viewBox=\"0 0 680 250\" role=\"img\" aria-label=\"แนวโน้มค่าเฉลี่ยรายเดือน\">\n");
        for (int tick = 0; tick <= 5; ++tick) {
            const int y = bottom - tick * plot_h / 5;
            add("<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(y) + "\" x2=\"" +
                std::to_string(right) + "\" y2=\"" + std::to_string(y) + "\" stroke=\"#d5dbe1\"/>\n<text x=\"" +
                std::to_string(left - 8) + "\" y=\"" + std::to_string(y + 5) +
                "\" text-anchor=\"end\" font-size=\"15\">" + digits(std::to_string(tick)) + "</text>\n");
        }
        const bool many = r_.months.size() > 12;
        for (std::size_t i = 0; i < r_.months.size(); ++i) {
            const auto& m = r_.months[i];
            const double centre = left + band * (static_cast<double>(i) + 0.5);
            const std::string cx = std::to_string(static_cast<int>(std::lround(centre)));
            if (m.stats.n > 0) {
                const double h = core::round_2dp(m.stats.mean) / 5.0 * plot_h;
                const double w = band * 0.6;
                add("<rect class=\"bar\" x=\"" + std::to_string(static_cast<int>(std::lround(centre - w / 2))) +
                    "\" y=\"" + std::to_string(static_cast<int>(std::lround(bottom - h))) + "\" width=\"" +
                    std::to_string(static_cast<int>(std::lround(w))) + "\" height=\"" +
                    std::to_string(static_cast<int>(std::lround(h))) + "\" fill=\"" +
                    kLevelColours[static_cast<std::size_t>(m.stats.level - 1)] + "\"/>\n");
                if (!many)
                    add("<text x=\"" + cx + "\" y=\"" + std::to_string(static_cast<int>(std::lround(bottom - h - 5))) +
                        "\" text-anchor=\"middle\" font-size=\"15\">" + mean(m.stats) + "</text>\n");
            }
            add("<text x=\"" + cx + "\" y=\"" + std::to_string(bottom + 20) +
                "\" text-anchor=\"middle\" font-size=\"" + (many ? "11" : "15") + "\">");
            text(many ? std::string(core::thai_month_abbr(m.month)) : digits(month_label_th(m.year, m.month)));
            add("</text>\n");
            if (!many)
                add("<text x=\"" + cx + "\" y=\"" + std::to_string(bottom + 40) +
                    "\" text-anchor=\"middle\" font-size=\"13\" fill=\"#555\">n = " + count(m.stats.n) + "</text>\n");
        }
        add("</svg>\n<figcaption>" + digits("ค่าเฉลี่ยความพึงพอใจโดยรวมรายเดือน (เต็ม 5) และจำนวนผู้ตอบ") +
            "</figcaption>\n</figure>\n");
    }

    void by_month() {
        add("<section id=\"months\">\n<h2>6. แนวโน้มรายเดือน</h2>\n");
        month_chart();
        add("<table class=\"months\">\n<thead><tr><th>เดือน</th><th>จำนวนผู้ตอบ</th><th>ค่าเฉลี่ย</th><th>S.D.</th>"
            "<th>ร้อยละ</th><th>ระดับ</th></tr></thead>\n<tbody>\n");
        for (const auto& m : r_.months) {
            add("<tr>");
            td_text(digits(month_label_th(m.year, m.month)));
            if (m.suppressed) {
                td_num(digits("น้อยกว่า 5"));
                for (int k = 0; k < 4; ++k) td_num("-");
                add("</tr>\n");
                continue;
            }
            stats_cells(m.stats);
            add("</tr>\n");
        }
        add("</tbody>\n</table>\n</section>\n");
    }

    void by_weekday_hour() {
        // Office hours always, widened to any hour that has answers (heat_map_span).
        const HeatMapSpan span = heat_map_span(r_);
        const int first = span.first_hour;
        const std::int64_t max = span.max_cell;
        const int columns = span.columns();
        const int label_w = 84, top = 26;
        const int cell_w = std::min(56, (670 - label_w) / columns), cell_h = 30;
        const int width = label_w + columns * cell_w + 6;
        const int height = top + kWeekdays * cell_h + 6;
        add("<section id=\"weekday-hour\">\n<h2>7. วันและช่วงเวลาที่ตอบแบบประเมิน</h2>\n");
        add("<figure>\n<svg class=\"heatmap\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
            "\" role=\"img\" aria-label=\"จำนวนผู้ตอบตามวันและชั่วโมง\">\n");
        for (int c = 0; c < columns; ++c) {
            const int x = label_w + c * cell_w + cell_w / 2;
            const int hour = first + c;
            add("<text x=\"" + std::to_string(x) + "\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">" +
                digits((hour < 10 ? "0" : "") + std::to_string(hour)) + "</text>\n");
        }
        for (int row = 0; row < kWeekdays; ++row) {
            const int y = top + row * cell_h;
            add("<text x=\"" + std::to_string(label_w - 6) + "\" y=\"" + std::to_string(y + 21) +
                "\" text-anchor=\"end\" font-size=\"15\">");
            text(weekday_row_name_th(row));
            add("</text>\n");
            for (int c = 0; c < columns; ++c) {
                const auto value =
                    r_.weekday_hour[static_cast<std::size_t>(row)][static_cast<std::size_t>(first + c)];
                const double t = max == 0 ? 0.0 : static_cast<double>(value) / static_cast<double>(max);
                // White-blue to deep blue; empty cells a neutral grey.
                std::string fill = "#f2f4f6";
                if (value > 0) {
                    const auto mix = [t](int from, int to) {
                        return static_cast<int>(std::lround(from + (to - from) * t));
                    };
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", mix(0xde, 0x08), mix(0xeb, 0x30), mix(0xf7, 0x6b));
                    fill = buffer;
                }
                const int x = label_w + c * cell_w;
                add("<rect class=\"cell\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
                    std::to_string(cell_w - 2) + "\" height=\"" + std::to_string(cell_h - 2) + "\" fill=\"" + fill + "\"/>\n");
                if (value > 0)
                    add("<text x=\"" + std::to_string(x + (cell_w - 2) / 2) + "\" y=\"" + std::to_string(y + 20) +
                        "\" text-anchor=\"middle\" font-size=\"" + (value >= 10000 ? "10" : "13") + "\"" +
                        (t > 0.55 ? " style=\"fill:#fff\"" : "") + ">" + count(value) + "</text>\n");
            }
        }
        add("</svg>\n<figcaption>จำนวนผู้ตอบแบบประเมินจำแนกตามวันในสัปดาห์และชั่วโมง (เวลาประเทศไทย เช่น " +
            digits("08") + " คือ " + digits("08:00–08:59") + " น.)</figcaption>\n</figure>\n</section>\n");
    }

    void reasons() {
        add("<section id=\"reasons\">\n<h2>8. เหตุผลที่ผู้ตอบเลือก</h2>\n");
        std::int64_t chosen = 0;
        for (const auto& reason : r_.reasons) chosen += reason.count;
        if (chosen == 0) {
            add("<p class=\"none\">ไม่มีผู้ตอบเลือกเหตุผล</p>\n</section>\n");
            return;
        }
        add("<table class=\"reasons\">\n<thead><tr><th>เหตุผล</th><th>จำนวนครั้งที่เลือก</th><th>ร้อยละของผู้ตอบ</th></tr></thead>\n<tbody>\n");
        for (const auto& reason : r_.reasons) {
            add("<tr>");
            td_text(reason.label.th);
            td_num(count(reason.count));
            td_num(dec(reason.percent));
            add("</tr>\n");
        }
        add("</tbody>\n</table>\n<p class=\"note\">" +
            digits("ผู้ตอบหนึ่งคนเลือกได้หลายเหตุผลหรือไม่เลือกเลย ร้อยละจึงรวมกันไม่จำเป็นต้องเท่ากับ 100") +
            "</p>\n</section>\n");
    }

    void complaints() {
        const auto& c = r_.complaints;
        add("<section id=\"complaints\">\n<h2>9. เรื่องร้องเรียน</h2>\n");
        if (c.total == 0) {
            add("<p class=\"none\">");
            text(kNoComplaintsTh);
            add("</p>\n");
        } else {
            add("<p class=\"summary\">เรื่องร้องเรียนทั้งหมด <strong>" + count(c.total) +
                "</strong> เรื่อง · เรื่องอ่อนไหว (เสนอผู้บริหารโดยตรง) " + count(c.sensitive) + " เรื่อง</p>\n");
            add("<table class=\"complaints\">\n<thead><tr><th>ประเภทเรื่องร้องเรียน</th><th>จำนวน</th></tr></thead>\n<tbody>\n");
            for (const auto& category : c.by_category) {
                add("<tr>");
                td_text(category.label.th);
                td_num(count(category.count));
                add("</tr>\n");
            }
            add("<tr class=\"main\"><td>รวม</td>");
            td_num(count(c.total));
            add("</tr>\n</tbody>\n</table>\n");
        }
        if (const auto& h = c.handling) {
            // The centre's report (issue 19): the statuses the console recorded.
            add("<table class=\"complaints handling\">\n<thead><tr><th>สถานะการดำเนินการ</th><th>จำนวน</th></tr></thead>\n<tbody>\n");
            for (const auto& [status, n] : h->by_status) {
                add("<tr>");
                td_text(handling_status_label(status).th);
                td_num(count(n));
                add("</tr>\n");
            }
            add("</tbody>\n</table>\n<p class=\"note\">ปิดเรื่องภายใน " + count(h->target_days) + " วัน " +
                count(h->closed_within_target) + " เรื่อง (ร้อยละ " + dec(h->closed_within_target_percent) +
                ") ระยะเวลาตอบรับเรื่อง (มัธยฐาน) " +
                (h->median_days_first_response ? dec(*h->median_days_first_response) + " วัน" : std::string("-")) +
                " ระยะเวลาปิดเรื่อง (มัธยฐาน) " +
                (h->median_days_resolution ? dec(*h->median_days_resolution) + " วัน" : std::string("-")) + "</p>\n");
            add("<p class=\"note\">รายงานนี้ไม่แสดงรายละเอียดและข้อมูลติดต่อของผู้ร้องเรียน</p>\n</section>\n");
        } else {
            add("<p class=\"note\">");
            text(kStatusNotTrackedTh);
            add(" รายงานนี้ไม่แสดงรายละเอียดและข้อมูลติดต่อของผู้ร้องเรียน</p>\n</section>\n");
        }
    }

    void suggestions() {
        const auto& all = r_.suggestions;
        add("<section id=\"suggestions\">\n<h2>10. ข้อเสนอแนะ</h2>\n");
        if (r_.suggestions_withheld > 0)
            add("<p class=\"note\">ฉบับเผยแพร่แสดงเฉพาะข้อเสนอแนะที่เจ้าหน้าที่อนุมัติให้เผยแพร่ (ไม่แสดง " +
                count(r_.suggestions_withheld) + " รายการ)</p>\n");
        if (r_.document)
            add("<p class=\"note\">ข้อมูลส่วนบุคคลในข้อเสนอแนะ (ชื่อ เบอร์โทรศัพท์ อีเมล เลขประจำตัวประชาชน) ถูกปกปิด</p>\n");
        if (all.empty()) {
            add("<p class=\"none\">ไม่มีข้อเสนอแนะ</p>\n</section>\n");
            return;
        }
        const std::size_t limit = r_.options.suggestion_limit == 0 ? all.size()
                                                                    : std::min(all.size(), r_.options.suggestion_limit);
        add("<p>ข้อเสนอแนะทั้งหมด " + count(static_cast<std::int64_t>(all.size())) + " รายการ");
        if (limit < all.size())
            add(" (แสดง " + count(static_cast<std::int64_t>(limit)) +
                " รายการแรกตามลำดับเวลา รายการทั้งหมดอยู่ในไฟล์ CSV และแผ่นงานข้อมูลดิบ)");
        add("</p>\n<table class=\"long suggestions\">\n<thead><tr><th>วันที่</th><th>คะแนน</th><th>จุดบริการ</th>"
            "<th>ข้อเสนอแนะ</th></tr></thead>\n<tbody>\n");
        for (std::size_t i = 0; i < limit; ++i) {
            const auto& s = all[i];
            add("<tr>");
            td_num(thai_date(s.date));
            td_center(digits(std::to_string(s.rating)));
            const auto* sp = r_.survey.find_service_point(s.service_point);
            td_text(sp ? sp->name.th : s.service_point.empty() ? std::string("-") : s.service_point);
            td_text(s.text);
            add("</tr>\n");
        }
        add("</tbody>\n</table>\n</section>\n");
    }

    void definitions() {
        add("<section id=\"definitions\" class=\"keep\">\n<h2>หมายเหตุและเกณฑ์การแปลผล</h2>\n");
        add("<table class=\"bands\">\n<thead><tr><th>ค่าเฉลี่ย</th><th>ระดับความพึงพอใจ</th></tr></thead>\n<tbody>\n");
        for (int lv = 5; lv >= 1; --lv) {
            add("<tr>");
            td_center(dec(r_.scale.lower_bound_of(lv)) + " – " + dec(r_.scale.upper_bound_of(lv)));
            td_text(core::level_name_th(lv));
            add("</tr>\n");
        }
        add("</tbody>\n</table>\n<ul class=\"note\">\n");
        // Fixed sentences hold no visitor text, so their digits follow thai_digits as a whole.
        add(digits("<li>คะแนน 5 = มากที่สุด ถึง 1 = น้อยที่สุด; S.D. คือส่วนเบี่ยงเบนมาตรฐานของกลุ่มตัวอย่าง "
                   "(หารด้วย n − 1); ร้อยละ = ค่าเฉลี่ย ÷ 5 × 100 คำนวณจากค่าเฉลี่ยทศนิยมสองตำแหน่งที่แสดง</li>\n"));
        add(digits("<li>ตัวเลขทศนิยมปัดสองตำแหน่งแบบปัดครึ่งขึ้น ร้อยละของแต่ละระดับจึงอาจรวมกันไม่เท่ากับ 100.00 พอดี</li>\n"));
        add(digits("<li>อันดับเรียงจากค่าเฉลี่ยรายด้านที่แสดง ค่าเท่ากันได้อันดับเดียวกัน (เช่น 1, 2, 2, 4) "
                   "ความพึงพอใจโดยรวมแสดงแยกและไม่จัดอันดับ</li>\n"));
        add(digits("<li>นับตามเวลาประเทศไทย (UTC+07:00): ตั้งแต่ 00:00 น. ของวันแรกถึงก่อน 00:00 น. "
                   "ของวันถัดจากวันสุดท้าย รวมคำตอบจากทุกช่องทาง</li>\n"));
        add("<li>คำตอบที่กดซ้ำภายในเวลาสั้น ๆ หลังคำตอบก่อนหน้าถูกเก็บไว้แต่ไม่นับในรายงาน (" + count(r_.misuse_excluded) +
            " รายการ)</li>\n</ul>\n</section>\n");
    }

    const Report& r_;
    bool thai_;
    std::string out_;
};

}  // namespace

std::string html_escape(std::string_view text) { return common::html_escape(text); }

// Text stored by an older release or another tool may hold invalid UTF-8; the page never does
// (issue 14): each invalid sequence becomes U+FFFD. Valid text passes unchanged.
std::string render_html(const Report& report) { return core::to_valid_utf8(HtmlWriter(report).render()); }

void export_html(const Report& report, const std::filesystem::path& out) {
    atomic_write(out, render_html(report));
}

}  // namespace feedback::report
