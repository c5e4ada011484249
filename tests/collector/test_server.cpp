// The collector's HTTP server over a real loopback socket (127.0.0.1, a free port), driven by
// cpp-httplib's client: what a sync client actually meets for each answer and each fault —
// including connections closed without a response and connections that go silent.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <mutex>
#include <thread>

#include "../protocol/samples.h"
#include "collector.h"
#include "http_server.h"
#include "storage.h"
#include "temp_dir.h"
#include "test_database.h"
#include "tokens.h"

using namespace feedback;
using feedback::testing::test_db;
using namespace feedback::collector;
using namespace std::chrono_literals;
using feedback::testing::TempDir;

namespace {

class LiveServer {
public:
    explicit LiveServer(FaultPlan faults = {}, std::size_t max_body = protocol::kMaxBodyBytes,
                        std::chrono::milliseconds stall = 1500ms,
                        const std::function<void(ServerOptions&)>& tweak = {}) {
        token_ = add_token(dir_ / "tokens", "kiosk-01");
        Options options;
        options.database = test_db(dir_ / "collector.db");
        options.tokens = dir_ / "tokens";
        options.max_body = max_body;
        options.faults = std::move(faults);
        options.log = [this](const std::string& line) {
            const std::lock_guard lock(mutex_);
            log_.push_back(line);
        };
        collector_ = std::make_unique<Collector>(std::move(options));
        ServerOptions server_options;
        server_options.host = "127.0.0.1";
        server_options.port = 0;
        server_options.stall = stall;
        if (tweak) tweak(server_options);
        server_ = std::make_unique<HttpServer>(*collector_, server_options);
        thread_ = std::thread([this] { server_->run(); });
    }
    ~LiveServer() {
        server_->stop();
        thread_.join();
    }

    int port() const { return server_->port(); }
    const std::string& token() const { return token_; }
    std::int64_t stored() { return collector_->storage().entry_count(); }
    bool logged(const std::string& part) {
        const std::lock_guard lock(mutex_);
        for (const auto& line : log_)
            if (line.find(part) != std::string::npos) return true;
        return false;
    }
    void stop() { server_->stop(); }

    httplib::Result post_batch(const protocol::Batch& batch, std::chrono::milliseconds timeout = 5000ms) {
        httplib::Client client("127.0.0.1", port());
        client.set_read_timeout(timeout);
        const httplib::Headers headers{{"Authorization", "Bearer " + token_},
                                       {"Content-Encoding", "gzip"},
                                       {"Idempotency-Key", batch.batch_id}};
        return client.Post("/v1/batches", headers, protocol::gzip(protocol::encode(batch)), "application/json");
    }

private:
    TempDir dir_;
    std::string token_;
    std::mutex mutex_;
    std::vector<std::string> log_;
    std::unique_ptr<Collector> collector_;
    std::unique_ptr<HttpServer> server_;
    std::thread thread_;
};

FaultPlan every(const std::string& mode) { return FaultPlan{parse_faults(mode), 1}; }

protocol::Batch four_entries() {
    auto b = samples::batch();
    b.entries.push_back(samples::rating_entry("0190f3c2-7a1b-7c3d-8e4f-000000000003"));
    b.entries.push_back(samples::rating_entry("0190f3c2-7a1b-7c3d-8e4f-000000000004"));
    return b;
}

protocol::BatchResponse decoded(const httplib::Result& result) {
    REQUIRE(result);
    REQUIRE(result->status == 200);
    auto answer = protocol::decode_response(result->body);
    if (const auto* error = std::get_if<protocol::DecodeError>(&answer)) FAIL(error->reason);
    return std::get<protocol::BatchResponse>(answer);
}

}  // namespace

TEST_CASE("a gzip batch over loopback is acknowledged entry by entry", "[server]") {
    LiveServer server;
    const auto answer = decoded(server.post_batch(four_entries()));
    CHECK(answer.results.size() == 4);
    for (const auto& ack : answer.results) CHECK(ack.status == protocol::AckStatus::Accepted);
    CHECK(server.stored() == 4);
    // The same batch again: the replayed answer.
    CHECK(decoded(server.post_batch(four_entries())).results.size() == 4);
    CHECK(server.stored() == 4);
}

