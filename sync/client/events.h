// What the sync daemon waits for: a stop request (SIGTERM/SIGINT), a commit to the database by
// the kiosk window, a change of the token file, or a deadline. No busy polling (issue: "wakes
// promptly when new entries are committed").
//
// Design choices:
// - inotify on the database's DIRECTORY, filtered by name (the database file and its -wal),
//   rather than on the -wal file itself: SQLite deletes the -wal when the last connection
//   closes and creates it again on the next write, and a watch on a deleted file is gone.
//   Every commit appends to the -wal, so IN_MODIFY on it is the "new entries" signal. The same
//   for the token file (IN_ATTRIB too, so `chmod 600` on a refused file is noticed at once).
// - The signal handler only sets an atomic flag and writes to an eventfd (both
//   async-signal-safe); the flag is what the upload's progress callback checks, the eventfd is
//   what poll() wakes on. One StopSignal per process, since signal dispositions are global.
// - Every handle (inotify fd, eventfd, the previous signal dispositions) is owned by an object
//   whose destructor releases or restores it.
#pragma once

#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace feedback::sync {

class StopSignal {
public:
    // Installs handlers for SIGTERM and SIGINT; the destructor restores the previous ones.
    StopSignal();
    ~StopSignal();
    StopSignal(const StopSignal&) = delete;
    StopSignal& operator=(const StopSignal&) = delete;

    bool requested() const noexcept { return flag_.load(std::memory_order_relaxed); }
    const std::atomic<bool>& flag() const noexcept { return flag_; }
    int fd() const noexcept { return fd_; }
    // What the handler does; also for tests and for programmatic shutdown.
    void request() noexcept;

private:
    static void handle(int);
    std::atomic<bool> flag_{false};
    int fd_ = -1;
    struct sigaction old_term_ {}, old_int_ {};
};

class Watcher {
public:
    Watcher();  // throws std::system_error when inotify is unavailable
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // Reports changes to `file` (created, written, replaced, chmod-ed) under `tag` (a bit).
    // Returns false when its directory cannot be watched; the caller then relies on timeouts.
    bool watch(const std::filesystem::path& file, unsigned tag);
    int fd() const noexcept { return fd_; }
    // Reads every queued event; returns the tags of the watched files among them.
    unsigned drain();

private:
    struct Target {
        int wd;
        std::string name;
        unsigned tag;
    };
    int fd_ = -1;
    std::vector<Target> targets_;
};

// Sleeps until `timeout` passes, a stop is requested, or a change under one of the `wake_on`
// tags is seen (changes under other tags are consumed and ignored: during a backoff, new
// entries must not cut the wait short). Returns the tags that woke it, 0 for timeout or stop.
unsigned wait_for(const StopSignal& stop, Watcher* watcher, unsigned wake_on,
                  std::chrono::milliseconds timeout);

}  // namespace feedback::sync
