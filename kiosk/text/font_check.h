// Checking that a font file can show shaped Thai, and choosing which glyphs the UI bakes.
//
// Why it exists: the shaper (shaper.h) rewrites Thai into U+F700–U+F71A variants, so a font
// without them shows boxes in every other word; a font that gives Thai marks an advance width
// (TLWG's monospace fonts do: every glyph is one cell wide) pushes each mark beside its
// consonant instead of on it, because ImGui advances the pen by every glyph's width; and a
// damaged file handed to ImGui (stb_truetype, which does no bounds checking) can crash the
// kiosk at start-up. IT picks the font in the configuration, so the kiosk must refuse a bad
// one with a message naming the file and the problem (DESIGN.md §4) — `doctor` and
// `feedback-kiosk text check-font` print it, and the UI must check before giving ImGui a file.
//
// Design: FreeType reads the font (it is hardened against malformed files); the sfnt table
// directory is also checked against the file size by hand, because that is exactly what
// stb_truetype trusts blindly. All problems are collected, not just the first, so IT sees
// the whole picture in one run. Nothing throws: a report is a value.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::text {

struct FontReport {
    bool ok = false;
    std::string family;                 // e.g. "Laksaman"; empty when the file is not a font
    std::vector<std::string> problems;  // each a full sentence starting with the file name
};

FontReport check_font(const std::filesystem::path& file);

// The font the build found (fonts/CMakeLists.txt: Laksaman from fonts-tlwg-laksaman-ttf).
std::filesystem::path default_thai_font();

// Every code point check_font requires: printable ASCII (the English screens, digits, the
// reference number), the Thai letters, vowels, marks, currency sign and digits (U+0E01–U+0E3A,
// U+0E3F–U+0E4E, U+0E50–U+0E59) and the PUA variants U+F700–U+F71A. Ascending.
// (U+0E4F, U+0E5A, U+0E5B — rare punctuation the kiosk never shows — are not required.)
std::vector<std::uint32_t> required_codepoints();

// The code points whose glyphs the UI must bake for a survey: every code point of
// `all_text_utf8` (all strings the screens can show, both languages) and of its shaped form,
// plus printable ASCII, the whole Thai block, Thai digits and U+F700–U+F71A (typed comments can
// contain any of them). Sorted, without duplicates, without control characters; an invalid
// UTF-8 sequence contributes U+FFFD. (ImGui 1.86 uses 16-bit ImWchar by default: code points
// above U+FFFF — emoji — cannot be baked and the UI should drop them.)
std::vector<char32_t> glyph_ranges_for(std::string_view all_text_utf8);

}  // namespace feedback::text
