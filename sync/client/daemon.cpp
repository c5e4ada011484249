// The sync loop; why it is safe and how it waits is in daemon.h.
#include "daemon.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "batch.h"
#include "core/clock.h"
#include "core/uuid.h"
#include "log.h"

namespace feedback::sync {
namespace {

constexpr unsigned kDatabaseTag = 1;
constexpr unsigned kTokenTag = 2;
constexpr Millis kStoreRetry{5000};

using Clock = std::chrono::steady_clock;

// The uploader pings the watchdog while it waits for the collector (see daemon.h).
UploaderSettings with_keepalive(UploaderSettings upload, core::ServiceNotifier* notifier) {
    if (notifier) upload.while_waiting = [notifier] { notifier->ping_if_due(); };
    return upload;
}

std::string seconds_text(Millis d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(d.count()) / 1000.0);
    return buf;
}

}  // namespace

SenderLock::SenderLock(const std::filesystem::path& database) : path_(database) {
    path_ += ".sync-lock";
}

SenderLock::~SenderLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

bool SenderLock::try_lock() {
    if (locked_) return true;
    if (fd_ < 0) {
        fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ < 0)
            throw std::runtime_error("cannot open the sender lock " + path_.string() + ": " +
                                     std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
        locked_ = true;
        return true;
    }
    if (errno == EWOULDBLOCK) return false;
    throw std::runtime_error("cannot lock " + path_.string() + ": " + std::strerror(errno));
}

Daemon::Daemon(store::Store& store, DaemonSettings settings, const StopSignal& stop)
    : store_(store),
      outbox_(store),
      settings_(std::move(settings)),
      stop_(stop),
      policy_(settings_.retry),
      uploader_(with_keepalive(settings_.upload, settings_.notifier), &stop.flag()),
      token_(settings_.token_file),
      rng_(std::random_device{}()) {
    // This connection writes only sync bookkeeping, whose loss in a power cut costs nothing
    // but a resend (answered "duplicate"): it need not wait for an fsync per batch. WAL with
    // synchronous=NORMAL stays consistent; the kiosk window's own connection keeps FULL, so
    // answers are as durable as before.
    store_.database().exec("PRAGMA synchronous=NORMAL");
    try {
        watcher_ = std::make_unique<Watcher>();
        bool ok = watcher_->watch(store_.path(), kDatabaseTag);
        auto wal = store_.path();
        wal += "-wal";
        ok = watcher_->watch(wal, kDatabaseTag) && ok;
        if (!ok)
            log_warning("cannot watch " + store_.path().parent_path().string() +
                        " for new entries; checking every " + seconds_text(settings_.idle_poll) +
                        " instead");
        if (token_.configured() && !watcher_->watch(token_.path(), kTokenTag))
            log_debug("cannot watch the token file's directory; a new token is noticed at the next retry");
    } catch (const std::system_error& e) {
        log_warning(std::string("inotify is not available (") + e.what() + "); checking every " +
                    seconds_text(settings_.idle_poll) + " instead");
        watcher_.reset();
    }
}

Daemon::~Daemon() = default;

void Daemon::keepalive() {
    if (settings_.notifier) settings_.notifier->ping_if_due();
}

// wait_for, in slices that end when a watchdog ping is due, so that long waits (a backoff of
// minutes, the idle poll, the heartbeat) still ping in time.
unsigned Daemon::wait(Watcher* watcher, unsigned wake_on, Millis timeout) {
    const auto until = Clock::now() + timeout;
    for (;;) {
        keepalive();
        const auto left = std::chrono::duration_cast<Millis>(until - Clock::now());
        if (left.count() <= 0 || stop_.requested()) return 0;
        Millis slice = left;
        if (const auto ping = settings_.notifier ? settings_.notifier->ms_until_ping() : std::nullopt)
            slice = std::clamp(Millis{*ping}, Millis{1}, left);
        if (const unsigned woke = wait_for(stop_, watcher, wake_on, slice)) return woke;
    }
}

double Daemon::jitter() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }

void Daemon::note_failure(const std::string& problem) {
    if (problem != last_logged_problem_) {
        log_warning(problem);
        last_logged_problem_ = problem;
    } else {
        log_debug(problem);
    }
}

