// `feedback-kiosk sync --once`: send what is pending now, for IT at the counter PC.
//
// Why it runs the feedback-sync program instead of linking the sync client: the kiosk window's
// process must never link curl or make a network call (DESIGN.md §2: a hung network call can
// never freeze the screen), and kiosk_app is that process's library. So this command replaces
// itself (execv) with the feedback-sync installed in the same directory as feedback-kiosk
// (found through /proc/self/exe; the build puts both in one directory too), passing the same
// --db and --config. The environment, and so every FEEDBACK_* override, carries over. The exit
// code and output are feedback-sync's: 0 when nothing closed is left pending, 1 otherwise.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "app/context.h"

namespace feedback::app {

// The feedback-sync beside this executable.
std::filesystem::path sync_program_path();

// The argument vector `sync --once` runs: program, --once, --db, and --config when a file was read.
std::vector<std::string> sync_once_arguments(const Context& context, bool verbose);

// Returns only when feedback-sync cannot be started (then kExitRuntimeError, with a message).
int sync_once_command(const Context& context, bool verbose = false);

}  // namespace feedback::app
