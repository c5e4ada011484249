// `feedback-kiosk setup` and `migrate` as IT's provisioning scripts run them: a real process,
// real files. (The same commands as root inside a clean Debian root, with owners and systemd,
// are covered by deploy/package-test.sh.)
#include <fcntl.h>
#include <poll.h>
#include <sqlite3.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "core/clock.h"
#include "kiosk_fixture.h"
#include "process.h"
#include "store/admin_pin.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::Process;
using feedback::testing::run;
using feedback::testing::TempDir;
using feedback::testing::isolated_env;

namespace {
const std::string kKiosk = FEEDBACK_KIOSK_BIN;

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

unsigned mode_of(const std::filesystem::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}
}  // namespace

TEST_CASE("setup edits the documented configuration, installs token and PIN, and doctor agrees", "[cli][setup]") {
    TempDir dir;
    const auto config = dir / "etc" / "kiosk.toml";
    std::filesystem::create_directories(config.parent_path());
    std::filesystem::copy_file(std::string(FEEDBACK_ASSETS_DIR) + "/kiosk.toml", config);
    const auto original = slurp(config);
    spit(dir / "token.in", "  secret-token-123\n");
    spit(dir / "pin.in", "482916\n");
    const auto db = dir / "data" / "kiosk.db";

    const auto r = run({kKiosk, "setup", "--config", config.string(), "--database", db.string(), "--office",
                        "องค์การบริหารส่วนตำบลทดสอบ", "--device-id", "t-counter-1", "--device-code", "KT1",
                        "--service-points", "palad,finance", "--endpoint", "https://c.example/v1/batches",
                        "--token-file", (dir / "token.in").string(), "--pin-file", (dir / "pin.in").string()},
                       isolated_env(dir));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    const auto text = slurp(config);
    CHECK(text.find("name = \"องค์การบริหารส่วนตำบลทดสอบ\"") != std::string::npos);
    CHECK(text.find("\nid = \"t-counter-1\"") != std::string::npos);
    CHECK(text.find("service_points = [\"palad\", \"finance\"]") != std::string::npos);
    CHECK(text.find("secret-token") == std::string::npos);
    // Every comment line of the reference survives (the "# id = ..." default became live).
    const auto comments = [](const std::string& s) {
        std::size_t n = 0;
        for (auto at = s.find("\n#"); at != std::string::npos; at = s.find("\n#", at + 1)) ++n;
        return n;
    };
    CHECK(comments(text) + 1 == comments(original));

    const auto token = config.parent_path() / "token";
    CHECK(slurp(token) == "secret-token-123\n");
    CHECK(mode_of(token) == 0600);
    CHECK(mode_of(config) == 0644);

    {
        store::Store store(db);
        CHECK(store.setting("admin.pin_hash").has_value());
        CHECK(store.audit_log().front().action == "provisioned");
        CHECK(store::check_admin_pin(store, "482916", core::now_utc_ms()).outcome == store::PinCheck::Outcome::Accepted);
    }
    const auto doctor = run({kKiosk, "doctor", "--config", config.string()}, isolated_env(dir));
    CHECK(doctor.out.find(token.string() + " (owner-only)") != std::string::npos);
    CHECK(doctor.out.find(db.string()) != std::string::npos);
}

TEST_CASE("setup checks everything before writing anything", "[cli][setup]") {
    TempDir dir;
    const auto config = dir / "kiosk.toml";
    spit(config, "[office]\nname = \"เดิม\"\n");
    spit(dir / "pin.in", "12\n");
    spit(dir / "token.in", "tok\n");

    const auto bad_id = run({kKiosk, "setup", "--config", config.string(), "--device-id", "no spaces allowed",
                             "--token-file", (dir / "token.in").string()},
                            isolated_env(dir));
    CHECK(bad_id.exit_code == 2);
    CHECK(bad_id.err.find("device.id") != std::string::npos);
    const auto bad_pin = run({kKiosk, "setup", "--config", config.string(), "--office", "ใหม่", "--pin-file",
                              (dir / "pin.in").string()},
                             isolated_env(dir));
    CHECK(bad_pin.exit_code == 2);
    CHECK(bad_pin.err.find("4 to 12 digits") != std::string::npos);

    CHECK(slurp(config) == "[office]\nname = \"เดิม\"\n");
    CHECK_FALSE(std::filesystem::exists(dir / "token"));
    CHECK_FALSE(std::filesystem::exists(dir / "data"));
}

