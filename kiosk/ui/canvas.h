// The per-frame drawing and touch context every view draws into.
//
// Why not ImGui's own widgets: a kiosk needs big touch targets, Thai text shaped before it is
// drawn, and taps that are deterministic for the scripted UI driver. So views draw with
// ImDrawList and ask the Canvas "was this rectangle tapped?". A tap is a press and release
// inside the same rectangle; hover does not exist (a finger that lifted leaves no highlight).
// Every tappable widget registers its id and rectangle each frame: that registry is how the
// UI driver finds `rating.5` or `key.ก` on screen, and how tests know what was visible.
#pragma once

#include <imgui.h>

#include <map>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "ui/fonts.h"
#include "ui/theme.h"

namespace feedback::ui {

struct Rect {
    ImVec2 min, max;
    float width() const { return max.x - min.x; }
    float height() const { return max.y - min.y; }
    ImVec2 center() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
    bool contains(ImVec2 p) const { return p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y; }
    Rect inset(float d) const { return {{min.x + d, min.y + d}, {max.x - d, max.y - d}}; }
};

struct Tap {
    ImVec2 down, up;
};

// A scroll region's position and content height, kept across frames (by KioskUi; emptied when
// the screen changes, so every screen starts at its top).
struct ScrollState {
    float offset = 0;   // pixels scrolled down
    float content = 0;  // height of the content last laid out
    bool placed = false;  // a region that starts at its end has been moved there
};
using ScrollStates = std::map<std::string, ScrollState>;

struct WidgetInfo {
    std::string id;
    Rect rect;      // on screen; cut to its scroll region's window when partly scrolled out
    int layer = 0;  // 0: the screen; each overlay above it (idle warning, dimming) adds one
    // Scrolled out of its region's window: -1 above it, +1 below it, 0 on screen. The
    // driver scrolls (taps scroll.<region>.up/down) until a widget it is told to tap shows.
    int scrolled_out = 0;
    std::string scroll_region;
    bool invisible = false;  // a gesture area with nothing drawn (the staff corner)
    Rect full{};  // on screen, not cut by its scroll region's window (the focus ring scrolls to it)
};

// One line of text as drawn, for the scripted driver's layout check (issue 16): where it was
// meant to fit, where it went, and whether the wrapper had to cut a word to make it fit.
struct TextInfo {
    std::string owner;  // id of the widget it labels; empty for free text
    Rect box;           // the room it was given (a button's inside, a paragraph's area)
    Rect line;          // the drawn line: pen start to its width, its full line box (all marks)
    std::optional<Rect> clip;  // the clip rectangle it was drawn under, if any
    bool scrolled = false;     // clip is a scroll region's window: lines may pass its edges
    bool cut_word = false;
    int layer = 0;
    std::string text;   // logical
    bool drawn = true;  // ImGui made glyphs for it (it culls lines outside the clip rectangle)
};

enum class Align { Left, Center };
enum class ButtonStyle { Normal, Primary, Selected, Quiet };

class Canvas {
public:
    Canvas(ImDrawList& list, const Metrics& metrics, const FontSet& fonts, bool high_contrast,
           bool large_text, std::optional<Tap> tap, std::optional<ImVec2> pressed_at,
           Script script = Script::Thai);

    const Metrics& metrics() const { return metrics_; }
    const Palette& colors() const { return palette_; }
    ImDrawList& list() { return list_; }
    bool large_text() const { return large_; }
    // The staff screens keep the normal size: large text is the visitor's choice, and the
    // dashboard's figures and six buttons must fit a 768-px screen.
    void set_large_text(bool large) { large_ = large; }
    ImFont* font(FontRole role) const { return fonts_.get(role, large_, script_); }
    float font_size(FontRole role) const { return font(role)->FontSize; }
    // Height of one line of text in this role: room for the highest stacked mark above and
    // the lowest vowel below, from the font's glyph boxes (so no mark is clipped by a field).
    float line_height(FontRole role) const;
    float mm(float v) const { return metrics_.mm(v); }

    // Shapes logical Thai for display and draws one line whose line box (line_height) starts
    // at pos; returns its width.
    float text(FontRole role, ImVec2 pos, ImU32 color, std::string_view logical);
    float text_width(FontRole role, std::string_view logical) const;
    // Word-wrapped (at libthai word boundaries) inside width; returns the height used.
    float paragraph(FontRole role, Rect area, ImU32 color, std::string_view logical, Align align);
    float paragraph_height(FontRole role, float width, std::string_view logical) const;
    // A paragraph whose words must not be cut (face labels): when a word is wider than the
    // area in `role`, the normal-size font of the role is used in large-text mode (still at
    // the normal minimum), then smaller roles. The height matches what it draws.
    float fitted_paragraph(FontRole role, Rect area, ImU32 color, std::string_view logical, Align align);
    float fitted_paragraph_height(FontRole role, float width, std::string_view logical);
    // True when every word (text between line-break opportunities) fits in width, so wrapping
    // never has to cut a word.
    bool words_fit(FontRole role, float width, std::string_view logical) const;

