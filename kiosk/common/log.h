// The one log of every program: a line per message on stderr, "<program>: [warning: |error: ]
// message", <program> being program_invocation_short_name (feedback-kiosk, feedback-sync), so the
// journal says who spoke; systemd sends stderr to the journal. Never pass personal data
// (complaint contact details) or secrets (the sync token); callers pass reasons and counts only.
//
// Under systemd, when stderr is the journal stream (JOURNAL_STREAM names stderr's device and
// inode, as systemd sets it), each line starts with its syslog priority as sd-daemon.h spells
// it — <3> error, <4> warning, <6> info, <7> debug — which journald strips and records, so
// `journalctl -p err` finds the errors. Anywhere else (a terminal, a pipe, a test) the prefix is
// left out and the text is exactly as before.
#pragma once

#include <string_view>

namespace feedback::common {

enum class Priority { error = 3, warning = 4, info = 6, debug = 7 };

// Debug lines appear only when verbose (feedback-sync --verbose).
void set_verbose(bool on);
bool verbose();

void log(Priority priority, std::string_view message);
inline void log_debug(std::string_view message) { log(Priority::debug, message); }
inline void log_info(std::string_view message) { log(Priority::info, message); }
inline void log_warning(std::string_view message) { log(Priority::warning, message); }
inline void log_error(std::string_view message) { log(Priority::error, message); }

// True when `journal_stream` (JOURNAL_STREAM's value, "DEV:INODE") names the file open on `fd`.
bool is_journal_stream(const char* journal_stream, int fd);

}  // namespace feedback::common
