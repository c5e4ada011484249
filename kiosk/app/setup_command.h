// `feedback-kiosk setup`: non-interactive provisioning of a kiosk (configuration, token, PIN,
// owners and modes, and which session starts it). Flags are a contract with IT scripts;
// they are listed in README.md and --help.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.h"

namespace feedback::app {

struct SetupOptions {
    std::optional<std::string> office, office_en;                  // office.name, office.name_en
    std::optional<std::string> device_id, device_name, device_code;  // device.*
    std::optional<std::vector<std::string>> service_points;          // survey.service_points
    std::optional<std::string> endpoint, proxy, ca_bundle;          // sync.*
    std::optional<std::string> token_file;  // copied to <config dir>/token (0600), sync.token_file
    std::optional<std::string> pin_file;    // first line: the staff PIN (hash stored)
    std::optional<std::string> database;    // store.database
    std::string user;          // owner of data and token (default: feedback-kiosk when root)
    std::string session;       // "kiosk", "desktop" or "none"/empty
    std::string desktop_user;  // --session desktop: whose desktop starts the kiosk
};

// --config is where the configuration is written (default: /etc/feedback-kiosk/kiosk.toml as
// root, else the user's ~/.config/feedback-kiosk/kiosk.toml). Throws UsageError for bad input
// (nothing written), SourceError/std::runtime_error for failures.
int setup_command(const CommonOptions& common, const SetupOptions& options);

}  // namespace feedback::app
