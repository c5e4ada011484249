// The outbox as the sync daemon and the admin screen rely on it: what is sent, in which order,
// and that an acknowledgement is recorded entirely or not at all.
#include <catch2/catch.hpp>

#include "../store/store_fixtures.h"
#include "store/outbox.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::sample_entry;
using feedback::testing::TempDir;
using store::EntryResult;

namespace {

std::vector<core::Entry> add_closed(store::Store& db, int n) {
    std::vector<core::Entry> out;
    for (int i = 0; i < n; ++i) {
        auto e = sample_entry(1 + i % 5);
        e.created_utc_ms += i;  // distinct, increasing times
        db.add_entry(e);
        out.push_back(e);
    }
    return out;
}

std::string sync_state_of(store::Store& db, std::int64_t seq) {
    store::Statement s(db.database(), "SELECT state FROM sync_state WHERE entry_seq = ?1");
    s.bind_all(seq);
    REQUIRE(s.step());
    return s.text(0);
}

std::int64_t attempts_of(store::Store& db, std::int64_t seq) {
    store::Statement s(db.database(), "SELECT attempts FROM sync_state WHERE entry_seq = ?1");
    s.bind_all(seq);
    REQUIRE(s.step());
    return s.int64(0);
}

}  // namespace

TEST_CASE("next_batch returns closed pending entries, oldest first, up to the limit", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    auto entries = add_closed(db, 5);
    auto open = sample_entry(3);
    open.state = core::SessionState::Open;
    db.add_entry(open);
    add_closed(db, 1);

    store::Outbox outbox(db);
    const auto batch = outbox.next_batch(4);
    REQUIRE(batch.size() == 4);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        CHECK(batch[i].entry.id == entries[i].id);
        CHECK(batch[i].attempts == 0);
        CHECK_FALSE(batch[i].complaint);
    }
    CHECK(batch[0].seq < batch[1].seq);

    // The open session is skipped (it may still gain a comment), not blocking those after it.
    const auto all = outbox.next_batch(100);
    CHECK(all.size() == 6);
    for (const auto& e : all) CHECK(e.entry.id != open.id);
    CHECK(outbox.counts().pending == 7);
    CHECK(outbox.counts().ready == 6);

    // Closing it makes it ready.
    REQUIRE(db.close_entry(open.id));
    CHECK(outbox.next_batch(100).size() == 7);
    CHECK(outbox.next_batch(0).empty());

    // The batch after a given one (what the daemon reads while a batch is in flight).
    const auto after = outbox.next_batch(2, batch[3].seq);
    REQUIRE(after.size() == 2);
    CHECK(after[0].entry.id == entries[4].id);
    CHECK(after[0].seq > batch[3].seq);
}

TEST_CASE("next_batch gives back the whole entry", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    auto e = sample_entry(2);
    e.service_point = "finance";
    e.reasons = {"long_wait", "complicated_steps"};
    e.dimensions = {{"staff", 2}, {"process", 1}};
    e.comment = "รอนานมาก \"quoted\"\nline";
    e.language = "en";
    e.misuse = true;
    db.add_entry(e);
    store::Outbox outbox(db);
    const auto batch = outbox.next_batch(10);
    REQUIRE(batch.size() == 1);
    const auto& back = batch[0].entry;
    CHECK(back.id == e.id);
    CHECK(back.kind == core::EntryKind::Rating);
    CHECK(back.created_utc_ms == e.created_utc_ms);
    CHECK(back.utc_offset_min == 420);
    CHECK(back.device_id == e.device_id);
    CHECK(back.service_point == "finance");
    CHECK(back.rating == 2);
    CHECK(back.reasons == e.reasons);
    CHECK(back.dimensions == e.dimensions);
    CHECK(back.comment == e.comment);
    CHECK(back.language == "en");
    CHECK(back.misuse);
    CHECK(back.survey_version == e.survey_version);
    CHECK(back.channel == "kiosk");
}

