// cpp-httplib adapter of the collector (see http_server.h for why it is thin).
//
// Three things about cpp-httplib 0.11 shape this file:
// - Its server inflates gzip (and deflate, br) request bodies itself, with no limit on the
//   inflated size. Bodies are therefore read through a content receiver that counts every
//   inflated byte and stops at max_body: a decompression bomb is cut off, not swallowed.
//   Content-Length above max_body is refused by httplib before reading (payload_max_length).
//   Methods other than GET and POST are refused before their body is read at all.
// - It has no way to close a connection without answering. The "drop" faults find the
//   connection's socket by its addresses (the ones httplib reports in the Request) among this
//   process's descriptors and shut it down; httplib's own write then fails and it closes the
//   descriptor it owns. Works the same under TLS: the peer sees the TCP stream end.
// - It writes with plain send(), so a peer that has gone away raises SIGPIPE. run() blocks
//   SIGPIPE in the thread that creates the worker threads, which inherit the mask, so a write
//   to a closed peer fails with EPIPE instead of killing the process.
#include "http_server.h"

#include <httplib.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "collector.h"

namespace feedback::collector {
namespace {

// The numeric address and port of a socket address, as httplib reports them.
bool address_of(const sockaddr_storage& address, socklen_t size, std::string& ip, int& port) {
    char host[NI_MAXHOST];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), size, host, sizeof host, nullptr, 0,
                    NI_NUMERICHOST) != 0)
        return false;
    ip = host;
    if (address.ss_family == AF_INET) port = ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
    else if (address.ss_family == AF_INET6) port = ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
    else return false;
    return true;
}

// The descriptor of the connection that carried `request`, or -1.
int connection_fd(const httplib::Request& request) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        const int fd = std::stoi(name);
        sockaddr_storage local{}, peer{};
        socklen_t local_size = sizeof local, peer_size = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) continue;
        if (local.ss_family != AF_INET && local.ss_family != AF_INET6) continue;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) continue;
        std::string local_ip, peer_ip;
        int local_port = -1, peer_port = -1;
        if (!address_of(local, local_size, local_ip, local_port) || !address_of(peer, peer_size, peer_ip, peer_port))
            continue;
        if (local_port == request.local_port && peer_port == request.remote_port && peer_ip == request.remote_addr)
            return fd;
    }
    return -1;
}

bool readable(const std::filesystem::path& path) { return std::ifstream(path).good(); }

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

struct HttpServer::Impl {
    Collector& collector;
    ServerOptions options;
    std::unique_ptr<httplib::Server> server;
    int port = 0;
    bool tls = false;

    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    std::atomic<bool> started{false};
    std::atomic<bool> finished{false};

    Impl(Collector& c, ServerOptions o) : collector(c), options(std::move(o)) {}

    Request convert(const httplib::Request& in) const {
        Request out;
        out.method = in.method;
        out.path = in.path;
        for (const auto& [name, value] : in.headers) out.headers.emplace(name, value);
        out.peer = in.remote_addr + ":" + std::to_string(in.remote_port);
        return out;
    }

    void drop(const httplib::Request& request, httplib::Response& res) {
        const int fd = connection_fd(request);
        if (fd < 0 || ::shutdown(fd, SHUT_RDWR) != 0) {
            // Should not happen; answer visibly rather than pretend the fault happened.
            res.status = 500;
            res.set_content("{\"version\":1,\"error\":\"internal_error\",\"reason\":\"could not drop the connection\"}",
                            "application/json");
        }
    }

    void deliver(const httplib::Request& request, httplib::Response& res, const Response& response) {
        switch (response.delivery) {
            case Delivery::Send: break;
            case Delivery::StallThenDrop: {
                std::unique_lock lock(mutex);
                wake.wait_for(lock, options.stall, [&] { return stopping; });
                lock.unlock();
                drop(request, res);
                return;
            }
            case Delivery::Drop: drop(request, res); return;
        }
        res.status = response.status;
        std::string content_type;
        for (const auto& [name, value] : response.headers) {
            if (lower(name) == "content-type") content_type = value;
            else res.set_header(name, value);
        }
        if (!response.body.empty() || !content_type.empty()) res.set_content(response.body, content_type);
    }

