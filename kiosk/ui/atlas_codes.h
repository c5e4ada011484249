// Where the Thai PUA glyph variants live inside ImGui's font atlas.
//
// Why: the shaper (text/shaper.h) writes positioned Thai marks as U+F700–U+F71A, as the fonts
// number them. ImGui indexes every font's glyphs by code point in two flat arrays sized to the
// highest code point in the font (ImFont::BuildLookupTable: 6 bytes per code point), so those
// 27 glyphs made each of the 18 fonts carry a 380 kB index reaching U+F71A — 6 MB of the
// kiosk's 32 MB memory budget for a few dozen glyphs (issue 21's bench_ui). Inside the atlas the
// variants are therefore filed under unassigned code points at the end of the Thai block,
// U+0E60–U+0E7A, and the display string handed to ImGui is rewritten to match; each index
// then stops at the Thai block (or at the highest other character the texts use).
//
// Nothing outside the atlas sees these codes: shaped text, the text command, tests and the
// database keep the fonts' own PUA numbers. A logical text containing an unassigned Thai code
// point U+0E60–U+0E7A (never valid Thai, not typable on the kiosk) would show a mark glyph.
#pragma once

#include <string>
#include <string_view>

namespace feedback::ui {

inline constexpr char32_t kPuaFirst = 0xF700;
inline constexpr char32_t kPuaLast = 0xF71A;
inline constexpr char32_t kAtlasPuaFirst = 0x0E60;  // U+0E5C–U+0E7F are unassigned

// The atlas code of a display code point: PUA variants move, everything else stays.
constexpr char32_t atlas_code(char32_t display) {
    return display >= kPuaFirst && display <= kPuaLast ? kAtlasPuaFirst + (display - kPuaFirst) : display;
}

// A shaped display string (UTF-8) with its PUA variants at their atlas codes.
std::string atlas_text(std::string_view display_utf8);

}  // namespace feedback::ui
