// Monthly complaint report: figures and renderings (definitions in complaint_report.h).
#include "complaint_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "case_status.h"
#include "dates.h"
#include "labels.h"

namespace feedback::console {
namespace {

std::optional<double> median(std::vector<double> values) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The status a case had at `instant` (UTC seconds): statuses are reached in order, so the last
// one reached by then is the latest of the recorded times not after it.
std::string status_at(const CaseRow& c, std::int64_t instant) {
    const auto reached = [&](const std::string& utc) {
        const auto t = parse_utc(utc);
        return t && *t < instant;
    };
    if (is_closed(c.status) && reached(c.closed_utc)) return c.status;
    if (reached(c.started_utc)) return "in_progress";
    if (reached(c.accepted_utc)) return "accepted";
    return "new";
}

std::string one_decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

std::string optional_days(const std::optional<double>& value, bool english) {
    if (!value) return english ? "– (none)" : "– (ไม่มี)";
    return one_decimal(*value);
}

std::string office_heading(const MonthlyReport& r, bool english) {
    if (r.office == "*") return english ? "All offices" : "ทุกสำนักงาน";
    const std::string& name = english && !r.office_name_en.empty() ? r.office_name_en : r.office_name;
    return name.empty() ? r.office : name + " (" + r.office + ")";
}

constexpr const char* kReportStyle = R"css(
.report table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm; }
.report th, .report td { border: 1px solid #b8c2cc; padding: 0.6mm 2mm; vertical-align: top; }
.report th { background: #e8eef4; text-align: left; }
.report td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.report h2 { font-size: 17pt; color: #0b4f8a; border-bottom: 1px solid #b8c2cc; margin: 5mm 0 2mm; }
.report .note { color: #555; font-size: 12pt; }
)css";

}  // namespace

MonthlyReport compute_report(const std::vector<CaseRow>& cases, int year, int month, int target_days) {
    MonthlyReport r;
    r.year = year;
    r.month = month;
    r.target_days = target_days;
    for (const auto& s : statuses()) r.status_at_month_end[s] = 0;
    const int next_year = month == 12 ? year + 1 : year;
    const int next_month = month == 12 ? 1 : month + 1;
    const std::int64_t start_day = days_from_civil(year, month, 1);
    const std::int64_t next_day = days_from_civil(next_year, next_month, 1);
    std::vector<double> first_response, resolution;
    for (const auto& c : cases) {
        const auto filed = parse_utc(c.created_utc);
        if (!filed) continue;
        // The month's end in this complaint's own local time, as a UTC instant.
        const std::int64_t end = next_day * 86400 - c.utc_offset_min * 60LL;
        const std::int64_t local_day = (*filed + c.utc_offset_min * 60LL) / 86400 -
                                       ((*filed + c.utc_offset_min * 60LL) % 86400 < 0 ? 1 : 0);
        if (local_day >= next_day) continue;
        const std::string status = status_at(c, end);
        if (local_day < start_day) {
            if (!is_closed(status)) ++r.open_from_earlier;
            continue;
        }
        ++r.received;
        ++r.received_by_category[c.category];
        ++r.status_at_month_end[status];
        if (const auto accepted = parse_utc(c.accepted_utc); accepted && *accepted < end) {
            ++r.responded;
            first_response.push_back(static_cast<double>(*accepted - *filed) / 86400.0);
        }
        if (is_closed(status)) {
            const auto closed = parse_utc(c.closed_utc);
            ++r.closed;
            const double days = static_cast<double>(*closed - *filed) / 86400.0;
            resolution.push_back(days);
            if (days <= target_days) ++r.resolved_within_target;
        }
    }
    r.resolved_within_target_percent = r.received ? 100.0 * r.resolved_within_target / r.received : 0.0;
    r.median_days_first_response = median(first_response);
    r.median_days_resolution = median(resolution);
    return r;
}

std::string report_fetch_bound(int year, int month) {
    const int next_year = month == 12 ? year + 1 : year;
    const int next_month = month == 12 ? 1 : month + 1;
    // A day past the month's end in UTC covers every kiosk offset (UTC-12 to UTC+14).
    return format_utc((days_from_civil(next_year, next_month, 1) + 1) * 86400);
}

std::string report_json(const MonthlyReport& r) {
    char month[16];
    std::snprintf(month, sizeof month, "%04d-%02d", r.year, r.month);
    nlohmann::json j;
    j["office"] = r.office;
    j["month"] = month;
    j["target_days"] = r.target_days;
    j["sensitive_included"] = r.sensitive_included;
    j["received"] = r.received;
    j["received_by_category"] = r.received_by_category;
    j["status_at_month_end"] = r.status_at_month_end;
    j["resolved_within_target"] = r.resolved_within_target;
    j["resolved_within_target_percent"] = std::round(r.resolved_within_target_percent * 10) / 10;
    j["responded"] = r.responded;
    j["closed"] = r.closed;
    j["median_days_first_response"] =
        r.median_days_first_response ? nlohmann::json(std::round(*r.median_days_first_response * 10) / 10) : nullptr;
    j["median_days_resolution"] =
        r.median_days_resolution ? nlohmann::json(std::round(*r.median_days_resolution * 10) / 10) : nullptr;
    j["open_from_earlier"] = r.open_from_earlier;
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string report_csv(const MonthlyReport& r) {
    char month[16];
    std::snprintf(month, sizeof month, "%04d-%02d", r.year, r.month);
    std::string out = "\xEF\xBB\xBF" "section,key,value\r\n";
    const auto row = [&](const std::string& section, const std::string& key, const std::string& value) {
        // Keys are ids and codes (no commas or quotes), values numbers or codes.
        out += section + "," + key + "," + value + "\r\n";
    };
    row("report", "office", r.office);
    row("report", "month", month);
    row("report", "target_days", std::to_string(r.target_days));
    row("report", "sensitive_included", r.sensitive_included ? "true" : "false");
    row("received", "total", std::to_string(r.received));
    for (const auto& [category, n] : r.received_by_category) row("received_by_category", category, std::to_string(n));
    for (const auto& s : statuses()) row("status_at_month_end", s, std::to_string(r.status_at_month_end.at(s)));
    row("resolution", "resolved_within_target", std::to_string(r.resolved_within_target));
    row("resolution", "resolved_within_target_percent", one_decimal(r.resolved_within_target_percent));
    row("resolution", "median_days_first_response",
        r.median_days_first_response ? one_decimal(*r.median_days_first_response) : "");
    row("resolution", "median_days_resolution", r.median_days_resolution ? one_decimal(*r.median_days_resolution) : "");
    row("backlog", "open_from_earlier", std::to_string(r.open_from_earlier));
    return out;
}

std::string report_section(const MonthlyReport& r, bool en) {
    const auto t = [en](const char* th, const char* english) { return std::string(en ? english : th); };
    std::string h = "<section class=\"report\" id=\"report\">\n";
    h += "<h1>" + t("รายงานการจัดการเรื่องร้องเรียนประจำเดือน", "Monthly complaint handling report") + "</h1>\n";
    h += "<p id=\"report-office\">" + escape(office_heading(r, en)) + " — " + escape(be_month(r.year, r.month, en)) +
         "</p>\n";
    h += "<p class=\"note\" id=\"report-sensitive\">" +
         (r.sensitive_included ? t("รวมเรื่องร้องเรียนที่เป็นความลับ (เช่น การเรียกรับสินบน)",
                                   "Includes sensitive complaints (e.g. bribery)")
                               : t("ไม่รวมเรื่องร้องเรียนที่เป็นความลับ (เช่น การเรียกรับสินบน) ซึ่งรายงานต่อผู้บริหารโดยตรง",
                                   "Sensitive complaints (e.g. bribery) are not counted; they are reported to the "
                                   "executive directly")) +
         "</p>\n";

    h += "<h2>" + t("เรื่องที่ได้รับในเดือน จำแนกตามประเภท", "Received in the month, by category") + "</h2>\n";
    h += "<table id=\"report-received\"><thead><tr><th>" + t("ประเภท", "Category") + "</th><th>" + t("จำนวน", "Count") +
         "</th></tr></thead><tbody>\n";
    for (const auto& [category, n] : r.received_by_category)
        h += "<tr><td>" + escape(category_label(category, en)) + "</td><td class=\"num\">" + std::to_string(n) +
             "</td></tr>\n";
    h += "<tr><th>" + t("รวม", "Total") + "</th><td class=\"num\" id=\"report-received-total\">" +
         std::to_string(r.received) + "</td></tr>\n</tbody></table>\n";

    h += "<h2>" + t("สถานะ ณ สิ้นเดือน (เรื่องที่ได้รับในเดือน)", "Status at month end (complaints received in the month)") +
         "</h2>\n<table id=\"report-status\"><tbody>\n";
    for (const auto& s : statuses())
        h += "<tr><td>" + escape(status_label(s, en)) + "</td><td class=\"num\">" +
             std::to_string(r.status_at_month_end.at(s)) + "</td></tr>\n";
    h += "</tbody></table>\n";

    h += "<h2>" + t("ความรวดเร็วในการดำเนินการ", "Responsiveness") + "</h2>\n<table id=\"report-resolution\"><tbody>\n";
    h += "<tr><td>" + (en ? "Resolved within the target of " + std::to_string(r.target_days) + " days"
                          : "ดำเนินการแล้วเสร็จภายใน " + std::to_string(r.target_days) + " วัน") +
         "</td><td class=\"num\" id=\"report-within-target\">" + std::to_string(r.resolved_within_target) + " (" +
         one_decimal(r.resolved_within_target_percent) + "%)</td></tr>\n";
    h += "<tr><td>" + t("ค่ามัธยฐานจำนวนวันถึงการตอบรับครั้งแรก", "Median days to first response") +
         "</td><td class=\"num\" id=\"report-median-response\">" + optional_days(r.median_days_first_response, en) +
         "</td></tr>\n";
    h += "<tr><td>" + t("ค่ามัธยฐานจำนวนวันถึงดำเนินการแล้วเสร็จ", "Median days to resolution") +
         "</td><td class=\"num\" id=\"report-median-resolution\">" + optional_days(r.median_days_resolution, en) +
         "</td></tr>\n";
    h += "<tr><td>" + t("เรื่องค้างจากเดือนก่อนที่ยังไม่แล้วเสร็จ ณ สิ้นเดือน", "Still open from earlier months at month end") +
         "</td><td class=\"num\" id=\"report-open-earlier\">" + std::to_string(r.open_from_earlier) + "</td></tr>\n";
    h += "</tbody></table>\n";
    h += "<p class=\"note\">" +
         t("นับตามเวลาท้องถิ่นของตู้ที่รับเรื่อง; แล้วเสร็จ = ดำเนินการแล้วเสร็จหรือส่งต่อหน่วยงานอื่น",
           "Counted in the local time of the kiosk that took the complaint; closed = resolved or referred") +
         "</p>\n</section>\n";
    return h;
}

std::string report_html(const MonthlyReport& r, bool en) {
    std::string h = std::string("<!DOCTYPE html>\n<html lang=\"") + (en ? "en" : "th") +
                    "\"><head><meta charset=\"utf-8\"><title>" +
                    (en ? "Monthly complaint report" : "รายงานเรื่องร้องเรียนประจำเดือน") + "</title>\n<style>\n" +
                    "@page { size: A4; margin: 15mm; }\n"
                    "body { font-family: " + kFontStack + "; font-size: 15pt; color: #1a1a1a; margin: 0 auto; "
                    "max-width: 180mm; background: #fff; }\n"
                    "h1 { font-size: 21pt; color: #0b4f8a; margin: 0 0 2mm; }\n"
                    "table, tr { break-inside: avoid; page-break-inside: avoid; }\n" +
                    kReportStyle + "</style></head>\n<body>\n";
    h += report_section(r, en);
    h += "</body></html>\n";
    return h;
}

}  // namespace feedback::console
