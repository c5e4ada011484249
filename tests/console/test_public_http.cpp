// Public results at the collector (issue 19, item 3): `feedback-collector publish` (the flag
// in the database, audited, refused for an unknown office) and the /public/ routes through
// Collector::handle — 404 until published, the page once published, no cookies, GET only —
// with the figures of the kiosk's report over the office's own entries.
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
    const std::string db = world.db;
    {
        const auto owned = console::open_console_store(world.db);
        auto& store = *owned;
        CHECK_FALSE(store.published_office("north"));  // off by default
    }
    CHECK(run({kBin, "publish", "--db", db, "--office", "nowhere", "on"}).exit_code == 2);
    CHECK(run({kBin, "publish", "--db", db, "--office", "north", "maybe"}).exit_code == 2);
    CHECK(run({kBin, "publish", "--db", (world.dir / "missing.db").string(), "--office", "north", "on"}).exit_code == 1);
    REQUIRE(run({kBin, "publish", "--db", db, "--office", "north", "on"}).exit_code == 0);
    {
        const auto owned = console::open_console_store(world.db);
        auto& store = *owned;
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
    const auto owned = console::open_console_store(world.db);
    auto& store = *owned;
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

TEST_CASE("the collector's figures are the kiosk's report over the office's own entries", "[console][public]") {
    // North's kiosk: 6 ratings at finance (4,4,4,5,5,5) and 2 at palad in the current half, one
    // rating in the last half; south's kiosk: 5 ratings that must not count for north.
    ConsoleWorld world;
    {
        collector::Storage storage(world.db);
        std::vector<protocol::WireEntry> north, south;
        int n = 0;
        auto rating = [&](const std::string& device, const std::string& point, int value, const std::string& when) {
            auto e = samples::rating_entry(uuid(++n));
            e.device_id = device;
            e.service_point = point;
            e.rating = value;
            e.dimensions = {{"staff", value}};
            e.created_utc = when;
            e.comment = "ความเห็นลับ " + std::to_string(n);
            return e;
        };
        for (int v : {4, 4, 4, 5, 5, 5}) north.push_back(rating("kiosk-n", "finance", v, "2026-11-02T03:00:00.000Z"));
        for (int v : {1, 2}) north.push_back(rating("kiosk-n", "palad", v, "2026-11-03T03:00:00.000Z"));
        north.push_back(rating("kiosk-n", "palad", 3, "2026-05-03T03:00:00.000Z"));
        for (int v : {1, 1, 1, 1, 1}) south.push_back(rating("kiosk-s", "finance", v, "2026-11-02T03:00:00.000Z"));
        receive(storage, "kiosk-n", north, 1);
        receive(storage, "kiosk-s", south, 2);
    }
    collector::Options options;
    options.database = world.db;
    options.tokens = world.tokens;
    options.log = [](const std::string&) {};
    options.public_cache_seconds = 0;
    options.public_now_utc_ms = [] { return std::int64_t{1'796'515'200'000}; };  // 2026-12-06
    collector::Collector c(std::move(options));
    REQUIRE(c.console_store().set_office_published("north", true));

    const auto answer = get(c, "/public/north.json");
    REQUIRE(answer.status == 200);
    const auto j = nlohmann::json::parse(answer.body);
    const auto& last = j["halves"][0];
    CHECK(last["period"]["label"] == "2569-H2");
    CHECK(last["overall"]["suppressed"] == true);  // one answer
    const auto& now = j["halves"][1];
    CHECK(now["period"]["label"] == "2570-H1");
    CHECK(now["overall"]["n"] == 8);
    CHECK(now["overall"]["mean"] == 3.75);  // (27 + 3) / 8: south's five 1s are not north's
    std::map<std::string, nlohmann::json> points;
    for (const auto& p : now["service_points"]) points[p["id"].is_null() ? "" : p["id"].get<std::string>()] = p;
    CHECK(points["finance"]["n"] == 6);
    CHECK(points["finance"]["mean"] == 4.5);
    CHECK(points["finance"]["label_th"] == "กองคลัง");  // the survey's label, not the id
    CHECK(points["finance"]["level_th"] == "มากที่สุด");
    CHECK(points["finance"]["percent_of_max"] == 90.0);
    CHECK(points["palad"]["suppressed"] == true);
    CHECK(points["palad"]["n"] == nullptr);
    CHECK(points["engineering"]["n"] == 0);
    CHECK_FALSE(contains(answer.body, "ความเห็นลับ"));
    CHECK_FALSE(contains(answer.body, "kiosk-n"));
    CHECK_FALSE(contains(get(c, "/public/north").body, "ความเห็นลับ"));
}