TEST_CASE("a complaint's details travel with it", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    auto e = sample_entry();
    e.kind = core::EntryKind::Complaint;
    e.rating.reset();
    db.add_entry(e);
    store::Statement(db.database(),
                     "INSERT INTO complaints (entry_seq, category, description, anonymous, "
                     "contact_name, contact_phone, reference, sensitive) SELECT seq, 'rude', "
                     "'ไม่สุภาพ', 0, 'สมชาย', '0812345678', 'R-1', 1 FROM entries")
        .run();
    store::Outbox outbox(db);
    const auto batch = outbox.next_batch(10);
    REQUIRE(batch.size() == 1);
    REQUIRE(batch[0].complaint);
    CHECK(batch[0].complaint->category == "rude");
    CHECK(batch[0].complaint->description == "ไม่สุภาพ");
    CHECK_FALSE(batch[0].complaint->anonymous);
    CHECK(batch[0].complaint->contact_name == "สมชาย");
    CHECK(batch[0].complaint->contact_phone == "0812345678");
    CHECK(batch[0].complaint->reference == "R-1");
    CHECK(batch[0].complaint->sensitive);
    CHECK(batch[0].complaint->occurred.empty());
}

TEST_CASE("record_results: sent, rejected and not-acknowledged entries", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    add_closed(db, 4);
    store::Outbox outbox(db);
    outbox.record_attempt_failure("b0", {}, "network: down");
    outbox.set_alert("token refused");
    const auto batch = outbox.next_batch(10);
    REQUIRE(batch.size() == 4);

    outbox.record_results("batch-1", {EntryResult::sent(batch[0].seq),
                                      EntryResult::rejected(batch[1].seq, "rating: out of range"),
                                      EntryResult::not_acknowledged(batch[2].seq),
                                      EntryResult::sent(batch[3].seq)});
    CHECK(sync_state_of(db, batch[0].seq) == "sent");
    CHECK(sync_state_of(db, batch[1].seq) == "rejected");
    CHECK(sync_state_of(db, batch[2].seq) == "pending");
    CHECK(attempts_of(db, batch[2].seq) == 1);
    CHECK(attempts_of(db, batch[0].seq) == 1);

    const auto c = outbox.counts();
    CHECK(c.sent == 2);
    CHECK(c.rejected == 1);
    CHECK(c.pending == 1);
    CHECK(c.ready == 1);

    // The not-acknowledged entry comes back, with its attempt counted.
    const auto again = outbox.next_batch(10);
    REQUIRE(again.size() == 1);
    CHECK(again[0].seq == batch[2].seq);
    CHECK(again[0].attempts == 1);

    // The rejected entry is kept and listed with the collector's reason.
    const auto rejected = outbox.rejected();
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].id == batch[1].entry.id);
    CHECK(rejected[0].reason == "rating: out of range");
    CHECK(rejected[0].batch_id == "batch-1");
    CHECK_FALSE(rejected[0].acknowledged_utc.empty());
    CHECK(db.find_entry(batch[1].entry.id));

    // An answer proves the endpoint works: last success set, last error and alert cleared.
    const auto h = outbox.health();
    CHECK(h.last_success_utc);
    CHECK_FALSE(h.last_error);
    CHECK_FALSE(h.alert);
    CHECK(h.last_attempt_utc);
}

