// sync_protocol's encoding and strict decoding: every message round-trips, and every kind of
// malformed input yields a DecodeError whose reason names the field and the problem — never
// an exception, never half a message.
#include <catch2/catch.hpp>

#include <random>

#include "samples.h"

using namespace feedback::protocol;
using nlohmann::json;

namespace {

template <class T>
DecodeError error_of(const Decoded<T>& decoded) {
    REQUIRE(std::holds_alternative<DecodeError>(decoded));
    return std::get<DecodeError>(decoded);
}

template <class T>
const T& value_of(const Decoded<T>& decoded) {
    if (const auto* error = std::get_if<DecodeError>(&decoded)) FAIL("unexpected DecodeError: " << error->reason);
    return std::get<T>(decoded);
}

std::string batch_reason(const json& j) { return error_of(decode_batch(j.dump())).reason; }

}  // namespace

TEST_CASE("every message round-trips through encode and decode", "[protocol]") {
    SECTION("a batch with a rating and a complaint, Thai text, quotes and newlines") {
        const Batch original = samples::batch();
        CHECK(value_of(decode_batch(encode(original))) == original);
    }
    SECTION("an empty batch") {
        Batch original = samples::batch();
        original.entries.clear();
        CHECK(value_of(decode_batch(encode(original))) == original);
    }
    SECTION("a response with every status") {
        BatchResponse original;
        original.batch_id = samples::batch().batch_id;
        original.results = {{"0190f3c2-7a1b-7c3d-8e4f-000000000001", AckStatus::Accepted, ""},
                            {"0190f3c2-7a1b-7c3d-8e4f-000000000002", AckStatus::Duplicate, ""},
                            {"0190f3c2-7a1b-7c3d-8e4f-000000000003", AckStatus::Rejected, "rating: out of range"}};
        CHECK(value_of(decode_response(encode(original))) == original);
    }
    SECTION("a heartbeat, with and without an oldest pending age") {
        Heartbeat original = samples::heartbeat();
        CHECK(value_of(decode_heartbeat(encode(original))) == original);
        original.oldest_pending_age_s.reset();
        original.pending = 0;
        original.last_error.clear();
        CHECK(value_of(decode_heartbeat(encode(original))) == original);
    }
    SECTION("an error body") {
        const auto decoded = value_of(decode_error(encode(ErrorBody{"unauthorized", "unknown token"})));
        CHECK(decoded.error == "unauthorized");
        CHECK(decoded.reason == "unknown token");
    }
}

TEST_CASE("the encoding has the documented shape", "[protocol]") {
    const json j = samples::batch_json();
    CHECK(j["version"] == 1);
    CHECK(j["entries"][0]["complaint"].is_null());
    CHECK(j["entries"][1]["rating"].is_null());
    CHECK(j["entries"][0]["dimensions"] == json{{"process", 3}, {"staff", 5}});
    CHECK(j["entries"][1]["complaint"]["sensitive"] == true);

    BatchResponse response;
    response.batch_id = samples::batch().batch_id;
    response.results = {{"0190f3c2-7a1b-7c3d-8e4f-000000000001", AckStatus::Accepted, ""}};
    CHECK(encode(response) == R"({"version":1,"batch_id":"0190f3c2-7a1b-7c3d-8e4f-0000000000b1","results":[)"
                              R"({"id":"0190f3c2-7a1b-7c3d-8e4f-000000000001","status":"accepted"}]})");
    CHECK(json::parse(encode(ErrorBody{"x", "y"})) == json{{"version", 1}, {"error", "x"}, {"reason", "y"}});
}

TEST_CASE("encode replaces invalid UTF-8 instead of throwing", "[protocol]") {
    WireEntry e = samples::rating_entry();
    e.comment = "ok \xff\xfe bad";
    Batch b = samples::batch();
    b.entries = {e};
    std::string text;
    REQUIRE_NOTHROW(text = encode(b));
    const Batch decoded = value_of(decode_batch(text));
    CHECK(decoded.entries[0].comment == "ok \xEF\xBF\xBD\xEF\xBF\xBD bad");
}

