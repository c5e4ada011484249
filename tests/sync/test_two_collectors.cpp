// Several collectors, one PostgreSQL (issue 20): 10,000 entries from four kiosk databases
// (written by `feedback-kiosk demo-data`) through two `feedback-collector serve` processes on two
// ports sharing one database, while faults are injected and the feedback-sync daemons are
// SIGKILLed mid-batch and restarted against the other collector. Exactly 10,000 distinct
// entries must arrive and every kiosk must show all of its entries sent.
//
// The faults: collector A answers every third batch with a protocol fault (503, an answer lost
// after the commit, a stall, half the entries stored); collector B runs under libfiu (fiu-run,
// as tests/fault does for the kiosk) with 1% of its socket reads failing — a kiosk's request cut
// off, or its connection to PostgreSQL lost mid-transaction (libpq closes it, the server rolls
// back, the kiosk gets 503). Every few rounds the test also terminates both collectors'
// PostgreSQL sessions from the server side (pg_terminate_backend), as a database restart or a
// failover would. (Failing socket *writes* are not injected: a send() that fails while the
// socket stays open leaves PostgreSQL waiting for the rest of a half-sent message, holding the
// transaction's row locks, and libpq waiting for an answer — a state no real network produces,
// since a broken connection fails both ways.) Kills land at random times,
// so some fall between the collector's COMMIT and the kiosk recording the acknowledgement, and
// the re-sent batch then reaches the *other* collector: only the database's constraints can
// make that a duplicate rather than a second copy.
//
// The database is a throwaway cluster from tests/support/pg_cluster.sh (initdb + pg_ctl on a
// Unix socket in a temporary directory, no system service touched). Hidden from the ordinary
// test_sync run ("[.]"); ctest runs it under the label postgres. About a minute.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "process.h"
#include "store/store.h"
#include "sync_harness.h"
#include "temp_dir.h"

using namespace feedback;
using namespace feedback::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

// The tests' PostgreSQL cluster, started and removed with the test.
class Cluster {
public:
    explicit Cluster(const fs::path& state) : state_(state) {
        const auto r = run({"/bin/bash", FEEDBACK_PG_CLUSTER_SCRIPT, "start", state.string()});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        std::string dir = read_file(state);
        dir = dir.substr(0, dir.find('\n'));
        uri_ = "postgresql:///postgres?host=" + dir + "&user=postgres";
    }
    ~Cluster() { run({"/bin/bash", FEEDBACK_PG_CLUSTER_SCRIPT, "stop", state_.string()}); }
    Cluster(const Cluster&) = delete;
    Cluster& operator=(const Cluster&) = delete;
    const std::string& uri() const { return uri_; }

private:
    fs::path state_;
    std::string uri_;
};

