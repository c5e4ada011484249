// The on-screen keyboard: Thai Kedmanee (with its shift layer) and English QWERTY, a digit
// row, space, backspace and clear. Keys are at least 15 mm (DESIGN.md §7). The phone number
// gets a large number pad instead (draw_number_pad).
//
// Behaviour a first-time user expects from a phone keyboard (issue 16):
// - Shift is one-shot: it applies to the next character only. Two taps within
//   kDoubleTapMs lock it (shown as a filled key with a bar); a tap on a locked Shift turns it off.
// - Clear ("ล้าง") asks nothing, but for kUndoMs its key becomes "เรียกคืน / Undo" (key.undo),
//   which puts the cleared text back; typing anything ends the offer.
// - A refused key (a second tone mark, a mark with no consonant, the length limit) is not
//   silent: the key is outlined in the error colour and a bubble above the keyboard says why,
//   for kFeedbackMs. For เ typed after เ — the old typewriter habit for แ — the bubble offers
//   แ as a key of its own (key.suggest), which replaces the first เ.
// Timed states run on the kiosk's monotonic clock, given each frame with set_now().
//
// Typed Thai goes through text::apply_key, which enforces the WTT 2.0 input-sequence rules, so
// an impossible sequence (two tone marks, a mark with no consonant) cannot be entered; the
// stored text stays logical Unicode and is shaped only when drawn. The scripted driver's `type`
// step uses press_char(), the same path as tapping the key, so tests exercise real typing.
#pragma once

#include <cstdint>
#include <optional>
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

    // The large phone pad: 1–9, 0, backspace (key.0 … key.9, key.backspace). While it is the
    // one drawn, press_char (the driver's `type`) takes digits only, as the pad does.
    void draw_number_pad(Canvas& canvas, Rect area, std::string& text, std::size_t max_chars);

    void reset(std::string_view language);  // layout of the visitor's language, shift off
    Layout layout() const { return layout_; }
    bool shifted() const { return shift_ != Shift::Off; }
    bool shift_locked() const { return shift_ == Shift::Locked; }

    static constexpr std::int64_t kDoubleTapMs = 500;
    static constexpr std::int64_t kUndoMs = 5'000;
    static constexpr std::int64_t kFeedbackMs = 3'000;

    // The kiosk's monotonic clock for this frame.
    void set_now(std::int64_t mono_ms) { now_ms_ = mono_ms; }
    // The actions behind the keys, as a tap does them (also for tests).
    void tap_shift();
    bool tap_key(const std::string& key, std::string& text, std::size_t max_chars);
    void clear(std::string& text);
    bool undo(std::string& text);
    bool accept_suggestion(std::string& text, std::size_t max_chars);
    bool undo_offered() const;
    // The refusal shown now: the refused key, why (Thai and English), the key suggested
    // instead (empty if none).
    struct Refusal {
        std::string key;
        const Text* why = nullptr;
        std::string suggestion;
    };
    std::optional<Refusal> refusal() const;
    // When the undo offer or the refusal bubble ends (for the main loop's wait).
    std::optional<std::int64_t> next_deadline() const;

    // Every character any key can type (for the font atlas).
    static std::string all_key_labels();
    // Rows of the given layer, each key one UTF-8 character.
    static const std::vector<std::vector<std::string>>& rows(Layout layout, bool shift);

private:
    enum class Shift { Off, Once, Locked };
    bool apply(const std::string& key, std::string& text, std::size_t max_chars, std::string& why);
    void refuse(const std::string& key, const std::string& text, std::size_t max_chars);
    void after_edit();
    Layout layout_ = Layout::Thai;
    Shift shift_ = Shift::Off;
    bool number_pad_ = false;  // the last frame drew the number pad
    std::int64_t now_ms_ = 0;
    std::optional<std::int64_t> shift_tapped_ms_;
    std::string undo_text_;
    std::optional<std::int64_t> undo_until_ms_;
    Refusal refusal_;
    std::optional<std::int64_t> refusal_until_ms_;
};

}  // namespace feedback::ui
