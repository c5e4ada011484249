// feedback-sync: the sync daemon, a process of its own beside the kiosk window (DESIGN.md §2:
// a hung network call can never freeze the screen, a UI crash never stops uploads).
//
//   feedback-sync [--config FILE] [--db FILE] [--verbose]   run until SIGTERM/SIGINT
//   feedback-sync --once [--config FILE] [--db FILE]        send what is pending, then exit
//
// It reads the same configuration as feedback-kiosk, in the same order (kiosk/app/context.h:
// --config > ~/.config/feedback-kiosk/kiosk.toml > built-in defaults; FEEDBACK_* variables win;
// --db > store.database > ~/.local/share/feedback-kiosk/feedback.db), so both processes always
// agree on the database and the endpoint.
//
// As a systemd service (Type=notify, WatchdogSec=) the daemon speaks the sd_notify protocol
// (core/service_notify.h, sync/client/daemon.h): READY=1 once the database is open, WATCHDOG=1
// from its loop, STOPPING=1 on SIGTERM. --once never does: it is a command, not the service.
//
// Exit codes as feedback-kiosk: 0 success (daemon: stopped by a signal; --once: nothing closed
// is left pending), 1 runtime error (bad configuration, database, token file with --once, or
// --once could not send everything), 2 usage error.
//
// Hidden options, for tests and benchmarks only (there are no configuration keys for them, on
// purpose: the defaults are what a kiosk should use): --retry-base-ms, --retry-cap-ms,
// --auth-retry-ms, --heartbeat-ms, --idle-poll-ms, --connect-timeout-ms, --stall-timeout-s,
// --request-timeout-ms, --stop-grace-ms.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>

#include "app/context.h"
#include "common/exit_codes.h"
#include "core/errors.h"
#include "core/service_notify.h"
#include "daemon.h"
#include "log.h"
#include "store/sqlite.h"

namespace {

using feedback::sync::Millis;

struct Tuning {
    std::optional<long long> retry_base_ms, retry_cap_ms, auth_retry_ms, heartbeat_ms, idle_poll_ms,
        connect_timeout_ms, stall_timeout_s, request_timeout_ms, stop_grace_ms;
};

feedback::sync::DaemonSettings settings_from(const feedback::app::Config& config, const Tuning& t) {
    feedback::sync::DaemonSettings s;
    s.device_id = config.device.id;
    s.app_version = FEEDBACK_VERSION;
    s.device_name = config.device.name;
    s.upload.device_id = config.device.id;
    s.token_file = config.sync.token_file;
    s.upload.endpoint = config.sync.endpoint;
    s.upload.proxy = config.sync.proxy;
    s.upload.ca_bundle = config.sync.ca_bundle;
    s.upload.pinned_public_key = config.sync.pinned_public_key;
    s.upload.user_agent = std::string("feedback-sync/") + FEEDBACK_VERSION;
    s.retry.batch_size = static_cast<std::size_t>(config.sync.batch_size);
    s.heartbeat = Millis{static_cast<long long>(config.sync.heartbeat_s) * 1000};
    if (t.retry_base_ms) s.retry.base = Millis{*t.retry_base_ms};
    if (t.retry_cap_ms) s.retry.cap = Millis{*t.retry_cap_ms};
    if (t.auth_retry_ms) s.retry.auth_retry = Millis{*t.auth_retry_ms};
    if (t.heartbeat_ms) s.heartbeat = Millis{*t.heartbeat_ms};
    if (t.idle_poll_ms) s.idle_poll = Millis{*t.idle_poll_ms};
    if (t.connect_timeout_ms) s.upload.connect_timeout = Millis{*t.connect_timeout_ms};
    if (t.stall_timeout_s) s.upload.stall_time = std::chrono::seconds{*t.stall_timeout_s};
    if (t.request_timeout_ms) s.upload.request_timeout = Millis{*t.request_timeout_ms};
    if (t.stop_grace_ms) s.upload.stop_grace = Millis{*t.stop_grace_ms};
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace feedback;
    namespace app = feedback::app;

    CLI::App cli{"feedback-sync — sends the kiosk's answers to the central collector in batches",
                 "feedback-sync"};
    cli.footer("\nExit codes: 0 success, 1 runtime error (bad configuration, database, token; "
               "--once could not send everything), 2 usage error.");
    cli.set_version_flag("--version", std::string(FEEDBACK_VERSION));
    app::CommonOptions common;
    bool once = false;
    bool verbose = false;
    cli.add_option("--config", common.config_file,
                   "configuration file (default: ~/.config/feedback-kiosk/kiosk.toml if it exists, "
                   "else built-in defaults); FEEDBACK_<SECTION>_<KEY> variables win");
    cli.add_option("--db", common.database,
                   "database file (default: store.database, else "
                   "~/.local/share/feedback-kiosk/feedback.db)");
    cli.add_flag("--once", once,
                 "send everything pending, print a summary and exit (0: nothing left pending)");
    cli.add_flag("--verbose", verbose, "log every batch and heartbeat");
    Tuning t;
    for (auto [name, field] : {std::pair{"--retry-base-ms", &t.retry_base_ms},
                               {"--retry-cap-ms", &t.retry_cap_ms},
                               {"--auth-retry-ms", &t.auth_retry_ms},
                               {"--heartbeat-ms", &t.heartbeat_ms},
                               {"--idle-poll-ms", &t.idle_poll_ms},
                               {"--connect-timeout-ms", &t.connect_timeout_ms},
                               {"--stall-timeout-s", &t.stall_timeout_s},
                               {"--request-timeout-ms", &t.request_timeout_ms},
                               {"--stop-grace-ms", &t.stop_grace_ms}})
        cli.add_option(name, *field)
            ->check(CLI::Range(0LL, 86'400'000LL))
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
            ->group("");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return cli.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return cli.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return cli.exit(e);
    } catch (const CLI::ParseError& e) {
        cli.exit(e);
        return common::kExitUsageError;
    }

