// A feedback-collector process for tests: started with `serve --listen 127.0.0.1:0`, its first
// stdout line read to learn the port, stopped with SIGTERM.
//
// Why not support/process.h: that helper reads stdout only after the program exits, and a
// server never exits on its own. Here stdout is read line by line while it runs (with a
// deadline, so a collector that fails to start fails the test instead of hanging it), and
// stderr goes to a file the test can read afterwards (the log).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace feedback::testing {

class CollectorProcess {
public:
    // `args` follow "feedback-collector"; the first stdout line must be "listening on HOST:PORT".
    CollectorProcess(const std::string& binary, const std::vector<std::string>& args,
                     const std::filesystem::path& stderr_file) {
        int out_pipe[2];
        if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
        posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        std::vector<std::string> argv{binary};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> pointers;
        for (auto& a : argv) pointers.push_back(a.data());
        pointers.push_back(nullptr);
        const int rc = ::posix_spawn(&pid_, binary.c_str(), &actions, nullptr, pointers.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out_pipe[1]);
        out_fd_ = out_pipe[0];
        if (rc != 0) {
            pid_ = -1;
            throw std::runtime_error("cannot start " + binary);
        }
        first_line_ = read_line(std::chrono::seconds(20));
        const std::string prefix = "listening on ";
        const auto colon = first_line_.rfind(':');
        if (first_line_.rfind(prefix, 0) != 0 || colon == std::string::npos)
            throw std::runtime_error("collector did not start; first line: \"" + first_line_ + "\"");
        port_ = std::stoi(first_line_.substr(colon + 1));
    }

    ~CollectorProcess() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (out_fd_ >= 0) ::close(out_fd_);
    }
    CollectorProcess(const CollectorProcess&) = delete;
    CollectorProcess& operator=(const CollectorProcess&) = delete;

    int port() const { return port_; }
    const std::string& first_line() const { return first_line_; }

    // Sends `sig` and waits; returns the exit code, or -1 if a signal killed it.
    int stop(int sig = SIGTERM) {
        ::kill(pid_, sig);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

private:
    std::string read_line(std::chrono::seconds timeout) {
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{out_fd_, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            char c;
            if (::read(out_fd_, &c, 1) != 1) break;
            if (c == '\n') return line;
            line += c;
        }
        return line;
    }

    pid_t pid_ = -1;
    int out_fd_ = -1;
    int port_ = 0;
    std::string first_line_;
};

}  // namespace feedback::testing
