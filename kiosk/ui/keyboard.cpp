#include "ui/keyboard.h"

#include <algorithm>

#include "text/thai_input.h"
#include "text/unicode.h"

namespace feedback::ui {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::vector<std::string> split_utf8(std::string_view s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        if (s[i] != ' ') out.emplace_back(s.substr(i, len));
        i += len;
    }
    return out;
}

Rows make_rows(std::initializer_list<const char*> rows) {
    Rows out;
    for (const char* r : rows) out.push_back(split_utf8(r));
    return out;
}

// Kedmanee, the standard Thai typewriter layout every Thai computer user knows.
const Rows kThai = make_rows({"1 2 3 4 5 6 7 8 9 0",
                              "ๅ / - ภ ถ ุ ึ ค ต จ ข ช",
                              "ๆ ไ ำ พ ะ ั ี ร น ย บ ล ฃ",
                              "ฟ ห ก ด เ ้ ่ า ส ว ง",
                              "ผ ป แ อ ิ ื ท ม ใ ฝ"});
const Rows kThaiShift = make_rows({"1 2 3 4 5 6 7 8 9 0",
                                   "+ ๑ ๒ ๓ ๔ ู ฿ ๕ ๖ ๗ ๘ ๙",
                                   "๐ \" ฎ ฑ ธ ํ ๊ ณ ฯ ญ ฐ , ฅ",
                                   "ฤ ฆ ฏ โ ฌ ็ ๋ ษ ศ ซ .",
                                   "( ) ฉ ฮ ฺ ์ ? ฒ ฬ ฦ"});
const Rows kEnglish = make_rows({"1 2 3 4 5 6 7 8 9 0", "q w e r t y u i o p", "a s d f g h j k l",
                                 "z x c v b n m , . ?"});
const Rows kEnglishShift = make_rows({"1 2 3 4 5 6 7 8 9 0", "Q W E R T Y U I O P",
                                      "A S D F G H J K L", "Z X C V B N M ! - /"});

// One key is one code point; the shared UTF-8 code in kiosk/text does the conversions.
std::string encode_utf8(char32_t c) {
    std::string out;
    text::append_utf8(out, c);
    return out;
}

char32_t decode_one(std::string_view s) { return text::decode_at(s, 0).cp; }

// A Thai combining mark alone on a key would float; show it on a dotted circle like printed
// keyboards do.
std::string key_face(const std::string& key) {
    const char32_t c = decode_one(key);
    const bool mark = c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E);
    return mark ? "\u25CC" + key : key;
}

void draw_shift_icon(Canvas& canvas, Rect r, ImU32 color) {
    const ImVec2 c = r.center();
    const float s = std::min(r.width(), r.height()) * 0.28f;
    const ImVec2 points[] = {{c.x, c.y - s},           {c.x + s, c.y},           {c.x + s * 0.45f, c.y},
                             {c.x + s * 0.45f, c.y + s}, {c.x - s * 0.45f, c.y + s}, {c.x - s * 0.45f, c.y},
                             {c.x - s, c.y}};
    canvas.list().AddPolyline(points, 7, color, ImDrawFlags_Closed, std::max(2.0f, canvas.mm(0.5f)));
}

void draw_backspace_icon(Canvas& canvas, Rect r, ImU32 color) {
    const ImVec2 c = r.center();
    const float s = std::min(r.width(), r.height()) * 0.25f;
    const ImVec2 points[] = {{c.x - s * 1.6f, c.y}, {c.x - s * 0.7f, c.y - s}, {c.x + s * 1.4f, c.y - s},
                             {c.x + s * 1.4f, c.y + s}, {c.x - s * 0.7f, c.y + s}};
    const float w = std::max(2.0f, canvas.mm(0.5f));
    canvas.list().AddPolyline(points, 5, color, ImDrawFlags_Closed, w);
    canvas.list().AddLine({c.x - s * 0.1f, c.y - s * 0.45f}, {c.x + s * 0.8f, c.y + s * 0.45f}, color, w);
    canvas.list().AddLine({c.x - s * 0.1f, c.y + s * 0.45f}, {c.x + s * 0.8f, c.y - s * 0.45f}, color, w);
}

}  // namespace

const Rows& Keyboard::rows(Layout layout, bool shift) {
    if (layout == Layout::Thai) return shift ? kThaiShift : kThai;
    return shift ? kEnglishShift : kEnglish;
}

std::string Keyboard::all_key_labels() {
    std::string out = "\u25CC";
    for (const Rows* rows : {&kThai, &kThaiShift, &kEnglish, &kEnglishShift})
        for (const auto& row : *rows)
            for (const auto& key : row) out += key;
    return out + "ABCกขค";
}

