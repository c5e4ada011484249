// From outbox rows to the wire and from acknowledgements back to per-entry results: the mapping
// that decides "sent", "rejected (kept)" and "still pending".
#include <catch2/catch.hpp>

#include "../store/store_fixtures.h"
#include "batch.h"
#include "uploader.h"

using namespace feedback;
using feedback::testing::sample_entry;
using store::EntryResult;

namespace {

std::vector<store::OutgoingEntry> outgoing(int n) {
    std::vector<store::OutgoingEntry> out;
    for (int i = 0; i < n; ++i) {
        store::OutgoingEntry e;
        e.seq = 10 + i;
        e.entry = sample_entry(1 + i % 5);
        e.entry.created_utc_ms += i;
        out.push_back(e);
    }
    return out;
}

}  // namespace

TEST_CASE("an outbox row becomes a valid wire entry", "[batch]") {
    auto rows = outgoing(1);
    auto& e = rows[0].entry;
    e.service_point = "finance";
    e.reasons = {"fast"};
    e.dimensions = {{"staff", 5}};
    e.comment = "ดีมาก";
    const auto batch = sync::make_batch(rows, "0190a5f2-0000-7000-8000-000000000001", "kiosk-a", "0.1.0",
                                        "2026-11-27T07:05:09.123Z");
    CHECK(batch.version == protocol::kVersion);
    CHECK(batch.device_id == "kiosk-a");
    REQUIRE(batch.entries.size() == 1);
    const auto& w = batch.entries[0];
    CHECK(w.id == e.id);
    CHECK(w.kind == "rating");
    CHECK(w.created_utc == core::format_iso_utc(e.created_utc_ms));
    CHECK(w.utc_offset_min == 420);
    CHECK(w.rating == e.rating);
    CHECK(w.service_point == "finance");
    CHECK(w.reasons == e.reasons);
    CHECK(w.dimensions == e.dimensions);
    CHECK(w.comment == "ดีมาก");
    CHECK(w.channel == "kiosk");
    CHECK_FALSE(w.complaint);
    CHECK(protocol::validate(w).empty());
    // What the daemon sends decodes, at the other end, to the same batch.
    const auto body = sync::encode_batch_body(batch);
    const auto json = protocol::gunzip(body);
    REQUIRE(json);
    const auto decoded = protocol::decode_batch(*json);
    REQUIRE(std::holds_alternative<protocol::Batch>(decoded));
    CHECK(std::get<protocol::Batch>(decoded) == batch);
}

TEST_CASE("acknowledgements map to sent, rejected and not acknowledged", "[batch]") {
    const auto rows = outgoing(5);
    protocol::BatchResponse r;
    r.batch_id = "b";
    r.results = {{rows[0].entry.id, protocol::AckStatus::Accepted, ""},
                 {rows[1].entry.id, protocol::AckStatus::Duplicate, ""},
                 {rows[2].entry.id, protocol::AckStatus::Rejected, "rating: out of range"},
                 {rows[4].entry.id, protocol::AckStatus::Rejected, ""},
                 {"00000000-0000-7000-8000-000000000000", protocol::AckStatus::Accepted, ""}};
    const auto m = sync::map_results(rows, r);
    REQUIRE(m.results.size() == 5);
    CHECK(m.results[0].outcome == EntryResult::Outcome::Sent);
    CHECK(m.results[1].outcome == EntryResult::Outcome::Sent);  // duplicate = the collector has it
    CHECK(m.results[2].outcome == EntryResult::Outcome::Rejected);
    CHECK(m.results[2].reason == "rating: out of range");
    CHECK(m.results[3].outcome == EntryResult::Outcome::NotAcknowledged);
    CHECK(m.results[4].outcome == EntryResult::Outcome::Rejected);
    CHECK_FALSE(m.results[4].reason.empty());  // a rejection is always explained to staff
    for (std::size_t i = 0; i < rows.size(); ++i) CHECK(m.results[i].seq == rows[i].seq);
    CHECK(m.sent == 2);
    CHECK(m.rejected == 2);
    CHECK(m.not_acknowledged == 1);
    CHECK(m.unknown_ids == 1);
}

TEST_CASE("messages never carry a URL's password", "[batch]") {
    CHECK(sync::redact_url("http://user:pw@proxy:3128") == "http://***@proxy:3128");
    CHECK(sync::redact_url("Failed to connect to https://a:b@host/v1/batches port 443") ==
          "Failed to connect to https://***@host/v1/batches port 443");
    CHECK(sync::redact_url("https://host/v1/batches") == "https://host/v1/batches");
    CHECK(sync::redact_url("no url here") == "no url here");
    CHECK(sync::printable_excerpt("<html>\n<body>captive</body>", 12) == "<html> <body…");
}
