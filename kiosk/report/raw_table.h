// The raw-data table: one row per entry of the period, the same columns in the CSV export and in
// the XLSX "ข้อมูลดิบ" sheet, so a figure checked in one can be found in the other.
//
// Column choices (documented in REPORT.md):
// - Headings are Thai with a stable English key in parentheses: staff read the first part, a
//   script matches the second ("คะแนนความพึงพอใจ (rating)"). The keys are a contract:
//   `feedback-kiosk import` (kiosk/exchange) reads another kiosk's CSV export back by them, and
//   undoes the CSV's formula apostrophe. Add columns; never rename or drop one.
// - Ids that people read (service point, reasons, dimensions, complaint category) are shown by
//   their Thai survey label; kind, channel, language and session state stay short ASCII ids.
// - Dates and times are office-local (+07:00), C.E. ISO ("2025-10-01", "08:30:15"), beside the
//   stored UTC instant: unambiguous and sortable in any spreadsheet.
// - Misuse-flagged rows ARE listed (flag column = 1): the raw data hides nothing; the report
//   leaves them out of its figures.
// - Complaint contact details are never a column (personal data; a later, PIN-gated option may
//   add them). The description of a sensitive complaint reads "(sensitive)": such complaints go
//   to the executive, and a raw file travels further than that.
//
// Speed: the CSV formats every row of the period, a million at the benchmark, so a row is
// formatted without allocating: text cells are views into the row (SQLite's buffers) or the
// survey's labels, and the few texts made here (date, time, numbers, joined lists) live in a
// RawRow that is reused from row to row.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/survey.h"
#include "report/entry_rows.h"

namespace feedback::report {

struct RawCell {
    enum class Kind { Empty, Text, Integer, Date, Time };
    Kind kind = Kind::Empty;
    // What the CSV prints (also for numbers, dates and times). Valid until the row is formatted
    // again and, for text read from the database, only while the EntryRow's views are.
    std::string_view text;
    double number = 0;  // Integer: the value; Date: Excel serial day; Time: fraction of a day
};

// One formatted row, reused from row to row: the cells and the storage of the texts made for
// them.
class RawRow {
public:
    const std::vector<RawCell>& cells() const noexcept { return cells_; }

private:
    friend class RawTable;
    std::vector<RawCell> cells_;
    std::vector<std::array<char, 24>> digits_;  // per column, for Integer cells
    std::int64_t date_day_ = 0;                 // the day date_ shows (rows come in time order)
    bool date_cached_ = false;
    std::string date_;
    std::array<char, 8> time_{};
    std::string other_dimensions_;
    std::string reasons_;
    std::vector<std::string> profile_;   // per survey profile question: an option id no survey label has
    std::vector<std::string> repaired_;  // per column: a cell's text with invalid UTF-8 replaced
};

class RawTable {
public:
    explicit RawTable(const core::Survey& survey);

    const std::vector<std::string>& header() const noexcept { return header_; }
    std::size_t columns() const noexcept { return header_.size(); }

    // Fills `out` (columns() cells) for one row, reusing its storage. Every cell's text is valid
    // UTF-8: invalid sequences in stored text are shown as U+FFFD (the CSV and XLSX must never
    // carry invalid UTF-8; issue 14).
    void format(const EntryRow& row, RawRow& out) const;

private:
    const core::Survey& survey_;
    std::vector<std::string> header_;
};

}  // namespace feedback::report
