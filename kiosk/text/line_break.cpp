// Word-boundary line breaking: libthai for Thai runs, a small UAX #14 subset for the rest,
// and a greedy wrapper on top (line_break.h says why and what).
//
// Shape of the code: decode once into code points with their byte offsets, mark allowed breaks
// per character index, then translate back to byte offsets. Working per character keeps every
// rule a comparison of two neighbours, and keeps invalid UTF-8 (one U+FFFD per invalid
// sequence, with its real byte length) from ever being split.
//
// wrap_lines assumes widths add up over break segments (width(a+b) == width(a) + width(b)),
// which holds for ImGui (it does not kern). That lets it measure each segment once instead of
// re-measuring the growing line, so wrapping is linear in the text length.
#include "text/line_break.h"

#include <datrie/trie.h>
#include <thai/thbrk.h>
#include <thai/thwbrk.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>

#include "text/thai_input.h"
#include "text/unicode.h"

namespace feedback::text {
namespace {

struct BreakerDeleter {
    void operator()(ThBrk* brk) const noexcept { th_brk_delete(brk); }
};

// Loading the dictionary costs milliseconds, so there is one breaker for the process. libthai
// does not document ThBrk as safe for concurrent use; the mutex makes it so.
struct Breaker {
    std::mutex mutex;
    std::unique_ptr<ThBrk, BreakerDeleter> brk{th_brk_new(nullptr)};
};

Breaker& breaker() {
    static Breaker instance;
    return instance;
}

// libthai's breaker is superlinear on long runs it cannot segment; see line_break.h.
constexpr std::size_t kThaiWindow = 1024;

// Thai letters, vowels, marks, digits and punctuation that libthai understands (TIS-620).
bool is_thai_run_char(char32_t c) { return (c >= 0x0E01 && c <= 0x0E3A) || (c >= 0x0E3F && c <= 0x0E5B); }

bool is_newline(char32_t c) { return c == U'\n' || c == U'\r' || c == 0x2028 || c == 0x2029; }

// Breakable spaces (Zs without the no-break ones: U+00A0, U+2007, U+202F) and tab.
bool is_space(char32_t c) {
    return c == U' ' || c == U'\t' || c == 0x1680 || (c >= 0x2000 && c <= 0x2006) ||
           (c >= 0x2008 && c <= 0x200A) || c == 0x205F || c == 0x3000;
}

bool is_letter(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x0E01 && c <= 0x0E4E);
}

bool is_hyphen(char32_t c) { return c == U'-' || c == 0x2010 || c == 0x2013 || c == 0x2014; }

// Whether a line may not start at character i although a rule allowed it: never before a
// combining mark; never before MAI YAMOK (ๆ, "repeat the previous word" — it belongs to that
// word even when written after a space, as the Royal Institute spells "ต่าง ๆ"); never before
// PAIYANNOI (ฯ, abbreviation) unless it follows a space (then it starts ฯลฯ, "etc."); and
// never inside ฯลฯ, which libthai splits.
bool no_line_start(const std::u32string& cps, std::size_t i) {
    const char32_t prev = cps[i - 1], cur = cps[i];
    if (is_combining(cur) || cur == 0x0E46) return true;
    if (cur == 0x0E2F && !is_space(prev)) return true;
    return prev == 0x0E2F && cur == 0x0E25 && i + 1 < cps.size() && cps[i + 1] == 0x0E2F;
}

void mark_thai_run(std::u32string_view run, std::size_t run_start, std::vector<char>& brk) {
    auto& b = breaker();
    if (!b.brk) return;
    std::wstring window;
    std::vector<int> pos(kThaiWindow + 1);
    std::lock_guard lock(b.mutex);
    std::size_t start = 0;
    while (start < run.size()) {
        const std::size_t end = std::min(run.size(), start + kThaiWindow);
        window.assign(run.begin() + static_cast<std::ptrdiff_t>(start),
                      run.begin() + static_cast<std::ptrdiff_t>(end));
        const int n = th_brk_wc_find_breaks(b.brk.get(), window.c_str(), pos.data(), pos.size());
        const auto mark = [&](int p) {
            if (p > 0 && static_cast<std::size_t>(p) < window.size()) brk[run_start + start + p] = 1;
        };
        if (end == run.size()) {
            for (int i = 0; i < n; ++i) mark(pos[i]);
            break;
        }
        // The window may have cut a word: trust every break but the last, restart from there.
        if (n >= 2) {
            for (int i = 0; i < n - 1; ++i) mark(pos[i]);
            start += static_cast<std::size_t>(pos[n - 2]);
        } else if (n == 1) {
            mark(pos[0]);
            start += static_cast<std::size_t>(pos[0]);
        } else {
            start = end;  // 1,024 characters without a known word: no break to offer
        }
    }
}

struct TrieDeleter {
    void operator()(Trie* trie) const noexcept { trie_free(trie); }
};

// The Thai runs of `utf8` of at least two characters (what libthai looks up).
std::vector<std::u32string> thai_runs(std::string_view utf8) {
    std::vector<std::u32string> runs;
    std::u32string run;
    for (std::size_t i = 0; i <= utf8.size();) {
        char32_t cp = 0;
        if (i < utf8.size()) {
            const Decoded d = decode_at(utf8, i);
            cp = d.cp;
            i += d.length;
        } else {
            ++i;
        }
        if (cp && is_thai_run_char(cp)) {
            run += cp;
        } else {
            if (run.size() >= 2) runs.push_back(run);
            run.clear();
        }
    }
    return runs;
}

// Kinds of Thai local-government office, longest first: a configured name starting with one
// is added without it (the place name is what libthai does not know).
const std::vector<std::string>& office_kinds() {
    static const std::vector<std::string> kinds = {
        "องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนตำบล", "เทศบาลนคร", "เทศบาลเมือง", "เทศบาลตำบล",
        "ที่ว่าการอำเภอ", "สำนักงานเขต", "สำนักงาน", "อบต.", "อบจ.", "ทต.", "ทม.", "ทน."};
    return kinds;
}

std::filesystem::path default_dictionary() {
    if (const char* dir = std::getenv("LIBTHAI_DICTDIR"); dir && *dir) return std::filesystem::path(dir) / "thbrk.tri";
    return "/usr/share/libthai/thbrk.tri";
}

}  // namespace

