// Store behaviour a visitor and IT rely on: durable entries, private files, recovery.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "store/store.h"
#include "store_fixtures.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::sample_entry;
using feedback::testing::TempDir;
namespace fs = std::filesystem;

TEST_CASE("a stored entry is pending for sync and reads back unchanged", "[store]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto entry = sample_entry(5);
    entry.service_point = "finance";
    entry.reasons = {"fast", "friendly"};
    entry.dimensions = {{"process", 4}, {"staff", 5}};
    entry.comment = "เจ้าหน้าที่ให้คำแนะนำดีมาก ขอบคุณครับ";
    db.add_entry(entry);

    const auto status = db.status();
    CHECK(status.entries == 1);
    CHECK(status.ratings == 1);
    CHECK(status.sync.pending == 1);
    CHECK(status.sync.sent == 0);
    REQUIRE(status.oldest_pending_utc_ms);
    CHECK(*status.oldest_pending_utc_ms == entry.created_utc_ms);

    const auto back = db.find_entry(entry.id);
    REQUIRE(back);
    CHECK(back->rating == 5);
    CHECK(back->service_point == "finance");
    CHECK(back->reasons == std::vector<std::string>{"fast", "friendly"});
    CHECK(back->dimensions.at("process") == 4);
    CHECK(back->dimensions.at("staff") == 5);
    CHECK(back->comment == entry.comment);
    CHECK(back->created_utc_ms == entry.created_utc_ms);
    CHECK(back->utc_offset_min == 420);
    CHECK(back->channel == "kiosk");
    CHECK(back->state == core::SessionState::Closed);
}

