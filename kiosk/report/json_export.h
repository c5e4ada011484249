// The report as one JSON object (`feedback-kiosk report --format json`), for the central office,
// monitoring scripts and anyone checking the published figures. Schema: kiosk/report/REPORT.md.
//
// Why it prints rounded numbers: it is "the report that the HTML and XLSX show", so a mean is
// 4.21 here exactly when the HTML prints 4.21 (core::round_2dp, the rounding every renderer
// uses); a consumer that wants more digits can recompute them from the counts per level, which
// are exact. Figures that do not exist (the mean of no answers, the S.D. of one) are null,
// never 0. Field names are English and stable: fields are only ever added (format_version
// changes if one ever has to change meaning). Numbers are always ASCII digits, whatever
// thai_digits says: this is data, not a document.
#pragma once

#include <filesystem>
#include <string>

#include "report/report.h"

namespace feedback::report {

inline constexpr int kJsonFormatVersion = 1;

// Pretty-printed (indent 2), UTF-8, no trailing newline.
std::string render_json(const Report& report);

// render_json plus a newline, written atomically. Throws std::system_error.
void export_json(const Report& report, const std::filesystem::path& out);

}  // namespace feedback::report
