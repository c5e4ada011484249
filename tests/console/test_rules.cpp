// The console's rules without sockets: the lockout's growth and the session's idle end on a
// clock the test moves, the Secure cookie under TLS, the status order, passwords, the token
// file's office field and the schema migration of an existing database.
#include <catch2/catch.hpp>

#include "case_status.h"
#include "console.h"
#include "console_fixture.h"
#include "migrations.h"
#include "common/sqlite.h"

using namespace feedback;
using namespace feedback::testing;
using namespace std::chrono_literals;

namespace {

struct FakeClock {
    std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
    console::Clock function() {
        return [this] { return now; };
    }
};

// A Console in-process on the fixture's database, with the test's clock.
struct InProcess {
    ConsoleWorld world;
    FakeClock clock;
    collector::Storage storage{world.db};
    std::unique_ptr<console::ConsoleStore> store_owner = console::open_console_store(world.db);
    console::ConsoleStore& store = *store_owner;
    std::unique_ptr<console::Console> console;
    std::map<std::string, std::string> cookies;
    std::string last_body;

    InProcess() {
        console::ConsoleOptions options;
        options.now = clock.function();
        console = std::make_unique<console::Console>(store, options);
    }
    console::ConsoleResponse call(const std::string& method, const std::string& path, const std::string& body = "",
                                  bool tls = false) {
        console::ConsoleRequest r;
        r.method = method;
        r.path = path.substr(0, path.find('?'));
        if (path.find('?') != std::string::npos) r.query = path.substr(path.find('?') + 1);
        r.body = body;
        r.address = "192.0.2.7";
        r.tls = tls;
        for (const auto& [name, value] : cookies) r.cookies += name + "=" + value + "; ";
        auto response = console->handle(r);
        for (const auto& [name, value] : response.headers) {
            if (name != "Set-Cookie") continue;
            const auto eq = value.find('=');
            const auto semi = value.find(';');
            if (value.find("Max-Age=0") != std::string::npos) cookies.erase(value.substr(0, eq));
            else cookies[value.substr(0, eq)] = value.substr(eq + 1, semi - eq - 1);
        }
        last_body = response.body;
        return response;
    }
    console::ConsoleResponse sign_in(const std::string& user, const std::string& password = kPassword,
                                     bool tls = false) {
        call("GET", "/console/login", "", tls);
        return call("POST", "/console/login", "csrf=" + cookies["console_csrf"] + "&user=" + user +
                                                  "&password=" + password, tls);
    }
    static std::string header(const console::ConsoleResponse& r, const std::string& name) {
        for (const auto& [n, v] : r.headers)
            if (n == name) return v;
        return "";
    }
};

}  // namespace

TEST_CASE("the lockout starts after five wrong passwords and doubles, capped at an hour", "[console][lockout]") {
    const console::LockoutPolicy policy;
    CHECK(console::lockout_after(policy, 4) == 0ms);
    CHECK(console::lockout_after(policy, 5) == 30s);
    CHECK(console::lockout_after(policy, 6) == 60s);
    CHECK(console::lockout_after(policy, 7) == 120s);
    CHECK(console::lockout_after(policy, 40) == 1h);

    FakeClock clock;
    ConsoleWorld world;  // the counts live in the database (issue 20)
    const auto store = console::open_console_store(world.db);
    console::LoginThrottle throttle(*store, clock.function());
    for (int i = 0; i < 4; ++i) throttle.failed("somchai", "192.0.2.1");
    CHECK(throttle.locked("somchai", "192.0.2.1") == 0ms);
    throttle.failed("somchai", "192.0.2.1");
    CHECK(throttle.locked("somchai", "192.0.2.1") == 30s);
    // The user is locked from any address, and the address for any user.
    CHECK(throttle.locked("somchai", "198.51.100.9") == 30s);
    CHECK(throttle.locked("someone-else", "192.0.2.1") == 30s);
    CHECK(throttle.locked("someone-else", "198.51.100.9") == 0ms);
    clock.now += 30s;
    CHECK(throttle.locked("somchai", "192.0.2.1") == 0ms);
    throttle.failed("somchai", "192.0.2.1");
    CHECK(throttle.locked("somchai", "192.0.2.1") == 60s);  // growing
    clock.now += 60s;
    throttle.succeeded("somchai", "192.0.2.1");
    throttle.failed("somchai", "192.0.2.1");
    CHECK(throttle.locked("somchai", "192.0.2.1") == 0ms);  // a success started the count again
}

