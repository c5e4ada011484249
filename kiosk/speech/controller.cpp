#include "speech/controller.h"

namespace feedback::speech {

std::optional<Mode> parse_mode(std::string_view text) {
    if (text == "off") return Mode::Off;
    if (text == "on-request") return Mode::OnRequest;
    if (text == "always") return Mode::Always;
    return std::nullopt;
}

std::string_view to_string(Mode mode) {
    switch (mode) {
        case Mode::Off: return "off";
        case Mode::OnRequest: return "on-request";
        case Mode::Always: return "always";
    }
    return "?";
}

SpeechController::SpeechController(Mode mode, const PromptCatalogue& catalogue, Player& player,
                                   std::function<std::string()> language)
    : mode_(mode), catalogue_(catalogue), player_(player), language_(std::move(language)) {}

Line SpeechController::line(const std::string& id) const {
    const Prompt* p = catalogue_.find(id);
    return {id, p ? p->text(language_()) : std::string()};
}

void SpeechController::say(std::vector<Line> lines) {
    if (!speaking_enabled() || lines.empty()) return;
    last_lines_ = lines;
    if (holding_) {
        held_ = std::move(lines);
        return;
    }
    player_.say({language_(), std::move(lines)});
}

void SpeechController::hold() { holding_ = true; }

void SpeechController::release() {
    holding_ = false;
    if (!held_.empty()) player_.say({language_(), std::exchange(held_, {})});
}

void SpeechController::turn_on() {
    if (mode_ == Mode::Off || speaking_enabled()) return;
    requested_ = true;
    // The visitor has just asked: tell them where they are.
    screen_shown(screen_);
}

Line SpeechController::focus_line(const std::string& widget_id, const std::string& label) const {
    const std::string id = catalogue_.widget_prompt(widget_id);
    // A widget that is not a prompt (a keyboard key, a scroll arrow) is read from its label,
    // under its widget id: English may be synthesized, Thai gets the tone.
    return id.empty() ? Line{widget_id, label} : line(id);
}

void SpeechController::focused(const std::string& widget_id, const std::string& label) {
    if (!speaking_enabled()) return;
    say({focus_line(widget_id, label)});
}

void SpeechController::focused_after_current(const std::string& widget_id, const std::string& label) {
    if (!speaking_enabled()) return;
    std::vector<Line> lines = last_lines_;
    lines.push_back(focus_line(widget_id, label));
    say(std::move(lines));
}

void SpeechController::repeat() {
    if (!speaking_enabled()) {
        turn_on();
        return;
    }
    if (!last_lines_.empty()) {
        // Said again in the current language.
        std::vector<Line> again;
        for (const auto& l : last_lines_) {
            const Prompt* p = catalogue_.find(l.id);
            again.push_back(p ? line(l.id) : l);
        }
        say(std::move(again));
    } else {
        screen_shown(screen_);
    }
}

void SpeechController::key_input() { turn_on(); }

void SpeechController::listen_button() {
    if (mode_ == Mode::Off) return;
    if (!speaking_enabled()) {
        turn_on();
        return;
    }
    screen_shown(screen_);  // already on: Listen says the screen again
}

void SpeechController::screen_shown(core::Screen screen) {
    screen_ = screen;
    std::vector<Line> lines = std::exchange(pending_, {});
    for (const auto& id : PromptCatalogue::screen_prompts(screen)) lines.push_back(line(id));
    say(std::move(lines));
}

void SpeechController::idle_warning_shown() { say({line(std::string(kIdleWarning))}); }

void SpeechController::confirmed(std::string_view what) {
    if (!speaking_enabled()) return;
    pending_.push_back(line(std::string(what)));
}

void SpeechController::flush() { say(std::exchange(pending_, {})); }

void SpeechController::visitor_reset() {
    pending_.clear();
    held_.clear();
    last_lines_.clear();
    if (mode_ == Mode::OnRequest && requested_) {
        requested_ = false;
        player_.stop();
    }
}

}  // namespace feedback::speech
