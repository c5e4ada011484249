// Thai PUA shaping: libthai for valid clusters, HarfBuzz's fallback rules for the rest.
//
// Why two paths: libthai's th_render_text_win() is the long-standing, WTT-aware implementation
// of exactly this glyph scheme and is what the design asks for; but where it and HarfBuzz
// disagree (clusters that are not valid Thai, and the classification of ฤ ฦ ฬ) the vectors
// follow HarfBuzz, because that is what the rest of the desktop shows. shaper.h lists the
// differences. Each cluster (a base plus its following Thai marks) goes to libthai first; if
// libthai inserts a blank base, or the base is one of the letters the two classify
// differently, the cluster is shaped by the rules below instead. tests/text/test_shaper.cpp
// checks every vector line and that both paths agree on every cluster libthai accepts.
//
// libthai works in TIS-620 (its wide-character rendering header thwrend.h does not compile on
// Debian 12), so each cluster is converted with th_uni2tis() and the Windows glyph codes are
// converted back with libthai's own th_winthai2uni(), which maps 0x80–0x84, 0x86–0x8A,
// 0x8B–0x8F, 0x90, 0x98–0x9F to U+F700–F704, F705–F709, F70A–F70E, F70F, F710–F717 and
// 0xFC–0xFE to U+F718–F71A (the lowered below vowels under ฎ ฏ) — the table in DESIGN.md §4.
#include "text/shaper.h"

#include <thai/thrend.h>
#include <thai/thwchar.h>

#include <array>

#include "text/unicode.h"

namespace feedback::text {
namespace {

// ---- HarfBuzz's PUA fallback, restated -------------------------------------------------------
// Two small state machines walk the marks after each base: one for the upper stack (does a
// tone mark have an upper vowel under it? does the base have an ascender?) and one for the
// lower stack (does the base have a descender that is in the way?).

enum class Consonant { Normal, Ascender, RemovableDescender, Descender, None };
enum class Mark { Above, Below, Tone, None };
enum class Action { Keep, ShiftDown, ShiftLeft, ShiftDownLeft, RemoveDescender };

Consonant consonant_class(char32_t c) {
    switch (c) {
        case 0x0E1B: case 0x0E1D: case 0x0E1F: return Consonant::Ascender;            // ป ฝ ฟ
        case 0x0E0D: case 0x0E10: return Consonant::RemovableDescender;               // ญ ฐ
        case 0x0E0E: case 0x0E0F: return Consonant::Descender;                        // ฎ ฏ
        default: return is_thai_consonant(c) ? Consonant::Normal : Consonant::None;   // incl. ฤ ฦ ฬ
    }
}

Mark mark_class(char32_t c) {
    if (c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E37) || c == 0x0E47 || c == 0x0E4D || c == 0x0E4E)
        return Mark::Above;
    if (c >= 0x0E38 && c <= 0x0E3A) return Mark::Below;
    if (c >= 0x0E48 && c <= 0x0E4C) return Mark::Tone;
    return Mark::None;
}

// The marks SARA AM's nikhahit moves in front of (it belongs under the tone mark).
bool is_above_base_mark(char32_t c) {
    return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E37) || (c >= 0x0E47 && c <= 0x0E4E);
}

struct Edge {
    Action action;
    int next;
};

// Upper stack. States: 0 = normal base, nothing above yet; 1 = ascender base, nothing above
// yet; 2 = ascender base with a (left-shifted) upper vowel; 3 = nothing more to adjust.
constexpr int kAboveStart[] = {0, 1, 0, 0, 3};  // by Consonant
constexpr Edge kAbove[4][3] = {
    //  Above                        Below                   Tone
    {{Action::Keep, 3},       {Action::Keep, 0}, {Action::ShiftDown, 3}},
    {{Action::ShiftLeft, 2},  {Action::Keep, 1}, {Action::ShiftDownLeft, 2}},
    {{Action::Keep, 3},       {Action::Keep, 2}, {Action::ShiftLeft, 3}},
    {{Action::Keep, 3},       {Action::Keep, 3}, {Action::Keep, 3}},
};

