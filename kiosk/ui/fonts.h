// The font atlas: Laksaman (or display.font) at the few sizes the screens use, with glyphs for
// exactly the text the survey and the screens need plus the Thai PUA variants (U+F700–F71A)
// that shaped text refers to. Building only needed glyphs keeps the atlas, start-up time and
// memory small (DESIGN.md §7: 29 MB vs 153 MB).
#pragma once

#include <imgui.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ui/text_cache.h"
#include "ui/theme.h"

namespace feedback::ui {

// Display: Latin digits, letters and '-' only, very large — the complaint reference number.
enum class FontRole { Small, Body, Heading, Title, Display };

struct FontSet {
    // [role][large_text ? 1 : 0]
    ImFont* fonts[5][2] = {};
    ImFont* get(FontRole role, bool large) const { return fonts[static_cast<int>(role)][large ? 1 : 0]; }
    // Shaped and wrapped text in these fonts, kept across frames (text_cache.h).
    std::shared_ptr<TextCache> text = std::make_shared<TextCache>();
    static float size_mm(FontRole role, bool large);
};

// Adds the fonts to ImGui's atlas. `texts` is every string that may be drawn (logical UTF-8);
// glyphs come from these plus keyboard layouts. Throws std::runtime_error naming the font file
// when it cannot be loaded or fails the Thai checks (text::check_font).
FontSet load_fonts(const std::filesystem::path& font_file, const Metrics& metrics,
                   const std::vector<std::string>& texts);

}  // namespace feedback::ui
