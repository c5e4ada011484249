// The display check behind `doctor`; see display_probe.h for why it runs a child.
#include "app/display_probe.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "core/service_notify.h"  // core::monotonic_ms

extern char** environ;

namespace feedback::app {
namespace {

namespace fs = std::filesystem;

std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    dirs += ":/usr/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto end = dirs.find(':', start);
        const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {};
}

struct Finished {
    bool timed_out = false;
    int status = -1;
    std::string output;
};

// Runs argv with the environment `env`, collecting stdout and stderr, killed after timeout_ms
// (a video driver that hangs must not hang doctor).
Finished run_child(const std::vector<std::string>& argv, const std::vector<std::string>& env, int timeout_ms) {
    Finished result;
    int fds[2];
    if (::pipe(fds) != 0) {
        result.output = "cannot create a pipe";
        return result;
    }
    std::vector<char*> args, envp;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);  // its own group: a timeout kills cage, Xwayland and the kiosk together
        ::dup2(fds[1], 1);
        ::dup2(fds[1], 2);
        ::close(fds[0]);
        ::close(fds[1]);
        ::execve(args[0], args.data(), envp.data());
        _exit(127);
    }
    ::close(fds[1]);
    if (pid < 0) {
        ::close(fds[0]);
        result.output = "cannot start a process";
        return result;
    }
    const auto deadline = core::monotonic_ms() + timeout_ms;
    char buf[4096];
    for (;;) {
        const auto left = deadline - core::monotonic_ms();
        if (left <= 0) {
            result.timed_out = true;
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
        const auto n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        if (result.output.size() < 64 * 1024) result.output.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (result.timed_out) ::kill(-pid, SIGKILL);
    ::waitpid(pid, &result.status, 0);
    return result;
}

// The child's output, line by line.
std::vector<std::string> lines_of(const std::string& output) {
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at < output.size()) {
        const auto end = output.find('\n', at);
        lines.push_back(output.substr(at, end == std::string::npos ? std::string::npos : end - at));
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return lines;
}

// The rest of the first line that starts with `prefix`, or "".
std::string line_starting(const std::string& output, const std::string& prefix) {
    for (const auto& line : lines_of(output))
        if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
    return {};
}

// The last line that reports an error: what to show IT when no window opened.
std::string last_error_line(const std::string& output) {
    std::string found = "no window opened";
    for (const auto& line : lines_of(output))
        if (line.find("error") != std::string::npos) found = line;
    return found;
}

}  // namespace

DisplayProbe probe_session_display(const std::string& config_file) {
    DisplayProbe probe;
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        probe.detail = "cannot find this program's file";
        return probe;
    }
    std::vector<std::string> argv{self.string(), "display-check"};
    if (!config_file.empty()) {
        argv.push_back("--config");
        argv.push_back(config_file);
    }
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) env.emplace_back(*e);

    const bool has_display = std::getenv("WAYLAND_DISPLAY") || std::getenv("DISPLAY");
    fs::path runtime_dir;
    if (has_display) {
        probe.where = "on this session's display";
    } else {
        const auto cage = find_program("cage");
        if (cage.empty()) {
            probe.detail = "not checked: cage (the kiosk session's compositor) is not installed and no display is set";
            return probe;
        }
        char dir_template[] = "/tmp/feedback-doctor-XXXXXX";
        if (!::mkdtemp(dir_template)) {
            probe.detail = "not checked: cannot make a runtime directory in /tmp";
            return probe;
        }
        runtime_dir = dir_template;
        std::vector<std::string> kept;
        for (const auto& e : env)
            if (e.rfind("XDG_RUNTIME_DIR=", 0) != 0 && e.rfind("WLR_", 0) != 0 && e.rfind("SDL_VIDEODRIVER=", 0) != 0)
                kept.push_back(e);
        env = std::move(kept);
        env.push_back("XDG_RUNTIME_DIR=" + runtime_dir.string());
        env.push_back("WLR_BACKENDS=headless");
        env.push_back("WLR_RENDERER=pixman");
        env.push_back("WLR_LIBINPUT_NO_DEVICES=1");
        argv.insert(argv.begin(), {cage, "--"});
        probe.where = "under cage with a headless output";
    }
    const auto finished = run_child(argv, env, 20'000);
    if (!runtime_dir.empty()) fs::remove_all(runtime_dir, ec);
    const auto used = line_starting(finished.output, "display: ");
    if (finished.timed_out) {
        probe.outcome = DisplayProbe::Outcome::Failed;
        probe.detail = "no window within 20 s";
    } else if (!used.empty()) {
        probe.outcome = DisplayProbe::Outcome::Opened;
        probe.detail = used;
    } else {
        probe.outcome = DisplayProbe::Outcome::Failed;
        probe.detail = last_error_line(finished.output);
    }
    return probe;
}

}  // namespace feedback::app
