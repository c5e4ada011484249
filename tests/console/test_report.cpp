// The monthly complaint report against figures computed by hand, on complaints that cross
// month ends (filed on the last evening of October in local time but November in UTC, and the
// reverse; answered after the month closed), through the pure function, the console page and
// the feedback-collector command.
//
// The fixture, November 2026, kiosk time UTC+7, target 15 days (local times):
//   A  filed 25 Oct 10:00, accepted 26 Oct, still open           -> open from earlier
//   B  filed 28 Oct, accepted, started 1 Nov, resolved 5 Nov      -> closed, not open from earlier
//   C  filed 31 Oct 23:30 (16:30 UTC, October both ways), open    -> open from earlier
//   D  filed 1 Nov 00:30 (31 Oct 17:30 UTC!) delay, accepted after 1 day, resolved after 10
//   E  filed 10 Nov rude, accepted after 3 days, referred after 20 (30 Nov)
//   F  filed 20 Nov delay, accepted after 1 day, started, resolved 2 Dec -> in progress at end
//   G  filed 30 Nov 23:00 other, accepted 1 Dec 01:00 local (30 Nov 18:00 UTC) -> new at end
//   H  filed 1 Dec 00:10 (30 Nov 17:10 UTC)                        -> not in the report
//   S  filed 15 Nov bribery (sensitive), accepted after 1 day, resolved after 2
// Hand-computed without S: received 4 (delay 2, rude 1, other 1); at month end new 1,
// in progress 1, resolved 1, referred 1; within target 1 = 25.0 %; median first response of
// {1, 3, 1} = 1.0 day; median resolution of {10, 20} = 15.0 days; open from earlier 2.
// With S: received 5, within target 2 = 40.0 %, medians 1.0 and {2, 10, 20} = 10.0.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "complaint_report.h"
#include "console_fixture.h"
#include "process.h"

using namespace feedback;
using namespace feedback::testing;