    void serve_post(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        Request request = convert(req);
        const std::size_t limit = collector.max_body();
        bool too_large = false;
        const bool complete = reader([&](const char* data, std::size_t size) {
            if (size > limit - request.body.size()) {
                too_large = true;
                return false;
            }
            request.body.append(data, size);
            return true;
        });
        if (too_large || (!complete && res.status == 413)) {
            request.body_state = BodyState::TooLarge;
            request.body.clear();
        } else if (!complete) {
            request.body_state = BodyState::Unreadable;
            request.body.clear();
        } else {
            // httplib inflated a gzip body already (see the top of this file). A raw gzip body
            // always starts with the gzip magic bytes and a JSON text never does, so this also
            // stays right with an httplib that leaves bodies alone.
            const auto encoding = lower(req.get_header_value("Content-Encoding"));
            const bool still_gzip = request.body.size() >= 2 && request.body[0] == '\x1f' && request.body[1] == '\x8b';
            request.body_state = (encoding == "gzip" && !still_gzip) ? BodyState::Decoded : BodyState::Raw;
        }
        res.status = 200;
        deliver(req, res, collector.handle(request));
    }

    void serve_get(const httplib::Request& req, httplib::Response& res) {
        deliver(req, res, collector.handle(convert(req)));
    }
};

HttpServer::HttpServer(Collector& collector, ServerOptions options)
    : impl_(std::make_unique<Impl>(collector, std::move(options))) {
    auto& o = impl_->options;
    if (o.tls_cert.has_value() != o.tls_key.has_value())
        throw std::runtime_error("--tls-cert and --tls-key must be given together");
    if (o.tls_cert) {
        if (!readable(*o.tls_cert)) throw std::runtime_error("cannot read TLS certificate " + o.tls_cert->string());
        if (!readable(*o.tls_key)) throw std::runtime_error("cannot read TLS key " + o.tls_key->string());
        impl_->server = std::make_unique<httplib::SSLServer>(o.tls_cert->c_str(), o.tls_key->c_str());
        if (!impl_->server->is_valid())
            throw std::runtime_error("cannot use TLS certificate " + o.tls_cert->string() + " with key " +
                                     o.tls_key->string() + " (not PEM, or they do not belong together)");
        impl_->tls = true;
    } else {
        impl_->server = std::make_unique<httplib::Server>();
    }
    auto& server = *impl_->server;
    Impl* impl = impl_.get();
    server.set_payload_max_length(collector.max_body());
    server.set_read_timeout(static_cast<time_t>(o.read_timeout.count()));
    // A kiosk sends batch after batch on one connection: answer without Nagle's delay (headers
    // and body go out in two writes) and keep the connection for many requests, not httplib's 5.
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000);
    server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        if (req.method == "GET" || req.method == "HEAD" || req.method == "POST")
            return httplib::Server::HandlerResponse::Unhandled;
        // Refused before the body is read, so no method can make httplib inflate a body
        // without our limit.
        res.status = 405;
        res.set_header("Allow", "POST");
        res.set_header("Connection", "close");
        res.set_content(R"({"version":1,"error":"method_not_allowed","reason":"use POST"})", "application/json");
        return httplib::Server::HandlerResponse::Handled;
    });
    server.Post(".*", [impl](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        impl->serve_post(req, res, reader);
    });
    server.Get(".*", [impl](const httplib::Request& req, httplib::Response& res) { impl->serve_get(req, res); });

    if (o.port == 0) {
        impl_->port = server.bind_to_any_port(o.host);
        if (impl_->port < 0) throw std::runtime_error("cannot listen on " + o.host + " (not an address of this machine?)");
    } else {
        if (!server.bind_to_port(o.host, o.port))
            throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                                     " (port in use, or not an address of this machine?)");
        impl_->port = o.port;
    }
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::port() const noexcept { return impl_->port; }
bool HttpServer::tls() const noexcept { return impl_->tls; }

bool HttpServer::run() {
    {
        const std::lock_guard lock(impl_->mutex);
        if (impl_->stopping) return true;
        impl_->started = true;
    }
    sigset_t pipe, previous;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, &previous);
    const bool ok = impl_->server->listen_after_bind();
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    impl_->finished = true;
    return ok || impl_->stopping;
}

void HttpServer::stop() {
    {
        const std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->wake.notify_all();
    // httplib's stop() does nothing until its accept loop has begun; wait for that when run()
    // has been entered but the loop is not up yet.
    while (impl_->started && !impl_->finished && !impl_->server->is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    impl_->server->stop();
}

}  // namespace feedback::collector
