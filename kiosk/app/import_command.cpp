// `feedback-kiosk import` / `merge` (see import_command.h). Errors leave as exceptions, like the
// other commands: an unreadable file is a SourceError, a database problem a StoreError (both
// exit 1 in run_cli); a file with bad rows prints every problem found and returns 1 itself,
// because one exception could carry only one of them.
#include "app/import_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <system_error>
#include <string>

#include "app/commands.h"
#include "app/log.h"
#include "core/errors.h"
#include "exchange/merge.h"
#include "exchange/paper_import.h"

namespace feedback::app {

int import_command(const Context& context, const ImportOptions& options) {
    const std::string file = options.csv.string();
    auto store = open_store(context);
    exchange::StreamedImport streamed;
    try {
        streamed = exchange::import_csv_file(*store, options.csv, context.survey,
                                             {context.config().device.id, context.survey.version}, options.dry_run);
    } catch (const std::system_error& e) {
        throw SourceError(file, 0, "", std::string("cannot read the file: ") + e.code().message());
    }
    const auto& parsed = streamed.parsed;
    if (!parsed.problems.empty()) {
        for (const auto& problem : parsed.problems) log_error(file + ": " + problem.message());
        std::string summary = file + ": " + std::to_string(parsed.problems.size()) +
                              (parsed.problems.size() >= exchange::kMaxProblems ? "+" : "") +
                              " ปัญหา ไม่ได้นำเข้าข้อมูลใดเลย แก้ไขแล้วนำเข้าทั้งไฟล์อีกครั้ง / " +
                              std::to_string(parsed.problems.size()) +
                              (parsed.problems.size() >= exchange::kMaxProblems ? "+" : "") +
                              " problem(s); nothing was imported: fix them and import the whole file again";
        log_error(summary);
        return kExitRuntimeError;
    }

    const auto& result = streamed.counts;
    std::string line = std::to_string(result.imported) + (options.dry_run ? " would be imported, " : " imported, ") +
                       std::to_string(result.already_present) + " already present";
    if (parsed.complaint_rows > 0)
        line += ", " + std::to_string(parsed.complaint_rows) +
                " complaint row(s) not imported (complaints move with `merge`)";
    if (options.dry_run) line += " (dry run: nothing written)";
    std::printf("%s\n", line.c_str());
    if (!options.dry_run)
        store->audit("cli", "import",
                     file + " " + std::to_string(result.imported) + " rows (" +
                         (parsed.kind == exchange::CsvKind::KioskExport ? "kiosk export" : "paper template") + ", " +
                         std::to_string(result.already_present) + " already present)");
    return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
}

int merge_command(const Context& context, const MergeOptions& options) {
    auto store = open_store(context);
    exchange::MergeResult result;
    try {
        result = exchange::merge_database(*store, options.from);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("merge: ") + e.what());
    }
    std::printf("%lld merged, %lld already present\n", static_cast<long long>(result.merged),
                static_cast<long long>(result.already_present));
    store->audit("cli", "merge",
                 options.from.string() + " " + std::to_string(result.merged) + " merged (" +
                     std::to_string(result.complaints) + " complaints), " + std::to_string(result.already_present) +
                     " already present");
    // A set-aside copy of this database that is now merged back stops being listed.
    if (store->clear_set_aside(options.from, "merged"))
        std::printf("%s is no longer listed as set aside\n", options.from.c_str());
    return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
}

int set_aside_dismiss_command(const Context& context, const std::filesystem::path& file) {
    auto store = open_store(context);
    if (!store->clear_set_aside(file, "dismissed"))
        throw UsageError("set-aside dismiss: " + file.string() + " is not a set-aside copy of " +
                         context.database_path.string() + " (see `feedback-kiosk status`)");
    std::printf("%s is no longer listed as set aside; the file itself was kept\n", file.c_str());
    return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
}

}  // namespace feedback::app
