// One call that makes an export file: compute the report document and write it in the chosen
// format, from one input (one snapshot). The kiosk's export_period (report/store_input.h: the
// command line and the admin screen's USB export, plus the audit record) and the collector's
// `report` command (issue 19) both use it, so they cannot differ in what they write.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "report/report.h"

namespace feedback::report {

enum class ExportFormat { Csv, Xlsx, Html, Json, Pdf };

// "csv", "xlsx", "html", "json", "pdf"; empty for anything else.
std::optional<ExportFormat> export_format_from(std::string_view name);
std::string_view export_format_name(ExportFormat format);  // also the file extension

struct ExportResult {
    Report report;
    std::int64_t rows = 0;  // entry rows written (CSV, XLSX raw sheet); 0 for HTML and JSON
};

class ReportInput;

// compute_document() over `input`, then `out` written atomically in `format`. Throws what the
// input throws, std::system_error, std::runtime_error; the target is then unchanged.
ExportResult export_report(ReportInput& input, const core::Period& period, const core::Survey& survey,
                           const core::LikertScale& scale, const ReportOptions& options, ExportFormat format,
                           const std::filesystem::path& out);

// Writes an already computed document in `format`; returns the entry rows written (CSV, XLSX).
std::int64_t write_report(ReportInput& input, const Report& report, ExportFormat format,
                          const std::filesystem::path& out);

}  // namespace feedback::report
