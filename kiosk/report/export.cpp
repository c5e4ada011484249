// export_report(): the report document and its file from one input (see export.h).
#include "report/export.h"

#include "report/csv_export.h"
#include "report/report_input.h"
#include "report/html_export.h"
#include "report/json_export.h"
#include "report/pdf_export.h"
#include "report/xlsx_export.h"

namespace feedback::report {

std::optional<ExportFormat> export_format_from(std::string_view name) {
    if (name == "csv") return ExportFormat::Csv;
    if (name == "xlsx") return ExportFormat::Xlsx;
    if (name == "html") return ExportFormat::Html;
    if (name == "json") return ExportFormat::Json;
    if (name == "pdf") return ExportFormat::Pdf;
    return std::nullopt;
}

std::string_view export_format_name(ExportFormat format) {
    switch (format) {
    case ExportFormat::Csv: return "csv";
    case ExportFormat::Xlsx: return "xlsx";
    case ExportFormat::Html: return "html";
    case ExportFormat::Pdf: return "pdf";
    case ExportFormat::Json: break;
    }
    return "json";
}

std::int64_t write_report(ReportInput& input, const Report& report, ExportFormat format,
                          const std::filesystem::path& out) {
    switch (format) {
    case ExportFormat::Csv: return export_csv(input, report, out);
    case ExportFormat::Xlsx: return export_xlsx(input, report, out);
    case ExportFormat::Html: export_html(report, out); break;
    case ExportFormat::Json: export_json(report, out); break;
    case ExportFormat::Pdf: export_pdf(report, out); break;
    }
    return 0;
}

ExportResult export_report(ReportInput& input, const core::Period& period, const core::Survey& survey,
                           const core::LikertScale& scale, const ReportOptions& options, ExportFormat format,
                           const std::filesystem::path& out) {
    ExportResult result;
    result.report = compute_document(input, period, survey, scale, options);
    result.rows = write_report(input, result.report, format, out);
    return result;
}

}  // namespace feedback::report
