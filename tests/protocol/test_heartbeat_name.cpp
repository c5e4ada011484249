// Issue 19: the heartbeat's optional device_name — left out when empty (older heartbeats are
// byte for byte what version 1 sent), read when present, bounded in length.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "protocol/protocol.h"
#include "samples.h"

using namespace feedback;

TEST_CASE("a heartbeat's device_name is optional on the wire", "[protocol][fleet]") {
    auto hb = samples::heartbeat();
    REQUIRE(hb.device_name.empty());
    const auto plain = nlohmann::json::parse(protocol::encode(hb));
    CHECK_FALSE(plain.contains("device_name"));
    const auto old = protocol::decode_heartbeat(protocol::encode(hb));
    REQUIRE(std::holds_alternative<protocol::Heartbeat>(old));
    CHECK(std::get<protocol::Heartbeat>(old).device_name.empty());

    hb.device_name = "ช่องบริการ 1 ชั้นล่าง";
    const auto named = protocol::decode_heartbeat(protocol::encode(hb));
    REQUIRE(std::holds_alternative<protocol::Heartbeat>(named));
    CHECK(std::get<protocol::Heartbeat>(named) == hb);

    auto j = nlohmann::json::parse(protocol::encode(hb));
    j["device_name"] = std::string(257, 'x');
    const auto too_long = protocol::decode_heartbeat(j.dump());
    REQUIRE(std::holds_alternative<protocol::DecodeError>(too_long));
    CHECK(std::get<protocol::DecodeError>(too_long).reason.find("device_name") != std::string::npos);
    j["device_name"] = 7;
    CHECK(std::holds_alternative<protocol::DecodeError>(protocol::decode_heartbeat(j.dump())));
}
