// Running the real feedback-collector, feedback-sync, feedback-kiosk and tinyproxy from the sync
// tests, on 127.0.0.1 only.
//
// Why not tests/support/process.h: that helper collects stdout and stderr through pipes read
// only at exit, which is right for short commands but would block a long-running collector or
// daemon once its log filled a pipe. Here stderr goes to a file (read whenever a test wants to
// look at the log), the collector's first stdout line ("listening on HOST:PORT") is read as soon
// as it is written, and the child environment is built explicitly: proxy variables of the
// machine running the tests are removed, so a developer's http_proxy can never send the tests'
// traffic anywhere but loopback.
#pragma once

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
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.h"

extern char** environ;

namespace feedback::testing {

// The programs under test; the benchmark, which needs only the collector, defines only that.
inline const std::string kCollectorBin = FEEDBACK_COLLECTOR_BIN;
#ifdef FEEDBACK_SYNC_BIN
inline const std::string kSyncBin = FEEDBACK_SYNC_BIN;
#endif
#ifdef FEEDBACK_KIOSK_BIN
inline const std::string kKioskBin = FEEDBACK_KIOSK_BIN;
#endif

// The environment for a child: ours, minus proxy settings and FEEDBACK_* variables, plus `set`.
inline std::vector<std::string> child_environment(const std::map<std::string, std::string>& set) {
    static const std::vector<std::string> kDropped = {"http_proxy", "https_proxy", "all_proxy",
                                                      "no_proxy",   "HTTP_PROXY",  "HTTPS_PROXY",
                                                      "ALL_PROXY",  "NO_PROXY"};
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const std::string name = entry.substr(0, entry.find('='));
        bool drop = name.rfind("FEEDBACK_", 0) == 0 || set.count(name) > 0;
        for (const auto& d : kDropped) drop = drop || name == d;
        if (!drop) env.push_back(entry);
    }
    for (const auto& [name, value] : set) env.push_back(name + "=" + value);
    return env;
}

// A child process; SIGKILLed and reaped by the destructor if still running.
class Child {
public:
    // stdout: a pipe readable with read_line() when capture_stdout, else /dev/null.
    // stderr: appended to stderr_file (or /dev/null when empty).
    Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
          const std::filesystem::path& stderr_file, bool capture_stdout = false) {
        int out_pipe[2] = {-1, -1};
        if (capture_stdout && ::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        if (capture_stdout)
            posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
        else
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        const std::string err = stderr_file.empty() ? "/dev/null" : stderr_file.string();
        posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        auto env_storage = child_environment(env);
        std::vector<char*> envp;
        for (auto& e : env_storage) envp.push_back(e.data());
        envp.push_back(nullptr);
        const int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        if (capture_stdout) {
            ::close(out_pipe[1]);
            out_fd_ = out_pipe[0];
        }
        if (rc != 0) {
            pid_ = -1;
            throw std::runtime_error("cannot start " + argv[0]);
        }
    }
    ~Child() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (out_fd_ >= 0) ::close(out_fd_);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int sig) {
        if (pid_ > 0) ::kill(pid_, sig);
    }

    // One line of stdout, waiting at most `timeout`; nullopt at EOF or timeout.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::string line;
        while (out_fd_ >= 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return std::nullopt;
            struct pollfd p = {out_fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char c;
            if (::read(out_fd_, &c, 1) != 1) return std::nullopt;
            if (c == '\n') return line;
            line += c;
        }
        return std::nullopt;
    }

    // Exit code (or -signal) once it has ended, waiting at most `timeout`; nullopt if still running.
    std::optional<int> wait(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            int status = 0;
            const pid_t r = ::waitpid(pid_, &status, WNOHANG);
            if (r == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
            }
            if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

private:
    pid_t pid_ = -1;
    int out_fd_ = -1;
};

// feedback-collector serve on 127.0.0.1, port chosen by the kernel.
class CollectorProcess {
public:
    CollectorProcess(const std::filesystem::path& db, const std::filesystem::path& log,
                     std::vector<std::string> extra = {}) {
        std::vector<std::string> argv = {kCollectorBin, "serve", "--listen", "127.0.0.1:0", "--db", db.string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        child_ = std::make_unique<Child>(argv, std::map<std::string, std::string>{}, log, true);
        const auto line = child_->read_line(std::chrono::seconds(20));
        if (!line || line->rfind("listening on 127.0.0.1:", 0) != 0)
            throw std::runtime_error("feedback-collector did not start: " + read_file(log));
        port_ = std::stoi(line->substr(line->rfind(':') + 1));
    }
    ~CollectorProcess() { stop(); }

    int port() const { return port_; }
    pid_t pid() const { return child_ ? child_->pid() : -1; }
    std::string url(const std::string& scheme = "http") const {
        return scheme + "://127.0.0.1:" + std::to_string(port_) + "/v1/batches";
    }
    void stop() {
        if (!child_) return;
        child_->signal(SIGTERM);
        if (!child_->wait(std::chrono::seconds(10))) child_->signal(SIGKILL);
        child_.reset();
    }

private:
    std::unique_ptr<Child> child_;
    int port_ = 0;
};

// A free loopback port for programs that cannot pick their own (tinyproxy). The tiny race
// between closing and the program binding it is acceptable on a test machine.
inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("cannot find a free port");
    const int port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

}  // namespace feedback::testing
