// export_period(): the report and its file from one snapshot (see export.h).
#include "report/export.h"

#include "report/csv_export.h"
#include "report/entry_rows.h"
#include "report/html_export.h"
#include "report/json_export.h"
#include "report/pdf_export.h"
#include "report/xlsx_export.h"
#include "store/store.h"

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

ExportResult export_period(store::Store& store, const core::Period& period, const core::Survey& survey,
                           const core::LikertScale& scale, const ReportOptions& options, ExportFormat format,
                           const std::filesystem::path& out, const std::string& actor) {
    ExportResult result;
    {
        // The summary's figures and the raw rows must describe the same moment, even while the
        // kiosk keeps storing answers.
        const ReadSnapshot snapshot(store);
        result.report = compute_document(store, period, survey, scale, options);
        switch (format) {
        case ExportFormat::Csv: result.rows = export_csv(store, result.report, out); break;
        case ExportFormat::Xlsx: result.rows = export_xlsx(store, result.report, out); break;
        case ExportFormat::Html: export_html(result.report, out); break;
        case ExportFormat::Json: export_json(result.report, out); break;
        case ExportFormat::Pdf: export_pdf(result.report, out); break;
        }
    }
    // After the snapshot: a write inside a read transaction could fail on a busy database.
    store.audit(actor, "export", period.label + " " + std::string(export_format_name(format)));
    return result;
}

}  // namespace feedback::report
