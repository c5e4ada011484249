// UTF-8 validation and U+FFFD replacement (see utf8.h). Table 3-7 of the Unicode standard:
// the second byte's range depends on the first byte, which is what rules out overlong forms,
// surrogates and code points above U+10FFFF.
#include "core/utf8.h"

#include <cstdint>
#include <cstring>

namespace feedback::core {
namespace {

// Length of the valid sequence at `at`, or 0 with `bad` = the length of the maximal invalid
// subpart (at least 1).
std::size_t sequence_at(std::string_view s, std::size_t at, std::size_t& bad) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(at);
    std::size_t length;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 < 0x80) return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        bad = 1;
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if (at + i >= s.size()) {
            bad = i;
            return 0;
        }
        const unsigned char b = byte(at + i);
        const bool ok = i == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!ok) {
            bad = i;
            return 0;
        }
    }
    return length;
}

// Index of the first byte >= 0x80 from `at`, eight bytes at a time: most text is ASCII or
// checked in long valid runs, and exporters call this for every cell of a million rows.
std::size_t skip_ascii(std::string_view s, std::size_t at) noexcept {
    while (at + 8 <= s.size()) {
        std::uint64_t word;
        std::memcpy(&word, s.data() + at, 8);
        if (word & 0x8080808080808080ULL) break;
        at += 8;
    }
    while (at < s.size() && static_cast<unsigned char>(s[at]) < 0x80) ++at;
    return at;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) noexcept {
    std::size_t at = skip_ascii(text, 0);
    while (at < text.size()) {
        std::size_t bad = 0;
        const std::size_t length = sequence_at(text, at, bad);
        if (length == 0) return at;
        at = skip_ascii(text, at + length);
    }
    return std::string_view::npos;
}

std::string to_valid_utf8(std::string_view text) {
    std::size_t at = first_invalid_utf8(text);
    if (at == std::string_view::npos) return std::string(text);
    std::string out(text.substr(0, at));
    while (at < text.size()) {
        std::size_t bad = 0;
        const std::size_t length = sequence_at(text, at, bad);
        if (length > 0) {
            out.append(text.substr(at, length));
            at += length;
        } else {
            out += "\xEF\xBF\xBD";
            at += bad;
        }
    }
    return out;
}

}  // namespace feedback::core
