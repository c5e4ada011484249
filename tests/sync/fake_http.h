// A scripted HTTP/1.1 server on 127.0.0.1 for the uploader's tests: it answers each request
// with whatever the test's handler returns, byte for byte, and records what the client sent.
//
// Why, beside the real collector: the collector answers correctly (or with its named faults);
// replies it never gives — a JSON body of the wrong types, an unknown protocol version, a
// Retry-After given as a date, a response for another batch — are exactly what the client must
// survive, so a test needs to be able to write them. It also lets a test count TCP connections
// (connection reuse) and read the request headers (Authorization, Idempotency-Key).
// Single-threaded, one connection at a time (a new one replaces the old), keep-alive; good for
// one client.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace feedback::testing {

struct FakeRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
};

struct FakeReply {
    FakeReply() = default;
    FakeReply(int s, std::string b, std::string type = "application/json")
        : status(s), body(std::move(b)), content_type(std::move(type)) {}
    static FakeReply hang() {
        FakeReply r;
        r.hang_up = true;
        return r;
    }

    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::string> extra_headers;  // "Name: value"
    bool hang_up = false;                    // close the connection without answering
};

class FakeHttpServer {
public:
    using Handler = std::function<FakeReply(const FakeRequest&)>;

    explicit FakeHttpServer(Handler handler) : handler_(std::move(handler)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int one = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 8) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            throw std::runtime_error("fake server: cannot listen");
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeHttpServer() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
    }

    std::string url(const std::string& path = "/v1/batches") const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }
    int connections() const { return connections_.load(); }
    std::vector<FakeRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    bool wait_readable(int fd) const {
        while (!stop_) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) > 0) return true;
        }
        return false;
    }

    void serve() {
        while (wait_readable(fd_)) {
            const int conn = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (conn < 0) continue;
            ++connections_;
            handle_connection(conn);
            ::close(conn);
        }
    }

    void handle_connection(int conn) {
        std::string buffer;
        for (;;) {
            std::size_t header_end;
            while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos)
                if (!read_more(conn, buffer)) return;
            FakeRequest req;
            std::size_t pos = buffer.find("\r\n");
            const std::string request_line = buffer.substr(0, pos);
            req.method = request_line.substr(0, request_line.find(' '));
            req.target = request_line.substr(req.method.size() + 1,
                                             request_line.rfind(' ') - req.method.size() - 1);
            while (pos < header_end) {
                const std::size_t next = buffer.find("\r\n", pos + 2);
                const std::string line = buffer.substr(pos + 2, next - pos - 2);
                const auto colon = line.find(':');
                if (colon != std::string::npos) {
                    std::string name = line.substr(0, colon);
                    std::transform(name.begin(), name.end(), name.begin(),
                                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                    std::string value = line.substr(colon + 1);
                    value.erase(0, value.find_first_not_of(' '));
                    req.headers[name] = value;
                }
                pos = next;
            }
            const std::size_t length =
                req.headers.count("content-length") ? std::stoul(req.headers["content-length"]) : 0;
            while (buffer.size() < header_end + 4 + length)
                if (!read_more(conn, buffer)) return;
            req.body = buffer.substr(header_end + 4, length);
            buffer.erase(0, header_end + 4 + length);
            {
                std::lock_guard lock(mutex_);
                requests_.push_back(req);
            }
            const FakeReply reply = handler_(req);
            if (reply.hang_up) return;
            std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\n";
            out += "Content-Type: " + reply.content_type + "\r\n";
            out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
            for (const auto& h : reply.extra_headers) out += h + "\r\n";
            out += "\r\n" + reply.body;
            if (::send(conn, out.data(), out.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(out.size())) return;
        }
    }

    // Waits for more of the request; gives the connection up when the client opens a new one
    // (it abandoned this one, e.g. to start afresh after an error reply).
    bool read_more(int conn, std::string& buffer) const {
        for (;;) {
            if (stop_) return false;
            pollfd p[2] = {{conn, POLLIN, 0}, {fd_, POLLIN, 0}};
            if (::poll(p, 2, 50) <= 0) continue;
            if (p[0].revents) break;
            if (p[1].revents) return false;
        }
        char chunk[65536];
        const ssize_t n = ::recv(conn, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    Handler handler_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    mutable std::mutex mutex_;
    std::vector<FakeRequest> requests_;
    std::thread thread_;
};

}  // namespace feedback::testing
