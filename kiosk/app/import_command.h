// `feedback-kiosk import` and `feedback-kiosk merge`: answers that did not come through this
// kiosk's screens — paper questionnaires, another kiosk's CSV export, another kiosk's database
// (kiosk/exchange does the work; this is only its door into the command line).
//
// Why a header of its own, apart from commands.h: like report_commands.h, it lets the exchange
// work change without touching the other commands' files. Both commands print one summary line
// on stdout that scripts can read ("N imported, M already present") and audit-log what they
// added, because imported rows change the published figures.
#pragma once

#include <filesystem>

#include "app/context.h"

namespace feedback::app {

struct ImportOptions {
    std::filesystem::path csv;  // the template or a kiosk export, told apart by its header
    bool dry_run = false;       // check and count; write nothing
};
// Problems in the file are printed one per line (row, column, Thai and English) and give exit
// code 1 with nothing imported.
int import_command(const Context& context, const ImportOptions& options);

struct MergeOptions {
    std::filesystem::path from;  // another kiosk's database; never modified
};
// Merging a file that was set aside as damaged (`<db>.corrupt-…`) also stops listing it.
int merge_command(const Context& context, const MergeOptions& options);

// `set-aside dismiss FILE`: stop listing a set-aside copy (status, doctor, staff screen) without
// merging it; the file is kept and the dismissal audited.
int set_aside_dismiss_command(const Context& context, const std::filesystem::path& file);

}  // namespace feedback::app
