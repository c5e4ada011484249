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
// English: what a comment or an e-mail address needs without hunting: ' and ? unshifted, and
// on the shift layer the symbols of a phone keyboard's first page (@ : % ( ) and friends).
const Rows kEnglish = make_rows({"1 2 3 4 5 6 7 8 9 0", "q w e r t y u i o p", "a s d f g h j k l '",
                                 "z x c v b n m , . ?"});
const Rows kEnglishShift = make_rows({"@ # % & ( ) - / : ;", "Q W E R T Y U I O P",
                                      "A S D F G H J K L \"", "Z X C V B N M ! _ +"});

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
    shift_ = Shift::Off;
    shift_tapped_ms_.reset();
    undo_until_ms_.reset();
    undo_text_.clear();
    refusal_until_ms_.reset();
}

bool Keyboard::apply(const std::string& key, std::string& text, std::size_t max_chars, std::string& why) {
    if (text::count_chars(text) >= max_chars) {
        why = "the comment limit of " + std::to_string(max_chars) + " characters is reached";
        refuse(key, text, max_chars);
        return false;
    }
    std::string next = text::apply_key(text, decode_one(key), max_chars);
    if (next == text) {
        why = "'" + key + "' cannot follow what is typed (Thai input sequence rules)";
        refuse(key, text, max_chars);
        return false;
    }
    text = std::move(next);
    after_edit();
    return true;
}

void Keyboard::after_edit() {
    // Typing ends the undo offer (bringing back the cleared text would drop what was typed
    // since) and any refusal bubble.
    undo_until_ms_.reset();
    undo_text_.clear();
    refusal_until_ms_.reset();
}

void Keyboard::refuse(const std::string& key, const std::string& text, std::size_t max_chars) {
    const char32_t c = decode_one(key);
    refusal_ = Refusal{key, &strings::kRefusedOrder, ""};
    if (text::count_chars(text) >= max_chars) {
        refusal_.why = &strings::kRefusedLimit;
    } else if (c == U'\u0E40' && text.size() >= 3 && decode_one(std::string_view(text).substr(text.size() - 3)) == U'\u0E40') {
        refusal_.why = &strings::kRefusedSaraE;  // เ + เ: the typewriter habit for แ
        refusal_.suggestion = "\u0E41";
    } else if (c >= 0x0E48 && c <= 0x0E4B) {
        refusal_.why = &strings::kRefusedTone;
    } else if (c == 0x0E31 || (c >= 0x0E33 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E)) {
        refusal_.why = &strings::kRefusedMark;
    }
    refusal_until_ms_ = now_ms_ + kFeedbackMs;
}

void Keyboard::tap_shift() {
    // Off -> once; once, tapped again quickly -> locked; otherwise back to off.
    const bool quick = shift_tapped_ms_ && now_ms_ - *shift_tapped_ms_ <= kDoubleTapMs;
    if (shift_ == Shift::Off) shift_ = Shift::Once;
    else if (shift_ == Shift::Once && quick) shift_ = Shift::Locked;
    else shift_ = Shift::Off;
    shift_tapped_ms_ = now_ms_;
}

bool Keyboard::tap_key(const std::string& key, std::string& text, std::size_t max_chars) {
    std::string why;
    const bool ok = apply(key, text, max_chars, why);
    if (ok && shift_ == Shift::Once) shift_ = Shift::Off;  // one-shot: the next character only
    return ok;
}

void Keyboard::clear(std::string& text) {
    if (text.empty()) return;
    undo_text_ = text;
    undo_until_ms_ = now_ms_ + kUndoMs;
    refusal_until_ms_.reset();
    text.clear();
}

bool Keyboard::undo_offered() const { return undo_until_ms_ && now_ms_ < *undo_until_ms_; }

bool Keyboard::undo(std::string& text) {
    if (!undo_offered()) return false;
    text = undo_text_;
    undo_until_ms_.reset();
    undo_text_.clear();
    return true;
}

std::optional<Keyboard::Refusal> Keyboard::refusal() const {
    if (!refusal_until_ms_ || now_ms_ >= *refusal_until_ms_) return std::nullopt;
    return refusal_;
}