TEST_CASE("a wrong user name costs a password check and is refused like a wrong password", "[console][auth]") {
    const std::string hash = console::hash_password("a long enough password");
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(console::verify_password(hash, "a long enough password"));
    CHECK_FALSE(console::verify_password(hash, "a long enough passwore"));
    CHECK_FALSE(console::verify_password(std::nullopt, "a long enough password"));
    CHECK(console::password_problem("123456789").size() > 0);
    CHECK(console::password_problem("1234567890").empty());
    CHECK(console::password_problem("รหัสผ่านยาวสิบ").empty());  // characters, not bytes
    CHECK_FALSE(console::password_problem("รหัสผ่าน").empty());  // 8 characters, 24 bytes
}

TEST_CASE("a session ends after 30 idle minutes, counted from the last request", "[console][session]") {
    InProcess p;
    REQUIRE(p.sign_in("officer-n").status == 303);
    p.clock.now += 29min;
    CHECK(p.call("GET", "/console/complaints").status == 200);
    p.clock.now += 29min;  // 58 minutes after sign-in, 29 after the last request
    CHECK(p.call("GET", "/console/complaints").status == 200);
    p.clock.now += 31min;
    const auto expired = p.call("GET", "/console/complaints");
    CHECK(expired.status == 303);
    CHECK(InProcess::header(expired, "Location") == "/console/login?expired=1");
    CHECK(p.call("GET", "/console/login?expired=1").status == 200);
    CHECK(contains(p.last_body, "id=\"session-expired\""));
}

TEST_CASE("the session cookie is Secure under TLS", "[console][session]") {
    InProcess p;
    const auto r = p.sign_in("officer-n", kPassword, true);
    REQUIRE(r.status == 303);
    const std::string cookie = InProcess::header(r, "Set-Cookie");
    CHECK(cookie.rfind("console_session=", 0) == 0);
    CHECK(contains(cookie, "; HttpOnly"));
    CHECK(contains(cookie, "; SameSite=Strict"));
    CHECK(contains(cookie, "; Secure"));
}

TEST_CASE("the lockout shows on the sign-in page and lifts when its time has passed", "[console][lockout]") {
    InProcess p;
    for (int i = 0; i < 5; ++i) CHECK(p.sign_in("officer-n", "wrong-password-" + std::to_string(i)).status == 401);
    const auto locked = p.sign_in("officer-n");
    CHECK(locked.status == 429);
    CHECK(contains(locked.body, "id=\"lockout\""));
    CHECK(InProcess::header(locked, "Retry-After") == "30");
    p.clock.now += 31s;
    CHECK(p.sign_in("officer-n").status == 303);
}

TEST_CASE("status changes are allowed only in the handling order", "[console][status]") {
    using console::change_problem;
    CHECK(change_problem("new", "accept", "ok", "").empty());
    CHECK(change_problem("new", "start", "ok", "") == "order");
    CHECK(change_problem("new", "resolve", "ok", "") == "order");
    CHECK(change_problem("accepted", "start", "ok", "").empty());
    CHECK(change_problem("accepted", "resolve", "ok", "") == "order");
    CHECK(change_problem("in_progress", "resolve", "ok", "").empty());
    CHECK(change_problem("in_progress", "refer", "ok", "") == "referred_to");
    CHECK(change_problem("in_progress", "refer", "ok", "อำเภอ").empty());
    CHECK(change_problem("resolved", "accept", "ok", "") == "order");
    CHECK(change_problem("referred", "resolve", "ok", "") == "order");
    CHECK(change_problem("new", "accept", " \n ", "") == "response");
    CHECK(change_problem("new", "bogus", "ok", "") == "order");
}

