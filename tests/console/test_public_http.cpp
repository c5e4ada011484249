// Public results at the collector (issue 19, item 3): `feedback-collector publish` (the flag
// in the database, audited, refused for an unknown office) and the /public/ routes through
// Collector::handle — 404 until published, the page once published, no cookies, GET only.
#include <catch2/catch.hpp>

#include "console_fixture.h"
#include "process.h"

using namespace feedback;
using namespace feedback::testing;

namespace {

const std::string kBin = FEEDBACK_COLLECTOR_BIN;

report::Report figures(const core::Period& period) {
    report::Report r;
    r.period = period;
    r.main = {"overall", {"โดยรวม", "Overall"}, true,
              report::stats_from_counts({0, 0, 1, 4, 5}, core::LikertScale{}), std::nullopt};
    r.service_points.push_back({"clinic", {"ศูนย์สุขภาพ", "Health centre"}, true,
                                report::stats_from_counts({0, 0, 0, 2, 1}, core::LikertScale{}), 30.0, false});
    return r;
}

collector::Response get(collector::Collector& c, const std::string& path, const std::string& query = "",
                        const std::string& method = "GET") {
    collector::Request request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.peer = "203.0.113.9:4000";
    return c.handle(request);
}

}  // namespace

TEST_CASE("publish turns an office's public results on and off, audited, and refuses unknown offices",
          "[console][public][cli]") {
    ConsoleWorld world;
    const std::string db = world.db.string();
    {
        console::SqliteConsoleStore store(world.db);
        CHECK_FALSE(store.published_office("north"));  // off by default
    }
    CHECK(run({kBin, "publish", "--db", db, "--office", "nowhere", "on"}).exit_code == 2);
    CHECK(run({kBin, "publish", "--db", db, "--office", "north", "maybe"}).exit_code == 2);
    CHECK(run({kBin, "publish", "--db", (world.dir / "missing.db").string(), "--office", "north", "on"}).exit_code == 1);
    REQUIRE(run({kBin, "publish", "--db", db, "--office", "north", "on"}).exit_code == 0);
    {
        console::SqliteConsoleStore store(world.db);
        const auto office = store.published_office("north");
        REQUIRE(office);
        CHECK(office->name_th == "สำนักงานเหนือ");
        CHECK_FALSE(store.published_office("south"));
        const auto audit = store.audit("*", 10);
        REQUIRE_FALSE(audit.empty());
        CHECK(audit.front().action == "publish");
        CHECK(audit.front().target == "office north on");
        CHECK(audit.front().user == "(command line)");
    }
    REQUIRE(run({kBin, "publish", "--db", db, "--office", "north", "off"}).exit_code == 0);
    console::SqliteConsoleStore store(world.db);
    CHECK_FALSE(store.published_office("north"));
    CHECK(store.audit("*", 1).front().target == "office north off");
}

TEST_CASE("the collector serves /public/ for published offices only, without cookies", "[console][public]") {
    ConsoleWorld world;
    collector::Options options;
    options.database = world.db;
    options.tokens = world.tokens;
    options.log = [](const std::string&) {};
    options.public_cache_seconds = 0;
    options.public_now_utc_ms = [] { return std::int64_t{1'796'515'200'000}; };  // 2026-12-06
    int computed = 0;
    options.public_figures = [&](const std::string& code, const core::Period& period) {
        CHECK(code == "north");
        ++computed;
        return figures(period);
    };
    collector::Collector c(std::move(options));

    const auto before = get(c, "/public/north");
    const auto unknown = get(c, "/public/nowhere");
    CHECK(before.status == 404);
    CHECK(unknown.status == 404);
    CHECK(before.body == unknown.body);
    CHECK(computed == 0);

    REQUIRE(c.console_store().set_office_published("north", true));
    const auto page = get(c, "/public/north");
    CHECK(page.status == 200);
    CHECK(page.headers.at("Content-Type") == "text/html; charset=utf-8");
    CHECK(page.headers.count("Set-Cookie") == 0);
    CHECK(page.repeated_headers.empty());
    CHECK(contains(page.body, "น้อยกว่า 5"));
    CHECK(contains(page.body, "ศูนย์สุขภาพ"));
    CHECK(contains(get(c, "/public/north", "lang=en").body, "fewer than 5"));
    const auto data = get(c, "/public/north.json");
    CHECK(data.status == 200);
    CHECK(data.headers.at("Access-Control-Allow-Origin") == "*");
    CHECK(get(c, "/public/north/embed").headers.at("Content-Security-Policy").find("frame-ancestors *") !=
          std::string::npos);
    CHECK(get(c, "/public/north", "", "POST").status == 405);
    CHECK(get(c, "/public/south").status == 404);

    REQUIRE(c.console_store().set_office_published("north", false));
    CHECK(get(c, "/public/north").status == 404);
}

TEST_CASE("without a figures source a published office's page answers 503 on /public/, not made-up figures", "[console][public]") {
    ConsoleWorld world;
    collector::Options options;
    options.database = world.db;
    options.log = [](const std::string&) {};
    collector::Collector c(std::move(options));
    REQUIRE(c.console_store().set_office_published("north", true));
    CHECK(get(c, "/public/north").status == 503);
    CHECK(get(c, "/public/south").status == 404);
}