// Issue 14, defect 7: nlohmann's parse error quotes what it last read ("last read:
// '"0812345678…'"), which for a complaint is a phone number; reasons must give a position only.
TEST_CASE("a JSON syntax error is reported by position, never by quoting the body", "[protocol][privacy]") {
    const std::string phone = "0812345678";
    json j = samples::batch_json();
    const std::string good = j.dump();
    const std::vector<std::string> broken = {
        // The body cut off inside a string holding a phone number.
        good.substr(0, good.find("\"comment\"")) + "\"comment\":\"" + phone,
        // A phone number where a value should be, and as a bare word.
        "{\"version\":1,\"batch_id\":" + phone + "x}",
        "{\"contact_phone\": tel:" + phone + "}",
        // A control character inside a string (nlohmann quotes the string so far).
        "{\"comment\":\"call " + phone + "\u0001\t\n\"}",
        // Invalid UTF-8 after the number.
        "{\"comment\":\"" + phone + "\xff\"}",
    };
    for (const auto& text : broken) {
        const auto e = error_of(decode_batch(text));
        INFO(e.reason);
        CHECK_THAT(e.reason, Catch::StartsWith("not valid JSON at line 1, column "));
        CHECK(e.reason.find(phone) == std::string::npos);
        CHECK(e.reason.find("812345") == std::string::npos);
        CHECK(e.reason.find("last read") == std::string::npos);
        CHECK(e.reason.find('\'') == std::string::npos);
        CHECK(e.reason.find('"') == std::string::npos);
    }
    // The line and column point at the failure, so a developer can still find it.
    CHECK(error_of(decode_batch("{\n  \"a\": tel}")).reason.rfind("not valid JSON at line 2, column ", 0) == 0);
}

TEST_CASE("a long number in the wrong place is described, not echoed", "[protocol][privacy]") {
    json j = samples::batch_json();
    j["entries"][0]["complaint"] = nullptr;
    j["entries"][0]["rating"] = 812345678;  // a phone number typed into the wrong field
    const auto reason = error_of(decode_batch(j.dump())).reason;
    CHECK(reason.find("812345678") == std::string::npos);
    CHECK_THAT(reason, Catch::Contains("entries[0].rating"));
    j["batch_id"] = 66812345678LL;
    CHECK(error_of(decode_batch(j.dump())).reason == "batch_id: expected a string, got a number");
}

TEST_CASE("unknown fields are ignored so newer kiosks can add optional ones", "[protocol]") {
    json j = samples::batch_json();
    j["compression_hint"] = "zstd";
    j["entries"][0]["photo"] = {{"width", 10}};
    CHECK(value_of(decode_batch(j.dump())) == samples::batch());
}

TEST_CASE("malformed bodies are refused with a reason", "[protocol]") {
    const std::string good = encode(samples::batch());
    SECTION("truncated JSON") {
        const auto e = error_of(decode_batch(good.substr(0, good.size() / 2)));
        CHECK_THAT(e.reason, Catch::Contains("not valid JSON"));
        CHECK(e.problem == DecodeProblem::Malformed);
    }
    SECTION("an empty body") { CHECK_THAT(error_of(decode_batch("  ")).reason, Catch::Contains("empty")); }
    SECTION("an HTML page") {
        CHECK_THAT(error_of(decode_response("<!DOCTYPE html><html><body>Login</body></html>")).reason,
                   Catch::Contains("HTML"));
    }
    SECTION("not an object") {
        CHECK_THAT(error_of(decode_batch("[1,2]")).reason, Catch::Contains("expected an object, got an array"));
    }
    SECTION("deep nesting is refused before parsing") {
        const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
        CHECK_THAT(error_of(decode_batch(deep)).reason, Catch::Contains("nested deeper than"));
        // Brackets inside strings do not count.
        json j = samples::batch_json();
        j["entries"][0]["comment"] = std::string(200, '[');
        CHECK(std::holds_alternative<Batch>(decode_batch(j.dump())));
    }
    SECTION("trailing garbage after the object") {
        CHECK_THAT(error_of(decode_batch(good + "}")).reason, Catch::Contains("not valid JSON"));
    }
}

TEST_CASE("the version is checked first and clearly", "[protocol]") {
    json j = samples::batch_json();
    SECTION("a newer version") {
        j["version"] = 2;
        j.erase("entries");  // whatever else changed, the version is what matters
        const auto e = error_of(decode_batch(j.dump()));
        CHECK_THAT(e.reason, Catch::StartsWith("unsupported protocol version 2"));
        CHECK(e.problem == DecodeProblem::UnsupportedVersion);
    }
    SECTION("version 0 and negative versions") {
        j["version"] = 0;
        CHECK(error_of(decode_batch(j.dump())).problem == DecodeProblem::UnsupportedVersion);
        j["version"] = -1;
        CHECK_THAT(error_of(decode_batch(j.dump())).reason, Catch::StartsWith("unsupported protocol version -1"));
    }
    SECTION("missing or of the wrong type") {
        j.erase("version");
        CHECK(batch_reason(j) == "version: required field is missing");
        j["version"] = "1";
        CHECK(batch_reason(j) == "version: expected an integer, got a string");
        j["version"] = 1.0;
        CHECK(batch_reason(j) == "version: expected an integer, got 1.0");
    }
    SECTION("responses and heartbeats too") {
        BatchResponse r;
        r.version = 7;
        r.batch_id = samples::batch().batch_id;
        CHECK(error_of(decode_response(encode(r))).problem == DecodeProblem::UnsupportedVersion);
        Heartbeat h = samples::heartbeat();
        h.version = 2;
        CHECK(error_of(decode_heartbeat(encode(h))).problem == DecodeProblem::UnsupportedVersion);
    }
}