namespace {

struct Step {
    std::string from, to, at;
};

void fill_fixture(collector::Storage& storage, console::ConsoleStore& store) {
    struct Spec {
        int n;
        const char* category;
        const char* created;
        bool sensitive;
        std::vector<Step> steps;
    };
    const std::vector<Spec> specs{
        {1, "delay", "2026-10-25T03:00:00.000Z", false, {{"new", "accepted", "2026-10-26T03:00:00.000Z"}}},
        {2, "delay", "2026-10-28T03:00:00.000Z", false,
         {{"new", "accepted", "2026-10-29T03:00:00.000Z"},
          {"accepted", "in_progress", "2026-11-01T03:00:00.000Z"},
          {"in_progress", "resolved", "2026-11-05T03:00:00.000Z"}}},
        {3, "rude", "2026-10-31T16:30:00.000Z", false, {}},
        {4, "delay", "2026-10-31T17:30:00.000Z", false,
         {{"new", "accepted", "2026-11-01T17:30:00.000Z"},
          {"accepted", "in_progress", "2026-11-02T17:30:00.000Z"},
          {"in_progress", "resolved", "2026-11-10T17:30:00.000Z"}}},
        {5, "rude", "2026-11-10T05:00:00.000Z", false,
         {{"new", "accepted", "2026-11-13T05:00:00.000Z"},
          {"accepted", "in_progress", "2026-11-14T05:00:00.000Z"},
          {"in_progress", "referred", "2026-11-30T05:00:00.000Z"}}},
        {6, "delay", "2026-11-20T02:00:00.000Z", false,
         {{"new", "accepted", "2026-11-21T02:00:00.000Z"},
          {"accepted", "in_progress", "2026-11-22T02:00:00.000Z"},
          {"in_progress", "resolved", "2026-12-02T02:00:00.000Z"}}},
        {7, "other", "2026-11-30T16:00:00.000Z", false, {{"new", "accepted", "2026-11-30T18:00:00.000Z"}}},
        {8, "delay", "2026-11-30T17:10:00.000Z", false, {}},
        {9, "bribery", "2026-11-15T03:00:00.000Z", true,
         {{"new", "accepted", "2026-11-16T03:00:00.000Z"},
          {"accepted", "in_progress", "2026-11-16T04:00:00.000Z"},
          {"in_progress", "resolved", "2026-11-17T03:00:00.000Z"}}},
    };
    std::vector<protocol::WireEntry> entries;
    for (const auto& s : specs) entries.push_back(complaint(s.n, "kiosk-n", s.category, s.created, s.sensitive, 420));
    receive(storage, "kiosk-n", entries, 7);
    for (const auto& s : specs) {
        const auto c = store.find_case({"*", true}, "REF-" + std::to_string(s.n));
        REQUIRE(c);
        for (const auto& step : s.steps)
            REQUIRE(store.change_status(c->row.seq, step.from,
                                        console::HistoryItem{step.to, step.at, "คำตอบ", "", "", "tester"}));
    }
}

void check_without_sensitive(const nlohmann::json& j) {
    CHECK(j["received"] == 4);
    CHECK(j["received_by_category"] == nlohmann::json({{"delay", 2}, {"rude", 1}, {"other", 1}}));
    CHECK(j["status_at_month_end"] ==
          nlohmann::json({{"new", 1}, {"accepted", 0}, {"in_progress", 1}, {"resolved", 1}, {"referred", 1}}));
    CHECK(j["resolved_within_target"] == 1);
    CHECK(j["resolved_within_target_percent"].get<double>() == Approx(25.0));
    CHECK(j["median_days_first_response"].get<double>() == Approx(1.0));
    CHECK(j["median_days_resolution"].get<double>() == Approx(15.0));
    CHECK(j["open_from_earlier"] == 2);
    CHECK(j["sensitive_included"] == false);
}

void check_with_sensitive(const nlohmann::json& j) {
    CHECK(j["received"] == 5);
    CHECK(j["received_by_category"]["bribery"] == 1);
    CHECK(j["status_at_month_end"]["resolved"] == 2);
    CHECK(j["resolved_within_target"] == 2);
    CHECK(j["resolved_within_target_percent"].get<double>() == Approx(40.0));
    CHECK(j["median_days_first_response"].get<double>() == Approx(1.0));
    CHECK(j["median_days_resolution"].get<double>() == Approx(10.0));
    CHECK(j["open_from_earlier"] == 2);
    CHECK(j["sensitive_included"] == true);
}

}  // namespace

TEST_CASE("the monthly report's figures match the hand-computed ones across month ends", "[console][report]") {
    ConsoleWorld world;
    {
        LiveCollector live(world);  // mirrors the token file's offices into the database
    }
    collector::Storage storage(world.db);
    const auto store_owner = console::open_console_store(world.db);
    auto& store = *store_owner;
    fill_fixture(storage, store);

    const auto bound = console::report_fetch_bound(2026, 11);
    auto plain = console::compute_report(store.cases_filed_before({"north", false}, bound), 2026, 11, 15);
    check_without_sensitive(nlohmann::json::parse(console::report_json(plain)));
    CHECK(plain.responded == 3);
    CHECK(plain.closed == 2);
    auto all = console::compute_report(store.cases_filed_before({"north", true}, bound), 2026, 11, 15);
    all.sensitive_included = true;
    check_with_sensitive(nlohmann::json::parse(console::report_json(all)));

    // October, from the same data: A, B, C received; B was started on 1 Nov (local), so at
    // October's end A and B are accepted and C new.
    const auto october =
        console::compute_report(store.cases_filed_before({"north", false}, console::report_fetch_bound(2026, 10)),
                                2026, 10, 15);
    CHECK(october.received == 3);
    CHECK(october.status_at_month_end.at("accepted") == 2);
    CHECK(october.status_at_month_end.at("in_progress") == 0);
    CHECK(october.status_at_month_end.at("new") == 1);
    CHECK(october.resolved_within_target == 0);
    CHECK_FALSE(october.median_days_resolution.has_value());

    const std::string html = console::report_html(plain, false);
    CHECK(contains(html, "พฤศจิกายน 2569"));  // B.E.
    CHECK(contains(html, "size: A4"));
    const std::string csv = console::report_csv(plain);
    CHECK(csv.rfind("\xEF\xBB\xBF" "section,key,value\r\n", 0) == 0);
    CHECK(contains(csv, "resolution,resolved_within_target_percent,25.0\r\n"));
}

