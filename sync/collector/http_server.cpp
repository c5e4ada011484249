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
// - A connection occupies one worker from accept to close, including while it is idle and
//   while it trickles its headers (each read waits up to the read timeout, with no deadline
//   for the whole request), and the default pool has 8 workers: eight slow clients, or 200
//   idle sockets, shut every kiosk out (issue 14). Hence: a worker per connection (ElasticPool,
//   up to max_connections), a listen backlog larger than httplib's 5, a keep-alive timeout,
//   and a watchdog thread (ConnectionWatch) that closes connections which do not complete a
//   request's headers within header_timeout and enforces the per-address and total limits.
//   httplib 0.11 gives no hook on an accepted socket, so the watchdog finds the server's
//   connections among this process's descriptors (as the drop fault does) and learns which
//   are busy with a request from the pre-routing handler and the logger.
// - The bearer token and the headers are checked (Collector::screen) before the body is read:
//   in the Expect: 100-continue handler when the client asks, else first thing in the POST
//   handler. A refused request's small body is read and thrown away so the connection stays
//   usable; a large one is not read, and the connection is closed after the answer.
#include "http_server.h"

#include <httplib.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "collector.h"
#include "common/text.h"

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

// Connections this server accepted, by "address|port" of the peer, each with its descriptor:
// TCP sockets whose local port is ours and which have a peer (the listening socket has none).
std::vector<std::pair<std::string, int>> accepted_connections(int local_port) {
    std::vector<std::pair<std::string, int>> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        const int fd = std::stoi(name);
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
        sockaddr_storage local{}, peer{};
        socklen_t local_size = sizeof local, peer_size = sizeof peer;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) continue;
        if (local.ss_family != AF_INET && local.ss_family != AF_INET6) continue;
        std::string ip;
        int port = -1;
        if (!address_of(local, local_size, ip, port) || port != local_port) continue;
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) continue;
        if (!address_of(peer, peer_size, ip, port)) continue;
        found.emplace_back(ip + "|" + std::to_string(port), fd);
    }
    return found;
}

// Shuts down the connection behind `fd` if it is still the one with peer `key`. The
// descriptor is duplicated first, so the check and the shutdown act on the same socket even
// if httplib closes `fd` (and the number is reused) meanwhile.
bool shut_down_if(int fd, const std::string& key, int local_port) {
    const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0) return false;
    bool same = false;
    sockaddr_storage local{}, peer{};
    socklen_t local_size = sizeof local, peer_size = sizeof peer;
    std::string ip, peer_ip;
    int port = -1, peer_port = -1;
    if (getsockname(copy, reinterpret_cast<sockaddr*>(&local), &local_size) == 0 &&
        getpeername(copy, reinterpret_cast<sockaddr*>(&peer), &peer_size) == 0 &&
        address_of(local, local_size, ip, port) && address_of(peer, peer_size, peer_ip, peer_port))
        same = port == local_port && peer_ip + "|" + std::to_string(peer_port) == key;
    if (same) ::shutdown(copy, SHUT_RDWR);
    ::close(copy);
    return same;
}

// httplib's task queue, replaced: a worker thread per connection, created when no worker is
// free, up to `max_threads` (beyond that connections wait their turn, and the watchdog's
// total limit closes the oldest idle ones). Workers stay for the next connection. Threads
// are created by the accept loop, so they inherit its signal mask (SIGPIPE blocked).
class ElasticPool : public httplib::TaskQueue {
public:
    explicit ElasticPool(std::size_t max_threads) : max_(std::max<std::size_t>(max_threads, 1)) {}
    ~ElasticPool() override { shutdown(); }

    void enqueue(std::function<void()> fn) override {
        {
            const std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(fn));
            if (idle_ < jobs_.size() && threads_.size() < max_) threads_.emplace_back([this] { work(); });
        }
        cond_.notify_one();
    }

    void shutdown() override {
        {
            const std::lock_guard lock(mutex_);
            if (stopping_ && threads_.empty()) return;
            stopping_ = true;
        }
        cond_.notify_all();
        for (auto& t : threads_) t.join();
        threads_.clear();
    }

private:
    void work() {
        std::unique_lock lock(mutex_);
        for (;;) {
            ++idle_;
            cond_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
            --idle_;
            if (jobs_.empty()) return;  // stopping, and nothing left to serve
            auto fn = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            fn();
            lock.lock();
        }
    }

    const std::size_t max_;
    std::mutex mutex_;
    std::condition_variable cond_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;
    bool stopping_ = false;
};

// The watchdog's view of the connections: since when each has been waiting for a request
// (opened, or answered its last one), and whether a request is being handled right now.
class ConnectionWatch {
public:
    struct Closed {
        std::size_t slow = 0, per_address = 0, total = 0;
        std::vector<std::pair<std::string, int>> victims;  // peer key, descriptor
    };

