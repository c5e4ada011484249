// `export` and `report` (see report_commands.h). Thin: parse what the person typed, build the
// report options from the configuration, and hand over to kiosk/report, which does the
// computing, the writing and the audit record.
#include "app/report_commands.h"

#include <cstdio>
#include <stdexcept>

#include "app/commands.h"
#include "report/entry_rows.h"
#include "report/export.h"
#include "report/json_export.h"

namespace feedback::app {
namespace {

core::Period parse_period_option(const std::string& spec) {
    try {
        return core::parse_period(spec);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--period: ") + e.what());
    }
}

report::ReportOptions report_options(const Context& context, bool thai_digits) {
    report::ReportOptions options;
    options.office_name = context.config().office.name;
    options.office_name_en = context.config().office.name_en;
    options.thai_digits = thai_digits;
    return options;
}

// A report only reads. PRAGMA quick_check would cost more than the report itself on a large
// database (3.5 s for a million entries), the kiosk already runs it at every start, and a
// damaged file must be moved aside by the kiosk, never by a staff export: so it is skipped
// here, and damage shows as a database error (exit 1).
std::unique_ptr<store::Store> open_for_report(const Context& context) {
    store::StoreOptions options;
    options.check_integrity = false;
    return open_store(context, options);
}

core::LikertScale likert_scale(const Context& context) {
    return core::LikertScale::from_upper_bounds(context.config().report.likert_upper_bounds);
}

}  // namespace

int export_command(const Context& context, const ExportOptions& options) {
    const auto period = parse_period_option(options.period);
    const auto format = report::export_format_from(options.format);
    if (!format || *format == report::ExportFormat::Json)
        throw UsageError("--format: expected csv, xlsx or html, got '" + options.format + "'");
    auto store = open_for_report(context);
    const auto result = report::export_period(*store, period, context.survey, likert_scale(context),
                                              report_options(context, options.thai_digits), *format,
                                              options.out, "cli");
    const auto& r = result.report;
    std::printf("wrote %s (%s, %s: %s respondents, %s misuse excluded, %s complaints",
                options.out.c_str(), options.format.c_str(), period.label.c_str(),
                report::format_count(r.respondents()).c_str(), report::format_count(r.misuse_excluded).c_str(),
                report::format_count(r.complaints.total).c_str());
    if (*format != report::ExportFormat::Html)
        std::printf(", %s rows", report::format_count(result.rows).c_str());
    std::printf(")\n");
    return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
}

int report_command(const Context& context, const ReportCommandOptions& options) {
    const auto period = parse_period_option(options.period);
    if (options.format != "json")
        throw UsageError("--format: expected json, got '" + options.format + "'");
    auto store = open_for_report(context);
    if (options.out) {
        report::export_period(*store, period, context.survey, likert_scale(context),
                              report_options(context, options.thai_digits), report::ExportFormat::Json,
                              *options.out, "cli");
        return kExitOk;
    }
    std::string json;
    {
        const report::ReadSnapshot snapshot(*store);
        json = report::render_json(report::compute_report(*store, period, context.survey, likert_scale(context),
                                                          report_options(context, options.thai_digits)));
    }
    store->audit("cli", "report", period.label + " json");
    std::fwrite(json.data(), 1, json.size(), stdout);
    std::fputc('\n', stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
}

}  // namespace feedback::app