TEST_CASE("wrong types name the field and what was found", "[protocol]") {
    json j = samples::batch_json();
    SECTION("envelope") {
        j["batch_id"] = 5;
        CHECK(batch_reason(j) == "batch_id: expected a string, got 5");
    }
    SECTION("entries is not an array") {
        j["entries"] = json::object();
        CHECK(batch_reason(j) == "entries: expected an array, got an object");
    }
    SECTION("an entry field") {
        j["entries"][1]["misuse"] = "no";
        CHECK(batch_reason(j) == "entries[1].misuse: expected true or false, got a string");
    }
    SECTION("a missing entry field") {
        j["entries"][0].erase("language");
        CHECK(batch_reason(j) == "entries[0].language: required field is missing");
    }
    SECTION("a rating out of range") {
        j["entries"][0]["rating"] = 7;
        CHECK(batch_reason(j) == "entries[0].rating: expected an integer from 1 to 5 or null, got 7");
    }
    SECTION("a huge number does not overflow") {
        j["entries"][0]["rating"] = 18446744073709551615ULL;
        CHECK_THAT(batch_reason(j), Catch::StartsWith("entries[0].rating: expected an integer from 1 to 5"));
        j["entries"][0]["rating"] = 4;
        j["entries"][0]["utc_offset_min"] = -9223372036854775807LL;
        CHECK_THAT(batch_reason(j), Catch::StartsWith("entries[0].utc_offset_min: expected an integer"));
    }
    SECTION("a dimension level") {
        j["entries"][0]["dimensions"]["staff"] = 0;
        CHECK(batch_reason(j) == "entries[0].dimensions.staff: expected an integer from 1 to 5, got 0");
    }
    SECTION("a reason that is not a string") {
        j["entries"][0]["reasons"][1] = 3;
        CHECK(batch_reason(j) == "entries[0].reasons[1]: expected a string, got 3");
    }
    SECTION("string contents are never echoed (they may be personal data)") {
        j["entries"][0]["rating"] = "my phone is 0812345678";
        const auto reason = batch_reason(j);
        CHECK(reason == "entries[0].rating: expected an integer from 1 to 5 or null, got a string");
        CHECK_THAT(reason, !Catch::Contains("0812345678"));
    }
}

TEST_CASE("value rules: UUIDs, enums, times, limits", "[protocol]") {
    json j = samples::batch_json();
    SECTION("ids must be canonical lowercase UUIDs") {
        j["batch_id"] = "0190F3C2-7A1B-7C3D-8E4F-0000000000B1";
        CHECK_THAT(batch_reason(j), Catch::StartsWith("batch_id: expected a UUID"));
        j = samples::batch_json();
        j["entries"][0]["id"] = "not-a-uuid";
        CHECK_THAT(batch_reason(j), Catch::StartsWith("entries[0].id: expected a UUID"));
    }
    SECTION("kind and language") {
        j["entries"][0]["kind"] = "praise";
        CHECK_THAT(batch_reason(j), Catch::StartsWith("entries[0].kind: expected \"rating\" or \"complaint\""));
        j = samples::batch_json();
        j["entries"][0]["language"] = "fr";
        CHECK_THAT(batch_reason(j), Catch::StartsWith("entries[0].language"));
    }
    SECTION("times") {
        j["entries"][0]["created_utc"] = "2026-11-27 07:05:09";
        CHECK_THAT(batch_reason(j), Catch::StartsWith("entries[0].created_utc: expected an ISO 8601 UTC time"));
        j = samples::batch_json();
        j["sent_utc"] = "2026-02-30T00:00:00Z";
        CHECK_THAT(batch_reason(j), Catch::StartsWith("sent_utc"));
    }
    SECTION("a rating entry needs a rating; a complaint entry needs its details") {
        j["entries"][0]["rating"] = nullptr;
        CHECK_THAT(batch_reason(j), Catch::StartsWith("entries[0].rating: required for a rating entry"));
        j = samples::batch_json();
        j["entries"][1]["complaint"] = nullptr;
        CHECK(batch_reason(j) == "entries[1].complaint: required for a complaint entry");
    }
    SECTION("an anonymous complaint carries no contact details") {
        j["entries"][1]["complaint"]["anonymous"] = true;
        CHECK(batch_reason(j) == "entries[1].complaint.contact_name: must be empty for an anonymous complaint");
    }
    SECTION("too many entries is a size problem") {
        json many = samples::batch_json();
        const json entry = many["entries"][0];
        many["entries"] = json::array();
        for (std::size_t i = 0; i <= kMaxEntriesPerBatch; ++i) many["entries"].push_back(entry);
        const auto e = error_of(decode_batch(many.dump()));
        CHECK(e.reason == "entries: 5001 entries, more than the limit of 5000");
        CHECK(e.problem == DecodeProblem::TooLarge);
    }
    SECTION("a comment longer than the limit") {
        j["entries"][0]["comment"] = std::string(kMaxTextBytes + 1, 'x');
        CHECK_THAT(batch_reason(j), Catch::StartsWith("entries[0].comment: longer than 8192 bytes"));
    }
}

