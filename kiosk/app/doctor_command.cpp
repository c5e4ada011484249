// `feedback-kiosk doctor`: checks everything a kiosk needs and says plainly what is wrong.
// IT runs it after installing or when the admin screen shows an alert. It never changes
// anything: the database is opened with recovery off, so a damaged file is reported, not moved.
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>

#include "app/commands.h"
#include "app/display_probe.h"
#include "app/presentation_record.h"
#include "core/clock.h"
#include "core/thai_calendar.h"
#include "app/audio_command.h"
#include "app/office_logo.h"
#include "text/font_check.h"

namespace feedback::app {
namespace {

enum class Verdict { Ok, Warning, Fail };

struct Report {
    int failures = 0;
    void line(Verdict verdict, const std::string& what, const std::string& detail) {
        const char* tag = verdict == Verdict::Ok ? "ok     " : verdict == Verdict::Warning ? "warning" : "FAIL   ";
        if (verdict == Verdict::Fail) ++failures;
        std::printf("%s  %-9s %s\n", tag, what.c_str(), detail.c_str());
    }
};

void check_font(Report& report, const Config& config) {
    const auto path = config.display.font.empty() ? text::default_thai_font() : config.display.font;
    const auto result = text::check_font(path);
    if (result.ok) {
        report.line(Verdict::Ok, "font", path.string() + " (" + result.family + ")");
        return;
    }
    for (const auto& problem : result.problems) report.line(Verdict::Fail, "font", problem);
}

// A logo is decoration: a bad one is a warning (the kiosk runs without it), not a failure.
void check_logo(Report& report, const Config& config) {
    if (config.office.logo.empty()) return;
    std::string why;
    if (const auto logo = load_office_logo(config.office.logo, why))
        report.line(Verdict::Ok, "logo",
                    config.office.logo.string() + " (" + std::to_string(logo->width) + "×" + std::to_string(logo->height) + ")");
    else
        report.line(Verdict::Warning, "logo", why + "; the thank-you screen is shown without it");
}

// Spoken prompts (issue 21): a prompt without a clip is a warning, never a failure — Thai plays a
// short tone instead, English is read by espeak-ng. The first few missing ids are named so IT
// can record them (`feedback-kiosk audio list` prints them all with their text).
void check_clips(Report& report, const Context& context) {
    const auto& mode = context.config().accessibility.speech;
    if (mode == "off") {
        report.line(Verdict::Ok, "speech", "off (accessibility.speech)");
        return;
    }
    const auto catalogue = prompt_catalogue(context);
    const auto dirs = speech::clip_dirs_for(context.database_path);
    for (const char* language : {"th", "en"}) {
        const auto missing = speech::missing_clips(catalogue, dirs, language);
        const std::string what = std::string("speech-") + language;
        if (missing.empty()) {
            report.line(Verdict::Ok, what, "every prompt has a clip (" + dirs.recorded.string() + "/" + language + ")");
            continue;
        }
        std::string names;
        for (std::size_t i = 0; i < missing.size() && i < 5; ++i) names += (i ? ", " : "") + missing[i];
        if (missing.size() > 5) names += ", …";
        report.line(Verdict::Warning, what,
                    std::to_string(missing.size()) + " of " + std::to_string(catalogue.all().size()) +
                        " prompts have no clip (" + names + "): " +
                        (std::string(language) == "th" ? "a short tone plays instead" : "espeak-ng reads them") +
                        "; record with `feedback-kiosk audio record --prompt ID --language " + language +
                        "`, list with `feedback-kiosk audio list --language " + language + "`");
    }
}

void check_database(Report& report, const Context& context) {
    try {
        store::StoreOptions options;
        options.recover_corrupt = false;
        store::Store store(context.database_path, options);
        const auto st = store.status();
        report.line(Verdict::Ok, "database",
                    st.path.string() + ": schema " + std::to_string(st.schema_version) + ", " +
                        std::to_string(st.entries) + " entries, " + std::to_string(st.sync.pending) +
                        " pending, integrity ok");
        for (const auto& file : st.set_aside)
            report.line(Verdict::Warning, "set aside",
                        file.path.string() + " was set aside as damaged: its answers are not synced or reported; "
                                             "`feedback-kiosk merge --from " + file.path.string() +
                            "` to bring them back, or `feedback-kiosk set-aside dismiss " + file.path.string() + "`");
    } catch (const std::exception& e) {
        report.line(Verdict::Fail, "database", e.what());
    }
}

// Free space beside the database, checked whether or not the database opened (a full disk is
// often why it did not). Below kDiskFailMb the kiosk cannot be trusted to store the next
// answers (SQLite needs room for the WAL and its checkpoints): that is a FAIL, not a warning
// (issue 14, defect 8). Below kDiskWarnMb it is a warning: weeks of answers fit, but not much else.
constexpr unsigned long long kDiskFailMb = 20;
constexpr unsigned long long kDiskWarnMb = 200;

void check_disk(Report& report, const Context& context) {
    const auto dir = context.database_path.has_parent_path() ? context.database_path.parent_path()
                                                             : std::filesystem::path(".");
    struct statvfs fs{};
    if (::statvfs(dir.c_str(), &fs) != 0) {
        report.line(Verdict::Fail, "disk", "cannot check the free space in " + dir.string() + ": " + std::strerror(errno));
        return;
    }
    const auto free_mb = static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize / (1024 * 1024);
    const std::string detail = std::to_string(free_mb) + " MB free beside the database";
    if (free_mb < kDiskFailMb)
        report.line(Verdict::Fail, "disk", detail + ": answers may not be stored; free space on " + dir.string());
    else
        report.line(free_mb < kDiskWarnMb ? Verdict::Warning : Verdict::Ok, "disk", detail);
}

// What the kiosk window last used (or why it could not open), then a fresh check that the
// session's path opens a window now (app/display_probe.h).
void check_display(Report& report, const Context& context, const CommonOptions& options) {
    try {
        store::StoreOptions store_options;
        store_options.recover_corrupt = false;
        store::Store store(context.database_path, store_options);
        if (const auto last = load_presentation_record(store)) {
            if (last->path.empty())
                report.line(Verdict::Fail, "display", "the kiosk could not open its window at " + last->since_utc +
                                                          ": " + last->failure);
            else
                report.line(Verdict::Ok, "display", "the kiosk draws through " + summary_line(*last));
        }
    } catch (const std::exception&) {
        // check_database has already said what is wrong with the database.
    }
    std::error_code ec;
    bool has_card = false;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/dri", ec))
        if (entry.path().filename().string().rfind("card", 0) == 0) has_card = true;
    if (!has_card)
        report.line(Verdict::Warning, "display",
                    "no display device (/dev/dri/card*): the cage session cannot drive a screen on this machine");
    const std::string config = options.config_file ? options.config_file->string() : std::string();
    auto probe = probe_session_display(config);
    // A freshly started cage's Xwayland now and then refuses the first window (an xwm error,
    // seen once in dozens of runs): one more try tells that start-up race from a display that
    // really cannot open a window, which fails both. The first failure is kept in the line.
    if (probe.outcome == DisplayProbe::Outcome::Failed) {
        const std::string first_failure = probe.detail;
        probe = probe_session_display(config);
        if (probe.outcome == DisplayProbe::Outcome::Opened)
            probe.detail += " (on the second try; the first failed: " + first_failure + ")";
    }
    switch (probe.outcome) {
        case DisplayProbe::Outcome::Opened:
            report.line(Verdict::Ok, "display", "a window opens " + probe.where + ": " + probe.detail);
            break;
        case DisplayProbe::Outcome::Failed:
            report.line(Verdict::Fail, "display", "no window opens " + probe.where + ": " + probe.detail);
            break;
        case DisplayProbe::Outcome::NotChecked: report.line(Verdict::Warning, "display", probe.detail); break;
    }
}

void check_clock(Report& report) {
    const auto now = core::now_utc_ms();
    const auto today = core::local_date_of(now, 0);
    if (today.year < 2025 || today.year > 2100) {
        report.line(Verdict::Fail, "clock", "the clock says " + core::format_iso_utc(now) +
                                               ": set the time (a flat RTC battery?) or answers get wrong dates");
        return;
    }
    const int offset = core::local_offset_min(now);
    if (offset != 420)
        report.line(Verdict::Warning, "clock", core::format_iso_utc(now) + ", but the time zone is UTC" +
                                                   (offset >= 0 ? "+" : "") + std::to_string(offset / 60) +
                                                   "h, not Asia/Bangkok (+7h); entries keep their own offset");
    else
        report.line(Verdict::Ok, "clock", core::format_iso_utc(now) + " (UTC+07:00)");
}

// A TCP connect to the endpoint's host and port with a short timeout: enough to tell IT
// "the network path is open" without speaking the protocol (the sync daemon does that).
std::string try_connect(const std::string& host, const std::string& port) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
        return "cannot resolve " + host + ": " + gai_strerror(rc);
    std::string error = "no address";
    for (addrinfo* a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) continue;
        int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            rc = ::poll(&p, 1, 3000) == 1 ? 0 : -1;
            int so_error = rc == 0 ? 0 : ETIMEDOUT;
            socklen_t len = sizeof so_error;
            if (rc == 0) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
            errno = so_error;
            rc = so_error == 0 ? 0 : -1;
        }
        ::close(fd);
        if (rc == 0) {
            ::freeaddrinfo(found);
            return {};
        }
        error = std::strerror(errno);
    }
    ::freeaddrinfo(found);
    return error;
}

