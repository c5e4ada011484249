// CSV export: every entry of the report's period, one row each (the columns of raw_table.h).
//
// Why these encoding choices:
// - UTF-8 with a byte-order mark: Excel (what Thai offices open CSV files with) assumes the
//   ANSI code page without it and shows Thai as mojibake; with it, Thai opens correctly, and
//   LibreOffice and scripts accept it too.
// - RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes doubled, lines end CRLF.
// - Formula neutralisation: a cell that starts with = + - @ (or a tab or CR) gets a leading
//   apostrophe. Comments are typed by the public, and a spreadsheet would otherwise run
//   "=HYPERLINK(…)" typed on the kiosk when staff open the file (CSV injection).
// - The file is written atomically (atomic_file.h): a stick pulled out early leaves the old
//   file or none, never a truncated one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "report/report.h"

namespace feedback::report {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One cell as it appears in the file: neutralised, then quoted when needed.
std::string csv_cell(std::string_view text);

class ReportInput;

// Writes the CSV for report.period to `out` from `input` (which holds one snapshot); returns the
// number of entry rows. Throws what the input throws, or std::system_error. The kiosk store's
// overloads are in report/store_input.h.
std::int64_t export_csv(ReportInput& input, const Report& report, const std::filesystem::path& out);

// How export_csv shares the rows between two threads when the input has two readers (the
// kiosk snapshot's twin connection)
// (see csv_export.cpp). The defaults suit a million rows; tests make every figure tiny to force
// the paths a large export takes (ranges waiting their turn, the memory cap) on a small one.
struct CsvThreading {
    int ranges = 64;                         // time ranges the period is cut into
    std::size_t flush_bytes = 1 << 20;       // bytes collected before a write()
    std::size_t max_held_bytes = 16 << 20;   // rows held for a later range before it pauses
};
std::int64_t export_csv(ReportInput& input, const Report& report, const std::filesystem::path& out,
                        const CsvThreading& threading);

}  // namespace feedback::report
