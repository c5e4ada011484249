// The collector's HTTP server over a real loopback socket (127.0.0.1, a free port), driven by
// cpp-httplib's client: what a sync client actually meets for each answer and each fault —
// including connections closed without a response and connections that go silent.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <mutex>
#include <thread>

#include "../protocol/samples.h"
#include "collector.h"
#include "http_server.h"
#include "storage.h"
#include "temp_dir.h"
#include "tokens.h"

using namespace feedback;
using namespace feedback::collector;
using namespace std::chrono_literals;
using feedback::testing::TempDir;

namespace {

class LiveServer {
public:
    explicit LiveServer(FaultPlan faults = {}, std::size_t max_body = protocol::kMaxBodyBytes,
                        std::chrono::milliseconds stall = 1500ms) {
        token_ = add_token(dir_ / "tokens", "kiosk-01");
        Options options;
        options.database = dir_ / "collector.db";
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
