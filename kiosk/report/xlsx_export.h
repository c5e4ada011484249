// XLSX export (libxlsxwriter): a "สรุป" (summary) sheet laid out like the HTML report and a
// "ข้อมูลดิบ" (raw data) sheet with the CSV's columns, for offices that work in Excel.
//
// Why these choices:
// - Figures in the summary are numbers (so staff can chart and sum them), written already
//   rounded to 2 decimals with a "0.00" format: the cell holds 4.21 exactly when the HTML prints
//   4.21, and Excel cannot display a differently rounded binary value. Figures that do not
//   exist (the mean of no answers) are "-" text, as in the HTML.
// - Numbers stay ASCII digits whatever thai_digits says (Excel cannot compute with Thai
//   digits); only the period title follows the option.
// - Raw cells are written as strings or numbers, never formulas, so a comment typed as
//   "=HYPERLINK(…)" stays text: no neutralising apostrophe is needed here (unlike the CSV).
// - constant_memory mode: rows stream to a temporary file instead of being held in memory.
//   libxlsxwriter still costs ~1.5 µs a cell, so the raw sheet is capped at
//   ReportOptions::xlsx_raw_row_limit rows (oldest first); both sheets then say how many rows
//   there are in all and that the CSV holds every one. Excel's own limit of 1,048,575 data rows
//   a sheet is handled by continuing on "ข้อมูลดิบ 2", "ข้อมูลดิบ 3" ….
// - Written to a temporary name in the target directory, fsync'ed and renamed (atomic_file.h).
#pragma once

#include <cstdint>
#include <filesystem>

#include "report/report.h"

namespace feedback::report {

class ReportInput;

// Writes the workbook for `report` to `out`, its raw rows from `input`; returns how many raw
// rows it holds. Throws what the input throws, std::system_error (file) or std::runtime_error
// (libxlsxwriter's message). The kiosk store's overload is in report/store_input.h.
std::int64_t export_xlsx(ReportInput& input, const Report& report, const std::filesystem::path& out);

}  // namespace feedback::report