void check_endpoint(Report& report, const Config& config) {
    const std::string& url = config.sync.endpoint;
    const auto scheme_end = url.find("://");
    const std::string scheme = url.substr(0, scheme_end);
    std::string rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find('/'));
    if (auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    std::string host = rest, port = scheme == "https" ? "443" : "80";
    if (!rest.empty() && rest[0] == '[') {
        host = rest.substr(1, rest.find(']') - 1);
        if (auto colon = rest.find("]:"); colon != std::string::npos) port = rest.substr(colon + 2);
    } else if (auto colon = rest.rfind(':'); colon != std::string::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    const bool loopback = host == "127.0.0.1" || host == "localhost" || host == "::1";
    if (scheme == "http" && !loopback)
        report.line(Verdict::Warning, "endpoint", url + " is plain HTTP: use https:// for a remote collector");
    const std::string problem = try_connect(host, port);
    report.line(problem.empty() ? Verdict::Ok : Verdict::Warning, "endpoint",
                problem.empty() ? url + " accepts connections"
                                : url + " is not reachable now (" + problem + "); entries wait until it is");

    if (config.sync.token_file.empty()) {
        report.line(loopback ? Verdict::Ok : Verdict::Warning, "token",
                    loopback ? "none (local collector)" : "no sync.token_file set: the collector will refuse uploads");
        return;
    }
    struct stat st{};
    if (::stat(config.sync.token_file.c_str(), &st) != 0)
        report.line(Verdict::Fail, "token", config.sync.token_file.string() + ": " + std::strerror(errno));
    else if (st.st_mode & 0077)
        report.line(Verdict::Fail, "token", config.sync.token_file.string() +
                                                " can be read by other users: chmod 600 it (the sync daemon refuses it)");
    else
        report.line(Verdict::Ok, "token", config.sync.token_file.string() + " (owner-only)");
}

}  // namespace

int doctor_command(const CommonOptions& options) {
    Report report;
    std::optional<Context> context;
    try {
        context = load_context(options);
        report.line(Verdict::Ok, "config",
                    context->loaded.from_defaults ? "built-in defaults (no configuration file)"
                                                  : context->loaded.source.string());
        report.line(Verdict::Ok, "survey",
                    "version " + context->survey.version + ", " +
                        std::to_string(context->survey.reasons.size()) + " reasons, " +
                        std::to_string(context->survey.dimensions.size()) + " dimensions, " +
                        std::to_string(context->survey.service_points.size()) + " service points");
    } catch (const std::exception& e) {
        report.line(Verdict::Fail, "config", e.what());
    }
    if (context) {
        check_font(report, context->config());
        check_logo(report, context->config());
        check_clips(report, *context);
        check_database(report, *context);
        check_disk(report, *context);
        check_endpoint(report, context->config());
        check_display(report, *context, options);
    }
    check_clock(report);
    std::printf("%s\n", report.failures == 0 ? "doctor: everything needed is in place"
                                             : "doctor: fix the FAIL lines above");
    return report.failures == 0 ? kExitOk : kExitRuntimeError;
}

}  // namespace feedback::app
