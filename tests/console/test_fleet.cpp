// The fleet (issue 19): states computed from facts with a fake clock, the collector recording
// what they are computed from (clock offset at receipt, refused tokens per claimed device), the
// steady clock that keeps a wall-clock change at the collector from faking silence, the
// `fleet --json` command, and /metrics (format and allow-list).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "console_fixture.h"
#include "dates.h"
#include "fleet.h"
#include "metrics.h"
#include "pages.h"
#include "core/period.h"
#include "process.h"

using namespace feedback;
using namespace feedback::testing;
using console::KioskState;

namespace {

const std::string kBin = FEEDBACK_COLLECTOR_BIN;

// 2026-12-07 is a Monday. Times as UTC epoch seconds of a Bangkok (UTC+7) wall time.
std::int64_t bangkok(int year, int month, int day, int hour, int minute) {
    return console::days_from_civil(year, month, day) * 86400 + (hour - 7) * 3600 + minute * 60;
}

console::FleetRow heard_at(std::int64_t utc) {
    console::FleetRow row;
    row.device_id = "kiosk-n";
    row.office = "north";
    row.last_heartbeat_utc = console::format_utc(utc);
    row.clock_offset_ms = 0;
    return row;
}

std::vector<std::string> words_of(const std::vector<KioskState>& states) {
    std::vector<std::string> out;
    for (const auto s : states) out.emplace_back(console::to_string(s));
    return out;
}

collector::Request heartbeat_request(const std::string& token, const std::string& device, const std::string& clock,
                                     const std::string& claimed = "") {
    auto hb = samples::heartbeat();
    hb.device_id = device;
    hb.kiosk_clock_utc = clock;
    hb.device_name = "ช่องบริการ 1";
    collector::Request r;
    r.method = "POST";
    r.path = "/v1/heartbeat";
    r.peer = "127.0.0.1:40000";
    r.headers["Content-Type"] = "application/json";
    r.headers["Authorization"] = "Bearer " + token;
    if (!claimed.empty()) r.headers["X-Feedback-Device"] = claimed;
    r.body = protocol::encode(hb);
    return r;
}

collector::Request metrics_request(const std::string& peer) {
    collector::Request r;
    r.method = "GET";
    r.path = "/metrics";
    r.peer = peer;
    return r;
}

// The collector in-process with a steady clock and a wall clock the test moves.
struct FleetWorld {
    ConsoleWorld world;
    std::string token = collector::add_token(world.tokens, "kiosk-n", "north");
    std::string s_token = collector::add_token(world.tokens, "kiosk-s", "south");
    std::chrono::steady_clock::time_point steady = std::chrono::steady_clock::now();
    std::int64_t wall_shift = 0;  // seconds added to the real wall clock
    std::unique_ptr<collector::Collector> collector;

    explicit FleetWorld(const std::string& metrics_allow = std::string(collector::kDefaultMetricsAllow)) {
        collector::Options options;
        options.database = world.db;
        options.tokens = world.tokens;
        options.log = [](const std::string&) {};
        options.now = [this] { return steady; };
        options.console.wall_now = [this] { return console::now_seconds() + wall_shift; };
        options.console.fleet.heartbeat_interval = std::chrono::seconds(60);
        options.console.fleet.hours.always = true;
        options.metrics_allow = metrics_allow;
        collector = std::make_unique<collector::Collector>(std::move(options));
    }
    std::string metrics() {
        const auto r = collector->handle(metrics_request("127.0.0.1:50000"));
        REQUIRE(r.status == 200);
        return r.body;
    }
};

bool has_line(const std::string& text, const std::string& line) {
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        if (l == line) return true;
    return false;
}

}  // namespace