Daemon::Prepared Daemon::prepare(std::vector<store::OutgoingEntry> entries) {
    Prepared p;
    p.seqs.reserve(entries.size());
    for (const auto& e : entries) p.seqs.push_back(e.seq);
    if (p.seqs == retry_seqs_) {
        p.batch_id = retry_batch_id_;
        p.body = retry_body_;
    } else {
        const auto now_ms = core::now_utc_ms();
        p.batch_id = core::make_uuid_v7(now_ms);
        const auto batch = make_batch(entries, p.batch_id, settings_.device_id,
                                      settings_.app_version, core::format_iso_utc(now_ms));
        p.body = encode_batch_body(batch);
        if (settings_.on_batch) settings_.on_batch(batch, p.body);
    }
    p.entries = std::move(entries);
    return p;
}

void Daemon::flush_results() {
    if (!unrecorded_) return;
    // Moved out first: if recording throws (a full disk), the answer is dropped rather than
    // retried forever; its entries stay pending and are simply sent again.
    auto pending = std::move(*unrecorded_);
    unrecorded_.reset();
    outbox_.record_results(pending.batch_id, pending.results);
}

Daemon::Step Daemon::send_next() {
    if (stop_.requested()) {
        flush_results();
        return {StepKind::Stopped};
    }
    Prepared current;
    if (prefetched_) {
        current = std::move(*prefetched_);
        prefetched_.reset();
    } else {
        flush_results();
        auto entries = outbox_.next_batch(policy_.batch_size());
        if (entries.empty()) return {StepKind::Nothing};
        current = prepare(std::move(entries));
    }

    std::string token;
    try {
        token = token_.current();
    } catch (const TokenError& e) {
        flush_results();
        const std::string problem = e.what();
        outbox_.set_alert(problem);
        outbox_.record_attempt_failure({}, {}, problem);
        ++summary_.failures;
        summary_.last_problem = problem;
        if (problem != last_logged_problem_) {
            log_error(problem + "; nothing is sent until it is fixed");
            last_logged_problem_ = problem;
        }
        return {StepKind::Credentials, policy_.settings().auth_retry};
    }

    // While the collector works on this batch: record the previous answer and read and encode
    // the next batch (the entries after this one), so that neither costs a round trip.
    uploader_.begin_batch(current.batch_id, current.body, token);
    BatchUpload up;
    try {
        flush_results();
        auto next = outbox_.next_batch(policy_.batch_size(), current.seqs.back());
        if (!next.empty()) prefetched_ = prepare(std::move(next));
    } catch (...) {
        uploader_.finish_batch();  // never leave a request dangling
        prefetched_.reset();
        throw;
    }
    up = uploader_.finish_batch();
    const auto& entries = current.entries;
    const auto& seqs = current.seqs;
    const auto& batch_id = current.batch_id;
    const auto& body = current.body;

    if (up.http.result == HttpExchange::Result::Stopped) {
        prefetched_.reset();
        log_info("stopping: the request in flight was abandoned; its " +
                 std::to_string(entries.size()) + " entries stay pending and are sent again later");
        summary_.stopped = true;
        return {StepKind::Stopped};
    }

    const Decision d = policy_.after(up.attempt(), jitter());
    if (d.outcome == OutcomeClass::Success) {
        auto mapping = map_results(entries, *up.response);
        // Recorded while the next batch is in flight (or before anything else is read). An
        // entry the answer left out must be offered again first, so the batch read ahead,
        // which starts after this one, is then dropped.
        if (mapping.not_acknowledged > 0) prefetched_.reset();
        unrecorded_ = Unrecorded{batch_id, std::move(mapping.results)};
        ++summary_.batches;
        summary_.sent += static_cast<std::int64_t>(mapping.sent);
        summary_.rejected += static_cast<std::int64_t>(mapping.rejected);
        summary_.last_problem.clear();
        summary_.request_header_bytes += up.http.request_header_bytes;
        summary_.request_body_bytes += up.http.request_body_bytes;
        summary_.response_bytes += up.http.response_header_bytes + up.http.response_body_bytes;
        summary_.new_connections += up.http.new_connections;
        retry_seqs_.clear();
        retry_body_.clear();
        if (!last_logged_problem_.empty()) {
            log_info("the collector accepts batches again");
            last_logged_problem_.clear();
        }
        log_debug("batch " + batch_id + ": " + std::to_string(entries.size()) + " entries, " +
                  std::to_string(mapping.sent) + " sent, " + std::to_string(mapping.rejected) +
                  " rejected, " + std::to_string(mapping.not_acknowledged) + " not acknowledged; " +
                  std::to_string(body.size()) + " bytes gzip");
        if (mapping.rejected > 0)
            log_warning("the collector rejected " + std::to_string(mapping.rejected) +
                        " entries of batch " + batch_id +
                        "; they are kept on the kiosk and listed by `feedback-kiosk status`");
        if (mapping.not_acknowledged > 0)
            log_debug(std::to_string(mapping.not_acknowledged) +
                      " entries were not acknowledged; they stay pending");
        if (mapping.unknown_ids > 0)
            log_warning("the collector acknowledged " + std::to_string(mapping.unknown_ids) +
                        " ids that were not in batch " + batch_id + "; ignored");
        return {StepKind::Sent};
    }

    // The request as a whole failed: nothing about any entry is known, so all stay pending,
    // and they go first when it is tried again.
    prefetched_.reset();
    retry_batch_id_ = batch_id;
    retry_seqs_ = seqs;
    retry_body_ = body;
    ++summary_.failures;
    summary_.last_problem = up.problem;
    outbox_.record_attempt_failure(batch_id, seqs, up.problem);

    switch (d.outcome) {
        case OutcomeClass::TooLarge:
            if (d.action == Decision::Action::SendNow) {
                log_info(up.problem + ": sending " + std::to_string(policy_.batch_size()) +
                         " entries per batch for now");
                retry_seqs_.clear();  // a smaller batch is a different request: a new id
                return {StepKind::Sent};
            }
            note_failure(up.problem + " even for a single entry; it is kept and retried");
            break;
        case OutcomeClass::Unauthorized: {
            const std::string alert =
                "the collector refused this kiosk's credentials (" + up.problem + "). Check " +
                (token_.configured() ? "the token in " + token_.path().string()
                                     : std::string("sync.token_file (no token is configured)")) +
                "; sending resumes when the token file changes, or within " +
                seconds_text(d.delay);
            outbox_.set_alert(alert);
            if (alert != last_logged_problem_) {
                log_error(alert);
                last_logged_problem_ = alert;
            }
            return {StepKind::Credentials, d.delay};
        }
        default:
            if (up.http.tls_problem)
                outbox_.set_alert("the collector's certificate or key was refused (" + up.problem +
                                  "). Check sync.endpoint, sync.ca_bundle and sync.pinned_public_key");
            note_failure(up.problem);
            break;
    }
    log_debug("retrying in " + seconds_text(d.delay) + " (failure " +
              std::to_string(policy_.failures()) + " in a row)");
    return {StepKind::Backoff, d.delay};
}

