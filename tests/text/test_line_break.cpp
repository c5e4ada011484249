// Line breaking tests. Word boundaries are checked against libthai called directly (the
// reference), and the wrapping properties — lines concatenate to the input, no line starts
// with a mark, lines fit, and no line could have taken the next word — are checked on real
// Thai from the office's integrity plan at many widths.
#include <catch2/catch.hpp>
#include <thai/thbrk.h>
#include <thai/thwbrk.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "text/line_break.h"
#include "text/unicode.h"

using namespace feedback::text;

namespace {

// The measure the brief suggests: one unit per base character (marks take no room), which is
// what a proportional font does to a first approximation and is easy to reason about.
float bases(std::string_view s) {
    float n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const Decoded d = decode_at(s, i);
        if (!is_combining(d.cp)) n += 1;
        i += d.length;
    }
    return n;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// libthai's own boundaries for the whole string, as byte offsets.
std::set<std::size_t> libthai_boundaries(const std::string& utf8) {
    std::wstring wide;
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < utf8.size();) {
        const Decoded d = decode_at(utf8, i);
        wide.push_back(static_cast<wchar_t>(d.cp));
        offsets.push_back(i);
        i += d.length;
    }
    offsets.push_back(utf8.size());
    std::unique_ptr<ThBrk, void (*)(ThBrk*)> brk(th_brk_new(nullptr), th_brk_delete);
    REQUIRE(brk);
    std::vector<int> pos(wide.size() + 1);
    const int n = th_brk_wc_find_breaks(brk.get(), wide.c_str(), pos.data(), pos.size());
    std::set<std::size_t> out;
    for (int i = 0; i < n; ++i) out.insert(offsets[static_cast<std::size_t>(pos[i])]);
    return out;
}

// From the plan (../shared/context): Thai with spaces, digits, Latin and ๆ.
const std::string kPlan =
    "หน่วยงานของท่านได้ผลคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "ประจำปี 2564 จำนวน 97.98 คะแนน จากคะแนนเต็ม 100 คะแนน โดยมีผลการประเมินระดับ AA หมายถึง "
    "หน่วยงานสามารถดำเนินการได้ครบถ้วนตามตัวชี้วัดและหลักเกณฑ์การประเมิน ITA "
    "โดยสามารถบรรลุความสำเร็จในการเป็นหน่วยงานต้นแบบด้านคุณธรรมและความโปร่งใสให้แก่หน่วยงานอื่นๆ ได้";

// Whether byte `pos` lies inside a word (the text between two break opportunities) that is
// wider than `width` by itself: the only place a line may start off a break opportunity.
bool inside_overlong_word(const std::string& text, std::size_t pos, float width) {
    std::size_t begin = 0, end = text.size();
    for (const std::size_t o : break_opportunities(text)) {
        if (o <= pos) begin = o;
        if (o > pos) {
            end = o;
            break;
        }
    }
    return begin < pos && bases(trimmed(std::string_view(text).substr(begin, end - begin))) > width;
}

// Checks every property of a wrap; returns the line start offsets.
std::vector<std::size_t> check_wrap(const std::string& text, float width) {
    INFO("width " << width);
    const auto lines = wrap_lines(text, width, bases);
    std::string joined;
    std::vector<std::size_t> starts;
    for (const auto& line : lines) {
        starts.push_back(joined.size());
        joined += line;
        REQUIRE_FALSE(line.empty());
        CHECK_FALSE(is_combining(decode_at(line, 0).cp));
    }
    CHECK(joined == text);

    const auto opportunities = break_opportunities(text);
    const std::set<std::size_t> allowed(opportunities.begin(), opportunities.end());
    for (std::size_t k = 0; k < lines.size(); ++k) {
        INFO("line " << k << ": " << lines[k]);
        const bool overlong = k > 0 && allowed.count(starts[k]) == 0;
        if (overlong) CHECK(inside_overlong_word(text, starts[k], width));
        // A line that ends at a break opportunity fits (trailing spaces do not count).
        const bool ends_at_opportunity = k + 1 == lines.size() || allowed.count(starts[k + 1]) == 1;
        if (ends_at_opportunity && !overlong) CHECK(bases(trimmed(lines[k])) <= width);
        // Greedy: the next line's first word would not have fitted on this line.
        if (k + 1 < lines.size() && lines[k].back() != '\n') {
            std::size_t first_word_end = text.size();
            for (const std::size_t o : opportunities)
                if (o > starts[k + 1]) {
                    first_word_end = o;
                    break;
                }
            const std::string with_next = text.substr(starts[k], first_word_end - starts[k]);
            CHECK(bases(trimmed(with_next)) > width);
        }
    }
    return starts;
}

}  // namespace