TEST_CASE("office hours: the default, other specs, and the seconds of a span that count", "[console][fleet]") {
    const auto standard = console::parse_office_hours("mon-fri 08:30-16:30");
    REQUIRE(standard);
    CHECK(console::to_string(*standard) == "mon-fri 08:30-16:30 +07:00");
    CHECK(console::to_string(console::OfficeHours{}) == "mon-fri 08:30-16:30 +07:00");
    CHECK(console::to_string(*console::parse_office_hours("sat,mon-wed 09:00-12:00 +06:30")) ==
          "mon-wed,sat 09:00-12:00 +06:30");
    CHECK(console::parse_office_hours("always")->always);
    std::string problem;
    CHECK_FALSE(console::parse_office_hours("weekdays 8-5", &problem));
    CHECK_FALSE(problem.empty());
    CHECK_FALSE(console::parse_office_hours("mon-fri 16:30-08:30"));
    CHECK_FALSE(console::parse_office_hours("mon-fri 08:30-16:30 +7"));

    const auto& h = *standard;
    // Friday 16:29 to Monday 08:31 (Bangkok): one minute each side of the weekend.
    CHECK(console::office_seconds(h, bangkok(2026, 12, 4, 16, 29), bangkok(2026, 12, 7, 8, 31), 1'000'000) == 120);
    // A whole Monday: 8 hours; the cap stops the count.
    CHECK(console::office_seconds(h, bangkok(2026, 12, 7, 0, 0), bangkok(2026, 12, 8, 0, 0), 1'000'000) == 8 * 3600);
    CHECK(console::office_seconds(h, bangkok(2026, 12, 7, 0, 0), bangkok(2026, 12, 8, 0, 0), 900) == 900);
    // Overnight counts nothing.
    CHECK(console::office_seconds(h, bangkok(2026, 12, 7, 17, 0), bangkok(2026, 12, 8, 8, 0), 1'000'000) == 0);
}

