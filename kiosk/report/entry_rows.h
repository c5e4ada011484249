// Reading a period's entries for the report: the time ranges, the row every input hands over
// (EntryRow), and fast readers for the answer lists the store keeps as JSON text. Nothing here
// knows a database: the kiosk's SQLite reading (snapshot, twin, row reader) is in
// report/store_rows.h, the collector's in sync/collector (issue 19).
//
// Why these pieces are shared and public:
// - compute_report() and the row-by-row exports (CSV, XLSX raw sheet) must select exactly the
//   same rows; period_bounds() is that one definition (created_utc in [start, end) at +07:00).
// - A million rows must be read in well under a second, so rows are handed out as string_views
//   into SQLite's own buffers (no copies), and the dimensions/reasons JSON, which the store
//   writes in one fixed compact form ({"id":5,…} / ["id",…]), is read by a small scanner. Any
//   other form (whitespace, escapes: e.g. a row written by another tool) falls back to a full
//   JSON parser, so the fast path never changes a result, only the time it takes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/period.h"

namespace feedback::report {

// The created_utc text bounds of a period: rows with lower <= created_utc < upper. The store
// writes created_utc as fixed-width ISO text ("2025-09-30T17:00:00.000Z"), whose byte order is
// time order, so the comparison runs on the entries_by_time index.
struct PeriodBounds {
    std::string lower;
    std::string upper;
};
PeriodBounds period_bounds(const core::Period& period);

// The period cut into `count` time ranges that together are exactly period_bounds(period), in
// order, each lower bound the previous upper one (fewer ranges when the period has fewer
// milliseconds). Reading them one after another visits the rows one pass would, in the same
// order; two threads take them in turn to share a pass (compute_report, the CSV export).
std::vector<PeriodBounds> split_period(const core::Period& period, int count);

// created_utc text -> UTC ms, for a million rows in a row. The store writes one fixed form
// ("2025-09-30T17:00:00.000Z"); rows come in time order, so the date part is parsed once per
// day and only the time of day per row. Any other form goes through core::parse_iso_utc.
class CreatedUtcParser {
public:
    std::optional<std::int64_t> parse(std::string_view text);

private:
    char date_[10] = {};
    std::int64_t day_ms_ = 0;
    bool cached_ = false;
};

// Calls fn(id, level) for each member of a dimensions object; false when the text is not a
// JSON object of string → integer (fn may have been called for some members already).
bool for_each_dimension(std::string_view json, const std::function<void(std::string_view, int)>& fn);
// Calls fn(id) for each string of a reasons array; false when the text is not such an array.
bool for_each_reason(std::string_view json, const std::function<void(std::string_view)>& fn);

// One entry of the period, joined with its complaint details when it is a complaint. The views
// point into SQLite's buffers and are valid only until the next row is read.
struct EntryRow {
    std::string_view id;
    std::string_view kind;          // "rating" or "complaint"
    std::string_view created_utc;   // ISO text as stored
    std::int64_t created_utc_ms = 0;
    // (The kiosk's own utc_offset_min is not read: reports use the office's +07:00.)
    std::string_view device_id;
    std::string_view channel;
    std::string_view service_point;  // "" when not asked
    std::optional<int> rating;
    std::string_view dimensions;    // JSON object text
    std::string_view reasons;       // JSON array text
    std::string_view profile;       // JSON object text, question id -> option id ("{}" when none)
    std::string_view comment;
    std::string_view language;
    bool misuse = false;
    std::string_view session_state;
    bool has_complaint = false;     // the complaint columns below are meaningful
    std::string_view category;
    std::string_view reference;
    bool sensitive = false;
    std::string_view description;   // NEVER contact details: the query does not read them
};

}  // namespace feedback::report
