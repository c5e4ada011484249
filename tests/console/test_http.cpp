// The console over HTTP: the real collector (in-process) on 127.0.0.1 with a free port, driven
// by cpp-httplib's client as a browser would — cookies, forms, CSRF tokens, redirects. Checks
// what reaches the person (status codes, page ids, cookies) and what reaches the database
// (statuses, history, audit rows).
#include <catch2/catch.hpp>

#include "console_fixture.h"

using namespace feedback;
using namespace feedback::testing;

namespace {

// Three complaints: REF-1 ordinary and REF-2 sensitive (bribery) at kiosk-n (office north),
// REF-3 ordinary at kiosk-s (office south).
void file_complaints(LiveCollector& live) {
    auto& storage = live.collector().storage();
    receive(storage, "kiosk-n", {complaint(1, "kiosk-n", "delay"),
                                 complaint(2, "kiosk-n", "bribery", "2026-11-27T07:05:09.123Z", true)},
            1);
    receive(storage, "kiosk-s", {complaint(3, "kiosk-s", "rude")}, 2);
}

int count_audit(console::ConsoleStore& store, const std::string& action) {
    int n = 0;
    for (const auto& a : store.audit("*", 1000)) n += a.action == action;
    return n;
}

}  // namespace

TEST_CASE("signing in gives an HttpOnly SameSite=Strict session cookie and is audited", "[console][http]") {
    ConsoleWorld world;
    LiveCollector live(world);
    Browser browser(live.port());
    const auto r = browser.sign_in("officer-n");
    REQUIRE(r);
    CHECK(r->status == 303);
    CHECK(r->get_header_value("Location") == "/console/complaints");
    bool session_cookie = false;
    for (const auto& line : browser.set_cookie_lines)
        if (line.rfind("console_session=", 0) == 0) {
            session_cookie = true;
            CHECK(contains(line, "HttpOnly"));
            CHECK(contains(line, "SameSite=Strict"));
            CHECK_FALSE(contains(line, "Secure"));  // plain HTTP here; see the unit test for TLS
        }
    CHECK(session_cookie);
    const auto queue = browser.get("/console/complaints");
    REQUIRE(queue);
    CHECK(queue->status == 200);
    CHECK(contains(queue->body, "id=\"signed-in-user\">officer-n<"));
    CHECK(count_audit(live.collector().console_store(), "sign-in") == 1);

    // Sign-out ends the session on the server: the old cookie no longer opens anything.
    const std::string old_session = browser.cookie("console_session");
    const auto out = browser.post("/console/logout", {});
    REQUIRE(out);
    CHECK(out->status == 303);
    httplib::Client replay("127.0.0.1", live.port());
    const auto after = replay.Get("/console/complaints", {{"Cookie", "console_session=" + old_session}});
    REQUIRE(after);
    CHECK(after->status == 303);
    CHECK(after->get_header_value("Location") == "/console/login?expired=1");
}

TEST_CASE("a wrong password is refused and the sixth try after five wrong ones is locked out",
          "[console][http][lockout]") {
    ConsoleWorld world;
    LiveCollector live(world);
    Browser browser(live.port());
    for (int i = 0; i < 5; ++i) {
        const auto r = browser.sign_in("officer-n", "wrong password " + std::to_string(i));
        REQUIRE(r);
        CHECK(r->status == 401);
        CHECK(contains(r->body, "id=\"login-error\""));
    }
    // The right password now: still refused, without being checked, until the lockout ends.
    const auto sixth = browser.sign_in("officer-n");
    REQUIRE(sixth);
    CHECK(sixth->status == 429);
    CHECK(contains(sixth->body, "id=\"lockout\""));
    CHECK(browser.cookie("console_session").empty());
    auto& store = live.collector().console_store();
    CHECK(count_audit(store, "sign-in-failed") == 5);
    CHECK(count_audit(store, "sign-in-locked") == 1);
    CHECK(count_audit(store, "sign-in") == 0);
}

TEST_CASE("a form posted without its CSRF token is refused and changes nothing", "[console][http][csrf]") {
    ConsoleWorld world;
    LiveCollector live(world);
    file_complaints(live);
    Browser browser(live.port());
    REQUIRE(browser.sign_in("officer-n")->status == 303);
    browser.get("/console/complaints/REF-1");

    SECTION("status change") {
        const auto r = browser.post("/console/complaints/REF-1/status",
                                    {{"action", "accept"}, {"public_response", "รับเรื่องแล้ว"}}, false);
        REQUIRE(r);
        CHECK(r->status == 403);
        CHECK(contains(r->body, "id=\"csrf-refused\""));
        const auto c = live.collector().console_store().find_case({"*", true}, "REF-1");
        REQUIRE(c);
        CHECK(c->row.status == "new");
        // The same form with its token goes through.
        const auto ok = browser.post("/console/complaints/REF-1/status",
                                     {{"action", "accept"}, {"public_response", "รับเรื่องแล้ว"}});
        REQUIRE(ok);
        CHECK(ok->status == 303);
    }
    SECTION("a wrong token") {
        const auto r = browser.post("/console/complaints/REF-1/contact", {{"csrf", std::string(64, 'a')}});
        REQUIRE(r);
        CHECK(r->status == 403);
        CHECK(count_audit(live.collector().console_store(), "view-contact") == 0);
    }
    SECTION("sign-in without the form's token") {
        Browser other(live.port());
        const auto r = other.post("/console/login", {{"user", "officer-n"}, {"password", kPassword}}, false);
        REQUIRE(r);
        CHECK(r->status == 403);
        CHECK(other.cookie("console_session").empty());
    }
}

