#include "common/file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace feedback::common {

std::string read_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    // fopen succeeds on a directory and fread then fails with EISDIR; say it plainly instead.
    if (std::filesystem::is_directory(path, ec)) throw FileError("it is a directory");
    std::FILE* file = std::fopen(name.c_str(), "rb");
    if (!file) throw FileError(std::strerror(errno));
    std::string text;
    char buffer[8192];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
    const bool failed = std::ferror(file) != 0;
    const int error = errno;
    std::fclose(file);
    if (failed) throw FileError(std::strerror(error));
    return text;
}

UniqueFd::~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.release();
    }
    return *this;
}

}  // namespace feedback::common
