// The console's combined report pages (issue 19): /console/combined, the office's report over
// its kiosks and its paper questionnaires, for officers (their own office) and executives (any
// office, or all). Server-rendered; no JavaScript.
//
// Why a function in ConsoleOptions rather than the report here: the report is computed by the
// kiosk's report code over the collector's storage, and the console sits below both (DESIGN.md
// §2: sync_console links nothing of the kiosk and not the collector). The console decides who
// may see which office, checks the form, audits downloads and draws the page around the
// figures; the collector (sync/collector/combined_page.cpp) supplies the figures as an HTML
// fragment, or a file in the requested format.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "console_store.h"
#include "pages.h"

namespace feedback::console {

struct CombinedQuery {
    std::string office;   // a code, or "*" (already checked against the user's rights)
    std::string period;   // "2569-H1", "2569-H2", "2569" or "YYYY-MM-DD..YYYY-MM-DD"
    std::string device;   // "" = every device of the office
    std::string format;   // "" = the page's fragment; json, html, xlsx or csv = a download
    bool en = false;      // the page's language
};

struct CombinedOutput {
    int status = 200;     // 400 for a bad period or device (error_th / error_en say why)
    std::string error_th, error_en;
    std::string content_type = "text/html; charset=utf-8";
    std::string filename;  // downloads: the kiosk's file name, e.g. feedback-report-2569-H1.xlsx
    std::string body;      // the fragment, or the file's bytes
};

using CombinedReportFn = std::function<CombinedOutput(const CombinedQuery&)>;

// The fiscal half-year the given UTC instant falls in at +07:00, e.g. "2569-H1".
std::string current_half(std::int64_t utc_seconds);

// The filter form (period, office for those who may choose, device) and the download links.
std::string combined_form(const PageContext& ctx, const CombinedQuery& query, const std::vector<Office>& offices,
                          bool any_office);

}  // namespace feedback::console