void Daemon::heartbeat_if_due() {
    const auto now = Clock::now();
    if (now < next_heartbeat_ || stop_.requested()) return;
    next_heartbeat_ = now + settings_.heartbeat;
    std::string token;
    try {
        token = token_.current();
    } catch (const TokenError&) {
        return;  // already alerted by send_next; a heartbeat without credentials would be refused
    }
    const auto now_ms = core::now_utc_ms();
    protocol::Heartbeat hb;
    hb.device_id = settings_.device_id;
    hb.app_version = settings_.app_version;
    hb.device_name = settings_.device_name;
    hb.kiosk_clock_utc = core::format_iso_utc(now_ms);
    try {
        hb.pending = outbox_.counts().pending;
        if (auto oldest = outbox_.oldest_pending_utc_ms())
            hb.oldest_pending_age_s = std::max<std::int64_t>(0, (now_ms - *oldest) / 1000);
        hb.last_error = outbox_.health().last_error.value_or("");
    } catch (const store::StoreError& e) {
        hb.last_error = std::string("kiosk database: ") + e.what();
    }
    const auto ex = uploader_.send_heartbeat(hb, token);
    if (ex.result == HttpExchange::Result::Response && ex.status >= 200 && ex.status < 300) {
        log_debug("heartbeat sent (" + std::to_string(hb.pending) + " pending)");
    } else if (ex.result == HttpExchange::Result::Response && (ex.status == 401 || ex.status == 403)) {
        outbox_.set_alert("the collector refused this kiosk's heartbeat with HTTP " +
                          std::to_string(ex.status) + "; check sync.token_file");
    } else if (ex.result != HttpExchange::Result::Stopped) {
        log_debug("heartbeat failed: " + (ex.result == HttpExchange::Result::Response
                                              ? "HTTP " + std::to_string(ex.status)
                                              : ex.error));
    }
}

