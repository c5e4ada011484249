// The font atlas's memory (issue 21's bench_ui budget): the Thai PUA variants filed under their
// atlas codes (ui/atlas_codes.h) so that no font's glyph index reaches U+F71A, and the large
// text sizes built only while a visitor has large text on (ui/fonts.h, TextSizes).
#include <catch2/catch.hpp>
#include <imgui.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "text/font_check.h"
#include "text/shaper.h"
#include "text/unicode.h"
#include "ui/atlas_codes.h"
#include "ui/fonts.h"
#include "imgui_scope.h"

using namespace feedback;
using namespace feedback::ui;

namespace {

// Every text of the shaping vectors, logical, as the survey and screens would hand them over.
std::vector<std::string> vector_texts() {
    std::ifstream in(std::string(FEEDBACK_TEST_DATA_DIR) + "/pua-shaping-vectors.tsv");
    std::vector<std::string> texts;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#') texts.push_back(line.substr(0, line.find('\t')));
    return texts;
}

const Metrics kMetrics = Metrics::from(96, 1.0f, 1920, 1080);

}  // namespace

TEST_CASE("atlas codes: PUA variants move to U+0E60-U+0E7A, everything else stays byte for byte", "[fonts]") {
    CHECK(atlas_code(0xF700) == 0x0E60);
    CHECK(atlas_code(0xF71A) == 0x0E7A);
    CHECK(atlas_code(0xF6FF) == 0xF6FF);
    CHECK(atlas_code(0xF71B) == 0xF71B);
    CHECK(atlas_code(0x0E48) == 0x0E48);
    const std::string plain = "Abc ทดสอบ \xEF\x9B\xBF \xEF\x9C\x9B";  // U+F6FF and U+F71B: not variants
    CHECK(atlas_text(plain) == plain);
    const auto texts = vector_texts();
    REQUIRE(texts.size() > 100);
    int with_variants = 0;
    for (const auto& logical : texts) {
        const std::u32string shaped = text::shape_thai(text::decode_utf8(logical));
        std::u32string expected;
        for (const char32_t c : shaped) expected += atlas_code(c);
        const std::string display = text::shape_utf8(logical);
        INFO(logical);
        CHECK(text::decode_utf8(atlas_text(display)) == expected);
        CHECK(atlas_text(display).size() == display.size());
        with_variants += expected != shaped;
    }
    CHECK(with_variants > 50);  // the vectors do exercise the variants
}

TEST_CASE("font atlas: every variant is found under its atlas code, and no index reaches U+F700", "[fonts]") {
    feedback::testing::ImGuiScope context;
    const auto fonts = load_fonts(text::default_thai_font(), kMetrics, vector_texts(), TextSizes::Normal);
    for (const auto role : {FontRole::Small, FontRole::Body, FontRole::Heading, FontRole::Title})
        for (const auto script : {Script::Thai, Script::Latin}) {
            const ImFont& font = *fonts.get(role, false, script);
            INFO("font size " << font.FontSize);
            // The index stops at the Thai block (6 bytes a code point; U+F71A would be 380 kB).
            CHECK(font.IndexLookup.Size <= 0x0E80);
            CHECK(font.FindGlyphNoFallback(0xF70A) == nullptr);
            for (char32_t pua = kPuaFirst; pua <= kPuaLast; ++pua) {
                const ImFontGlyph* glyph = font.FindGlyphNoFallback(static_cast<ImWchar>(atlas_code(pua)));
                REQUIRE(glyph != nullptr);
                CHECK(glyph->Codepoint == atlas_code(pua));
            }
            // A positioned mark has the zero advance of a mark, not the fallback glyph's.
            CHECK(font.FindGlyphNoFallback(static_cast<ImWchar>(atlas_code(0xF70A)))->AdvanceX == 0.0f);
            // Every code point of every shaped vector is a glyph of the font: none falls back.
            for (const auto& logical : vector_texts())
                for (const char32_t c : text::decode_utf8(atlas_text(text::shape_utf8(logical)))) {
                    INFO(logical << " U+" << std::hex << static_cast<unsigned>(c));
                    CHECK(font.FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
                }
        }
}

TEST_CASE("font atlas: normal text alone takes under half the texture of both sizes", "[fonts]") {
    feedback::testing::ImGuiScope context;
    const std::vector<std::string> texts = {"ท่านพึงพอใจการให้บริการเพียงใด How satisfied were you?"};
    auto normal = load_fonts(text::default_thai_font(), kMetrics, texts, TextSizes::Normal);
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    const long normal_area = static_cast<long>(w) * h;
    CHECK(io.Fonts->Fonts.Size == 9);  // 4 roles × 2 scripts + the digits
    // A large request from a normal-only set gets the normal font, never a null pointer.
    CHECK(normal.get(FontRole::Body, true) == normal.get(FontRole::Body, false));
    // (Read now: a rebuild frees these fonts.)
    const float body_size = normal.get(FontRole::Body, false)->FontSize;

    const FontSet both = build_fonts(normal.source, TextSizes::Both);
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    const long both_area = static_cast<long>(w) * h;
    CHECK(io.Fonts->Fonts.Size == 18);
    CHECK(both.get(FontRole::Body, true)->FontSize > 1.4f * both.get(FontRole::Body, false)->FontSize);
    // Rows past the last glyph are not padded to a power of two.
    CHECK((io.Fonts->Flags & ImFontAtlasFlags_NoPowerOfTwoHeight) != 0);
    INFO("normal " << normal_area << " texels, both " << both_area);
    CHECK(normal_area * 2 < both_area);

    // And back: a rebuild from the same source makes the same normal fonts.
    const FontSet again = build_fonts(both.source, TextSizes::Normal);
    CHECK(again.get(FontRole::Body, false)->FontSize == body_size);
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    CHECK(static_cast<long>(w) * h == normal_area);
}
