// The subcommands of feedback-kiosk. Each returns the process exit code (kExit*), writes its
// result to stdout and its problems to stderr. They are plain functions over a Context so
// tests and other tools can call them without a command line.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "common/exit_codes.h"

namespace feedback::app {

using common::kExitOk;
using common::kExitRuntimeError;
using common::kExitUsageError;

// Thrown by commands for a bad argument value that CLI11 could not check by itself (an unknown
// reason id, say); run_cli turns it into exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct RecordOptions {
    int rating = 0;
    std::string service_point;
    std::vector<std::string> reasons;
    std::vector<std::string> dimensions;  // "id=level"
    std::string comment;
    std::optional<std::string> language;  // default: display.language
};
int record_command(const Context& context, const RecordOptions& options);

struct StatusOptions {
    bool json = false;
};
int status_command(const Context& context, const StatusOptions& options);

struct DemoDataOptions {
    long long count = 0;
    std::string from;  // ISO date, local; empty = 180 days before `to`
    std::string to;    // ISO date, local; empty = today
    unsigned seed = 2569;
};
int demo_data_command(const Context& context, const DemoDataOptions& options);

int doctor_command(const CommonOptions& options);

// Migrates the database to this release's schema and prints the versions (used by the Debian
// package's postinst during upgrades).
int migrate_command(const Context& context);

struct SetPinOptions {
    std::string pin_file;  // empty = read the first line of stdin
};
int set_pin_command(const Context& context, const SetPinOptions& options);

// The kiosk window. Supplied by the executable (which links SDL and ImGui), so this library
// and its tests stay free of them.
struct RunOptions {
    bool windowed = false;  // a normal window instead of full screen (development, desktops)
    bool headless = false;  // SDL's offscreen video driver: no display needed (tests, CI)
    std::string script;     // scripted UI driver steps (kiosk/ui/driver.h); exits when done
    int width = 0;          // window size; 0 = full screen, or 1366x768 windowed/1920x1080 headless
    int height = 0;
};
using WindowRunner = std::function<int(const Context&, store::Store&, const RunOptions&)>;

// `display-check`: opens a small window along the configured presentation paths, draws one
// frame, prints the path used. Supplied by the executable, like the window.
using DisplayChecker = std::function<int(const Context&)>;

struct AudioDevice;  // app/audio_command.h: the microphone and speaker, from the executable
int run_cli(int argc, char** argv, const WindowRunner& run_window, const DisplayChecker& check_display = {},
            const AudioDevice* audio = nullptr);

}  // namespace feedback::app