TEST_CASE("fleet states are computed from the facts with a fake clock, in their precedence", "[console][fleet]") {
    console::FleetPolicy policy;  // 300 s heartbeats, Mon-Fri 08:30-16:30 +07:00
    const std::int64_t monday_10 = bangkok(2026, 12, 7, 10, 0);

    SECTION("a kiosk heard 14 minutes ago is ok; 15 minutes of office hours make it silent") {
        CHECK(console::assess(heard_at(monday_10 - 14 * 60), policy, monday_10).state == KioskState::Ok);
        CHECK(console::assess(heard_at(monday_10 - 15 * 60), policy, monday_10).state == KioskState::Silent);
    }
    SECTION("silence outside office hours does not count") {
        // Last heard Friday 16:25, now Monday 08:35: 5 + 5 minutes of office hours.
        const auto s = console::assess(heard_at(bangkok(2026, 12, 4, 16, 25)), policy, bangkok(2026, 12, 7, 8, 35));
        CHECK(s.state == KioskState::Ok);
        CHECK(*s.heartbeat_age_s == (bangkok(2026, 12, 7, 8, 35) - bangkok(2026, 12, 4, 16, 25)));
        // Monday 08:46: 5 + 16 minutes.
        CHECK(console::assess(heard_at(bangkok(2026, 12, 4, 16, 25)), policy, bangkok(2026, 12, 7, 8, 46)).state ==
              KioskState::Silent);
    }
    SECTION("a known kiosk never heard from is silent") {
        console::FleetRow row;
        row.device_id = "kiosk-x";
        const auto s = console::assess(row, policy, monday_10);
        CHECK(s.state == KioskState::Silent);
        CHECK_FALSE(s.heartbeat_age_s);
    }
    SECTION("clock: more than 2 minutes either way") {
        auto row = heard_at(monday_10 - 60);
        row.clock_offset_ms = 120'000;
        CHECK(console::assess(row, policy, monday_10).state == KioskState::Ok);
        row.clock_offset_ms = -120'001;
        CHECK(console::assess(row, policy, monday_10).state == KioskState::WrongClock);
        row.clock_offset_ms = 600'000;
        CHECK(console::to_string(console::assess(row, policy, monday_10).state) == "clock");
    }
    SECTION("backlog: the oldest pending entry older than an hour") {
        auto row = heard_at(monday_10 - 60);
        row.oldest_pending_age_s = 3600;
        CHECK(console::assess(row, policy, monday_10).state == KioskState::Ok);
        row.oldest_pending_age_s = 3601;
        CHECK(console::assess(row, policy, monday_10).state == KioskState::Backlog);
    }
    SECTION("auth: a refusal after the last request that got through; cleared by a later one") {
        auto row = heard_at(monday_10 - 60);
        row.auth_refused_utc = console::format_utc(monday_10 - 30);
        CHECK(console::assess(row, policy, monday_10).state == KioskState::Auth);
        row.last_batch_utc = console::format_utc(monday_10 - 10);
        CHECK(console::assess(row, policy, monday_10).state == KioskState::Ok);
    }
    SECTION("auth: a refusal stamped in the same millisecond as the last accepted request counts") {
        auto row = heard_at(monday_10 - 60);
        row.auth_refused_utc = row.last_heartbeat_utc;
        CHECK(console::assess(row, policy, monday_10).state == KioskState::Auth);
    }
    SECTION("several at once: auth, silent, clock, backlog, all listed, the first is the state") {
        auto row = heard_at(monday_10 - 3600);
        row.clock_offset_ms = 600'000;
        row.oldest_pending_age_s = 7200;
        row.auth_refused_utc = console::format_utc(monday_10 - 30);
        const auto s = console::assess(row, policy, monday_10);
        CHECK(words_of(s.states) == std::vector<std::string>{"auth", "silent", "clock", "backlog"});
        CHECK(s.state == KioskState::Auth);
        row.auth_refused_utc.clear();
        CHECK(console::assess(row, policy, monday_10).state == KioskState::Silent);
    }
    SECTION("the steady clock's age wins over the stored wall-clock time") {
        // Stored as heard 2 hours ago by the wall clock, but this process heard it 10 s ago.
        const auto s = console::assess(heard_at(monday_10 - 7200), policy, monday_10, std::chrono::milliseconds(10'000));
        CHECK(s.state == KioskState::Ok);
        CHECK(*s.heartbeat_age_s == 10);
    }
}

TEST_CASE("the fiscal half and today follow Bangkok's calendar", "[console][fleet]") {
    // 2026-12-06 05:00 UTC: B.E. 2570's first half (from 1 Oct 2026), today from 17:00 UTC the day before.
    auto b = console::fleet_bounds(bangkok(2026, 12, 6, 12, 0), 420);
    CHECK(b.half_label == "2570-H1");
    CHECK(b.half_start_utc == "2026-09-30T17:00:00.000Z");
    CHECK(b.today_start_utc == "2026-12-05T17:00:00.000Z");
    b = console::fleet_bounds(bangkok(2026, 3, 31, 23, 59), 420);
    CHECK(b.half_label == "2569-H1");
    CHECK(b.half_start_utc == "2025-09-30T17:00:00.000Z");
    b = console::fleet_bounds(bangkok(2026, 4, 1, 0, 0), 420);
    CHECK(b.half_label == "2569-H2");
    CHECK(b.half_start_utc == "2026-03-31T17:00:00.000Z");
}

TEST_CASE("the fleet's fiscal halves are the kiosk's (kiosk/core/period.h) on every day of two years",
          "[console][fleet]") {
    for (std::int64_t day = console::days_from_civil(2025, 1, 1); day < console::days_from_civil(2027, 1, 1); ++day) {
        const std::int64_t noon = day * 86400 + 5 * 3600;  // 12:00 in Bangkok
        const auto ours = console::fleet_bounds(noon, 420);
        const std::string date = console::format_utc(noon).substr(0, 10);
        const core::CivilDate civil{std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)),
                                    std::stoi(date.substr(8, 2))};
        const auto theirs = core::half_year_containing(civil);
        INFO(date);
        CHECK(ours.half_label == theirs.label);
        CHECK(ours.half_start_utc == console::format_utc(theirs.start_utc_ms(420) / 1000));
    }
}

