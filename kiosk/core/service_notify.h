// Telling systemd how a service is doing: the sd_notify protocol (sd_notify(3)) — READY=1,
// STATUS=…, STOPPING=1 and the watchdog's WATCHDOG=1.
//
// Why it is written out here: libsystemd is not among the kiosk's dependencies, and the part
// we need is small and documented: one datagram of newline-separated VARIABLE=VALUE lines to
// the AF_UNIX socket named by $NOTIFY_SOCKET (an abstract socket when the name starts with
// '@'). systemd learns the sender's pid from the socket's credentials, so nothing else is sent.
//
// Why the programs speak it: the kiosk window (run by the cage compositor) and feedback-sync
// are Type=notify services with WatchdogSec=. systemd restarts a process that died, and through
// the watchdog one that hangs — for a kiosk the worse failure, a screen that looks alive but
// takes no answers.
//
// Design choices:
// - WATCHDOG=1 comes from each program's own main loop, never from a helper thread: a thread
//   would go on pinging while the loop is stuck, which is exactly what the watchdog is there to
//   catch. The loop asks ms_until_ping() so that its waits end in time for the next ping.
// - Pings are due every half of WATCHDOG_USEC (what sd_watchdog_enabled(3) recommends), so a
//   ping delayed by a busy moment still arrives before systemd's deadline.
// - Watchdog, the schedule, is pure: times come in as arguments (monotonic milliseconds), so it
//   is unit-tested without waiting. Monotonic, because the wall clock may jump (NTP, staff
//   setting the time) and a jump must neither flood systemd nor starve it.
// - Without $NOTIFY_SOCKET (a terminal, the tests, deploy/run-kiosk.sh) every call is a cheap
//   no-op, so callers never check. A failed send is ignored: systemd being busy or gone is no
//   reason for the kiosk to stop taking answers.
// - The socket is non-blocking: if systemd's queue were full, the main loop must not wait on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feedback::core {

// CLOCK_MONOTONIC in milliseconds: what watchdog times are measured in.
std::int64_t monotonic_ms();

// WATCHDOG_USEC: a positive decimal number of microseconds; nullopt when missing, malformed,
// zero or out of range (then there is no watchdog, as with sd_watchdog_enabled(3)).
std::optional<std::int64_t> parse_watchdog_usec(std::optional<std::string_view> text);

// Whose watchdog it is. systemd sets WATCHDOG_PID to the pid of the service's main process, so
// that a child which inherits the environment does not ping on its parent's behalf (ignoring
// it when it names another pid is what sd_watchdog_enabled(3) does). The kiosk window is the
// exception: the service's main process is cage, a compositor that runs the window as its only
// child, so WATCHDOG_PID names cage; with NotifyAccess=all systemd accepts the window's pings.
struct WatchdogOwner {
    long self = 0;                 // getpid()
    std::optional<long> launcher;  // getppid() when the program may be run by a launcher
};

// The watchdog timeout in microseconds for this process, from WATCHDOG_USEC and WATCHDOG_PID;
// nullopt when there is none, or it belongs to another process, or WATCHDOG_PID is malformed.
std::optional<std::int64_t> watchdog_timeout_usec(std::optional<std::string_view> usec,
                                                  std::optional<std::string_view> pid,
                                                  const WatchdogOwner& owner);

// When WATCHDOG=1 is due. Pure: every time is an argument (monotonic ms).
class Watchdog {
public:
    Watchdog() = default;                           // disabled
    explicit Watchdog(std::int64_t timeout_usec);   // enabled when timeout_usec > 0

    bool enabled() const noexcept { return interval_ms_ > 0; }
    std::int64_t timeout_ms() const noexcept { return timeout_ms_; }
    // How often to ping: half the timeout, at least 1 ms; 0 when disabled.
    std::int64_t interval_ms() const noexcept { return interval_ms_; }
    // When the next ping is due: at once (0) before the first, then a ping's time + interval;
    // nullopt when disabled.
    std::optional<std::int64_t> next_due_ms() const noexcept;
    bool due(std::int64_t now_ms) const noexcept;
    // Milliseconds from now_ms until the next ping, 0 when due; nullopt when disabled.
    std::optional<std::int64_t> ms_until_due(std::int64_t now_ms) const noexcept;
    void pinged(std::int64_t now_ms) noexcept { last_ping_ms_ = now_ms; }

private:
    std::int64_t timeout_ms_ = 0;
    std::int64_t interval_ms_ = 0;
    std::optional<std::int64_t> last_ping_ms_;
};

struct NotifyOptions {
    // The kiosk window sets this: see WatchdogOwner.
    bool launcher_may_own_watchdog = false;
    // Remove NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the environment once read, so
    // that no process we start speaks for this service (a child's STOPPING=1 would tell systemd
    // that the kiosk is stopping). Only safe before other threads start (unsetenv).
    bool unset_environment = true;
};

class ServiceNotifier {
public:
    ServiceNotifier() = default;  // inactive: every call does nothing
    // socket: $NOTIFY_SOCKET ("" = none; "/path" or "@abstract"); watchdog_timeout_usec: as
    // from watchdog_timeout_usec(), nullopt = no watchdog.
    ServiceNotifier(std::string_view socket, std::optional<std::int64_t> watchdog_timeout_usec);
    // From $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID.
    static ServiceNotifier from_environment(const NotifyOptions& options = {});
    ~ServiceNotifier();
    ServiceNotifier(ServiceNotifier&& other) noexcept;
    ServiceNotifier& operator=(ServiceNotifier&& other) noexcept;
    ServiceNotifier(const ServiceNotifier&) = delete;
    ServiceNotifier& operator=(const ServiceNotifier&) = delete;

    // True when there is a socket to send to.
    bool active() const noexcept { return fd_ >= 0; }
    // Why $NOTIFY_SOCKET was set but cannot be used ("" when fine or unset), for a log line.
    const std::string& problem() const noexcept { return problem_; }
    // Disabled when inactive: a watchdog nobody can be told about needs no pings.
    const Watchdog& watchdog() const noexcept { return watchdog_; }

    // Start-up is complete (Type=notify services count as started from here on).
    bool ready(std::string_view status = {});
    bool status(std::string_view status);
    // A clean shutdown has begun.
    bool stopping(std::string_view status = {});
    // Sends WATCHDOG=1 when one is due at now_ms; true when sent.
    bool ping_if_due(std::int64_t now_ms = monotonic_ms());
    // Milliseconds until the next ping is due (0 = now); nullopt when there is no watchdog.
    std::optional<std::int64_t> ms_until_ping(std::int64_t now_ms = monotonic_ms()) const noexcept {
        return watchdog_.ms_until_due(now_ms);
    }
    // One datagram, as is ("VAR=VALUE\nVAR=VALUE"); true when sent whole.
    bool send(std::string_view message);

private:
    void close() noexcept;

    int fd_ = -1;
    std::string address_;  // the bytes of a sockaddr_un
    std::string problem_;
    Watchdog watchdog_;
};

}  // namespace feedback::core