TEST_CASE("an officer sees only the ordinary complaints of their office", "[console][http][roles]") {
    ConsoleWorld world;
    LiveCollector live(world);
    file_complaints(live);

    Browser officer(live.port());
    REQUIRE(officer.sign_in("officer-n")->status == 303);
    const auto queue = officer.get("/console/complaints");
    REQUIRE(queue);
    CHECK(contains(queue->body, "data-reference=\"REF-1\""));
    CHECK_FALSE(contains(queue->body, "REF-2"));  // sensitive: executives only
    CHECK_FALSE(contains(queue->body, "REF-3"));  // another office
    CHECK(contains(queue->body, "id=\"total\">1<"));
    CHECK(officer.get("/console/complaints/REF-2")->status == 404);
    CHECK(officer.get("/console/complaints/REF-3")->status == 404);
    CHECK(officer.get("/console/audit")->status == 403);
    CHECK(officer.get("/console/devices")->status == 403);

    Browser executive(live.port());
    REQUIRE(executive.sign_in("exec-n")->status == 303);
    const auto exec_queue = executive.get("/console/complaints");
    CHECK(contains(exec_queue->body, "data-reference=\"REF-1\""));
    CHECK(contains(exec_queue->body, "data-reference=\"REF-2\""));
    CHECK_FALSE(contains(exec_queue->body, "REF-3"));
    CHECK(executive.get("/console/complaints/REF-2")->status == 200);
    CHECK(executive.get("/console/audit")->status == 200);

    Browser it(live.port());
    const auto it_in = it.sign_in("it-n");
    CHECK(it_in->get_header_value("Location") == "/console/devices");
    CHECK(it.get("/console/complaints")->status == 403);
    const auto it_case = it.get("/console/complaints/REF-1");
    CHECK(it_case->status == 403);
    CHECK_FALSE(contains(it_case->body, "รายละเอียด 1"));
    CHECK(it.get("/console/report")->status == 403);
    const auto devices = it.get("/console/devices");
    CHECK(devices->status == 200);
    CHECK(contains(devices->body, "kiosk-n"));
    CHECK_FALSE(contains(devices->body, "kiosk-s"));

    Browser admin(live.port());
    REQUIRE(admin.sign_in("admin")->status == 303);
    const auto all = admin.get("/console/complaints");
    CHECK(contains(all->body, "id=\"total\">3<"));
}

TEST_CASE("status changes follow the order, carry a public response and are kept as history",
          "[console][http][status]") {
    ConsoleWorld world;
    LiveCollector live(world);
    file_complaints(live);
    auto& store = live.collector().console_store();
    Browser b(live.port());
    REQUIRE(b.sign_in("officer-n")->status == 303);
    const auto page = b.get("/console/complaints/REF-1");
    REQUIRE(page->status == 200);
    CHECK(contains(page->body, "data-status=\"new\""));
    CHECK(contains(page->body, "id=\"action-accept\""));
    CHECK_FALSE(contains(page->body, "id=\"action-resolve\""));

    const auto post = [&](const std::map<std::string, std::string>& form) {
        b.get("/console/complaints/REF-1");
        return b.post("/console/complaints/REF-1/status", form);
    };
    // Out of order: resolve straight from new.
    auto r = post({{"action", "resolve"}, {"public_response", "เสร็จแล้ว"}});
    CHECK(r->status == 422);
    CHECK(contains(r->body, "id=\"action-error\""));
    // No public response.
    r = post({{"action", "accept"}, {"public_response", "  "}});
    CHECK(r->status == 422);
    CHECK(store.find_case({"*", true}, "REF-1")->row.status == "new");

    r = post({{"action", "accept"}, {"public_response", "รับเรื่องแล้ว"}, {"internal_note", "ส่งกองคลัง"}});
    CHECK(r->status == 303);
    r = post({{"action", "accept"}, {"public_response", "ซ้ำ"}});
    CHECK(r->status == 422);  // already accepted
    r = post({{"action", "start"}, {"public_response", "กำลังตรวจสอบ"}});
    CHECK(r->status == 303);
    r = post({{"action", "refer"}, {"public_response", "ส่งต่อแล้ว"}});
    CHECK(r->status == 422);  // referring must name to whom
    r = post({{"action", "resolve"}, {"public_response", "แก้ไขเรียบร้อย"}});
    CHECK(r->status == 303);

    const auto c = store.find_case({"*", true}, "REF-1");
    REQUIRE(c);
    CHECK(c->row.status == "resolved");
    CHECK_FALSE(c->row.accepted_utc.empty());
    CHECK_FALSE(c->row.closed_utc.empty());
    const auto history = store.history(c->row.seq);
    REQUIRE(history.size() == 3);
    CHECK(history[0].status == "accepted");
    CHECK(history[0].public_response == "รับเรื่องแล้ว");
    CHECK(history[0].internal_note == "ส่งกองคลัง");
    CHECK(history[0].user == "officer-n");
    CHECK(history[1].status == "in_progress");
    CHECK(history[2].status == "resolved");
    CHECK(count_audit(store, "status-change") == 3);
    const auto done = b.get("/console/complaints/REF-1");
    CHECK(contains(done->body, "data-status=\"resolved\""));
    CHECK(contains(done->body, "ดำเนินการแล้วเสร็จ"));
    CHECK_FALSE(contains(done->body, "id=\"status-form\""));
}

