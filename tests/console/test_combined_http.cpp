// The console's combined report pages (issue 19) over loopback: who sees which office, the
// navigation link, a bad period, and the downloads (file names, formats, audit).
#include <catch2/catch.hpp>

#include "console_fixture.h"

using namespace feedback;
using namespace feedback::testing;

namespace {

int exports(console::ConsoleStore& store) {
    int n = 0;
    for (const auto& a : store.audit("*", 1000)) n += a.action == "export";
    return n;
}

// Answers in 2569-H1 (January 2026): `count` from `device`, ids from `first`.
void answers(collector::Storage& storage, const std::string& device, int first, int count) {
    std::vector<protocol::WireEntry> entries;
    for (int i = 0; i < count; ++i) {
        auto e = samples::rating_entry(uuid(first + i));
        e.device_id = device;
        e.created_utc = "2026-01-1" + std::to_string(i % 10) + "T03:00:00.000Z";
        e.rating = 5 - i % 2;
        entries.push_back(e);
    }
    receive(storage, device, entries, first);
}

std::string respondents(const std::string& body) {
    static const std::regex cell("id=\"combined-respondents\" class=\"num\">([0-9,]+)<");
    std::smatch m;
    return std::regex_search(body, m, cell) ? m[1].str() : "?";
}

}  // namespace

TEST_CASE("the combined report page: officers their office, executives any office or all", "[console][http][combined]") {
    ConsoleWorld world;
    {
        collector::Storage storage(world.db);
        answers(storage, "kiosk-n", 100, 3);
        answers(storage, "kiosk-s", 200, 2);
    }
    LiveCollector live(world);

    Browser officer(live.port());
    officer.sign_in("officer-n");
    const auto queue = officer.get("/console/complaints");
    REQUIRE(queue);
    CHECK(contains(queue->body, "id=\"nav-combined\""));
    auto page = officer.get("/console/combined?period=2569-H1");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(respondents(page->body) == "3");
    CHECK_FALSE(contains(page->body, "id=\"combined-office\""));
    // Asking for another office, or all, by URL changes nothing for an officer.
    CHECK(respondents(officer.get("/console/combined?period=2569-H1&office=south")->body) == "3");
    CHECK(respondents(officer.get("/console/combined?period=2569-H1&office=*")->body) == "3");
    const auto english = officer.get("/console/combined?period=2569-H1&lang=en");
    CHECK(contains(english->body, "Respondents"));

    const auto bad = officer.get("/console/combined?period=2569-H7");
    CHECK(bad->status == 400);
    CHECK(contains(bad->body, "id=\"combined-error\""));
    const auto wrong_device = officer.get("/console/combined?period=2569-H1&device=kiosk-s");
    CHECK(wrong_device->status == 400);

    const int before = exports(live.collector().console_store());
    const auto csv = officer.get("/console/combined?period=2569-H1&format=csv");
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->get_header_value("Content-Disposition") == "attachment; filename=\"feedback-report-2569-H1.csv\"");
    CHECK(csv->body.rfind("\xEF\xBB\xBF", 0) == 0);
    std::size_t rows = 0;  // CRLF ends a row; the sample comment's own line break is a bare LF
    for (auto at = csv->body.find("\r\n"); at != std::string::npos; at = csv->body.find("\r\n", at + 2)) ++rows;
    CHECK(rows == 1 + 3);  // the header and the three answers
    const auto xlsx = officer.get("/console/combined?period=2569-H1&format=xlsx");
    CHECK(xlsx->body.rfind("PK", 0) == 0);
    const auto json = officer.get("/console/combined?period=2569-H1&format=json");
    CHECK(nlohmann::json::parse(json->body)["entries"]["respondents"] == 3);
    CHECK(exports(live.collector().console_store()) == before + 3);
    CHECK(officer.get("/console/combined?period=2569-H1&format=pdf")->status == 400);

    Browser executive(live.port());
    executive.sign_in("exec-n");
    const auto south = executive.get("/console/combined?period=2569-H1&office=south");
    CHECK(contains(south->body, "id=\"combined-office\""));
    CHECK(respondents(south->body) == "2");
    CHECK(respondents(executive.get("/console/combined?period=2569-H1&office=*")->body) == "5");

    Browser it(live.port());
    it.sign_in("it-n");
    CHECK(it.get("/console/combined?period=2569-H1")->status == 403);
}
