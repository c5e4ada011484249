// The collector on a real socket: cpp-httplib (Debian's libcpp-httplib, with OpenSSL) moving
// bytes between the network and Collector::handle().
//
// Why it is kept this thin: everything the protocol decides is in Collector, which is tested
// without sockets. This layer only (1) reads request bodies with a hard cap, (2) writes the
// answer, and (3) carries out the injected faults a value cannot express — closing the
// connection without an answer, and stalling — so the sync client meets them over TCP exactly
// as it would meet a broken server or network.
//
// httplib is hidden behind a pimpl so that code including this header (main, tests) does not
// pull in httplib.h and its OpenSSL/zlib/brotli defines.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace feedback::collector {

class Collector;

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8787;  // 0: the system picks a free port (see HttpServer::port())
    std::optional<std::filesystem::path> tls_cert;  // PEM chain; with tls_key: HTTPS only
    std::optional<std::filesystem::path> tls_key;   // PEM private key
    // How long the "stall" fault holds a connection before closing it: longer than any
    // sensible client timeout.
    std::chrono::milliseconds stall{30'000};
    // A client that stops sending mid-request is cut off after this.
    std::chrono::seconds read_timeout{20};
    // Issue 14: slow and idle connections must not shut kiosks out. An idle connection is
    // closed after keep_alive_timeout; one that has not completed its request line and headers
    // header_timeout after it opened (or after its previous answer) is closed, however slowly
    // it keeps trickling; one address may hold at most max_per_address connections and the
    // server max_connections (the oldest idle ones are closed first, a request being handled
    // never). Every connection gets its own worker thread, up to max_connections.
    std::chrono::seconds keep_alive_timeout{5};
    std::chrono::milliseconds header_timeout{10'000};
    std::size_t max_per_address = 32;
    std::size_t max_connections = 512;
};

class HttpServer {
public:
    // Binds the listening socket (so port() is known before run()). Throws std::runtime_error
    // when the address cannot be bound or the TLS files are unusable.
    HttpServer(Collector& collector, ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    int port() const noexcept;
    bool tls() const noexcept;

    // Serves until stop(); returns false if serving could not start.
    bool run();
    // Thread-safe, callable before, during or after run(); wakes stalled connections.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace feedback::collector
