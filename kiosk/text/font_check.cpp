// Font checks with FreeType, plus a bounds check of the sfnt table directory (font_check.h
// says why). FreeType handles are owned by unique_ptrs; the file is read into memory once,
// because both the directory check and FreeType need its bytes and fonts are small.
#include "text/font_check.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <type_traits>

#include "text/shaper.h"
#include "text/unicode.h"

namespace feedback::text {
namespace {

struct LibraryDeleter {
    void operator()(FT_Library library) const noexcept { FT_Done_FreeType(library); }
};
struct FaceDeleter {
    void operator()(FT_Face face) const noexcept { FT_Done_Face(face); }
};
using Library = std::unique_ptr<std::remove_pointer_t<FT_Library>, LibraryDeleter>;
using Face = std::unique_ptr<std::remove_pointer_t<FT_Face>, FaceDeleter>;

// Larger than any real font (Laksaman is ~200 KB, a full CJK font ~20 MB); protects the kiosk
// from being pointed at a disk image.
constexpr std::uintmax_t kMaxFontBytes = 64u * 1024 * 1024;

std::string hex(std::uint32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

// "U+0E01, U+0E05–U+0E08 and 3 more ranges": readable lists of what is missing.
std::string describe(const std::vector<std::uint32_t>& cps) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    for (const auto cp : cps) {
        if (!ranges.empty() && ranges.back().second + 1 == cp) ranges.back().second = cp;
        else ranges.emplace_back(cp, cp);
    }
    constexpr std::size_t kShown = 8;
    std::string out;
    for (std::size_t i = 0; i < ranges.size() && i < kShown; ++i) {
        if (i > 0) out += ", ";
        out += hex(ranges[i].first);
        if (ranges[i].second != ranges[i].first) out += "\u2013" + hex(ranges[i].second);
    }
    if (ranges.size() > kShown) out += " and " + std::to_string(ranges.size() - kShown) + " more ranges";
    return out + " (" + std::to_string(cps.size()) + " code point" + (cps.size() == 1 ? "" : "s") + ")";
}

std::uint32_t be32(const std::string& d, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(d[at])) << 24 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 1])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 2])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 3]));
}
std::uint32_t be16(const std::string& d, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(d[at])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(d[at + 1]));
}

// The sfnt header and table directory as stb_truetype reads them: every table it may touch
// must lie inside the file. Returns problems (empty when the directory is sound).
std::vector<std::string> check_sfnt_directory(const std::string& name, const std::string& data) {
    const auto problem = [&](const std::string& what) { return std::vector<std::string>{name + ": " + what}; };
    if (data.size() < 12) return problem("is too short to be a font (" + std::to_string(data.size()) + " bytes)");

    std::uint64_t sfnt = 0;
    const std::string tag = data.substr(0, 4);
    if (tag == "ttcf") {
        if (data.size() < 16 || be32(data, 8) == 0) return problem("is a damaged font collection");
        sfnt = be32(data, 12);
        if (sfnt + 12 > data.size()) return problem("is a truncated or damaged font collection");
    } else if (tag == "wOFF" || tag == "wOF2") {
        return problem("is a WOFF web font, which the kiosk cannot load: use the TTF or OTF file");
    } else if (tag != std::string("\0\1\0\0", 4) && tag != "true" && tag != "OTTO") {
        return problem("is not a TrueType or OpenType font");
    }

    const std::uint32_t tables = be16(data, static_cast<std::size_t>(sfnt) + 4);
    if (tables == 0 || sfnt + 12 + 16ull * tables > data.size())
        return problem("is truncated or damaged: its table directory does not fit in the file");
    std::vector<std::string> problems;
    std::vector<std::string> present;
    for (std::uint32_t i = 0; i < tables; ++i) {
        const auto rec = static_cast<std::size_t>(sfnt + 12 + 16ull * i);
        std::string table = data.substr(rec, 4);
        for (char& c : table)
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) c = '?';
        const std::uint64_t offset = be32(data, rec + 8), length = be32(data, rec + 12);
        if (offset + length > data.size())
            problems.push_back(name + ": is truncated or damaged: table '" + table + "' ends at byte " +
                               std::to_string(offset + length) + " of a " + std::to_string(data.size()) +
                               "-byte file");
        present.push_back(std::move(table));
    }
    const auto has = [&](const char* t) { return std::find(present.begin(), present.end(), t) != present.end(); };
    for (const char* required : {"cmap", "head", "hhea", "hmtx"})
        if (!has(required)) problems.push_back(name + ": has no '" + required + "' table, which the kiosk needs");
    if (!(has("glyf") && has("loca")) && !has("CFF "))
        problems.push_back(name + ": has no glyph outlines ('glyf'/'loca' or 'CFF ' table)");
    return problems;
}

bool is_thai_mark_needing_zero_advance(std::uint32_t cp) {
    return cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E) ||
           is_pua_mark(static_cast<char32_t>(cp));
}

}  // namespace

