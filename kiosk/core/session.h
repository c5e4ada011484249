// One visitor's session as a state machine, with no UI and no SQL (DESIGN.md §3).
//
// Why a separate state machine: the rules that protect visitors — "one tap is an answer",
// "durable before the screen moves on", "idle resets leave no trace", "misuse is flagged, never
// dropped" — must hold whatever draws the screens, and must be testable without a display.
// Screens only read this state and call its commands; time is passed in (never read here), so
// tests and the scripted UI driver can advance the idle clock.
//
// Durability: every command that changes the entry hands it to the EntrySink *before* changing
// the screen. If the sink throws (disk full, database gone), the screen stays where it was and
// the error is kept for the UI to show; nothing already stored is touched.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "core/entry.h"
#include "core/survey.h"

namespace feedback::core {

// Where entries go. The kiosk's implementation writes to the store; tests record calls.
class EntrySink {
public:
    virtual ~EntrySink() = default;
    virtual void add(const Entry& entry) = 0;     // a new entry, durable on return
    virtual void update(const Entry& entry) = 0;  // same id, still open
    virtual void close(const Entry& entry) = 0;   // session over; entry is final
};

enum class Screen { Welcome, FollowUp, Comment, ThankYou, Complaint };
std::string_view to_string(Screen screen);  // "welcome", "followup", "comment", "thankyou", "complaint"

struct SessionSettings {
    std::string device_id;
    std::string default_language = "th";
    bool default_large_text = false;
    bool default_high_contrast = false;
    std::int64_t idle_timeout_ms = 60'000;   // no touch for this long → the warning
    std::int64_t idle_warning_ms = 20'000;   // the warning's countdown (at least 20 s)
    std::int64_t thank_you_ms = 5'000;
    std::int64_t misuse_interval_ms = 10'000;  // 0 = never flag
    std::size_t max_comment_chars = 500;
    std::vector<std::string> service_points;   // offered on Follow-up; empty = not asked
};

class Session {
public:
    Session(const Survey& survey, SessionSettings settings, EntrySink& sink);

    // --- state the screens read ---
    Screen screen() const { return screen_; }
    const std::string& language() const { return language_; }
    bool large_text() const { return large_text_; }
    bool high_contrast() const { return high_contrast_; }
    const std::optional<Entry>& entry() const { return entry_; }
    bool idle_warning() const { return warning_since_ms_.has_value(); }
    // Whole seconds left on the warning's countdown (for display).
    int warning_seconds_left(std::int64_t now_ms) const;
    const std::string& last_error() const { return last_error_; }
    const Survey& survey() const { return survey_; }
    const SessionSettings& settings() const { return settings_; }
    // Comment being typed on the Comment screen (logical UTF-8; saved on Done).
    const std::string& draft_comment() const { return draft_comment_; }

    // --- commands (now_ms = the kiosk's clock) ---
    void set_language(const std::string& language, std::int64_t now_ms);
    void toggle_large_text(std::int64_t now_ms);
    void toggle_high_contrast(std::int64_t now_ms);
    // Welcome: the tap that is a complete answer. Returns false (screen unchanged) if storing
    // failed; last_error() says why.
    bool rate(int rating, std::int64_t now_ms);
    void toggle_reason(const std::string& reason_id, std::int64_t now_ms);
    void choose_service_point(const std::string& id, std::int64_t now_ms);
    void answer_dimension(const std::string& id, int level, std::int64_t now_ms);
    void open_comment(std::int64_t now_ms);
    void set_draft_comment(std::string text, std::int64_t now_ms);
    void save_comment(std::int64_t now_ms);    // back to Follow-up with the comment stored
    void cancel_comment(std::int64_t now_ms);  // back to Follow-up, draft discarded
    void finish(std::int64_t now_ms);          // Skip or Done: close the session, Thank-you
    void start_complaint(std::int64_t now_ms);
    void back_to_welcome(std::int64_t now_ms);  // from the complaint placeholder / thank-you
    void more_time(std::int64_t now_ms);
    void touched(std::int64_t now_ms);         // any input: resets the idle clock

    // Advances timers: idle warning, idle reset, thank-you return. Call on every wake-up.
    void tick(std::int64_t now_ms);
    // When tick() next has something to do (for the main loop's wait), or nullopt if never.
    std::optional<std::int64_t> next_deadline() const;

private:
    bool store(const std::function<void()>& action);
    void end_session(std::int64_t now_ms);
    void reset_to_welcome();

    const Survey& survey_;
    SessionSettings settings_;
    EntrySink& sink_;

    Screen screen_ = Screen::Welcome;
    std::string language_;
    bool large_text_ = false;
    bool high_contrast_ = false;
    std::optional<Entry> entry_;
    std::string draft_comment_;
    std::string last_error_;

    std::int64_t last_input_ms_ = 0;
    std::optional<std::int64_t> warning_since_ms_;
    std::optional<std::int64_t> thank_you_until_ms_;
    std::optional<std::int64_t> last_completed_ms_;
    bool welcome_dirty_ = false;  // toggles changed on Welcome without an answer
};

}  // namespace feedback::core
