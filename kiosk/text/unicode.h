// UTF-8 decoding and the few character classes the text library needs.
//
// Why it exists: every public function of kiosk_text takes UTF-8 from outside (typed text, the
// survey file, stdin) and must survive invalid bytes. One decoder with one documented policy
// keeps shaper, line breaker and keyboard rules in agreement about what a "character" is.
//
// Policy for invalid UTF-8 (overlong forms, surrogates, code points above U+10FFFF, stray or
// missing continuation bytes): each *maximal subpart* of an ill-formed sequence becomes one
// U+FFFD, as Unicode §3.9 recommends and as browsers do. decode_at() still reports the byte
// range it covered, so callers that must return byte offsets into the caller's string (line
// breaking) can do so without re-encoding it.
//
// Why not std::codecvt / iconv: codecvt is deprecated and throws or stops on bad input; iconv
// needs a handle per call and cannot say "replace and continue" portably.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace feedback::text {

inline constexpr char32_t kReplacementChar = U'\uFFFD';

struct Decoded {
    char32_t cp = 0;          // the code point, or U+FFFD for an invalid sequence
    std::size_t length = 0;   // bytes consumed, at least 1 unless at the end of input
    bool valid = false;       // false when cp is a substitute for invalid bytes
};

// The code point starting at byte `offset` (which must be < s.size()); never reads past s.
Decoded decode_at(std::string_view s, std::size_t offset) noexcept;

// Whole-string conversions with the replacement policy above.
std::u32string decode_utf8(std::string_view utf8);
std::string encode_utf8(std::u32string_view text);  // surrogates / > U+10FFFF become U+FFFD
void append_utf8(std::string& out, char32_t cp);

// Byte offset of the first invalid sequence, or std::string_view::npos when `utf8` is valid.
std::size_t find_invalid_utf8(std::string_view utf8) noexcept;

// Character classes (logical Unicode; see shaper.h for the display-only PUA variants).
constexpr bool is_thai_consonant(char32_t c) { return c >= 0x0E01 && c <= 0x0E2E; }

// The marks that belong to the preceding base in a Thai cluster: above vowels, below vowels,
// tone marks, signs — and SARA AM (U+0E33), which is spacing but still part of the cluster
// (UAX #29 classes it SpacingMark; a line must never start with it).
constexpr bool is_thai_cluster_mark(char32_t c) {
    return c == 0x0E31 || (c >= 0x0E33 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E);
}

// The PUA display variants that are marks (everything in U+F700–U+F71A except the two base
// variants U+F700 THO THAN without descender and U+F70F YO YING without descender).
constexpr bool is_pua_mark(char32_t c) {
    return c >= 0xF701 && c <= 0xF71A && c != 0xF70F;
}

// Anything that must stay attached to the character before it: Thai cluster marks, the PUA
// mark variants, and the general combining blocks (so a Latin "é" written as e + U+0301 or an
// emoji with a variation selector is never split). Not a full UAX #29 implementation — the
// kiosk shows Thai, English and digits, and these ranges cover what those can contain.
constexpr bool is_combining(char32_t c) {
    return is_thai_cluster_mark(c) || is_pua_mark(c) || (c >= 0x0300 && c <= 0x036F) ||
           (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
           (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200C || c == 0x200D ||
           (c >= 0xE0100 && c <= 0xE01EF);
}

// Control characters (C0, DEL, C1): never typed into a field, never baked into the atlas.
constexpr bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

}  // namespace feedback::text
