// Ids for imported rows: SHA-256 of the file (of its bytes, or read from disk beside the parse)
// and the time-first UUID v8 of a template row made from it (see stable_row_id in
// paper_import.h). Part of paper_import.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace feedback::exchange::detail {

using Digest = std::array<unsigned char, 32>;  // crypto_hash_sha256_BYTES

Digest sha256(std::string_view bytes);
// Throws std::system_error when the file cannot be read.
Digest sha256_of_file(const std::filesystem::path& path);

// The first 48 bits are the answer's time (as in UUID v7), the rest the hash: ids stay stable
// for a file, and a file's rows land at the end of the store's id index in time order instead
// of at random places — a random-order insert of 100,000 hashes costs several times more.
std::string row_id(const Digest& file_digest, std::size_t row, std::int64_t created_utc_ms);

}  // namespace feedback::exchange::detail