TEST_CASE("a complaint can be referred, naming to whom", "[console][http][status]") {
    ConsoleWorld world;
    LiveCollector live(world);
    file_complaints(live);
    Browser b(live.port());
    REQUIRE(b.sign_in("officer-n")->status == 303);
    for (const auto& [action, extra] : std::vector<std::pair<std::string, std::string>>{
             {"accept", ""}, {"start", ""}, {"refer", "สำนักงานที่ดินจังหวัด"}}) {
        b.get("/console/complaints/REF-1");
        std::map<std::string, std::string> form{{"action", action}, {"public_response", "คำตอบ " + action}};
        if (!extra.empty()) form["referred_to"] = extra;
        REQUIRE(b.post("/console/complaints/REF-1/status", form)->status == 303);
    }
    auto& store = live.collector().console_store();
    const auto c = store.find_case({"*", true}, "REF-1");
    CHECK(c->row.status == "referred");
    CHECK(store.history(c->row.seq).back().referred_to == "สำนักงานที่ดินจังหวัด");
}

TEST_CASE("contact details appear only after show contact, which is audited", "[console][http][contact]") {
    ConsoleWorld world;
    LiveCollector live(world);
    file_complaints(live);
    const std::string phone = complaint(1).complaint->contact_phone;
    Browser b(live.port());
    REQUIRE(b.sign_in("officer-n")->status == 303);
    const auto page = b.get("/console/complaints/REF-1");
    CHECK(contains(page->body, "รายละเอียด 1"));
    CHECK_FALSE(contains(page->body, phone));
    CHECK(contains(page->body, "id=\"show-contact\""));
    auto& store = live.collector().console_store();
    CHECK(count_audit(store, "view-contact") == 0);
    const auto shown = b.post("/console/complaints/REF-1/contact", {});
    REQUIRE(shown->status == 200);
    CHECK(contains(shown->body, "id=\"contact\""));
    CHECK(contains(shown->body, phone));
    // Its language link leads to the case page, not to the POST-only action.
    CHECK(contains(shown->body, "href=\"/console/complaints/REF-1?lang=en\" id=\"lang-toggle\""));
    const auto audit = store.audit("north", 10);
    REQUIRE_FALSE(audit.empty());
    CHECK(audit.front().action == "view-contact");
    CHECK(audit.front().target == "REF-1");
    CHECK(audit.front().user == "officer-n");
    // The audit row names the complaint, never the person.
    for (const auto& a : store.audit("*", 100)) CHECK_FALSE(contains(a.target, phone));
}

