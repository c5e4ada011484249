// SHA-256 digests and template row ids: see row_ids.h.
#include "exchange/row_ids.h"

#include <sodium.h>

#include <algorithm>
#include <vector>

#include "exchange/csv_records.h"

namespace feedback::exchange::detail {

static_assert(std::tuple_size_v<Digest> == crypto_hash_sha256_BYTES);

Digest sha256(std::string_view bytes) {
    Digest d{};
    crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return d;
}

std::string row_id(const Digest& file_digest, std::size_t row, std::int64_t created_utc_ms) {
    std::array<unsigned char, crypto_hash_sha256_BYTES + 8> input{};
    std::copy(file_digest.begin(), file_digest.end(), input.begin());
    for (int i = 0; i < 8; ++i)
        input[file_digest.size() + static_cast<std::size_t>(i)] =
            static_cast<unsigned char>(static_cast<std::uint64_t>(row) >> (56 - 8 * i));
    Digest d{};
    crypto_hash_sha256(d.data(), input.data(), input.size());
    if (created_utc_ms > 0)
        for (int i = 0; i < 6; ++i)
            d[static_cast<std::size_t>(i)] =
                static_cast<unsigned char>(static_cast<std::uint64_t>(created_utc_ms) >> (40 - 8 * i));
    d[6] = static_cast<unsigned char>((d[6] & 0x0F) | 0x80);  // version 8: custom (RFC 9562 §5.8)
    d[8] = static_cast<unsigned char>((d[8] & 0x3F) | 0x80);  // RFC 9562 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += kHex[d[i] >> 4];
        out += kHex[d[i] & 0x0F];
    }
    return out;
}

Digest sha256_of_file(const std::filesystem::path& path) {
    InputFile in(path);
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::vector<char> buffer(kReadBytes);
    while (const std::size_t n = in.read(buffer.data(), buffer.size(), path))
        crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()), n);
    Digest d{};
    crypto_hash_sha256_final(&state, d.data());
    return d;
}

}  // namespace feedback::exchange::detail
