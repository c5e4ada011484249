// UI benchmarks (ctest -L benchmark, or run bench_ui directly): prints figures beside their
// goals. Runs the real feedback-kiosk under Xvfb (X11, where SDL really blocks between events —
// SDL's offscreen driver polls, so idle CPU would measure SDL, not us).
//
//  1. time from process start to first frame presented      goal <= 250 ms
//  2. CPU used over 30 s idle on Welcome                     goal <= 0.1 % of one core
//  3. proportional set size (PSS) after start               goal <= 40 MB
//  4. median CPU time of a frame while a visitor interacts   (reported)
//
// Usage: bench_ui [--idle-seconds N]
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "process.h"
#include "temp_dir.h"

using feedback::testing::Process;
using feedback::testing::TempDir;

namespace {

double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    // Fields after the command name (which may hold spaces): utime is 14th, stime 15th.
    std::istringstream rest(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stoll(field);
        if (i == 15) stime = std::stoll(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long pss_kb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("Pss:", 0) == 0) return std::stol(line.substr(4));
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    int idle_seconds = 30;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--idle-seconds") idle_seconds = std::atoi(argv[i + 1]);

    TempDir dir;
    const std::string display = ":" + std::to_string(90 + getpid() % 9);
    Process xvfb({"/usr/bin/Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"});
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    const std::vector<std::string> env = {"DISPLAY=" + display, "FEEDBACK_UI_TIMING=1",
                                          "XDG_CONFIG_HOME=" + (dir / "c").string(),
                                          "XDG_DATA_HOME=" + (dir / "d").string()};

    // 1-3: start, first frame, idle.
    const auto started = feedback::core::now_utc_ms();
    Process kiosk({FEEDBACK_KIOSK_BIN, "run", "--windowed", "--size", "1920x1080", "--db", (dir / "b.db").string()}, env);
    long long first_frame_ms = -1;
    while (auto line = kiosk.read_stderr_line(10'000)) {
        const auto at = line->find("first-frame-unix-ms=");
        if (at != std::string::npos) {
            first_frame_ms = std::stoll(line->substr(at + 20)) - started;
            break;
        }
    }
    if (first_frame_ms < 0) {
        std::fprintf(stderr, "bench_ui: the kiosk did not present a frame under Xvfb\n");
        return 1;
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));  // let start-up work settle
    const long pss = pss_kb(kiosk.pid());
    const double cpu_before = cpu_seconds(kiosk.pid());
    std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
    const double idle_cpu = cpu_seconds(kiosk.pid()) - cpu_before;
    kiosk.kill(SIGTERM);
    kiosk.wait();

    // 4: frames while interacting (scripted visitor).
    feedback::testing::write_file(dir / "visit.txt",
                                  "tap rating.4\ntap reason.fast\ntap reason.friendly\ntap dimension.staff.4\n"
                                  "tap comment.open\ntype ขอบคุณเจ้าหน้าที่ทุกท่าน บริการดีมาก\ntap key.space\ntap key.ก\n"
                                  "tap key.backspace\ntap keyboard.done\ntap followup.done\ntap thanks.done\n"
                                  "tap lang.en\ntap rating.5\ntap followup.skip\n");
    auto visit = feedback::testing::run({FEEDBACK_KIOSK_BIN, "run", "--headless", "--size", "1920x1080", "--script",
                                         (dir / "visit.txt").string(), "--db", (dir / "v.db").string()},
                                        env);
    std::vector<long long> frames;
    for (std::size_t at = 0; (at = visit.err.find("frame-cpu-us=", at)) != std::string::npos; at += 13)
        frames.push_back(std::stoll(visit.err.substr(at + 13)));
    std::sort(frames.begin(), frames.end());
    const double median_ms = frames.empty() ? -1 : static_cast<double>(frames[frames.size() / 2]) / 1000.0;

    std::printf("UI benchmark (feedback-kiosk under Xvfb, 1920x1080, SDL software renderer)\n");
    std::printf("  start to first frame      %6lld ms       (goal <= 250 ms)\n", first_frame_ms);
    std::printf("  idle CPU over %d s on Welcome  %6.3f %% of one core (goal <= 0.1 %%)\n", idle_seconds,
                100.0 * idle_cpu / idle_seconds);
    std::printf("  PSS after start           %6.1f MB       (goal <= 40 MB)\n", static_cast<double>(pss) / 1024.0);
    std::printf("  frame CPU while visiting  %6.2f ms median over %zu frames\n", median_ms, frames.size());
    return visit.exit_code == 0 ? 0 : 1;
}
