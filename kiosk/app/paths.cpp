// Default file locations (see paths.h for why XDG).
//
// These functions only compute paths; creating directories is left to whoever writes there,
// so that `config show` and `doctor` never change the disk.
#include "app/paths.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace feedback::app {

namespace {

constexpr const char* kAppDir = "feedback-kiosk";

std::filesystem::path home_dir() {
    if (const char* home = std::getenv("HOME"); home && *home == '/') return home;
    if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir && *pw->pw_dir)
        return pw->pw_dir;
    // No home at all (a stripped-down service account): the working directory is the only
    // place left that the process can name; the caller's later error will show the full path.
    return std::filesystem::current_path();
}

// An XDG variable counts only when set to an absolute path (XDG Base Directory spec).
std::filesystem::path xdg_dir(const char* variable, const char* fallback_under_home) {
    if (const char* value = std::getenv(variable); value && *value == '/') return value;
    return home_dir() / fallback_under_home;
}

}  // namespace

std::filesystem::path default_data_dir() {
    return xdg_dir("XDG_DATA_HOME", ".local/share") / kAppDir;
}

std::filesystem::path default_database_path() { return default_data_dir() / "feedback.db"; }

std::filesystem::path system_config_path() { return "/etc/feedback-kiosk/kiosk.toml"; }

std::filesystem::path default_config_path() {
    return xdg_dir("XDG_CONFIG_HOME", ".config") / kAppDir / "kiosk.toml";
}

}  // namespace feedback::app