void Keyboard::reset(std::string_view language) {
    layout_ = language == "en" ? Layout::English : Layout::Thai;
    shift_ = false;
}

bool Keyboard::apply(const std::string& key, std::string& text, std::size_t max_chars, std::string& why) {
    if (text::count_chars(text) >= max_chars) {
        why = "the comment limit of " + std::to_string(max_chars) + " characters is reached";
        return false;
    }
    std::string next = text::apply_key(text, decode_one(key), max_chars);
    if (next == text) {
        why = "'" + key + "' cannot follow what is typed (Thai input sequence rules)";
        return false;
    }
    text = std::move(next);
    return true;
}

bool Keyboard::press_char(char32_t c, std::string& text, std::size_t max_chars, std::string& why) {
    if (c == U' ') return apply(" ", text, max_chars, why);
    const std::string key = encode_utf8(c);
    for (Layout layout : {layout_, layout_ == Layout::Thai ? Layout::English : Layout::Thai})
        for (bool shift : {shift_, !shift_})
            for (const auto& row : rows(layout, shift))
                for (const auto& k : row)
                    if (k == key) {
                        layout_ = layout;
                        shift_ = shift;
                        return apply(key, text, max_chars, why);
                    }
    why = "'" + key + "' is not on the keyboard";
    return false;
}

void Keyboard::draw(Canvas& canvas, Rect area, std::string& text, std::size_t max_chars,
                    std::string_view language) {
    const auto& layer = rows(layout_, shift_);
    const std::size_t row_count = layer.size() + 1;  // + the bottom row of commands
    std::size_t widest = 0;
    for (const auto& row : layer) widest = std::max(widest, row.size());
    const float gap = canvas.mm(1.5f);
    const float key_w = std::max(canvas.mm(15), (area.width() - gap * static_cast<float>(widest - 1)) / static_cast<float>(widest));
    const float key_h = std::max(canvas.mm(15), std::min(canvas.mm(24), (area.height() - gap * static_cast<float>(row_count - 1)) / static_cast<float>(row_count)));
    const float fitted_w = std::min(key_w, canvas.mm(28));
    const FontRole key_font = key_h >= canvas.mm(20) ? FontRole::Title : FontRole::Heading;
    std::string why;

    float y = area.min.y;
    for (const auto& row : layer) {
        const float row_w = static_cast<float>(row.size()) * fitted_w + static_cast<float>(row.size() - 1) * gap;
        float x = area.min.x + (area.width() - row_w) / 2;
        for (const auto& key : row) {
            if (canvas.button("key." + key, {{x, y}, {x + fitted_w, y + key_h}}, key_face(key), ButtonStyle::Normal,
                              key_font))
                apply(key, text, max_chars, why);
            x += fitted_w + gap;
        }
        y += key_h + gap;
    }
    // Bottom row: shift, layout, space, backspace, clear.
    const float unit = fitted_w;
    const float space_w = unit * 4;
    const float total = unit * 1.5f * 4 + space_w + gap * 4;
    float x = area.min.x + (area.width() - total) / 2;
    auto place = [&](float w) {
        Rect r{{x, y}, {x + w, y + key_h}};
        x += w + gap;
        return r;
    };
    // Shift and backspace are drawn as icons: the TLWG fonts have no arrow glyphs.
    const Rect shift_rect = place(unit * 1.5f);
    if (canvas.button("key.shift", shift_rect, "", shift_ ? ButtonStyle::Selected : ButtonStyle::Normal))
        shift_ = !shift_;
    draw_shift_icon(canvas, shift_rect, shift_ ? canvas.colors().on_selected : canvas.colors().text);
    if (canvas.button("key.layout", place(unit * 1.5f), layout_ == Layout::Thai ? "ABC" : "กขค",
                      ButtonStyle::Normal, FontRole::Body)) {
        layout_ = layout_ == Layout::Thai ? Layout::English : Layout::Thai;
        shift_ = false;
    }
    const Text space = strings::kSpace;
    if (canvas.button("key.space", place(space_w), space.in(language), ButtonStyle::Normal, FontRole::Body))
        apply(" ", text, max_chars, why);
    const Rect backspace_rect = place(unit * 1.5f);
    if (canvas.button("key.backspace", backspace_rect, "", ButtonStyle::Normal))
        text = text::backspace(text);
    draw_backspace_icon(canvas, backspace_rect, canvas.colors().text);
    if (canvas.button("key.clear", place(unit * 1.5f), strings::kClear.in(language), ButtonStyle::Normal, FontRole::Body))
        text.clear();
}

}  // namespace feedback::ui