// Lower stack. States: 0 = base without descender; 1 = base whose descender can be removed;
// 2 = base whose descender stays (lower vowels move down), or a lower vowel already placed.
constexpr int kBelowStart[] = {0, 0, 1, 2, 2};  // by Consonant
constexpr Edge kBelow[3][3] = {
    //  Above              Below                          Tone
    {{Action::Keep, 0}, {Action::Keep, 2},            {Action::Keep, 0}},
    {{Action::Keep, 1}, {Action::RemoveDescender, 2}, {Action::Keep, 1}},
    {{Action::Keep, 2}, {Action::ShiftDown, 2},       {Action::Keep, 2}},
};

char32_t variant(char32_t c, Action action) {
    const bool tone = c >= 0x0E48 && c <= 0x0E4C;
    switch (action) {
        case Action::ShiftDown:
            if (tone) return 0xF70A + (c - 0x0E48);
            if (c >= 0x0E38 && c <= 0x0E3A) return 0xF718 + (c - 0x0E38);
            break;
        case Action::ShiftDownLeft:
            if (tone) return 0xF705 + (c - 0x0E48);
            break;
        case Action::ShiftLeft:
            if (tone) return 0xF713 + (c - 0x0E48);
            if (c == 0x0E31) return 0xF710;
            if (c >= 0x0E34 && c <= 0x0E37) return 0xF701 + (c - 0x0E34);
            if (c == 0x0E47) return 0xF712;
            if (c == 0x0E4D) return 0xF711;
            break;
        case Action::RemoveDescender:
            if (c == 0x0E0D) return 0xF70F;
            if (c == 0x0E10) return 0xF700;
            break;
        case Action::Keep:
            break;
    }
    return c;  // no variant exists (e.g. yamakkan shifted left): the plain glyph is the best
}

// Appends the shaped form of `cluster` (a base and its marks, or leading stray marks).
void shape_cluster_rules(std::u32string_view cluster, std::u32string& out) {
    const std::size_t first = out.size();
    for (const char32_t c : cluster) {
        if (c != 0x0E33) {
            out.push_back(c);
            continue;
        }
        // SARA AM = NIKHAHIT + SARA AA; the nikhahit goes before the tone marks already written.
        std::size_t at = out.size();
        while (at > first && is_above_base_mark(out[at - 1])) --at;
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(at), char32_t{0x0E4D});
        out.push_back(0x0E32);
    }

    std::size_t base = first;
    int above = kAboveStart[static_cast<int>(Consonant::None)];
    int below = kBelowStart[static_cast<int>(Consonant::None)];
    for (std::size_t i = first; i < out.size(); ++i) {
        const Mark mark = mark_class(out[i]);
        if (mark == Mark::None) {  // a new base (also SARA AA after a decomposed SARA AM)
            const int cls = static_cast<int>(consonant_class(out[i]));
            above = kAboveStart[cls];
            below = kBelowStart[cls];
            base = i;
            continue;
        }
        const Edge a = kAbove[above][static_cast<int>(mark)];
        const Edge b = kBelow[below][static_cast<int>(mark)];
        above = a.next;
        below = b.next;
        const Action action = a.action != Action::Keep ? a.action : b.action;
        if (action == Action::RemoveDescender)
            out[base] = variant(out[base], action);
        else
            out[i] = variant(out[i], action);
    }
}

// ---- libthai ---------------------------------------------------------------------------------

// A valid Thai cluster is a base and at most three marks; anything longer is not Thai that
// libthai would accept, and bounding it keeps the fixed buffers below safe.
constexpr std::size_t kMaxLibthaiCluster = 6;

