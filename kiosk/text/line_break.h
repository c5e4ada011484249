// Line wrapping at word boundaries, for Thai (no spaces between words) and mixed text.
//
// Why it exists: ImGui's own wrapping breaks only at spaces, so a Thai sentence — one long
// "word" to ImGui — would run off the screen or be cut mid-word, and cutting between a
// consonant and its vowel or tone mark produces text nobody can read (DESIGN.md §4).
//
// Design:
//  * Thai runs (U+0E01–U+0E5B) are segmented by libthai's dictionary word breaker. Other text
//    follows a small subset of UAX #14: a break after a run of spaces/tabs, after each newline
//    (mandatory), after a hyphen or dash between letters, after ZERO WIDTH SPACE. There is no
//    break where Thai meets Latin letters or digits without a space ("ร้อยละ80" stays whole),
//    and never before a combining mark.
//  * Offsets are byte offsets into the caller's UTF-8, so lines are substrings of the input and
//    concatenating them gives the input back, byte for byte — also for invalid UTF-8, whose
//    bytes are kept (each invalid sequence counts as one character, never split).
//  * Wrap logical text, then shape each line for display: shaping does not change where a
//    word ends, and measuring shaped text is what the caller's `measure` should do.
//  * Long inputs: libthai's breaker is superlinear on long runs without a word it knows
//    (333,000 repeated consonants take ~7 s in one call), so Thai runs are fed to it in windows
//    of at most 1,024 characters, restarting each window at a boundary it already trusts.
//
// Thread-safe: the libthai breaker is created once and guarded by a mutex.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::text {

// Words the line breaker must keep whole although libthai's dictionary splits them (issue 16):
// the office's own name (ดง|มูล|เหล็ก), the survey's short terms, and abbreviations (อบ|ต.,
// ฯ|ลฯ, เว็บ|ไซต์, always included). libthai's breaker takes a dictionary path
// (th_brk_new), so the default dictionary is copied with these words added (libdatrie) into
// a temporary file, loaded, and the file removed. Only the Thai parts of each word count;
// the office's name is added without its kind of office (องค์การบริหารส่วนตำบล, เทศบาลตำบล…)
// so the name may still break between the kind and the place, never inside the place.
// Returns "" on success, else why the default breaker is kept (no dictionary found, …).
// Call before drawing (the UI's text cache keeps earlier breaks).
std::string keep_words_whole(const std::vector<std::string>& office_names, const std::vector<std::string>& terms);

// Back to libthai's own dictionary (tests).
void use_default_dictionary();

// The abbreviations always kept whole.
const std::vector<std::string>& kept_abbreviations();

// Byte offsets, strictly between 0 and utf8.size() and ascending, where a new line may start.
// An offset right after '\n' is a mandatory break (wrap_lines always breaks there).
std::vector<std::size_t> break_opportunities(std::string_view utf8);

// Greedy wrapping: each line is as long as fits in max_width according to `measure` (called
// with candidate text; it may be called many times, on pieces or on whole lines), breaking
// only at break_opportunities(). A line keeps the spaces and the newline that end it — they
// are not counted against max_width, and concatenating the lines gives `utf8` back; draw each
// line without its trailing whitespace. Only a single word wider than the line is broken, at
// grapheme-cluster boundaries (a base with all its marks), and a line always holds at least
// one cluster so wrapping terminates for any width. Empty input gives no lines; input ending
// in a newline gives a last, empty line (where the cursor goes).
std::vector<std::string> wrap_lines(std::string_view utf8, float max_width,
                                    const std::function<float(std::string_view)>& measure);

}  // namespace feedback::text