TEST_CASE("screened decoding rejects single entries and keeps the rest", "[protocol]") {
    json j = samples::batch_json();
    j["entries"][0]["rating"] = 9;
    const auto screened = value_of(decode_batch_screened(j.dump()));
    REQUIRE(screened.batch.entries.size() == 1);
    CHECK(screened.batch.entries[0] == samples::complaint_entry());
    REQUIRE(screened.rejected.size() == 1);
    CHECK(screened.rejected[0].id == samples::rating_entry().id);
    CHECK(screened.rejected[0].status == AckStatus::Rejected);
    CHECK(screened.rejected[0].reason == "rating: expected an integer from 1 to 5 or null, got 9");

    SECTION("an entry without a readable id fails the whole batch") {
        j["entries"][1]["id"] = 17;
        CHECK(error_of(decode_batch_screened(j.dump())).reason == "entries[1].id: expected a string, got 17");
        j["entries"][1] = "text";
        CHECK(error_of(decode_batch_screened(j.dump())).reason == "entries[1]: expected an object, got a string");
    }
}

TEST_CASE("responses are decoded strictly", "[protocol]") {
    BatchResponse r;
    r.batch_id = samples::batch().batch_id;
    r.results = {{"0190f3c2-7a1b-7c3d-8e4f-000000000001", AckStatus::Accepted, ""}};
    json j = json::parse(encode(r));
    SECTION("unknown status") {
        j["results"][0]["status"] = "maybe";
        CHECK_THAT(error_of(decode_response(j.dump())).reason, Catch::StartsWith("results[0].status: expected"));
    }
    SECTION("a rejection needs a reason") {
        j["results"][0]["status"] = "rejected";
        CHECK(error_of(decode_response(j.dump())).reason == "results[0].reason: required field is missing");
        j["results"][0]["reason"] = "";
        CHECK(error_of(decode_response(j.dump())).reason == "results[0].reason: required for a rejected entry");
    }
    SECTION("wrong types") {
        j["results"] = "all good";
        CHECK(error_of(decode_response(j.dump())).reason == "results: expected an array, got a string");
    }
    SECTION("a reason on an accepted entry is ignored") {
        j["results"][0]["reason"] = "fine";
        CHECK(value_of(decode_response(j.dump())) == r);
    }
}

TEST_CASE("heartbeats and error bodies are decoded with reasons", "[protocol]") {
    json h = json::parse(encode(samples::heartbeat()));
    h["pending"] = -1;
    CHECK(error_of(decode_heartbeat(h.dump())).reason == "pending: expected a non-negative integer, got -1");
    h = json::parse(encode(samples::heartbeat()));
    h["oldest_pending_age_s"] = "old";
    CHECK(error_of(decode_heartbeat(h.dump())).reason ==
          "oldest_pending_age_s: expected a non-negative integer or null, got a string");
    h = json::parse(encode(samples::heartbeat()));
    h["kiosk_clock_utc"] = "yesterday";
    CHECK_THAT(error_of(decode_heartbeat(h.dump())).reason, Catch::StartsWith("kiosk_clock_utc"));

    // Error bodies from another protocol version are still read; "error" is required.
    CHECK(value_of(decode_error(R"({"version":9,"error":"unsupported_version"})")).error == "unsupported_version");
    CHECK(error_of(decode_error(R"({"reason":"x"})")).reason == "error: required field is missing");
}

