// Signals, inotify and poll(); see events.h for the design.
#include "events.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace feedback::sync {
namespace {

std::atomic<StopSignal*> g_stop{nullptr};

constexpr std::uint32_t kDirMask =
    IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_ATTRIB | IN_DELETE | IN_MASK_ADD;

}  // namespace

StopSignal::StopSignal() {
    fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
    StopSignal* expected = nullptr;
    if (!g_stop.compare_exchange_strong(expected, this)) {
        ::close(fd_);
        throw std::logic_error("only one StopSignal may exist at a time");
    }
    struct sigaction sa {};
    sa.sa_handler = &StopSignal::handle;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &sa, &old_term_);
    ::sigaction(SIGINT, &sa, &old_int_);
}

StopSignal::~StopSignal() {
    ::sigaction(SIGTERM, &old_term_, nullptr);
    ::sigaction(SIGINT, &old_int_, nullptr);
    g_stop.store(nullptr);
    ::close(fd_);
}

void StopSignal::request() noexcept {
    flag_.store(true, std::memory_order_relaxed);
    const std::uint64_t one = 1;
    // Async-signal-safe; a full counter (impossible in practice) still leaves it readable.
    [[maybe_unused]] const auto n = ::write(fd_, &one, sizeof one);
}

void StopSignal::handle(int) {
    const int saved = errno;
    if (auto* self = g_stop.load()) self->request();
    errno = saved;
}

Watcher::Watcher() {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
}

Watcher::~Watcher() { ::close(fd_); }

bool Watcher::watch(const std::filesystem::path& file, unsigned tag) {
    const auto absolute = std::filesystem::absolute(file);
    const auto dir = absolute.parent_path();
    const int wd = ::inotify_add_watch(fd_, dir.c_str(), kDirMask);
    if (wd < 0) return false;
    targets_.push_back({wd, absolute.filename().string(), tag});
    return true;
}

unsigned Watcher::drain() {
    unsigned fired = 0;
    alignas(struct inotify_event) char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) break;  // EAGAIN: queue empty
        for (ssize_t off = 0; off < n;) {
            const auto* ev = reinterpret_cast<const struct inotify_event*>(buf + off);
            if (ev->mask & IN_Q_OVERFLOW) {
                // Events were lost: assume everything changed rather than miss a commit.
                for (const auto& t : targets_) fired |= t.tag;
            } else if (ev->len > 0) {
                const std::string_view name(ev->name);
                for (const auto& t : targets_)
                    if (t.wd == ev->wd && t.name == name) fired |= t.tag;
            }
            off += static_cast<ssize_t>(sizeof(struct inotify_event) + ev->len);
        }
    }
    return fired;
}

unsigned wait_for(const StopSignal& stop, Watcher* watcher, unsigned wake_on,
                  std::chrono::milliseconds timeout) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (stop.requested()) return 0;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return 0;
        struct pollfd fds[2] = {{stop.fd(), POLLIN, 0}, {watcher ? watcher->fd() : -1, POLLIN, 0}};
        // poll() takes an int; long waits are cut into slices, which changes nothing else.
        const int slice = static_cast<int>(std::min<std::int64_t>(left.count(), 60'000) + 1);
        const int rc = ::poll(fds, watcher ? 2 : 1, slice);
        if (rc < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
        if (rc > 0 && watcher && (fds[1].revents & POLLIN)) {
            const unsigned fired = watcher->drain() & wake_on;
            if (fired) return fired;
        }
    }
}

}  // namespace feedback::sync