    void busy(const std::string& key) {
        const std::lock_guard lock(mutex_);
        auto& c = connections_[key];
        c.busy = true;
    }
    void idle(const std::string& key) {
        const std::lock_guard lock(mutex_);
        const auto it = connections_.find(key);
        if (it == connections_.end()) return;
        it->second.busy = false;
        it->second.waiting_since = std::chrono::steady_clock::now();
    }

    // One pass: learns the current connections and picks those over a limit, for close().
    Closed scan(int local_port, const ServerOptions& options) {
        const auto now = std::chrono::steady_clock::now();
        const auto found = accepted_connections(local_port);
        std::vector<std::pair<std::string, int>> victims;
        Closed closed;
        {
            const std::lock_guard lock(mutex_);
            std::map<std::string, Connection> current;
            for (const auto& [key, fd] : found) {
                auto it = connections_.find(key);
                Connection c = it != connections_.end() ? it->second : Connection{};
                c.fd = fd;
                current[key] = c;
            }
            connections_ = std::move(current);

            std::vector<const std::pair<const std::string, Connection>*> waiting;
            std::map<std::string, std::size_t> per_address;
            for (const auto& item : connections_) {
                ++per_address[item.first.substr(0, item.first.rfind('|'))];
                if (!item.second.busy) waiting.push_back(&item);
            }
            // Oldest waiting first: the likeliest to be idle or slow, and never a new kiosk.
            std::sort(waiting.begin(), waiting.end(),
                      [](const auto* a, const auto* b) { return a->second.waiting_since < b->second.waiting_since; });
            std::size_t total = connections_.size();
            for (const auto* item : waiting) {
                const std::string address = item->first.substr(0, item->first.rfind('|'));
                bool close = false;
                if (now - item->second.waiting_since > options.header_timeout) {
                    close = true;
                    ++closed.slow;
                } else if (per_address[address] > options.max_per_address) {
                    close = true;
                    ++closed.per_address;
                } else if (total > options.max_connections) {
                    close = true;
                    ++closed.total;
                }
                if (!close) continue;
                --per_address[address];
                --total;
                victims.emplace_back(item->first, item->second.fd);
            }
            for (const auto& v : victims) connections_.erase(v.first);
        }
        closed.victims = std::move(victims);
        return closed;
    }

    static void close(const Closed& closed, int local_port) {
        for (const auto& [key, fd] : closed.victims) shut_down_if(fd, key, local_port);
    }

private:
    struct Connection {
        std::chrono::steady_clock::time_point waiting_since = std::chrono::steady_clock::now();
        bool busy = false;
        int fd = -1;
    };
    std::mutex mutex_;
    std::map<std::string, Connection> connections_;
};

std::string connection_key(const httplib::Request& request) {
    return request.remote_addr + "|" + std::to_string(request.remote_port);
}

// httplib's servers with access to the listening socket, to raise its backlog.
template <class Base>
class Listening : public Base {
public:
    using Base::Base;
    int listening_socket() const { return static_cast<int>(this->svr_sock_.load()); }
};