TEST_CASE("record_results is one transaction: all of it or none of it", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    add_closed(db, 5);
    store::Outbox outbox(db);
    const auto batch = outbox.next_batch(10);
    // Make the 4th update fail half-way through, as a full disk or a crash would.
    db.database().exec("CREATE TEMP TRIGGER fail_fourth BEFORE UPDATE ON main.sync_state WHEN "
                       "old.entry_seq = " + std::to_string(batch[3].seq) +
                       " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
    std::vector<EntryResult> results;
    for (const auto& e : batch) results.push_back(EntryResult::sent(e.seq));
    CHECK_THROWS_AS(outbox.record_results("b", results), store::StoreError);

    for (const auto& e : batch) CHECK(sync_state_of(db, e.seq) == "pending");
    CHECK(outbox.counts().sent == 0);
    CHECK_FALSE(outbox.health().last_success_utc);

    db.database().exec("DROP TRIGGER fail_fourth");
    outbox.record_results("b", results);
    CHECK(outbox.counts().sent == 5);
    CHECK(outbox.counts().pending == 0);
}

TEST_CASE("a late answer does not undo an earlier one", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    add_closed(db, 1);
    store::Outbox outbox(db);
    const auto seq = outbox.next_batch(1).at(0).seq;
    outbox.record_results("b1", {EntryResult::sent(seq)});
    outbox.record_results("b2", {EntryResult::rejected(seq, "late")});
    outbox.record_results("b3", {EntryResult::not_acknowledged(seq)});
    CHECK(sync_state_of(db, seq) == "sent");
    CHECK(attempts_of(db, seq) == 1);
    CHECK(outbox.rejected().empty());
}

TEST_CASE("a failed attempt keeps entries pending and records the reason", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    add_closed(db, 3);
    store::Outbox outbox(db);
    const auto batch = outbox.next_batch(10);
    outbox.record_attempt_failure("b1", {batch[0].seq, batch[1].seq}, "HTTP 503 from the collector");
    CHECK(outbox.counts().pending == 3);
    CHECK(attempts_of(db, batch[0].seq) == 1);
    CHECK(attempts_of(db, batch[2].seq) == 0);
    const auto h = outbox.health();
    CHECK(h.last_error == "HTTP 503 from the collector");
    CHECK(h.last_error_utc);
    CHECK_FALSE(h.last_success_utc);
    CHECK(db.setting(store::kSyncLastErrorKey) == "HTTP 503 from the collector");
}

TEST_CASE("the authentication alert is set, kept and cleared", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    store::Outbox outbox(db);
    CHECK_FALSE(outbox.health().alert);
    outbox.set_alert("the collector refused this kiosk's credentials");
    const auto first = outbox.health();
    REQUIRE(first.alert);
    CHECK(*first.alert == "the collector refused this kiosk's credentials");
    REQUIRE(first.alert_utc);
    // Raising the same alert again does not rewrite it (its time says since when).
    db.database().exec("UPDATE settings SET value = '2000-01-01T00:00:00.000Z' WHERE key = 'sync.alert_utc'");
    outbox.set_alert("the collector refused this kiosk's credentials");
    CHECK(outbox.health().alert_utc == "2000-01-01T00:00:00.000Z");
    outbox.set_alert("another problem");
    CHECK(outbox.health().alert_utc != "2000-01-01T00:00:00.000Z");
    outbox.clear_alert();
    CHECK_FALSE(outbox.health().alert);
    CHECK_FALSE(outbox.health().alert_utc);
}

TEST_CASE("rejected entries can be queued again, never lost", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    add_closed(db, 3);
    store::Outbox outbox(db);
    const auto batch = outbox.next_batch(10);
    outbox.record_results("b", {EntryResult::rejected(batch[0].seq, "x"),
                                EntryResult::rejected(batch[1].seq, "y"), EntryResult::sent(batch[2].seq)});
    CHECK(outbox.counts().rejected == 2);
    CHECK(outbox.requeue_rejected() == 2);
    CHECK(outbox.counts().rejected == 0);
    const auto again = outbox.next_batch(10);
    REQUIRE(again.size() == 2);
    CHECK(again[0].seq == batch[0].seq);
    CHECK(outbox.oldest_pending_utc_ms() == batch[0].entry.created_utc_ms);
}

TEST_CASE("a backlog written by the bulk writer drains in order", "[outbox]") {
    TempDir dir;
    store::Store db(dir / "k.db");
    {
        store::Store::BulkWriter writer(db, 1000);
        for (int i = 0; i < 2500; ++i) {
            auto e = sample_entry(1 + i % 5);
            writer.add(e);
        }
        writer.finish();
    }
    store::Outbox outbox(db);
    std::int64_t last_seq = 0;
    std::size_t total = 0;
    for (;;) {
        const auto batch = outbox.next_batch(200);
        if (batch.empty()) break;
        std::vector<EntryResult> results;
        for (const auto& e : batch) {
            CHECK(e.seq > last_seq);
            last_seq = e.seq;
            results.push_back(EntryResult::sent(e.seq));
        }
        outbox.record_results("b", results);
        total += batch.size();
    }
    CHECK(total == 2500);
    CHECK(outbox.counts().sent == 2500);
    CHECK_FALSE(outbox.oldest_pending_utc_ms());
}
