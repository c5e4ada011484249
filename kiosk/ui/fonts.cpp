#include "ui/fonts.h"

#include <cmath>
#include <stdexcept>

#include "text/font_check.h"
#include "text/line_break.h"

namespace feedback::ui {

float FontSet::visible_mm(FontRole role, bool large) {
    // ISO 9241-303 asks for ~16 arcmin at the reading distance (≈ 2.8 mm at 60 cm) as the
    // least; older visitors at a counter read from 60-80 cm, so: the smallest text a visitor
    // reads (counters, hints) 3.5 mm, body text 4 mm, face labels and buttons 4.5 mm, titles
    // 5.5 mm; large text is 1.5× each. Display is the reference number's digit height.
    static constexpr float kVisible[5] = {3.5f, 4.0f, 4.5f, 5.5f, 11.0f};
    const auto r = static_cast<int>(role);
    return kVisible[r] * (large && role != FontRole::Display ? 1.5f : 1.0f);
}

namespace {

float glyph_height(const ImFont& font, ImWchar c) {
    const ImFontGlyph* g = font.FindGlyphNoFallback(c);
    return g ? g->Y1 - g->Y0 : 0.0f;
}

}  // namespace

VisibleHeights visible_heights(const ImFont& font) {
    return {glyph_height(font, 0x0E19 /* น */), glyph_height(font, 'x'), glyph_height(font, '0')};
}

FontSet load_fonts(const std::filesystem::path& font_file, const Metrics& metrics,
                   const std::vector<std::string>& texts) {
    const auto report = text::check_font(font_file);
    if (!report.ok) {
        std::string message = "font " + font_file.string() + " cannot show Thai correctly:";
        for (const auto& p : report.problems) message += " " + p + ";";
        throw std::runtime_error(message);
    }
    std::string all;
    for (const auto& t : texts) all += t + "\n";
    const auto codepoints = text::glyph_ranges_for(all);
    // ImGui wants [first, last] pairs; merge consecutive code points into runs.
    std::vector<ImWchar> ranges;
    for (std::size_t i = 0; i < codepoints.size();) {
        std::size_t j = i;
        while (j + 1 < codepoints.size() && codepoints[j + 1] == codepoints[j] + 1) ++j;
        if (codepoints[i] <= 0xFFFF) {
            ranges.push_back(static_cast<ImWchar>(codepoints[i]));
            ranges.push_back(static_cast<ImWchar>(std::min<char32_t>(codepoints[j], 0xFFFF)));
        }
        i = j + 1;
    }
    ranges.push_back(0);

    ImGuiIO& io = ImGui::GetIO();
    ImFontConfig config;
    config.OversampleH = 1;  // the software renderer draws at 1:1; oversampling only costs memory
    config.OversampleV = 1;
    config.PixelSnapH = true;
    static const ImWchar kDisplayRanges[] = {0x0020, 0x007E, 0};

    // A probe at a large reference size gives this font's visible heights per pixel of ImGui
    // font size (stb_truetype maps the size to ascent + descent); the real sizes follow.
    constexpr float kProbePx = 200.0f;
    static const ImWchar kProbeRanges[] = {'0', '0', 'x', 'x', 0x0E19, 0x0E19, 0};
    io.Fonts->Clear();
    ImFont* probe = io.Fonts->AddFontFromFileTTF(font_file.c_str(), kProbePx, &config, kProbeRanges);
    if (!probe || !io.Fonts->Build()) throw std::runtime_error("font " + font_file.string() + " could not be loaded");
    const VisibleHeights per = visible_heights(*probe);
    if (per.visible() <= 0 || per.digit <= 0)
        throw std::runtime_error("font " + font_file.string() + " has no glyph for น, x or 0");
    io.Fonts->Clear();

    FontSet set;
    for (int role = 0; role < 5; ++role)
        for (int large = 0; large < 2; ++large)
            for (int script = 0; script < 2; ++script) {
                const auto r = static_cast<FontRole>(role);
                if (r == FontRole::Display && script == 1) {  // digits: one font serves both
                    set.fonts[role][large][1] = set.fonts[role][large][0];
                    continue;
                }
                // Rasterised glyph boxes are whole pixels: ask for half a pixel more than the
                // target so rounding down never takes a size under it.
                const float target_px = metrics.mm(FontSet::visible_mm(r, large != 0)) + 0.5f;
                const float per_px =
                    (r == FontRole::Display ? per.digit : script == 1 ? per.latin_x : per.thai_consonant) / kProbePx;
                const float px = std::ceil(target_px / per_px);
                // The English fonts keep the Thai glyphs: "ไทย" on the language toggle, a Thai
                // word in an English office name.
                const ImWchar* glyphs = r == FontRole::Display ? kDisplayRanges : ranges.data();
                ImFont* font = io.Fonts->AddFontFromFileTTF(font_file.c_str(), px, &config, glyphs);
                if (!font) throw std::runtime_error("font " + font_file.string() + " could not be loaded");
                set.fonts[role][large][script] = font;
            }
    // Build now, while `ranges` is alive (ImGui keeps only the pointer until it builds).
    if (!io.Fonts->Build()) throw std::runtime_error("font atlas for " + font_file.string() + " could not be built");
    return set;
}

}  // namespace feedback::ui
