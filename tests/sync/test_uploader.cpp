// The uploader against a scripted server: the request it sends, and how it reads every kind of
// reply, including those the real collector never gives (wrong types, unknown version, a reply
// for another batch).
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <thread>

#include "../store/store_fixtures.h"
#include "batch.h"
#include "fake_http.h"
#include "uploader.h"

using namespace feedback;
using namespace std::chrono_literals;
using feedback::testing::FakeHttpServer;
using feedback::testing::FakeReply;
using feedback::testing::FakeRequest;

namespace {

struct SentBatch {
    protocol::Batch batch;
    std::string body;
};

SentBatch make(int entries = 3) {
    std::vector<store::OutgoingEntry> rows;
    for (int i = 0; i < entries; ++i) {
        store::OutgoingEntry e;
        e.seq = i + 1;
        e.entry = testing::sample_entry(1 + i % 5);
        rows.push_back(e);
    }
    auto batch = sync::make_batch(rows, core::make_uuid_v7(core::now_utc_ms()), "kiosk-test", "0.1.0",
                                  core::format_iso_utc(core::now_utc_ms()));
    auto body = sync::encode_batch_body(batch);
    return {std::move(batch), std::move(body)};
}

// What a correct collector answers: every entry accepted.
FakeReply acknowledge_all(const FakeRequest& req) {
    const auto json = protocol::gunzip(req.body);
    if (!json) return {400, "{}"};
    const auto decoded = protocol::decode_batch(*json);
    if (!std::holds_alternative<protocol::Batch>(decoded)) return {400, "{}"};
    const auto& batch = std::get<protocol::Batch>(decoded);
    protocol::BatchResponse r;
    r.batch_id = batch.batch_id;
    for (const auto& e : batch.entries) r.results.push_back({e.id, protocol::AckStatus::Accepted, ""});
    return {200, protocol::encode(r)};
}

sync::UploaderSettings settings_for(const FakeHttpServer& server) {
    sync::UploaderSettings s;
    s.endpoint = server.url();
    s.user_agent = "feedback-sync/test";
    s.connect_timeout = 2000ms;
    s.stall_time = std::chrono::seconds(2);
    s.request_timeout = 10'000ms;
    return s;
}

}  // namespace

TEST_CASE("a batch is POSTed gzip'ed with the protocol's headers, over one reused connection",
          "[uploader]") {
    FakeHttpServer server(acknowledge_all);
    sync::Uploader up(settings_for(server));
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        const auto b = make();
        ids.push_back(b.batch.batch_id);
        const auto result = up.send_batch(b.batch.batch_id, b.body, "tok-123");
        REQUIRE(result.problem.empty());
        REQUIRE(result.response);
        CHECK(result.response->results.size() == 3);
        CHECK(sync::classify(result.attempt()) == sync::OutcomeClass::Success);
        CHECK(result.http.new_connections == (i == 0 ? 1 : 0));
        CHECK(result.http.request_body_bytes == b.body.size());
        CHECK(result.http.request_header_bytes > 100);
        CHECK(result.http.request_header_bytes < 600);
    }
    CHECK(server.connections() == 1);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto& r = requests[i];
        CHECK(r.method == "POST");
        CHECK(r.target == "/v1/batches");
        CHECK(r.headers.at("content-type") == "application/json");
        CHECK(r.headers.at("content-encoding") == "gzip");
        CHECK(r.headers.at("idempotency-key") == ids[i]);
        CHECK(r.headers.at("authorization") == "Bearer tok-123");
        CHECK(r.headers.at("user-agent") == "feedback-sync/test");
        CHECK(r.headers.count("expect") == 0);
    }
}

TEST_CASE("without a token there is no Authorization header", "[uploader]") {
    FakeHttpServer server(acknowledge_all);
    sync::Uploader up(settings_for(server));
    const auto b = make();
    CHECK(up.send_batch(b.batch.batch_id, b.body, "").problem.empty());
    CHECK(server.requests().at(0).headers.count("authorization") == 0);
}

