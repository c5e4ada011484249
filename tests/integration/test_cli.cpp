// feedback-kiosk's command line as IT and scripts use it: real process, real database.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/thai_calendar.h"
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
}  // namespace

TEST_CASE("record then status --json shows one pending entry", "[cli]") {
    TempDir dir;
    const auto db = (dir / "x.db").string();
    const auto recorded = run({kKiosk, "record", "--rating", "5", "--db", db}, isolated_env(dir));
    REQUIRE(recorded.exit_code == 0);
    const std::string id = recorded.out.substr(0, recorded.out.find('\n'));
    CHECK(id.size() == 36);

    const auto status = run({kKiosk, "status", "--json", "--db", db}, isolated_env(dir));
    REQUIRE(status.exit_code == 0);
    const auto j = nlohmann::json::parse(status.out);
    CHECK(j["pending"] == 1);
    CHECK(j["sync"]["pending"] == 1);
    CHECK(j["entries"]["total"] == 1);
    CHECK(j["database"] == db);
    CHECK(j["size_bytes"].get<long long>() > 0);
    CHECK(j["oldest_pending_age_s"].get<long long>() >= 0);

    store::Store store(db);
    const auto entry = store.find_entry(id);
    REQUIRE(entry);
    CHECK(entry->rating == 5);
    CHECK(entry->state == core::SessionState::Closed);
}

TEST_CASE("record stores reasons, service point, dimensions and a Thai comment", "[cli]") {
    TempDir dir;
    const auto db = (dir / "x.db").string();
    const auto r = run({kKiosk, "record", "--rating", "2", "--service", "finance", "--reasons",
                        "long_wait,complicated_steps", "--dimension", "staff=2", "--comment", "รอนานมาก",
                        "--language", "th", "--db", db},
                       isolated_env(dir));
    REQUIRE(r.exit_code == 0);
    store::Store store(db);
    const auto entry = store.find_entry(r.out.substr(0, 36));
    REQUIRE(entry);
    CHECK(entry->service_point == "finance");
    CHECK(entry->reasons == std::vector<std::string>{"long_wait", "complicated_steps"});
    CHECK(entry->dimensions.at("staff") == 2);
    CHECK(entry->comment == "รอนานมาก");
}

TEST_CASE("record marks an answer given while the office is closed", "[cli][office-hours]") {
    TempDir dir;
    const auto db = (dir / "x.db").string();
    // Closed all of yesterday, today and tomorrow (+07:00): closed now, whatever the time.
    const auto now = core::now_utc_ms();
    std::string dates;
    for (int d = -1; d <= 1; ++d)
        dates += (dates.empty() ? "" : ",") + core::format_iso_date(core::local_date_of(now + d * 86'400'000LL, 420));
    auto closed_env = isolated_env(dir);
    closed_env.push_back("TZ=<+07>-7");
    closed_env.push_back("FEEDBACK_OFFICE_HOURS=mon-fri 08:30-16:30");
    closed_env.push_back("FEEDBACK_OFFICE_CLOSED_DATES=" + dates);
    const auto closed = run({kKiosk, "record", "--rating", "3", "--db", db}, closed_env);
    REQUIRE(closed.exit_code == 0);
    // Open around the clock: not marked.
    auto open_env = isolated_env(dir);
    open_env.push_back("FEEDBACK_OFFICE_HOURS=mon-sun 00:00-24:00");
    const auto open = run({kKiosk, "record", "--rating", "4", "--db", db}, open_env);
    REQUIRE(open.exit_code == 0);
    store::Store store(db);
    CHECK(store.find_entry(closed.out.substr(0, 36))->outside_hours);
    CHECK_FALSE(store.find_entry(open.out.substr(0, 36))->outside_hours);
    // A bad value stops the command before anything is stored, naming the variable.
    auto bad_env = isolated_env(dir);
    bad_env.push_back("FEEDBACK_OFFICE_HOURS=mon-fri 8.30-16.30");
    const auto bad = run({kKiosk, "record", "--rating", "4", "--db", db}, bad_env);
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Catch::Contains("FEEDBACK_OFFICE_HOURS: \"8.30\" is not a time"));
    CHECK(store.status().entries == 2);
}