TEST_CASE("complaints-report prints the figures, sensitive ones only with --include-sensitive",
          "[console][report][cli]") {
    ConsoleWorld world;
    {
        LiveCollector live(world);
    }
    {
        collector::Storage storage(world.db);
        const auto store_owner = console::open_console_store(world.db);
        auto& store = *store_owner;
        fill_fixture(storage, store);
    }
    const std::string bin = FEEDBACK_COLLECTOR_BIN;
    const auto plain = run({bin, "complaints-report", "--db", world.db, "--office", "north", "--month",
                            "2026-11", "--format", "json"});
    REQUIRE(plain.exit_code == 0);
    check_without_sensitive(nlohmann::json::parse(plain.out));
    const auto all = run({bin, "complaints-report", "--db", world.db, "--office", "north", "--month",
                          "2026-11", "--format", "json", "--include-sensitive"});
    REQUIRE(all.exit_code == 0);
    check_with_sensitive(nlohmann::json::parse(all.out));

    const auto html_path = world.dir / "report.html";
    const auto html = run({bin, "complaints-report", "--db", world.db, "--office", "north", "--month",
                           "2026-11", "--format", "html", "--out", html_path.string()});
    REQUIRE(html.exit_code == 0);
    CHECK(contains(read_file(html_path), "พฤศจิกายน 2569"));
    CHECK((std::filesystem::status(html_path).permissions() & std::filesystem::perms::others_read) ==
          std::filesystem::perms::none);

    CHECK(run({bin, "complaints-report", "--db", world.db, "--office", "north", "--month", "2026-13",
               "--format", "json"})
              .exit_code == 2);
    CHECK(run({bin, "complaints-report", "--db", world.db, "--office", "nowhere", "--month", "2026-11",
               "--format", "json"})
              .exit_code == 2);
    // Each export is in the audit trail.
    const auto store_owner = console::open_console_store(world.db);
    auto& store = *store_owner;
    int exports = 0;
    for (const auto& a : store.audit("*", 100)) exports += a.action == "export";
    CHECK(exports == 3);
}

TEST_CASE("the console's report counts sensitive complaints for executives only", "[console][report][http]") {
    ConsoleWorld world;
    LiveCollector live(world);
    fill_fixture(live.collector().storage(), live.collector().console_store());

    Browser officer(live.port());
    REQUIRE(officer.sign_in("officer-n")->status == 303);
    const auto plain = officer.get("/console/report?month=2026-11&format=json");
    REQUIRE(plain->status == 200);
    check_without_sensitive(nlohmann::json::parse(plain->body));
    // An officer cannot widen the report to another office.
    CHECK(nlohmann::json::parse(officer.get("/console/report?month=2026-11&format=json&office=*")->body)["office"] ==
          "north");

    Browser executive(live.port());
    REQUIRE(executive.sign_in("exec-n")->status == 303);
    const auto all = executive.get("/console/report?month=2026-11&format=json");
    check_with_sensitive(nlohmann::json::parse(all->body));
    const auto page = executive.get("/console/report?month=2026-11");
    CHECK(contains(page->body, "id=\"report-received-total\">5<"));
    CHECK(contains(page->body, "id=\"report-open-earlier\">2<"));
}
