// Storage::report_snapshot() (issue 19) on both stores (issue 20; this suite also runs as "-pg"):
// every reader of one snapshot sees the same entries, none stored after it was taken, in
// created_utc order with arrival breaking ties, and the filter (period, sources, complaints,
// limit) selects the same rows on SQLite and on PostgreSQL (whose snapshot is exported by the
// first reader and imported by the others).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../protocol/samples.h"
#include "storage.h"
#include "temp_dir.h"
#include "test_database.h"

using namespace feedback;

namespace {

std::string uuid(int n) {
    char text[64];
    std::snprintf(text, sizeof text, "0190f3c2-7a1b-7c3d-8e4f-%012d", n);
    return text;
}

protocol::WireEntry entry(int n, const std::string& device, const std::string& created_utc, bool complaint = false) {
    auto e = complaint ? samples::complaint_entry(uuid(n)) : samples::rating_entry(uuid(n));
    e.device_id = device;
    e.created_utc = created_utc;
    if (complaint) e.complaint->reference = "REF-" + std::to_string(n);
    return e;
}

void deliver(collector::Storage& storage, const std::string& device, const std::vector<protocol::WireEntry>& entries,
             int batch_number) {
    protocol::Batch batch;
    batch.batch_id = uuid(900'000'000 + batch_number);
    batch.device_id = device;
    batch.app_version = "0.1.0";
    batch.sent_utc = "2026-11-27T07:06:00.000Z";
    batch.entries = entries;
    storage.store_batch(device, batch, entries, {}, std::nullopt);
}

std::vector<std::string> ids(collector::ReportSnapshot& snapshot, int reader, const collector::ReportEntryFilter& filter) {
    std::vector<std::string> out;
    snapshot.for_each_entry(reader, filter, [&](const collector::ReportEntryView& row) {
        out.emplace_back(row.id);
        CHECK(row.has_complaint == (row.kind == "complaint"));
    });
    return out;
}

}  // namespace

TEST_CASE("a report snapshot's readers see the same entries, in time order, filtered alike on both stores",
          "[combined][snapshot]") {
    testing::TempDir dir;
    const std::string db = testing::test_db(dir / "collector.db");
    collector::Storage storage(db);
    // Out of time order on purpose: 3 was created first, 1 and 2 share a time (arrival decides).
    deliver(storage, "kiosk-a",
            {entry(1, "kiosk-a", "2026-01-10T03:00:00.000Z"), entry(2, "kiosk-a", "2026-01-10T03:00:00.000Z", true)},
            1);
    deliver(storage, "kiosk-b",
            {entry(3, "kiosk-b", "2026-01-05T03:00:00.000Z"), entry(4, "kiosk-b", "2026-03-01T03:00:00.000Z", true)},
            2);
    deliver(storage, "kiosk-c", {entry(5, "kiosk-c", "2025-12-31T23:59:59.999Z")}, 3);

    const auto snapshot = storage.report_snapshot(2);
    REQUIRE(snapshot->readers() == 2);
    // Stored after the snapshot: in neither reader.
    deliver(storage, "kiosk-a", {entry(6, "kiosk-a", "2026-01-20T03:00:00.000Z")}, 4);

    const collector::ReportEntryFilter all{"2026-01-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z", std::nullopt, false, 0};
    const std::vector<std::string> expected{uuid(3), uuid(1), uuid(2), uuid(4)};
    CHECK(ids(*snapshot, 0, all) == expected);
    CHECK(ids(*snapshot, 1, all) == expected);

    auto sources = all;
    sources.sources = std::vector<std::string>{"kiosk-a", "no \"such\" \\ kiosk"};
    CHECK(ids(*snapshot, 1, sources) == std::vector<std::string>{uuid(1), uuid(2)});
    auto complaints = all;
    complaints.complaints_only = true;
    CHECK(ids(*snapshot, 0, complaints) == std::vector<std::string>{uuid(2), uuid(4)});
    auto first_two = all;
    first_two.limit = 2;
    CHECK(ids(*snapshot, 0, first_two) == std::vector<std::string>{uuid(3), uuid(1)});
    // The upper bound is exclusive and the lower inclusive, compared as text.
    const collector::ReportEntryFilter january{"2026-01-05T03:00:00.000Z", "2026-01-10T03:00:00.000Z", std::nullopt,
                                               false, 0};
    CHECK(ids(*snapshot, 1, january) == std::vector<std::string>{uuid(3)});

    // A new snapshot sees the later entry.
    CHECK(ids(*storage.report_snapshot(1), 0, all).size() == 5);
}
