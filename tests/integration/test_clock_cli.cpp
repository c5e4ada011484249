// The command line when the wall clock jumps or the disk is full (issue 14, defects 6 and 8):
// commands are run under faketime (libfaketime, Debian package `faketime`) with the monotonic
// clock left real, which is what an NTP correction or a hand-set clock does to a kiosk; and
// `doctor` on a really full (tmpfs) file system. Also `record`'s misuse flag, set exactly as a
// tap sets it.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "process.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;
using feedback::testing::TempDir;

namespace {
const std::string kKiosk = FEEDBACK_KIOSK_BIN;
const std::string kFaketime = "/usr/bin/faketime";

std::vector<std::string> isolated_env(const TempDir& dir) {
    return {"XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string(),
            // A clock change moves the wall clock only.
            "FAKETIME_DONT_FAKE_MONOTONIC=1"};
}

// argv under a wall clock shifted by `offset` ("+1d", "-1d"), or unchanged when offset is empty.
std::vector<std::string> at(const std::string& offset, std::vector<std::string> argv) {
    if (offset.empty()) return argv;
    argv.insert(argv.begin(), {kFaketime, "-f", offset});
    return argv;
}

std::vector<int> misuse_flags(const std::string& db) {
    store::Store s(db);
    store::Statement q(s.database(), "SELECT misuse FROM entries ORDER BY seq");
    std::vector<int> flags;
    while (q.step()) flags.push_back(static_cast<int>(q.int64(0)));
    return flags;
}
}  // namespace

TEST_CASE("status never shows a negative age after the clock ran fast", "[cli][clock]") {
    if (!std::filesystem::exists(kFaketime)) {
        WARN("faketime is not installed (deploy/install-deps.sh installs it): not run");
        return;
    }
    TempDir dir;
    const auto db = (dir / "x.db").string();
    // Stored while the clock was a day fast, then the clock was corrected.
    const auto recorded = run(at("+1d", {kKiosk, "record", "--rating", "4", "--db", db}), isolated_env(dir));
    INFO(recorded.err);
    REQUIRE(recorded.exit_code == 0);

    const auto status = run({kKiosk, "status", "--json", "--db", db}, isolated_env(dir));
    REQUIRE(status.exit_code == 0);
    const auto j = nlohmann::json::parse(status.out);
    CHECK(j["pending"] == 1);
    CHECK(j["oldest_pending_age_s"].get<long long>() == 0);
    const auto text = run({kKiosk, "status", "--db", db}, isolated_env(dir));
    CHECK(text.out.find("(0 s ago)") != std::string::npos);
    CHECK(text.out.find("(-") == std::string::npos);
}

TEST_CASE("record flags misuse exactly as a tap would, and a clock moved back flags nothing", "[cli][clock]") {
    if (!std::filesystem::exists(kFaketime)) {
        WARN("faketime is not installed (deploy/install-deps.sh installs it): not run");
        return;
    }
    TempDir dir;
    const auto db = (dir / "x.db").string();
    const auto env = isolated_env(dir);
    // A day ahead: the "previous" answer is in the future once the clock is back.
    REQUIRE(run(at("+1d", {kKiosk, "record", "--rating", "5", "--db", db}), env).exit_code == 0);
    REQUIRE(run({kKiosk, "record", "--rating", "4", "--db", db}, env).exit_code == 0);  // negative interval: kept
    REQUIRE(run({kKiosk, "record", "--rating", "1", "--db", db}, env).exit_code == 0);  // within 10 s: misuse
    // session.misuse_interval_s = 0 turns the rule off, for record as for taps.
    auto no_rule = env;
    no_rule.push_back("FEEDBACK_SESSION_MISUSE_INTERVAL_S=0");
    REQUIRE(run({kKiosk, "record", "--rating", "1", "--db", db}, no_rule).exit_code == 0);
    CHECK(misuse_flags(db) == std::vector<int>{0, 0, 1, 0});

    const auto status = run({kKiosk, "status", "--json", "--db", db}, env);
    CHECK(nlohmann::json::parse(status.out)["entries"]["misuse_flagged"] == 1);
}

TEST_CASE("doctor says FAIL, not a warning, when the disk beside the database is full", "[cli][disk]") {
    TempDir dir;
    const auto mount_point = dir / "full";
    std::filesystem::create_directories(mount_point);
    // A real full file system: a 2 MB tmpfs (needs root, as CI runs; skipped otherwise).
    if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=2m") != 0) {
        WARN("cannot mount a tmpfs (not root?): the full-disk check was not exercised");
        return;
    }
    struct Unmount {
        std::filesystem::path at;
        ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
    } unmount{mount_point};
    const auto db = (mount_point / "k.db").string();
    const auto env = isolated_env(dir);
    REQUIRE(run({kKiosk, "record", "--rating", "5", "--db", db}, env).exit_code == 0);
    {
        const int fd = ::open((mount_point / "filler").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        REQUIRE(fd >= 0);
        const std::string block(64 * 1024, 'x');
        while (::write(fd, block.data(), block.size()) > 0) {
        }
        const std::string byte(1, 'x');
        while (::write(fd, byte.data(), 1) > 0) {
        }
        ::close(fd);
    }
    const auto r = run({kKiosk, "doctor", "--db", db}, env);
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("FAIL     disk") != std::string::npos);
    CHECK(r.out.find("0 MB free") != std::string::npos);
}

// Issue 16: only a bare face is a rapid repeat (REPORT.md, "Misuse"); `record` follows the tap.
TEST_CASE("record: an answer with a reason within the interval is not flagged, a bare one is", "[cli][misuse]") {
    TempDir dir;
    const auto db = (dir / "x.db").string();
    const auto env = isolated_env(dir);
    REQUIRE(run({kKiosk, "record", "--rating", "5", "--db", db}, env).exit_code == 0);
    REQUIRE(run({kKiosk, "record", "--rating", "2", "--reasons", "long_wait", "--db", db}, env).exit_code == 0);
    REQUIRE(run({kKiosk, "record", "--rating", "2", "--db", db}, env).exit_code == 0);
    CHECK(misuse_flags(db) == std::vector<int>{0, 0, 1});
}
