// PostgreSQL stopping under a real kiosk's traffic (issue 20): the real feedback-sync sends to
// the real feedback-collector on a throwaway PostgreSQL 15 cluster (tests/support/
// pg_cluster.sh), the cluster is stopped with pg_ctl while batches are in flight and started
// again later. The kiosk must get a retryable answer (503 with Retry-After), nothing may be
// acknowledged that was not committed, and the same collector process must reconnect by
// itself so that delivery completes with every entry exactly once.
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "core/clock.h"
#include "core/uuid.h"
#include "pg.h"
#include "process.h"
#include "store/outbox.h"
#include "store/store.h"
#include "sync_harness.h"
#include "temp_dir.h"

using namespace feedback;
using namespace feedback::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr const char* kOutageDevice = "kiosk-pg";

// A cluster of its own (stopping the shared one of the -pg run would fail other tests).
class OwnCluster {
public:
    explicit OwnCluster(const fs::path& state) : state_(state) { action("start"); }
    ~OwnCluster() { run({FEEDBACK_PG_CLUSTER_SCRIPT, "stop", state_.string()}); }
    void action(const std::string& what) {
        const auto r = run({FEEDBACK_PG_CLUSTER_SCRIPT, what, state_.string()});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    std::string uri() const {
        return "postgresql:///postgres?host=" + read_file(state_).substr(0, read_file(state_).find('\n')) +
               "&user=postgres";
    }

private:
    fs::path state_;
};

std::set<std::string> outage_entries(const fs::path& db, int count) {
    store::Store s(db);
    store::Store::BulkWriter writer(s, 5000);
    std::set<std::string> ids;
    const auto base = core::now_utc_ms() - 86'400'000;
    for (int i = 0; i < count; ++i) {
        core::Entry e;
        e.created_utc_ms = base + i * 1000;
        e.id = core::make_uuid_v7(e.created_utc_ms);
        e.utc_offset_min = 420;
        e.device_id = kOutageDevice;
        e.rating = 1 + i % 5;
        e.language = "th";
        e.survey_version = "2025.1";
        e.state = core::SessionState::Closed;
        writer.add(e);
        ids.insert(e.id);
    }
    writer.finish();
    return ids;
}

std::set<std::string> sent_ids(const fs::path& db) {
    store::Store s(db);
    store::Statement q(s.database(),
                       "SELECT e.id FROM sync_state st JOIN entries e ON e.seq = st.entry_seq WHERE st.state = 'sent'");
    std::set<std::string> ids;
    while (q.step()) ids.insert(q.text(0));
    return ids;
}

std::set<std::string> exported_ids(const std::string& uri, std::size_t& rows) {
    const auto r = run({kCollectorBin, "export", "--db", uri});
    REQUIRE(r.exit_code == 0);
    std::set<std::string> ids;
    rows = 0;
    std::size_t pos = r.out.find('\n');
    while (pos != std::string::npos && pos + 1 < r.out.size()) {
        const auto next = r.out.find('\n', pos + 1);
        const std::string line = r.out.substr(pos + 1, next - pos - 1);
        if (line.size() > 37 && line[36] == ',' && core::looks_like_uuid(line.substr(0, 36))) {
            ids.insert(line.substr(0, 36));
            ++rows;
        }
        pos = next;
    }
    return ids;
}

template <class Pred>
bool within(std::chrono::milliseconds timeout, Pred pred) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return pred();
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("PostgreSQL stopped mid-delivery: 503 with Retry-After, nothing acknowledged uncommitted, "
          "the collector reconnects and every entry arrives once",
          "[e2e][postgres]") {
    TempDir dir;
    OwnCluster cluster(dir / "pg-state");
    const auto kiosk_db = dir / "kiosk.db";
    constexpr int kEntries = 5000;  // 500 batches: far more than go by while pg_ctl stops the server
    const auto ids = outage_entries(kiosk_db, kEntries);
    const std::map<std::string, std::string> env{{"XDG_CONFIG_HOME", (dir / "config").string()},
                                                 {"XDG_DATA_HOME", (dir / "data").string()},
                                                 {"FEEDBACK_DEVICE_ID", kOutageDevice},
                                                 {"FEEDBACK_SYNC_BATCH_SIZE", "10"}};
    const auto log = dir / "collector.log";
    CollectorProcess collector(cluster.uri(), log);
    auto with_endpoint = env;
    with_endpoint["FEEDBACK_SYNC_ENDPOINT"] = collector.url();
    const std::vector<std::string> sync = {kSyncBin, "--db", kiosk_db.string(), "--retry-base-ms", "20",
                                           "--retry-cap-ms", "300", "--connect-timeout-ms", "2000",
                                           "--request-timeout-ms", "10000", "--stop-grace-ms", "300"};
    {
        Child daemon(sync, with_endpoint, dir / "sync.log");
        // Batches are flowing: stop PostgreSQL under them.
        REQUIRE(within(30s, [&] { return occurrences(read_file(log), ": 200 accepted=") >= 5; }));
        cluster.action("pause");
        // The collector answers the kiosk 503 (its log names the storage failure) ...
        REQUIRE(within(20s, [&] { return read_file(log).find("storage failure") != std::string::npos; }));
        REQUIRE(within(20s, [&] {
            return read_file(dir / "sync.log").find("HTTP 503 from the collector") != std::string::npos;
        }));
        // ... with Retry-After, for batches and heartbeats alike (seen here with the curl CLI).
        const auto heartbeat = run({"/usr/bin/curl", "-s", "-D", "-", "-o", "/dev/null", "-H", "Content-Type: application/json",
                                    "--data-binary",
                                    R"({"version":1,"device_id":"kiosk-pg","app_version":"0.1.0","pending":1,)"
                                    R"("oldest_pending_age_s":1,"last_error":"","kiosk_clock_utc":"2026-11-27T07:06:00.000Z"})",
                                    "http://127.0.0.1:" + std::to_string(collector.port()) + "/v1/heartbeat"});
        CHECK_THAT(heartbeat.out, Catch::StartsWith("HTTP/1.1 503"));
        CHECK_THAT(heartbeat.out, Catch::Contains("Retry-After: 10"));
        daemon.signal(SIGTERM);
        CHECK(daemon.wait(10s) == 0);
    }
    const auto sync_log = read_file(dir / "sync.log");
    CHECK_THAT(sync_log, Catch::Contains("HTTP 503 from the collector"));
    // ... while a batch sent during the outage is acknowledged by nobody.
    const auto acknowledged = sent_ids(kiosk_db);
    CHECK_FALSE(acknowledged.empty());
    CHECK(acknowledged.size() < static_cast<std::size_t>(kEntries));

    cluster.action("resume");
    // Everything the kiosk holds as acknowledged was committed: it is in the database.
    std::size_t rows = 0;
    const auto stored = exported_ids(cluster.uri(), rows);
    for (const auto& id : acknowledged) CHECK(stored.count(id) == 1);

    // The same collector process, never restarted, reconnects and takes the rest.
    Child once([&] {
        auto argv = sync;
        argv.push_back("--once");
        return argv;
    }(), with_endpoint, dir / "sync-once.log");
    CHECK(once.wait(120s).value_or(-1) == 0);
    CHECK(sent_ids(kiosk_db) == ids);
    CHECK(exported_ids(cluster.uri(), rows) == ids);
    CHECK(rows == static_cast<std::size_t>(kEntries));
}

TEST_CASE("the collector's PostgreSQL connections carry client-side timeouts, and the URI overrides them",
          "[postgres]") {
    TempDir dir;
    OwnCluster cluster(dir / "pg-state");
    const auto settings = [](const std::string& uri) {
        pg::Connection c(uri);
        c.ensure();
        std::map<std::string, std::string> in_use;
        PQconninfoOption* options = PQconninfo(c.handle());
        REQUIRE(options != nullptr);
        for (auto* o = options; o->keyword; ++o)
            if (o->val) in_use[o->keyword] = o->val;
        PQconninfoFree(options);
        // And the connection works.
        CHECK(pg::text(c.exec("SELECT current_setting('application_name')"), 0, 0) == in_use["application_name"]);
        return in_use;
    };
    const auto defaults = settings(cluster.uri());
    CHECK(defaults.at("connect_timeout") == "5");
    CHECK(defaults.at("keepalives") == "1");
    CHECK(defaults.at("keepalives_idle") == "30");
    CHECK(defaults.at("keepalives_interval") == "10");
    CHECK(defaults.at("keepalives_count") == "3");
    CHECK(defaults.at("tcp_user_timeout") == "30000");
    CHECK(defaults.at("application_name") == "feedback-collector");

    const auto chosen = settings(cluster.uri() + "&connect_timeout=9&keepalives_idle=120&application_name=collector-b");
    CHECK(chosen.at("connect_timeout") == "9");
    CHECK(chosen.at("keepalives_idle") == "120");
    CHECK(chosen.at("application_name") == "collector-b");
    CHECK(chosen.at("tcp_user_timeout") == "30000");
}