TEST_CASE("the queue filters, pages and marks complaints open past the target", "[console][http][queue]") {
    ConsoleWorld world;
    console::ConsoleOptions options;
    options.target_days = 15;
    LiveCollector live(world, options);
    // Filed 30 days ago and yesterday (by the wall clock the page uses).
    const auto now = std::chrono::system_clock::now();
    const auto iso = [](std::chrono::system_clock::time_point t) {
        const std::time_t s = std::chrono::system_clock::to_time_t(t);
        std::tm tm{};
        gmtime_r(&s, &tm);
        char text[40];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
        return std::string(text);
    };
    receive(live.collector().storage(), "kiosk-n",
            {complaint(11, "kiosk-n", "delay", iso(now - std::chrono::hours(24 * 30))),
             complaint(12, "kiosk-n", "rude", iso(now - std::chrono::hours(24)))},
            3);
    Browser b(live.port());
    REQUIRE(b.sign_in("officer-n")->status == 303);
    const auto all = b.get("/console/complaints");
    CHECK(contains(all->body, "class=\"complaint overdue\" id=\"row-REF-11\""));
    CHECK(contains(all->body, "class=\"complaint\" id=\"row-REF-12\""));
    // Newest first.
    CHECK(all->body.find("row-REF-12") < all->body.find("row-REF-11"));
    const auto rude = b.get("/console/complaints?category=rude");
    CHECK(contains(rude->body, "row-REF-12"));
    CHECK_FALSE(contains(rude->body, "row-REF-11"));
    const auto by_kiosk = b.get("/console/complaints?kiosk=kiosk-s");
    CHECK(contains(by_kiosk->body, "id=\"total\">0<"));
    const auto closed = b.get("/console/complaints?status=resolved");
    CHECK(contains(closed->body, "id=\"total\">0<"));
    const auto english = b.get("/console/complaints?lang=en");
    CHECK(contains(english->body, "<html lang=\"en\">"));
    CHECK(contains(english->body, "Days open"));
    // The choice is remembered in a cookie.
    CHECK(contains(b.get("/console/complaints")->body, "<html lang=\"en\">"));
}

TEST_CASE("the console's pages load nothing from elsewhere and need no script", "[console][http]") {
    ConsoleWorld world;
    LiveCollector live(world);
    file_complaints(live);
    Browser b(live.port());
    const auto login = b.get("/console/login");
    REQUIRE(b.sign_in("exec-n")->status == 303);
    for (const std::string path : {"/console/complaints", "/console/complaints/REF-2", "/console/report",
                                   "/console/audit", "/console/devices"}) {
        const auto r = b.get(path);
        REQUIRE(r);
        INFO(path);
        CHECK(r->status == 200);
        CHECK_FALSE(contains(r->body, "<script"));
        CHECK_FALSE(contains(r->body, "http://"));
        CHECK_FALSE(contains(r->body, "https://"));
        CHECK(contains(r->body, "Laksaman, 'TH Sarabun New', Sarabun, Garuda, Loma, sans-serif"));
        CHECK(contains(r->body, "@media print"));
        CHECK(r->get_header_value("Cache-Control") == "no-store");
    }
}

TEST_CASE("several people signing in at once all get in (password checks take turns)", "[console][http]") {
    ConsoleWorld world;
    LiveCollector live(world);
    const std::vector<std::string> users{"officer-n", "exec-n", "it-n", "officer-s", "admin"};
    std::vector<int> statuses(users.size(), 0);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < users.size(); ++i)
        threads.emplace_back([&, i] {
            Browser b(live.port());
            const auto r = b.sign_in(users[i]);
            statuses[i] = r ? r->status : -1;
        });
    for (auto& t : threads) t.join();
    for (const int status : statuses) CHECK(status == 303);
}

// Issue 20: sessions and lockouts live in the database, so collectors sharing it (several
// behind a load balancer, on PostgreSQL in the -pg run) hold a sign-in made on any of them
// and count wrong passwords together.
TEST_CASE("a sign-in made on one collector holds on another sharing the database, and lockouts count across them",
          "[console][http][session][lockout]") {
    ConsoleWorld world;
    LiveCollector first(world);
    LiveCollector second(world);
    Browser browser(first.port());
    const auto signed_in = browser.sign_in("officer-n");
    REQUIRE(signed_in);
    REQUIRE(signed_in->status == 303);
    const std::string session = browser.cookie("console_session");
    REQUIRE_FALSE(session.empty());

    httplib::Client other("127.0.0.1", second.port());
    const httplib::Headers cookie{{"Cookie", "console_session=" + session}};
    const auto page = other.Get("/console/complaints", cookie);
    REQUIRE(page);
    CHECK(page->status == 200);
    // Signed out on the first, the session is gone on the second too.
    REQUIRE(browser.get("/console/complaints"));  // a page with the form's CSRF token
    const auto out = browser.post("/console/logout", {});
    REQUIRE(out);
    CHECK(out->status == 303);
    const auto after = other.Get("/console/complaints", cookie);
    REQUIRE(after);
    CHECK(after->status == 303);

    // Three wrong passwords on one collector and two on the other make five: locked on both.
    Browser on_first(first.port()), on_second(second.port());
    for (int i = 0; i < 3; ++i) CHECK(on_first.sign_in("officer-s", "wrong password " + std::to_string(i))->status == 401);
    for (int i = 0; i < 2; ++i) CHECK(on_second.sign_in("officer-s", "wrong password " + std::to_string(i))->status == 401);
    CHECK(on_first.sign_in("officer-s")->status == 429);
    CHECK(on_second.sign_in("officer-s")->status == 429);
}
