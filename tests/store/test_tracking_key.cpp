// Complaint tracking keys (issue 18): made with the reference from the CSPRNG, stored with the
// complaint, carried by the outbox, and absent (NULL) for complaints from before schema 6.
#include <catch2/catch.hpp>

#include <set>

#include "store/outbox.h"
#include "store/store.h"
#include "store/tracking_key.h"
#include "store_fixtures.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::sample_entry;
using feedback::testing::TempDir;

namespace {

core::Entry open_complaint_entry() {
    auto e = sample_entry();
    e.kind = core::EntryKind::Complaint;
    e.rating.reset();
    e.state = core::SessionState::Open;
    return e;
}

}  // namespace

TEST_CASE("tracking keys are 16 unambiguous characters, different every time", "[store][tracking]") {
    std::set<std::string> seen;
    std::set<char> used;
    for (int i = 0; i < 2000; ++i) {
        const auto key = store::make_tracking_key();
        REQUIRE(key.size() == 16);
        REQUIRE(store::is_tracking_key(key));
        for (const char c : key) {
            CHECK(std::string_view("ILOU").find(c) == std::string_view::npos);
            used.insert(c);
        }
        seen.insert(key);
    }
    CHECK(seen.size() == 2000);
    CHECK(used.size() == 32);  // every character of the alphabet turns up: the bits are all used
    CHECK_FALSE(store::is_tracking_key("0123456789ABCDEI"));  // I is not in the alphabet
    CHECK_FALSE(store::is_tracking_key("0123456789abcdef"));  // lower case is not made
    CHECK_FALSE(store::is_tracking_key("0123456789ABCDE"));   // too short
}

TEST_CASE("a complaint gets its tracking key with its reference, stored and sent", "[store][tracking]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto entry = open_complaint_entry();
    core::Complaint complaint;
    complaint.category = "rude";
    db.add_complaint(entry, complaint);
    CHECK(db.find_complaint(entry.id)->tracking_key.empty());  // no reference yet, no key
    const auto stored = db.close_complaint(entry, complaint, "KT1", {2026, 11, 27});
    CHECK(stored.reference == "KT1-691127-0001");
    REQUIRE(store::is_tracking_key(stored.tracking_key));
    CHECK(db.find_complaint(entry.id)->tracking_key == stored.tracking_key);
    CHECK(db.database().query_text("SELECT tracking_key FROM complaints") == stored.tracking_key);

    store::Outbox outbox(db);
    const auto batch = outbox.next_batch(10);
    REQUIRE(batch.size() == 1);
    REQUIRE(batch[0].entry.kind == core::EntryKind::Complaint);
    CHECK(batch[0].complaint->tracking_key == stored.tracking_key);

    // A second complaint gets another key.
    auto second = open_complaint_entry();
    db.add_complaint(second, complaint);
    CHECK(db.close_complaint(second, complaint, "KT1", {2026, 11, 27}).tracking_key != stored.tracking_key);
}

TEST_CASE("a complaint closed without a reference gets no tracking key", "[store][tracking]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto entry = open_complaint_entry();
    core::Complaint complaint;
    complaint.category = "rude";
    db.add_complaint(entry, complaint);
    // The visitor walked away: closed with no reference (nobody saw one), so no key either.
    const auto stored = db.close_complaint(entry, complaint, "", {2026, 11, 27});
    CHECK(stored.reference.empty());
    CHECK(stored.tracking_key.empty());
    CHECK(db.database().query_int("SELECT count(*) FROM complaints WHERE tracking_key IS NULL") == 1);
}

TEST_CASE("complaints from before schema 6 keep working without a key", "[store][tracking][migration]") {
    TempDir dir;
    const auto path = dir / "old.db";
    auto entry = open_complaint_entry();
    {
        store::StoreOptions old;
        old.target_version = 5;
        store::Store db(path, old);
        auto& raw = db.database();
        raw.exec("INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, language, session_state, "
                 "survey_version, updated_utc) VALUES ('" + entry.id + "', 'complaint', '2026-01-05T03:00:00.000Z', "
                 "420, 'old-kiosk', 'th', 'closed', 'v1', '2026-01-05T03:00:00.000Z')");
        raw.exec("INSERT INTO complaints (entry_seq, category, reference) VALUES (last_insert_rowid(), 'rude', "
                 "'KT1-690105-0001')");
    }
    store::Store db(path);
    CHECK(db.database().query_int("PRAGMA user_version") >= 6);  // 6 added the key; later versions keep it
    const auto complaint = db.find_complaint(entry.id);
    REQUIRE(complaint);
    CHECK(complaint->reference == "KT1-690105-0001");
    CHECK(complaint->tracking_key.empty());
}