TEST_CASE("the server caps bodies on the wire", "[server][limits]") {
    SECTION("a decompression bomb is cut off while inflating") {
        LiveServer server({}, 200'000);
        httplib::Client client("127.0.0.1", server.port());
        const httplib::Headers headers{{"Authorization", "Bearer " + server.token()}, {"Content-Encoding", "gzip"}};
        const auto result = client.Post("/v1/batches", headers, protocol::gzip(std::string(8u << 20, '\0')),
                                        "application/json");
        REQUIRE(result);
        CHECK(result->status == 413);
    }
    SECTION("a Content-Length over the limit") {
        LiveServer server({}, 1000);
        httplib::Client client("127.0.0.1", server.port());
        const httplib::Headers headers{{"Authorization", "Bearer " + server.token()}};
        const auto result = client.Post("/v1/batches", headers, std::string(5000, ' '), "application/json");
        REQUIRE(result);
        CHECK(result->status == 413);
    }
    SECTION("other methods are refused before their body is read") {
        LiveServer server;
        httplib::Client client("127.0.0.1", server.port());
        const auto result = client.Put("/v1/batches", protocol::gzip(std::string(1u << 20, 'x')), "application/json");
        REQUIRE(result);
        CHECK(result->status == 405);
        CHECK(result->get_header_value("Allow") == "POST");
    }
}

TEST_CASE("fault 500, 503 and 429 over the wire", "[server][faults]") {
    for (const auto& [mode, status] : std::initializer_list<std::pair<const char*, int>>{
             {"500", 500}, {"503", 503}, {"429", 429}}) {
        LiveServer server(every(mode));
        const auto result = server.post_batch(four_entries());
        REQUIRE(result);
        CHECK(result->status == status);
        CHECK(result->get_header_value("Retry-After") == (status == 500 ? "" : "1"));
        CHECK(std::holds_alternative<protocol::ErrorBody>(protocol::decode_error(result->body)));
        CHECK(server.stored() == 0);
    }
}

TEST_CASE("fault drop: the connection closes with no response and nothing stored", "[server][faults]") {
    LiveServer server(every("drop"));
    const auto result = server.post_batch(four_entries());
    CHECK_FALSE(result);
    CHECK(result.error() == httplib::Error::Read);
    CHECK(server.stored() == 0);
}

TEST_CASE("fault drop-after-store: stored, no response, and the retry is acknowledged", "[server][faults]") {
    LiveServer server(FaultPlan{parse_faults("drop-after-store"), 2});
    auto first = samples::batch();
    first.batch_id = "0190f3c2-7a1b-7c3d-8e4f-0000000000c1";
    first.entries = {samples::rating_entry("0190f3c2-7a1b-7c3d-8e4f-0000000000a9")};
    decoded(server.post_batch(first));  // 1st request: normal
    const auto dropped = server.post_batch(four_entries());
    CHECK_FALSE(dropped);
    CHECK(server.stored() == 5);
    const auto answer = decoded(server.post_batch(four_entries()));  // the client's retry
    CHECK(answer.results.size() == 4);
    for (const auto& ack : answer.results) CHECK(ack.status == protocol::AckStatus::Accepted);
}

TEST_CASE("fault stall: the connection goes silent past the client's timeout", "[server][faults]") {
    LiveServer server(every("stall"), protocol::kMaxBodyBytes, 1500ms);
    const auto started = std::chrono::steady_clock::now();
    const auto result = server.post_batch(four_entries(), 400ms);
    CHECK_FALSE(result);
    CHECK(result.error() == httplib::Error::Read);
    CHECK(std::chrono::steady_clock::now() - started < 1400ms);
    CHECK(server.stored() == 0);
}

TEST_CASE("stopping the server wakes a stalled connection", "[server][faults]") {
    auto server = std::make_unique<LiveServer>(every("stall"), protocol::kMaxBodyBytes, 60'000ms);
    std::thread client([&] { server->post_batch(four_entries(), 120'000ms); });
    std::this_thread::sleep_for(300ms);
    const auto started = std::chrono::steady_clock::now();
    server.reset();  // stop() and join
    CHECK(std::chrono::steady_clock::now() - started < 10s);
    client.join();
}

TEST_CASE("fault partial: half the entries acknowledged, the rest unmentioned", "[server][faults]") {
    LiveServer server(every("partial"));
    const auto batch = four_entries();
    const auto answer = decoded(server.post_batch(batch));
    REQUIRE(answer.results.size() == 2);
    CHECK(answer.results[0].id == batch.entries[0].id);
    CHECK(answer.results[1].id == batch.entries[1].id);
    CHECK(server.stored() == 2);
}

TEST_CASE("fault html and garbage: a 200 the client cannot read", "[server][faults]") {
    SECTION("html") {
        LiveServer server(every("html"));
        const auto result = server.post_batch(four_entries());
        REQUIRE(result);
        CHECK(result->status == 200);
        CHECK_THAT(result->get_header_value("Content-Type"), Catch::StartsWith("text/html"));
        CHECK(std::holds_alternative<protocol::DecodeError>(protocol::decode_response(result->body)));
        CHECK(server.stored() == 0);
    }
    SECTION("garbage") {
        LiveServer server(every("garbage"));
        const auto result = server.post_batch(four_entries());
        REQUIRE(result);
        CHECK(result->status == 200);
        CHECK_THAT(result->get_header_value("Content-Type"), Catch::StartsWith("application/json"));
        CHECK_THAT(std::get<protocol::DecodeError>(protocol::decode_response(result->body)).reason,
                   Catch::Contains("not valid JSON"));
        CHECK(server.stored() == 4);
    }
}

// ---- issue 14: the server under attack -----------------------------------------------------

namespace {

// A raw TCP connection to the server, for requests httplib's client would not send.
class RawConnection {
public:
    explicit RawConnection(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        REQUIRE(fd_ >= 0);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void send(const std::string& bytes) { REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())); }

    // Everything the server sends within `timeout`, until it closes or goes quiet after an
    // answer. `closed` tells whether the server closed the connection.
    std::string receive(std::chrono::milliseconds timeout, bool* closed = nullptr) {
        std::string data;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        if (closed) *closed = false;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) break;
            pollfd p{fd_, POLLIN, 0};
            // Once an answer has begun, a short quiet spell ends it.
            if (::poll(&p, 1, data.empty() ? static_cast<int>(left.count()) : 200) <= 0) {
                if (!data.empty()) break;
                continue;
            }
            char buffer[4096];
            const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) {
                if (closed) *closed = true;
                break;
            }
            data.append(buffer, static_cast<std::size_t>(n));
        }
        return data;
    }

private:
    int fd_ = -1;
};

std::string post_head(const std::string& token, std::size_t content_length, const std::string& encoding = "gzip") {
    return "POST /v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Content-Encoding: " + encoding + "\r\nAuthorization: Bearer " + token +
           "\r\nContent-Length: " + std::to_string(content_length) + "\r\n\r\n";
}

}  // namespace

TEST_CASE("the token is checked before the body is read", "[server][auth][issue14]") {
    LiveServer server;
    RawConnection c(server.port());
    // 16 MiB announced, none of it sent: the answer must not wait for the body.
    c.send(post_head(std::string(64, 'd'), protocol::kMaxBodyBytes));
    const auto started = std::chrono::steady_clock::now();
    bool closed = false;
    const auto answer = c.receive(3000ms, &closed);
    INFO(answer);
    CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 401"));
    CHECK(std::chrono::steady_clock::now() - started < 2000ms);
    CHECK(closed);  // the unread body is never parsed as the next request
    CHECK(server.logged("401, before reading the body"));
}

TEST_CASE("a refused request with a small body leaves the connection usable", "[server][auth][issue14]") {
    LiveServer server;
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true);
    const auto body = protocol::gzip(protocol::encode(four_entries()));
    const auto refused = client.Post("/v1/batches", {{"Authorization", "Bearer " + std::string(64, 'e')},
                                                    {"Content-Encoding", "gzip"}},
                                     body, "application/json");
    REQUIRE(refused);
    CHECK(refused->status == 401);
    const auto accepted = client.Post("/v1/batches", {{"Authorization", "Bearer " + server.token()},
                                                     {"Content-Encoding", "gzip"},
                                                     {"Idempotency-Key", four_entries().batch_id}},
                                      body, "application/json");
    REQUIRE(accepted);
    CHECK(accepted->status == 200);
    CHECK(server.stored() == 4);
}

