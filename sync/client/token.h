// The kiosk's bearer token, read from sync.token_file (DESIGN.md §6: "a per-device bearer token
// read from a file readable only by the service").
//
// Design choices:
// - A file that group or others can read is refused, with a message that names the file and
//   says how to fix it. Using it anyway would teach IT that a world-readable secret is fine.
// - The token value never leaves this component except into the Authorization header: it is
//   not in any error message, and Token has no operator<< or to_string.
// - Surrounding whitespace (the newline an editor or `echo` adds) is stripped; anything inside
//   that cannot appear in an HTTP header value (control characters, spaces) is refused, so a
//   token file can never inject a header.
// - TokenFile re-reads only when the file changed (inode, size, mtime, mode), so the daemon can
//   ask before every batch for the price of one stat(); IT replacing the token or fixing its
//   mode is picked up without a restart.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace feedback::sync {

// Why the token cannot be used. what() names the file and the fix; it never holds the token.
class TokenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads and checks the token file. Throws TokenError.
std::string read_token_file(const std::filesystem::path& path);

class TokenFile {
public:
    // An empty path means "no token": current() returns "" and the request carries no
    // Authorization header (the local collector's open mode).
    explicit TokenFile(std::filesystem::path path);

    const std::filesystem::path& path() const noexcept { return path_; }
    bool configured() const noexcept { return !path_.empty(); }

    // The token, re-read if the file changed since the last call. Throws TokenError.
    const std::string& current();

private:
    struct Stamp {
        ino_t ino = 0;
        off_t size = 0;
        std::int64_t mtime_ns = 0;
        mode_t mode = 0;
        bool operator==(const Stamp&) const = default;
    };
    std::filesystem::path path_;
    std::optional<Stamp> stamp_;
    std::string token_;
};

}  // namespace feedback::sync
