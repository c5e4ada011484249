// Upgrades from every earlier schema, refusal of a newer one, and damaged files kept aside.
#include <catch2/catch.hpp>
#include <filesystem>

#include "store/store.h"
#include "store_fixtures.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::read_file;
using feedback::testing::sample_entry;
using feedback::testing::TempDir;
using feedback::testing::write_file;
namespace fs = std::filesystem;

namespace {

// Inserts one rating with the columns that exist at schema version 1, as an old release did.
void insert_v1_entry(store::Database& db, const std::string& id) {
    db.exec("INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, rating, "
            "language, session_state, survey_version, updated_utc) VALUES ('" + id +
            "', 'rating', '2026-01-05T03:00:00.000Z', 420, 'old-kiosk', 3, 'th', 'closed', "
            "'v1', '2026-01-05T03:00:00.000Z')");
    db.exec("INSERT INTO sync_state (entry_seq, state, queued_utc) VALUES "
            "(last_insert_rowid(), 'pending', '2026-01-05T03:00:00.000Z')");
}

}  // namespace

TEST_CASE("a database at every earlier schema version opens and upgrades", "[store][migration]") {
    for (int version = 0; version < store::latest_schema_version(); ++version) {
        DYNAMIC_SECTION("from user_version " << version) {
            TempDir dir;
            const auto path = dir / "old.db";
            const std::string id = "0190a000-0000-7000-8000-00000000000" + std::to_string(version);
            {
                store::StoreOptions old;
                old.target_version = version;
                store::Store db(path, old);
                CHECK(db.database().query_int("PRAGMA user_version") == version);
                if (version >= 1) insert_v1_entry(db.database(), id);
            }
            store::Store db(path);
            CHECK(db.database().query_int("PRAGMA user_version") == store::latest_schema_version());
            if (version >= 1) {
                const auto entry = db.find_entry(id);
                REQUIRE(entry);
                CHECK(entry->rating == 3);
                CHECK(entry->channel == "kiosk");
                CHECK_FALSE(entry->outside_hours);  // version 5: answers from before are not marked
                CHECK(db.status().sync.pending == 1);
            }
            db.add_entry(sample_entry());
            db.audit("test", "upgraded");
            CHECK(db.database().query_text("PRAGMA integrity_check") == "ok");
        }
    }
}

TEST_CASE("a database from a newer release is refused and left untouched", "[store][migration]") {
    TempDir dir;
    const auto path = dir / "new.db";
    {
        store::Store db(path);
        db.add_entry(sample_entry());
        db.database().exec("PRAGMA user_version = " +
                           std::to_string(store::latest_schema_version() + 1));
        db.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const std::string before = read_file(path);
    try {
        store::Store db(path);
        FAIL("opening a newer database should throw");
    } catch (const store::StoreError& error) {
        CHECK_THAT(error.what(), Catch::Contains("newer release"));
        CHECK_THAT(error.what(), Catch::Contains(path.string()));
    }
    CHECK(read_file(path) == before);
}

TEST_CASE("a garbage file is reported, moved aside, and a fresh database is used",
          "[store][corrupt]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    std::string garbage;
    for (int i = 0; i < 8192; ++i) garbage += static_cast<char>((i * 7919) % 251);
    write_file(path, garbage);

    store::Store db(path);
    REQUIRE(db.moved_aside());
    CHECK(fs::exists(*db.moved_aside()));
    CHECK(read_file(*db.moved_aside()) == garbage);
    CHECK(db.moved_aside()->string().find("kiosk.db.corrupt-") != std::string::npos);
    db.add_entry(sample_entry());
    CHECK(db.status().entries == 1);
    const auto log = db.audit_log();
    REQUIRE_FALSE(log.empty());
    CHECK(log.back().action == "database-moved-aside");
    CHECK_THAT(log.back().detail, Catch::Contains(db.moved_aside()->string()));
}

TEST_CASE("a truncated database is reported and kept aside", "[store][corrupt]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    {
        store::Store db(path);
        store::Store::BulkWriter writer(db);
        for (int i = 0; i < 3000; ++i) {
            auto e = sample_entry(1 + i % 5);
            e.comment = "ความคิดเห็นที่ " + std::to_string(i);
            writer.add(e);
        }
        writer.finish();
        db.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const auto full_size = fs::file_size(path);
    fs::resize_file(path, full_size / 2);
    const std::string truncated = read_file(path);

    SECTION("with recovery the file is moved aside") {
        store::Store db(path);
        REQUIRE(db.moved_aside());
        CHECK(read_file(*db.moved_aside()) == truncated);
        CHECK(db.status().entries == 0);
    }
    SECTION("without recovery opening fails and the file stays where it was") {
        store::StoreOptions strict;
        strict.recover_corrupt = false;
        CHECK_THROWS_WITH(store::Store(path, strict), Catch::Contains("integrity check"));
        CHECK(read_file(path) == truncated);
    }
}
