// Issue 19: the sync client names its device in X-Feedback-Device with every request, so a
// collector that refuses its token can still tell IT which kiosk it refused; without a device id
// configured the header is left out.
#include <catch2/catch.hpp>

#include <chrono>

#include "fake_http.h"
#include "uploader.h"

using namespace feedback;
using namespace std::chrono_literals;
using feedback::testing::FakeHttpServer;
using feedback::testing::FakeReply;
using feedback::testing::FakeRequest;

namespace {

sync::UploaderSettings settings_for(const FakeHttpServer& server, const std::string& device) {
    sync::UploaderSettings s;
    s.endpoint = server.url();
    s.device_id = device;
    s.connect_timeout = 2000ms;
    s.stall_time = std::chrono::seconds(2);
    s.request_timeout = 10'000ms;
    return s;
}

protocol::Heartbeat heartbeat() {
    protocol::Heartbeat hb;
    hb.device_id = "kiosk-7";
    hb.app_version = "0.1.0";
    hb.kiosk_clock_utc = "2026-11-27T07:05:09.123Z";
    return hb;
}

}  // namespace

TEST_CASE("heartbeats and batches carry X-Feedback-Device when the device is configured", "[uploader][fleet]") {
    FakeHttpServer server([](const FakeRequest&) { return FakeReply{401, "{}"}; });
    {
        sync::Uploader up(settings_for(server, "kiosk-7"));
        up.send_heartbeat(heartbeat(), "an-old-token");
        up.send_batch("0190f3c2-7a1b-7c3d-8e4f-0000000000b1", protocol::gzip("{}"), "an-old-token");
    }
    {
        sync::Uploader up(settings_for(server, ""));
        up.send_heartbeat(heartbeat(), "an-old-token");
    }
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].headers.at("x-feedback-device") == "kiosk-7");
    CHECK(requests[1].headers.at("x-feedback-device") == "kiosk-7");
    CHECK(requests[2].headers.count("x-feedback-device") == 0);
}
