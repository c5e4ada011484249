// The console's combined report form (see combined_page.h); the route is in console.cpp.
#include "combined_page.h"

#include <ctime>

#include "labels.h"

namespace feedback::console {
namespace {

std::string t(const PageContext& ctx, const char* th, const char* en) { return ctx.en ? en : th; }
std::string selected(bool yes) { return yes ? " selected" : ""; }

}  // namespace

std::string current_half(std::int64_t utc_seconds) {
    const std::time_t local = static_cast<std::time_t>(utc_seconds + 7 * 3600);
    std::tm tm{};
    gmtime_r(&local, &tm);
    const int year = tm.tm_year + 1900, month = tm.tm_mon + 1;
    // The Thai fiscal year starts on 1 October and is numbered by the B.E. year it ends in.
    const int fiscal_be = (month >= 10 ? year + 1 : year) + 543;
    const bool first_half = month >= 10 || month <= 3;
    return std::to_string(fiscal_be) + (first_half ? "-H1" : "-H2");
}

std::string combined_form(const PageContext& ctx, const CombinedQuery& query, const std::vector<Office>& offices,
                          bool any_office) {
    std::string h = "<form method=\"get\" action=\"/console/combined\" id=\"combined-form\" class=\"filters\">\n";
    h += "<label>" + t(ctx, "ช่วงเวลา (เช่น 2569-H1, 2569 หรือ 2025-10-01..2026-03-31)",
                       "Period (e.g. 2569-H1, 2569 or 2025-10-01..2026-03-31)") +
         "<br><input type=\"text\" name=\"period\" id=\"combined-period\" value=\"" + escape(query.period) + "\"></label>\n";
    if (any_office) {
        h += "<label>" + t(ctx, "สำนักงาน", "Office") + "<br><select name=\"office\" id=\"combined-office\">";
        h += "<option value=\"*\"" + selected(query.office == "*") + ">" + t(ctx, "ทุกสำนักงาน", "All offices") +
             "</option>";
        for (const auto& o : offices)
            h += "<option value=\"" + escape(o.code) + "\"" + selected(query.office == o.code) + ">" +
                 escape(ctx.en && !o.name_en.empty() ? o.name_en : o.name_th) + "</option>";
        h += "</select></label>\n";
    }
    h += "<label>" + t(ctx, "เครื่อง (ว่าง = ทุกเครื่อง)", "Device (empty = all)") +
         "<br><input type=\"text\" name=\"device\" id=\"combined-device\" value=\"" + escape(query.device) + "\"></label>\n";
    if (ctx.en) h += "<input type=\"hidden\" name=\"lang\" value=\"en\">";
    h += "<button type=\"submit\" id=\"combined-show\">" + t(ctx, "แสดง", "Show") + "</button>\n</form>\n";
    std::string base = "/console/combined?period=" + url_encode(query.period) + "&office=" + url_encode(query.office);
    if (!query.device.empty()) base += "&device=" + url_encode(query.device);
    h += "<p class=\"no-print\">" + t(ctx, "ดาวน์โหลด: ", "Download: ");
    for (const char* format : {"html", "xlsx", "csv", "json"}) {
        std::string label = format;
        for (char& c : label) c = static_cast<char>(c - 'a' + 'A');
        h += "<a id=\"combined-" + std::string(format) + "\" href=\"" + escape(base + "&format=" + format) + "\">" +
             label + "</a> ";
    }
    h += "</p>\n";
    return h;
}

}  // namespace feedback::console