TEST_CASE("malformed replies are transient failures with a reason", "[uploader]") {
    const auto b = make();
    const std::string id = b.batch.batch_id;
    const std::string e0 = b.batch.entries[0].id;
    struct Case {
        const char* name;
        FakeReply reply;
        const char* reason;
    };
    const std::vector<Case> cases = {
        {"truncated JSON", {200, R"({"version":1,"batch_id":")" + id + R"(","results":[{"id":")"}, "malformed reply"},
        {"wrong types", {200, R"({"version":1,"batch_id":")" + id + R"(","results":"all good"})"}, "malformed reply"},
        {"unknown version", {200, R"({"version":99,"batch_id":")" + id + R"(","results":[{"id":")" + e0 + R"(","status":"accepted"}]})"}, "version"},
        {"HTML with 200", {200, "<html><body>Welcome to the hotel Wi-Fi</body></html>", "text/html"}, "text/html"},
        {"empty 200", {200, ""}, "malformed reply"},
        {"another batch's answer", {200, R"({"version":1,"batch_id":"01234567-89ab-7def-8123-456789abcdef","results":[{"id":")" + e0 + R"(","status":"accepted"}]})"}, "answers batch"},
        {"nothing acknowledged", {200, R"({"version":1,"batch_id":")" + id + R"(","results":[]})"}, "acknowledged none"},
    };
    for (const auto& c : cases) {
        SECTION(c.name) {
            FakeHttpServer server([&](const FakeRequest&) { return c.reply; });
            sync::Uploader up(settings_for(server));
            const auto result = up.send_batch(id, b.body, "");
            CHECK(result.http.status == 200);
            CHECK_THAT(result.problem, Catch::Contains(c.reason));
            CHECK(sync::classify(result.attempt()) == sync::OutcomeClass::Transient);
        }
    }
}

TEST_CASE("error statuses carry the collector's reason and Retry-After", "[uploader]") {
    const auto b = make();
    int status = 503;
    std::vector<std::string> headers = {"Retry-After: 7"};
    FakeHttpServer server([&](const FakeRequest&) {
        FakeReply r{status, R"({"version":1,"error":"busy","reason":"the disk is slow"})"};
        r.extra_headers = headers;
        return r;
    });
    sync::Uploader up(settings_for(server));

    auto result = up.send_batch(b.batch.batch_id, b.body, "");
    CHECK(result.problem == "HTTP 503 from the collector (busy: the disk is slow)");
    CHECK(result.retry_after == sync::Millis{7000});
    CHECK(sync::classify(result.attempt()) == sync::OutcomeClass::Transient);
    CHECK(result.attempt().retry_after == sync::Millis{7000});

    status = 429;
    headers = {"Retry-After: Sun, 06 Nov 1994 08:49:37 GMT"};  // in the past: no wait
    result = up.send_batch(b.batch.batch_id, b.body, "");
    CHECK(result.retry_after == sync::Millis{0});

    // libcurl reads every HTTP-date form RFC 9110 asks recipients to accept; a date two
    // minutes ahead is a wait of about two minutes (the clock ticks between here and curl).
    const auto in_two_minutes = [](const char* format) {
        const std::time_t at = std::time(nullptr) + 120;
        std::tm tm{};
        gmtime_r(&at, &tm);
        char text[64];
        std::strftime(text, sizeof text, format, &tm);
        return std::string(text);
    };
    for (const char* format : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
        headers = {"Retry-After: " + in_two_minutes(format)};
        result = up.send_batch(b.batch.batch_id, b.body, "");
        INFO(headers.front());
        REQUIRE(result.retry_after);
        CHECK(*result.retry_after >= sync::Millis{115'000});
        CHECK(*result.retry_after <= sync::Millis{120'000});
        CHECK(result.attempt().retry_after == result.retry_after);
    }
    // An absurd number does not overflow: a year at most here, the policy's cap applies later.
    headers = {"Retry-After: 99999999999"};
    result = up.send_batch(b.batch.batch_id, b.body, "");
    CHECK(result.retry_after == sync::Millis{366LL * 86'400'000});
    // A reply without the header carries none, even after one that had it.
    headers.clear();
    result = up.send_batch(b.batch.batch_id, b.body, "");
    CHECK_FALSE(result.retry_after);

    for (auto [code, outcome] : {std::pair{413, sync::OutcomeClass::TooLarge},
                                 {401, sync::OutcomeClass::Unauthorized},
                                 {403, sync::OutcomeClass::Unauthorized},
                                 {422, sync::OutcomeClass::Transient},
                                 {500, sync::OutcomeClass::Transient}}) {
        status = code;
        result = up.send_batch(b.batch.batch_id, b.body, "");
        CHECK(result.http.status == code);
        CHECK(sync::classify(result.attempt()) == outcome);
        CHECK_THAT(result.problem, Catch::Contains("HTTP " + std::to_string(code)));
    }
    // Each error reply makes the next request use a new connection (the server may not have
    // read all of the refused body); twelve requests, all refused: twelve connections.
    CHECK(server.connections() == 12);
}

TEST_CASE("a hang-up and a closed port are transport failures", "[uploader]") {
    const auto b = make();
    int port = 0;
    {
        FakeHttpServer server([](const FakeRequest&) { return FakeReply::hang(); });
        port = std::stoi(server.url().substr(17, 5));
        sync::Uploader up(settings_for(server));
        const auto result = up.send_batch(b.batch.batch_id, b.body, "");
        CHECK(result.http.result == sync::HttpExchange::Result::TransportError);
        CHECK_THAT(result.problem, Catch::StartsWith("network: "));
        CHECK(sync::classify(result.attempt()) == sync::OutcomeClass::Transient);
    }
    sync::UploaderSettings s;
    s.endpoint = "http://127.0.0.1:" + std::to_string(port) + "/v1/batches";
    sync::Uploader up(s);
    const auto result = up.send_batch(b.batch.batch_id, b.body, "");
    CHECK(result.http.result == sync::HttpExchange::Result::TransportError);
    CHECK_THAT(result.problem, Catch::Contains("onnect"));
}

TEST_CASE("a stalled reply times out, and a stop request abandons it after the grace", "[uploader]") {
    const auto b = make();
    std::atomic<bool> release{false};
    FakeHttpServer server([&](const FakeRequest&) {
        while (!release) std::this_thread::sleep_for(10ms);
        return FakeReply{200, "{}"};
    });

    SECTION("stall") {
        auto s = settings_for(server);
        s.stall_time = std::chrono::seconds(1);
        sync::Uploader up(s);
        const auto t0 = std::chrono::steady_clock::now();
        const auto result = up.send_batch(b.batch.batch_id, b.body, "");
        // curl averages the speed over a window of about five seconds, so "1 s below 1 B/s"
        // right after the body went out takes about 6-7 s to detect; far less than forever.
        CHECK(std::chrono::steady_clock::now() - t0 < 12s);
        CHECK(result.http.result == sync::HttpExchange::Result::TransportError);
        CHECK(sync::classify(result.attempt()) == sync::OutcomeClass::Transient);
    }
    SECTION("stop") {
        std::atomic<bool> stop{false};
        auto s = settings_for(server);
        s.stall_time = std::chrono::seconds(60);
        s.stop_grace = 200ms;
        sync::Uploader up(s, &stop);
        std::thread stopper([&] {
            std::this_thread::sleep_for(100ms);
            stop = true;
        });
        const auto t0 = std::chrono::steady_clock::now();
        const auto result = up.send_batch(b.batch.batch_id, b.body, "");
        stopper.join();
        CHECK(std::chrono::steady_clock::now() - t0 < 3s);
        CHECK(result.http.result == sync::HttpExchange::Result::Stopped);
    }
    release = true;
}

TEST_CASE("heartbeats go to the endpoint's sibling path", "[uploader]") {
    FakeHttpServer server([](const FakeRequest&) { return FakeReply{200, "{}"}; });
    sync::Uploader up(settings_for(server));
    CHECK(up.heartbeat_url() == server.url("/v1/heartbeat"));
    protocol::Heartbeat hb;
    hb.device_id = "kiosk-test";
    hb.app_version = "0.1.0";
    hb.pending = 12;
    hb.kiosk_clock_utc = "2026-11-27T07:05:09.123Z";
    const auto ex = up.send_heartbeat(hb, "tok");
    CHECK(ex.status == 200);
    const auto req = server.requests().at(0);
    CHECK(req.target == "/v1/heartbeat");
    CHECK(req.headers.at("authorization") == "Bearer tok");
    const auto json = protocol::gunzip(req.body);
    REQUIRE(json);
    const auto decoded = protocol::decode_heartbeat(*json);
    REQUIRE(std::holds_alternative<protocol::Heartbeat>(decoded));
    CHECK(std::get<protocol::Heartbeat>(decoded).pending == 12);
}
