// WTT 2.0 input-sequence rules for the on-screen keyboard (DESIGN.md §4).
//
// Why it exists: with a Thai keyboard anyone can type sequences that cannot be written — a tone
// mark on nothing, two tone marks stacked, an upper vowel on top of a tone mark. They render as
// garbage, they break search and the report's free-text section, and an elderly visitor cannot
// see what went wrong. WTT 2.0 (the Thai industrial standard for input sequence checking, as
// implemented by libthai's th_isaccept/th_validate) says which character may follow which.
//
// Choices:
//  * Strict mode (ISC_STRICT), not basic. Strict also refuses a leading vowel typed twice
//    ("เเ" for "แ", a common habit that looks right on screen but is a different string and
//    spoils searches and counts) and ๅ anywhere but after ฤ ฦ. The keyboard has a แ key, so
//    nothing that can be written is lost.
//  * apply_key() corrects only *order*: a vowel typed after the tone mark of the same cell
//    (ก + ่ + ิ) is put where it belongs (กิ่), exactly as libthai's th_validate proposes. It
//    never replaces or deletes a character already typed (libthai would swap ่ for ้ when a
//    second tone mark is typed): a key that changes something other than what was pressed
//    surprises people, and backspace is one tap away. Everything else not accepted is refused
//    and the text comes back unchanged — the keyboard can then give feedback (a shake, a beep).
//  * Control characters, surrogates, noncharacters and the display-only PUA variants
//    (U+F700–U+F71A) are always refused, so what is typed is always clean logical Unicode.
//  * Lengths are counted in code points: what the database's limits and the visible counter
//    count, and what backspace removes.
//  * Invalid UTF-8 in `text`: returned strings are valid UTF-8 (invalid sequences become
//    U+FFFD, each one character), so a corrupted value never travels further.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace feedback::text {

// Whether `next` may be typed after `text_before` (only its last character matters to WTT).
// Non-Thai characters are accepted after anything; a Thai mark needs a base that can carry it.
bool accepts(std::string_view text_before_utf8, char32_t next);

// `text` with `key` entered: appended when accepted and the text has fewer than `max_chars`
// code points; reordered into the current cell when that is the only problem (see above);
// otherwise `text` unchanged.
std::string apply_key(std::string_view text_utf8, char32_t key, std::size_t max_chars);

// `text` without its last code point (one code point, not one cluster: deleting a mistyped
// tone mark must not also delete the consonant under it). Empty stays empty.
std::string backspace(std::string_view text_utf8);

// Code points in `text` (an invalid UTF-8 sequence counts as one).
std::size_t count_chars(std::string_view text_utf8);

}  // namespace feedback::text
