#include "store/tracking_key.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace feedback::store {

std::string make_tracking_key() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    // 10 random bytes are exactly 80 bits: each 5-bit group picks one of the 32 characters,
    // so every character is uniform (no modulo bias).
    std::array<unsigned char, kTrackingKeyChars * 5 / 8> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string key;
    key.reserve(kTrackingKeyChars);
    unsigned buffer = 0;
    int bits = 0;
    for (const unsigned char b : bytes) {
        buffer = (buffer << 8) | b;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            key += kTrackingKeyAlphabet[(buffer >> bits) & 0x1F];
        }
    }
    sodium_memzero(bytes.data(), bytes.size());
    return key;
}

bool is_tracking_key(std::string_view key) {
    if (key.size() != kTrackingKeyChars) return false;
    for (const char c : key)
        if (kTrackingKeyAlphabet.find(c) == std::string_view::npos) return false;
    return true;
}

}  // namespace feedback::store
