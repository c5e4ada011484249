// The optional complaint field tracking_key (issue 18; PROTOCOL.md §2.2): sent when the kiosk
// has one, left out when it has none, and old-shaped messages (without it) still decode, as
// unknown fields do for a collector that predates it.
#include <catch2/catch.hpp>

#include "protocol/protocol.h"
#include "samples.h"

using namespace feedback::protocol;
using nlohmann::json;

namespace {

template <class T>
T value_of(const Decoded<T>& d) {
    if (const auto* e = std::get_if<DecodeError>(&d)) FAIL(e->reason);
    return std::get<T>(d);
}

Batch batch_with_key(const std::string& key) {
    Batch b = samples::batch();
    b.entries[1].complaint->tracking_key = key;
    return b;
}

}  // namespace

TEST_CASE("tracking_key travels in the complaint and round-trips", "[protocol][tracking]") {
    const Batch b = batch_with_key("7Q2MZ4K9XH3PRT8W");
    const json j = json::parse(encode(b));
    CHECK(j["entries"][1]["complaint"]["tracking_key"] == "7Q2MZ4K9XH3PRT8W");
    CHECK(value_of(decode_batch(encode(b))) == b);
}

TEST_CASE("a complaint without a tracking key is sent without the field", "[protocol][tracking]") {
    const json j = samples::batch_json();
    CHECK_FALSE(j["entries"][1]["complaint"].contains("tracking_key"));
}

TEST_CASE("an old-shaped complaint (no tracking_key) still decodes, with an empty key", "[protocol][tracking]") {
    json j = samples::batch_json();
    j["entries"][1]["complaint"].erase("tracking_key");
    const auto decoded = value_of(decode_batch(j.dump()));
    CHECK(decoded == samples::batch());
    CHECK(decoded.entries[1].complaint->tracking_key.empty());
}

TEST_CASE("an older collector's reading: the new field is one more unknown field", "[protocol][tracking]") {
    // What a collector from before issue 18 does with the new field is what this decoder does
    // with any unknown one in a complaint: ignore it. Shown with a field no version knows.
    json j = json::parse(encode(batch_with_key("7Q2MZ4K9XH3PRT8W")));
    j["entries"][1]["complaint"]["tracking_key_v9"] = {{"nested", true}};
    CHECK(value_of(decode_batch(j.dump())) == batch_with_key("7Q2MZ4K9XH3PRT8W"));
}

TEST_CASE("a tracking key that would make the page guessable is rejected, not the batch", "[protocol][tracking]") {
    for (const std::string& bad : {std::string("SHORT"), std::string("0123456789ABCDEI"), std::string("0123456789abcdef"), std::string(65, 'A')}) {
        json j = json::parse(encode(batch_with_key(bad)));
        const auto screened = value_of(decode_batch_screened(j.dump()));
        REQUIRE(screened.rejected.size() == 1);
        CHECK(screened.rejected[0].reason.rfind("complaint.tracking_key: ", 0) == 0);
        CHECK(screened.rejected[0].reason.find(bad) == std::string::npos);  // never quoted
        CHECK(screened.batch.entries.size() == 1);
    }
    json wrong_type = samples::batch_json();
    wrong_type["entries"][1]["complaint"]["tracking_key"] = 12345;
    CHECK(value_of(decode_batch_screened(wrong_type.dump())).rejected.size() == 1);
    CHECK(is_tracking_key("7Q2MZ4K9XH3PRT8W"));
    CHECK(is_tracking_key(std::string(64, 'Z')));
}
