// The HTML report: the document staff print or save as PDF for the executive and publish on the
// office website (ITA), and what the admin screen exports to a USB stick.
//
// Why a single self-contained file: it is opened on office PCs, phones and web servers we do
// not control, often offline. So there is no network reference of any kind — CSS is inline,
// charts are inline SVG drawn here (no scripts, no chart library, no web fonts), and the Thai
// font stack names fonts already installed on Thai Windows, Debian and Android machines:
// Laksaman, 'TH Sarabun New', Sarabun, Garuda, Loma, sans-serif.
//
// Print: a stylesheet gives A4 pages with 15 mm margins, keeps each table, chart and heading
// with its content on one page where it fits, repeats table headings on long tables, and asks
// for exact colours so the heat map prints. Thai digits (ReportOptions::thai_digits) apply to
// every figure and date the report prints, never to what visitors typed.
//
// Every figure comes from the Report as computed (report.h); this file only lays it out.
#pragma once

#include <filesystem>
#include <string>

#include "report/report.h"

namespace feedback::report {

std::string render_html(const Report& report);

// Writes render_html atomically. Throws std::system_error.
void export_html(const Report& report, const std::filesystem::path& out);

// Escapes & < > " ' for text and attribute values.
std::string html_escape(std::string_view text);

}  // namespace feedback::report
