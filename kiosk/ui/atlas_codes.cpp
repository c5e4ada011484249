#include "ui/atlas_codes.h"

namespace feedback::ui {

std::string atlas_text(std::string_view display_utf8) {
    // U+F700–U+F71A is EF 9C 80 – EF 9C 9A in UTF-8; U+0E60–U+0E7A is E0 B9 A0 – E0 B9 BA.
    // Both are three bytes, so the rewrite is in place, byte for byte, and a string without
    // variants (all Latin text, most Thai) is copied untouched.
    std::string out(display_utf8);
    for (std::size_t i = 0; i + 2 < out.size(); ++i) {
        const auto b1 = static_cast<unsigned char>(out[i + 1]), b2 = static_cast<unsigned char>(out[i + 2]);
        if (static_cast<unsigned char>(out[i]) != 0xEF || b1 != 0x9C || b2 < 0x80 || b2 > 0x9A) continue;
        const char32_t code = atlas_code(0xF700 + (b2 - 0x80));
        out[i] = static_cast<char>(0xE0 | (code >> 12));
        out[i + 1] = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out[i + 2] = static_cast<char>(0x80 | (code & 0x3F));
        i += 2;
    }
    return out;
}

}  // namespace feedback::ui
