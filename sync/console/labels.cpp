// Labels and escaping for the console's pages (see labels.h).
#include "labels.h"

#include <array>

#include "common/text.h"

namespace feedback::console {
namespace {

struct Label {
    const char* id;
    const char* th;
    const char* en;
};

constexpr std::array<Label, 5> kStatuses{{
    {"new", "ยังไม่รับเรื่อง", "Not yet accepted"},
    {"accepted", "รับเรื่อง", "Accepted"},
    {"in_progress", "กำลังดำเนินการ", "In progress"},
    {"resolved", "ดำเนินการแล้วเสร็จ", "Resolved"},
    {"referred", "ส่งต่อหน่วยงานอื่น", "Referred to another agency"},
}};

constexpr std::array<Label, 6> kCategories{{
    {"unfair", "บุคลากรเลือกปฏิบัติหรือให้บริการโดยไม่เป็นธรรม", "Unfair or discriminatory service"},
    {"rude", "เจ้าหน้าที่มีพฤติกรรมไม่สุภาพ", "Rude behaviour"},
    {"delay", "ให้บริการล่าช้า/ปล่อยให้รอนาน", "Delay or being made to wait"},
    {"bribery", "เรียกรับเงินหรือสินบน", "Asking for money or a bribe"},
    {"facilities", "สถานที่และสิ่งอำนวยความสะดวก", "Premises and facilities"},
    {"other", "เรื่องอื่น ๆ", "Other"},
}};

template <std::size_t N>
std::string find(const std::array<Label, N>& labels, std::string_view id, bool english) {
    for (const auto& l : labels)
        if (id == l.id) return english ? l.en : l.th;
    return std::string(id);
}

}  // namespace

std::string status_label(std::string_view status, bool english) { return find(kStatuses, status, english); }
std::string category_label(std::string_view category, bool english) { return find(kCategories, category, english); }

const std::vector<std::string>& known_categories() {
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> out;
        for (const auto& l : kCategories) out.emplace_back(l.id);
        return out;
    }();
    return ids;
}

const std::vector<std::string>& statuses() {
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> out;
        for (const auto& l : kStatuses) out.emplace_back(l.id);
        return out;
    }();
    return ids;
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0x0F];
        }
    }
    return out;
}

std::string escape(std::string_view text) { return common::html_escape(text); }

}  // namespace feedback::console