TEST_CASE("Content-Encoding br (or any unknown encoding) is answered 415 on the wire", "[server][issue14]") {
    LiveServer server;
    for (const std::string encoding : {"br", "compress", "gzip, gzip"}) {
        RawConnection c(server.port());
        const std::string body = "\x1b\x03\x00\xf8not really brotli";
        c.send(post_head(server.token(), body.size(), encoding) + body);
        const auto answer = c.receive(3000ms);
        INFO(encoding << ": " << answer);
        CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 415"));
        CHECK_THAT(answer, Catch::Contains("unsupported_encoding"));
    }
    // Refused before the body is read: httplib would otherwise inflate brotli itself, with no
    // limit, before the collector could say 415. A megabyte announced and never sent must not
    // delay the answer.
    RawConnection c(server.port());
    c.send(post_head(server.token(), 1u << 20, "br"));
    const auto started = std::chrono::steady_clock::now();
    CHECK_THAT(c.receive(3000ms), Catch::StartsWith("HTTP/1.1 415"));
    CHECK(std::chrono::steady_clock::now() - started < 2000ms);
    CHECK(server.stored() == 0);
}

TEST_CASE("gzip inside gzip is refused on the wire", "[server][limits][issue14]") {
    LiveServer server;
    httplib::Client client("127.0.0.1", server.port());
    const auto batch = four_entries();
    const auto result = client.Post("/v1/batches",
                                    {{"Authorization", "Bearer " + server.token()}, {"Content-Encoding", "gzip"},
                                     {"Idempotency-Key", batch.batch_id}},
                                    protocol::gzip(protocol::gzip(protocol::encode(batch))), "application/json");
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK_THAT(result->body, Catch::Contains("gzip inside gzip"));
    CHECK(server.stored() == 0);
}

