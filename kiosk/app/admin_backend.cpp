#include "app/admin_backend.h"

#include "app/audio_command.h"
#include "app/report_commands.h"
#include "app/presentation_record.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <utility>

#include "app/log.h"
#include "core/clock.h"
#include "core/likert.h"
#include "core/period.h"
#include "report/store_input.h"
#include "report/export.h"
#include "report/report.h"
#include "store/admin_pin.h"
#include "store/outbox.h"
#include "store/store.h"

namespace feedback::app {
namespace fs = std::filesystem;

namespace {

core::LikertScale scale_of(const Config& config) {
    return core::LikertScale::from_upper_bounds(config.report.likert_upper_bounds);
}

bool is_mount_point(const fs::path& dir) {
    struct stat self{}, parent{};
    if (::stat(dir.c_str(), &self) != 0 || ::stat(dir.parent_path().c_str(), &parent) != 0) return false;
    return self.st_dev != parent.st_dev;
}

}  // namespace

ui::PinOutcome AdminBackend::check_pin(const std::string& pin, core::Instant now) {
    const auto check = store::check_admin_pin(store_, pin, now);
    ui::PinOutcome out;
    out.locked_until_utc_ms = check.locked_until_utc_ms;
    out.wait_ms = check.wait_ms;
    switch (check.outcome) {
        case store::PinCheck::Outcome::Accepted: out.kind = ui::PinOutcome::Kind::Accepted; break;
        case store::PinCheck::Outcome::Wrong: out.kind = ui::PinOutcome::Kind::Wrong; break;
        case store::PinCheck::Outcome::LockedOut: out.kind = ui::PinOutcome::Kind::LockedOut; break;
        case store::PinCheck::Outcome::NotSet: out.kind = ui::PinOutcome::Kind::NotSet; break;
    }
    return out;
}

ui::AdminSummary AdminBackend::summary(const std::string& language, core::Instant now) {
    ui::AdminSummary s;
    const std::int64_t now_ms = now.wall_ms;  // dates and ages of stored entries: wall clock
    const auto today = core::local_date_of(now_ms, core::kOfficeOffsetMin);
    const auto period = core::half_year_containing(today);
    const auto scale = scale_of(context_.config());
    const auto report = report::compute_report(store_, period, context_.survey, scale);
    const auto day = report::compute_report(store_, core::date_range_period(today, today), context_.survey, scale);
    s.period_title = language == "en" ? period.english_title() : period.thai_title();
    if (context_.config().accessibility.speech != "off") {
        // A directory listing per prompt: well under a millisecond for the ~80 prompts.
        const auto catalogue = prompt_catalogue(context_);
        const auto dirs = speech::clip_dirs_for(context_.database_path);
        s.clips_missing_th = static_cast<std::int64_t>(speech::missing_clips(catalogue, dirs, "th").size());
        s.clips_missing_en = static_cast<std::int64_t>(speech::missing_clips(catalogue, dirs, "en").size());
    }
    s.answers_today = day.main.stats.n;
    s.answers_period = report.main.stats.n;
    s.misuse_period = report.misuse_excluded;
    if (report.main.stats.n > 0) {
        s.mean_period = report.main.stats.mean;
        s.level_period = std::string(language == "en" ? core::level_name_en(report.main.stats.level)
                                                      : core::level_name_th(report.main.stats.level));
    }
    s.complaints_period = report.complaints.total;
    s.sensitive_complaints_period = report.complaints.sensitive;
    for (const auto& category : report.complaints.by_category)
        if (!category.sensitive_category && category.count > 0)
            s.complaints_by_category.emplace_back(category.label.in(language), category.count);

    store::Outbox outbox(store_);
    const auto counts = outbox.counts();
    s.pending = counts.pending;
    s.rejected = counts.rejected;
    // Never negative: an entry stored while the clock ran fast is "just now", not "in -1 day".
    if (const auto oldest = outbox.oldest_pending_utc_ms())
        s.oldest_pending_age_s = std::max<std::int64_t>(0, (now_ms - *oldest) / 1000);
    const auto health = outbox.health();
    s.last_success = health.last_success_utc.value_or("");
    s.last_error = health.last_error.value_or("");
    s.auth_alert = health.alert.has_value();

    const auto status = store_.status();
    s.database_bytes = status.size_bytes;
    for (const auto& file : status.set_aside) s.set_aside_files.push_back(file.path.filename().string());
    struct statvfs vfs{};
    if (::statvfs(store_.path().parent_path().empty() ? "." : store_.path().parent_path().c_str(), &vfs) == 0)
        s.free_bytes = static_cast<std::uintmax_t>(vfs.f_bavail) * vfs.f_frsize;
    s.usb_drive = find_usb_drive(context_.config().admin.usb_roots).string();
    if (const auto shown = load_presentation_record(store_); shown && !shown->path.empty())
        s.display = shown->path + " · " + shown->renderer;
    return s;
}

fs::path AdminBackend::find_usb_drive(const std::string& roots) {
    std::size_t start = 0;
    while (start <= roots.size()) {
        const auto end = roots.find(':', start);
        const fs::path root = roots.substr(start, end == std::string::npos ? std::string::npos : end - start);
        start = end == std::string::npos ? roots.size() + 1 : end + 1;
        std::error_code ec;
        if (root.empty() || !fs::is_directory(root, ec)) continue;
        // /media/<label> or /media/<user>/<label>: two levels deep at most.
        for (const auto& first : fs::directory_iterator(root, ec)) {
            std::vector<fs::path> candidates{first.path()};
            if (first.is_directory(ec))
                for (const auto& second : fs::directory_iterator(first.path(), ec)) candidates.push_back(second.path());
            for (const auto& dir : candidates)
                if (fs::is_directory(dir, ec) && is_mount_point(dir) && ::access(dir.c_str(), W_OK) == 0) return dir;
        }
    }
    return {};
}

AdminBackend::~AdminBackend() {
    if (export_worker_.joinable()) export_worker_.join();
}

bool AdminBackend::export_running() const {
    const std::lock_guard lock(export_mutex_);
    return export_running_;
}

void AdminBackend::start_export(const std::string& format_name, const std::string& language, core::Instant now) {
    {
        const std::lock_guard lock(export_mutex_);
        if (export_running_) return;
    }
    if (export_worker_.joinable()) export_worker_.join();  // the previous one has finished
    const bool en = language == "en";
    const auto drive = find_usb_drive(context_.config().admin.usb_roots);
    {
        const std::lock_guard lock(export_mutex_);
        export_format_ = format_name;
        export_started_ms_ = now.mono_ms;
        if (drive.empty()) {
            export_result_ = en ? "No USB drive found: plug one in and try again" : "ไม่พบแฟลชไดรฟ์ โปรดเสียบแล้วลองใหม่";
            return;
        }
        export_running_ = true;
        export_result_.reset();
    }
    export_worker_ = std::thread([this, drive, format_name, language, wall = now.wall_ms] {
        std::string result;
        try {
            result = write_export(drive, format_name, language, wall);
        } catch (const std::exception& e) {  // write_export reports its own; this is a last resort
            result = std::string(language == "en" ? "Export failed: " : "ส่งออกไม่สำเร็จ: ") + e.what();
        }
        const std::lock_guard lock(export_mutex_);
        export_result_ = std::move(result);
        export_running_ = false;
    });
}

ui::ExportProgress AdminBackend::export_progress(core::Instant now) {
    const std::lock_guard lock(export_mutex_);
    ui::ExportProgress progress;
    progress.running = export_running_;
    progress.format = export_format_;
    progress.elapsed_ms = std::max<std::int64_t>(0, now.mono_ms - export_started_ms_);
    progress.result = std::exchange(export_result_, std::nullopt);
    return progress;
}

std::string AdminBackend::write_export(const fs::path& drive, const std::string& format_name,
                                       const std::string& language, std::int64_t now_ms) {
    const bool en = language == "en";
    const auto format = report::export_format_from(format_name);
    if (!format) return "unknown format " + format_name;
    const auto period = core::half_year_containing(core::local_date_of(now_ms, core::kOfficeOffsetMin));
    const fs::path out = drive / ("feedback-" + context_.config().device.id + "-" + period.label + "." + format_name);
    try {
        if (const char* delay = std::getenv("FEEDBACK_TEST_EXPORT_DELAY_MS"))
            std::this_thread::sleep_for(std::chrono::milliseconds(std::atol(delay)));
        // Its own connection (see admin_backend.h); the file was checked when the kiosk opened it.
        store::StoreOptions options;
        options.check_integrity = false;
        options.recover_corrupt = false;
        store::Store store(store_.path(), options);
        // export_period writes to a temporary name, fsyncs and renames: the file on the stick
        // is complete or absent, so pulling the drive after the message is safe.
        // The internal edition with the office's target, actions and approval block: the same
        // document `feedback-kiosk export` writes.
        const report::ReportOptions report_options =
            report_options_from(context_.config(), false, report::Edition::Internal);
        report::export_period(store, period, context_.survey, scale_of(context_.config()), report_options, *format,
                              out, "staff");
        ::sync();
        return (en ? "Written " : "บันทึก ") + out.filename().string() +
               (en ? " — safe to remove the drive" : " แล้ว — ถอดแฟลชไดรฟ์ได้อย่างปลอดภัย");
    } catch (const std::exception& e) {
        log_error(std::string("USB export failed: ") + e.what());
        return (en ? "Export failed: " : "ส่งออกไม่สำเร็จ: ") + std::string(e.what());
    }
}

void AdminBackend::exit_kiosk() {
    store_.audit("staff", "exit-kiosk");
    exit_requested_ = true;
}

}  // namespace feedback::app
