// The kiosk window and feedback-sync under a supervisor that stands in for systemd, in the
// test's own process tree. What Type=notify, NotifyAccess=all, WatchdogSec= and Restart= mean
// (deploy/systemd), done by hand:
//   - the program gets NOTIFY_SOCKET (a datagram socket we bound), WATCHDOG_USEC and
//     WATCHDOG_PID, and counts as started when READY=1 arrives;
//   - after READY=1, if no WATCHDOG=1 arrives within WATCHDOG_USEC it gets SIGABRT
//     (WatchdogSignal=) and, when that does not end it, SIGKILL;
//   - a process that dies uncleanly (SIGKILL, SIGABRT, an exit code other than 0) is started
//     again after 100 ms (RestartSec=); SIGTERM, what `systemctl stop` sends, is not followed by
//     a restart (nor is an exit 0 here, as with Restart=on-failure).
// WATCHDOG_USEC is 2 s here (30 s on a kiosk) so that a hang is caught within the test.
// The kiosk runs on SDL's offscreen driver (`run --headless` without a script: the real
// interactive main loop). Its WATCHDOG_PID names the supervisor, as it names cage on a kiosk
// (the window is cage's child); feedback-sync's names itself, as systemd sets it for a main
// process (sh exports $$ and execs it).
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "notify_socket.h"
#include "process.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace std::chrono_literals;
using feedback::testing::NotifyMessage;
using feedback::testing::NotifySocket;
using feedback::testing::TempDir;
using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

namespace {

constexpr Millis kWatchdog{2000};     // WATCHDOG_USEC
constexpr Millis kRestartDelay{100};  // RestartSec=
constexpr Millis kAbortGrace{500};    // TimeoutAbortSec=: SIGABRT, then SIGKILL

struct Event {
    enum class Kind { Started, Ready, Watchdog, Stopping, WatchdogTimeout, Exited };
    Kind kind = Kind::Started;
    pid_t pid = 0;
    Clock::time_point at;
    std::string text;   // the message, for notifications
    int exit_code = -1; // Exited: the exit status, -1 when killed by a signal
    int signal = 0;     // Exited: the signal that killed it
};

Event event(Event::Kind kind, pid_t pid, Clock::time_point at, std::string text = {}) {
    Event e;
    e.kind = kind;
    e.pid = pid;
    e.at = at;
    e.text = std::move(text);
    return e;
}

const char* name(Event::Kind k) {
    switch (k) {
        case Event::Kind::Started: return "started";
        case Event::Kind::Ready: return "READY=1";
        case Event::Kind::Watchdog: return "WATCHDOG=1";
        case Event::Kind::Stopping: return "STOPPING=1";
        case Event::Kind::WatchdogTimeout: return "watchdog timeout";
        case Event::Kind::Exited: return "exited";
    }
    return "?";
}

// The environment of this process without anything that would let a child talk to a real
// service manager or a real collector, plus `extra`.
std::vector<std::string> clean_environment(const std::vector<std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const std::string var = entry.substr(0, entry.find('='));
        if (var == "NOTIFY_SOCKET" || var.rfind("WATCHDOG_", 0) == 0 || var.rfind("FEEDBACK_", 0) == 0 ||
            var.find("proxy") != std::string::npos || var.find("PROXY") != std::string::npos)
            continue;
        env.push_back(entry);
    }
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

class Supervisor {
public:
    // argv and env of the service's process; its stdout and stderr go to `log`.
    Supervisor(std::vector<std::string> argv, std::vector<std::string> env, std::filesystem::path log,
               NotifySocket& socket)
        : argv_(std::move(argv)), env_(std::move(env)), log_(std::move(log)), socket_(socket) {}
    ~Supervisor() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    Supervisor(const Supervisor&) = delete;
    Supervisor& operator=(const Supervisor&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int sig) const { ::kill(pid_, sig); }
    const std::vector<Event>& history() const { return history_; }
    std::string log() const { return feedback::testing::read_file(log_); }

