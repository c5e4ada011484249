// Issue 14, defect 1: only real damage sets a database aside. A read error is retried and then
// reported; the sync daemon never sets aside; a fresh database another process has just put at
// the path is never renamed; set-aside files stay listed until merged back or dismissed.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "faulty_vfs.h"
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

std::vector<std::string> corrupt_files(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".corrupt-") != std::string::npos) out.push_back(e.path().filename());
    return out;
}

// A database of `count` entries spread over several pages, checkpointed into the main file.
std::vector<std::string> make_database(const fs::path& path, int count) {
    std::vector<std::string> ids;
    store::Store db(path);
    store::Store::BulkWriter writer(db);
    for (int i = 0; i < count; ++i) {
        auto e = sample_entry(1 + i % 5);
        e.comment = "ความคิดเห็นที่ " + std::to_string(i);
        ids.push_back(e.id);
        writer.add(e);
    }
    writer.finish();
    db.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return ids;
}

std::string garbage() {
    std::string out;
    for (int i = 0; i < 8192; ++i) out += static_cast<char>((i * 7919) % 251);
    return out;
}

}  // namespace

TEST_CASE("what an integrity check's outcome means", "[store][corrupt][read-error]") {
    using store::Integrity;
    using store::classify_integrity;
    CHECK(classify_integrity(0, "ok") == Integrity::Healthy);
    // Errors the check itself failed with.
    CHECK(classify_integrity(SQLITE_CORRUPT, "") == Integrity::Damaged);
    CHECK(classify_integrity(SQLITE_NOTADB, "") == Integrity::Damaged);
    CHECK(classify_integrity(SQLITE_CORRUPT_INDEX, "") == Integrity::Damaged);
    CHECK(classify_integrity(SQLITE_IOERR_READ, "") == Integrity::ReadError);  // 266, as in the issue
    CHECK(classify_integrity(SQLITE_IOERR_SHORT_READ, "") == Integrity::ReadError);
    CHECK(classify_integrity(SQLITE_NOMEM, "") == Integrity::ReadError);
    CHECK(classify_integrity(SQLITE_BUSY, "") == Integrity::ReadError);
    // Rows the check returned: a page it could not read is a read error, not damage.
    CHECK(classify_integrity(0, "*** in database main ***\nPage 7: unable to get the page. error code=266") ==
          Integrity::ReadError);
    CHECK(classify_integrity(0, "*** in database main ***\nOn tree page 2 cell 0: failed to get page 9") ==
          Integrity::ReadError);
    CHECK(classify_integrity(0, "Page 5 is never used\nPage 7: unable to get the page. error code=10") ==
          Integrity::ReadError);
    CHECK(classify_integrity(0, "*** in database main ***\nPage 7: unable to get the page. error code=11") ==
          Integrity::Damaged);
    CHECK(classify_integrity(0, "*** in database main ***\nPage 5 is never used") == Integrity::Damaged);
    CHECK(classify_integrity(0, "row 3 missing from index entries_by_time") == Integrity::Damaged);
    CHECK(classify_integrity(0, "") == Integrity::ReadError);  // no verdict at all
}

TEST_CASE("a read error during the check never sets a healthy database aside", "[store][read-error]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    const auto ids = make_database(path, 3000);
    const std::string before = read_file(path);
    testing::FaultyVfs vfs;

    SECTION("a read error that lasts is reported as an I/O error, nothing moved") {
        testing::FaultyVfs::failing = true;
        try {
            store::Store db(path);
            FAIL("opening succeeded although every read past page 1 failed");
        } catch (const store::StoreError& e) {
            CHECK((e.code() & 0xFF) == SQLITE_IOERR);
            CHECK_THAT(e.what(), Catch::Contains("could not be read"));
        }
        CHECK(testing::FaultyVfs::failed_reads > 0);
        CHECK(corrupt_files(dir.path()).empty());
        CHECK(read_file(path) == before);
    }
    SECTION("a passing read error is retried and the file opens with all its entries") {
        testing::FaultyVfs::failing = true;
        testing::FaultyVfs::fail_budget = 1;  // one read fails, the next ones succeed
        {
            store::Store db(path);
            CHECK_FALSE(db.moved_aside());
            CHECK(db.status().entries == 3000);
            CHECK(db.find_entry(ids.back()));
        }
        CHECK(testing::FaultyVfs::failed_reads == 1);
        CHECK(corrupt_files(dir.path()).empty());
    }
}

TEST_CASE("the sync daemon's open never sets a damaged file aside", "[store][corrupt]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    write_file(path, garbage());
    store::StoreOptions daemon;
    daemon.recover_corrupt = false;
    CHECK_THROWS_WITH(store::Store(path, daemon), Catch::Contains("integrity check"));
    CHECK(read_file(path) == garbage());
    CHECK(corrupt_files(dir.path()).empty());
}

TEST_CASE("a fresh database another process put at the path is never renamed", "[store][corrupt][two-process]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    write_file(path, garbage());
    std::string fresh_id;
    store::StoreOptions late;
    // Between this open's check (damage) and its set-aside, the other process (say the
    // `record` command while the kiosk window starts) sets the file aside, starts a fresh
    // database and stores an answer in it.
    late.before_set_aside = [&] {
        store::Store first(path);
        REQUIRE(first.moved_aside());
        auto e = sample_entry();
        fresh_id = e.id;
        first.add_entry(e);
    };
    store::Store second(path, late);
    CHECK_FALSE(second.moved_aside());
    CHECK(corrupt_files(dir.path()).size() == 1);  // the damaged file, once; -wal/-shm not counted
    CHECK(second.find_entry(fresh_id));             // the fresh database is the one in use
    CHECK(second.status().entries == 1);
    CHECK(second.set_aside_files().size() == 1);
}

TEST_CASE("file_replaced tells a long-running reader that the file at its path changed", "[store][corrupt]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    store::Store reader(path);
    CHECK_FALSE(reader.file_replaced());
    fs::rename(path, dir / "kiosk.db.corrupt-20260101T000000000Z");
    CHECK(reader.file_replaced());
    store::Store fresh(path);
    CHECK(reader.file_replaced());
    CHECK_FALSE(fresh.file_replaced());
}

TEST_CASE("a set-aside file stays listed until merged back or dismissed", "[store][corrupt]") {
    TempDir dir;
    const auto path = dir / "kiosk.db";
    write_file(path, garbage());
    store::Store db(path);
    REQUIRE(db.moved_aside());
    const auto listed = db.set_aside_files();
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].path == *db.moved_aside());
    CHECK(listed[0].size_bytes == garbage().size());
    CHECK(db.status().set_aside.size() == 1);
    // Reopening (a restart) still lists it.
    {
        store::Store again(path);
        CHECK(again.set_aside_files().size() == 1);
    }
    CHECK_FALSE(db.clear_set_aside(dir / "kiosk.db", "dismissed"));            // not a set-aside file
    CHECK_FALSE(db.clear_set_aside(dir / "kiosk.db.corrupt-nope", "dismissed"));  // no such file
    CHECK(db.clear_set_aside(*db.moved_aside(), "dismissed"));
    CHECK(db.set_aside_files().empty());
    CHECK(fs::exists(*db.moved_aside()));  // the file itself is kept
    CHECK(db.audit_log().front().action == "set-aside-dismissed");
}