void use_default_dictionary() {
    auto& b = breaker();
    std::lock_guard lock(b.mutex);
    b.brk.reset(th_brk_new(nullptr));
}

const std::vector<std::string>& kept_abbreviations() {
    static const std::vector<std::string> words = {"อบต.", "อบจ.", "กทม.", "ฯลฯ", "เว็บไซต์", "เว็บ", "ไซต์",
                                                   "อีเมล", "ออนไลน์", "คิวอาร์โค้ด", "พ.ศ.", "ต.ค."};
    return words;
}

std::string keep_words_whole(const std::vector<std::string>& office_names, const std::vector<std::string>& terms) {
    std::vector<std::string> words = kept_abbreviations();
    for (std::string name : office_names) {
        for (const auto& kind : office_kinds())
            if (name.rfind(kind, 0) == 0 && name.size() > kind.size()) {
                name = name.substr(kind.size());
                break;
            }
        words.push_back(name);
    }
    // Survey terms: short labels only (a level, a service point) — a whole sentence kept as
    // one word could no longer wrap at all.
    for (const auto& term : terms)
        if (count_chars(term) <= 12 && term.find(' ') == std::string::npos) words.push_back(term);

    const auto source = default_dictionary();
    std::unique_ptr<Trie, TrieDeleter> trie(trie_new_from_file(source.c_str()));
    if (!trie) return "cannot read libthai's dictionary " + source.string();
    for (const auto& word : words)
        for (const auto& run : thai_runs(word)) {
            std::vector<AlphaChar> key(run.begin(), run.end());
            key.push_back(0);
            trie_store(trie.get(), key.data(), 0);  // a character outside the dictionary's alphabet: skipped
        }
    std::string path = (std::filesystem::temp_directory_path() / "feedback-thbrk-XXXXXX").string();
    const int fd = mkstemp(path.data());
    if (fd < 0) return "cannot create a temporary file for the word list";
    close(fd);
    std::unique_ptr<ThBrk, BreakerDeleter> extended;
    if (trie_save(trie.get(), path.c_str()) == 0) extended.reset(th_brk_new(path.c_str()));
    std::error_code ec;
    std::filesystem::remove(path, ec);  // libthai has read it into memory
    if (!extended) return "libthai could not load the extended dictionary";
    auto& b = breaker();
    std::lock_guard lock(b.mutex);
    b.brk = std::move(extended);
    return {};
}