bool Keyboard::accept_suggestion(std::string& text, std::size_t max_chars) {
    const auto shown = refusal();
    if (!shown || shown->suggestion.empty()) return false;
    // แ replaces the เ already typed: the text then reads as the visitor meant it.
    const std::string before = text::backspace(text);
    std::string next = text::apply_key(before, decode_one(shown->suggestion), max_chars);
    if (next == before) return false;
    text = std::move(next);
    after_edit();
    return true;
}

std::optional<std::int64_t> Keyboard::next_deadline() const {
    std::optional<std::int64_t> next;
    if (undo_offered()) next = *undo_until_ms_;
    if (refusal()) next = next ? std::min(*next, *refusal_until_ms_) : *refusal_until_ms_;
    return next;
}

bool Keyboard::press_char(char32_t c, std::string& text, std::size_t max_chars, std::string& why) {
    if (number_pad_ && (c < U'0' || c > U'9')) {
        why = "'" + encode_utf8(c) + "' is not on the number pad";
        return false;
    }
    if (c == U' ') return apply(" ", text, max_chars, why);
    const std::string key = encode_utf8(c);
    const bool shifted_now = shift_ != Shift::Off;
    for (Layout layout : {layout_, layout_ == Layout::Thai ? Layout::English : Layout::Thai})
        for (bool shift : {shifted_now, !shifted_now})
            for (const auto& row : rows(layout, shift))
                for (const auto& k : row)
                    if (k == key) {
                        // As a person would: switch layout, tap Shift (one-shot) when the
                        // character is on the other layer, then the key.
                        layout_ = layout;
                        if (shift != shifted_now) shift_ = shift ? Shift::Once : Shift::Off;
                        const bool ok = apply(key, text, max_chars, why);
                        if (ok && shift_ == Shift::Once) shift_ = Shift::Off;
                        return ok;
                    }
    why = "'" + key + "' is not on the keyboard";
    return false;
}

