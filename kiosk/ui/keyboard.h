// The on-screen keyboard: Thai Kedmanee (with its shift layer) and English QWERTY, a digit
// row, space, backspace and clear. Keys are at least 15 mm (DESIGN.md §7).
//
// Typed Thai goes through text::apply_key, which enforces the WTT 2.0 input-sequence rules, so
// an impossible sequence (two tone marks, a mark with no consonant) cannot be entered; the
// stored text stays logical Unicode and is shaped only when drawn. The scripted driver's `type`
// step uses press_char(), the same path as tapping the key, so tests exercise real typing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ui/canvas.h"
#include "ui/strings.h"

namespace feedback::ui {

class Keyboard {
public:
    enum class Layout { Thai, English };

    // Draws the keys in `area` and applies a tapped key to `text`.
    void draw(Canvas& canvas, Rect area, std::string& text, std::size_t max_chars, std::string_view language);
    // The keyboard's height with keys of the touch minimum (15 mm) and at their most (24 mm).
    static float min_height(const Canvas& canvas) { return canvas.mm(6 * 15.0f + 5 * 1.5f); }
    static float max_height(const Canvas& canvas) { return canvas.mm(6 * 24.0f + 5 * 1.5f); }

    // Applies one character as if its key were tapped (switching layout/shift as a person
    // would). Returns false and says why when the key is not on the keyboard, the sequence is
    // not valid Thai, or the length limit is reached.
    bool press_char(char32_t c, std::string& text, std::size_t max_chars, std::string& why);

    void reset(std::string_view language);  // layout of the visitor's language, shift off
    Layout layout() const { return layout_; }
    bool shifted() const { return shift_; }

    // Every character any key can type (for the font atlas).
    static std::string all_key_labels();
    // Rows of the given layer, each key one UTF-8 character.
    static const std::vector<std::vector<std::string>>& rows(Layout layout, bool shift);

private:
    bool apply(const std::string& key, std::string& text, std::size_t max_chars, std::string& why);
    Layout layout_ = Layout::Thai;
    bool shift_ = false;
};

}  // namespace feedback::ui