void Daemon::run() {
    log_info("sending entries from " + store_.path().string() + " to " +
             redact_url(settings_.upload.endpoint) + " (batch size " +
             std::to_string(policy_.batch_size()) + ", heartbeat every " +
             seconds_text(settings_.heartbeat) + ")");
    next_heartbeat_ = Clock::now();
    if (settings_.notifier)
        settings_.notifier->ready("sending entries from " + store_.path().string() + " to " +
                                  redact_url(settings_.upload.endpoint));
    bool recheck = false;
    while (!stop_.requested()) {
        keepalive();
        // The kiosk (never this daemon) may have set a damaged file aside and started a fresh
        // one at the same path; go on with the file now there, not the one set aside.
        if (store_.file_replaced()) {
            log_warning("the database file " + store_.path().string() +
                        " was replaced (set aside by the kiosk); opening the new one");
            try {
                flush_results();
            } catch (const store::StoreError& e) {
                log_warning(std::string("the last answers could not be recorded in the old file: ") + e.what() +
                            "; those entries are sent again");
            }
            summary_.reopen = true;
            return;
        }
        Step step;
        try {
            step = send_next();
        } catch (const store::StoreError& e) {
            // A busy or full database is not a reason to stop syncing for good: the entries
            // are still pending, and the next attempt starts from the store again.
            log_error(std::string(e.what()) + "; trying again in " + seconds_text(kStoreRetry));
            wait(nullptr, 0, kStoreRetry);
            continue;
        }
        switch (step.kind) {
            case StepKind::Sent:
                recheck = false;
                heartbeat_if_due();
                break;
            case StepKind::Stopped: break;
            case StepKind::Backoff: wait(watcher_.get(), 0, step.delay); break;
            case StepKind::Credentials:
                if (wait(watcher_.get(), kTokenTag, step.delay) & kTokenTag) {
                    log_info("the token file changed; trying again");
                    wait(nullptr, 0, settings_.settle);  // let the editor finish writing
                }
                break;
            case StepKind::Nothing: {
                heartbeat_if_due();
                if (recheck) {
                    // SQLite makes a commit visible a moment after its last write to the -wal;
                    // look once more shortly after a change, in case we read just before that.
                    recheck = false;
                    if (wait(watcher_.get(), kDatabaseTag, settings_.recheck) & kDatabaseTag) {
                        wait(nullptr, 0, settings_.settle);
                        recheck = true;
                    }
                    break;
                }
                const auto until_heartbeat =
                    std::chrono::duration_cast<Millis>(next_heartbeat_ - Clock::now());
                const Millis timeout = std::max(Millis{0}, std::min(settings_.idle_poll, until_heartbeat));
                if (wait(watcher_.get(), kDatabaseTag, timeout) & kDatabaseTag) {
                    wait(nullptr, 0, settings_.settle);
                    recheck = true;
                }
                break;
            }
        }
    }
    if (settings_.notifier) settings_.notifier->stopping("stopping: recording the last answers");
    flush_results();
    summary_.stopped = true;
    summary_.counts = outbox_.counts();
    log_info("stopped: " + std::to_string(summary_.sent) + " entries sent by this run, " +
             std::to_string(summary_.counts.pending) + " pending");
}

RunSummary Daemon::run_once() {
    bool failed = false;
    for (bool done = false; !done;) {
        const Step step = send_next();
        switch (step.kind) {
            case StepKind::Sent: break;
            case StepKind::Nothing: done = true; break;
            case StepKind::Stopped:
                summary_.stopped = true;
                failed = done = true;
                break;
            case StepKind::Backoff:
            case StepKind::Credentials: failed = done = true; break;
        }
    }
    flush_results();
    summary_.counts = outbox_.counts();
    if (!failed && summary_.counts.ready > 0) summary_.last_problem = "entries remain pending";
    return summary_;
}

}  // namespace feedback::sync