    void start() {
        std::vector<char*> args;
        for (const auto& a : argv_) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        std::vector<char*> env;
        for (const auto& e : env_) env.push_back(const_cast<char*>(e.c_str()));
        env.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        const int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), env.data());
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) throw std::runtime_error("cannot start " + argv_[0]);
        ready_ = false;
        aborted_at_.reset();
        killed_ = false;
        record(event(Event::Kind::Started, pid_, Clock::now()));
    }

    // Supervises until an event matches `wanted` (returned) or `timeout` passes (nullopt).
    std::optional<Event> run_until(const std::function<bool(const Event&)>& wanted, Millis timeout) {
        const auto until = Clock::now() + timeout;
        std::size_t seen = history_.size();
        while (Clock::now() < until) {
            step();
            for (; seen < history_.size(); ++seen)
                if (wanted(history_[seen])) return history_[seen];
        }
        return std::nullopt;
    }

    // Supervises for `duration`, whatever happens.
    void run_for(Millis duration) {
        run_until([](const Event&) { return false; }, duration);
    }

    std::string describe() const {
        std::string text;
        const auto t0 = history_.empty() ? Clock::now() : history_.front().at;
        for (const auto& e : history_) {
            text += std::to_string(std::chrono::duration_cast<Millis>(e.at - t0).count()) + " ms  pid " +
                    std::to_string(e.pid) + "  " + name(e.kind);
            if (e.kind == Event::Kind::Exited)
                text += e.signal ? " by signal " + std::to_string(e.signal) : " with " + std::to_string(e.exit_code);
            text += "\n";
        }
        return text + "--- log ---\n" + log();
    }

private:
    void record(Event e) { history_.push_back(std::move(e)); }

    void step() {
        for (auto m = socket_.receive(10); m; m = socket_.receive(0)) on_message(*m);
        const auto now = Clock::now();
        if (pid_ > 0) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                Event e = event(Event::Kind::Exited, pid_, now);
                if (WIFEXITED(status)) e.exit_code = WEXITSTATUS(status);
                if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
                const bool clean = e.exit_code == 0 || e.signal == SIGTERM || e.signal == SIGINT ||
                                   e.signal == SIGHUP || e.signal == SIGPIPE;
                record(e);
                pid_ = -1;
                if (!clean) restart_at_ = now + kRestartDelay;  // Restart=on-failure
                return;
            }
            if (ready_ && !aborted_at_ && now - last_ping_ > kWatchdog) {
                record(event(Event::Kind::WatchdogTimeout, pid_, now));
                ::kill(pid_, SIGABRT);  // WatchdogSignal=
                aborted_at_ = now;
            }
            if (aborted_at_ && !killed_ && now - *aborted_at_ > kAbortGrace) {
                ::kill(pid_, SIGKILL);
                killed_ = true;
            }
        } else if (restart_at_ && now >= *restart_at_) {
            restart_at_.reset();
            start();
        }
    }

    void on_message(const NotifyMessage& m) {
        const auto now = Clock::now();
        // NotifyAccess=all: any process of the service may speak; only the current one can
        // be, here, since the previous ones are dead and reaped.
        const bool current = m.pid == pid_;
        if (m.has("READY=1")) {
            record(event(Event::Kind::Ready, m.pid, now, m.text));
            if (current) {
                ready_ = true;
                last_ping_ = now;  // the watchdog starts when start-up is complete
            }
        }
        if (m.has("WATCHDOG=1")) {
            record(event(Event::Kind::Watchdog, m.pid, now, m.text));
            if (current) last_ping_ = now;
        }
        if (m.has("STOPPING=1")) record(event(Event::Kind::Stopping, m.pid, now, m.text));
    }

    std::vector<std::string> argv_;
    std::vector<std::string> env_;
    std::filesystem::path log_;
    NotifySocket& socket_;
    pid_t pid_ = -1;
    bool ready_ = false;
    Clock::time_point last_ping_;
    std::optional<Clock::time_point> aborted_at_;
    bool killed_ = false;
    std::optional<Clock::time_point> restart_at_;
    std::vector<Event> history_;
};

auto is(Event::Kind kind, pid_t pid) {
    return [kind, pid](const Event& e) { return e.kind == kind && e.pid == pid; };
}
auto is(Event::Kind kind) {
    return [kind](const Event& e) { return e.kind == kind; };
}

// 'T' once the process is stopped by SIGSTOP (/proc/PID/stat, the field after "(comm)").
bool stopped(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    const std::string stat((std::istreambuf_iterator<char>(in)), {});
    const auto paren = stat.rfind(')');
    return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'T';
}

bool pinged_after(const Supervisor& s, pid_t pid, Clock::time_point after) {
    for (const auto& e : s.history())
        if (e.kind == Event::Kind::Watchdog && e.pid == pid && e.at > after) return true;
    return false;
}

