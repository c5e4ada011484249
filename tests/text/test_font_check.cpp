// Font check tests on the real Debian fonts (deploy/install-deps.sh installs them) and on
// damaged copies of Laksaman made here: truncated at many points, with its outlines
// overwritten, and with its PUA variants unmapped. Every bad file must be refused with a
// message naming it, and nothing may crash (the test runs under ASan in deploy/test.sh --asan).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "temp_dir.h"
#include "text/font_check.h"

using namespace feedback::text;
using feedback::testing::read_file;
using feedback::testing::TempDir;
using feedback::testing::write_file;

namespace {

const std::string kTlwg = "/usr/share/fonts/truetype/tlwg/";

bool mentions(const FontReport& report, const std::string& what) {
    return std::any_of(report.problems.begin(), report.problems.end(),
                       [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

bool all_name(const FontReport& report, const std::string& file) {
    return std::all_of(report.problems.begin(), report.problems.end(),
                       [&](const std::string& p) { return p.rfind(file + ": ", 0) == 0; });
}

std::uint32_t be32(const std::string& d, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(d.at(at))) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d.at(at + 1))) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d.at(at + 2))) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d.at(at + 3)));
}
std::uint16_t be16(const std::string& d, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(d.at(at)) << 8 |
                                      static_cast<unsigned char>(d.at(at + 1)));
}

// Offset and length of an sfnt table, read independently of the code under test.
std::pair<std::size_t, std::size_t> find_table(const std::string& font, const char* tag) {
    const std::uint16_t tables = be16(font, 4);
    for (std::size_t i = 0; i < tables; ++i) {
        const std::size_t rec = 12 + 16 * i;
        if (font.compare(rec, 4, tag) == 0) return {be32(font, rec + 8), be32(font, rec + 12)};
    }
    FAIL("no table " << tag);
    return {0, 0};
}

}  // namespace

TEST_CASE("the TLWG proportional fonts pass", "[font_check]") {
    for (const auto& [file, family] : std::vector<std::pair<std::string, std::string>>{
             {"Laksaman.ttf", "Laksaman"}, {"Laksaman-Bold.ttf", "Laksaman"}, {"Garuda.ttf", "Garuda"},
             {"Loma.ttf", "Loma"}}) {
        INFO(file << " (install the fonts with deploy/install-deps.sh)");
        const FontReport report = check_font(kTlwg + file);
        for (const auto& p : report.problems) UNSCOPED_INFO(p);
        CHECK(report.ok);
        CHECK(report.problems.empty());
        CHECK(report.family == family);
    }
    CHECK(default_thai_font() == std::filesystem::path(FEEDBACK_DEFAULT_FONT));
    CHECK(check_font(default_thai_font()).ok);
}

TEST_CASE("a monospace TLWG font is refused", "[font_check]") {
    // Tlwg Mono gives every glyph, marks included, one cell of width: each mark would be drawn
    // beside its consonant.
    const std::string mono = kTlwg + "TlwgMono.ttf";
    const FontReport report = check_font(mono);
    CHECK_FALSE(report.ok);
    CHECK(report.family == "Tlwg Mono");
    REQUIRE(report.problems.size() == 1);
    CHECK(all_name(report, mono));
    CHECK(mentions(report, "gives Thai combining marks a width"));
    CHECK(mentions(report, "U+0E47\u2013U+0E4E"));  // the tone marks and the rest
    // Tlwg Typewriter looks monospace but its marks have zero width and it has every variant,
    // so shaped Thai draws correctly with it: it passes, by the same rules.
    CHECK(check_font(kTlwg + "TlwgTypewriter.ttf").ok);
}

TEST_CASE("files that are not fonts are refused, naming the file", "[font_check]") {
    TempDir dir;
    const auto text = dir / "notes.ttf";
    write_file(text, "ท่านพึงพอใจการให้บริการของเจ้าหน้าที่เพียงใด\nthis is not a font\n");
    FontReport report = check_font(text);
    CHECK_FALSE(report.ok);
    CHECK(report.family.empty());
    CHECK(all_name(report, text.string()));
    CHECK(mentions(report, "not a TrueType or OpenType font"));

    const auto empty = dir / "empty.ttf";
    write_file(empty, "");
    report = check_font(empty);
    CHECK_FALSE(report.ok);
    CHECK(mentions(report, "too short to be a font (0 bytes)"));

    report = check_font(dir / "missing.ttf");
    CHECK_FALSE(report.ok);
    CHECK(mentions(report, "missing.ttf: cannot be read: no such file"));

    report = check_font(dir.path());
    CHECK_FALSE(report.ok);
    CHECK(mentions(report, "is a directory"));

    const auto woff = dir / "web.woff";
    write_file(woff, "wOFF" + std::string(60, '\0'));
    CHECK(mentions(check_font(woff), "WOFF"));
}

