// File helpers shared by every program: whole-file reading with a reason a person can act on,
// and an owned file descriptor (RAII: closed on every path, exceptions included).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace feedback::common {

// Thrown by read_file; what() is the reason only ("it is a directory", strerror's text), so each
// caller words the message in its own terms ("cannot read configuration file: …").
class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The whole file, bytes as they are. Throws FileError.
std::string read_file(const std::filesystem::path& path);

// An owned file descriptor; -1 means none.
class UniqueFd {
public:
    explicit UniqueFd(int fd = -1) noexcept : fd_(fd) {}
    ~UniqueFd();
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    int release() noexcept {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }

private:
    int fd_;
};

}  // namespace feedback::common
