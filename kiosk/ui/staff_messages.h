// Staff-screen messages in the screen's language (issue 16): the sync daemon stores its last
// error as technical English (curl's "Couldn't connect to server: Failed to connect to …",
// "HTTP 503 from the collector", a token file problem). Staff at a Thai counter read the
// headline in their language; the raw text stays beside it, smaller, for IT on the phone.
#pragma once

#include <string>
#include <string_view>

namespace feedback::ui {

struct StaffMessage {
    std::string headline;  // in the screen's language: what it means, what to do
    std::string detail;    // the raw text as stored (English, technical)
};

// What the last sync error (sync.last_error, as the daemon words it) means, in `language`
// ("th" or "en").
StaffMessage describe_sync_error(const std::string& raw, std::string_view language);

}  // namespace feedback::ui