void Keyboard::draw(Canvas& canvas, Rect area, std::string& text, std::size_t max_chars,
                    std::string_view language) {
    number_pad_ = false;
    const auto& layer = rows(layout_, shift_ != Shift::Off);
    const auto shown_refusal = refusal();
    std::optional<Rect> refused_rect;
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
            const Rect r{{x, y}, {x + fitted_w, y + key_h}};
            if (canvas.button("key." + key, r, key_face(key), ButtonStyle::Normal, key_font))
                tap_key(key, text, max_chars);
            if (shown_refusal && shown_refusal->key == key) refused_rect = r;
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
    const bool shifted = shift_ != Shift::Off;
    if (canvas.button("key.shift", shift_rect, "", shifted ? ButtonStyle::Selected : ButtonStyle::Normal)) tap_shift();
    const ImU32 shift_ink = shift_ != Shift::Off ? canvas.colors().on_selected : canvas.colors().text;
    draw_shift_icon(canvas, shift_rect, shift_ink);
    if (shift_ == Shift::Locked) {  // locked: a bar under the arrow, as phone keyboards show it
        const ImVec2 c = shift_rect.center();
        const float s = std::min(shift_rect.width(), shift_rect.height()) * 0.28f;
        canvas.list().AddLine({c.x - s * 0.6f, c.y + s * 1.45f}, {c.x + s * 0.6f, c.y + s * 1.45f}, shift_ink,
                              std::max(2.0f, canvas.mm(0.7f)));
    }
    if (canvas.button("key.layout", place(unit * 1.5f), layout_ == Layout::Thai ? "ABC" : "กขค",
                      ButtonStyle::Normal, FontRole::Body)) {
        layout_ = layout_ == Layout::Thai ? Layout::English : Layout::Thai;
        shift_ = Shift::Off;
    }
    const Text space = strings::kSpace;
    if (canvas.button("key.space", place(space_w), space.in(language), ButtonStyle::Normal, FontRole::Body))
        tap_key(" ", text, max_chars);
    const Rect backspace_rect = place(unit * 1.5f);
    if (canvas.button("key.backspace", backspace_rect, "", ButtonStyle::Normal)) {
        text = text::backspace(text);
        after_edit();
    }
    draw_backspace_icon(canvas, backspace_rect, canvas.colors().text);
    // Clear asks nothing; for a few seconds its key brings the text back instead.
    const Rect clear_rect = place(unit * 1.5f);
    if (undo_offered()) {
        if (canvas.button("key.undo", clear_rect, strings::kUndoClear.in(language), ButtonStyle::Primary, FontRole::Body))
            undo(text);
    } else if (canvas.button("key.clear", clear_rect, strings::kClear.in(language), ButtonStyle::Normal, FontRole::Body)) {
        clear(text);
    }
    (void)why;

    // A refused key: outlined in the error colour, and a bubble above the keyboard says why
    // (with แ to tap for เ + เ). Drawn last, over the field's lower edge, like a key preview.
    if (shown_refusal) {
        const float stroke = std::max(3.0f, canvas.mm(1.0f));
        if (refused_rect) canvas.list().AddRect(refused_rect->min, refused_rect->max, canvas.colors().error_text, canvas.mm(2), 0, stroke);
        const char* why_text = shown_refusal->why->in(language);
        const float pad = canvas.mm(3);
        const float suggest_w = shown_refusal->suggestion.empty() ? 0 : canvas.mm(22);
        const float text_w = std::min(area.width() - suggest_w - 3 * pad, canvas.text_width(FontRole::Body, why_text));
        const float text_h = canvas.paragraph_height(FontRole::Body, text_w, why_text);
        const float bubble_h = std::max(text_h, suggest_w > 0 ? canvas.mm(15) : 0.0f) + 2 * pad;
        const float bubble_w = text_w + suggest_w + (suggest_w > 0 ? 3 : 2) * pad;
        const float cx = refused_rect ? refused_rect->center().x : area.center().x;
        const float bx = std::clamp(cx - bubble_w / 2, area.min.x, area.max.x - bubble_w);
        const Rect bubble{{bx, area.min.y - gap - bubble_h}, {bx + bubble_w, area.min.y - gap}};
        canvas.list().AddRectFilled(bubble.min, bubble.max, canvas.colors().warning_bg, canvas.mm(2));
        canvas.list().AddRect(bubble.min, bubble.max, canvas.colors().error_text, canvas.mm(2), 0, stroke * 0.7f);
        canvas.paragraph(FontRole::Body, {{bubble.min.x + pad, bubble.center().y - text_h / 2}, {bubble.min.x + pad + text_w, bubble.max.y}},
                         canvas.colors().on_warning, why_text, Align::Left);
        if (suggest_w > 0) {
            const Rect key{{bubble.max.x - pad - suggest_w, bubble.min.y + pad}, {bubble.max.x - pad, bubble.max.y - pad}};
            if (canvas.button("key.suggest", key, shown_refusal->suggestion, ButtonStyle::Primary, key_font))
                accept_suggestion(text, max_chars);
        }
    }
}

void Keyboard::draw_number_pad(Canvas& canvas, Rect area, std::string& text, std::size_t max_chars) {
    // Three columns of large keys, the layout of a telephone: 1 2 3 / 4 5 6 / 7 8 9 / ⌫ 0.
    number_pad_ = true;
    static const char* const kPad[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"", "0", "<"}};
    const float gap = canvas.mm(2);
    const float key_h = std::max(canvas.mm(15), std::min(canvas.mm(26), (area.height() - 3 * gap) / 4));
    const float key_w = std::max(canvas.mm(15), std::min(canvas.mm(50), (area.width() - 2 * gap) / 3));
    const float pad_w = 3 * key_w + 2 * gap;
    const float x0 = area.min.x + (area.width() - pad_w) / 2;
    for (int row = 0; row < 4; ++row)
        for (int col = 0; col < 3; ++col) {
            const std::string key = kPad[row][col];
            if (key.empty()) continue;
            const float x = x0 + static_cast<float>(col) * (key_w + gap), y = area.min.y + static_cast<float>(row) * (key_h + gap);
            const Rect r{{x, y}, {x + key_w, y + key_h}};
            if (key == "<") {
                if (canvas.button("key.backspace", r, "", ButtonStyle::Normal)) {
                    text = text::backspace(text);
                    after_edit();
                }
                draw_backspace_icon(canvas, r, canvas.colors().text);
            } else if (canvas.button("key." + key, r, key, ButtonStyle::Normal, FontRole::Title)) {
                tap_key(key, text, max_chars);
            }
        }
}

}  // namespace feedback::ui
