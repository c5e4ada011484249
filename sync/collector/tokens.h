// Device tokens: the file the collector checks bearer tokens against.
//
// Format (PROTOCOL.md, "Authentication"): one device per line, `device_id sha256hex`, where the
// hash is SHA-256 of the token's exact bytes in lowercase hex; blank lines and lines starting
// with `#` are ignored. A device may have several lines (rotation: add the new token, switch the
// kiosk, delete the old line).
//
// Why hashes: the file is a copy of every kiosk's credential; stored as hashes, a leaked file or
// backup lets nobody upload. Tokens are 256 random bits, so an unsalted fast hash is enough
// (there is nothing to brute-force). Lookup compares the presented token's hash against every
// line with CRYPTO_memcmp and no early exit, so timing says nothing about near misses.
// SHA-256 and randomness come from OpenSSL's libcrypto, which the TLS server links anyway.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedback::collector {

std::string sha256_hex(std::string_view data);

class TokenFile {
public:
    // Throws std::runtime_error "tokens.txt:3: expected \"device_id sha256hex\"" for a bad line
    // and when the file cannot be read.
    static TokenFile load(const std::filesystem::path& path);

    std::optional<std::string> device_for(std::string_view token) const;
    std::size_t size() const noexcept { return lines_.size(); }
    // Group or others may read the file (worth a warning: hashes only, but still credentials).
    bool too_open() const noexcept { return too_open_; }

private:
    std::vector<std::pair<std::string, std::string>> lines_;  // device id, hash
    bool too_open_ = false;
};

// Makes a new random token for `device_id`, appends its hash to `path` (created 0600) and
// returns the token — the only time it exists in clear. Throws std::invalid_argument for a
// device id that cannot be written on one line (empty, whitespace, '#', control characters,
// longer than protocol::kMaxIdBytes), std::runtime_error for I/O failures.
std::string add_token(const std::filesystem::path& path, const std::string& device_id);

}  // namespace feedback::collector
