// Staff screens on the real UI: the hidden gesture, the PIN pad with lockout, the dashboard
// (sensitive complaints only as counts), the USB export, and the audit trail.
#include <sys/mount.h>

#include <catch2/catch.hpp>

#include <chrono>

#include "kiosk_fixture.h"
#include "notify_socket.h"
#include "png_image.h"
#include "process.h"
#include "store/admin_pin.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;
using feedback::testing::TempDir;
using feedback::testing::write_file;

namespace {

// A kiosk whose staff PIN is 482915 (kPin taps it).
struct Kiosk : testing::ScriptedKiosk {
    Kiosk() {
        store::Store s(db);
        store::set_admin_pin(s, "482915", "test");
    }
};

const std::string kPin = "tap pin.4\ntap pin.8\ntap pin.2\ntap pin.9\ntap pin.1\ntap pin.5\ntap pin.ok\n";

std::vector<std::string> audit_actions(store::Store& db) {
    std::vector<std::string> out;
    for (const auto& line : db.audit_log(100)) out.push_back(line.action);
    return out;
}

}  // namespace

TEST_CASE("holding the corner opens the PIN pad, a tap or a short hold does not", "[ui][admin]") {
    Kiosk kiosk;
    const auto r = kiosk.script("tap admin.corner\nexpect-screen welcome\npress admin.corner 2000\nexpect-screen welcome\n"
                                "press admin.corner 3000\nexpect-screen admin-pin\n" + kPin +
                                "expect-screen admin\ntap admin.close\nexpect-screen welcome\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    const auto actions = audit_actions(db);
    CHECK(std::count(actions.begin(), actions.end(), "admin-gesture") == 1);
    CHECK(std::count(actions.begin(), actions.end(), "admin-login") == 1);
}

TEST_CASE("wrong PINs lock the pad, the admin screen times out like any session", "[ui][admin]") {
    Kiosk kiosk;
    const std::string wrong = "tap pin.1\ntap pin.1\ntap pin.1\ntap pin.1\ntap pin.ok\n";
    const auto r = kiosk.script("press admin.corner 3000\n" + wrong + wrong + wrong + kPin +
                                "expect-screen admin-pin\n"  // locked: even the right PIN is refused
                                "idle 31\n" + kPin + "expect-screen admin\nidle 60\nexpect-screen idle-warning\nidle 20\n"
                                "expect-screen welcome\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    const auto actions = audit_actions(db);
    CHECK(std::count(actions.begin(), actions.end(), "pin-wrong") == 3);
    CHECK(std::count(actions.begin(), actions.end(), "pin-locked-out") == 1);
    CHECK(std::count(actions.begin(), actions.end(), "admin-login") == 1);
}

TEST_CASE("the dashboard counts sensitive complaints without showing them, and exports to USB", "[ui][admin]") {
    Kiosk kiosk;
    // A sensitive complaint whose text must never appear on the admin screen.
    const auto complaint = kiosk.script("tap complaint.start\ntap complaint.category.bribery\ntap complaint.next\n"
                                        "type ลับมาก\ntap complaint.next\ntap complaint.anonymous\ntap complaint.finish\n"
                                        "tap rating.5\ntap followup.done\n");
    REQUIRE(complaint.exit_code == 0);

    const auto usb_root = kiosk / "media";
    const auto stick = usb_root / "kiosk" / "STICK";
    std::filesystem::create_directories(stick);
    const bool mounted = ::mount("tmpfs", stick.c_str(), "tmpfs", 0, "size=8m") == 0;
    kiosk.env.push_back("FEEDBACK_ADMIN_USB_ROOTS=" + usb_root.string());
    const auto r = kiosk.script("press admin.corner 3000\n" + kPin + "screenshot " + (kiosk / "admin.png").string() +
                                "\ntap admin.export.csv\ntap admin.close\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    if (mounted) {
        bool found = false;
        for (const auto& f : std::filesystem::directory_iterator(stick))
            if (f.path().extension() == ".csv") {
                found = true;
                const auto csv = testing::read_file(f.path());
                CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);  // BOM
                CHECK(csv.find("ลับมาก") == std::string::npos);  // sensitive text stays off the export
            }
        CHECK(found);
        ::umount(stick.c_str());
        const auto actions = audit_actions(db);
        CHECK(std::count(actions.begin(), actions.end(), "export") == 1);
    } else {
        WARN("not root: no tmpfs 'USB drive' mounted, the export itself was not exercised");
    }
}

// Issue 14, defect 8: the USB export ran inside the frame, so the main loop stopped drawing and
// stopped feeding systemd's watchdog for as long as the stick took (WatchdogSec=30). It runs on
// a worker now. The export is slowed by FEEDBACK_TEST_EXPORT_DELAY_MS (a documented test hook);
// the test is systemd: it counts WATCHDOG=1 pings and requires them to keep coming during the
// export, and the progress line (widget admin.export.progress) to be on screen meanwhile.
TEST_CASE("a slow USB export runs beside the frame loop: frames and watchdog pings go on", "[ui][admin][watchdog]") {
    Kiosk kiosk;
    const auto usb_root = kiosk / "media";
    const auto stick = usb_root / "kiosk" / "STICK";
    std::filesystem::create_directories(stick);
    if (::mount("tmpfs", stick.c_str(), "tmpfs", 0, "size=8m") != 0) {
        WARN("not root: no tmpfs 'USB drive' mounted, the export was not exercised");
        return;
    }
    struct Unmount {
        std::filesystem::path at;
        ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
    } unmount{stick};
    testing::NotifySocket socket((kiosk / "notify").string());
    auto env = kiosk.env;
    env.push_back("FEEDBACK_ADMIN_USB_ROOTS=" + usb_root.string());
    env.push_back("FEEDBACK_TEST_EXPORT_DELAY_MS=1500");
    env.push_back("NOTIFY_SOCKET=" + socket.address());
    env.push_back("WATCHDOG_USEC=200000");  // a ping every 100 ms
    write_file(kiosk / "steps.txt", "press admin.corner 3000\n" + kPin +
                                        "tap admin.export.csv\n"
                                        "tap admin.export.progress\n"  // drawn while it runs
                                        "wait 2500\n"
                                        "expect-screen admin\n"
                                        "tap admin.close\n");
    testing::Process kiosk_process({FEEDBACK_KIOSK_BIN, "run", "--headless", "--size", "1366x768", "--script",
                                    (kiosk / "steps.txt").string(), "--db", kiosk.db},
                                   env);
    using Clock = std::chrono::steady_clock;
    std::vector<Clock::time_point> pings;
    bool ready = false;
    const auto give_up = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < give_up) {
        const auto message = socket.receive(100);
        if (message && message->has("READY=1")) ready = true;
        if (message && message->has("WATCHDOG=1")) pings.push_back(Clock::now());
        if (message && message->has("STOPPING=1")) break;
        siginfo_t info{};
        if (!message && ::waitid(P_PID, static_cast<id_t>(kiosk_process.pid()), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            info.si_pid != 0)
            break;
    }
    const auto r = kiosk_process.wait();
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(ready);
    // The script ran at least 4 s (the 1.5 s export inside a 2.5 s wait, and the taps): pings at
    // 100 ms intervals, and never a gap as long as the export.
    REQUIRE(pings.size() >= 10);
    long long longest_gap_ms = 0;
    for (std::size_t i = 1; i < pings.size(); ++i)
        longest_gap_ms = std::max<long long>(
            longest_gap_ms, std::chrono::duration_cast<std::chrono::milliseconds>(pings[i] - pings[i - 1]).count());
    INFO("longest gap between watchdog pings: " << longest_gap_ms << " ms over " << pings.size() << " pings");
    CHECK(longest_gap_ms < 1000);
    bool found = false;
    for (const auto& f : std::filesystem::directory_iterator(stick)) found |= f.path().extension() == ".csv";
    CHECK(found);
}

namespace {

// Pixels in the dashboard's error colour (#9B0000, dark red) or close to it (antialiasing).
std::size_t red_pixels(const std::filesystem::path& png) {
    const auto img = testing::load_png(png);
    std::size_t count = 0;
    for (std::size_t i = 0; i + 3 < img.rgba.size(); i += 4)
        if (img.rgba[i] > 120 && img.rgba[i + 1] < 50 && img.rgba[i + 2] < 50) ++count;
    return count;
}

}  // namespace

TEST_CASE("the dashboard names a database set aside as damaged until it is dismissed", "[ui][admin][corrupt]") {
    Kiosk kiosk;
    const std::string open_dashboard = "press admin.corner 3000\n" + kPin + "expect-screen admin\n";
    REQUIRE(kiosk.script(open_dashboard + "screenshot " + (kiosk / "clean.png").string() + "\n").exit_code == 0);
    // A copy set aside at an earlier start, beside the database.
    const auto aside = kiosk / "ui.db.corrupt-20261127T070509123Z";
    testing::write_file(aside, std::string(4096, 'x'));
    const auto r = kiosk.script(open_dashboard + "screenshot " + (kiosk / "aside.png").string() + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(red_pixels(kiosk / "clean.png") == 0);
    CHECK(red_pixels(kiosk / "aside.png") > 200);  // the warning line, in the error colour
    {
        store::Store db(kiosk.db);
        REQUIRE(db.clear_set_aside(aside, "dismissed"));
    }
    REQUIRE(kiosk.script(open_dashboard + "screenshot " + (kiosk / "dismissed.png").string() + "\n").exit_code == 0);
    CHECK(red_pixels(kiosk / "dismissed.png") == 0);
}
