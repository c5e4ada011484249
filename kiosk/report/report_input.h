// The report's input (issue 19): the one narrow door through which the computation
// (compute_report, compute_document) and the row-by-row exports (CSV, XLSX raw sheet) read
// entries. Nothing in kiosk_report knows where the entries are kept.
//
// Why an interface and not the kiosk's Store: the same report is made in two places. On the
// kiosk over its own SQLite store (report/store_input.h, library kiosk_report_store), and at the
// centre over every entry the office's kiosks sent plus paper questionnaires imported there
// (sync/collector/report_input.h, over the collector's Storage, SQLite today and PostgreSQL
// later). Both must print the same figures for the same entries, which is only guaranteed when
// both run the same counting code; so the counting stays here and each place supplies rows.
//
// Why rows are pushed through a callback (not pulled through a cursor): a callback is the
// simplest thing any database client can offer (a SQLite step loop, a PostgreSQL single-row
// mode, a vector in a test), and the per-row cost of one std::function call is far below a
// database's own cost per row.
//
// Threads: readers() says how many readers can run at once on the same snapshot (the kiosk
// has a twin connection; see entry_rows.h). compute_report and the CSV export then give reader
// 0 and reader 1 each to one thread; each reader is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "report/entry_rows.h"

namespace feedback::report {

class ReportInput {
public:
    virtual ~ReportInput() = default;

    // What a pass needs. Figures: the computation's columns only (id, kind, created_utc,
    // channel, service_point, rating, dimensions, reasons, comment, language, misuse,
    // session_state, profile); an input may leave device_id and the complaint columns empty.
    // Rows: every column of EntryRow (the raw table), complaint details included.
    enum class Need { Figures, Rows };

    // Readers that may run at the same time, each on its own thread, on one snapshot (>= 1).
    virtual int readers() const { return 1; }

    // Calls fn for each entry with range.lower <= created_utc < range.upper, oldest first
    // (created_utc, then the order the entries were stored), at most `limit` when limit > 0, on
    // reader `reader` (0 .. readers() - 1). The row's views are valid during the call only.
    // Returns the rows visited. Throws whatever the database's errors are.
    virtual std::int64_t for_each_entry(int reader, const PeriodBounds& range, Need need,
                                        const std::function<void(const EntryRow&)>& fn,
                                        std::int64_t limit = 0) = 0;

    // Calls fn(category, sensitive) for each complaint entry of the range, oldest first
    // (created_utc, then storage order): the complaints section counts them whatever their
    // flags (report.h).
    virtual void for_each_complaint(const PeriodBounds& range,
                                    const std::function<void(std::string_view, bool)>& fn) = 0;

    // Entry ids of comments an officer approved for the public edition (issue 17).
    virtual std::vector<std::string> approved_entry_ids() = 0;
};

}  // namespace feedback::report
