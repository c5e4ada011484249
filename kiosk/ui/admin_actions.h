// What the staff screens need from the program, as an interface: the PIN check, the figures
// on the dashboard, the USB export and leaving kiosk mode. The app implements it with the
// store and the report (kiosk/app/admin_backend.cpp); the screens stay free of SQL and files.
#pragma once

#include <cstdint>

#include "core/clock.h"
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace feedback::ui {

struct PinOutcome {
    enum class Kind { Accepted, Wrong, LockedOut, NotSet } kind = Kind::NotSet;
    std::int64_t locked_until_utc_ms = 0;
    std::int64_t wait_ms = 0;  // how long the pad stays locked from now (0: not locked)
};

struct AdminSummary {
    std::string period_title;          // the current half of the fiscal year, in the visitor's language
    std::int64_t answers_today = 0;
    std::int64_t answers_period = 0;
    std::optional<double> mean_period; // main question, misuse excluded
    std::string level_period;          // interpretation of the mean
    std::int64_t misuse_period = 0;
    std::int64_t complaints_period = 0;
    std::int64_t sensitive_complaints_period = 0;  // counted only: never their text
    std::vector<std::pair<std::string, std::int64_t>> complaints_by_category;  // non-sensitive labels
    std::int64_t pending = 0;
    std::int64_t rejected = 0;
    std::optional<std::int64_t> oldest_pending_age_s;
    std::string last_success;          // ISO time or ""
    std::string last_error;            // "" when none
    bool auth_alert = false;           // the collector refused the token (401/403)
    std::uintmax_t database_bytes = 0;
    std::uintmax_t free_bytes = 0;
    std::string usb_drive;             // where an export would go; "" = no drive detected
    std::string display;               // presentation path and renderer, e.g. "x11 · software"
    // Database files set aside as damaged (file names), until merged back or dismissed by IT.
    std::vector<std::string> set_aside_files;
    // Spoken prompts without a recorded clip (issue 21); -1 = not counted (speech off).
    std::int64_t clips_missing_th = -1;
    std::int64_t clips_missing_en = -1;
};

struct ExportProgress {
    bool running = false;
    std::string format;                 // "csv", "xlsx", "html" of the running export
    std::int64_t elapsed_ms = 0;        // since it started (monotonic)
    std::optional<std::string> result;  // set once, when one has finished
};

class AdminActions {
public:
    virtual ~AdminActions() = default;
    virtual PinOutcome check_pin(const std::string& pin, core::Instant now) = 0;
    virtual AdminSummary summary(const std::string& language, core::Instant now) = 0;
    // Starts exporting the current period's report to the detected USB drive and returns at
    // once: the export runs beside the frame loop, which keeps drawing (the progress) and
    // feeding systemd's watchdog while a slow stick is written. Ignored while one runs.
    virtual void start_export(const std::string& format, const std::string& language, core::Instant now) = 0;
    // Whether an export runs, and the sentence of one that finished since the last call
    // ("… written; safe to remove the drive" or what went wrong), handed over once.
    virtual ExportProgress export_progress(core::Instant now) = 0;
    virtual void exit_kiosk() = 0;  // audited; the program ends after this frame
};

}  // namespace feedback::ui
