// Messages for the person running the kiosk: one line each on stderr, which systemd sends to
// the journal. Never pass personal data (complaint contact details) or secrets (the sync
// token) to these functions.
#pragma once

#include <string_view>

namespace feedback::app {

void log_note(std::string_view message);
void log_warning(std::string_view message);
void log_error(std::string_view message);

}  // namespace feedback::app
