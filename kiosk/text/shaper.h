// Thai display shaping into the font's private-use glyph variants (DESIGN.md §4).
//
// Why it exists: Dear ImGui draws one glyph per code point at the pen position and never moves
// a mark. Thai stacks marks above and below its consonants, and the right position depends on
// the neighbours (a tone mark sits lower when there is no upper vowel, marks shift left over
// ป ฝ ฟ, ญ and ฐ lose their tail above a lower vowel, ฎ and ฏ push lower vowels down). Fonts
// of the Thai tradition carry pre-positioned variants of those glyphs at U+F700–U+F71A, so a
// string rewritten to use them draws correctly with no shaping engine at all.
//
// Design:
//  * Data stays logical Unicode everywhere. Only the string handed to the renderer is shaped;
//    anything read back from the screen goes through unshape first.
//  * The output is defined by HarfBuzz's PUA fallback (the vectors in
//    tests/data/pua-shaping-vectors.tsv), because that is what every other program on the
//    same font shows. libthai's th_render_text_win() does the work for every cluster it accepts
//    as valid Thai. Where libthai and HarfBuzz differ the vectors win, and those clusters are
//    shaped by shape_thai_rules() instead:
//      - clusters libthai calls invalid (it inserts a blank base, e.g. ั + ์, ํ + tone,
//        ฺ + tone, ู + ์) are shaped as HarfBuzz does, without any inserted glyph;
//      - ฤ and ฦ are consonants to HarfBuzz (marks attach normally), not to libthai;
//      - ฬ is not an ascender consonant to HarfBuzz (no left shift), but is to libthai.
//    Over every consonant with up to three marks the two then differ in nine clusters only,
//    none in the vectors: ป ฝ ฟ + upper vowel + a second upper mark (ปิํ, ปี็, ปื็ …), where
//    libthai shifts the second mark left too, keeping it above the shifted vowel instead of
//    over the ascender. There libthai's placement is kept.
//  * Text outside the Thai block passes through unchanged; so do stray Thai marks (no dotted
//    circle is inserted, so unshape(shape(x)) == x holds for any input).
//  * Invalid UTF-8 becomes U+FFFD (unicode.h's policy), so the screen shows that something
//    was wrong instead of dropping it.
//
// Thread-safe; no state.
#pragma once

#include <string>
#include <string_view>

namespace feedback::text {

// Logical Thai (any text) -> display code points using U+F700–U+F71A where positioning needs
// them. SARA AM is decomposed into NIKHAHIT + SARA AA with the nikhahit moved before the tone
// mark, as the fonts expect.
std::u32string shape_thai(std::u32string_view logical);

// The same, on UTF-8.
std::string shape_utf8(std::string_view logical_utf8);

// Display -> logical: maps every PUA variant back to its logical code point and recomposes
// NIKHAHIT (+ above marks) + SARA AA into (above marks +) SARA AM. The one ambiguity: a
// logical "ํา" (nikhahit then sara aa, a misspelling of ำ that looks identical) reads back as
// ำ. Everything else round-trips exactly.
std::u32string unshape_thai(std::u32string_view display);
std::string unshape_utf8(std::string_view display_utf8);

// The HarfBuzz PUA-fallback rules on their own, without libthai. shape_thai() uses them for
// the clusters libthai rejects; they are public so tests can show that both agree on every
// cluster libthai accepts (and so a reader can see the rules in one place).
std::u32string shape_thai_rules(std::u32string_view logical);

}  // namespace feedback::text
