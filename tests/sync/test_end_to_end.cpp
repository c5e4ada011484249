// The sync daemon as IT runs it: the real feedback-sync against the real feedback-collector over
// loopback, through injected faults, SIGKILL, a real proxy (tinyproxy) and TLS with a test CA.
// 127.0.0.1 only; every process is bounded in time and killed by the test if it overstays.
#include <poll.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "core/clock.h"
#include "core/uuid.h"
#include "process.h"
#include "store/outbox.h"
#include "store/store.h"
#include "sync_harness.h"
#include "temp_dir.h"

using namespace feedback;
using namespace feedback::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

constexpr const char* kDevice = "kiosk-e2e";

// `count` closed rating entries of this kiosk, with the variety a real day has.
std::set<std::string> make_entries(const fs::path& db, int count) {
    store::Store s(db);
    store::Store::BulkWriter writer(s, 5000);
    std::set<std::string> ids;
    const auto base = core::now_utc_ms() - 86'400'000;
    for (int i = 0; i < count; ++i) {
        core::Entry e;
        e.created_utc_ms = base + i * 1000;
        e.id = core::make_uuid_v7(e.created_utc_ms);
        e.utc_offset_min = 420;
        e.device_id = kDevice;
        e.rating = 1 + i % 5;
        e.language = i % 7 == 0 ? "en" : "th";
        e.survey_version = "2025.1";
        e.state = core::SessionState::Closed;
        if (i % 3 == 0) e.service_point = "finance";
        if (i % 4 == 0) e.reasons = {"long_wait"};
        if (i % 5 == 0) e.dimensions = {{"staff", 1 + i % 5}};
        if (i % 11 == 0) e.comment = "บริการดี ขอบคุณครับ #" + std::to_string(i);
        writer.add(e);
        ids.insert(e.id);
    }
    writer.finish();
    return ids;
}

// The kiosk process's environment: isolated from the developer's own files.
std::map<std::string, std::string> kiosk_env(const TempDir& dir, const std::string& endpoint,
                                             std::map<std::string, std::string> extra = {}) {
    extra["XDG_CONFIG_HOME"] = (dir / "config").string();
    extra["XDG_DATA_HOME"] = (dir / "data").string();
    extra["FEEDBACK_DEVICE_ID"] = kDevice;
    extra["FEEDBACK_SYNC_ENDPOINT"] = endpoint;
    return extra;
}

// feedback-sync with timeouts and backoff scaled down so that a test run takes seconds.
std::vector<std::string> sync_argv(const fs::path& db, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {kSyncBin,           "--db",          db.string(),
                                     "--retry-base-ms",  "20",            "--retry-cap-ms",
                                     "300",              "--stall-timeout-s", "1",
                                     "--connect-timeout-ms", "2000",      "--request-timeout-ms",
                                     "10000",            "--stop-grace-ms", "300"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

// Runs feedback-sync --once; returns its exit code (-1 if it did not finish in time).
int sync_once(const TempDir& dir, const fs::path& db, const std::map<std::string, std::string>& env,
              std::vector<std::string> extra = {}, const fs::path& log = {}) {
    extra.push_back("--once");
    const auto log_file = log.empty() ? dir / "sync.log" : log;
    Child child(sync_argv(db, extra), env, log_file);
    const int code = child.wait(120s).value_or(-1);
    UNSCOPED_INFO("feedback-sync --once exited " << code << "; its log:\n" << read_file(log_file));
    return code;
}

std::set<std::string> collector_ids(const fs::path& collector_db, std::size_t* rows = nullptr) {
    const auto r = run({kCollectorBin, "export", "--db", collector_db.string()});
    REQUIRE(r.exit_code == 0);
    std::set<std::string> ids;
    std::size_t n = 0;
    std::size_t pos = r.out.find('\n');  // skip the header row
    while (pos != std::string::npos && pos + 1 < r.out.size()) {
        const auto next = r.out.find('\n', pos + 1);
        const std::string line = r.out.substr(pos + 1, next - pos - 1);
        if (line.size() > 37 && line[36] == ',' && core::looks_like_uuid(line.substr(0, 36))) {
            ids.insert(line.substr(0, 36));
            ++n;
        }
        pos = next;
    }
    if (rows) *rows = n;
    return ids;
}

std::int64_t count_state(store::Store& s, const char* state) {
    store::Statement q(s.database(), "SELECT count(*) FROM sync_state WHERE state = ?1");
    q.bind_all(state);
    q.step();
    return q.int64(0);
}

nlohmann::json kiosk_status(const TempDir& dir, const fs::path& db) {
    const auto r = run({kKioskBin, "status", "--json", "--db", db.string()},
                       {"XDG_CONFIG_HOME=" + (dir / "config").string(),
                        "XDG_DATA_HOME=" + (dir / "data").string()});
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout, std::chrono::milliseconds step = 20ms) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(step);
    }
    return pred();
}