TEST_CASE("a heartbeat stores the kiosk's clock offset, a wall-clock change at the collector does not fake silence",
          "[console][fleet]") {
    FleetWorld w;
    const std::string now = console::format_utc(console::now_seconds());
    REQUIRE(w.collector->handle(heartbeat_request(w.token, "kiosk-n", now)).status == 204);
    const auto stored = w.collector->storage().heartbeat("kiosk-n");
    REQUIRE(stored);
    REQUIRE(stored->clock_offset_ms);
    CHECK(std::llabs(*stored->clock_offset_ms) < 5000);
    CHECK(stored->heartbeat.device_name == "ช่องบริการ 1");

    // 10 s later on the steady clock, while someone sets the collector's wall clock 2 hours ahead.
    w.steady += std::chrono::seconds(10);
    w.wall_shift = 7200;
    const std::string m = w.metrics();
    CHECK(has_line(m, "feedback_collector_kiosk_state{device=\"kiosk-n\",office=\"north\",state=\"ok\"} 1"));
    CHECK(has_line(m, "feedback_collector_heartbeat_age_seconds{device=\"kiosk-n\",office=\"north\"} 10"));
    // The command line (another process, no steady record) can only go by the wall clock: silent.
    const auto view = console::fleet_view(w.collector->console_store(), "*", console::FleetPolicy{.heartbeat_interval = std::chrono::seconds(60),
                                                                                                 .hours = {.always = true}},
                                          console::now_seconds() + 7200);
    REQUIRE(view.kiosks.size() == 2);
    CHECK(view.kiosks[0].row.device_id == "kiosk-n");
    CHECK(view.kiosks[0].state == KioskState::Silent);

    // Silence on the steady clock does count: 3 intervals of 60 s.
    w.steady += std::chrono::seconds(171);
    CHECK(has_line(w.metrics(), "feedback_collector_kiosk_state{device=\"kiosk-n\",office=\"north\",state=\"silent\"} 1"));
}

