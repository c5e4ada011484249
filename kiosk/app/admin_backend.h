// The program side of the staff screens (ui::AdminActions): PIN check, dashboard figures,
// USB export and leaving kiosk mode — with the store, the report and the file system. Every
// action is written to the audit log.
//
// The USB export runs on a worker thread (issue 14, defect 8): writing a half-year to a slow
// stick took longer than the frame loop may stand still (systemd's WatchdogSec=30 restarts a
// kiosk whose loop stops pinging). The worker opens its own connection to the database: the
// UI's connection keeps storing answers meanwhile (a visitor may use the kiosk once the staff
// screen has closed), and one SQLite connection must not carry the export's read snapshot and
// the UI's writes at once. The window's destructor waits for a running export (the file on
// the stick is complete or absent, atomic_file.h). FEEDBACK_TEST_EXPORT_DELAY_MS (tests only)
// makes the worker wait that long before it starts writing, to stand in for a slow stick.
#pragma once

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/context.h"
#include "ui/admin_actions.h"

namespace feedback::app {

class AdminBackend : public ui::AdminActions {
public:
    AdminBackend(const Context& context, store::Store& store) : context_(context), store_(store) {}

    ui::PinOutcome check_pin(const std::string& pin, core::Instant now) override;
    ui::AdminSummary summary(const std::string& language, core::Instant now) override;
    void start_export(const std::string& format, const std::string& language, core::Instant now) override;
    ui::ExportProgress export_progress(core::Instant now) override;
    void exit_kiosk() override;

    ~AdminBackend() override;
    AdminBackend(const AdminBackend&) = delete;
    AdminBackend& operator=(const AdminBackend&) = delete;

    bool exit_requested() const { return exit_requested_; }
    // For the main loop: while true it wakes a few times a second to draw the progress.
    bool export_running() const;

    // The first writable mount point under the configured roots (admin.usb_roots): removable
    // drives appear as /media/<user>/<label> or /run/media/<user>/<label>.
    static std::filesystem::path find_usb_drive(const std::string& roots);

private:
    const Context& context_;
    // Runs on the worker; returns the sentence for the screen.
    std::string write_export(const std::filesystem::path& drive, const std::string& format,
                             const std::string& language, std::int64_t now_utc_ms);

    store::Store& store_;
    bool exit_requested_ = false;

    mutable std::mutex export_mutex_;  // guards the three fields below
    bool export_running_ = false;
    std::string export_format_;
    std::int64_t export_started_ms_ = 0;      // monotonic
    std::optional<std::string> export_result_;
    std::thread export_worker_;               // joined before the next export and at destruction
};

}  // namespace feedback::app
