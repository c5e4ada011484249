// The monthly complaint report for the organisation meeting (issue 18, item 5): one pure
// function from the complaints to the figures, and three renderings (JSON, CSV, HTML on A4).
//
// Definitions (also in README.md, "Monthly complaint report"), all in each complaint's own
// local time (the kiosk's UTC offset when it was filed):
// - received: filed on a date in the month; counted by category.
// - status at month end: of the complaints received in the month, the status each had at the
//   first instant of the next month (from the times each status was reached).
// - resolved within target: received in the month and closed (resolved or referred) before the
//   month ended and within target_days of being filed; the % is of those received.
// - median days to first response: from filing to accepted, over the received complaints
//   accepted before the month ended; to resolution likewise to closed.
// - still open from earlier months: filed before the month and not closed at its end.
// Sensitive complaints are counted only when the caller includes them (executives; the
// command line with --include-sensitive), and the report says which.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "console_store.h"

namespace feedback::console {

struct MonthlyReport {
    std::string office;       // code, or "*"
    std::string office_name;  // for the heading (Thai), may be empty
    std::string office_name_en;
    int year = 0, month = 0;
    int target_days = 15;
    bool sensitive_included = false;
    int received = 0;
    std::map<std::string, int> received_by_category;
    std::map<std::string, int> status_at_month_end;  // every status, zero included
    int resolved_within_target = 0;
    double resolved_within_target_percent = 0;  // of received; 0 when none received
    int responded = 0;  // received complaints accepted by month end (behind the median)
    int closed = 0;     // received complaints closed by month end
    std::optional<double> median_days_first_response;
    std::optional<double> median_days_resolution;
    int open_from_earlier = 0;
};

// `cases` may hold any complaints; those filed after the month are ignored.
MonthlyReport compute_report(const std::vector<CaseRow>& cases, int year, int month, int target_days);

// The UTC instant no complaint of the month can be filed at or after (the month's end in the
// earliest time zone, UTC+14), for fetching only what the report needs.
std::string report_fetch_bound(int year, int month);

std::string report_json(const MonthlyReport& report);
// UTF-8 with BOM, CRLF: "section,key,value" rows (what Excel opens as Thai).
std::string report_csv(const MonthlyReport& report);
// A self-contained page that prints on A4, B.E. dates.
std::string report_html(const MonthlyReport& report, bool english);
// The report's body without <html>, for the console page.
std::string report_section(const MonthlyReport& report, bool english);

}  // namespace feedback::console
