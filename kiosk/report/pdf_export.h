// The report as an A4 PDF made on the kiosk itself (issue 17): staff hand the file over on a USB
// stick without a browser (the kiosk session has none, so the HTML had to be carried to another
// PC to be printed).
//
// Why Cairo + Pango: Pango shapes Thai with HarfBuzz (marks placed by the font's OpenType
// tables, not the display's PUA variants) and breaks lines at Thai word boundaries with
// libthai; Cairo writes a PDF with the font embedded and draws the charts as vectors. Both are
// Debian packages (libpango1.0-dev, libcairo2-dev) and neither needs a display.
//
// Layout: the same sections, tables and charts as the HTML, in the same order, on A4 pages with
// 15 mm margins; table headings repeat on a new page and a row is never split; every page has
// its number ("หน้า 2 / 7"). The document is laid out twice: the first pass counts the pages so
// that the second can print "of N".
#pragma once

#include <filesystem>
#include <string>

#include "report/report.h"

namespace feedback::report {

// The PDF bytes. Throws std::runtime_error when Cairo fails.
std::string render_pdf(const Report& report);

// render_pdf, written atomically. Throws std::system_error / std::runtime_error.
void export_pdf(const Report& report, const std::filesystem::path& out);

}  // namespace feedback::report
