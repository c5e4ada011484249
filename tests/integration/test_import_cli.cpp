// `feedback-kiosk import` and `merge` as staff and IT run them: the real binary, real files.
// The round trip (demo-data -> export csv -> import into an empty database -> report json) is
// the proof that an export loses nothing the report needs.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "kiosk_fixture.h"
#include "process.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;
using feedback::testing::TempDir;
using feedback::testing::isolated_env;

namespace {
const std::string kKiosk = FEEDBACK_KIOSK_BIN;
const std::string kHeader =
    "\xEF\xBB\xBF" "วันที่ / Date (date),เวลา / Time (time),จุดบริการ / Service point (service_point),"
    "ความพึงพอใจ (rating),ด้านเจ้าหน้าที่ (dimension:staff),เหตุผล / Reasons (reasons),"
    "ความคิดเห็น / Comment (comment)\r\n";

}  // namespace

TEST_CASE("import adds the paper rows once, pending sync, and audit-logs it", "[cli][import]") {
    TempDir dir;
    const auto db = (dir / "k.db").string();
    const auto csv = dir / "paper.csv";
    testing::write_file(csv, kHeader +
                                 "15/01/2569,09:30,สำนักปลัดฯ,มากที่สุด,5,รวดเร็ว; เป็นกันเอง,บริการดี\r\n"
                                 "2026-01-16,,finance,2,,long_wait,\r\n"
                                 "17/01/2026,,กองช่าง,ปานกลาง,,,\r\n");
    const auto dry = run({kKiosk, "import", "--csv", csv.string(), "--dry-run", "--db", db}, isolated_env(dir));
    INFO(dry.err);
    REQUIRE(dry.exit_code == 0);
    CHECK(dry.out == "3 would be imported, 0 already present (dry run: nothing written)\n");
    CHECK(store::Store(db).status().entries == 0);

    const auto first = run({kKiosk, "import", "--csv", csv.string(), "--db", db}, isolated_env(dir));
    REQUIRE(first.exit_code == 0);
    CHECK(first.out == "3 imported, 0 already present\n");
    const auto again = run({kKiosk, "import", "--csv", csv.string(), "--db", db}, isolated_env(dir));
    REQUIRE(again.exit_code == 0);
    CHECK(again.out == "0 imported, 3 already present\n");

    store::Store store(db);
    const auto st = store.status();
    CHECK(st.entries == 3);
    CHECK(st.sync.pending == 3);
    const auto log = store.audit_log();
    REQUIRE(log.size() >= 2);
    CHECK(log[0].action == "import");
    CHECK(log[1].detail.find(csv.string() + " 3 rows") == 0);
}

TEST_CASE("import refuses a file with any bad row, naming row and column, and writes nothing", "[cli][import]") {
    TempDir dir;
    const auto db = (dir / "k.db").string();
    const auto csv = dir / "bad.csv";
    testing::write_file(csv, kHeader +
                                 "15/01/2569,,palad,5,,,\r\n"
                                 "31/02/2569,,palad,5,,,\r\n"
                                 "15/01/2569,,กองไม่มี,9,,,\r\n");
    const auto r = run({kKiosk, "import", "--csv", csv.string(), "--db", db}, isolated_env(dir));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("แถว 3 คอลัมน์ \"วันที่ / Date (date)\"") != std::string::npos);
    CHECK(r.err.find("row 3, column \"วันที่ / Date (date)\": not a real date") != std::string::npos);
    CHECK(r.err.find("row 4, column \"จุดบริการ / Service point (service_point)\"") != std::string::npos);
    CHECK(r.err.find("row 4, column \"ความพึงพอใจ (rating)\"") != std::string::npos);
    CHECK(r.err.find("nothing was imported") != std::string::npos);
    CHECK(store::Store(db).status().entries == 0);

    testing::write_file(csv, kHeader + "15/01/2569,,palad,5,,,\"ไม่ปิด\"x\r\n");
    const auto quote = run({kKiosk, "import", "--csv", csv.string(), "--db", db}, isolated_env(dir));
    CHECK(quote.exit_code == 1);
    CHECK(quote.err.find("row 2: unbalanced or misplaced quote") != std::string::npos);

    CHECK(run({kKiosk, "import", "--db", db}, isolated_env(dir)).exit_code == 2);
    CHECK(run({kKiosk, "import", "--csv", (dir / "missing.csv").string(), "--db", db}, isolated_env(dir)).exit_code ==
          1);
}