TEST_CASE("a truncated font is refused at every length", "[font_check]") {
    const std::string font = read_file(kTlwg + "Laksaman.ttf");
    REQUIRE(font.size() > 100000);
    TempDir dir;
    const auto cut = dir / "Laksaman-cut.ttf";
    for (const std::size_t length : {std::size_t{1}, std::size_t{4}, std::size_t{11}, std::size_t{12},
                                     std::size_t{100}, std::size_t{299}, std::size_t{300}, std::size_t{3000},
                                     std::size_t{6000}, font.size() / 2, font.size() - 1000, font.size() - 1}) {
        INFO("cut at " << length << " of " << font.size() << " bytes");
        write_file(cut, font.substr(0, length));
        const FontReport report = check_font(cut);
        CHECK_FALSE(report.ok);
        CHECK_FALSE(report.problems.empty());
        CHECK(all_name(report, cut.string()));
    }
    write_file(cut, font.substr(0, font.size() / 2));
    CHECK(mentions(check_font(cut), "truncated or damaged: table 'glyf' ends at byte"));
}

TEST_CASE("a font with damaged outlines is refused", "[font_check]") {
    std::string font = read_file(kTlwg + "Laksaman.ttf");
    const auto [glyf, length] = find_table(font, "glyf");
    std::fill(font.begin() + static_cast<std::ptrdiff_t>(glyf),
              font.begin() + static_cast<std::ptrdiff_t>(glyf + length), '\xFF');
    TempDir dir;
    const auto bad = dir / "Laksaman-garbage.ttf";
    write_file(bad, font);
    const FontReport report = check_font(bad);
    CHECK_FALSE(report.ok);
    CHECK(all_name(report, bad.string()));
    CHECK(mentions(report, "is damaged: the glyphs for"));
}

TEST_CASE("a font without the PUA variants is refused", "[font_check]") {
    // Laksaman maps U+F700–U+F720 with one cmap format 4 segment; moving that segment's glyph
    // ids past the end of the font unmaps the variants and leaves everything else alone.
    std::string font = read_file(kTlwg + "Laksaman.ttf");
    const std::size_t cmap = find_table(font, "cmap").first;
    std::size_t patched = 0;
    for (std::size_t i = 0; i < be16(font, cmap + 2); ++i) {
        const std::size_t sub = cmap + be32(font, cmap + 4 + 8 * i + 4);
        if (be16(font, sub) != 4) continue;
        const std::size_t segments = be16(font, sub + 6) / 2;
        for (std::size_t s = 0; s < segments; ++s) {
            const std::size_t start_at = sub + 16 + 2 * segments + 2 * s;
            if (be16(font, start_at) != 0xF700) continue;
            const std::size_t delta_at = sub + 16 + 4 * segments + 2 * s;
            font[delta_at] = '\x08';  // idDelta 0x0800: U+F700 -> glyph 0xFF00, beyond the font
            font[delta_at + 1] = '\x00';
            ++patched;
        }
    }
    REQUIRE(patched > 0);
    TempDir dir;
    const auto file = dir / "NoVariants.ttf";
    write_file(file, font);
    const FontReport report = check_font(file);
    CHECK_FALSE(report.ok);
    CHECK(report.family == "Laksaman");
    REQUIRE(report.problems.size() == 1);
    CHECK(mentions(report, "lacks the Thai display variants U+F700\u2013U+F71A (27 code points)"));
    CHECK(mentions(report, "Laksaman (fonts-tlwg-laksaman-ttf)"));
}

TEST_CASE("required code points and glyph ranges", "[font_check]") {
    const auto required = required_codepoints();
    CHECK(required.size() == 95 + 58 + 16 + 10 + 27);
    CHECK(std::is_sorted(required.begin(), required.end()));
    CHECK(std::count(required.begin(), required.end(), 0xF71Au) == 1);
    CHECK(std::count(required.begin(), required.end(), 0x0E48u) == 1);

    const auto base = glyph_ranges_for("");
    CHECK(std::is_sorted(base.begin(), base.end()));
    CHECK(std::adjacent_find(base.begin(), base.end()) == base.end());
    for (const auto cp : required) CHECK(std::binary_search(base.begin(), base.end(), static_cast<char32_t>(cp)));
    CHECK(std::binary_search(base.begin(), base.end(), char32_t{0x0E5B}));  // the whole block
    CHECK_FALSE(std::binary_search(base.begin(), base.end(), char32_t{0x0E3B}));  // unassigned
    CHECK(base.size() == 95 + 87 + 27);

    const auto survey = glyph_ranges_for("ท่านพึงพอใจ — ñ €\n\t\U0001F600 \xFF");
    for (const char32_t c : {char32_t{0x2014}, char32_t{0xF1}, char32_t{0x20AC}, char32_t{0x1F600},
                             char32_t{0xFFFD}})
        CHECK(std::binary_search(survey.begin(), survey.end(), c));
    CHECK_FALSE(std::binary_search(survey.begin(), survey.end(), char32_t{'\n'}));
    CHECK_FALSE(std::binary_search(survey.begin(), survey.end(), char32_t{'\t'}));
    CHECK(survey.size() == base.size() + 5);
}
