// Focus navigation for a keypad or keyboard (issue 21): a visitor who cannot see the screen
// well or cannot hit a target moves a thick focus ring through the widgets with Tab / arrows
// and activates with Enter, alongside touch.
//
// Why it works on the Canvas's widget registry rather than per view: every tappable widget
// already registers its id and rectangle each frame (canvas.h), so one navigator serves every
// screen, present and future, without touching them. Activating a widget gives the Canvas a
// tap at its centre — the very code path a finger takes, so a key can do nothing a tap cannot
// (a rating by key 4 is stored exactly as a tap on that face, durable before the next screen).
//
// Reading order: each scroll region counts as one block (its widgets in the order the view laid
// them out: a two-column follow-up reads its left column, then its right), other widgets are
// blocks of their own; blocks are read in rows, top to bottom, each row left to right. Only the
// topmost layer (an overlay, when one is up) is navigable; scroll buttons and invisible gesture
// areas never take the focus (a focused widget scrolled out of view is scrolled to instead).
//
// Focus never moves on its own: it changes on a key, and a new screen (or overlay) shows the
// ring on its first widget after the top bar's toggles only when a key opened it; a screen opened by a touch or by a timer
// (the idle reset, the thank-you's return) shows no ring until the next key.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/session.h"
#include "ui/accessibility_hooks.h"
#include "ui/canvas.h"

namespace feedback::ui {

// A key as the screens understand it (the app maps SDL's keys to these; ui stays SDL-free).
enum class Key { Digit, Star, Tab, BackTab, Up, Down, Left, Right, Enter, Escape };
struct KeyPress {
    Key key = Key::Enter;
    int digit = 0;  // Key::Digit: 0-9 (top row or numeric keypad alike)
};

class FocusNavigator {
public:
    explicit FocusNavigator(ScrollStates& scroll) : scroll_(scroll) {}

    AccessibilityHooks& hooks() { return hooks_; }

    // A key between frames, against the last frame's widgets; acts in the next frame. Returns
    // true when it will tap a widget (that tap counts as the visitor's input; otherwise the
    // caller marks the session touched).
    bool key(KeyPress press, core::Screen screen);
    // Before the views draw: gives the canvas the tap an activating key asked for.
    void begin_frame(Canvas& canvas);
    // After the views and overlays drew: keeps the focus on a widget that exists, draws the
    // ring around it, announces a new focus, and learns the frame's widgets for the next key.
    void end_frame(Canvas& canvas, core::Screen screen);

    // The focused widget's id (empty: no ring) and where it was drawn in the last frame.
    const std::string& focused() const { return focus_; }
    std::optional<Rect> focused_rect() const;

    // What Escape taps on each screen (README: "Keypad and keyboard"); empty = nothing.
    static const char* back_widget(core::Screen screen);

private:
    struct Target {
        std::string id;
        Rect rect;  // on screen (cut by its scroll region's window)
        Rect full;  // not cut: where the widget is laid out
        int scrolled_out = 0;
        std::string region;
    };
    const Target* find(const std::string& id) const;
    void move(Key key);
    std::string first_content() const;
    // Makes `id` the focus and scrolls it into view for the next frame; returns where it will
    // be drawn then.
    std::optional<Rect> focus_on(const std::string& id);
    void activate(const std::string& id);

    ScrollStates& scroll_;
    AccessibilityHooks hooks_;
    std::vector<Target> order_;        // focusable widgets of the last frame, reading order
    std::vector<std::pair<std::string, Rect>> windows_;  // scroll regions' windows, last frame
    std::string focus_;
    std::string announced_;            // the focus last passed to on_focus
    std::optional<ImVec2> tap_;        // the next frame's tap (an activating key)
    core::Screen screen_ = core::Screen::Welcome;
    int layer_ = 0;                    // the topmost layer last frame (0: no overlay)
    bool fresh_key_ = false;           // a key whose effects (a new screen) are still showing up
    bool first_pending_ = false;       // a new screen's first widget is still being chosen
};

}  // namespace feedback::ui
