// mask_personal_data(): see masking.h for the rules and why they are eager.
#include "report/masking.h"

#include <array>
#include <cstdint>
#include <vector>

namespace feedback::report {
namespace {

// Code points; bytes that are not UTF-8 become kRawByte + byte and are written back unchanged.
using Text = std::vector<char32_t>;
constexpr char32_t kRawByte = 0x110000;

Text decode(std::string_view s) {
    Text out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
        bool ok = len > 0 && i + static_cast<std::size_t>(len) <= s.size();
        for (int k = 1; ok && k < len; ++k) {
            const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((c & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (c & 0x3F);
        }
        if (!ok) {
            out.push_back(kRawByte + b);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<std::size_t>(len);
    }
    return out;
}

void append(std::string& out, char32_t cp) {
    if (cp >= kRawByte) {
        out += static_cast<char>(cp - kRawByte);
    } else if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void append(Text& out, std::string_view utf8) {
    const Text t = decode(utf8);
    out.insert(out.end(), t.begin(), t.end());
}

bool is_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= 0x0E50 && c <= 0x0E59); }
bool is_latin(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool is_thai_letter(char32_t c) { return c >= 0x0E01 && c <= 0x0E4E && !(c >= 0x0E3F && c <= 0x0E3F); }
bool is_email_local(char32_t c) {
    return is_latin(c) || (c >= U'0' && c <= U'9') || c == U'.' || c == U'_' || c == U'%' || c == U'+' || c == U'-';
}
bool is_email_domain(char32_t c) { return is_latin(c) || (c >= U'0' && c <= U'9') || c == U'.' || c == U'-'; }

bool starts_with(const Text& t, std::size_t at, const Text& word) {
    if (at + word.size() > t.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (t[at + k] != word[k]) return false;
    return true;
}

bool ends_with_before(const Text& t, std::size_t at, const Text& word) {
    return at >= word.size() && starts_with(t, at - word.size(), word);
}

char32_t lower(char32_t c) { return c >= U'A' && c <= U'Z' ? c + 32 : c; }

bool starts_with_ci(const Text& t, std::size_t at, const Text& word) {
    if (at + word.size() > t.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (lower(t[at + k]) != lower(word[k])) return false;
    return true;
}

// Pass 1: e-mail addresses (ASCII local part @ domain with a dot).
Text mask_emails(const Text& in) {
    Text out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != U'@') continue;
        std::size_t left = i;
        while (left > copied && is_email_local(in[left - 1])) --left;
        std::size_t right = i + 1;
        bool dot = false;
        while (right < in.size() && is_email_domain(in[right])) {
            if (in[right] == U'.' && right + 1 < in.size() && is_latin(in[right + 1])) dot = true;
            ++right;
        }
        while (right > i + 1 && (in[right - 1] == U'.' || in[right - 1] == U'-')) --right;  // sentence end
        if (left == i || !dot) continue;
        out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(copied), in.begin() + static_cast<std::ptrdiff_t>(left));
        append(out, kMaskEmail);
        copied = right;
        i = right - 1;
    }
    out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(copied), in.end());
    return out;
}

// Pass 2: digit runs joined by single separators.
Text mask_numbers(const Text& in) {
    Text out;
    std::size_t i = 0;
    while (i < in.size()) {
        const bool plus = in[i] == U'+' && i + 1 < in.size() && is_digit(in[i + 1]);
        if (!is_digit(in[i]) && !plus) {
            out.push_back(in[i++]);
            continue;
        }
        // A run may not start in the middle of a Latin word or number ("A12", "x9"): still masked
        // by digits count, so no check is needed.
        std::size_t end = plus ? i + 1 : i;
        int digits = 0;
        std::size_t last_digit_end = end;
        while (end < in.size()) {
            if (is_digit(in[end])) {
                ++digits;
                ++end;
                last_digit_end = end;
            } else if ((in[end] == U'-' || in[end] == U' ' || in[end] == U'.') && end + 1 < in.size() &&
                       is_digit(in[end + 1]) && end > i && is_digit(in[end - 1])) {
                ++end;
            } else {
                break;
            }
        }
        if (digits >= 9) {
            append(out, digits == 13 ? kMaskNationalId : kMaskPhone);
        } else {
            out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(i),
                       in.begin() + static_cast<std::ptrdiff_t>(last_digit_end));
        }
        i = last_digit_end;
    }
    return out;
}

struct Title {
    Text word;
    bool formal;                    // also mask the surname after one space
    bool latin;                     // needs a word boundary before it and is case-insensitive
    std::vector<Text> not_before;   // words that begin with the title but are not one (ขอบคุณ)
    std::vector<Text> not_after;    // … or continue it (คุณภาพ, นายก)
};

const std::vector<Title>& titles() {
    static const std::vector<Title> list = [] {
        const auto t = [](std::string_view s) { return decode(s); };
        std::vector<Title> v;
        // Longest first: นางสาว before นาง.
        v.push_back({t("นางสาว"), true, false, {}, {}});
        v.push_back({t("เด็กชาย"), true, false, {}, {}});
        v.push_back({t("เด็กหญิง"), true, false, {}, {}});
        v.push_back({t("น.ส."), true, false, {}, {}});
        v.push_back({t("ด.ช."), true, false, {}, {}});
        v.push_back({t("ด.ญ."), true, false, {}, {}});
        v.push_back({t("นาย"), true, false, {t("ท"), t("เจ้า")},
                     {t("ก"), t("อำเภอ"), t("จ้าง"), t("ทะเบียน"), t("ช่าง"), t("หน้า"), t("ตรวจ"), t("ด่าน"),
                      t("ทหาร"), t("ตำรวจ"), t("แพทย์"), t("ประกัน"), t("ทุน"), t("ท้าย")}});
        v.push_back({t("นาง"), true, false, {t("ต่า"), t("สุ")}, {t("พยาบาล"), t("งาม"), t("ฟ้า"), t("เอก")}});
        v.push_back({t("คุณ"), false, false, {t("ขอบ"), t("บุญ"), t("พระ"), t("เป็น")},
                     {t("ภาพ"), t("ค่า"), t("ธรรม"), t("ประโยชน์"), t("สมบัติ"), t("ลักษณะ"), t("วุฒิ"),
                      t("ความดี"), t("งาม"), t("านุ"), t("ูปการ"), t("ากร")}});
        v.push_back({t("ชื่อ"), false, false, {t("ราย"), t("ลง"), t("ใบ")}, {t("เสียง"), t("ตรง"), t("ว่า")}});
        v.push_back({t("ชื่อว่า"), false, false, {t("ราย")}, {}});
        v.push_back({t("miss"), true, true, {}, {}});
        v.push_back({t("mrs"), true, true, {}, {}});
        v.push_back({t("mr"), true, true, {}, {}});
        v.push_back({t("ms"), true, true, {}, {}});
        v.push_back({t("name is"), false, true, {}, {}});
        v.push_back({t("named"), false, true, {}, {}});
        return v;
    }();
    return list;
}

// A name word starting at `at`: a run of Thai letters or of Latin letters (at most 30).
std::size_t name_word_end(const Text& t, std::size_t at) {
    std::size_t end = at;
    if (end < t.size() && is_thai_letter(t[end])) {
        while (end < t.size() && is_thai_letter(t[end]) && end - at < 30) ++end;
    } else {
        while (end < t.size() && is_latin(t[end]) && end - at < 30) ++end;
    }
    return end;
}

// Pass 3: names after titles.
Text mask_names(const Text& in) {
    Text out;
    std::size_t i = 0;
    while (i < in.size()) {
        const Title* match = nullptr;
        for (const auto& title : titles()) {
            if (title.latin) {
                if (!starts_with_ci(in, i, title.word)) continue;
                if (i > 0 && is_latin(in[i - 1])) continue;
            } else if (!starts_with(in, i, title.word)) {
                continue;
            }
            bool excluded = false;
            for (const auto& w : title.not_before) excluded = excluded || ends_with_before(in, i, w);
            for (const auto& w : title.not_after) excluded = excluded || starts_with(in, i + title.word.size(), w);
            if (excluded) continue;
            std::size_t after = i + title.word.size();
            if (title.latin) {
                if (after < in.size() && in[after] == U'.') ++after;
                if (after >= in.size() || in[after] != U' ') continue;  // "Mr" needs a name after a space
            }
            match = &title;
            break;
        }
        if (!match) {
            out.push_back(in[i++]);
            continue;
        }
        std::size_t name = i + match->word.size();
        if (match->latin && name < in.size() && in[name] == U'.') ++name;
        out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(i), in.begin() + static_cast<std::ptrdiff_t>(name));
        std::size_t start = name;
        while (start < in.size() && in[start] == U' ' && start - name < 2) ++start;
        const std::size_t end = name_word_end(in, start);
        if (end == start) {  // a title with no name after it ("คุณ ครับ" is not reached: no letter)
            i = name;
            continue;
        }
        out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(name), in.begin() + static_cast<std::ptrdiff_t>(start));
        append(out, kMaskName);
        std::size_t next = end;
        // The surname: any Thai word (no capitals to tell), a Latin one only when capitalised
        // ("Mr Smith was kind" keeps "was").
        if (match->formal && next + 1 < in.size() && in[next] == U' ' &&
            (!match->latin || (in[next + 1] >= U'A' && in[next + 1] <= U'Z'))) {
            const std::size_t surname_end = name_word_end(in, next + 1);
            if (surname_end > next + 1) {
                out.push_back(U' ');
                append(out, kMaskName);
                next = surname_end;
            }
        }
        i = next;
    }
    return out;
}

}  // namespace

std::string mask_personal_data(std::string_view text) {
    const Text masked = mask_names(mask_numbers(mask_emails(decode(text))));
    std::string out;
    out.reserve(text.size());
    for (const char32_t cp : masked) append(out, cp);
    return out;
}

}  // namespace feedback::report
