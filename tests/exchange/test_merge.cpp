// Merging another kiosk's database: the union by entry id, sync states and complaint details
// carried over, one transaction, and the source file never changed (not even migrated).
#include <catch2/catch.hpp>

#include "core/clock.h"
#include "core/uuid.h"
#include "exchange/merge.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::TempDir;

namespace {

core::Entry rating(int value, const std::string& device) {
    auto e = core::make_rating_entry(value, device, "2025.1", "th");
    e.state = core::SessionState::Closed;
    return e;
}

core::Entry complaint_entry(const std::string& device) {
    core::Entry e;
    e.id = core::make_uuid_v7(core::now_utc_ms());
    e.kind = core::EntryKind::Complaint;
    e.created_utc_ms = core::now_utc_ms();
    e.utc_offset_min = 420;
    e.device_id = device;
    e.survey_version = "2025.1";
    e.state = core::SessionState::Closed;
    return e;
}

void mark_sent(store::Store& s, const std::string& id, const std::string& batch) {
    store::Statement u(s.database(),
                       "UPDATE sync_state SET state = 'sent', batch_id = ?2, attempts = 1, "
                       "last_attempt_utc = '2026-01-01T00:00:00.000Z', acknowledged_utc = '2026-01-01T00:00:01.000Z' "
                       "WHERE entry_seq = (SELECT seq FROM entries WHERE id = ?1)");
    u.bind_all(id, batch).run();
}

std::string state_of(store::Store& s, const std::string& id) {
    store::Statement q(s.database(),
                       "SELECT state || '|' || coalesce(batch_id, '') || '|' || coalesce(acknowledged_utc, '') "
                       "FROM sync_state WHERE entry_seq = (SELECT seq FROM entries WHERE id = ?1)");
    q.bind_all(id);
    return q.step() ? q.text(0) : "";
}

struct Kiosk {
    std::string sent, pending, complaint;
};

Kiosk fill(store::Store& s, const std::string& device, const std::string& reference) {
    Kiosk k;
    auto a = rating(5, device);
    auto b = rating(2, device);
    b.outside_hours = true;  // given while the office was closed: the mark must travel too
    s.add_entry(a);
    s.add_entry(b);
    mark_sent(s, a.id, "batch-" + device);
    auto c = complaint_entry(device);
    core::Complaint details;
    details.category = "rude";
    details.description = "พูดจาไม่สุภาพ";
    details.anonymous = false;
    details.contact_name = "สมชาย";
    details.contact_phone = "0812345678";
    details.reference = reference;
    s.add_complaint(c, details);
    return {a.id, b.id, c.id};
}

}  // namespace

TEST_CASE("merging two kiosks gives the union with sync states and complaints preserved", "[exchange][merge]") {
    TempDir dir;
    store::Store here(dir / "here.db");
    const auto mine = fill(here, "kiosk-a", "A-0001");
    Kiosk theirs;
    {
        store::Store other(dir / "other.db");
        theirs = fill(other, "kiosk-b", "B-0001");
        other.add_entry([&] { auto e = *here.find_entry(mine.pending); return e; }());  // shared history
    }
    const auto before = testing::read_file(dir / "other.db");

    const auto result = exchange::merge_database(here, dir / "other.db");
    CHECK(result.merged == 3);
    CHECK(result.already_present == 1);
    CHECK(result.complaints == 1);
    const auto st = here.status();
    CHECK(st.entries == 6);
    CHECK(st.complaints == 2);
    CHECK(st.sync.sent == 2);
    CHECK(st.sync.pending == 4);
    CHECK(state_of(here, theirs.sent) == "sent|batch-kiosk-b|2026-01-01T00:00:01.000Z");
    CHECK(state_of(here, theirs.pending) == "pending||");
    CHECK(state_of(here, mine.sent) == "sent|batch-kiosk-a|2026-01-01T00:00:01.000Z");
    const auto c = here.find_complaint(theirs.complaint);
    REQUIRE(c);
    CHECK(c->reference == "B-0001");
    CHECK(c->contact_phone == "0812345678");
    CHECK(c->description == "พูดจาไม่สุภาพ");
    CHECK(here.find_entry(theirs.sent)->device_id == "kiosk-b");
    CHECK(here.find_entry(theirs.pending)->outside_hours);
    CHECK_FALSE(here.find_entry(theirs.sent)->outside_hours);
    CHECK(testing::read_file(dir / "other.db") == before);

    const auto again = exchange::merge_database(here, dir / "other.db");
    CHECK(again.merged == 0);
    CHECK(again.already_present == 4);
    CHECK(here.status().entries == 6);
}

TEST_CASE("a source from a newer schema is refused and left untouched", "[exchange][merge]") {
    TempDir dir;
    {
        store::Store other(dir / "newer.db");
        other.add_entry(rating(4, "kiosk-b"));
        other.database().exec("PRAGMA user_version = 99");
    }
    const auto before = testing::read_file(dir / "newer.db");
    store::Store here(dir / "here.db");
    try {
        exchange::merge_database(here, dir / "newer.db");
        FAIL("merge accepted a newer schema");
    } catch (const store::StoreError& e) {
        CHECK(std::string(e.what()).find("newer release") != std::string::npos);
        CHECK(std::string(e.what()).find((dir / "newer.db").string()) != std::string::npos);
    }
    CHECK(here.status().entries == 0);
    CHECK(testing::read_file(dir / "newer.db") == before);
}

TEST_CASE("a source from an older schema is merged from a migrated copy, the file itself unchanged",
          "[exchange][merge]") {
    TempDir dir;
    std::string id;
    {
        store::StoreOptions old;
        old.target_version = 2;  // before settings, audit log and channel
        store::Store other(dir / "old.db", old);
        store::Statement insert(other.database(),
                                "INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, rating, "
                                "language, session_state, survey_version, updated_utc) VALUES (?1, 'rating', "
                                "'2025-11-03T02:00:00.000Z', 420, 'old-kiosk', 3, 'th', 'closed', '2024.1', "
                                "'2025-11-03T02:00:00.000Z')");
        id = core::make_uuid_v7(core::now_utc_ms());
        insert.bind_all(id).run();
        other.database().exec("INSERT INTO sync_state (entry_seq, state, queued_utc) VALUES (1, 'pending', "
                              "'2025-11-03T02:00:00.000Z')");
    }
    const auto before = testing::read_file(dir / "old.db");
    store::Store here(dir / "here.db");
    const auto result = exchange::merge_database(here, dir / "old.db");
    CHECK(result.merged == 1);
    CHECK(here.find_entry(id)->channel == "kiosk");
    CHECK(state_of(here, id) == "pending||");
    CHECK(testing::read_file(dir / "old.db") == before);
}

TEST_CASE("a missing source or this database itself is refused", "[exchange][merge]") {
    TempDir dir;
    store::Store here(dir / "here.db");
    CHECK_THROWS_AS(exchange::merge_database(here, dir / "nope.db"), store::StoreError);
    CHECK_THROWS_AS(exchange::merge_database(here, dir / "here.db"), std::invalid_argument);
}
