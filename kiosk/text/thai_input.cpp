// WTT 2.0 keyboard rules on top of libthai (thai_input.h explains the choices).
//
// libthai speaks TIS-620, one byte per Thai character, so the few characters that matter (the
// key and the cell before it) are converted with th_uni2tis(); anything outside TIS-620 is
// not Thai and is given to libthai as a neutral non-Thai character.
#include "text/thai_input.h"

#include <thai/thcell.h>
#include <thai/thinp.h>
#include <thai/thwchar.h>

#include <algorithm>
#include <array>

#include "text/unicode.h"

namespace feedback::text {
namespace {

constexpr thstrict_t kStrictness = ISC_STRICT;

// A TIS-620 stand-in for a non-Thai character: WTT treats every non-Thai character alike.
constexpr thchar_t kNonThai = 'a';

bool is_thai_tis(thchar_t t) { return t >= 0xA1 && t != THCHAR_ERR; }

thchar_t to_tis(char32_t c) {
    if (c == 0) return 0;  // start of text
    const thchar_t t = th_uni2tis(static_cast<thwchar_t>(c));
    return is_thai_tis(t) ? t : kNonThai;
}

// Characters a person can never mean to type into a field.
bool typable(char32_t c) {
    if (is_control(c) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
    if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE) return false;  // noncharacters
    if (c >= 0xF700 && c <= 0xF71A) return false;  // display-only glyph variants (shaper.h)
    return c != kReplacementChar;
}

bool accepts_after(char32_t prev, char32_t next) {
    if (!typable(next)) return false;
    const thchar_t t = th_uni2tis(static_cast<thwchar_t>(next));
    if (!is_thai_tis(t)) return true;  // WTT only constrains Thai characters
    return th_isaccept(to_tis(prev), t, kStrictness) != 0;
}

}  // namespace

bool accepts(std::string_view text_before_utf8, char32_t next) {
    const std::u32string before = decode_utf8(text_before_utf8);
    return accepts_after(before.empty() ? 0 : before.back(), next);
}

std::string apply_key(std::string_view text_utf8, char32_t key, std::size_t max_chars) {
    std::u32string text = decode_utf8(text_utf8);
    if (text.size() >= max_chars || !typable(key)) return encode_utf8(text);
    if (accepts_after(text.empty() ? 0 : text.back(), key)) {
        text.push_back(key);
        return encode_utf8(text);
    }

    // Not acceptable as typed: ask libthai whether reordering the last cell makes it so.
    const thchar_t key_tis = th_uni2tis(static_cast<thwchar_t>(key));
    if (!is_thai_tis(key_tis) || text.empty()) return encode_utf8(text);
    std::array<thchar_t, 5> tail{};  // a cell is at most 3 characters; +1 for context, +1 NUL
    const std::size_t tail_len = std::min<std::size_t>(text.size(), tail.size() - 1);
    for (std::size_t i = 0; i < tail_len; ++i) tail[i] = to_tis(text[text.size() - tail_len + i]);
    thcell_t cell{};
    th_init_cell(&cell);
    th_prev_cell(tail.data(), tail_len, &cell, 0);
    thinpconv_t conv{};
    if (!th_validate_leveled(cell, key_tis, &conv, kStrictness) || conv.offset >= 0 ||
        static_cast<std::size_t>(-conv.offset) > tail_len)
        return encode_utf8(text);

    // Accept only a permutation of (replaced characters + key): never drop what was typed.
    const auto replaced = static_cast<std::size_t>(-conv.offset);
    std::u32string before(text.end() - static_cast<std::ptrdiff_t>(replaced), text.end());
    before.push_back(key);
    std::u32string after;
    for (std::size_t i = 0; i < sizeof conv.conv && conv.conv[i] != 0; ++i)
        after.push_back(static_cast<char32_t>(th_tis2uni(conv.conv[i])));
    std::u32string a = before, b = after;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a != b) return encode_utf8(text);
    text.resize(text.size() - replaced);
    text += after;
    return encode_utf8(text);
}

std::string backspace(std::string_view text_utf8) {
    std::u32string text = decode_utf8(text_utf8);
    if (!text.empty()) text.pop_back();
    return encode_utf8(text);
}

std::size_t count_chars(std::string_view text_utf8) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text_utf8.size(); i += decode_at(text_utf8, i).length) ++count;
    return count;
}

}  // namespace feedback::text