TEST_CASE("usage errors exit 2 and store nothing", "[cli]") {
    TempDir dir;
    const auto db = (dir / "x.db").string();
    CHECK(run({kKiosk, "record", "--rating", "6", "--db", db}, isolated_env(dir)).exit_code == 2);
    CHECK(run({kKiosk, "record", "--db", db}, isolated_env(dir)).exit_code == 2);
    const auto unknown = run({kKiosk, "record", "--rating", "3", "--reasons", "nope", "--db", db},
                             isolated_env(dir));
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("unknown reason 'nope'"));
    CHECK(run({kKiosk, "no-such-command"}, isolated_env(dir)).exit_code == 2);
    CHECK(run({kKiosk, "record", "--help"}, isolated_env(dir)).exit_code == 0);
    const auto status = run({kKiosk, "status", "--json", "--db", db}, isolated_env(dir));
    CHECK(nlohmann::json::parse(status.out)["entries"]["total"] == 0);
}

TEST_CASE("a broken configuration is a runtime error naming file, line and key", "[cli]") {
    TempDir dir;
    testing::write_file(dir / "kiosk.toml", "[sync]\nbatch_size = \"many\"\n");
    const auto r = run({kKiosk, "record", "--rating", "4", "--config", (dir / "kiosk.toml").string(),
                        "--db", (dir / "x.db").string()},
                       isolated_env(dir));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("kiosk.toml:2") && Catch::Contains("sync.batch_size"));
}

TEST_CASE("environment variables override the configuration file", "[cli]") {
    TempDir dir;
    testing::write_file(dir / "kiosk.toml", "[device]\nid = \"from-file\"\n");
    auto env = isolated_env(dir);
    env.push_back("FEEDBACK_DEVICE_ID=from-env");
    const auto r = run({kKiosk, "record", "--rating", "4", "--config", (dir / "kiosk.toml").string(),
                        "--db", (dir / "x.db").string()},
                       env);
    REQUIRE(r.exit_code == 0);
    store::Store store(dir / "x.db");
    CHECK(store.find_entry(r.out.substr(0, 36))->device_id == "from-env");
}

TEST_CASE("without --db the database goes to the user's data directory", "[cli]") {
    TempDir dir;
    const auto r = run({kKiosk, "record", "--rating", "1"}, isolated_env(dir));
    REQUIRE(r.exit_code == 0);
    CHECK(std::filesystem::exists(dir / "data" / "feedback-kiosk" / "feedback.db"));
    CHECK_THAT(r.err, Catch::Contains("built-in defaults"));
}

TEST_CASE("demo-data writes realistic entries in office hours on weekdays", "[cli]") {
    TempDir dir;
    const auto db = (dir / "d.db").string();
    const auto r = run({kKiosk, "demo-data", "--count", "2000", "--from", "2025-10-01", "--to",
                        "2026-03-31", "--db", db},
                       isolated_env(dir));
    REQUIRE(r.exit_code == 0);
    store::Store store(db);
    CHECK(store.status().entries == 2000);
    auto& sql = store.database();
    // Office hours 08:30–16:30 at +07:00, Monday to Friday, within the range.
    CHECK(sql.query_int("SELECT count(*) FROM entries WHERE time(created_utc, '+7 hours') < '08:30' "
                        "OR time(created_utc, '+7 hours') >= '16:30'") == 0);
    CHECK(sql.query_int("SELECT count(*) FROM entries WHERE strftime('%w', created_utc, '+7 hours') "
                        "IN ('0', '6')") == 0);
    CHECK(sql.query_text("SELECT min(date(created_utc, '+7 hours')) FROM entries") >= "2025-10-01");
    CHECK(sql.query_text("SELECT max(date(created_utc, '+7 hours')) FROM entries") <= "2026-03-31");
    // Every rating appears, satisfied ones most.
    CHECK(sql.query_int("SELECT count(DISTINCT rating) FROM entries") == 5);
    CHECK(sql.query_int("SELECT count(*) FROM entries WHERE rating >= 4") >
          sql.query_int("SELECT count(*) FROM entries WHERE rating <= 2") * 3);
    CHECK(sql.query_int("SELECT count(*) FROM entries WHERE reasons <> '[]'") > 0);
    CHECK(sql.query_int("SELECT count(*) FROM entries WHERE dimensions <> '{}'") > 0);
    CHECK(run({kKiosk, "demo-data", "--count", "10", "--from", "2026-01-10", "--to", "2026-01-01",
               "--db", db},
              isolated_env(dir))
              .exit_code == 2);
}