TEST_CASE("Thai breaks fall on libthai's word boundaries", "[line_break]") {
    const auto reference = libthai_boundaries(kPlan);
    const auto ours = break_opportunities(kPlan);
    REQUIRE(ours.size() > 40);  // a 230-character sentence has many words
    for (const std::size_t o : ours) {
        INFO("offset " << o << ": ..." << kPlan.substr(o, 30));
        CHECK(reference.count(o) == 1);
    }
    // And we drop none of libthai's word boundaries inside the Thai runs, except before ๆ
    // (which belongs to the word before it).
    std::set<std::size_t> ours_set(ours.begin(), ours.end());
    for (const std::size_t r : reference) {
        if (kPlan.compare(r, 3, "ๆ") == 0) continue;
        INFO("libthai boundary " << r << ": ..." << kPlan.substr(r, 30));
        CHECK(ours_set.count(r) == 1);
    }
}

TEST_CASE("wrapping a long Thai sentence at many widths", "[line_break]") {
    const auto reference = libthai_boundaries(kPlan);
    for (const float width : {6.0f, 8.0f, 10.0f, 13.0f, 17.0f, 25.0f, 40.0f, 80.0f, 1000.0f}) {
        const auto starts = check_wrap(kPlan, width);
        for (std::size_t k = 1; k < starts.size(); ++k) {
            INFO("width " << width << ", line " << k);
            // Every break is a libthai word boundary, except inside a word wider than the line
            // (at the narrow widths only: no word of this sentence is 13 bases wide).
            if (width >= 13.0f) CHECK(reference.count(starts[k]) == 1);
            else CHECK((reference.count(starts[k]) == 1 || inside_overlong_word(kPlan, starts[k], width)));
        }
        if (width >= 80) CHECK(starts.size() <= 4);
    }
    CHECK(wrap_lines(kPlan, 1000.0f, bases) == std::vector<std::string>{kPlan});
}

TEST_CASE("mixed Thai, English and digits", "[line_break]") {
    const std::string text = "ร้อยละ80 ของผู้ตอบ ITA e-service 97.98 คะแนน (ทดสอบ) “ร่วมใจ” กรุงเทพฯ ฯลฯ ต่าง ๆ";
    const auto ops = break_opportunities(text);
    std::vector<std::string> pieces;
    std::size_t prev = 0;
    for (const std::size_t o : ops) {
        pieces.push_back(text.substr(prev, o - prev));
        prev = o;
    }
    pieces.push_back(text.substr(prev));
    // Hand-checked: spaces, the hyphen between letters and the Thai words; nothing inside a
    // number, between Thai and digits, after an opening bracket or quote, before ฯ or ๆ, or
    // inside ฯลฯ.
    const std::vector<std::string> expected = {"ร้อยละ80 ", "ของ", "ผู้", "ตอบ ", "ITA ", "e-",
                                               "service ", "97.98 ", "คะแนน ", "(ทดสอบ) ",
                                               "“ร่วมใจ” ", "กรุงเทพฯ ", "ฯลฯ ", "ต่าง ๆ"};
    CHECK(pieces == expected);
    for (const float width : {3.0f, 7.0f, 12.0f, 30.0f}) check_wrap(text, width);
}

TEST_CASE("newlines are mandatory breaks and stay on their line", "[line_break]") {
    const auto lines = wrap_lines("บรรทัดแรก\nบรรทัดสอง\r\n\nสาม\n", 100.0f, bases);
    CHECK(lines == std::vector<std::string>{"บรรทัดแรก\n", "บรรทัดสอง\r\n", "\n", "สาม\n", ""});
    CHECK(wrap_lines("", 10.0f, bases).empty());
    CHECK(wrap_lines("\n", 10.0f, bases) == std::vector<std::string>{"\n", ""});
}

TEST_CASE("a word wider than the line is split between clusters only", "[line_break]") {
    const std::string latin = "Pneumonoultramicroscopicsilicovolcanoconiosis ok";
    auto lines = wrap_lines(latin, 10.0f, bases);
    CHECK(lines == std::vector<std::string>{"Pneumonoul", "tramicrosc", "opicsilico", "volcanocon",
                                            "iosis ok"});
    // Thai: the marks stay with their consonant whatever the width.
    for (const float width : {1.0f, 2.0f, 3.0f}) check_wrap("เจ้าหน้าที่ผู้ใหญ่บ้าน", width);
    lines = wrap_lines("ที่น้ำ", 1.0f, bases);
    CHECK(lines == std::vector<std::string>{"ที่", "น้ำ"});  // ำ is part of its cluster too
    // A width no character fits in, or no width at all, still terminates: one cluster a line.
    CHECK(wrap_lines("กี่ab", 0.0f, bases) == std::vector<std::string>{"กี่", "a", "b"});
    CHECK(wrap_lines("กี่ ab", std::nanf(""), bases) == std::vector<std::string>{"กี่ ", "a", "b"});
    CHECK(wrap_lines("กี่ ab", -5.0f, bases).size() == 3);
}

