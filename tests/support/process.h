// Running the real programs from tests, the way IT and scripts do: fork/exec, capture stdout,
// read the exit status. No shell in between, so arguments need no quoting.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace feedback::testing {

struct ProcessResult {
    int exit_code = -1;   // -1 when killed by a signal
    int signal = 0;
    std::string out;
    std::string err;
};

class Process {
public:
    explicit Process(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {}) {
        int out_pipe[2], err_pipe[2];
        if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0)
            throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
        posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        // extra_env ("NAME=value") replaces the same names of this process's environment: a
        // second NAME= further down would be ignored by getenv(), which returns the first.
        std::vector<std::string> env_storage;
        const auto replaced = [&extra_env](const char* entry) {
            const std::string_view e(entry);
            for (const auto& x : extra_env)
                if (const auto eq = x.find('='); eq != std::string::npos && e.substr(0, eq + 1) == x.substr(0, eq + 1))
                    return true;
            return false;
        };
        for (char** e = environ; *e; ++e)
            if (!replaced(*e)) env_storage.emplace_back(*e);
        for (const auto& e : extra_env) env_storage.push_back(e);
        std::vector<char*> env;
        for (auto& e : env_storage) env.push_back(e.data());
        env.push_back(nullptr);
        const int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), env.data());
        posix_spawn_file_actions_destroy(&actions);
        ::close(out_pipe[1]);
        ::close(err_pipe[1]);
        out_fd_ = out_pipe[0];
        err_fd_ = err_pipe[0];
        if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
    }
    ~Process() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            wait();
        }
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    pid_t pid() const { return pid_; }
    void kill(int sig) { ::kill(pid_, sig); }

    // One line of the child's stderr as it runs (for programs that report progress there);
    // nullopt on timeout or end of output. Lines read here are not in wait()'s result.
    std::optional<std::string> read_stderr_line(int timeout_ms) {
        while (true) {
            if (auto nl = err_buffer_.find('\n'); nl != std::string::npos) {
                std::string line = err_buffer_.substr(0, nl);
                err_buffer_.erase(0, nl + 1);
                return line;
            }
            pollfd p{err_fd_, POLLIN, 0};
            if (err_fd_ < 0 || ::poll(&p, 1, timeout_ms) != 1) return std::nullopt;
            char buf[4096];
            const ssize_t n = ::read(err_fd_, buf, sizeof buf);
            if (n <= 0) return std::nullopt;
            err_buffer_.append(buf, static_cast<std::size_t>(n));
        }
    }

    ProcessResult wait() {
        ProcessResult result;
        result.out = drain(out_fd_);
        result.err = err_buffer_ + drain(err_fd_);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
        if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
        return result;
    }

private:
    static std::string drain(int& fd) {
        std::string text;
        if (fd < 0) return text;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
        ::close(fd);
        fd = -1;
        return text;
    }
    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::string err_buffer_;
};

inline ProcessResult run(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {}) {
    Process p(argv, extra_env);
    return p.wait();
}

}  // namespace feedback::testing
