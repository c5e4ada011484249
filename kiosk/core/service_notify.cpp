// The sd_notify protocol; why, and how it is used, is in service_notify.h.
#include "core/service_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <ctime>
#include <utility>

namespace feedback::core {
namespace {

// A decimal number without sign, spaces or trailing text (what systemd writes).
std::optional<std::int64_t> parse_positive(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value <= 0)
        return std::nullopt;
    return value;
}

std::optional<std::string_view> env(const char* name) {
    const char* value = std::getenv(name);
    if (!value) return std::nullopt;
    return std::string_view(value);
}

// STATUS= is one line: a newline inside it would start another variable.
std::string one_line(std::string_view text) {
    std::string line(text);
    for (char& c : line)
        if (c == '\n' || c == '\r') c = ' ';
    return line;
}

}  // namespace

std::int64_t monotonic_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

std::optional<std::int64_t> parse_watchdog_usec(std::optional<std::string_view> text) {
    if (!text) return std::nullopt;
    return parse_positive(*text);
}

std::optional<std::int64_t> watchdog_timeout_usec(std::optional<std::string_view> usec,
                                                  std::optional<std::string_view> pid,
                                                  const WatchdogOwner& owner) {
    const auto timeout = parse_watchdog_usec(usec);
    if (!timeout) return std::nullopt;
    // No WATCHDOG_PID (older systemd, or a supervisor that does not set it): the watchdog is
    // for whoever reads WATCHDOG_USEC, as in sd_watchdog_enabled(3).
    if (!pid) return timeout;
    const auto named = parse_positive(*pid);
    if (!named) return std::nullopt;  // malformed: sd_watchdog_enabled(3) fails too
    if (*named == owner.self) return timeout;
    if (owner.launcher && *named == *owner.launcher) return timeout;
    return std::nullopt;  // another process's watchdog (we inherited its environment)
}

Watchdog::Watchdog(std::int64_t timeout_usec) {
    if (timeout_usec <= 0) return;
    timeout_ms_ = timeout_usec / 1000;
    interval_ms_ = std::max<std::int64_t>(1, timeout_usec / 2000);
}

std::optional<std::int64_t> Watchdog::next_due_ms() const noexcept {
    if (!enabled()) return std::nullopt;
    return last_ping_ms_ ? *last_ping_ms_ + interval_ms_ : 0;
}

bool Watchdog::due(std::int64_t now_ms) const noexcept {
    const auto next = next_due_ms();
    return next && now_ms >= *next;
}

std::optional<std::int64_t> Watchdog::ms_until_due(std::int64_t now_ms) const noexcept {
    const auto next = next_due_ms();
    if (!next) return std::nullopt;
    return std::max<std::int64_t>(0, *next - now_ms);
}

ServiceNotifier::ServiceNotifier(std::string_view socket, std::optional<std::int64_t> watchdog_timeout_usec) {
    if (socket.empty()) return;  // not run by a service manager
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::size_t length = 0;
    if (socket.front() == '@') {
        // Abstract namespace: a leading NUL instead of '@', and the length counts exactly the
        // name's bytes (no terminating NUL: it would be part of the name).
        if (socket.size() > sizeof addr.sun_path) {
            problem_ = "NOTIFY_SOCKET is too long for a socket address";
            return;
        }
        socket.copy(addr.sun_path + 1, socket.size() - 1, 1);
        length = offsetof(sockaddr_un, sun_path) + socket.size();
    } else if (socket.front() == '/') {
        if (socket.size() >= sizeof addr.sun_path) {
            problem_ = "NOTIFY_SOCKET is too long for a socket address";
            return;
        }
        socket.copy(addr.sun_path, socket.size());
        length = offsetof(sockaddr_un, sun_path) + socket.size() + 1;
    } else {
        // systemd 254 added "vsock:" addresses, for virtual machines; a kiosk is not one.
        problem_ = "NOTIFY_SOCKET '" + std::string(socket) + "' is neither a path nor an abstract socket";
        return;
    }
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd_ < 0) {
        problem_ = "cannot create a socket to tell systemd how the service is doing";
        return;
    }
    address_.assign(reinterpret_cast<const char*>(&addr), length);
    if (watchdog_timeout_usec) watchdog_ = Watchdog(*watchdog_timeout_usec);
}

ServiceNotifier ServiceNotifier::from_environment(const NotifyOptions& options) {
    WatchdogOwner owner{static_cast<long>(::getpid()), std::nullopt};
    if (options.launcher_may_own_watchdog) owner.launcher = static_cast<long>(::getppid());
    const auto socket = env("NOTIFY_SOCKET");
    ServiceNotifier notifier(socket.value_or(std::string_view{}),
                             watchdog_timeout_usec(env("WATCHDOG_USEC"), env("WATCHDOG_PID"), owner));
    if (options.unset_environment) {
        ::unsetenv("NOTIFY_SOCKET");
        ::unsetenv("WATCHDOG_USEC");
        ::unsetenv("WATCHDOG_PID");
    }
    return notifier;
}

ServiceNotifier::~ServiceNotifier() { close(); }

ServiceNotifier::ServiceNotifier(ServiceNotifier&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      address_(std::move(other.address_)),
      problem_(std::move(other.problem_)),
      watchdog_(std::exchange(other.watchdog_, Watchdog{})) {}

ServiceNotifier& ServiceNotifier::operator=(ServiceNotifier&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
        address_ = std::move(other.address_);
        problem_ = std::move(other.problem_);
        watchdog_ = std::exchange(other.watchdog_, Watchdog{});
    }
    return *this;
}

void ServiceNotifier::close() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool ServiceNotifier::send(std::string_view message) {
    if (fd_ < 0 || message.empty()) return false;
    // MSG_NOSIGNAL: no SIGPIPE if systemd went away; the socket is non-blocking (see header).
    const ssize_t sent = ::sendto(fd_, message.data(), message.size(), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(address_.data()),
                                  static_cast<socklen_t>(address_.size()));
    return sent == static_cast<ssize_t>(message.size());
}

bool ServiceNotifier::ready(std::string_view status) {
    std::string message = "READY=1";
    if (!status.empty()) message += "\nSTATUS=" + one_line(status);
    return send(message);
}

bool ServiceNotifier::status(std::string_view status) { return send("STATUS=" + one_line(status)); }

bool ServiceNotifier::stopping(std::string_view status) {
    std::string message = "STOPPING=1";
    if (!status.empty()) message += "\nSTATUS=" + one_line(status);
    return send(message);
}

bool ServiceNotifier::ping_if_due(std::int64_t now_ms) {
    if (!watchdog_.due(now_ms)) return false;
    // Counted as done even if the send failed: retrying at once would only spin the loop, and
    // the next one is due in half the timeout anyway.
    watchdog_.pinged(now_ms);
    return send("WATCHDOG=1");
}

}  // namespace feedback::core