std::vector<std::uint32_t> required_codepoints() {
    std::vector<std::uint32_t> cps;
    for (std::uint32_t c = 0x20; c <= 0x7E; ++c) cps.push_back(c);
    for (std::uint32_t c = 0x0E01; c <= 0x0E3A; ++c) cps.push_back(c);
    for (std::uint32_t c = 0x0E3F; c <= 0x0E4E; ++c) cps.push_back(c);
    for (std::uint32_t c = 0x0E50; c <= 0x0E59; ++c) cps.push_back(c);
    for (std::uint32_t c = 0xF700; c <= 0xF71A; ++c) cps.push_back(c);
    return cps;
}

std::filesystem::path default_thai_font() { return FEEDBACK_DEFAULT_FONT; }  // fonts/CMakeLists.txt

FontReport check_font(const std::filesystem::path& file) {
    FontReport report;
    const std::string name = file.string();
    const auto fail = [&](const std::string& what) {
        report.problems.push_back(name + ": " + what);
        return report;
    };

    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (ec || !std::filesystem::exists(status)) return fail("cannot be read: no such file");
    if (std::filesystem::is_directory(status)) return fail("is a directory, not a font file");
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return fail("cannot be read: " + ec.message());
    if (size > kMaxFontBytes) return fail("is " + std::to_string(size) + " bytes, too large to be a font");

    std::string data;
    {
        std::ifstream in(file, std::ios::binary);
        if (!in) return fail(std::string("cannot be read: ") + std::strerror(errno));
        data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad()) return fail("cannot be read: I/O error");
    }

    report.problems = check_sfnt_directory(name, data);
    if (!report.problems.empty()) return report;  // FreeType's view would only repeat it

    FT_Library raw_library = nullptr;
    if (FT_Init_FreeType(&raw_library) != 0) return fail("cannot be checked: FreeType failed to start");
    const Library library(raw_library);
    FT_Face raw_face = nullptr;
    const FT_Error open_error =
        FT_New_Memory_Face(library.get(), reinterpret_cast<const FT_Byte*>(data.data()),
                           static_cast<FT_Long>(data.size()), 0, &raw_face);
    if (open_error != 0)
        return fail("is not a font FreeType can read (FreeType error " + std::to_string(open_error) + ")");
    const Face face(raw_face);
    if (face->family_name) report.family = face->family_name;
    if (FT_Select_Charmap(face.get(), FT_ENCODING_UNICODE) != 0) return fail("has no Unicode character map");

    std::vector<std::uint32_t> missing_pua, missing_thai, missing_ascii, damaged, wide_marks;
    for (const std::uint32_t cp : required_codepoints()) {
        const FT_UInt glyph = FT_Get_Char_Index(face.get(), cp);
        if (glyph == 0) {
            (cp >= 0xF700 ? missing_pua : cp >= 0x0E00 ? missing_thai : missing_ascii).push_back(cp);
            continue;
        }
        // Loading the outline, not just the metrics, is what finds a damaged glyph table.
        if (FT_Load_Glyph(face.get(), glyph, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0) {
            damaged.push_back(cp);
            continue;
        }
        if (is_thai_mark_needing_zero_advance(cp) && face->glyph->advance.x != 0) wide_marks.push_back(cp);
    }

    if (!missing_pua.empty())
        report.problems.push_back(name + ": lacks the Thai display variants " + describe(missing_pua) +
                                  ": Thai tone marks and vowels would show as boxes; use a TLWG font "
                                  "such as Laksaman (fonts-tlwg-laksaman-ttf), Garuda or Loma");
    if (!missing_thai.empty())
        report.problems.push_back(name + ": lacks Thai characters " + describe(missing_thai));
    if (!missing_ascii.empty())
        report.problems.push_back(name + ": lacks Latin characters and digits " + describe(missing_ascii));
    if (!wide_marks.empty())
        report.problems.push_back(name + ": gives Thai combining marks a width " + describe(wide_marks) +
                                  ": they would be drawn beside their consonant instead of on it "
                                  "(a monospace font?)");
    if (!damaged.empty())
        report.problems.push_back(name + ": is damaged: the glyphs for " + describe(damaged) +
                                  " cannot be loaded");
    report.ok = report.problems.empty();
    return report;
}

std::vector<char32_t> glyph_ranges_for(std::string_view all_text_utf8) {
    std::vector<char32_t> cps;
    for (const std::uint32_t c : required_codepoints()) cps.push_back(static_cast<char32_t>(c));
    for (char32_t c = 0x0E01; c <= 0x0E5B; ++c)
        if (c < 0x0E3B || c > 0x0E3E) cps.push_back(c);  // the whole assigned Thai block
    const std::u32string text = decode_utf8(all_text_utf8);
    cps.insert(cps.end(), text.begin(), text.end());
    const std::u32string shaped = shape_thai(text);
    cps.insert(cps.end(), shaped.begin(), shaped.end());
    std::sort(cps.begin(), cps.end());
    cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
    std::erase_if(cps, [](char32_t c) { return is_control(c); });
    return cps;
}

}  // namespace feedback::text
