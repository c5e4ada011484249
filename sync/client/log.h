// The sync daemon's log: the shared log (common/log.h), whose lines start with the program's
// name, so IT reading the journal sees at a glance which process spoke. Same rules: never a
// token, never complaint contact details; callers pass reasons and counts only.
// Debug lines (one per batch) appear only with --verbose, so a kiosk that syncs all day does not
// fill the journal.
#pragma once

#include "common/log.h"

namespace feedback::sync {

using common::log_debug;  // only with --verbose
using common::log_error;
using common::log_info;
using common::log_warning;
using common::set_verbose;
using common::verbose;

}  // namespace feedback::sync