namespace {

bool ends_with_newline(std::string_view s) {
    return !s.empty() && (s.back() == '\n' || s.back() == '\r' || s.ends_with("\u2028") ||
                          s.ends_with("\u2029"));
}

// `s` without its trailing spaces and newlines (they do not take room at the end of a line).
std::string_view trim_trailing_space(std::string_view s) {
    while (!s.empty()) {
        // Walk back to the start of the last code point.
        std::size_t start = s.size() - 1;
        while (start > 0 && s.size() - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
            --start;
        const Decoded d = decode_at(s, start);
        if (start + d.length != s.size() || !(is_space(d.cp) || is_newline(d.cp))) break;
        s.remove_suffix(d.length);
    }
    return s;
}

}  // namespace

std::vector<std::size_t> break_opportunities(std::string_view utf8) {
    std::u32string cps;
    std::vector<std::size_t> offsets;  // byte offset of each code point
    cps.reserve(utf8.size());
    offsets.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) {
        const Decoded d = decode_at(utf8, i);
        cps.push_back(d.cp);
        offsets.push_back(i);
        i += d.length;
    }
    const std::size_t n = cps.size();
    std::vector<char> brk(n + 1, 0);  // brk[i]: a line may start at character i

    for (std::size_t i = 1; i < n; ++i) {
        const char32_t prev = cps[i - 1], cur = cps[i];
        if (is_newline(prev)) {
            if (!(prev == U'\r' && cur == U'\n')) brk[i] = 1;  // CR LF is one newline
        } else if (is_space(prev)) {
            if (!is_space(cur) && !is_newline(cur)) brk[i] = 1;
        } else if (prev == 0x200B) {  // ZERO WIDTH SPACE: an explicit word boundary
            brk[i] = 1;
        } else if (is_hyphen(prev) && i >= 2 && is_letter(cps[i - 2]) && is_letter(cur)) {
            brk[i] = 1;
        }
    }
    for (std::size_t i = 0; i < n;) {
        if (!is_thai_run_char(cps[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < n && is_thai_run_char(cps[end])) ++end;
        if (end - i > 1) mark_thai_run(std::u32string_view(cps).substr(i, end - i), i, brk);
        i = end;
    }

    std::vector<std::size_t> out;
    for (std::size_t i = 1; i < n; ++i)
        if (brk[i] && !no_line_start(cps, i)) out.push_back(offsets[i]);
    return out;
}

std::vector<std::string> wrap_lines(std::string_view utf8, float max_width,
                                    const std::function<float(std::string_view)>& measure) {
    std::vector<std::string> lines;
    std::vector<std::size_t> ends = break_opportunities(utf8);
    ends.push_back(utf8.size());

    std::size_t line_start = 0;
    float width = 0;  // width of the current line so far, trailing spaces included
    const auto measure_or_zero = [&](std::string_view s) { return s.empty() ? 0.0f : measure(s); };
    const auto close_line = [&](std::size_t end) {
        lines.emplace_back(utf8.substr(line_start, end - line_start));
        line_start = end;
        width = 0;
    };

    std::size_t seg_start = 0;
    for (const std::size_t seg_end : ends) {
        if (seg_end <= seg_start) continue;
        const std::string_view seg = utf8.substr(seg_start, seg_end - seg_start);
        const std::string_view body = trim_trailing_space(seg);
        const float body_width = measure_or_zero(body);
        const float seg_width = body.size() == seg.size() ? body_width : measure_or_zero(seg);

        // `!(a <= b)` rather than `a > b`: a NaN width or limit never counts as fitting.
        if (line_start != seg_start && !(width + body_width <= max_width)) close_line(seg_start);

        if (line_start == seg_start && !(body_width <= max_width)) {
            // A single word wider than the line: break it between grapheme clusters, keeping
            // at least one cluster per line so that any width terminates.
            float piece = 0;
            std::size_t i = seg_start;
            const std::size_t body_end = seg_start + body.size();
            while (i < body_end) {
                std::size_t next = i + decode_at(utf8, i).length;
                while (next < body_end) {
                    const Decoded d = decode_at(utf8, next);
                    if (!is_combining(d.cp)) break;
                    next += d.length;
                }
                const float w = measure_or_zero(utf8.substr(i, next - i));
                if (i != line_start && !(piece + w <= max_width)) {
                    close_line(i);
                    piece = 0;
                }
                piece += w;
                i = next;
            }
            width = piece + (seg_width - body_width);
        } else {
            width += seg_width;
        }

        if (ends_with_newline(seg)) close_line(seg_end);
        seg_start = seg_end;
    }
    if (line_start < utf8.size()) close_line(utf8.size());
    else if (ends_with_newline(utf8)) lines.emplace_back();
    return lines;
}

}  // namespace feedback::text
