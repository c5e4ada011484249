// What the screens tell the app about a visitor using a keypad or keyboard (issue 21), so that
// the app can speak for them (the speech module) without the UI knowing anything of audio.
//
// Why callbacks and not a queue: each event happens inside a frame, and the app decides what it
// costs (the speech module hands the work to its own worker, so a frame never waits for audio).
// Every callback may be left empty: the UI then simply does not call it.
#pragma once

#include <functional>
#include <string_view>

namespace feedback::ui {

struct AccessibilityHooks {
    // The focus ring moved to a widget (by a key, or onto the first widget of a screen a key
    // opened). `label` is the widget's visible text in the screen's language (the level's label
    // for a face; empty for a widget without text, such as the backspace key).
    std::function<void(std::string_view widget_id, std::string_view label)> on_focus;
    // 0 or * was pressed: say the current prompt again.
    std::function<void()> on_repeat;
    // Any keypad or keyboard key was used by the visitor (speech turns on "on request").
    std::function<void()> on_key_input;
};

}  // namespace feedback::ui