// A hung service: SIGSTOP, so that it neither runs nor dies. Its pings must stop, the
// supervisor must kill it once WATCHDOG_USEC has passed without one, and the new process
// must be ready and ping again.
void check_hang_is_caught(Supervisor& s) {
    const pid_t hung = s.pid();
    // Pinging regularly: two pings after READY.
    REQUIRE(s.run_until(is(Event::Kind::Watchdog, hung), 5s));
    REQUIRE(s.run_until(is(Event::Kind::Watchdog, hung), 5s));

    s.signal(SIGSTOP);
    const auto deadline = Clock::now() + 5s;
    while (!stopped(hung) && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
    REQUIRE(stopped(hung));
    // A ping sent just before the stop may still be queued; what counts starts now.
    s.run_for(50ms);
    const auto stopped_at = Clock::now();

    const auto timeout = s.run_until(is(Event::Kind::WatchdogTimeout, hung), kWatchdog + 3s);
    INFO(s.describe());
    REQUIRE(timeout);
    CHECK_FALSE(pinged_after(s, hung, stopped_at));
    // At most WATCHDOG_USEC after the last ping, which came at most half of it before the stop.
    CHECK(timeout->at - stopped_at <= kWatchdog + 1s);

    const auto exited = s.run_until(is(Event::Kind::Exited, hung), 5s);
    REQUIRE(exited);
    CHECK(exited->signal == SIGKILL);  // stopped, it could not act on SIGABRT

    const auto started = s.run_until(is(Event::Kind::Started), 5s);
    REQUIRE(started);
    REQUIRE(started->pid != hung);
    REQUIRE(s.run_until(is(Event::Kind::Ready, started->pid), 20s));
    REQUIRE(s.run_until(is(Event::Kind::Watchdog, started->pid), 5s));
    REQUIRE(s.run_until(is(Event::Kind::Watchdog, started->pid), 5s));
}

// SIGTERM (systemctl stop): STOPPING=1, exit 0, and no restart.
void check_clean_stop(Supervisor& s) {
    const pid_t pid = s.pid();
    s.signal(SIGTERM);
    const auto stopping = s.run_until(is(Event::Kind::Stopping, pid), 10s);
    INFO(s.describe());
    REQUIRE(stopping);
    const auto exited = s.run_until(is(Event::Kind::Exited, pid), 10s);
    REQUIRE(exited);
    CHECK(exited->exit_code == 0);
    CHECK_FALSE(s.run_until(is(Event::Kind::Started), 2 * kRestartDelay + 200ms));
}

#if FEEDBACK_TEST_UI

struct KioskService {
    TempDir dir;
    std::string db = (dir / "kiosk.db").string();
    std::vector<std::string> env = {"XDG_CONFIG_HOME=" + (dir / "config").string(),
                                    "XDG_DATA_HOME=" + (dir / "data").string()};
    NotifySocket socket{(dir / "notify").string()};
    Supervisor supervisor{
        {FEEDBACK_KIOSK_BIN, "run", "--headless", "--size", "800x600", "--db", db},
        clean_environment({env[0], env[1], "NOTIFY_SOCKET=" + socket.address(),
                           "WATCHDOG_USEC=" + std::to_string(kWatchdog.count() * 1000),
                           // The supervisor's pid, as cage's on a kiosk: the window is its child.
                           "WATCHDOG_PID=" + std::to_string(::getpid())}),
        dir / "kiosk.log", socket};

    Event start() {
        supervisor.start();
        const auto ready = supervisor.run_until(is(Event::Kind::Ready, supervisor.pid()), 20s);
        INFO(supervisor.describe());
        REQUIRE(ready);
        return *ready;
    }
};

#endif

struct SyncService {
    TempDir dir;
    std::string db = (dir / "kiosk.db").string();
    // A collector address that refuses connections at once: a port bound but not listening.
    int closed_port_fd = -1;
    int closed_port = 0;
    NotifySocket socket{"@feedback-test-sync-" + std::to_string(::getpid())};  // abstract, as systemd's own
    std::optional<Supervisor> supervisor;

    SyncService() {
        closed_port_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(closed_port_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        socklen_t len = sizeof addr;
        ::getsockname(closed_port_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        closed_port = ntohs(addr.sin_port);
        const std::vector<std::string> env = {
            "XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string(),
            "FEEDBACK_SYNC_ENDPOINT=http://127.0.0.1:" + std::to_string(closed_port) + "/v1/batches",
            "NOTIFY_SOCKET=" + socket.address(), "WATCHDOG_USEC=" + std::to_string(kWatchdog.count() * 1000)};
        // WATCHDOG_PID is the service's main process: its own pid (sh execs feedback-sync).
        supervisor.emplace(std::vector<std::string>{"/bin/sh", "-c", "WATCHDOG_PID=$$ exec \"$0\" \"$@\"",
                                                    FEEDBACK_SYNC_BIN, "--db", db},
                           clean_environment(env), dir / "sync.log", socket);
    }
    ~SyncService() { ::close(closed_port_fd); }

    Event start() {
        supervisor->start();
        const auto ready = supervisor->run_until(is(Event::Kind::Ready, supervisor->pid()), 20s);
        INFO(supervisor->describe());
        REQUIRE(ready);
        return *ready;
    }
};

std::string record_entry(const std::string& db, int rating) {
    TempDir home;
    const auto r = feedback::testing::run(
        {FEEDBACK_KIOSK_BIN, "record", "--rating", std::to_string(rating), "--db", db},
        clean_environment({"XDG_CONFIG_HOME=" + (home / "c").string(), "XDG_DATA_HOME=" + (home / "d").string()}));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto id = r.out;
    while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
    return id;
}

}  // namespace

#if FEEDBACK_TEST_UI

TEST_CASE("a killed kiosk is restarted, ready again, with its answers kept", "[service][ui]") {
    KioskService k;
    const auto first = k.start();
    CHECK_THAT(first.text, Catch::Contains("STATUS="));
    // The first ping comes with the first frame; a second one about a second later.
    REQUIRE(k.supervisor.run_until(is(Event::Kind::Watchdog, first.pid), 5s));

    // An answer stored while the kiosk runs (the store commits it durably, as a tap does).
    const auto id = record_entry(k.db, 4);

    k.supervisor.signal(SIGKILL);
    const auto exited = k.supervisor.run_until(is(Event::Kind::Exited, first.pid), 5s);
    INFO(k.supervisor.describe());
    REQUIRE(exited);
    CHECK(exited->signal == SIGKILL);
    const auto started = k.supervisor.run_until(is(Event::Kind::Started), 5s);
    REQUIRE(started);
    CHECK(started->pid != first.pid);
    REQUIRE(k.supervisor.run_until(is(Event::Kind::Ready, started->pid), 20s));
    REQUIRE(k.supervisor.run_until(is(Event::Kind::Watchdog, started->pid), 5s));

    feedback::store::Store store(k.db);
    const auto entry = store.find_entry(id);
    REQUIRE(entry);
    CHECK(entry->rating == 4);
    CHECK(store.status().entries == 1);
}

TEST_CASE("a hung kiosk stops pinging and is killed and restarted as systemd would", "[service][ui]") {
    KioskService k;
    k.start();
    check_hang_is_caught(k.supervisor);
}

TEST_CASE("a stopped kiosk says STOPPING=1, exits 0 and is not restarted", "[service][ui]") {
    KioskService k;
    k.start();
    check_clean_stop(k.supervisor);
}

#endif

TEST_CASE("a killed feedback-sync is restarted and ready again, with nothing lost", "[service][sync]") {
    SyncService s;
    const auto id = record_entry(s.db, 2);  // pending: the collector refuses connections
    const auto first = s.start();
    CHECK_THAT(first.text, Catch::Contains("STATUS=sending entries from"));
    REQUIRE(s.supervisor->run_until(is(Event::Kind::Watchdog, first.pid), 5s));

    s.supervisor->signal(SIGKILL);
    const auto exited = s.supervisor->run_until(is(Event::Kind::Exited, first.pid), 5s);
    INFO(s.supervisor->describe());
    REQUIRE(exited);
    CHECK(exited->signal == SIGKILL);
    const auto started = s.supervisor->run_until(is(Event::Kind::Started), 5s);
    REQUIRE(started);
    REQUIRE(s.supervisor->run_until(is(Event::Kind::Ready, started->pid), 20s));
    // Pinging in time while it backs off and waits (both far longer than WATCHDOG_USEC).
    s.supervisor->run_for(kWatchdog + 1s);
    for (const auto& e : s.supervisor->history()) CHECK(e.kind != Event::Kind::WatchdogTimeout);

    feedback::store::Store store(s.db);
    const auto entry = store.find_entry(id);
    REQUIRE(entry);
    CHECK(store.status().sync.pending == 1);
}

TEST_CASE("a hung feedback-sync is killed and restarted as systemd would", "[service][sync]") {
    SyncService s;
    s.start();
    check_hang_is_caught(*s.supervisor);
}

TEST_CASE("feedback-sync on SIGTERM says STOPPING=1, exits 0 and is not restarted", "[service][sync]") {
    SyncService s;
    s.start();
    check_clean_stop(*s.supervisor);
}