TEST_CASE("the database is WAL, synchronous=FULL, with foreign keys, and private", "[store]") {
    TempDir dir;
    store::Store db(dir / "sub" / "kiosk.db");
    db.add_entry(sample_entry());
    CHECK(db.database().query_text("PRAGMA journal_mode") == "wal");
    CHECK(db.database().query_int("PRAGMA synchronous") == 2);
    CHECK(db.database().query_int("PRAGMA foreign_keys") == 1);
    CHECK(db.database().query_int("PRAGMA user_version") == store::latest_schema_version());

    struct stat st{};
    REQUIRE(::stat((dir / "sub" / "kiosk.db").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat((dir / "sub").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(::stat((dir / "sub" / "kiosk.db-wal").c_str(), &st) == 0);
    CHECK((st.st_mode & 0077) == 0);
}

TEST_CASE("an invalid entry is refused and nothing is stored", "[store]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto bad = sample_entry();
    bad.rating = 6;
    CHECK_THROWS_WITH(db.add_entry(bad), Catch::Contains("rating must be from 1 to 5"));
    bad = sample_entry();
    bad.dimensions["staff"] = 0;
    CHECK_THROWS_AS(db.add_entry(bad), std::invalid_argument);
    CHECK(db.status().entries == 0);
}

TEST_CASE("a duplicate entry id is refused", "[store]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    const auto entry = sample_entry();
    db.add_entry(entry);
    CHECK_THROWS_AS(db.add_entry(entry), store::StoreError);
    CHECK(db.status().entries == 1);
    CHECK(db.status().sync.pending == 1);
}

TEST_CASE("open sessions are updated in place, closed ones never change", "[store]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto entry = sample_entry(2);
    entry.state = core::SessionState::Open;
    db.add_entry(entry);
    CHECK(db.status().open_sessions == 1);

    entry.reasons = {"slow"};
    entry.comment = "รอนานมาก";
    CHECK(db.update_entry(entry));
    CHECK(db.find_entry(entry.id)->comment == "รอนานมาก");

    CHECK(db.close_entry(entry.id));
    CHECK_FALSE(db.close_entry(entry.id));
    entry.comment = "changed after closing";
    CHECK_FALSE(db.update_entry(entry));
    CHECK(db.find_entry(entry.id)->comment == "รอนานมาก");
    CHECK(db.find_entry(entry.id)->reasons == std::vector<std::string>{"slow"});
}

TEST_CASE("sessions left open by a crash are closed at the next start", "[store]") {
    TempDir dir;
    {
        store::Store db(dir / "kiosk.db");
        for (int i = 0; i < 3; ++i) {
            auto e = sample_entry();
            e.state = core::SessionState::Open;
            db.add_entry(e);
        }
        db.add_entry(sample_entry());
    }
    store::Store db(dir / "kiosk.db");
    CHECK(db.close_open_entries() == 3);
    CHECK(db.status().open_sessions == 0);
    CHECK(db.status().entries == 4);
}

TEST_CASE("settings and the audit log persist", "[store]") {
    TempDir dir;
    {
        store::Store db(dir / "kiosk.db");
        CHECK_FALSE(db.setting("pin"));
        db.set_setting("office", "อบต.ดงมูลเหล็ก");
        db.set_setting("office", "เทศบาลตำบล");
        db.audit("staff", "export", "2569-H1 csv");
    }
    store::Store db(dir / "kiosk.db");
    CHECK(db.setting("office") == "เทศบาลตำบล");
    const auto log = db.audit_log();
    REQUIRE(log.size() == 1);
    CHECK(log[0].actor == "staff");
    CHECK(log[0].action == "export");
    CHECK(log[0].detail == "2569-H1 csv");
}

TEST_CASE("a full disk is reported clearly and loses nothing already stored", "[store]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    db.add_entry(sample_entry());
    // Simulate a disk that fills up: cap the database at its current size plus a little.
    const auto pages = db.database().query_int("PRAGMA page_count");
    db.database().exec("PRAGMA max_page_count = " + std::to_string(pages + 2));
    int stored = 1;
    bool failed = false;
    for (int i = 0; i < 10'000 && !failed; ++i) {
        auto e = sample_entry();
        e.comment = std::string(1500, 'x');
        try {
            db.add_entry(e);
            ++stored;
        } catch (const store::StoreError& error) {
            failed = true;
            CHECK(error.disk_full());
            CHECK_THAT(error.what(), Catch::Contains("the disk is full"));
        }
    }
    REQUIRE(failed);
    CHECK(db.status().entries == stored);
    CHECK(db.status().sync.pending == stored);
    CHECK(db.database().query_text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("outside_hours is stored with the entry and kept by later updates", "[store][office-hours]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto night = sample_entry(3);
    night.state = core::SessionState::Open;
    night.outside_hours = true;
    const auto day = sample_entry(4);
    db.add_entry(night);
    db.add_entry(day);
    CHECK(db.find_entry(night.id)->outside_hours);
    CHECK_FALSE(db.find_entry(day.id)->outside_hours);
    // Follow-up answers and closing do not change when the answer was given.
    night.comment = "ดึกแล้ว";
    CHECK(db.update_entry(night));
    CHECK(db.close_entry(night.id));
    CHECK(db.find_entry(night.id)->outside_hours);
    CHECK(db.database().query_int("SELECT count(*) FROM entries WHERE outside_hours = 1") == 1);
    // A complaint made while closed, and bulk writes, carry it too.
    auto complaint_entry = sample_entry();
    complaint_entry.kind = core::EntryKind::Complaint;
    complaint_entry.rating.reset();
    complaint_entry.outside_hours = true;
    core::Complaint complaint;
    complaint.category = "delay";
    db.add_complaint(complaint_entry, complaint);
    CHECK(db.find_entry(complaint_entry.id)->outside_hours);
    {
        store::Store::BulkWriter writer(db);
        auto bulk = sample_entry();
        bulk.outside_hours = true;
        writer.add(bulk);
        writer.finish();
        CHECK(db.find_entry(bulk.id)->outside_hours);
    }
    CHECK(db.database().query_int("SELECT count(*) FROM entries WHERE outside_hours = 1") == 3);
    // The column refuses anything but 0 and 1.
    CHECK_THROWS(db.database().exec("UPDATE entries SET outside_hours = 2"));
}

TEST_CASE("bulk writes commit in chunks and roll back an unfinished chunk", "[store]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    {
        store::Store::BulkWriter writer(db, 100);
        for (int i = 0; i < 250; ++i) writer.add(sample_entry(1 + i % 5));
        CHECK(writer.written() == 250);
        // Destroyed without finish(): the last 50 are not committed.
    }
    CHECK(db.status().entries == 200);
    {
        store::Store::BulkWriter writer(db, 100);
        for (int i = 0; i < 30; ++i) writer.add(sample_entry());
        writer.finish();
    }
    CHECK(db.status().entries == 230);
    CHECK(db.status().sync.pending == 230);
}

TEST_CASE("answer lists with awkward characters round-trip through their JSON columns", "[store]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto entry = sample_entry();
    entry.reasons = {"quote\"d", "back\\slash", "tab\there", "ไทย"};
    entry.dimensions = {{"a\"b", 3}, {"", 1}};
    db.add_entry(entry);
    const auto back = db.find_entry(entry.id);
    REQUIRE(back);
    CHECK(back->reasons == entry.reasons);
    CHECK(back->dimensions == entry.dimensions);
    CHECK(db.database().query_int("SELECT count(*) FROM entries, json_each(entries.reasons)") == 4);
}

TEST_CASE("a complaint and its details are stored together and queued", "[store]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto entry = sample_entry();
    entry.kind = core::EntryKind::Complaint;
    entry.rating.reset();
    core::Complaint complaint;
    complaint.category = "bribery";
    complaint.description = "ถูกเรียกเงินเพิ่ม";
    complaint.anonymous = false;
    complaint.contact_name = "สมชาย";
    complaint.contact_phone = "0812345678";
    complaint.reference = "K01-691127-0001";
    complaint.sensitive = true;
    db.add_complaint(entry, complaint);
    CHECK(db.status().complaints == 1);
    CHECK(db.status().sync.pending == 1);
    CHECK(db.find_complaint(entry.id) == complaint);
    CHECK_FALSE(db.find_complaint(sample_entry().id));
    auto rating = sample_entry();
    CHECK_THROWS_AS(db.add_complaint(rating, complaint), std::invalid_argument);
}

TEST_CASE("complaint contact details are erased on the right day after acknowledgement", "[store][retention]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto entry = sample_entry();
    entry.kind = core::EntryKind::Complaint;
    entry.rating.reset();
    entry.state = core::SessionState::Open;
    core::Complaint complaint;
    complaint.category = "rude";
    db.add_complaint(entry, complaint);
    complaint.anonymous = false;
    complaint.contact_name = "สมชาย";
    complaint.contact_phone = "0812345678";
    const auto stored = db.close_complaint(entry, complaint, "KT1", {2026, 11, 27});
    CHECK(stored.reference == "KT1-691127-0001");

    // Not acknowledged yet, and made less than 30 days ago: nothing is erased.
    const auto t0 = core::parse_iso_utc("2026-12-01T03:00:00.000Z").value();
    db.database().exec("UPDATE entries SET created_utc = '2026-12-01T03:00:00.000Z'");
    CHECK(db.erase_expired_contacts(t0 + 25LL * 86'400'000, 30) == 0);
    CHECK(db.find_complaint(entry.id)->contact_phone == "0812345678");

    // The collector acknowledged it at t0.
    db.database().exec("UPDATE sync_state SET state = 'sent', acknowledged_utc = '2026-12-01T03:00:00.000Z'");
    CHECK(db.erase_expired_contacts(t0 + 30LL * 86'400'000 - 1, 30) == 0);  // the day before
    CHECK(db.find_complaint(entry.id)->contact_name == "สมชาย");
    CHECK(db.erase_expired_contacts(t0 + 30LL * 86'400'000, 30) == 1);      // day 30
    const auto after = db.find_complaint(entry.id);
    CHECK(after->contact_name.empty());
    CHECK(after->contact_phone.empty());
    CHECK(after->category == "rude");            // the complaint itself stays
    CHECK(after->reference == "KT1-691127-0001");
    CHECK(db.audit_log().front().action == "contacts-erased");
    CHECK(db.audit_log().front().detail.find("0812345678") == std::string::npos);
    CHECK(db.erase_expired_contacts(t0 + 60LL * 86'400'000, 30) == 0);      // nothing left
}

TEST_CASE("reference numbers follow a per-device, per-day sequence", "[store][complaint]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    auto make = [&](core::CivilDate day) {
        auto e = sample_entry();
        e.kind = core::EntryKind::Complaint;
        e.rating.reset();
        e.state = core::SessionState::Open;
        core::Complaint c;
        c.category = "other";
        db.add_complaint(e, c);
        return db.close_complaint(e, c, "KT1", day).reference;
    };
    CHECK(make({2026, 11, 27}) == "KT1-691127-0001");
    CHECK(make({2026, 11, 27}) == "KT1-691127-0002");
    CHECK(make({2026, 11, 28}) == "KT1-691128-0001");
}

TEST_CASE("a kiosk that never syncs erases contacts contact_days after the complaint, for good",
          "[store][retention]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    store::Store db(path);
    auto entry = sample_entry();
    entry.kind = core::EntryKind::Complaint;
    entry.rating.reset();
    entry.state = core::SessionState::Open;
    core::Complaint complaint;
    complaint.category = "rude";
    complaint.description = "รอนานมาก";
    db.add_complaint(entry, complaint);
    complaint.contact_name = "Somchai Jaidee Rattanaporn";
    complaint.contact_phone = "0812345678";
    db.close_complaint(entry, complaint, "KT1", {2026, 11, 27});
    db.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const auto raw = [&] {
        db.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        std::string bytes = testing::read_file(path);
        fs::path wal = path;
        wal += "-wal";
        if (fs::exists(wal)) bytes += testing::read_file(wal);
        return bytes;
    };
    REQUIRE(raw().find("0812345678") != std::string::npos);  // the test can see it when it is there
    // The store asks for secure_delete itself (Debian's SQLite has it on by default; other
    // builds do not), so the erased bytes are zeroed in the page, not left in a free block.
    CHECK(db.database().query_int("PRAGMA secure_delete") == 1);

    const auto made = core::parse_iso_utc(db.database().query_text("SELECT created_utc FROM entries")).value();
    CHECK(db.erase_expired_contacts(made + 30LL * 86'400'000 - 1, 30) == 0);  // never synced, day 29
    CHECK(db.erase_expired_contacts(made + 30LL * 86'400'000, 30) == 1);      // never synced, day 30
    const auto after = db.find_complaint(entry.id);
    CHECK(after->contact_phone.empty());
    CHECK(after->contact_name.empty());
    CHECK(after->description == "รอนานมาก");  // the complaint stays, the contact goes
    CHECK(db.status().sync.pending == 1);     // and is still sent, without the contact
    // Neither the name nor the phone number survives anywhere in the file (secure_delete).
    const std::string bytes = raw();
    CHECK(bytes.find("0812345678") == std::string::npos);
    CHECK(bytes.find("Somchai Jaidee Rattanaporn") == std::string::npos);
}
