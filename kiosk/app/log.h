// Messages for the person running the kiosk: the shared log (common/log.h — one line each on
// stderr, which systemd sends to the journal, with its syslog priority there). Never pass
// personal data (complaint contact details) or secrets (the sync token) to these functions.
#pragma once

#include "common/log.h"

namespace feedback::app {

inline void log_note(std::string_view message) { common::log_info(message); }
using common::log_error;
using common::log_warning;

}  // namespace feedback::app
