// `feedback-kiosk import` / `merge` (see import_command.h). Errors leave as exceptions, like the
// other commands: an unreadable file is a SourceError, a database problem a StoreError (both
// exit 1 in run_cli); a file with bad rows prints every problem found and returns 1 itself,
// because one exception could carry only one of them.
#include "app/import_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "app/commands.h"
#include "app/log.h"
#include "core/errors.h"
#include "exchange/merge.h"
#include "exchange/paper_import.h"

namespace feedback::app {
namespace {

std::string read_whole_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SourceError(path.string(), 0, "", std::string("cannot read the file: ") + std::strerror(errno));
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw SourceError(path.string(), 0, "", "cannot read the file");
    return bytes;
}

}  // namespace

int import_command(const Context& context, const ImportOptions& options) {
    const std::string bytes = read_whole_file(options.csv);
    const auto parsed = exchange::parse_answers_csv(bytes, context.survey,
                                                    {context.config().device.id, context.survey.version});
    const std::string file = options.csv.string();
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

    auto store = open_store(context);
    const auto result = exchange::import_entries(*store, parsed.entries, options.dry_run);
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
    return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
}

}  // namespace feedback::app
