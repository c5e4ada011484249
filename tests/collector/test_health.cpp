// GET /healthz (issue 20): what a reverse proxy in front of several collectors probes
// (deploy/haproxy/feedback-collector.cfg). Through Collector::handle() without sockets; the
// real proxy's view of it is tests/deploy/haproxy_two_collectors.sh.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "collector.h"
#include "temp_dir.h"
#include "test_database.h"
#include "tokens.h"

using namespace feedback::collector;
using feedback::testing::TempDir;
using feedback::testing::test_db;

namespace {

Request health(const std::string& method) {
    Request r;
    r.method = method;
    r.path = "/healthz";
    r.peer = "127.0.0.1:50000";
    return r;
}

}  // namespace

TEST_CASE("GET /healthz answers 200 without a token while the database answers, and is not logged",
          "[collector][health]") {
    TempDir dir;
    std::vector<std::string> log;
    Options options;
    options.database = test_db(dir / "collector.db");
    add_token(dir / "tokens", "kiosk-01");
    options.tokens = dir / "tokens";  // with tokens: the probe still needs none
    options.log = [&](const std::string& line) { log.push_back(line); };
    Collector collector(std::move(options));

    const Response get = collector.handle(health("GET"));
    CHECK(get.status == 200);
    CHECK(get.headers.at("Content-Type") == "application/json");
    const auto body = nlohmann::json::parse(get.body);
    CHECK(body["status"] == "ok");
    CHECK(body["database"] == "ok");
    CHECK(collector.handle(health("HEAD")).status == 200);
    CHECK(log.empty());

    const Response post = collector.handle(health("POST"));
    CHECK(post.status == 405);
    CHECK(post.headers.at("Allow") == "GET, HEAD");
    // Screening (before a body is read) routes it the same way.
    const auto screened = collector.screen(health("GET"));
    REQUIRE(screened);
    CHECK(screened->status == 200);
}
