// `feedback-kiosk export` and `feedback-kiosk report`: the staff report from the command line
// (kiosk/report; definitions and the JSON format in kiosk/report/REPORT.md).
//
// Why separate from commands.h: these two are the report module's only doors into the command
// line, and keeping them in their own header lets the report work change without touching
// the other commands (or their authors' files). Both audit-log what they hand out, because a
// report carries visitors' comments.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "report/report.h"

namespace feedback::app {

// The report's options from the configuration (office names, target, actions, approval block):
// shared by the command line and the staff screen's USB export, so both print the same document.
report::ReportOptions report_options_from(const Config& config, bool thai_digits, report::Edition edition);
// "internal" / "public"; a UsageError for anything else.
report::Edition edition_from(const std::string& name);

struct ExportOptions {
    std::string period;             // "2569-H1", "2569", "2026-01-01..2026-01-31"
    std::string format;             // csv, xlsx or html
    std::filesystem::path out;      // written atomically (temporary name, fsync, rename)
    bool thai_digits = false;       // HTML and titles: Thai digits
    std::string edition = "internal";  // internal or public (issue 17)
};
// Writes the export and prints one line saying what was written. A bad period or format is a
// UsageError (exit 2) with the parser's message.
int export_command(const Context& context, const ExportOptions& options);

struct ReportCommandOptions {
    std::string period;
    std::string format = "json";                 // json only, for now
    std::optional<std::filesystem::path> out;    // default: stdout
    bool thai_digits = false;                    // accepted for symmetry; JSON keeps ASCII digits
    std::string edition = "internal";
};

// `feedback-kiosk suggestions list|approve|revoke`: the approval list of comments the public
// edition may publish (issue 17). list prints id prefix, date, approval and the masked text of
// the period's comments; approve/revoke take ids (or unique prefixes of 8+ characters).
struct SuggestionsOptions {
    std::string action;              // list, approve, revoke
    std::string period;              // list: the period (default: the current half-year)
    std::vector<std::string> ids;    // approve, revoke
};
int suggestions_command(const Context& context, const SuggestionsOptions& options);
// Prints (or writes) the report as one JSON object.
int report_command(const Context& context, const ReportCommandOptions& options);

}  // namespace feedback::app