TEST_CASE("the store refuses a status change when someone else changed the case first", "[console][status]") {
    ConsoleWorld world;
    collector::Storage storage(world.db);
    const auto store_owner = console::open_console_store(world.db);
    auto& store = *store_owner;
    store.set_device_offices({{"kiosk-n", "north"}});
    receive(storage, "kiosk-n", {complaint(1)}, 1);
    const auto c = store.find_case({"north", false}, "REF-1");
    REQUIRE(c);
    CHECK(c->row.office == "north");
    const console::HistoryItem change{"accepted", "2026-12-01T00:00:00.000Z", "รับเรื่อง", "", "", "a"};
    CHECK(store.change_status(c->row.seq, "new", change));
    CHECK_FALSE(store.change_status(c->row.seq, "new", change));  // no longer new
    CHECK(store.history(c->row.seq).size() == 1);
}

TEST_CASE("token files name a device's office in an optional third field", "[console][tokens]") {
    TempDir dir;
    const auto path = dir / "tokens";
    write_file(path, "# old file\nkiosk-a " + std::string(64, 'a') + "\nkiosk-b " + std::string(64, 'b') +
                         " north\n");
    const auto file = collector::TokenFile::load(path);
    CHECK(file.size() == 2);
    const auto map = file.device_offices();
    REQUIRE(map.size() == 1);
    CHECK(map[0] == std::pair<std::string, std::string>{"kiosk-b", "north"});
    write_file(path, "kiosk-b " + std::string(64, 'b') + " north extra\n");
    CHECK_THROWS(collector::TokenFile::load(path));
    write_file(path, "kiosk-b " + std::string(64, 'b') + " nor/th\n");
    CHECK_THROWS(collector::TokenFile::load(path));
    CHECK_THROWS_AS(collector::add_token(dir / "t2", "kiosk-c", "bad office"), std::invalid_argument);
}

TEST_CASE("a database of schema 1 is migrated and its complaints get cases", "[console][migration][sqlite]") {
    TempDir dir;
    const auto path = dir / "old.db";
    {
        sqlite::Database db(path.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        db.exec(collector::migrations().front().sql);
        db.exec("PRAGMA user_version=1");
        db.exec(R"sql(INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, service_point,
            dimensions, reasons, comment, language, misuse, survey_version, channel, complaint_category,
            complaint_description, complaint_reference, complaint_sensitive, received_utc, received_from, batch_id)
            VALUES ('e1', 'complaint', '2026-11-30T17:30:00.000Z', 420, 'kiosk-n', 'finance', '{}', '[]', '', 'th',
                    0, '1', 'kiosk', 'bribery', 'd', 'OLD-1', 0, '2026-11-30T17:31:00.000Z', 'kiosk-n', 'b1'))sql");
    }
    collector::Storage storage(path);
    const auto store_owner = console::open_console_store(path);
    auto& store = *store_owner;
    const auto c = store.find_case({"*", true}, "OLD-1");
    REQUIRE(c);
    CHECK(c->row.filed_date == "2026-12-01");  // the kiosk's local date
    CHECK(c->row.sensitive);                   // bribery, even where the kiosk did not flag it
    CHECK(c->row.office.empty());
    CHECK_FALSE(store.find_case({"*", false}, "OLD-1"));
    // An office and the token file's map give it an office.
    store.add_office({"north", "เหนือ", "North"});
    CHECK(store.set_device_offices({{"kiosk-n", "north"}}) == 1);
    CHECK(store.find_case({"north", true}, "OLD-1"));
    sqlite::Database check(path.string(), SQLITE_OPEN_READONLY);
    CHECK(check.query_int("PRAGMA user_version") == collector::schema_version());
}