using common::lower;

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
    bool listening_ended = false;  // ends the watchdog
    std::atomic<bool> started{false};
    std::atomic<bool> finished{false};
    ConnectionWatch watch;
    std::set<std::string> close_after_answer;  // connections whose body was left unread

    Impl(Collector& c, ServerOptions o) : collector(c), options(std::move(o)) {}

    Request convert(const httplib::Request& in) const {
        Request out;
        out.method = in.method;
        out.path = in.path;
        for (const auto& [name, value] : in.headers) out.headers.emplace(name, value);
        out.peer = in.remote_addr + ":" + std::to_string(in.remote_port);
        if (const auto q = in.target.find('?'); q != std::string::npos) out.query = in.target.substr(q + 1);
        out.tls = tls;
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
        for (const auto& [name, value] : response.repeated_headers) res.headers.emplace(name, value);
        if (!response.body.empty() || !content_type.empty()) res.set_content(response.body, content_type);
    }

    // After a refusal on headers: reads and discards a small body so the connection can carry
    // the next request; a large or unreadable one is left unread and the connection's read
    // side shut, so httplib closes it after the answer instead of parsing the body as requests.
    void discard_body(const httplib::Request& req, const httplib::ContentReader& reader) {
        constexpr std::size_t kDrainLimit = 64 * 1024;
        const std::string length = req.get_header_value("Content-Length");
        const bool small = !length.empty() && length.size() <= 6 &&
                           length.find_first_not_of("0123456789") == std::string::npos &&
                           std::stoul(length) <= kDrainLimit && !req.has_header("Transfer-Encoding");
        const std::string encoding = lower(req.get_header_value("Content-Encoding"));
        bool drained = false;
        if (small && (encoding.empty() || encoding == "identity" || encoding == "gzip")) {
            std::size_t seen = 0;
            drained = reader([&](const char*, std::size_t size) { return (seen += size) <= kDrainLimit; });
        }
        if (!drained) {
            const std::lock_guard lock(mutex);
            close_after_answer.insert(connection_key(req));
        }
    }

    // Called by httplib's logger once the answer is written. (Shutting the read side before
    // that would make httplib think the peer had gone and not write the answer at all.)
    void answered(const httplib::Request& req) {
        const std::string key = connection_key(req);
        watch.idle(key);
        bool close = false;
        {
            const std::lock_guard lock(mutex);
            close = close_after_answer.erase(key) > 0;
        }
        if (close) {
            const int fd = connection_fd(req);
            if (fd >= 0) ::shutdown(fd, SHUT_RD);
        }
    }

    void serve_post(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        Request request = convert(req);
        if (auto refused = collector.screen(request)) {
            discard_body(req, reader);
            deliver(req, res, *refused);
            return;
        }
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
            // httplib built with zlib inflates a gzip body itself (see the top of this file); a
            // body that is still gzip after that was compressed twice, which Collector refuses.
            const auto encoding = lower(req.get_header_value("Content-Encoding"));
#ifdef CPPHTTPLIB_ZLIB_SUPPORT
            request.body_state = encoding == "gzip" ? BodyState::Decoded : BodyState::Raw;
#else
            request.body_state = BodyState::Raw;
#endif
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
        impl_->server = std::make_unique<Listening<httplib::SSLServer>>(o.tls_cert->c_str(), o.tls_key->c_str());
        if (!impl_->server->is_valid())
            throw std::runtime_error("cannot use TLS certificate " + o.tls_cert->string() + " with key " +
                                     o.tls_key->string() + " (not PEM, or they do not belong together)");
        impl_->tls = true;
    } else {
        impl_->server = std::make_unique<Listening<httplib::Server>>();
    }
    auto& server = *impl_->server;
    Impl* impl = impl_.get();
    const std::size_t max_connections = std::max<std::size_t>(o.max_connections, 1);
    server.new_task_queue = [max_connections] { return new ElasticPool(max_connections); };
    server.set_payload_max_length(collector.max_body());
    server.set_read_timeout(static_cast<time_t>(o.read_timeout.count()));
    server.set_keep_alive_timeout(static_cast<time_t>(std::max<long long>(o.keep_alive_timeout.count(), 1)));
    server.set_logger([impl](const httplib::Request& req, const httplib::Response&) { impl->answered(req); });
    // Asked before the client sends its body (curl does for large ones): refuse right away.
    server.set_expect_100_continue_handler([impl](const httplib::Request& req, httplib::Response& res) {
        if (req.method != "POST") return 100;
        if (auto refused = impl->collector.screen(impl->convert(req))) {
            impl->deliver(req, res, *refused);
            return res.status;
        }
        return 100;
    });
    // A kiosk sends batch after batch on one connection: answer without Nagle's delay (headers
    // and body go out in two writes) and keep the connection for many requests, not httplib's 5.
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000);
    server.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response& res) {
        impl->watch.busy(connection_key(req));  // headers complete: no longer slow, now served
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
    // httplib listens with a backlog of 5: a burst of connections would have the kernel drop
    // a kiosk's SYN and the kiosk wait a second for the retry.
    const int listening = impl_->tls ? static_cast<Listening<httplib::SSLServer>&>(server).listening_socket()
                                     : static_cast<Listening<httplib::Server>&>(server).listening_socket();
    ::listen(listening, SOMAXCONN);
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
    Impl* impl = impl_.get();
    std::thread watchdog([impl] {
        // Every 100 ms: the limits take effect within a tenth of a second of being passed.
        std::unique_lock lock(impl->mutex);
        while (!impl->wake.wait_for(lock, std::chrono::milliseconds(100),
                                    [&] { return impl->stopping || impl->listening_ended; })) {
            lock.unlock();
            const auto closed = impl->watch.scan(impl->port, impl->options);
            if (closed.slow + closed.per_address + closed.total > 0)
                impl->collector.log("closed " + std::to_string(closed.slow + closed.per_address + closed.total) +
                                    " connection(s): " + std::to_string(closed.slow) +
                                    " without a complete request within " +
                                    std::to_string(impl->options.header_timeout.count()) + " ms, " +
                                    std::to_string(closed.per_address) + " over " +
                                    std::to_string(impl->options.max_per_address) + " per address, " +
                                    std::to_string(closed.total) + " over " +
                                    std::to_string(impl->options.max_connections) + " in all");
            ConnectionWatch::close(closed, impl->port);
            lock.lock();
        }
    });
    const bool ok = impl_->server->listen_after_bind();
    {
        const std::lock_guard lock(impl_->mutex);
        impl_->listening_ended = true;
    }
    impl_->wake.notify_all();
    watchdog.join();
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
