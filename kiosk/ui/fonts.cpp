#include "ui/fonts.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "ui/atlas_codes.h"

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

namespace {

ImFontConfig font_config() {
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // FontSource::data, kept alive by the FontSet
    config.OversampleH = 1;  // the software renderer draws at 1:1; oversampling only costs memory
    config.OversampleV = 1;
    config.PixelSnapH = true;
    return config;
}

ImFont* add_font(const FontSource& source, float px, const ImWchar* glyphs) {
    const ImFontConfig config = font_config();
    // ImGui takes a non-const pointer but, with FontDataOwnedByAtlas off, only reads the bytes.
    auto* data = const_cast<unsigned char*>(source.data.data());
    ImFont* font = ImGui::GetIO().Fonts->AddFontFromMemoryTTF(data, static_cast<int>(source.data.size()), px, &config, glyphs);
    if (!font) throw std::runtime_error("font " + source.name + " could not be loaded");
    return font;
}

constexpr float kProbePx = 200.0f;

}  // namespace

FontSet load_fonts(const std::filesystem::path& font_file, const Metrics& metrics,
                   const std::vector<std::string>& texts, TextSizes sizes) {
    const auto report = text::check_font(font_file);
    if (!report.ok) {
        std::string message = "font " + font_file.string() + " cannot show Thai correctly:";
        for (const auto& p : report.problems) message += " " + p + ";";
        throw std::runtime_error(message);
    }
    auto source = std::make_shared<FontSource>();
    source->name = font_file.string();
    source->metrics = metrics;
    std::string all;
    for (const auto& t : texts) all += t + "\n";
    const auto codepoints = text::glyph_ranges_for(all);
    // ImGui wants [first, last] pairs; merge consecutive code points into runs.
    for (std::size_t i = 0; i < codepoints.size();) {
        std::size_t j = i;
        while (j + 1 < codepoints.size() && codepoints[j + 1] == codepoints[j] + 1) ++j;
        if (codepoints[i] <= 0xFFFF) {
            source->ranges.push_back(static_cast<ImWchar>(codepoints[i]));
            source->ranges.push_back(static_cast<ImWchar>(std::min<char32_t>(codepoints[j], 0xFFFF)));
        }
        i = j + 1;
    }
    source->ranges.push_back(0);

    // The file is read once and shared by every size, and by every later rebuild (a package
    // upgrade may replace the file under a running kiosk): AddFontFromFileTTF would keep a copy
    // of it per font (18 copies, 2 MB with Laksaman) for as long as the atlas lives.
    {
        std::ifstream in(font_file, std::ios::binary);
        source->data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (source->data.empty()) throw std::runtime_error("font " + source->name + " could not be read");
    }

    // A probe at a large reference size gives this font's visible heights per pixel of ImGui
    // font size (stb_truetype maps the size to ascent + descent); the real sizes follow.
    static const ImWchar kProbeRanges[] = {'0', '0', 'x', 'x', 0x0E19, 0x0E19, 0};
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFont* probe = add_font(*source, kProbePx, kProbeRanges);
    if (!io.Fonts->Build()) throw std::runtime_error("font " + source->name + " could not be loaded");
    source->per_probe = visible_heights(*probe);
    if (source->per_probe.visible() <= 0 || source->per_probe.digit <= 0)
        throw std::runtime_error("font " + source->name + " has no glyph for น, x or 0");
    return build_fonts(std::move(source), sizes);
}

FontSet build_fonts(std::shared_ptr<const FontSource> source, TextSizes sizes) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // The software renderer takes any texture height; a power of two would add up to half the
    // atlas again in unused rows (4 bytes per texel once uploaded).
    io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    static const ImWchar kDisplayRanges[] = {0x0020, 0x007E, 0};
    const VisibleHeights& per = source->per_probe;

    FontSet set;
    set.source = source;
    set.sizes = sizes;
    for (int role = 0; role < 5; ++role)
        for (int large = 0; large < 2; ++large) {
            if (!set.has(large != 0)) continue;
            for (int script = 0; script < 2; ++script) {
                const auto r = static_cast<FontRole>(role);
                if (r == FontRole::Display && script == 1) {  // digits: one font serves both
                    set.fonts[role][large][1] = set.fonts[role][large][0];
                    continue;
                }
                // Rasterised glyph boxes are whole pixels: ask for half a pixel more than the
                // target so rounding down never takes a size under it.
                const float target_px = source->metrics.mm(FontSet::visible_mm(r, large != 0)) + 0.5f;
                const float per_px =
                    (r == FontRole::Display ? per.digit : script == 1 ? per.latin_x : per.thai_consonant) / kProbePx;
                const float px = std::ceil(target_px / per_px);
                // The English fonts keep the Thai glyphs: "ไทย" on the language toggle, a Thai
                // word in an English office name.
                const ImWchar* glyphs = r == FontRole::Display ? kDisplayRanges : source->ranges.data();
                set.fonts[role][large][script] = add_font(*source, px, glyphs);
            }
        }
    if (!io.Fonts->Build()) throw std::runtime_error("font atlas for " + source->name + " could not be built");
    // File the PUA variants under their atlas codes (atlas_codes.h) and index again, so that no
    // font's lookup table reaches U+F71A. This is why the atlas is built here only: a Build()
    // elsewhere (GetTexDataAsRGBA32 after ClearTexData) would file them back at U+F7xx.
    for (ImFont* font : io.Fonts->Fonts) {
        for (ImFontGlyph& glyph : font->Glyphs) glyph.Codepoint = atlas_code(glyph.Codepoint) & 0x3FFFFFFFu;
        font->BuildLookupTable();
    }
    return set;
}

}  // namespace feedback::ui