// Appends libthai's rendering of `cluster` and returns true, or returns false (appending
// nothing) when the cluster must be shaped by the rules instead.
bool shape_cluster_libthai(std::u32string_view cluster, std::u32string& out) {
    if (cluster.size() > kMaxLibthaiCluster) return false;
    const char32_t base = cluster.front();
    // ฤ ฦ: libthai treats them as vowels that take no marks; ฬ: libthai shifts its marks left.
    if (!is_thai_consonant(base) || base == 0x0E24 || base == 0x0E26 || base == 0x0E2C) return false;

    std::array<thchar_t, kMaxLibthaiCluster + 1> tis{};
    for (std::size_t i = 0; i < cluster.size(); ++i) {
        const thchar_t t = th_uni2tis(static_cast<thwchar_t>(cluster[i]));
        if (t == THCHAR_ERR || t == 0) return false;
        tis[i] = t;
    }
    // Each input may gain a blank base; SARA AM becomes two glyphs.
    std::array<thglyph_t, 4 * kMaxLibthaiCluster> glyphs{};
    const int n = th_render_text_win(tis.data(), glyphs.data(), glyphs.size(), 1);
    if (n <= 0 || static_cast<std::size_t>(n) > glyphs.size()) return false;

    std::array<char32_t, 4 * kMaxLibthaiCluster> shaped{};
    for (int i = 0; i < n; ++i) {
        const thglyph_t g = glyphs[static_cast<std::size_t>(i)];
        if (g == TH_BLANK_BASE_GLYPH) return false;  // libthai calls the cluster invalid
        const thwchar_t wc = th_winthai2uni(g);
        const auto cp = static_cast<char32_t>(wc);
        if (wc == THWCHAR_ERR || !((cp >= 0x0E01 && cp <= 0x0E5B) || (cp >= 0xF700 && cp <= 0xF71A)))
            return false;  // never seen; refuse anything outside the documented glyph set
        shaped[static_cast<std::size_t>(i)] = cp;
    }
    out.append(shaped.data(), static_cast<std::size_t>(n));
    return true;
}

// Calls f(cluster) for each base + following Thai marks; leading marks form their own cluster.
template <typename F>
void for_each_cluster(std::u32string_view text, F&& f) {
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = i + 1;
        while (end < text.size() && is_thai_cluster_mark(text[end])) ++end;
        f(text.substr(i, end - i));
        i = end;
    }
}

char32_t logical_of(char32_t c) {
    if (c < 0xF700 || c > 0xF71A) return c;
    if (c == 0xF700) return 0x0E10;
    if (c <= 0xF704) return 0x0E34 + (c - 0xF701);
    if (c <= 0xF709) return 0x0E48 + (c - 0xF705);
    if (c <= 0xF70E) return 0x0E48 + (c - 0xF70A);
    if (c == 0xF70F) return 0x0E0D;
    if (c == 0xF710) return 0x0E31;
    if (c == 0xF711) return 0x0E4D;
    if (c == 0xF712) return 0x0E47;
    if (c <= 0xF717) return 0x0E48 + (c - 0xF713);
    return 0x0E38 + (c - 0xF718);
}

}  // namespace

std::u32string shape_thai_rules(std::u32string_view logical) {
    std::u32string out;
    out.reserve(logical.size() + logical.size() / 8);
    for_each_cluster(logical, [&](std::u32string_view cluster) { shape_cluster_rules(cluster, out); });
    return out;
}

std::u32string shape_thai(std::u32string_view logical) {
    std::u32string out;
    out.reserve(logical.size() + logical.size() / 8);
    for_each_cluster(logical, [&](std::u32string_view cluster) {
        if (cluster.size() == 1 && !is_thai_cluster_mark(cluster.front())) {
            out.push_back(cluster.front());  // nothing to position
        } else if (!shape_cluster_libthai(cluster, out)) {
            shape_cluster_rules(cluster, out);
        }
    });
    return out;
}

std::u32string unshape_thai(std::u32string_view display) {
    std::u32string logical;
    logical.reserve(display.size());
    for (const char32_t c : display) logical.push_back(logical_of(c));

    // Recompose NIKHAHIT, above marks, SARA AA -> above marks, SARA AM (the inverse of the
    // decomposition in shape_cluster_rules and in libthai with is_decomp_am).
    std::u32string out;
    out.reserve(logical.size());
    for (std::size_t i = 0; i < logical.size(); ++i) {
        if (logical[i] == 0x0E4D) {
            std::size_t j = i + 1;
            while (j < logical.size() && is_above_base_mark(logical[j])) ++j;
            if (j < logical.size() && logical[j] == 0x0E32) {
                out.append(logical, i + 1, j - (i + 1));
                out.push_back(0x0E33);
                i = j;
                continue;
            }
        }
        out.push_back(logical[i]);
    }
    return out;
}

std::string shape_utf8(std::string_view logical_utf8) {
    return encode_utf8(shape_thai(decode_utf8(logical_utf8)));
}

std::string unshape_utf8(std::string_view display_utf8) {
    return encode_utf8(unshape_thai(decode_utf8(display_utf8)));
}

}  // namespace feedback::text
