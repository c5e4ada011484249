// An flock(2) on a small file beside the database, held for as long as the object lives.
//
// Why flock on a sidecar file and not on the database: SQLite uses POSIX record locks on the
// database itself, and closing any descriptor of a file drops every POSIX lock the process
// holds on it; flock locks belong to one open file description and never interfere with
// SQLite's. The sidecar is never removed (removing it would let two processes lock two
// different files of the same name). Two FileLock objects conflict even inside one process,
// which is what the tests rely on.
#pragma once

#include <filesystem>

namespace feedback::store {

class FileLock {
public:
    enum class Mode { Wait, Try };
    // Opens (creating, 0600) `path` and takes an exclusive lock; with Mode::Try, locked() is
    // false when another holder has it. Throws StoreError when the file cannot be opened.
    FileLock(std::filesystem::path path, Mode mode);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    bool locked() const noexcept { return locked_; }
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool locked_ = false;
};

}  // namespace feedback::store
