// Real text sizes (issue 16): the height a visitor sees, measured on the glyphs ImGui
// rasterised at a given DPI — not the font size handed to ImGui, which is ascent + descent
// (1.66 em for Laksaman) and made text ~40 % smaller than meant.
//
// Figures (README, "Text sizes"): the visible height is the smaller of the Thai consonant น
// (no ascender or descender) and the Latin x, as the height of the glyph's rasterised box.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <cstdio>

#include "text/font_check.h"
#include "ui/fonts.h"
#include "imgui_scope.h"

using namespace feedback::ui;

namespace {

float mm(float px, float dpi) { return px / dpi * 25.4f; }

}  // namespace

TEST_CASE("text sizes: visible heights meet the minimums at the display's DPI", "[fonts]") {
    const float dpi = GENERATE(85.0f, 96.0f, 102.0f, 141.0f);
    feedback::testing::ImGuiScope context;
    const auto metrics = Metrics::from(dpi, 1.0f, 1366, 768);
    const auto fonts = load_fonts(feedback::text::default_thai_font(), metrics, {"ทดสอบ Test"});
    struct Minimum {
        FontRole role;
        float mm;
        const char* what;
    };
    // Body text 4 mm, face labels and buttons (Heading) 4.5 mm, nothing a visitor reads under
    // 3.5 mm (Small); large text at least 1.5× each.
    const Minimum minimums[] = {{FontRole::Small, 3.5f, "small"},
                                {FontRole::Body, 4.0f, "body"},
                                {FontRole::Heading, 4.5f, "labels and buttons"},
                                {FontRole::Title, 4.5f, "titles"}};
    for (const auto script : {Script::Thai, Script::Latin})
        for (const bool large : {false, true})
            for (const auto& m : minimums) {
                const ImFont& font = *fonts.get(m.role, large, script);
                const VisibleHeights h = visible_heights(font);
                // Thai screens are read by the consonant, English ones by the x-height.
                const float seen = script == Script::Thai ? h.thai_consonant : h.latin_x;
                const float need = m.mm * (large ? 1.5f : 1.0f);
                INFO(m.what << (large ? " (large)" : "") << (script == Script::Thai ? " Thai" : " English") << " at "
                            << dpi << " dpi: font size " << font.FontSize << " px, seen " << seen
                            << " px = " << mm(seen, dpi) << " mm");
                CHECK(mm(seen, dpi) >= need);
                // Not wildly over the target either (the rasterised box adds up to a pixel of
                // antialiasing at the top and the bottom).
                CHECK(mm(seen, dpi) <= FontSet::visible_mm(m.role, large) + mm(2.5f, dpi));
                if (dpi == 96.0f)
                    std::printf("text-size %s %s%s dpi=96 font-px=%.0f seen-mm=%.2f (thai-consonant %.2f, latin-x %.2f)\n",
                                script == Script::Thai ? "th" : "en", m.what, large ? " (large)" : "", font.FontSize,
                                mm(seen, dpi), mm(h.thai_consonant, dpi), mm(h.latin_x, dpi));
            }
}

TEST_CASE("text sizes: large text is at least 1.5 times normal", "[fonts]") {
    feedback::testing::ImGuiScope context;
    const auto fonts = load_fonts(feedback::text::default_thai_font(), Metrics::from(96, 1.0f, 1920, 1080), {"ทดสอบ"});
    for (const auto role : {FontRole::Small, FontRole::Body, FontRole::Heading, FontRole::Title}) {
        const float normal = visible_heights(*fonts.get(role, false)).thai_consonant;
        const float large = visible_heights(*fonts.get(role, true)).thai_consonant;
        // Rasterised boxes carry up to a pixel of antialiasing at each edge: two pixels of slack.
        CHECK(large >= 1.5f * normal - 2.0f);
        const float normal_x = visible_heights(*fonts.get(role, false, Script::Latin)).latin_x;
        const float large_x = visible_heights(*fonts.get(role, true, Script::Latin)).latin_x;
        CHECK(large_x >= 1.5f * normal_x - 2.0f);
    }
}