void write_token(const fs::path& path, const std::string& token, mode_t mode = 0600) {
    write_file(path, token + "\n");
    ::chmod(path.c_str(), mode);
}

std::string shell(const std::string& command) {
    const auto r = run({"/bin/sh", "-c", command});
    INFO(command << "\n" << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

// CPU time (user + system) of a process, in clock ticks.
long cpu_ticks(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string f;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
        if (i == 14) utime = std::stol(f);
        if (i == 15) stime = std::stol(f);
    }
    return utime + stime;
}

}  // namespace

TEST_CASE("10,000 entries reach the collector exactly once through every fault mode and SIGKILLs",
          "[e2e][faults]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    const auto collector_db = dir / "collector.db";
    const auto sync_log = dir / "sync.log";
    // The backlog arrives in ten parts of 1,000: one before each fault mode and the last for the
    // clean run. Handing every mode its own entries keeps the test independent of how fast the
    // machine drains — each mode sees real traffic, and a fast run cannot use it all up early.
    std::set<std::string> ids;
    auto add_part = [&] {
        const auto part = make_entries(db, 1'000);
        ids.insert(part.begin(), part.end());
    };
    add_part();
    store::Store kiosk(db);

    std::mt19937 rng(2569);
    std::uniform_int_distribution<int> kill_after_ms(80, 700);
    const std::vector<std::string> modes = {"500",  "503",     "429",  "stall",  "drop",
                                            "drop-after-store", "partial", "html", "garbage"};
    int kills = 0;
    for (const auto& mode : modes) {
        if (&mode != &modes.front()) add_part();
        CollectorProcess collector(collector_db, dir / "collector.log",
                                   {"--fault", mode, "--fault-every", "2", "--stall-seconds", "5"});
        const auto env = kiosk_env(dir, collector.url(), {{"FEEDBACK_SYNC_BATCH_SIZE", "100"}});
        const auto sent_before = count_state(kiosk, "sent");
        const auto deadline = Clock::now() + 25s;
        // Each mode gets a share of the backlog, delivered by daemons killed at random points.
        while (count_state(kiosk, "sent") < sent_before + 500 && Clock::now() < deadline) {
            Child daemon(sync_argv(db), env, sync_log);
            std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(rng)));
            daemon.signal(SIGKILL);
            REQUIRE(daemon.wait(5s) == -SIGKILL);
            ++kills;
        }
        INFO("fault mode " << mode);
        CHECK(count_state(kiosk, "sent") > sent_before);
        collector.stop();
    }
    add_part();  // the last stretch is for the clean run below
    CHECK(count_state(kiosk, "pending") > 0);

    CollectorProcess collector(collector_db, dir / "collector.log");
    CHECK(sync_once(dir, db, kiosk_env(dir, collector.url()), {}, sync_log) == 0);

    std::size_t rows = 0;
    const auto stored = collector_ids(collector_db, &rows);
    CHECK(rows == 10'000);
    CHECK(stored.size() == 10'000);
    CHECK(stored == ids);
    CHECK(count_state(kiosk, "sent") == 10'000);
    CHECK(count_state(kiosk, "pending") == 0);
    CHECK(count_state(kiosk, "rejected") == 0);
    CHECK(kills >= static_cast<int>(modes.size()));

    // Every fault was really injected, and every kind of failure explained in the daemon's log.
    const auto collector_log = read_file(dir / "collector.log");
    for (const auto& mode : modes) CHECK_THAT(collector_log, Catch::Contains("[fault: " + mode + "]"));
    const auto log = read_file(sync_log);
    for (const char* reason : {"HTTP 500", "HTTP 503", "HTTP 429", "network: ", "malformed reply"})
        CHECK_THAT(log, Catch::Contains(reason));
}

TEST_CASE("the daemon wakes when the kiosk commits, idles without CPU, and stops on SIGTERM",
          "[e2e]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    make_entries(db, 50);
    CollectorProcess collector(dir / "collector.db", dir / "collector.log");
    const auto env = kiosk_env(dir, collector.url());
    // The fallback poll is 10 minutes: anything picked up sooner was woken by the commit.
    Child daemon(sync_argv(db, {"--idle-poll-ms", "600000", "--verbose"}), env, dir / "sync.log");
    store::Store kiosk(db);
    REQUIRE(eventually([&] { return count_state(kiosk, "sent") == 50; }, 10s));

    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(300ms);
        const auto t0 = Clock::now();
        const auto recorded = run({kKioskBin, "record", "--rating", "4", "--db", db.string()},
                                  {"XDG_CONFIG_HOME=" + (dir / "config").string(),
                                   "XDG_DATA_HOME=" + (dir / "data").string()});
        REQUIRE(recorded.exit_code == 0);
        CHECK(eventually([&] { return count_state(kiosk, "sent") == 51 + i; }, 5s, 5ms));
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
        INFO("delivered " << took.count() << " ms after the commit");
        CHECK(took < 2s);
    }

    // Idle: no busy polling.
    std::this_thread::sleep_for(500ms);
    const long before = cpu_ticks(daemon.pid());
    std::this_thread::sleep_for(2s);
    const long used = cpu_ticks(daemon.pid()) - before;
    INFO("CPU ticks used in 2 s idle: " << used);
    CHECK(used <= 2);

    daemon.signal(SIGTERM);
    CHECK(daemon.wait(5s) == 0);
    CHECK_THAT(read_file(dir / "sync.log"), Catch::Contains("stopped:"));
    CHECK(collector_ids(dir / "collector.db").size() == 53);
}

TEST_CASE("SIGTERM during a stalled request abandons it, and the entries go later, once", "[e2e]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    const auto ids = make_entries(db, 300);
    const auto collector_db = dir / "collector.db";
    {
        CollectorProcess stalling(collector_db, dir / "collector.log",
                                  {"--fault", "stall", "--fault-every", "1", "--stall-seconds", "5"});
        Child daemon(sync_argv(db, {"--stall-timeout-s", "60"}), kiosk_env(dir, stalling.url()),
                     dir / "sync.log");
        // The collector logs a stalled batch as it starts holding it: from then on a request is
        // in flight, unanswered (a fixed sleep assumed it was, which a loaded machine breaks).
        REQUIRE(eventually([&] { return read_file(dir / "collector.log").find("[fault: stall]") != std::string::npos; },
                           20s));
        const auto t0 = Clock::now();
        daemon.signal(SIGTERM);
        CHECK(daemon.wait(5s) == 0);
        CHECK(Clock::now() - t0 < 3s);
    }
    CHECK_THAT(read_file(dir / "sync.log"), Catch::Contains("abandoned"));
    store::Store kiosk(db);
    CHECK(count_state(kiosk, "pending") == 300);

    CollectorProcess collector(collector_db, dir / "collector.log");
    CHECK(sync_once(dir, db, kiosk_env(dir, collector.url())) == 0);
    CHECK(collector_ids(collector_db) == ids);
    CHECK(count_state(kiosk, "sent") == 300);
}

TEST_CASE("malformed replies are transient failures with a logged reason", "[e2e]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    const auto ids = make_entries(db, 600);
    CollectorProcess collector(dir / "collector.db", dir / "collector.log",
                               {"--fault", "html,garbage", "--fault-every", "2"});
    Child daemon(sync_argv(db), kiosk_env(dir, collector.url(), {{"FEEDBACK_SYNC_BATCH_SIZE", "50"}}),
                 dir / "sync.log");
    store::Store kiosk(db);
    CHECK(eventually([&] { return count_state(kiosk, "sent") == 600; }, 60s));
    daemon.signal(SIGTERM);
    CHECK(daemon.wait(5s) == 0);
    const auto log = read_file(dir / "sync.log");
    CHECK_THAT(log, Catch::Contains("malformed reply (HTTP 200, text/html"));
    CHECK_THAT(log, Catch::Contains("malformed reply (HTTP 200, application/json"));
    std::size_t rows = 0;
    CHECK(collector_ids(dir / "collector.db", &rows) == ids);
    CHECK(rows == 600);
}

TEST_CASE("413 halves the batch until the collector takes it", "[e2e]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    const auto ids = make_entries(db, 1000);
    // About 60 KB of JSON per 200 entries: 30 KB forces two halvings.
    CollectorProcess collector(dir / "collector.db", dir / "collector.log", {"--max-body", "20000"});
    CHECK(sync_once(dir, db, kiosk_env(dir, collector.url())) == 0);
    CHECK(collector_ids(dir / "collector.db") == ids);
    CHECK_THAT(read_file(dir / "sync.log"), Catch::Contains("HTTP 413"));
}

TEST_CASE("401 raises an alert shown by status, a new token clears it, tokens are never logged",
          "[e2e][auth]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    const auto ids = make_entries(db, 120);
    const auto tokens = dir / "tokens";
    const auto issued = run({kCollectorBin, "add-token", "--tokens", tokens.string(), "--device", kDevice});
    REQUIRE(issued.exit_code == 0);
    const std::string good = issued.out.substr(0, issued.out.find('\n'));
    REQUIRE(good.size() >= 32);
    const std::string wrong = "not-the-right-token-0123456789";

    const auto token_file = dir / "secrets" / "token";
    fs::create_directories(token_file.parent_path());
    write_token(token_file, wrong);
    CollectorProcess collector(dir / "collector.db", dir / "collector.log", {"--tokens", tokens.string()});
    // auth retry of 10 minutes: recovery below can only come from noticing the token file change.
    Child daemon(sync_argv(db, {"--auth-retry-ms", "600000", "--verbose"}),
                 kiosk_env(dir, collector.url(), {{"FEEDBACK_SYNC_TOKEN_FILE", token_file.string()}}),
                 dir / "sync.log");

    nlohmann::json status;
    REQUIRE(eventually([&] {
        status = kiosk_status(dir, db);
        return status["sync"]["alert"].is_string();
    }, 10s, 100ms));
    const std::string alert = status["sync"]["alert"];
    CHECK_THAT(alert, Catch::Contains("credentials") && Catch::Contains("HTTP 401") &&
                          Catch::Contains(token_file.string()));
    CHECK(status["sync"]["last_error"].is_string());
    CHECK(status["sync"]["pending"] == 120);

    write_token(token_file, good);
    store::Store kiosk(db);
    CHECK(eventually([&] { return count_state(kiosk, "sent") == 120; }, 10s));
    status = kiosk_status(dir, db);
    CHECK(status["sync"]["alert"].is_null());
    CHECK(status["sync"]["last_error"].is_null());
    CHECK(status["sync"]["last_success_utc"].is_string());
    CHECK(collector_ids(dir / "collector.db") == ids);

    daemon.signal(SIGTERM);
    CHECK(daemon.wait(5s) == 0);
    const auto log = read_file(dir / "sync.log");
    CHECK_THAT(log, Catch::Contains("the token file changed"));
    CHECK_THAT(log, !Catch::Contains(good) && !Catch::Contains(wrong));
    CHECK_THAT(alert, !Catch::Contains(wrong));
}

TEST_CASE("a token file other users can read is refused and reported", "[e2e][auth]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    make_entries(db, 5);
    const auto token_file = dir / "token";
    write_token(token_file, "a-perfectly-good-token-0123456789", 0644);
    CollectorProcess collector(dir / "collector.db", dir / "collector.log");
    const auto env = kiosk_env(dir, collector.url(), {{"FEEDBACK_SYNC_TOKEN_FILE", token_file.string()}});
    CHECK(sync_once(dir, db, env) == 1);
    const auto log = read_file(dir / "sync.log");
    CHECK_THAT(log, Catch::Contains(token_file.string()) && Catch::Contains("chmod 600"));
    CHECK_THAT(log, !Catch::Contains("a-perfectly-good-token"));
    const auto status = kiosk_status(dir, db);
    CHECK_THAT(status["sync"]["alert"].get<std::string>(), Catch::Contains("chmod 600"));
    CHECK(status["sync"]["pending"] == 5);

    ::chmod(token_file.c_str(), 0600);
    CHECK(sync_once(dir, db, env) == 0);  // the open collector ignores the token
    CHECK(kiosk_status(dir, db)["sync"]["alert"].is_null());
}

TEST_CASE("through an HTTP proxy: sync.proxy or the standard http_proxy variable", "[e2e][proxy]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    const int port = free_port();
    const auto proxy_log = dir / "tinyproxy.log";
    write_file(dir / "tinyproxy.conf", "Port " + std::to_string(port) +
                                           "\nListen 127.0.0.1\nTimeout 30\nLogFile \"" +
                                           proxy_log.string() +
                                           "\"\nLogLevel Info\nMaxClients 20\nAllow 127.0.0.1\n");
    Child proxy({"/usr/bin/tinyproxy", "-d", "-c", (dir / "tinyproxy.conf").string()}, {},
                dir / "tinyproxy.err");
    REQUIRE(eventually([&] { return read_file(proxy_log).find("Accepting connections") != std::string::npos; },
                       5s));
    CollectorProcess collector(dir / "collector.db", dir / "collector.log");
    const std::string proxy_url = "http://127.0.0.1:" + std::to_string(port);
    const std::string request_line = "POST " + collector.url() + " HTTP/1.1";

    SECTION("sync.proxy from the configuration") {
        const auto ids = make_entries(db, 400);
        CHECK(sync_once(dir, db, kiosk_env(dir, collector.url(), {{"FEEDBACK_SYNC_PROXY", proxy_url}})) == 0);
        CHECK(collector_ids(dir / "collector.db") == ids);
    }
    SECTION("http_proxy from the environment") {
        const auto ids = make_entries(db, 400);
        CHECK(sync_once(dir, db, kiosk_env(dir, collector.url(), {{"http_proxy", proxy_url}})) == 0);
        CHECK(collector_ids(dir / "collector.db") == ids);
    }
    CHECK_THAT(read_file(proxy_log), Catch::Contains(request_line));
}

TEST_CASE("TLS: verified against a test CA, a wrong certificate is refused and reported",
          "[e2e][tls]") {
    TempDir dir;
    const auto d = dir.path().string();
    // A test CA, a server certificate for 127.0.0.1 and one for another host, with EC keys
    // (fast to make). Everything is generated here: no key material lives in the repository.
    shell("cd '" + d + "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
          "-nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=Feedback Test CA' "
          "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>&1");
    for (const std::string& name : {std::string("good"), std::string("wronghost")}) {
        const std::string san = name == "good" ? "IP:127.0.0.1,DNS:localhost" : "DNS:collector.example.invalid";
        write_file(dir / (name + ".ext"), "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\n");
        shell("cd '" + d + "' && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
              "-keyout " + name + ".key -out " + name + ".csr -subj '/CN=" + name + "' 2>&1 && "
              "openssl x509 -req -in " + name + ".csr -CA ca.pem -CAkey ca.key -CAcreateserial "
              "-out " + name + ".pem -days 2 -extfile " + name + ".ext 2>&1");
    }
    const auto db = dir / "kiosk.db";
    make_entries(db, 250);
    const auto serve = [&](const std::string& name) {
        return std::make_unique<CollectorProcess>(
            dir / "collector.db", dir / "collector.log",
            std::vector<std::string>{"--tls-cert", (dir / (name + ".pem")).string(), "--tls-key",
                                     (dir / (name + ".key")).string()});
    };
    const auto ca = (dir / "ca.pem").string();

    SECTION("trusted through sync.ca_bundle") {
        auto collector = serve("good");
        CHECK(sync_once(dir, db, kiosk_env(dir, collector->url("https"), {{"FEEDBACK_SYNC_CA_BUNDLE", ca}})) == 0);
        CHECK(collector_ids(dir / "collector.db").size() == 250);
    }
    SECTION("pinned public key: the right pin works, a wrong one is refused") {
        const std::string pin = shell("cd '" + d + "' && openssl x509 -in good.pem -pubkey -noout | "
                                      "openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64");
        auto collector = serve("good");
        const auto url = collector->url("https");
        CHECK(sync_once(dir, db, kiosk_env(dir, url, {{"FEEDBACK_SYNC_CA_BUNDLE", ca},
                                                      {"FEEDBACK_SYNC_PINNED_PUBLIC_KEY",
                                                       "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}})) == 1);
        const auto status = kiosk_status(dir, db);
        CHECK_THAT(status["sync"]["last_error"].get<std::string>(), Catch::StartsWith("TLS: "));
        CHECK(status["sync"]["alert"].is_string());
        CHECK(sync_once(dir, db, kiosk_env(dir, url, {{"FEEDBACK_SYNC_CA_BUNDLE", ca},
                                                      {"FEEDBACK_SYNC_PINNED_PUBLIC_KEY",
                                                       "sha256//" + pin.substr(0, pin.find('\n'))}})) == 0);
        CHECK(kiosk_status(dir, db)["sync"]["alert"].is_null());
    }
    SECTION("an unknown CA is refused and the reason reported") {
        auto collector = serve("good");
        CHECK(sync_once(dir, db, kiosk_env(dir, collector->url("https"))) == 1);
        const auto status = kiosk_status(dir, db);
        const std::string error = status["sync"]["last_error"];
        CHECK_THAT(error, Catch::StartsWith("TLS: ") && Catch::Contains("certificate"));
        CHECK_THAT(status["sync"]["alert"].get<std::string>(), Catch::Contains("certificate"));
        CHECK(status["sync"]["pending"] == 250);
        CHECK_THAT(read_file(dir / "sync.log"), Catch::Contains("TLS: "));
    }
    SECTION("a certificate for another host is refused and the reason reported") {
        auto collector = serve("wronghost");
        CHECK(sync_once(dir, db, kiosk_env(dir, collector->url("https"), {{"FEEDBACK_SYNC_CA_BUNDLE", ca}})) == 1);
        const auto status = kiosk_status(dir, db);
        CHECK_THAT(status["sync"]["last_error"].get<std::string>(),
                   Catch::StartsWith("TLS: ") && Catch::Contains("127.0.0.1"));
        CHECK(status["sync"]["pending"] == 250);
    }
}

TEST_CASE("sync once: exit codes, and only one sender per database", "[e2e]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    const int closed_port = free_port();
    const std::string nowhere = "http://127.0.0.1:" + std::to_string(closed_port) + "/v1/batches";

    // Nothing pending: nothing to do, success.
    { store::Store create(db); }
    CHECK(sync_once(dir, db, kiosk_env(dir, nowhere)) == 0);

    make_entries(db, 10);
    Child once(sync_argv(db, {"--once"}), kiosk_env(dir, nowhere), dir / "once.log");
    CHECK(once.wait(30s) == 1);
    const auto status = kiosk_status(dir, db);
    CHECK_THAT(status["sync"]["last_error"].get<std::string>(), Catch::StartsWith("network: "));
    CHECK(status["sync"]["pending"] == 10);
    CHECK(status["sync"]["alert"].is_null());  // a network outage is not a person's problem

    CollectorProcess collector(dir / "collector.db", dir / "collector.log");
    const auto env = kiosk_env(dir, collector.url());
    Child daemon(sync_argv(db, {"--idle-poll-ms", "600000"}), env, dir / "daemon.log");
    store::Store kiosk(db);
    REQUIRE(eventually([&] { return count_state(kiosk, "sent") == 10; }, 10s));
    CHECK(sync_once(dir, db, env, {}, dir / "second.log") == 1);
    CHECK_THAT(read_file(dir / "second.log"), Catch::Contains("another feedback-sync"));
    daemon.signal(SIGTERM);
    CHECK(daemon.wait(5s) == 0);
    CHECK(sync_once(dir, db, env) == 0);
}

TEST_CASE("heartbeats reach the collector's heartbeat path", "[e2e]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    make_entries(db, 3);
    CollectorProcess collector(dir / "collector.db", dir / "collector.log");
    Child daemon(sync_argv(db, {"--heartbeat-ms", "200"}), kiosk_env(dir, collector.url()), dir / "sync.log");
    CHECK(eventually([&] {
        const auto log = read_file(dir / "collector.log");
        std::size_t n = 0;
        for (auto p = log.find("heartbeat from"); p != std::string::npos; p = log.find("heartbeat from", p + 1)) ++n;
        return n >= 3;
    }, 10s, 50ms));
    CHECK_THAT(read_file(dir / "collector.log"), Catch::Contains("device kiosk-e2e"));
    daemon.signal(SIGTERM);
    CHECK(daemon.wait(5s) == 0);
}

// ---- issue 14, defect 3: slow and idle connections ------------------------------------------

namespace {

// Sockets that squat on a collector: `idle` connect and say nothing; `slow` send a request
// line and then one header line every 10 s, never finishing (a slowloris). With `spread`
// they come from 127.0.1.x, at most 8 per address (under the per-address limit, so only
// enough workers and the header deadline can help); otherwise from 127.0.0.1, the kiosk's own
// address (so the per-address limit has to make room).
class Squatters {
public:
    Squatters(int port, int idle, int slow, bool spread) {
        for (int i = 0; i < idle + slow; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            REQUIRE(fd >= 0);
            fds_.push_back(fd);
            if (spread) {
                sockaddr_in from{};
                from.sin_family = AF_INET;
                from.sin_addr.s_addr = htonl(0x7F000100u + 1u + static_cast<unsigned>(i / 8));
                REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) == 0);
            }
            sockaddr_in to{};
            to.sin_family = AF_INET;
            to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            to.sin_port = htons(static_cast<std::uint16_t>(port));
            REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
            if (i >= idle) slow_.push_back(fd);
        }
        send_all("POST /v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        thread_ = std::thread([this] {
            std::unique_lock lock(mutex_);
            for (int line = 0; !wake_.wait_for(lock, 10s, [&] { return stop_; }); ++line)
                send_all("X-Slow-" + std::to_string(line) + ": 1\r\n");
        });
    }
    ~Squatters() {
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        thread_.join();
        for (const int fd : fds_) ::close(fd);
    }

    // How many the collector has closed (their read side at end of file).
    std::size_t closed_by_server() const {
        std::size_t n = 0;
        for (const int fd : fds_) {
            pollfd p{fd, POLLIN, 0};
            char c;
            if (::poll(&p, 1, 0) == 1 && ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) <= 0) ++n;
        }
        return n;
    }

private:
    void send_all(const std::string& text) {
        for (const int fd : slow_) ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    }

    std::vector<int> fds_, slow_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
};

}  // namespace

TEST_CASE("200 idle and 8 slow connections do not keep a kiosk's batch out", "[e2e][issue14]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    const auto ids = make_entries(db, 50);
    CollectorProcess collector(dir / "collector.db", dir / "collector.log");
    bool spread = true;
    SECTION("from 26 other addresses") { spread = true; }
    SECTION("from the kiosk's own address") { spread = false; }
    Squatters squatters(collector.port(), 200, 8, spread);

    // Before issue 14's fix this waited for the squatters to go away: feedback-sync timed out.
    const auto started = Clock::now();
    Child once(sync_argv(db, {"--once"}), kiosk_env(dir, collector.url()), dir / "once.log");
    const auto code = once.wait(20s);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    std::printf("slow clients (%s): feedback-sync --once delivered 50 entries in %lld ms "
                "with 200 idle + 8 slow connections held; %zu of them closed by the collector\n",
                spread ? "26 addresses" : "the kiosk's address", static_cast<long long>(took.count()),
                squatters.closed_by_server());
    INFO("feedback-sync log:\n" << read_file(dir / "once.log") << "\ncollector log (tail):\n"
                                << read_file(dir / "collector.log").substr(0, 4000));
    CHECK(code == 0);
    CHECK(took < 5s);  // the goal is under 1 s; the bound leaves room for a loaded machine
    CHECK(collector_ids(dir / "collector.db") == ids);
    // From one address they are cut down to the per-address limit (the watchdog looks every 100 ms).
    if (!spread) CHECK(eventually([&] { return squatters.closed_by_server() >= 200 - 32; }, 3s, 50ms));
}

TEST_CASE("the daemon goes on with the fresh database when the kiosk sets the old one aside", "[e2e][corrupt]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    make_entries(db, 20);
    CollectorProcess collector(dir / "collector.db", dir / "collector.log");
    const auto env = kiosk_env(dir, collector.url());
    Child daemon(sync_argv(db, {"--idle-poll-ms", "500", "--verbose"}), env, dir / "sync.log");
    {
        store::Store kiosk(db);
        REQUIRE(eventually([&] { return count_state(kiosk, "sent") == 20; }, 10s));
    }
    // What the kiosk does with a damaged file (store.cpp): the file and its -wal/-shm renamed
    // to <db>.corrupt-<time>, then a fresh database at the same path takes new answers.
    for (const char* suffix : {"-wal", "-shm", ""})
        if (fs::exists(db.string() + suffix))
            fs::rename(db.string() + suffix, db.string() + ".corrupt-20261127T070509123Z" + suffix);
    const auto recorded = run({kKioskBin, "record", "--rating", "2", "--db", db.string()},
                              {"XDG_CONFIG_HOME=" + (dir / "config").string(),
                               "XDG_DATA_HOME=" + (dir / "data").string()});
    REQUIRE(recorded.exit_code == 0);
    const std::string fresh_id = recorded.out.substr(0, 36);
    // The daemon notices the new file at its path and sends the answer stored in it.
    CHECK(eventually([&] { return collector_ids(dir / "collector.db").count(fresh_id) == 1; }, 10s, 100ms));
    CHECK_THAT(read_file(dir / "sync.log"), Catch::Contains("was replaced"));
    CHECK(collector_ids(dir / "collector.db").size() == 21);
    daemon.signal(SIGTERM);
    CHECK(daemon.wait(5s) == 0);
}