TEST_CASE("demo-data -> export csv -> import into an empty database gives the same report", "[cli][import]") {
    TempDir dir;
    const auto a = (dir / "a.db").string();
    const auto b = (dir / "b.db").string();
    const auto csv = (dir / "export.csv").string();
    const auto env = isolated_env(dir);
    REQUIRE(run({kKiosk, "demo-data", "--count", "3000", "--from", "2025-10-01", "--to", "2026-03-31", "--db", a},
                env).exit_code == 0);
    const auto exported = run({kKiosk, "export", "--period", "2569-H1", "--format", "csv", "--out", csv, "--db", a}, env);
    INFO(exported.err);
    REQUIRE(exported.exit_code == 0);
    const auto imported = run({kKiosk, "import", "--csv", csv, "--db", b}, env);
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    CHECK(imported.out == "3000 imported, 0 already present\n");

    auto report = [&](const std::string& db) {
        const auto r = run({kKiosk, "report", "--period", "2569-H1", "--format", "json", "--db", db}, env);
        REQUIRE(r.exit_code == 0);
        auto j = nlohmann::json::parse(r.out);
        j.erase("generated_utc");  // when it was made, not what it says
        return j;
    };
    const auto original = report(a);
    const auto copy = report(b);
    CHECK(original.dump(1) == copy.dump(1));

    // The copy's own export imported back into the original adds nothing: ids were kept.
    const auto back = (dir / "back.csv").string();
    REQUIRE(run({kKiosk, "export", "--period", "2569-H1", "--format", "csv", "--out", back, "--db", b}, env).exit_code == 0);
    const auto again = run({kKiosk, "import", "--csv", back, "--db", a}, env);
    CHECK(again.out == "0 imported, 3000 already present\n");
}

TEST_CASE("merge --from brings another kiosk's entries once and leaves its file alone", "[cli][merge]") {
    TempDir dir;
    const auto here = (dir / "here.db").string();
    const auto other = (dir / "other.db").string();
    const auto env = isolated_env(dir);
    REQUIRE(run({kKiosk, "record", "--rating", "4", "--db", here}, env).exit_code == 0);
    REQUIRE(run({kKiosk, "record", "--rating", "2", "--db", other}, env).exit_code == 0);
    REQUIRE(run({kKiosk, "record", "--rating", "5", "--db", other}, env).exit_code == 0);
    const auto before = testing::read_file(other);

    const auto r = run({kKiosk, "merge", "--from", other, "--db", here}, env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "2 merged, 0 already present\n");
    CHECK(run({kKiosk, "merge", "--from", other, "--db", here}, env).out == "0 merged, 2 already present\n");
    CHECK(testing::read_file(other) == before);
    {
        store::Store s(here);
        CHECK(s.status().entries == 3);
        CHECK(s.audit_log()[0].action == "merge");
    }

    {
        store::Store newer(dir / "newer.db");
        newer.database().exec("PRAGMA user_version = 99");
    }
    const auto newer_bytes = testing::read_file(dir / "newer.db");
    const auto refused = run({kKiosk, "merge", "--from", (dir / "newer.db").string(), "--db", here}, env);
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("newer release") != std::string::npos);
    CHECK(testing::read_file(dir / "newer.db") == newer_bytes);
    CHECK(run({kKiosk, "merge", "--db", here}, env).exit_code == 2);
}

TEST_CASE("import refuses invalid UTF-8, naming row and column, and writes nothing", "[cli][import][utf8]") {
    TempDir dir;
    const auto db = (dir / "k.db").string();
    const auto csv = dir / "paper.csv";
    testing::write_file(csv, kHeader +
                                 "15/01/2569,09:30,สำนักปลัดฯ,5,5,,บริการดี\r\n"
                                 "16/01/2569,09:31,สำนักปลัดฯ,4,,,\xff\xfe\r\n");
    const auto r = run({kKiosk, "import", "--csv", csv.string(), "--db", db}, isolated_env(dir));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("row 3, column \"ความคิดเห็น / Comment (comment)\": not valid UTF-8"));
    CHECK(r.err.find("\xff") == std::string::npos);  // the message itself stays valid UTF-8
    CHECK(store::Store(db).status().entries == 0);
}

TEST_CASE("import of many chunks is still all or nothing, and counts repeats across chunks", "[cli][import]") {
    TempDir dir;
    const auto db = (dir / "k.db").string();
    const auto csv = dir / "paper.csv";
    // More rows than one chunk (50,000), the same answers again in the second half's rows: each
    // row has its own id (file + row number), so all count as new.
    std::string body = kHeader;
    for (int i = 0; i < 60'000; ++i) body += "15/01/2569,09:30,สำนักปลัดฯ,5,,,\r\n";
    testing::write_file(csv, body);
    const auto first = run({kKiosk, "import", "--csv", csv.string(), "--db", db}, isolated_env(dir));
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(first.out == "60000 imported, 0 already present\n");
    const auto again = run({kKiosk, "import", "--csv", csv.string(), "--dry-run", "--db", db}, isolated_env(dir));
    CHECK(again.out == "0 would be imported, 60000 already present (dry run: nothing written)\n");

    // A problem in the last chunk undoes the rows of the first one.
    const auto bad = dir / "bad.csv";
    testing::write_file(bad, body + "15/01/2569,09:30,สำนักปลัดฯ,9,,,\r\n");
    const auto refused = run({kKiosk, "import", "--csv", bad.string(), "--db", db}, isolated_env(dir));
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.err, Catch::Contains("row 60002"));
    CHECK(store::Store(db).status().entries == 60'000);
}