TEST_CASE("decoders never throw, whatever the bytes", "[protocol]") {
    std::mt19937 random(20261127);
    const std::string good = encode(samples::batch());
    for (int round = 0; round < 3000; ++round) {
        std::string text = good;
        const int edits = 1 + static_cast<int>(random() % 8);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = random() % text.size();
            switch (random() % 3) {
                case 0: text[at] = static_cast<char>(random() % 256); break;
                case 1: text.erase(at, 1 + random() % 20); break;
                default: text.insert(at, 1, "{}[]\",:0-e\\"[random() % 11]); break;
            }
            if (text.empty()) text = "{";
        }
        CHECK_NOTHROW(decode_batch(text));
        CHECK_NOTHROW(decode_batch_screened(text));
        CHECK_NOTHROW(decode_response(text));
        CHECK_NOTHROW(decode_heartbeat(text));
        CHECK_NOTHROW(decode_error(text));
    }
}

TEST_CASE("validate() applies the decoder's value rules to an entry in memory", "[protocol]") {
    CHECK(validate(samples::rating_entry()).empty());
    CHECK(validate(samples::complaint_entry()).empty());
    WireEntry e = samples::rating_entry();
    e.reasons.push_back("");
    CHECK(validate(e) == "reasons[2]: must not be empty");
    e = samples::rating_entry();
    e.utc_offset_min = 2000;
    CHECK(validate(e) == "utc_offset_min: expected minutes from -840 to 840, got 2000");
    e = samples::rating_entry();
    e.device_id = "kiosk\n01";
    CHECK(validate(e) == "device_id: contains control characters");
}

TEST_CASE("UUID and timestamp checks", "[protocol]") {
    CHECK(is_uuid("0190f3c2-7a1b-7c3d-8e4f-000000000001"));
    CHECK_FALSE(is_uuid("0190f3c2-7a1b-7c3d-8e4f-00000000000"));
    CHECK_FALSE(is_uuid("0190f3c2x7a1b-7c3d-8e4f-000000000001"));
    CHECK_FALSE(is_uuid("0190F3C2-7A1B-7C3D-8E4F-000000000001"));
    CHECK(is_utc_timestamp("2024-02-29T23:59:59Z"));
    CHECK(is_utc_timestamp("2026-11-27T07:05:09.123456789Z"));
    CHECK_FALSE(is_utc_timestamp("2023-02-29T00:00:00Z"));
    CHECK_FALSE(is_utc_timestamp("2026-11-27T24:00:00Z"));
    CHECK_FALSE(is_utc_timestamp("2026-11-27T07:05:09.Z"));
    CHECK_FALSE(is_utc_timestamp("2026-11-27T07:05:09+07:00"));
}

TEST_CASE("the heartbeat URL replaces the endpoint's last path segment", "[protocol]") {
    CHECK(heartbeat_url("https://collector.example/v1/batches") == "https://collector.example/v1/heartbeat");
    CHECK(heartbeat_url("https://h:8443/office/v1/batches?x=1#f") == "https://h:8443/office/v1/heartbeat");
    CHECK(heartbeat_url("http://127.0.0.1:8787") == "http://127.0.0.1:8787/heartbeat");
}

// Issue 17: the respondent profile is an optional field. Absent when empty (a batch without it
// is byte for byte what earlier kiosks send), carried and checked when present.
TEST_CASE("the optional profile field round-trips and is absent when empty", "[protocol][profile]") {
    auto batch = samples::batch();
    CHECK(encode(batch).find("\"profile\"") == std::string::npos);
    batch.entries[0].profile = {{"age", "30_59"}, {"sex", "female"}};
    const std::string text = encode(batch);
    CHECK(text.find("\"profile\":{\"age\":\"30_59\",\"sex\":\"female\"}") != std::string::npos);
    CHECK(value_of(decode_batch(text)) == batch);

    auto j = json::parse(text);
    j["entries"][0]["profile"] = json::array();
    CHECK(batch_reason(j) == "entries[0].profile: expected an object of profile question id to option id, got an array");
    j["entries"][0]["profile"] = {{"sex", 1}};
    CHECK(batch_reason(j) == "entries[0].profile.sex: expected an option id (a string), got 1");
    // An option id that is not an id is the entry's problem, rejected alone by validate().
    auto bad = batch.entries[0];
    bad.profile = {{"sex", ""}};
    CHECK_THAT(validate(bad), Catch::Contains("profile.sex"));
}
