// When the kiosk speaks (issue 21). The receiving side of the keypad's accessibility hooks
// (kiosk/ui/accessibility_hooks.h: on_focus, on_repeat, on_key_input) and of what the host sees
// happen to the session (a screen shown, an answer confirmed, the next visitor).
//
// accessibility.speech:
//   off         never a sound;
//   on-request  silent until this visitor presses a keypad key or the Listen button, then as
//               `always` until the next visitor (visitor_reset);
//   always      every screen title, focused widget and confirmation.
//
// The controller only decides *what* to say; a Player says it (the SDL worker in the kiosk, a
// recording fake in tests). say() never waits: a frame is never held up by speech. A new
// utterance replaces the one being spoken.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/session.h"
#include "speech/prompts.h"
#include "speech/voice.h"

namespace feedback::speech {

enum class Mode { Off, OnRequest, Always };
// "off", "on-request", "always"; nullopt for anything else.
std::optional<Mode> parse_mode(std::string_view text);
std::string_view to_string(Mode mode);

class Player {
public:
    virtual ~Player() = default;
    virtual void say(Utterance utterance) = 0;  // replaces whatever is being said; returns at once
    virtual void stop() = 0;
};

class SpeechController {
public:
    // `language` tells the visitor's current language ("th"/"en") at the time of each call.
    SpeechController(Mode mode, const PromptCatalogue& catalogue, Player& player,
                     std::function<std::string()> language);

    // --- from the keypad (accessibility_hooks.h) ---
    void focused(const std::string& widget_id, const std::string& label);
    // The same, said after what has just started (a new screen's title in the same frame), so
    // that a key which opens a screen is answered with its title and then the focused widget
    // rather than the label cutting the title off.
    void focused_after_current(const std::string& widget_id, const std::string& label);
    void repeat();
    void key_input();
    // --- from the screens and the host ---
    void listen_button();
    void screen_shown(core::Screen screen);
    void idle_warning_shown();
    // An answer was stored: said before the next screen's title when screen_shown follows in
    // the same frame, else on flush().
    void confirmed(std::string_view what = kConfirmRating);
    void flush();
    void visitor_reset();
    // Between hold() and release() what would be said is only kept (the last wins, as a new
    // prompt cancels the current one) and said once at release(). The app holds for the length
    // of a frame, so that a key which opens a screen and moves the ring is one utterance, not a
    // title cut off after a few milliseconds by the same title followed by the widget.
    void hold();
    void release();

    bool speaking_enabled() const { return mode_ == Mode::Always || (mode_ == Mode::OnRequest && requested_); }
    Mode mode() const { return mode_; }

private:
    void turn_on();  // on-request: this visitor asked
    void say(std::vector<Line> lines);
    Line line(const std::string& id) const;
    Line focus_line(const std::string& widget_id, const std::string& label) const;

    Mode mode_;
    const PromptCatalogue& catalogue_;
    Player& player_;
    std::function<std::string()> language_;
    bool requested_ = false;
    core::Screen screen_ = core::Screen::Welcome;
    std::vector<Line> pending_;       // a confirmation waiting for the next screen's title
    std::vector<Line> last_lines_;
    bool holding_ = false;
    std::vector<Line> held_;
};

}  // namespace feedback::speech