    // A tappable rectangle with a label; true when tapped this frame.
    bool button(const std::string& id, Rect rect, std::string_view label, ButtonStyle style,
                FontRole role = FontRole::Body);
    // A tappable rectangle the caller draws itself (faces); true when tapped.
    bool hit(const std::string& id, Rect rect);
    // An invisible gesture area (the staff corner): registered for the driver, but text may
    // lie over it — nothing is drawn there to be hidden.
    void gesture_area(const std::string& id, Rect rect) {
        hit(id, rect);
        widgets_.back().invisible = true;
    }
    bool pressed(Rect rect) const { return pressed_at_ && rect.contains(*pressed_at_); }
    // Consumes the tap so nothing else reacts to it (an overlay over a screen).
    void swallow_tap() { tap_.reset(); }
    bool has_tap() const { return tap_.has_value(); }
    // Lets an overlay hold the tap back while the screen beneath it is drawn.
    std::optional<Tap> take_tap() { return std::exchange(tap_, std::nullopt); }
    void give_tap(std::optional<Tap> tap) { tap_ = tap; }
    // True when some widget reacted to a tap this frame (the screen may have changed).
    bool acted() const { return acted_; }
    // Personal data (complaint contact details) is drawn as bullets in this frame — set for
    // the scripted driver's screenshots, which may end up in bug reports and documentation.
    void set_redact_personal(bool redact) { redact_personal_ = redact; }
    bool redact_personal() const { return redact_personal_; }

    const std::vector<WidgetInfo>& widgets() const { return widgets_; }
    const std::vector<TextInfo>& texts() const { return texts_; }
    // Text drawn after this is clipped to `r` (a scrolling text field) until pop_clip().
    void push_clip(Rect r);
    void pop_clip();
    // Everything drawn from now on lies over what was drawn before (an overlay).
    void begin_overlay() { ++layer_; }

    // Vertical scrolling (issue 16: on a small screen or with large text the content cannot
    // always fit). Everything drawn between begin_scroll and end_scroll is laid out from the
    // window's top as if it had no bottom, and shown through `window`, moved up by the scroll
    // offset; taps and presses inside the window reach it, moved down by the same. When the
    // content is taller than the window, a strip at the right holds large ▲ and ▼ buttons
    // (scroll.<id>.up / .down, a page at a time: a finger-drag is not what older visitors
    // expect) — begin_scroll then returns a narrower rectangle to lay out in. A change of the
    // content's height marks the frame acted(), so the host lays it out again at once.
    // start_at_end: the region first shows its end (a text field below optional chips).
    Rect begin_scroll(const std::string& id, Rect window, bool start_at_end = false);
    // `content_bottom`: where the laid-out content ended (in layout coordinates).
    void end_scroll(float content_bottom);
    // Each scroll region's window this frame (the focus navigator reads a region as one block
    // and scrolls a focused widget into its window).
    const std::vector<std::pair<std::string, Rect>>& scroll_windows() const { return scroll_windows_; }
    void set_scroll_states(ScrollStates* states) { scroll_states_ = states; }
    // Lays the frame out again at once (the focus ring scrolled a region to the focused widget).
    void relayout() { acted_ = true; }
    // Shows the region's end from the next layout on (a key typed into the field there).
    void scroll_to_end(const std::string& id) {
        (scroll_states_ ? *scroll_states_ : own_scroll_states_)[id].offset = 1e9f;
        acted_ = true;
    }

private:
    struct LineBox {
        float above = 0;   // pixels the highest mark reaches above the pen's y (>= 0)
        float height = 0;  // the whole line box
    };
    LineBox line_box(FontRole role) const;
    // The role and size (large or not) fitted_paragraph uses; sets large_ for it.
    FontRole fit_words(FontRole role, float width, std::string_view logical);
    // A paragraph's line box, wider of this and the role's, for the current text record.
    Rect record_box_ = {};
    std::string owner_;
    std::vector<Rect> clips_;
    std::vector<TextInfo> texts_;
    int layer_ = 0;
    struct OpenScroll {
        std::string id;
        Rect window;
        float offset = 0;
        int vtx_start = 0;
        std::size_t widget_start = 0, text_start = 0;
        std::optional<Tap> held_tap;  // a tap outside the window, given back at the end
        bool tap_moved = false;
        std::optional<ImVec2> held_press;
        bool start_at_end = false;
        int cmd_start = 0;  // the first draw command drawn in the region
    };
    std::optional<OpenScroll> scroll_;
    std::vector<std::pair<std::string, Rect>> scroll_windows_;
    ScrollStates* scroll_states_ = nullptr;
    ScrollStates own_scroll_states_;
    // The clip text is recorded under: a field's own, not an open scroll region's window
    // (end_scroll records that one).
    std::size_t scroll_clip_depth_ = 0;
    std::optional<Rect> current_clip() const {
        return clips_.size() > scroll_clip_depth_ ? std::optional<Rect>(clips_.back()) : std::nullopt;
    }

    ImDrawList& list_;
    Metrics metrics_;
    const FontSet& fonts_;
    const Palette& palette_;
    TextCache& cache_;
    bool large_;
    Script script_;
    std::optional<Tap> tap_;
    std::optional<ImVec2> pressed_at_;
    std::vector<WidgetInfo> widgets_;
    bool acted_ = false;
    bool recording_ = false;  // inside paragraph(): its lines are recorded there
    bool last_drawn_ = true;  // whether the last text() made any vertices
    bool redact_personal_ = false;
};

}  // namespace feedback::ui
