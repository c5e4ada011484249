// Where the kiosk keeps its files when configuration does not say.
//
// Why the XDG base directories: the kiosk runs as an ordinary desktop user in a kiosk session
// (and the sync daemon as a systemd user service), never as root, so per-user locations work
// without any installer creating /var directories, and both processes find the same database
// by the same rule. Packaged installs set explicit paths in kiosk.toml instead.
#pragma once

#include <filesystem>

namespace feedback::app {

// $XDG_DATA_HOME/feedback-kiosk, else $HOME/.local/share/feedback-kiosk. HOME comes from the
// environment, else from the password database (systemd units may start without HOME).
// Relative XDG values are ignored, as the XDG specification requires.
std::filesystem::path default_data_dir();

// default_data_dir() / "feedback.db"
std::filesystem::path default_database_path();

// $XDG_CONFIG_HOME/feedback-kiosk/kiosk.toml, else $HOME/.config/feedback-kiosk/kiosk.toml.
std::filesystem::path default_config_path();

// /etc/feedback-kiosk/kiosk.toml: the Debian package's configuration (deploy/). Used when the
// user has no file of their own, so IT running `sudo -u feedback-kiosk feedback-kiosk status`
// and the services see the same settings without repeating --config.
std::filesystem::path system_config_path();

}  // namespace feedback::app