TEST_CASE("a connection that trickles its headers is closed after the header timeout", "[server][issue14]") {
    LiveServer server({}, protocol::kMaxBodyBytes, 1500ms, [](ServerOptions& o) { o.header_timeout = 800ms; });
    RawConnection c(server.port());
    const auto started = std::chrono::steady_clock::now();
    c.send("POST /v1/batches HTTP/1.1\r\n");
    bool closed = false;
    for (int i = 0; i < 10 && !closed; ++i) {  // one header line every 300 ms, well inside the read timeout
        c.send("X-Slow-" + std::to_string(i) + ": 1\r\n");
        c.receive(300ms, &closed);
    }
    CHECK(closed);
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= 700ms);
    CHECK(took < 2500ms);
    CHECK(server.logged("without a complete request within 800 ms"));
}

TEST_CASE("one address may hold only so many connections, the oldest idle go first", "[server][issue14]") {
    LiveServer server({}, protocol::kMaxBodyBytes, 1500ms, [](ServerOptions& o) { o.max_per_address = 4; });
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 10; ++i) idle.push_back(std::make_unique<RawConnection>(server.port()));
    // A kiosk from the same address still gets its answer.
    const auto answer = decoded(server.post_batch(four_entries(), 3000ms));
    CHECK(answer.results.size() == 4);
    std::size_t closed_count = 0;
    for (auto& c : idle) {
        bool closed = false;
        c->receive(200ms, &closed);
        if (closed) ++closed_count;
    }
    CHECK(closed_count >= 6);
    CHECK(server.logged("over 4 per address"));
}
