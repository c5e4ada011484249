// `export` and `report` (see report_commands.h). Thin: parse what the person typed, build the
// report options from the configuration, and hand over to kiosk/report, which does the
// computing, the writing and the audit record.
#include "app/report_commands.h"

#include <cstdio>
#include <stdexcept>

#include "app/commands.h"
#include "core/clock.h"
#include "report/store_input.h"
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

report::ReportOptions report_options(const Context& context, bool thai_digits, const std::string& edition) {
    return report_options_from(context.config(), thai_digits, edition_from(edition));
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

report::Edition edition_from(const std::string& name) {
    if (name == "internal") return report::Edition::Internal;
    if (name == "public") return report::Edition::Public;
    throw UsageError("--edition: expected internal or public, got '" + name + "'");
}

report::ReportOptions report_options_from(const Config& config, bool thai_digits, report::Edition edition) {
    report::ReportOptions options;
    options.office_name = config.office.name;
    options.office_name_en = config.office.name_en;
    options.thai_digits = thai_digits;
    options.edition = edition;
    if (config.report.target_percent > 0.0) options.target_percent = config.report.target_percent;
    options.actions_th = config.report.actions_th;
    const auto& c = config.report;
    options.signatories = {
        {{"ผู้จัดทำรายงาน", "Prepared by"}, c.prepared_name, c.prepared_position},
        {{"ผู้ตรวจสอบ", "Reviewed by"}, c.reviewed_name, c.reviewed_position},
        {{"ผู้อนุมัติ", "Approved by"}, c.approved_name, c.approved_position},
    };
    return options;
}

int export_command(const Context& context, const ExportOptions& options) {
    const auto period = parse_period_option(options.period);
    const auto format = report::export_format_from(options.format);
    if (!format || *format == report::ExportFormat::Json)
        throw UsageError("--format: expected csv, xlsx, html or pdf, got '" + options.format + "'");
    const auto edition = edition_from(options.edition);
    // The public edition is a document; raw rows carry every comment and every slice.
    if (edition == report::Edition::Public &&
        (*format == report::ExportFormat::Csv || *format == report::ExportFormat::Xlsx))
        throw UsageError("--edition public: only html, pdf and json; csv and xlsx hold the raw answers "
                         "and stay with the office");
    auto store = open_for_report(context);
    const auto result = report::export_period(*store, period, context.survey, likert_scale(context),
                                              report_options(context, options.thai_digits, options.edition), *format,
                                              options.out, "cli");
    const auto& r = result.report;
    std::printf("wrote %s (%s, %s: %s respondents, %s misuse excluded, %s complaints",
                options.out.c_str(), options.format.c_str(), period.label.c_str(),
                report::format_count(r.respondents()).c_str(), report::format_count(r.misuse_excluded).c_str(),
                report::format_count(r.complaints.total).c_str());
    if (*format != report::ExportFormat::Html && *format != report::ExportFormat::Pdf)
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
                              report_options(context, options.thai_digits, options.edition), report::ExportFormat::Json,
                              *options.out, "cli");
        return kExitOk;
    }
    std::string json;
    {
        const report::ReadSnapshot snapshot(*store);
        json = report::render_json(report::compute_document(*store, period, context.survey, likert_scale(context),
                                                          report_options(context, options.thai_digits, options.edition)));
    }
    store->audit("cli", "report", period.label + " json");
    std::fwrite(json.data(), 1, json.size(), stdout);
    std::fputc('\n', stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
}

}  // namespace feedback::app

namespace feedback::app {

int suggestions_command(const Context& context, const SuggestionsOptions& options) {
    if (options.action == "list") {
        const auto period = options.period.empty()
                                ? core::half_year_containing(core::local_date_of(core::now_utc_ms(), core::kOfficeOffsetMin))
                                : parse_period_option(options.period);
        auto store = open_for_report(context);
        auto report_opts = report_options_from(context.config(), false, report::Edition::Internal);
        report_opts.comparisons = false;
        report_opts.suggestion_limit = 0;
        // The internal document: every comment, masked as it would be published.
        const auto r = report::compute_document(*store, period, context.survey, likert_scale(context), report_opts);
        std::printf("%s: %zu comment(s); approved ones appear in the public edition (masked as shown)\n",
                    period.label.c_str(), r.suggestions.size());
        for (const auto& s : r.suggestions) {
            char date[32];
            std::snprintf(date, sizeof date, "%04d-%02d-%02d %02d:%02d", s.date.year, s.date.month, s.date.day, s.hour,
                          s.minute);
            std::printf("%s  %s  %s  %d  %s\n", s.entry_id.substr(0, 13).c_str(), date,
                        s.approved ? "approved" : "-       ", s.rating, s.text.c_str());
        }
        store->audit("cli", "suggestions-list", period.label);
        return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
    }
    if (options.action != "approve" && options.action != "revoke")
        throw UsageError("expected list, approve or revoke, got '" + options.action + "'");
    if (options.ids.empty()) throw UsageError(options.action + ": give at least one comment id (from `suggestions list`)");
    auto store = open_store(context, {});
    std::vector<std::string> ids;
    for (const auto& given : options.ids) {
        const auto full = store->comment_entry_by_prefix(given);
        if (!full)
            throw UsageError("no single comment has an id starting with '" + given +
                             "' (use at least 8 characters as `suggestions list` prints them)");
        ids.push_back(*full);
    }
    const int changed = options.action == "approve" ? store->approve_suggestions(ids, "cli")
                                                    : store->revoke_suggestions(ids, "cli");
    std::printf("%s %d comment(s)%s\n", options.action == "approve" ? "approved" : "revoked", changed,
                changed < static_cast<int>(ids.size()) ? " (the others already were)" : "");
    return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
}

}  // namespace feedback::app