TEST_CASE("invalid UTF-8 is kept byte for byte and never split", "[line_break]") {
    const std::string text = "ดี\xFF\xFEมาก \xE0\xB8 abc\xC3";
    for (const float width : {1.0f, 2.0f, 5.0f, 100.0f}) {
        std::string joined;
        for (const auto& line : wrap_lines(text, width, bases)) joined += line;
        CHECK(joined == text);
    }
    for (const std::size_t o : break_opportunities(text)) {
        CHECK(o > 0);
        CHECK(o < text.size());
        CHECK((static_cast<unsigned char>(text[o]) & 0xC0) != 0x80);  // not inside a sequence
    }
}

TEST_CASE("long Thai runs give the same boundaries as libthai in one call", "[line_break]") {
    // The plan's Thai letters only (no spaces, digits or Latin), repeated to 3,500 characters:
    // one Thai run, so the 1,024-character windows are exercised.
    std::u32string run;
    for (const char32_t c : decode_utf8(kPlan))
        if (c >= 0x0E01 && c <= 0x0E5B) run.push_back(c);
    std::string text;
    while (text.size() < 10500) text += encode_utf8(run);
    const auto reference = libthai_boundaries(text);
    const auto ours = break_opportunities(text);
    std::size_t agree = 0;
    for (const std::size_t o : ours) agree += reference.count(o);
    CHECK(agree == ours.size());                 // every break is one libthai makes
    CHECK(ours.size() == reference.size());      // and none is lost at window edges
}

TEST_CASE("benchmark: 1 MB strings wrap quickly", "[.][line_break][benchmark]") {
    const auto run = [](const char* what, const std::string& text) {
        const auto start = std::chrono::steady_clock::now();
        const auto lines = wrap_lines(text, 40.0f, bases);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::size_t total = 0;
        for (const auto& l : lines) total += l.size();
        CHECK(total == text.size());
        std::printf("line_break: %s, %.1f MB, %zu lines in %.0f ms\n", what,
                    static_cast<double>(text.size()) / (1024.0 * 1024.0), lines.size(), ms);
    };
    std::string thai, garbage, latin;
    while (thai.size() < 1024 * 1024) thai += kPlan + " ";
    while (garbage.size() < 1024 * 1024) garbage += "ก";  // no word libthai knows, no space
    latin.assign(1024 * 1024, 'a');
    run("plan text", thai);
    run("one unknown Thai 'word'", garbage);
    run("one Latin 'word'", latin);
}

namespace {

// Byte offsets of `utf8`'s break opportunities that fall strictly inside `part` (found in it).
std::vector<std::size_t> breaks_inside(const std::string& utf8, const std::string& part) {
    const auto at = utf8.find(part);
    REQUIRE(at != std::string::npos);
    std::vector<std::size_t> inside;
    for (const auto b : feedback::text::break_opportunities(utf8))
        if (b > at && b < at + part.size()) inside.push_back(b);
    return inside;
}

}  // namespace

TEST_CASE("the office's name, the survey's terms and abbreviations are never broken inside", "[line_break]") {
    using namespace feedback::text;
    const std::string office = "องค์การบริหารส่วนตำบลดงมูลเหล็ก";
    const std::string sentence = office + "ขอบคุณที่ใช้บริการ อบต.ของเรา ดูเว็บไซต์ได้ ฯลฯ";
    // libthai's own dictionary breaks inside all of these (issue 16) — the test means something.
    use_default_dictionary();
    CHECK_FALSE(breaks_inside(sentence, "ดงมูลเหล็ก").empty());
    CHECK_FALSE(breaks_inside(sentence, "อบต.").empty());
    CHECK_FALSE(breaks_inside(sentence, "เว็บไซต์").empty());
    CHECK_FALSE(breaks_inside("ติดต่อสำนักปลัด", "สำนักปลัด").empty());

    // A survey term (a service point's name) is kept whole; a whole sentence is not a term.
    REQUIRE(keep_words_whole({office}, {"สำนักปลัด"}) == "");
    CHECK(breaks_inside(sentence, "ดงมูลเหล็ก").empty());
    CHECK(breaks_inside(sentence, "อบต.").empty());
    CHECK(breaks_inside(sentence, "เว็บไซต์").empty());
    CHECK(breaks_inside(sentence, "ฯลฯ").empty());
    CHECK(breaks_inside("ติดต่อสำนักปลัด", "สำนักปลัด").empty());
    // The kind of office still breaks from the place: a long name can wrap between them.
    const auto all = break_opportunities(office);
    CHECK(std::find(all.begin(), all.end(), office.find("ดงมูลเหล็ก")) != all.end());
    // Wrapping a narrow column never cuts the name's place.
    const auto lines = wrap_lines(office, 12, [](std::string_view s) { return static_cast<float>(s.size()) / 3; });
    bool whole = false;
    for (const auto& line : lines) whole |= line.find("ดงมูลเหล็ก") != std::string::npos;
    CHECK(whole);
    use_default_dictionary();
}
