// The tracking key of a complaint (issue 18): a random secret printed into the reference
// screen's QR code beside the reference, which the collector's public tracking page
// (/track/<reference>?k=<key>) asks for.
//
// Why a key at all: a reference (kiosk code, B.E. date, daily sequence) can be guessed, and the
// tracking page must not let anyone walk through an office's complaints. 80 bits from the
// operating system's CSPRNG (libsodium's randombytes) cannot be guessed at any rate a collector
// would answer. Why Crockford's base32 (0-9 and A-Z without I, L, O, U): the key may be read
// off a phone or typed by hand, and those four letters pass for 1, 1, 0 and V. Upper case and
// no separators, so it needs no escaping in a URL.
// It lives in the store (not core) because it needs libsodium, which the store already links.
#pragma once

#include <string>
#include <string_view>

namespace feedback::store {

inline constexpr std::string_view kTrackingKeyAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kTrackingKeyChars = 16;  // 16 × 5 bits = 80 bits

// A fresh key of kTrackingKeyChars characters of kTrackingKeyAlphabet. Throws
// std::runtime_error only when libsodium cannot be initialised.
std::string make_tracking_key();

// True for a key this program could have made (length and alphabet).
bool is_tracking_key(std::string_view key);

}  // namespace feedback::store
