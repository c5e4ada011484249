// Temporary file + fsync + rename (see atomic_file.h for why).
#include "report/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <system_error>

namespace feedback::report {
namespace {

namespace fs = std::filesystem;

// Large enough that the calls cost nothing, small enough that little is left for the fsync.
constexpr std::uint64_t kWritebackBytes = 8 << 20;

[[noreturn]] void fail(int error, const fs::path& path, const std::string& what) {
    throw std::system_error(error, std::generic_category(), what + " " + path.string());
}

fs::path directory_of(const fs::path& target) {
    return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

void sync_directory(const fs::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail(errno, directory, "cannot open directory");
    // Some file systems (and FUSE mounts of USB sticks) refuse fsync on a directory; the
    // rename has still happened, so that is not worth failing an export over.
    if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
        const int error = errno;
        ::close(fd);
        fail(error, directory, "cannot sync directory");
    }
    ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(fs::path target, mode_t mode) : target_(std::move(target)) {
    if (target_.filename().empty()) fail(EISDIR, target_, "not a file name:");
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp_ = directory_of(target_) /
                ("." + target_.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                 std::to_string(counter++));
        // Always created owner-only: the umask can only take bits away from 0600.
        fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateFileMode);
        if (fd_ >= 0) break;
        if (errno != EEXIST) fail(errno, temp_, "cannot create");
    }
    if (fd_ < 0) fail(EEXIST, temp_, "cannot create a temporary file like");
    // A wider mode is set exactly (not "less the umask") while the file is still empty.
    if ((mode & 07777) != kPrivateFileMode && ::fchmod(fd_, mode & 07777) != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        ::unlink(temp_.c_str());  // a throwing constructor runs no destructor
        fail(error, temp_, "cannot set the mode of");
    }
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) {
        std::error_code ignored;
        fs::remove(temp_, ignored);
    }
}

void AtomicFile::write(std::string_view bytes) {
    if (fd_ < 0) fail(EBADF, temp_, "write after close of");
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(errno, target_, "cannot write");
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
        written_ += static_cast<std::uint64_t>(n);
    }
    if (written_ - writeback_from_ >= kWritebackBytes) {
        // Best effort: a file system without it (some FUSE mounts) is still synced by commit().
        ::sync_file_range(fd_, static_cast<off_t>(writeback_from_), static_cast<off_t>(written_ - writeback_from_),
                          SYNC_FILE_RANGE_WRITE);
        writeback_from_ = written_;
    }
}

void AtomicFile::close() {
    if (fd_ < 0) return;
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0 && errno != EINTR) fail(errno, target_, "cannot write");
}

void AtomicFile::commit() {
    if (fd_ < 0) {
        // The bytes were written by someone else through temp_path(); reopen to sync them.
        fd_ = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) fail(errno, temp_, "cannot reopen");
    }
    if (::fsync(fd_) != 0) fail(errno, target_, "cannot sync");
    close();
    if (::rename(temp_.c_str(), target_.c_str()) != 0) fail(errno, target_, "cannot rename into");
    committed_ = true;
    sync_directory(directory_of(target_));
}

void atomic_write(const fs::path& path, std::string_view bytes, mode_t mode) {
    AtomicFile file(path, mode);
    file.write(bytes);
    file.commit();
}

}  // namespace feedback::report
