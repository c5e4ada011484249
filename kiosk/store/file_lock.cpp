// flock on a sidecar file (see file_lock.h for why).
#include "store/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/sqlite.h"

namespace feedback::store {

FileLock::FileLock(std::filesystem::path path, Mode mode) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
        throw StoreError(SQLITE_CANTOPEN, "cannot open the lock file " + path_.string() + ": " + std::strerror(errno));
    int rc;
    do {
        rc = ::flock(fd_, LOCK_EX | (mode == Mode::Try ? LOCK_NB : 0));
    } while (rc != 0 && errno == EINTR);
    if (rc == 0) {
        locked_ = true;
    } else if (errno != EWOULDBLOCK) {
        const int saved = errno;
        ::close(fd_);
        fd_ = -1;
        throw StoreError(SQLITE_IOERR, "cannot lock " + path_.string() + ": " + std::strerror(saved));
    }
}

FileLock::~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

}  // namespace feedback::store
