#include "ui/fonts.h"

#include <stdexcept>

#include "text/font_check.h"
#include "text/line_break.h"

namespace feedback::ui {

float FontSet::size_mm(FontRole role, bool large) {
    // Laksaman's Thai glyphs are small for their em (like TH Sarabun), so sizes are generous:
    // body text about 8 mm to the em reads at arm's length for older visitors.
    static constexpr float kSizes[5] = {6.5f, 8.0f, 9.5f, 13.0f, 20.0f};
    return kSizes[static_cast<int>(role)] * (large ? 1.3f : 1.0f);
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
    io.Fonts->Clear();
    FontSet set;
    ImFontConfig config;
    config.OversampleH = 1;  // the software renderer draws at 1:1; oversampling only costs memory
    config.OversampleV = 1;
    config.PixelSnapH = true;
    static const ImWchar kDisplayRanges[] = {0x0020, 0x007E, 0};
    for (int role = 0; role < 5; ++role)
        for (int large = 0; large < 2; ++large) {
            const auto r = static_cast<FontRole>(role);
            const float px = metrics.mm(FontSet::size_mm(r, large != 0));
            ImFont* font = io.Fonts->AddFontFromFileTTF(font_file.c_str(), px, &config,
                                                        r == FontRole::Display ? kDisplayRanges : ranges.data());
            if (!font) throw std::runtime_error("font " + font_file.string() + " could not be loaded");
            set.fonts[role][large] = font;
        }
    // Build now, while `ranges` is alive (ImGui keeps only the pointer until it builds).
    if (!io.Fonts->Build()) throw std::runtime_error("font atlas for " + font_file.string() + " could not be built");
    return set;
}

}  // namespace feedback::ui
