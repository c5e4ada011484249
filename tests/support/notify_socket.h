// The receiving end of the sd_notify protocol, as systemd has it: a datagram socket bound to a
// path (or an abstract name) with SO_PASSCRED, so that every message comes with the sender's
// pid. Tests give its address to a program as NOTIFY_SOCKET and read what the program says.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace feedback::testing {

struct NotifyMessage {
    pid_t pid = 0;     // from the kernel (SCM_CREDENTIALS), not from the sender's word
    std::string text;  // "READY=1\nSTATUS=…"

    // The lines of the message ("READY=1", "STATUS=…").
    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start <= text.size()) {
            const auto nl = text.find('\n', start);
            const auto end = nl == std::string::npos ? text.size() : nl;
            if (end > start) out.push_back(text.substr(start, end - start));
            if (nl == std::string::npos) break;
            start = nl + 1;
        }
        return out;
    }
    bool has(const std::string& line) const {
        for (const auto& l : lines())
            if (l == line) return true;
        return false;
    }
};

class NotifySocket {
public:
    // address: an absolute path, or "@name" for the abstract namespace (as in NOTIFY_SOCKET).
    explicit NotifySocket(std::string address) : address_(std::move(address)) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        socklen_t length = 0;
        if (address_.empty() || address_.size() >= sizeof addr.sun_path)
            throw std::runtime_error("bad notify socket address " + address_);
        if (address_[0] == '@') {
            std::memcpy(addr.sun_path + 1, address_.data() + 1, address_.size() - 1);
            length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address_.size());
        } else {
            std::memcpy(addr.sun_path, address_.data(), address_.size());
            length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address_.size() + 1);
        }
        if (::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), length) != 0)
            throw std::runtime_error("bind " + address_ + ": " + std::strerror(errno));
        const int one = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    }
    ~NotifySocket() {
        ::close(fd_);
        if (address_[0] != '@') ::unlink(address_.c_str());
    }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    const std::string& address() const { return address_; }
    int fd() const { return fd_; }

    // The next message, or nullopt when none arrives within timeout_ms.
    std::optional<NotifyMessage> receive(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) != 1) return std::nullopt;
        char buf[4096];
        iovec iov{buf, sizeof buf};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        const ssize_t n = ::recvmsg(fd_, &msg, MSG_DONTWAIT);
        if (n < 0) return std::nullopt;
        NotifyMessage m;
        m.text.assign(buf, static_cast<std::size_t>(n));
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
                ucred cred{};
                std::memcpy(&cred, CMSG_DATA(c), sizeof cred);
                m.pid = cred.pid;
            }
        }
        return m;
    }

    // Throws away whatever is queued.
    void drain() {
        while (receive(0)) {
        }
    }

private:
    std::string address_;
    int fd_ = -1;
};

}  // namespace feedback::testing