    // Read (and removed from the environment) first, while this is the only thread.
    core::ServiceNotifier notifier;
    if (!once) notifier = core::ServiceNotifier::from_environment();

    sync::set_verbose(verbose);
    if (!notifier.problem().empty())
        sync::log_warning(notifier.problem() + "; systemd is not told how the daemon is doing");
    // A collector or proxy closing the connection must be an error value, not a dead process.
    ::signal(SIGPIPE, SIG_IGN);

    try {
        const app::Context context = app::load_context(common);
        sync::StopSignal stop;
        sync::SenderLock lock(context.database_path);
        if (!lock.try_lock()) {
            if (once) {
                sync::log_error("another feedback-sync is already sending from " +
                                context.database_path.string() + " (it holds " +
                                lock.path().string() + "); nothing was sent by this one");
                return common::kExitRuntimeError;
            }
            sync::log_info("another feedback-sync is sending from " + context.database_path.string() +
                           "; waiting until it stops");
            notifier.status("waiting for another feedback-sync to stop sending from " +
                            context.database_path.string());
            while (!lock.try_lock()) {
                sync::wait_for(stop, nullptr, 0, Millis{2000});
                if (stop.requested()) return common::kExitOk;
            }
        }
        // The daemon never sets a damaged database aside: only the kiosk (or a CLI command)
        // does, under the set-aside lock; a damaged file is an error here (systemd restarts us).
        store::StoreOptions options;
        options.recover_corrupt = false;
        if (!once) {
            // run() returns early when the file at the database path was replaced: open the
            // new one and go on.
            for (;;) {
                auto store = app::open_store(context, options);
                auto settings = settings_from(context.config(), t);
                settings.notifier = &notifier;
                sync::Daemon daemon(*store, std::move(settings), stop);
                daemon.run();
                if (!daemon.summary().reopen || stop.requested()) return common::kExitOk;
            }
        }
        auto store = app::open_store(context, options);
        auto settings = settings_from(context.config(), t);
        sync::Daemon daemon(*store, std::move(settings), stop);
        const auto s = daemon.run_once();
        std::printf("sync: %lld sent, %lld rejected, %lld pending (%lld in open sessions), %lld "
                    "rejected in total%s%s\n",
                    static_cast<long long>(s.sent), static_cast<long long>(s.rejected),
                    static_cast<long long>(s.counts.pending),
                    static_cast<long long>(s.counts.pending - s.counts.ready),
                    static_cast<long long>(s.counts.rejected),
                    s.last_problem.empty() ? "" : "; stopped on: ", s.last_problem.c_str());
        return s.counts.ready == 0 && !s.stopped ? common::kExitOk : common::kExitRuntimeError;
    } catch (const SourceError& e) {
        sync::log_error(e.what());
    } catch (const sync::TokenError& e) {
        sync::log_error(e.what());
    } catch (const store::StoreError& e) {
        sync::log_error(e.what());
    } catch (const std::exception& e) {
        sync::log_error(e.what());
    }
    return common::kExitRuntimeError;
}
