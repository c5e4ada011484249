// The sync daemon's loop (feedback-sync): pending entries -> batches -> the collector -> the
// acknowledgement recorded in one transaction -> repeat; back off, alert, or sleep as the retry
// policy says; wake when the kiosk commits; report alive with a heartbeat; stop cleanly.
//
// Why it cannot lose or duplicate anything, even under SIGKILL:
// - An entry leaves 'pending' only inside Outbox::record_results(), the transaction that
//   stores the collector's answer. A crash before that commit leaves it pending, so it is sent
//   again; the collector deduplicates on the entry id and answers "duplicate", which is then
//   recorded as sent. So the collector holds each entry once and the kiosk marks it sent once.
// - SIGTERM/SIGINT set a flag: no new batch starts, the request in flight gets a short grace
//   (UploaderSettings::stop_grace) to bring its answer home, and if the answer came it is
//   recorded before the process exits.
// - Only one process sends from a database at a time (SenderLock, an flock next to it), so IT
//   running `feedback-kiosk sync --once` beside the service does not send every batch twice.
//
// Speed (a backlog of 100,000 entries after a long outage): the request for batch k is handed
// to the kernel, and while the collector works on it the daemon records the answer to batch
// k-1 and reads and encodes batch k+1 (the entries after k). A failure, or an answer that
// leaves entries out, drops the batch read ahead so that the oldest pending entries go first.
// The daemon's connection uses synchronous=NORMAL: its writes are bookkeeping only.
//
// systemd (Type=notify, WatchdogSec=; core/service_notify.h), when DaemonSettings::notifier is
// set: READY=1 when run() starts (the database is open), WATCHDOG=1 from this thread only — from
// the loop, from every wait (cut into slices that end when a ping is due) and from the
// uploader's wait for an answer — so a stuck loop stops the pings and systemd restarts the
// daemon, while a slow collector does not; STOPPING=1 once a stop request ends the loop.
//
// Waiting: the loop never polls in a tight loop. With nothing to send it sleeps in poll() on
// inotify (a commit to the database), the stop eventfd, and the next deadline (heartbeat or the
// idle_poll fallback). A commit seen is followed by a short settle pause (taps come in bursts,
// and SQLite publishes a commit to readers a moment after writing it to the -wal) and one
// re-check, so an entry is picked up within a fraction of a second without any busy waiting.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/service_notify.h"
#include "events.h"
#include "retry_policy.h"
#include "store/outbox.h"
#include "store/store.h"
#include "token.h"
#include "uploader.h"

namespace feedback::sync {

struct DaemonSettings {
    std::string device_id;
    std::string app_version;
    std::string device_name;  // device.name, sent in heartbeats for the centre's fleet page
    std::filesystem::path token_file;  // empty = no token (local open mode)
    UploaderSettings upload;
    RetrySettings retry;
    Millis heartbeat{300'000};
    Millis idle_poll{60'000};  // wake this often even without a commit seen (inotify can miss
                               // writes made over NFS or from another mount namespace)
    Millis settle{25};
    Millis recheck{300};
    // systemd's notification socket and watchdog (feedback-sync as a service); null: none.
    // Must outlive the daemon.
    core::ServiceNotifier* notifier = nullptr;
    // Called with every new batch just before it is first sent (the benchmark saves the
    // bodies); a retry of the same batch is not reported again.
    std::function<void(const protocol::Batch&, std::string_view gzip_body)> on_batch;
};

struct RunSummary {
    std::int64_t sent = 0;        // recorded sent by this run
    std::int64_t rejected = 0;    // recorded rejected by this run
    std::int64_t batches = 0;     // requests answered with a valid acknowledgement
    std::int64_t failures = 0;    // requests that failed
    std::string last_problem;     // "" when the last request succeeded
    bool stopped = false;         // ended by a stop request
    bool reopen = false;          // ended because the database file was replaced: open it again
    store::OutboxCounts counts;   // at the end
    // Wire accounting of answered batch requests (the benchmark prints it).
    std::size_t request_header_bytes = 0;
    std::size_t request_body_bytes = 0;
    std::size_t response_bytes = 0;
    long new_connections = 0;
};

// flock(2) on "<database>.sync-lock": released by the kernel when the process dies, so a
// SIGKILLed daemon never leaves a stale lock behind.
class SenderLock {
public:
    explicit SenderLock(const std::filesystem::path& database);
    ~SenderLock();
    SenderLock(const SenderLock&) = delete;
    SenderLock& operator=(const SenderLock&) = delete;
    bool try_lock();
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool locked_ = false;
};

class Daemon {
public:
    // The store must outlive the daemon. Throws std::runtime_error when libcurl cannot start.
    Daemon(store::Store& store, DaemonSettings settings, const StopSignal& stop);
    ~Daemon();

    // Runs until a stop is requested. Never gives up on a failure.
    void run();
    // Sends until nothing is ready, the first failure (other than 413), or a stop.
    RunSummary run_once();

    const RunSummary& summary() const noexcept { return summary_; }

private:
    enum class StepKind { Nothing, Sent, Backoff, Credentials, Stopped };
    struct Step {
        StepKind kind = StepKind::Nothing;
        Millis delay{0};
    };

    // A batch ready to go: its entries, the exact bytes and the id they go with.
    struct Prepared {
        std::vector<store::OutgoingEntry> entries;
        std::vector<std::int64_t> seqs;
        std::string batch_id;
        std::string body;
    };
    // An acknowledgement not yet written to the outbox (it is written while the next batch is
    // in flight; losing it to a crash only means those entries are sent again).
    struct Unrecorded {
        std::string batch_id;
        std::vector<store::EntryResult> results;
    };

    Step send_next();
    Prepared prepare(std::vector<store::OutgoingEntry> entries);
    void flush_results();
    void heartbeat_if_due();
    void note_failure(const std::string& problem);
    void keepalive();
    unsigned wait(Watcher* watcher, unsigned wake_on, Millis timeout);
    double jitter();

    store::Store& store_;
    store::Outbox outbox_;
    DaemonSettings settings_;
    const StopSignal& stop_;
    RetryPolicy policy_;
    Uploader uploader_;
    TokenFile token_;
    std::unique_ptr<Watcher> watcher_;
    std::mt19937_64 rng_;
    RunSummary summary_;
    std::chrono::steady_clock::time_point next_heartbeat_;
    // The last failed batch, so that a retry of the very same entries keeps its batch id
    // (the Idempotency-Key of a retried request must not change).
    // The body is kept too: a retry must be byte-for-byte the same request, so that the
    // collector can replay its recorded answer instead of seeing a changed batch.
    std::string retry_batch_id_;
    std::vector<std::int64_t> retry_seqs_;
    std::string retry_body_;
    std::string last_logged_problem_;
    std::optional<Prepared> prefetched_;
    std::optional<Unrecorded> unrecorded_;
};

}  // namespace feedback::sync