TEST_CASE("a heartbeat with a clock 10 minutes off makes the kiosk `clock`", "[console][fleet]") {
    FleetWorld w;
    const std::string ahead = console::format_utc(console::now_seconds() + 600);
    REQUIRE(w.collector->handle(heartbeat_request(w.token, "kiosk-n", ahead)).status == 204);
    const auto stored = w.collector->storage().heartbeat("kiosk-n");
    REQUIRE(stored->clock_offset_ms);
    CHECK(*stored->clock_offset_ms > 595'000);
    CHECK(*stored->clock_offset_ms < 601'000);
    const std::string m = w.metrics();
    CHECK(has_line(m, "feedback_collector_kiosk_state{device=\"kiosk-n\",office=\"north\",state=\"clock\"} 1"));
}

TEST_CASE("a refused token is recorded for the device it claims, only for devices the token file knows",
          "[console][fleet]") {
    FleetWorld w;
    const std::string now = console::format_utc(console::now_seconds());
    REQUIRE(w.collector->handle(heartbeat_request(w.token, "kiosk-n", now)).status == 204);
    w.steady += std::chrono::seconds(1);
    // An old token the collector no longer knows, from kiosk-n; and a stranger's claim.
    CHECK(w.collector->handle(heartbeat_request("0123456789abcdef", "kiosk-n", now, "kiosk-n")).status == 401);
    CHECK(w.collector->handle(heartbeat_request("0123456789abcdef", "nobody", now, "nobody")).status == 401);
    // kiosk-s's token used for kiosk-n's heartbeat: 403, recorded against the claimed kiosk-n.
    CHECK(w.collector->handle(heartbeat_request(w.s_token, "kiosk-n", now)).status == 403);
    auto view = console::fleet_view(w.collector->console_store(), "*", console::FleetPolicy{}, console::now_seconds() + 1);
    std::map<std::string, console::KioskStatus> by;
    for (const auto& k : view.kiosks) by.emplace(k.row.device_id, k);
    REQUIRE(by.count("kiosk-n"));
    CHECK(by.at("kiosk-n").state == KioskState::Auth);
    CHECK(by.at("kiosk-n").row.auth_refused_status == 403);
    CHECK(by.at("kiosk-n").row.auth_refusals == 2);
    CHECK(by.at("kiosk-s").state != KioskState::Auth);  // its token worked; it claimed kiosk-n
    CHECK_FALSE(by.count("nobody"));

    // The next heartbeat that gets through clears it (the refusal is older than it).
    w.steady += std::chrono::seconds(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // distinct millisecond timestamps
    REQUIRE(w.collector->handle(heartbeat_request(w.token, "kiosk-n", now)).status == 204);
    view = console::fleet_view(w.collector->console_store(), "north", console::FleetPolicy{.hours = {.always = true}},
                               console::now_seconds());
    REQUIRE(view.kiosks.size() == 1);
    CHECK(view.kiosks[0].state == KioskState::Ok);
}

TEST_CASE("fleet --json lists every kiosk of the office with its facts and state", "[console][fleet][cli]") {
    ConsoleWorld world;
    {
        collector::Storage storage(world.db);
        // What `serve` does at start from the token file's offices.
        console::open_console_store(world.db)->set_device_offices({{"kiosk-n", "north"}, {"kiosk-s", "south"}});
        // As the protocol stores a batch: with its answer recorded (the fleet's "last batch").
        protocol::Batch batch;
        batch.batch_id = uuid(900'000'001);
        batch.device_id = "kiosk-n";
        batch.entries = {complaint(1, "kiosk-n"), complaint(2, "kiosk-n")};
        storage.store_batch("kiosk-n", batch, batch.entries, {}, std::string("sha256-of-the-body"));
        receive(storage, "kiosk-s", {complaint(3, "kiosk-s")}, 2);
        auto hb = samples::heartbeat();
        hb.device_id = "kiosk-n";
        hb.device_name = "ช่องบริการ 1";
        hb.pending = 4;
        hb.oldest_pending_age_s = 7200;
        hb.last_error = "HTTP 503 from the collector";
        hb.kiosk_clock_utc = console::format_utc(console::now_seconds() + 600);
        storage.record_heartbeat("kiosk-n", hb, "127.0.0.1:1");
    }
    const auto r = run({kBin, "fleet", "--db", world.db, "--office", "north", "--json", "--office-hours",
                        "always", "--heartbeat-interval", "60"});
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["office"] == "north");
    CHECK(j["policy"]["heartbeat_interval_s"] == 60);
    CHECK(j["policy"]["silent_after_s"] == 180);
    CHECK(j["policy"]["office_hours"] == "always +07:00");
    CHECK(j["policy"]["clock_tolerance_s"] == 120);
    CHECK(j["policy"]["backlog_after_s"] == 3600);
    CHECK(j["half_year"]["label"].get<std::string>().size() == 7);
    REQUIRE(j["kiosks"].size() == 1);  // kiosk-s is south's
    const auto& k = j["kiosks"][0];
    const std::set<std::string> fields{"office", "device_id", "device_name", "app_version", "state", "states",
                                       "last_heartbeat_utc", "heartbeat_age_s", "last_batch_utc", "entries_today",
                                       "entries_half_year", "pending", "oldest_pending_age_s", "last_error",
                                       "kiosk_clock_utc", "clock_offset_ms", "auth_refused_utc",
                                       "auth_refused_status", "auth_refusals"};
    std::set<std::string> seen;
    for (const auto& [key, value] : k.items()) seen.insert(key);
    CHECK(seen == fields);
    CHECK(k["office"] == "north");
    CHECK(k["device_id"] == "kiosk-n");
    CHECK(k["device_name"] == "ช่องบริการ 1");
    CHECK(k["state"] == "clock");
    CHECK(k["states"] == nlohmann::json::array({"clock", "backlog"}));
    CHECK(k["entries_today"] == 2);
    CHECK(k["entries_half_year"] == 2);
    CHECK(k["pending"] == 4);
    CHECK(k["oldest_pending_age_s"] == 7200);
    CHECK(k["last_error"] == "HTTP 503 from the collector");
    CHECK(k["clock_offset_ms"].get<std::int64_t>() > 590'000);
    CHECK(k["last_batch_utc"].is_string());
    CHECK(k["auth_refused_utc"].is_null());
    CHECK(k["auth_refusals"] == 0);

    const auto everyone = run({kBin, "fleet", "--db", world.db, "--json"});
    REQUIRE(everyone.exit_code == 0);
    const auto all = nlohmann::json::parse(everyone.out);
    REQUIRE(all["kiosks"].size() == 2);
    CHECK(all["kiosks"][1]["device_id"] == "kiosk-s");
    CHECK(all["kiosks"][1]["state"] == "silent");  // never heard from
    CHECK(all["kiosks"][1]["last_heartbeat_utc"].is_null());
    CHECK(all["kiosks"][1]["entries_today"] == 1);

    const auto table = run({kBin, "fleet", "--db", world.db});
    REQUIRE(table.exit_code == 0);
    CHECK(contains(table.out, "DEVICE"));
    CHECK(contains(table.out, "kiosk-n"));
    CHECK(contains(table.out, "clock+backlog"));

    CHECK(run({kBin, "fleet", "--db", world.db, "--office", "west"}).exit_code == 2);
    CHECK(run({kBin, "fleet", "--db", world.db, "--office-hours", "sometimes"}).exit_code == 2);
    CHECK(run({kBin, "fleet", "--db", (world.dir / "missing.db").string()}).exit_code == 1);
}

TEST_CASE("/metrics answers only --metrics-allow, in Prometheus' text format", "[console][fleet][metrics]") {
    SECTION("the allow-list") {
        const auto loopback = collector::parse_cidr_list(collector::kDefaultMetricsAllow);
        CHECK(collector::cidr_allows(loopback, "127.0.0.1"));
        CHECK(collector::cidr_allows(loopback, "127.9.8.7"));
        CHECK(collector::cidr_allows(loopback, "::1"));
        CHECK(collector::cidr_allows(loopback, "::ffff:127.0.0.1"));
        CHECK_FALSE(collector::cidr_allows(loopback, "192.0.2.7"));
        CHECK_FALSE(collector::cidr_allows(loopback, "::2"));
        CHECK_FALSE(collector::cidr_allows(loopback, "not an address"));
        const auto lan = collector::parse_cidr_list("10.20.0.0/16, fd00::/8");
        CHECK(collector::cidr_allows(lan, "10.20.255.1"));
        CHECK_FALSE(collector::cidr_allows(lan, "10.21.0.1"));
        CHECK(collector::cidr_allows(lan, "fd12::5"));
        CHECK_FALSE(collector::cidr_allows(lan, "127.0.0.1"));
        CHECK_THROWS_AS(collector::parse_cidr_list("10.0.0.0/33"), std::invalid_argument);
        CHECK_THROWS_AS(collector::parse_cidr_list("intranet"), std::invalid_argument);

        FleetWorld w;
        CHECK(w.collector->handle(metrics_request("192.0.2.7:50000")).status == 403);
        CHECK(w.collector->handle(metrics_request("::1:50000")).status == 200);
        FleetWorld lan_only("192.0.2.0/24");
        CHECK(lan_only.collector->handle(metrics_request("192.0.2.7:50000")).status == 200);
        CHECK(lan_only.collector->handle(metrics_request("127.0.0.1:50000")).status == 403);
        CHECK_THROWS_AS(FleetWorld("banana"), std::invalid_argument);
    }
    SECTION("the format, and the counters moving") {
        FleetWorld w;
        auto batch = samples::batch();
        batch.device_id = "kiosk-n";
        for (auto& e : batch.entries) e.device_id = "kiosk-n";
        collector::Request r;
        r.method = "POST";
        r.path = "/v1/batches";
        r.peer = "127.0.0.1:40000";
        r.headers["Content-Type"] = "application/json";
        r.headers["Authorization"] = "Bearer " + w.token;
        r.body = protocol::encode(batch);
        REQUIRE(w.collector->handle(r).status == 200);
        REQUIRE(w.collector->handle(r).status == 200);  // the same again: replayed, not re-counted
        REQUIRE(w.collector->handle(heartbeat_request(w.token, "kiosk-n", console::format_utc(console::now_seconds())))
                    .status == 204);
        // Refused by screen() before its body is read (as the HTTP layer does): counted as well.
        const auto early = w.collector->screen(heartbeat_request("0123456789abcdef", "kiosk-n", "2026-12-06T00:00:00Z"));
        REQUIRE(early);
        REQUIRE(early->status == 401);
        const auto answer = w.collector->handle(metrics_request("127.0.0.1:50000"));
        REQUIRE(answer.status == 200);
        CHECK(answer.headers.at("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
        const std::string& m = answer.body;
        CHECK(has_line(m, "feedback_collector_batches_total{code=\"200\"} 2"));
        CHECK(has_line(m, "feedback_collector_entries_total{result=\"accepted\"} " +
                              std::to_string(batch.entries.size())));
        CHECK(has_line(m, "feedback_collector_entries_total{result=\"duplicate\"} 0"));
        CHECK(has_line(m, "feedback_collector_heartbeats_total{code=\"204\"} 1"));
        CHECK(has_line(m, "feedback_collector_heartbeats_total{code=\"401\"} 1"));
        CHECK(has_line(m, "feedback_collector_store_errors_total{kind=\"transient\"} 0"));
        CHECK(has_line(m, "feedback_collector_request_duration_seconds_count{endpoint=\"batch\"} 2"));
        CHECK(has_line(m, "feedback_collector_request_duration_seconds_bucket{endpoint=\"batch\",le=\"+Inf\"} 2"));
        CHECK(has_line(m, "feedback_collector_kiosk_state{device=\"kiosk-s\",office=\"south\",state=\"silent\"} 1"));

        // Every line is a comment of a declared family or a sample `name{labels} value`; every
        // sample's family has # HELP and # TYPE before it; bucket counts never decrease.
        const std::regex sample(R"re(^([a-z_]+)(\{[a-z_]+="[^"\\]*"(,[a-z_]+="[^"\\]*")*\})? (-?[0-9.e+-]+)$)re");
        const std::regex comment(R"re(^# (HELP|TYPE) ([a-z_]+) .+$)re");
        std::set<std::string> helped, typed;
        std::istringstream in(m);
        std::string previous_bucket_series;
        double previous_bucket = -1;
        int samples_seen = 0;
        for (std::string line; std::getline(in, line);) {
            std::smatch match;
            if (std::regex_match(line, match, comment)) {
                (match[1] == "HELP" ? helped : typed).insert(match[2]);
                continue;
            }
            INFO(line);
            REQUIRE(std::regex_match(line, match, sample));
            ++samples_seen;
            std::string family = match[1];
            for (const char* suffix : {"_bucket", "_sum", "_count"})
                if (family.ends_with(suffix) && family.starts_with("feedback_collector_request_duration_seconds"))
                    family = "feedback_collector_request_duration_seconds";
            CHECK(helped.count(family));
            CHECK(typed.count(family));
            if (std::string(match[1]).ends_with("_bucket")) {
                const std::string labels = match[2];
                const std::string series = labels.substr(0, labels.find(",le="));
                const double v = std::stod(match[4]);
                if (series == previous_bucket_series) CHECK(v >= previous_bucket);
                previous_bucket_series = series;
                previous_bucket = v;
            }
        }
        CHECK(samples_seen > 20);
    }
}

TEST_CASE("/console/fleet: it and executive see their office's kiosks, an officer gets 403 and no link",
          "[console][fleet][http]") {
    ConsoleWorld world;
    console::ConsoleOptions options;
    options.fleet.hours.always = true;
    LiveCollector live(world, options);
    {
        auto hb = samples::heartbeat();
        hb.device_id = "kiosk-n";
        hb.kiosk_clock_utc = console::format_utc(console::now_seconds() - 600);
        live.collector().storage().record_heartbeat("kiosk-n", hb, "127.0.0.1:1");
    }
    for (const std::string user : {"it-n", "exec-n"}) {
        Browser b(live.port());
        REQUIRE(b.sign_in(user));
        const auto page = b.get("/console/fleet");
        REQUIRE(page);
        CHECK(page->status == 200);
        CHECK(contains(page->body, "id=\"nav-fleet\""));
        CHECK(contains(page->body, "data-device=\"kiosk-n\" data-state=\"clock\""));
        CHECK_FALSE(contains(page->body, "data-device=\"kiosk-s\""));  // another office
    }
    Browser officer(live.port());
    REQUIRE(officer.sign_in("officer-n"));
    const auto refused = officer.get("/console/fleet");
    REQUIRE(refused);
    CHECK(refused->status == 403);
    const auto queue = officer.get("/console/complaints");
    CHECK_FALSE(contains(queue->body, "nav-fleet"));
}

TEST_CASE("the fleet page's row: B.E. local time of the last batch, oldest pending, the error on a row of its own",
          "[console][fleet]") {
    console::FleetView view;
    view.office = "north";
    view.now_utc_s = bangkok(2026, 12, 7, 10, 0);
    console::KioskStatus k;
    k.row = heard_at(view.now_utc_s - 60);
    k.row.device_name = "ช่อง <1>";
    k.row.app_version = "0.2.0";
    k.row.last_batch_utc = console::format_utc(bangkok(2026, 12, 7, 9, 5));
    k.row.pending = 12;
    k.row.oldest_pending_age_s = 3 * 3600;
    k.row.clock_offset_ms = -30;  // a few milliseconds behind: no "-0.0"
    k.row.last_error = "HTTP 503 <retry>";
    k.heartbeat_age_s = 60;
    view.kiosks.push_back(k);
    console::PageContext th;
    const std::string page = console::fleet_body(th, view, console::FleetPolicy{});
    CHECK(page.find("<td class=\"batch\"><time datetime=\"2026-12-07T02:05:00.000Z\">7 ธ.ค. 2569 09:05</time></td>") !=
          std::string::npos);
    CHECK(page.find("<td class=\"num pending\">12<br><span class=\"muted\">นานสุด 3 ชั่วโมง</span></td>") != std::string::npos);
    CHECK(page.find("<td class=\"heard\">60 วินาทีที่แล้ว</td>") != std::string::npos);
    CHECK(page.find("<td class=\"num clock\">0.0 s</td>") != std::string::npos);
    CHECK(page.find("<span class=\"name\">ช่อง &lt;1&gt;</span>") != std::string::npos);
    CHECK(page.find("<tr class=\"kiosk-error\" data-device=\"kiosk-n\">") != std::string::npos);
    CHECK(page.find("HTTP 503 &lt;retry&gt;") != std::string::npos);
    CHECK(page.find("<retry>") == std::string::npos);
    console::PageContext en;
    en.en = true;
    const std::string english = console::fleet_body(en, view, console::FleetPolicy{});
    CHECK(english.find(">7 Dec 2569 B.E. 09:05</time>") != std::string::npos);
    CHECK(english.find("Last error: ") != std::string::npos);
    CHECK(english.find("<td class=\"heard\">60 s ago</td>") != std::string::npos);
    CHECK(english.find("oldest 3 h</span>") != std::string::npos);
    // A kiosk with no error gets no error row; one that never sent a batch shows "-".
    view.kiosks[0].row.last_error.clear();
    view.kiosks[0].row.last_batch_utc.clear();
    const std::string quiet = console::fleet_body(th, view, console::FleetPolicy{});
    CHECK(quiet.find("kiosk-error") == std::string::npos);
    CHECK(quiet.find("<td class=\"batch\">-</td>") != std::string::npos);
}
