// The combined report's page fragment and downloads (see combined_view.h).
//
// The fragment shows what a person checks first — respondents, mean, level and ร้อยละ, the
// answers by channel (kiosk / paper) and by service point, the dimensions, the complaints with
// their handling — and names the devices the report covers; the full document is one click away
// (the HTML download is the kiosk's own report). Every text in Thai or English as the page is.
#include "combined_view.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "combined_report.h"
#include "core/likert.h"
#include "labels.h"
#include "report/csv_export.h"
#include "report/html_export.h"
#include "report/json_export.h"
#include "report/xlsx_export.h"

namespace feedback::collector {
namespace {

using console::escape;

std::string tr(bool en, const std::string& th, const std::string& english) { return en ? english : th; }

std::string mean_text(const report::Stats& s) { return report::format_mean(s); }
std::string percent_text(const report::Stats& s) { return s.n == 0 ? "-" : core::format_2dp(s.percent_of_max); }
std::string level_text(const report::Stats& s, bool en) {
    if (s.n == 0) return "-";
    return std::string(en ? core::level_name_en(s.level) : core::level_name_th(s.level));
}

std::string label(const core::LocalText& text, bool en) { return en && !text.en.empty() ? text.en : text.th; }

// A row of a table of slices: name, n, mean, level, ร้อยละ.
std::string stats_row(const std::string& id, const std::string& name, const report::Stats& s, bool en) {
    return "<tr id=\"" + escape(id) + "\"><td>" + escape(name) + "</td><td class=\"num n\">" +
           report::format_count(s.n) + "</td><td class=\"num\">" + mean_text(s) + "</td><td>" + escape(level_text(s, en)) +
           "</td><td class=\"num\">" + percent_text(s) + "</td></tr>\n";
}

std::string stats_head(bool en, const std::string& first) {
    return "<thead><tr><th>" + first + "</th><th>" + tr(en, "จำนวนผู้ตอบ", "Answers") + "</th><th>" +
           tr(en, "ค่าเฉลี่ย", "Mean") + "</th><th>" + tr(en, "ระดับ", "Level") + "</th><th>" +
           tr(en, "ร้อยละ", "Percent") + "</th></tr></thead>\n";
}

std::string fragment(const report::Report& r, const CombinedSelection& selection, bool en) {
    std::string h = "<h1>" + escape(tr(en, "รายงานผลการประเมินความพึงพอใจ ", "Satisfaction report, ") +
                                     (en ? selection.office_name_en : selection.office_name_th)) +
                    "</h1>\n<p id=\"combined-period-title\">" +
                    escape(en ? r.period.english_title() : r.period.thai_title()) + "</p>\n";
    const auto& s = r.main.stats;
    h += "<table id=\"combined-summary\">\n<tbody>\n";
    h += "<tr><th>" + tr(en, "ผู้ตอบแบบประเมิน", "Respondents") + "</th><td id=\"combined-respondents\" class=\"num\">" +
         report::format_count(s.n) + "</td></tr>\n";
    h += "<tr><th>" + tr(en, "ค่าเฉลี่ยความพึงพอใจโดยรวม", "Overall mean") + "</th><td id=\"combined-mean\" class=\"num\">" +
         mean_text(s) + "</td></tr>\n";
    h += "<tr><th>" + tr(en, "ระดับ", "Level") + "</th><td id=\"combined-level\">" + escape(level_text(s, en)) +
         "</td></tr>\n";
    h += "<tr><th>" + tr(en, "ร้อยละ", "Percent") + "</th><td id=\"combined-percent\" class=\"num\">" + percent_text(s) +
         "</td></tr>\n";
    h += "<tr><th>" + tr(en, "รายการทั้งหมดในช่วงเวลา", "Entries in the period") +
         "</th><td id=\"combined-entries\" class=\"num\">" + report::format_count(r.entries) + "</td></tr>\n";
    h += "<tr><th>" + tr(en, "ไม่นับ (กดซ้ำเร็วเกินไป)", "Left out (taps too quick)") +
         "</th><td id=\"combined-misuse\" class=\"num\">" + report::format_count(r.misuse_excluded) + "</td></tr>\n";
    h += "</tbody>\n</table>\n";

    h += "<h2>" + tr(en, "ตามช่องทาง", "By channel") + "</h2>\n<table id=\"combined-channels\">\n" +
         stats_head(en, tr(en, "ช่องทาง", "Channel")) + "<tbody>\n";
    for (const auto& g : r.channels)
        h += stats_row("combined-channel-" + g.id, label(g.label, en), g.stats, en);
    h += "</tbody>\n</table>\n";

    h += "<h2>" + tr(en, "ตามจุดบริการ", "By service point") + "</h2>\n<table id=\"combined-points\">\n" +
         stats_head(en, tr(en, "จุดบริการ", "Service point")) + "<tbody>\n";
    for (const auto& g : r.service_points)
        if (g.stats.n > 0) h += stats_row("combined-point-" + g.id, label(g.label, en), g.stats, en);
    h += "</tbody>\n</table>\n";

    h += "<h2>" + tr(en, "รายด้าน", "By dimension") + "</h2>\n<table id=\"combined-dimensions\">\n" +
         stats_head(en, tr(en, "ด้าน", "Dimension")) + "<tbody>\n";
    for (const auto& q : r.dimensions)
        if (q.stats.n > 0) h += stats_row("combined-dimension-" + q.id, label(q.text, en), q.stats, en);
    h += "</tbody>\n</table>\n";

    h += "<h2>" + tr(en, "เรื่องร้องเรียน", "Complaints") + "</h2>\n<p>" + tr(en, "ทั้งหมด ", "Total ") +
         "<span id=\"combined-complaints\">" + report::format_count(r.complaints.total) + "</span></p>\n";
    if (const auto& handling = r.complaints.handling) {
        h += "<table id=\"combined-handling\">\n<thead><tr><th>" + tr(en, "สถานะ", "Status") + "</th><th>" +
             tr(en, "จำนวน", "Count") + "</th></tr></thead>\n<tbody>\n";
        for (const auto& [status, count] : handling->by_status)
            h += "<tr id=\"combined-status-" + escape(status) + "\"><td>" +
                 escape(label(report::handling_status_label(status), en)) + "</td><td class=\"num\">" +
                 report::format_count(count) + "</td></tr>\n";
        h += "</tbody>\n</table>\n";
    }

    h += "<h2>" + tr(en, "เครื่องที่รวมอยู่ในรายงาน", "Devices in this report") + "</h2>\n<p id=\"combined-sources\">";
    if (!selection.sources) {
        h += tr(en, "ทุกเครื่องของทุกสำนักงาน", "Every device of every office");
    } else {
        bool first = true;
        for (const auto& source : *selection.sources) {
            h += (first ? "" : ", ") + escape(source);
            first = false;
        }
    }
    h += "</p>\n";
    return h;
}

std::string read_and_remove(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const bool ok = !in.bad();
    in.close();
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (!ok) throw std::runtime_error("cannot read back the report file " + path.string());
    return bytes;
}

}  // namespace

console::CombinedOutput combined_page(Storage& storage, console::ConsoleStore& console, const core::Survey& survey,
                                      int target_days, const console::CombinedQuery& query) {
    console::CombinedOutput out;
    CombinedReportRequest request;
    request.office = query.office;
    if (!query.device.empty()) request.device = query.device;
    request.survey = survey;
    request.target_days = target_days;
    try {
        request.period = core::parse_period(query.period);
    } catch (const std::invalid_argument&) {
        out.status = 400;
        out.error_th = "ช่วงเวลาไม่ถูกต้อง (ใช้ เช่น 2569-H1, 2569 หรือ 2025-10-01..2026-03-31)";
        out.error_en = "Bad period (use e.g. 2569-H1, 2569 or 2025-10-01..2026-03-31)";
        return out;
    }
    CombinedSelection selection;
    try {
        selection = combined_selection(console, request);
    } catch (const std::invalid_argument&) {
        out.status = 400;
        out.error_th = "ไม่พบสำนักงานหรือเครื่องนี้ในสำนักงานที่เลือก";
        out.error_en = "No such office, or the device is not one of the office's";
        return out;
    }
    request.options.office_name = selection.office_name_th;
    request.options.office_name_en = selection.office_name_en;
    CollectorReportInput input(storage, selection.sources);
    const report::Report document = combined_document(input, console, request);
    if (query.format.empty()) {
        out.body = fragment(document, selection, query.en);
    } else if (query.format == "json") {
        out.content_type = "application/json";
        // Shown in the browser, as the monthly report's JSON and HTML are; CSV and XLSX download.
        out.body = report::render_json(document) + "\n";
    } else if (query.format == "html") {
        out.body = report::render_html(document);
    } else {
        // The CSV and XLSX writers write files (atomically, as on the kiosk): a private
        // temporary one, read back and removed.
        static std::atomic<int> counter{0};
        const auto path = std::filesystem::temp_directory_path() /
                          ("feedback-combined-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "." +
                           query.format);
        if (query.format == "csv") {
            report::export_csv(input, document, path);
            out.content_type = "text/csv; charset=utf-8";
        } else {
            report::export_xlsx(input, document, path);
            out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }
        out.body = read_and_remove(path);
        out.filename = report::default_file_name(request.period, query.format);
    }
    return out;
}

}  // namespace feedback::collector