// A feedback-collector serve on 127.0.0.1 with its port read from its first line; `prefix`
// runs it under another program (fiu-run).
class Collector {
public:
    Collector(std::vector<std::string> prefix, const std::vector<std::string>& args, const fs::path& log) {
        std::vector<std::string> argv = std::move(prefix);
        argv.insert(argv.end(), {kCollectorBin, "serve", "--listen", "127.0.0.1:0"});
        argv.insert(argv.end(), args.begin(), args.end());
        child_ = std::make_unique<Child>(argv, std::map<std::string, std::string>{}, log, true);
        const auto line = child_->read_line(20s);
        INFO(read_file(log));
        REQUIRE(line);
        REQUIRE(line->rfind("listening on 127.0.0.1:", 0) == 0);
        port_ = std::stoi(line->substr(line->rfind(':') + 1));
    }
    ~Collector() {
        child_->signal(SIGTERM);
        if (!child_->wait(10s)) child_->signal(SIGKILL);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/batches"; }
    pid_t pid() const { return child_->pid(); }

private:
    std::unique_ptr<Child> child_;
    int port_ = 0;
};

struct Kiosk {
    std::string device;
    fs::path db, token, home;
    std::set<std::string> ids;
};

std::map<std::string, std::string> kiosk_env(const Kiosk& k, const std::string& endpoint) {
    return {{"XDG_CONFIG_HOME", (k.home / "config").string()},
            {"XDG_DATA_HOME", (k.home / "data").string()},
            {"FEEDBACK_DEVICE_ID", k.device},
            {"FEEDBACK_SYNC_ENDPOINT", endpoint},
            {"FEEDBACK_SYNC_TOKEN_FILE", k.token.string()},
            {"FEEDBACK_SYNC_BATCH_SIZE", "50"}};
}

std::vector<std::string> sync_argv(const Kiosk& k, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {kSyncBin, "--db", k.db.string(), "--retry-base-ms", "20", "--retry-cap-ms", "300",
                                     "--stall-timeout-s", "1", "--connect-timeout-ms", "2000",
                                     "--request-timeout-ms", "5000", "--stop-grace-ms", "300"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

nlohmann::json kiosk_status(const Kiosk& k) {
    const auto r = run({kKioskBin, "status", "--json", "--db", k.db.string()},
                       {"XDG_CONFIG_HOME=" + (k.home / "config").string(), "XDG_DATA_HOME=" + (k.home / "data").string(),
                        "FEEDBACK_DEVICE_ID=" + k.device});
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

// Entries the kiosk has recorded as acknowledged (read directly: cheaper than a status process
// per kiosk per round on a loaded machine).
std::int64_t sent(const Kiosk& k) {
    store::Store s(k.db);
    store::Statement q(s.database(), "SELECT count(*) FROM sync_state WHERE state = 'sent'");
    q.step();
    return q.int64(0);
}

}  // namespace

TEST_CASE("10,000 entries from four kiosks through two collectors sharing one PostgreSQL arrive exactly once "
          "through faults and daemons killed and moved between collectors",
          "[.][postgres][two-collectors]") {
    TempDir dir;
    Cluster cluster(dir / "pg-state");
    const auto tokens = dir / "tokens";

    std::vector<Kiosk> kiosks;
    std::set<std::string> all_ids;
    for (int i = 0; i < 4; ++i) {
        Kiosk k;
        k.device = "kiosk-" + std::string(1, static_cast<char>('a' + i));
        k.home = dir / k.device;
        k.db = k.home / "kiosk.db";
        k.token = k.home / "token";
        fs::create_directories(k.home);
        const auto demo = run({kKioskBin, "demo-data", "--db", k.db.string(), "--count", "2500", "--seed",
                               std::to_string(i + 1)},
                              {"XDG_CONFIG_HOME=" + (k.home / "config").string(),
                               "XDG_DATA_HOME=" + (k.home / "data").string(), "FEEDBACK_DEVICE_ID=" + k.device});
        INFO(demo.err);
        REQUIRE(demo.exit_code == 0);
        {
            store::Store s(k.db);
            store::Statement q(s.database(), "SELECT id, device_id FROM entries");
            while (q.step()) {
                REQUIRE(q.text(1) == k.device);
                k.ids.insert(q.text(0));
            }
        }
        REQUIRE(k.ids.size() == 2500);
        all_ids.insert(k.ids.begin(), k.ids.end());
        const auto issued = run({kCollectorBin, "add-token", "--tokens", tokens.string(), "--device", k.device});
        REQUIRE(issued.exit_code == 0);
        write_file(k.token, issued.out);
        ::chmod(k.token.c_str(), 0600);
        kiosks.push_back(std::move(k));
    }
    REQUIRE(all_ids.size() == 10'000);

    const std::vector<std::string> common = {"--db", cluster.uri(), "--tokens", tokens.string(), "--stall-seconds", "1"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = common;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    std::vector<std::unique_ptr<Collector>> collectors;
    collectors.push_back(std::make_unique<Collector>(
        std::vector<std::string>{}, with({"--fault", "503,drop-after-store,stall,partial", "--fault-every", "3"}),
        dir / "collector-a.log"));
    // Under fiu-run with its control fifo; the failures are switched on once it listens (they
    // are for answers, not for its start-up connections to the database).
    collectors.push_back(std::make_unique<Collector>(std::vector<std::string>{"/usr/bin/fiu-run", "-x"}, common,
                                                     dir / "collector-b.log"));
    const auto fiu = run({"/usr/bin/fiu-ctrl", "-c", "enable_random name=posix/io/net/recv,probability=0.01",
                          std::to_string(collectors[1]->pid())});
    INFO(fiu.err);
    REQUIRE(fiu.exit_code == 0);

    // Rounds: every kiosk's daemon runs against one collector for a random 300-1200 ms and is
    // SIGKILLed, then restarted against the other one; kiosks alternate in opposite phase, so
    // both collectors write the same database at the same time.
    std::mt19937 rng(20);
    std::uniform_int_distribution<int> run_ms(200, 900);
    int kills = 0, round = 0, terminated = 0;
    const auto deadline = Clock::now() + 45s;
    auto total_sent = [&] {
        std::int64_t n = 0;
        for (const auto& k : kiosks) n += sent(k);
        return n;
    };
    std::int64_t progress = 0;
    // At least 12 rounds (48 kills), then until 9,000 are sent or 45 s have passed.
    while (Clock::now() < deadline && ((progress = total_sent()) < 9'000 || round < 12)) {
        std::vector<std::unique_ptr<Child>> daemons;
        for (std::size_t i = 0; i < kiosks.size(); ++i) {
            const auto& target = *collectors[(i + static_cast<std::size_t>(round)) % 2];
            daemons.push_back(std::make_unique<Child>(sync_argv(kiosks[i]), kiosk_env(kiosks[i], target.url()),
                                                      kiosks[i].home / "sync.log"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(run_ms(rng)));
        for (auto& d : daemons) {
            d->signal(SIGKILL);
            REQUIRE(d->wait(5s) == -SIGKILL);
            ++kills;
        }
        ++round;
        if (round % 5 == 0) {
            const auto killed = run({"/usr/bin/psql", "-X", "-q", "-t", "-d", cluster.uri(), "-c",
                                     "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                     "WHERE application_name = 'feedback-collector'"});
            INFO(killed.err);
            REQUIRE(killed.exit_code == 0);
            terminated += std::atoi(killed.out.c_str());
        }
    }
    CHECK(terminated > 0);
    INFO("entries sent after " << round << " rounds of kills: " << progress);
    CHECK(kills >= 12 * 4);  // enough rounds that kills interrupted batches on both collectors

    // The rest: each kiosk finishes with `feedback-sync --once`, still through the faults, on
    // the collector its last daemon did not use, all four at once.
    std::vector<std::thread> finishing;
    std::vector<int> codes(kiosks.size(), -1);
    for (std::size_t i = 0; i < kiosks.size(); ++i)
        finishing.emplace_back([&, i] {
            const auto& target = *collectors[(i + static_cast<std::size_t>(round)) % 2];
            // `--once` stops at the first failure it meets (exit 1), and the faults go on: run
            // it again until it drains the kiosk, as the timer of an hourly job would.
            const auto until = Clock::now() + 60s;
            while (codes[i] != 0 && Clock::now() < until) {
                Child once(sync_argv(kiosks[i], {"--once"}), kiosk_env(kiosks[i], target.url()),
                           kiosks[i].home / "sync.log");
                codes[i] = once.wait(60s).value_or(-1);
            }
        });
    for (auto& t : finishing) t.join();
    for (std::size_t i = 0; i < kiosks.size(); ++i) {
        INFO(kiosks[i].device << ":\n" << read_file(kiosks[i].home / "sync.log"));
        CHECK(codes[i] == 0);
    }
    collectors.clear();
    if (const char* keep = std::getenv("FEEDBACK_TEST_KEEP_LOGS")) {  // for a person chasing a failure
        fs::create_directories(keep);
        for (const char* name : {"collector-a.log", "collector-b.log"})
            fs::copy_file(dir / name, fs::path(keep) / name, fs::copy_options::overwrite_existing);
    }

    // Exactly 10,000 distinct entries in the shared database, each the one a kiosk recorded.
    const auto exported = run({kCollectorBin, "export", "--db", cluster.uri()});
    REQUIRE(exported.exit_code == 0);
    std::multiset<std::string> rows;
    for (std::size_t pos = exported.out.find('\n'); pos != std::string::npos && pos + 1 < exported.out.size();) {
        const auto next = exported.out.find('\n', pos + 1);
        const auto line = exported.out.substr(pos + 1, next - pos - 1);
        if (!line.empty()) rows.insert(line.substr(0, line.find(',')));
        pos = next;
    }
    CHECK(rows.size() == 10'000);
    CHECK(std::set<std::string>(rows.begin(), rows.end()) == all_ids);

    // Every kiosk shows everything sent, nothing pending or rejected.
    for (const auto& k : kiosks) {
        const auto status = kiosk_status(k);
        INFO(k.device << ": " << status["sync"].dump());
        CHECK(status["sync"]["sent"] == 2500);
        CHECK(status["sync"]["pending"] == 0);
        CHECK(status["sync"]["rejected"] == 0);
    }

    // The faults really happened, on both collectors, and both stored batches.
    const auto log_a = read_file(dir / "collector-a.log");
    const auto log_b = read_file(dir / "collector-b.log");
    for (const char* mode : {"503", "drop-after-store", "stall", "partial"})
        CHECK_THAT(log_a, Catch::Contains(std::string("[fault: ") + mode + "]"));
    CHECK_THAT(log_a, Catch::Contains("accepted="));
    CHECK_THAT(log_b, Catch::Contains("accepted="));
    // Work a collector had already committed was sent again and stored once: either re-sent
    // entries came back as duplicates (a killed daemon's batch re-made and sent to the other
    // collector) or a re-sent batch was answered from its Idempotency-Key record. Which of the
    // two happens depends on where the kills land, so either counts; exactly once is checked
    // above by the rows themselves.
    bool duplicates = false, replays = false;
    for (const auto* log : {&log_a, &log_b}) {
        for (std::size_t p = log->find("duplicate="); p != std::string::npos; p = log->find("duplicate=", p + 1))
            duplicates = duplicates || (*log)[p + 10] != '0';
        replays = replays || log->find("replayed the answer recorded") != std::string::npos;
    }
    INFO("duplicates seen: " << duplicates << ", replays seen: " << replays);
    CHECK((duplicates || replays));
}

namespace {

// HTTP status of a plain GET, by the curl command-line tool (the proxy speaks HTTP to it).
int http_status(const std::string& url) {
    const auto r = run({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                        "--noproxy", "*", url});
    return std::atoi(r.out.c_str());
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(100ms);
    }
    return pred();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("the shipped haproxy example in front of two collectors on one PostgreSQL: kiosks deliver through it, "
          "and /healthz takes a stopped collector or a stopped database out",
          "[.][postgres][haproxy]") {
    TempDir dir;
    Cluster cluster(dir / "pg-state");
    const auto tokens = dir / "tokens";
    Kiosk k;
    k.device = "kiosk-p";
    k.home = dir / "kiosk";
    k.db = k.home / "kiosk.db";
    k.token = k.home / "token";
    fs::create_directories(k.home);
    const auto issued = run({kCollectorBin, "add-token", "--tokens", tokens.string(), "--device", k.device});
    REQUIRE(issued.exit_code == 0);
    write_file(k.token, issued.out);
    ::chmod(k.token.c_str(), 0600);
    const std::vector<std::string> kiosk_env_list = {"XDG_CONFIG_HOME=" + (k.home / "config").string(),
                                                     "XDG_DATA_HOME=" + (k.home / "data").string(),
                                                     "FEEDBACK_DEVICE_ID=" + k.device};
    auto record = [&](int count, int seed) {
        const auto demo = run({kKioskBin, "demo-data", "--db", k.db.string(), "--count", std::to_string(count),
                               "--seed", std::to_string(seed)},
                              kiosk_env_list);
        REQUIRE(demo.exit_code == 0);
    };

    const std::vector<std::string> args = {"--db", cluster.uri(), "--tokens", tokens.string(),
                                           "--max-per-address", "512", "--track-limit", "0"};
    auto one = std::make_unique<Collector>(std::vector<std::string>{}, args, dir / "collector-1.log");
    auto two = std::make_unique<Collector>(std::vector<std::string>{}, args, dir / "collector-2.log");
    auto port_of = [](const Collector& c) { return c.url().substr(17, c.url().find('/', 17) - 17); };

    // The example as shipped, with only its addresses changed: plain HTTP on a free loopback
    // port instead of TLS on 443, the two collectors' ports, and no syslog.
    std::string config = read_file(FEEDBACK_HAPROXY_EXAMPLE);
    const int proxy_port = free_port();
    config = replaced(config, "bind :443 ssl crt /etc/haproxy/certs/collector.pem alpn http/1.1",
                      "bind 127.0.0.1:" + std::to_string(proxy_port));
    config = replaced(config, "server collector1 127.0.0.1:8787", "server collector1 127.0.0.1:" + port_of(*one));
    config = replaced(config, "server collector2 127.0.0.1:8788", "server collector2 127.0.0.1:" + port_of(*two));
    config = replaced(config, "    log /dev/log local0\n", "");
    write_file(dir / "haproxy.cfg", config);
    Child proxy({"/usr/sbin/haproxy", "-db", "-f", (dir / "haproxy.cfg").string()}, {}, dir / "haproxy.log");
    const std::string base = "http://127.0.0.1:" + std::to_string(proxy_port);
    const std::string endpoint = base + "/v1/batches";

    // Through the proxy a request reaches a collector (a GET of the heartbeat path: 405 from
    // the collector itself); the probe path is the proxy's own, not the outside's.
    REQUIRE(eventually([&] { return http_status(base + "/v1/heartbeat") == 405; }, 10s));
    CHECK(http_status(base + "/healthz") == 404);
    CHECK(http_status("http://127.0.0.1:" + port_of(*one) + "/healthz") == 200);

    auto deliver = [&] {
        Child once(sync_argv(k, {"--once"}), kiosk_env(k, endpoint), k.home / "sync.log");
        return once.wait(60s).value_or(-1);
    };
    record(400, 1);
    CHECK(deliver() == 0);
    CHECK(sent(k) == 400);

    // Collector 1 stops: the proxy resends what its connection lost to collector 2 and takes
    // collector 1 out after two failed probes.
    one.reset();
    record(400, 2);
    CHECK(deliver() == 0);
    CHECK(sent(k) == 800);
    CHECK(eventually([&] { return read_file(dir / "haproxy.log").find("collector1 is DOWN") != std::string::npos; }, 10s));

    // The database stops: collector 2's /healthz says 503 and the proxy takes it out too;
    // once the database is back, the probe says 200 and deliveries go on.
    REQUIRE(run({"/bin/bash", FEEDBACK_PG_CLUSTER_SCRIPT, "pause", (dir / "pg-state").string()}).exit_code == 0);
    CHECK(eventually([&] { return http_status("http://127.0.0.1:" + port_of(*two) + "/healthz") == 503; }, 10s));
    CHECK(eventually([&] { return read_file(dir / "haproxy.log").find("collector2 is DOWN") != std::string::npos; }, 10s));
    REQUIRE(run({"/bin/bash", FEEDBACK_PG_CLUSTER_SCRIPT, "resume", (dir / "pg-state").string()}).exit_code == 0);
    CHECK(eventually([&] { return http_status("http://127.0.0.1:" + port_of(*two) + "/healthz") == 200; }, 15s));
    CHECK(eventually([&] { return read_file(dir / "haproxy.log").find("collector2 is UP") != std::string::npos; }, 10s));
    record(200, 3);
    CHECK(deliver() == 0);
    CHECK(sent(k) == 1000);

    two.reset();
    const auto exported = run({kCollectorBin, "export", "--db", cluster.uri()});
    REQUIRE(exported.exit_code == 0);
    std::set<std::string> ids;
    std::size_t rows = 0;
    for (std::size_t pos = exported.out.find('\n'); pos != std::string::npos && pos + 1 < exported.out.size();) {
        const auto next = exported.out.find('\n', pos + 1);
        const auto line = exported.out.substr(pos + 1, next - pos - 1);
        if (!line.empty()) {
            ids.insert(line.substr(0, line.find(',')));
            ++rows;
        }
        pos = next;
    }
    CHECK(rows == 1000);
    CHECK(ids.size() == 1000);
}