TEST_CASE("doctor reports a damaged database without moving it", "[cli]") {
    TempDir dir;
    const auto db = dir / "bad.db";
    testing::write_file(db, std::string(4096, 'x'));
    const auto r = run({kKiosk, "doctor", "--db", db.string()}, isolated_env(dir));
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("FAIL") && Catch::Contains("database"));
    CHECK(testing::read_file(db) == std::string(4096, 'x'));
}

TEST_CASE("record refuses a comment that is not UTF-8 and stores nothing", "[cli][utf8]") {
    TempDir dir;
    const auto db = (dir / "x.db").string();
    const auto r = run({kKiosk, "record", "--rating", "3", "--comment", "ok \xff\xfe", "--db", db}, isolated_env(dir));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--comment: not valid UTF-8 (at byte 4)"));
    CHECK(store::Store(db).status().entries == 0);
}

TEST_CASE("a set-aside database is listed by status and doctor until merged back or dismissed", "[cli][corrupt]") {
    TempDir dir;
    const auto db = dir / "k.db";
    // A kiosk database with two answers, then damaged: its header is overwritten.
    REQUIRE(run({kKiosk, "record", "--rating", "5", "--db", db.string()}, isolated_env(dir)).exit_code == 0);
    REQUIRE(run({kKiosk, "record", "--rating", "4", "--db", db.string()}, isolated_env(dir)).exit_code == 0);
    const std::string healthy = testing::read_file(db);
    testing::write_file(db, std::string(4096, 'x'));
    // The next start sets it aside and goes on with a fresh database.
    const auto r = run({kKiosk, "record", "--rating", "3", "--db", db.string()}, isolated_env(dir));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("was damaged"));

    const auto status = run({kKiosk, "status", "--json", "--db", db.string()}, isolated_env(dir));
    const auto j = nlohmann::json::parse(status.out);
    REQUIRE(j["set_aside"].size() == 1);
    const std::string aside = j["set_aside"][0]["path"];
    CHECK(aside.find("k.db.corrupt-") != std::string::npos);
    CHECK(j["set_aside"][0]["size_bytes"] == 4096);
    CHECK_THAT(run({kKiosk, "status", "--db", db.string()}, isolated_env(dir)).out,
               Catch::Contains("SET ASIDE:") && Catch::Contains(aside));
    const auto doctor = run({kKiosk, "doctor", "--db", db.string()}, isolated_env(dir));
    CHECK_THAT(doctor.out, Catch::Contains("warning") && Catch::Contains(aside));

    SECTION("dismissed") {
        const auto dismissed = run({kKiosk, "set-aside", "dismiss", aside, "--db", db.string()}, isolated_env(dir));
        INFO(dismissed.err);
        CHECK(dismissed.exit_code == 0);
        CHECK(std::filesystem::exists(aside));  // kept, only no longer listed
        CHECK(run({kKiosk, "set-aside", "dismiss", db.string(), "--db", db.string()}, isolated_env(dir)).exit_code == 2);
    }
    SECTION("merged back") {
        // IT repaired the copy (here: the healthy bytes) and merges its answers back.
        testing::write_file(aside, healthy);
        const auto merged = run({kKiosk, "merge", "--from", aside, "--db", db.string()}, isolated_env(dir));
        INFO(merged.err);
        CHECK(merged.exit_code == 0);
        CHECK(nlohmann::json::parse(run({kKiosk, "status", "--json", "--db", db.string()}, isolated_env(dir)).out)
                  ["entries"]["total"] == 3);
    }
    const auto after = nlohmann::json::parse(run({kKiosk, "status", "--json", "--db", db.string()}, isolated_env(dir)).out);
    CHECK(after["set_aside"].empty());
    CHECK_THAT(run({kKiosk, "doctor", "--db", db.string()}, isolated_env(dir)).out, !Catch::Contains(aside));
}
