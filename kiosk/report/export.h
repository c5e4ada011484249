// One call that makes an export file: compute the report and write it in the chosen format,
// inside ONE read snapshot, then record the export in the audit log. The command line
// (`feedback-kiosk export` / `report --out`) and the admin screen's USB export both use it, so
// the two cannot differ in what they write or forget the audit record.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "report/report.h"

namespace feedback::store {
class Store;
}

namespace feedback::report {

enum class ExportFormat { Csv, Xlsx, Html, Json, Pdf };

// "csv", "xlsx", "html", "json", "pdf"; empty for anything else.
std::optional<ExportFormat> export_format_from(std::string_view name);
std::string_view export_format_name(ExportFormat format);  // also the file extension

struct ExportResult {
    Report report;
    std::int64_t rows = 0;  // entry rows written (CSV, XLSX raw sheet); 0 for HTML and JSON
};

// Writes `out` atomically and appends an audit record (actor, "export", "<period> <format>"),
// e.g. ("cli", "export", "2569-H1 html"); the admin screen passes actor "staff". Throws
// store::StoreError, std::system_error, std::runtime_error; the target is then unchanged.
ExportResult export_period(store::Store& store, const core::Period& period, const core::Survey& survey,
                           const core::LikertScale& scale, const ReportOptions& options, ExportFormat format,
                           const std::filesystem::path& out, const std::string& actor);

}  // namespace feedback::report
