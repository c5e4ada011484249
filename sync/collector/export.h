// `feedback-collector export`: everything the collector holds, as CSV for a spreadsheet.
//
// Why this format:
// - UTF-8 with a byte-order mark and CRLF line ends: Excel (what Thai offices open CSV with)
//   reads Thai text correctly only with the BOM; LibreOffice and scripts ignore it.
// - One header row, one row per entry, every wire field a column, plus where and when it
//   arrived. Lists become "a;b" and dimension answers "staff=5;process=4", readable in a cell.
// - Formula injection: a visitor types the comment, so any text cell beginning with = + - @
//   (or a tab or carriage return) gets a leading apostrophe and a spreadsheet shows it as
//   text instead of running it. Numbers and booleans we write ourselves are left alone.
// - Complaints marked sensitive (e.g. about corruption, DESIGN.md §3) never share a file with
//   the rest: they go to a separate file, or are left out with a count when there is none,
//   so the everyday export can be handed around without them.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace feedback::collector {

class Storage;

struct ExportCounts {
    std::size_t entries = 0;    // rows written to the main CSV
    std::size_t sensitive = 0;  // sensitive complaints (written to the second CSV, or left out)
};

// Writes the main CSV to `main` and sensitive complaints to `sensitive` (same columns); when
// `sensitive` is null they are only counted. Throws StorageError.
ExportCounts export_csv(Storage& storage, std::ostream& main, std::ostream* sensitive);

// One CSV cell: quoted when needed (RFC 4180); `text_cell` cells are also neutralised.
std::string csv_cell(std::string_view value, bool text_cell = true);

}  // namespace feedback::collector
