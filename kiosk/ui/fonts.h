// The font atlas: Laksaman (or display.font) at the few sizes the screens use, with glyphs for
// exactly the text the survey and the screens need plus the Thai PUA variants (U+F700–F71A)
// that shaped text refers to, filed under their atlas codes (atlas_codes.h). Building only needed glyphs keeps the atlas, start-up time and
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

// The visible heights of a built font, in pixels, read from the glyphs ImGui rasterised.
struct VisibleHeights {
    float thai_consonant = 0;  // น
    float latin_x = 0;         // x
    float digit = 0;           // 0
    float visible() const { return std::min(thai_consonant, latin_x); }
};
VisibleHeights visible_heights(const ImFont& font);

// Which text sizes the atlas holds. The large set is 1.5× the normal one, so it takes 2.25 of
// the atlas's 3.25 parts, and in SDL's software renderer the atlas texture costs 4 bytes per
// texel (~7 MB for both sets at 1920×1080). Large text is a visitor's choice and most visitors
// never make it, so the kiosk holds the normal set alone and the window rebuilds the atlas with
// both (build_fonts, a few tens of milliseconds) while a visitor has large text on — both,
// because large-text screens fall back to the normal sizes for a label that will not fit
// (Canvas::fit_words, Canvas::button) — and alone again when it goes off.
enum class TextSizes { Normal, Both };

// What the atlas is built from, kept so that it can be rebuilt in another size without reading
// or checking the font file again.
struct FontSource {
    std::string name;                  // the font file, for messages
    std::vector<unsigned char> data;   // its bytes, shared by every font in the atlas
    std::vector<ImWchar> ranges;       // ImGui glyph ranges for the texts, 0-terminated
    Metrics metrics;                   // the display the sizes are for
    VisibleHeights per_probe;          // visible heights at kProbePx (fonts.cpp)
};

struct FontSet {
    // [role][large_text ? 1 : 0][script]; only the sizes in `sizes` are set.
    ImFont* fonts[5][2][2] = {};
    TextSizes sizes = TextSizes::Both;
    bool has(bool large) const { return sizes == TextSizes::Both || !large; }
    // Large text from a normal-only set gets the normal size (the window rebuilds the atlas
    // before a frame needs large text; this only keeps a mistake from being a null pointer).
    ImFont* get(FontRole role, bool large, Script script = Script::Thai) const {
        if (!has(large)) large = false;
        return fonts[static_cast<int>(role)][large ? 1 : 0][script == Script::Latin ? 1 : 0];
    }
    // Must outlive the atlas's use of these fonts: ImGui reads the bytes again when it builds.
    std::shared_ptr<const FontSource> source;
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


// Adds the fonts to ImGui's atlas. `texts` is every string that may be drawn (logical UTF-8);
// glyphs come from these plus keyboard layouts. Throws std::runtime_error naming the font file
// when it cannot be loaded or fails the Thai checks (text::check_font).
FontSet load_fonts(const std::filesystem::path& font_file, const Metrics& metrics,
                   const std::vector<std::string>& texts, TextSizes sizes = TextSizes::Both);

// Rebuilds ImGui's atlas from `source` (a FontSet's) with `sizes`. Fonts of the previous set are
// gone afterwards; so must its texture be (the caller destroys it first). The atlas must only be
// built through these two functions (fonts.cpp says why).
FontSet build_fonts(std::shared_ptr<const FontSource> source, TextSizes sizes);

}  // namespace feedback::ui
