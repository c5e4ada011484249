// The real feedback-kiosk as the UI and command-line tests run it: in a temp dir of its own,
// with its own database and XDG directories, so a test never reads the developer's ~/.config or
// ~/.local. Needs FEEDBACK_KIOSK_BIN (set for the ui and integration test targets).
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "process.h"
#include "temp_dir.h"

namespace feedback::testing {

// XDG_CONFIG_HOME and XDG_DATA_HOME inside `dir`.
inline std::vector<std::string> isolated_env(const TempDir& dir) {
    return {"XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string()};
}

// The real screens, headless (SDL's offscreen driver), driven by the scripted UI driver.
// extra_env is added to the isolated environment (a device code, office hours, a time zone).
struct ScriptedKiosk {
    explicit ScriptedKiosk(const std::vector<std::string>& extra_env = {}) {
        env.insert(env.end(), extra_env.begin(), extra_env.end());
    }

    TempDir dir;
    std::string db = (dir / "ui.db").string();
    std::vector<std::string> env = isolated_env(dir);

    // Runs `feedback-kiosk run --headless --script` on these steps, at this window size.
    ProcessResult script(const std::string& steps, const std::string& size = "1366x768") {
        const auto file = dir / "steps.txt";
        write_file(file, steps);
        return run({FEEDBACK_KIOSK_BIN, "run", "--headless", "--size", size, "--script", file.string(), "--db", db}, env);
    }
    // The script step that saves a screenshot as `name` in the temp dir.
    std::string shot(const std::string& name) const { return "screenshot " + (dir / name).string() + "\n"; }
    std::filesystem::path operator/(const std::string& name) const { return dir / name; }
};

}  // namespace feedback::testing
