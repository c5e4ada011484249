// The scripted UI driver: runs the real screens and taps widgets by id, for UI tests and for
// the README's screenshots. `feedback-kiosk run --headless --script FILE`.
//
// Script format — one step per line, `#` starts a comment:
//   tap <widget-id>          tap the centre of a widget drawn in the last frame
//   press <widget-id> <ms>   hold a finger on it for ms (on the kiosk's clock), then lift
//   type <text>              type the rest of the line on the on-screen keyboard, key by key
//   key <name>               press and release a keypad/keyboard key (issue 21), through the
//                            same event handling as a real USB keypad: 0-9, KP_0-KP_9, Return,
//                            KP_Enter, Tab, Shift+Tab, Up, Down, Left, Right, Escape, asterisk,
//                            KP_Multiply. Prints where the focus ring is afterwards.
//   expect-focus <widget-id> the focus ring is on this widget (`none`: no ring shown)
//   wait <ms>                let real time pass (the main loop keeps running)
//   idle <seconds>           advance the kiosk's idle clock (timers fire as if time passed)
//   clock <ISO time>         set the kiosk's clock, e.g. 2026-11-28T20:00:00+07:00 (the time
//                            zone stays the machine's: tests set TZ); office hours, entry
//                            times and later idle steps follow it
//   expect-screen <name>     welcome | followup | comment | thankyou | complaint | idle-warning
//   screenshot <file.png>    write the current frame as PNG
//   check-layout [name]      check the current frame's layout (issue 16): every widget and
//                            line of text inside the window, no widget over another, no text
//                            over a widget it does not label or over other text, no text wider
//                            or taller than its box, no word cut by the line wrapper, no line
//                            half clipped by a field. Each problem is printed as
//                            "layout: [name: ]PROBLEM". Problems do not stop the script (one
//                            run checks every screen it goes through); it exits 1 at the end.
//                            Only the topmost layer (an overlay, when one is up) is checked.
// The first failing step (but check-layout) stops the script; the process then exits 1.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ui/canvas.h"

namespace feedback::ui {

struct Step {
    int line = 0;
    std::string verb;
    std::string argument;
};

// The names `key` accepts (the app maps each to an SDL key).
const std::vector<std::string>& key_names();

// Reads and checks a script. Throws std::runtime_error "FILE:LINE: ..." on an unknown verb or
// a missing argument, before anything runs.
std::vector<Step> parse_script(const std::filesystem::path& file);

// What the driver needs from the program running the screens.
class DriverHost {
public:
    virtual ~DriverHost() = default;
    virtual void tap_at(ImVec2 point) = 0;                 // press and release, then draw
    virtual void press_at(ImVec2 point, std::int64_t ms) = 0;
    virtual bool type_text(const std::string& text, std::string& why) = 0;
    virtual bool press_key(const std::string& name, std::string& why) = 0;  // `key`, then draw
    virtual std::string focused_widget() = 0;                               // empty: no ring
    virtual void wait_real(int ms) = 0;
    virtual void advance_idle_clock(std::int64_t ms) = 0;
    virtual void set_clock(std::int64_t utc_ms) = 0;
    virtual std::string screen_name() = 0;                 // as expect-screen spells it
    virtual const std::vector<WidgetInfo>& widgets() = 0;  // of the last frame
    virtual const std::vector<TextInfo>& texts() = 0;      // of the last frame
    virtual ImVec2 window_size() = 0;
    virtual bool screenshot(const std::filesystem::path& file, std::string& why) = 0;
};

// The layout problems of one frame (check-layout), one sentence each; empty when it holds.
std::vector<std::string> layout_problems(const std::vector<WidgetInfo>& widgets, const std::vector<TextInfo>& texts,
                                         ImVec2 window);

// Runs the steps; prints each to stderr; returns 0 when all passed, 1 at the first failure.
int run_script(const std::vector<Step>& steps, DriverHost& host);

}  // namespace feedback::ui
