// The font atlas: Laksaman (or display.font) at the few sizes the screens use, with glyphs for
// exactly the text the survey and the screens need plus the Thai PUA variants (U+F700–F71A)
// that shaped text refers to. Building only needed glyphs keeps the atlas, start-up time and
// memory small (DESIGN.md §7: 29 MB vs 153 MB).
#pragma once

#include <imgui.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ui/text_cache.h"
#include "ui/theme.h"

namespace feedback::ui {

// Display: Latin digits, letters and '-' only, very large — the complaint reference number.
enum class FontRole { Small, Body, Heading, Title, Display };

// Which text the font is sized for: Thai screens by the Thai consonant, English by the x.
enum class Script { Thai, Latin };

struct FontSet {
    // [role][large_text ? 1 : 0][script]
    ImFont* fonts[5][2][2] = {};
    ImFont* get(FontRole role, bool large, Script script = Script::Thai) const {
        return fonts[static_cast<int>(role)][large ? 1 : 0][script == Script::Latin ? 1 : 0];
    }
    // Shaped and wrapped text in these fonts, kept across frames (text_cache.h).
    std::shared_ptr<TextCache> text = std::make_shared<TextCache>();
    // Sizes are defined by the height a reader sees (issue 16), not by ImGui's font size,
    // which is ascent + descent (1.66 em for Laksaman: text came out ~40 % too small). The
    // visible height is that of a Thai consonant without ascender or descender (น) on the Thai
    // screens and the Latin x-height on the English ones (Laksaman's x is ~20 % lower than its
    // consonants, so one size for both would be too small in English or needlessly large in
    // Thai), in millimetres at the display's DPI. Display (the reference number, digits only)
    // is sized by the height of its digits.
    static float visible_mm(FontRole role, bool large);
};

// The visible heights of a built font, in pixels, read from the glyphs ImGui rasterised.
struct VisibleHeights {
    float thai_consonant = 0;  // น
    float latin_x = 0;         // x
    float digit = 0;           // 0
    float visible() const { return std::min(thai_consonant, latin_x); }
};
VisibleHeights visible_heights(const ImFont& font);

// Adds the fonts to ImGui's atlas. `texts` is every string that may be drawn (logical UTF-8);
// glyphs come from these plus keyboard layouts. Throws std::runtime_error naming the font file
// when it cannot be loaded or fails the Thai checks (text::check_font).
FontSet load_fonts(const std::filesystem::path& font_file, const Metrics& metrics,
                   const std::vector<std::string>& texts);

}  // namespace feedback::ui
