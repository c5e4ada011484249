// The sync daemon's log: one line per message on stderr, which systemd sends to the journal.
//
// Why not kiosk/app/log.h: that one prefixes every line with "feedback-kiosk:", and IT reading
// the journal must see at a glance which process spoke. Same rules: never a token, never
// complaint contact details; callers pass reasons and counts only.
// Debug lines (one per batch) appear only with --verbose, so a kiosk that syncs all day does not
// fill the journal.
#pragma once

#include <string_view>

namespace feedback::sync {

void set_verbose(bool on);
bool verbose();

void log_debug(std::string_view message);  // only with --verbose
void log_info(std::string_view message);
void log_warning(std::string_view message);
void log_error(std::string_view message);

}  // namespace feedback::sync
