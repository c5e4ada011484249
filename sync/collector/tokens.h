// Device tokens: the file the collector checks bearer tokens against.
//
// Format (PROTOCOL.md, "Authentication"): one device per line, `device_id sha256hex [office]`,
// where the hash is SHA-256 of the token's exact bytes in lowercase hex; blank lines and lines
// starting with `#` are ignored. The optional third field (issue 18) is the code of the office
// the device serves: its complaints belong to that office in the console. Files written before
// it have two fields and keep working (the device then belongs to the only office, if there is
// exactly one). A device may have several lines (rotation: add the new token, switch the
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
    // device id -> office code, for the lines that name an office (the last line wins).
    std::vector<std::pair<std::string, std::string>> device_offices() const;
    // Whether any line is for `device` (the fleet records refusals only for known devices).
    bool has_device(std::string_view device) const;
    std::size_t size() const noexcept { return lines_.size(); }
    // Group or others may read the file (worth a warning: hashes only, but still credentials).
    bool too_open() const noexcept { return too_open_; }

private:
    struct Line {
        std::string device, hash, office;
    };
    std::vector<Line> lines_;
    bool too_open_ = false;
};

// Makes a new random token for `device_id`, appends its hash to `path` (created 0600) and
// returns the token — the only time it exists in clear. Throws std::invalid_argument for a
// device id that cannot be written on one line (empty, whitespace, '#', control characters,
// longer than protocol::kMaxIdBytes), std::runtime_error for I/O failures.
// `office` (may be empty) is written as the line's third field; it must be a valid office code
// (office_code_problem).
std::string add_token(const std::filesystem::path& path, const std::string& device_id,
                      const std::string& office = "");

// Why an office code cannot be used ("" when it can): 1 to 32 characters of A-Z a-z 0-9 _ - .,
// so it survives the token file's one-line format and a URL.
std::string office_code_problem(std::string_view code);

}  // namespace feedback::collector