TEST_CASE("migrate reports the versions and refuses a database from a newer release", "[cli][setup]") {
    TempDir dir;
    const auto db = (dir / "x.db").string();
    REQUIRE(run({kKiosk, "record", "--rating", "3", "--db", db}, isolated_env(dir)).exit_code == 0);
    const auto up_to_date = run({kKiosk, "migrate", "--db", db}, isolated_env(dir));
    CHECK(up_to_date.exit_code == 0);
    CHECK(up_to_date.out.find("up to date (1 entries)") != std::string::npos);

    // A version-3 database (as an older release left it) is brought up, keeping its rows.
    {
        store::StoreOptions old;
        old.target_version = 3;
        store::Store store(dir / "old.db", old);
    }
    const auto upgraded = run({kKiosk, "migrate", "--db", (dir / "old.db").string()}, isolated_env(dir));
    CHECK(upgraded.exit_code == 0);
    CHECK(upgraded.out.find("schema version 3 -> ") != std::string::npos);

    {
        store::Store store(db);
    }
    {
        sqlite3* handle = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
        sqlite3_exec(handle, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
        sqlite3_close(handle);
    }
    const auto newer = run({kKiosk, "migrate", "--db", db}, isolated_env(dir));
    CHECK(newer.exit_code == 1);
    CHECK(newer.err.find("newer release") != std::string::npos);
}

// Issue 14, defect 2: the token went through a temporary created 0666 less the umask and was
// chmod'ed only after the rename, so a local user watching the directory read the real token.
// This test is that user: it watches the directory with inotify while setup runs under umask 0
// and opens every file with "token" in its name the moment it appears (the temporary on
// IN_CREATE, the final name on IN_MOVED_TO), recording the mode of what it got hold of.
TEST_CASE("setup never lets the token exist with a mode other than 0600, even under umask 0", "[cli][setup][security]") {
    TempDir dir;
    const auto etc = dir / "etc";
    std::filesystem::create_directories(etc);
    spit(dir / "token.in", "watched-secret-token\n");
    const int watch = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    REQUIRE(watch >= 0);
    REQUIRE(::inotify_add_watch(watch, etc.c_str(), IN_CREATE | IN_MOVED_TO) >= 0);

    std::vector<unsigned> seen;  // modes of the token files caught, in order
    const mode_t old_mask = ::umask(0);
    {
        Process setup({kKiosk, "setup", "--config", (etc / "kiosk.toml").string(), "--database",
                       (dir / "data" / "k.db").string(), "--token-file", (dir / "token.in").string()},
                      isolated_env(dir));
        ::umask(old_mask);
        bool running = true;
        while (running) {
            pollfd p{watch, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) {
                // Has setup ended? (WNOWAIT: left for wait() below.) The queue is drained once more.
                siginfo_t info{};
                running = ::waitid(P_PID, static_cast<id_t>(setup.pid()), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
                          info.si_pid == 0;
            }
            alignas(inotify_event) char buffer[4096];
            const ssize_t n = ::read(watch, buffer, sizeof buffer);
            for (ssize_t at = 0; n > 0 && at < n;) {
                const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
                at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
                const std::string name = event->len ? event->name : "";
                if (name.find("token") == std::string::npos) continue;
                const int fd = ::open((etc / name).c_str(), O_RDONLY | O_CLOEXEC);
                if (fd < 0) continue;  // already renamed away: its next name is caught too
                struct stat st {};
                if (::fstat(fd, &st) == 0) seen.push_back(st.st_mode & 07777);
                ::close(fd);
            }
        }
        ::close(watch);
        const auto r = setup.wait();
        INFO(r.err);
        CHECK(r.exit_code == 0);
    }
    INFO("modes seen: " << [&] {
        std::string s;
        for (const auto m : seen) s += std::to_string(m) + " ";
        return s;
    }());
    REQUIRE_FALSE(seen.empty());
    for (const auto mode : seen) CHECK(mode == 0600);
    CHECK(mode_of(etc / "token") == 0600);
    CHECK(slurp(etc / "token") == "watched-secret-token\n");
    CHECK(mode_of(etc / "kiosk.toml") == 0644);  // no secret in it: readable, exactly 0644 under any umask
}
