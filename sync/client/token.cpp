// Reading the token file; the rules are in token.h.
#include "token.h"
#include "common/file.h"
#include "common/text.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace feedback::sync {
namespace {

// A token is a few hundred bytes at most; a larger file is a mistake (a certificate, a log).
constexpr std::size_t kMaxTokenBytes = 4096;

using Fd = common::UniqueFd;

}  // namespace

std::string read_token_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    // O_NOFOLLOW is not used: /etc/feedback-kiosk/token may well be a symlink into a secrets
    // store. The mode check below is on the file actually opened (fstat), not the link.
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        throw TokenError("token file " + name + " (sync.token_file) cannot be read: " +
                         std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        throw TokenError("token file " + name + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw TokenError("token file " + name + " is not a regular file");
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
        throw TokenError("token file " + name + " has mode " + mode +
                         ": other users can read the kiosk's secret, so it is refused. Fix: chmod "
                         "600 " + name + " (owned by the user the sync daemon runs as)");
    }
    std::string content;
    char buf[1024];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw TokenError("token file " + name + ": " + std::strerror(errno));
        }
        if (n == 0) break;
        content.append(buf, static_cast<std::size_t>(n));
        if (content.size() > kMaxTokenBytes)
            throw TokenError("token file " + name + " is larger than " +
                             std::to_string(kMaxTokenBytes) + " bytes; it should hold one token");
    }
    std::string token(common::trim(content, " \t\r\n"));
    if (token.empty()) throw TokenError("token file " + name + " is empty");
    for (const char c : token) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F)
            throw TokenError("token file " + name +
                             " holds characters a token cannot contain (spaces, line breaks or "
                             "non-ASCII); it should hold exactly one token");
    }
    return token;
}

TokenFile::TokenFile(std::filesystem::path path) : path_(std::move(path)) {}

const std::string& TokenFile::current() {
    if (path_.empty()) return token_;
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        stamp_.reset();
        token_.clear();
        throw TokenError("token file " + path_.string() + " (sync.token_file) cannot be read: " +
                         std::strerror(errno));
    }
    const Stamp now{st.st_ino, st.st_size,
                    std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec,
                    st.st_mode};
    if (stamp_ && *stamp_ == now) return token_;
    stamp_.reset();
    token_.clear();
    token_ = read_token_file(path_);
    stamp_ = now;
    return token_;
}

}  // namespace feedback::sync
