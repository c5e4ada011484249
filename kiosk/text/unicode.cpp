// UTF-8 codec with "replace each maximal subpart by U+FFFD" (see unicode.h for why).
//
// The decoder follows the table of well-formed byte sequences in Unicode §3.9 (Table 3-7): the
// lead byte fixes how many continuation bytes follow and the allowed range of the *first*
// one, which is what rules out overlong forms, surrogates and values above U+10FFFF without a
// second pass.
#include "text/unicode.h"

namespace feedback::text {

Decoded decode_at(std::string_view s, std::size_t offset) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(offset);
    if (lead < 0x80) return {lead, 1, true};

    int continuation = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the first continuation byte
    char32_t cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        continuation = 1;
        cp = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuation = 2;
        cp = lead & 0x0Fu;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuation = 3;
        cp = lead & 0x07u;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return {kReplacementChar, 1, false};  // 80–C1, F5–FF never start a sequence
    }

    std::size_t length = 1;
    for (int k = 0; k < continuation; ++k) {
        const std::size_t i = offset + length;
        if (i >= s.size()) return {kReplacementChar, length, false};  // truncated
        const unsigned char b = byte(i);
        const unsigned char lo = k == 0 ? low : 0x80, hi = k == 0 ? high : 0xBF;
        if (b < lo || b > hi) return {kReplacementChar, length, false};  // maximal subpart ends
        cp = (cp << 6) | (b & 0x3Fu);
        ++length;
    }
    return {cp, length, true};
}

std::u32string decode_utf8(std::string_view utf8) {
    std::u32string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const Decoded d = decode_at(utf8, i);
        out.push_back(d.cp);
        i += d.length;
    }
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacementChar;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string encode_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (const char32_t c : text) append_utf8(out, c);
    return out;
}

std::size_t find_invalid_utf8(std::string_view utf8) noexcept {
    for (std::size_t i = 0; i < utf8.size();) {
        const Decoded d = decode_at(utf8, i);
        if (!d.valid) return i;
        i += d.length;
    }
    return std::string_view::npos;
}

}  // namespace feedback::text
