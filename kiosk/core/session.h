// One visitor's session as a state machine, with no UI and no SQL (DESIGN.md §3).
//
// Why a separate state machine: the rules that protect visitors — "one tap is an answer",
// "durable before the screen moves on", "idle resets leave no trace", "misuse is flagged, never
// dropped" — must hold whatever draws the screens, and must be testable without a display.
// Screens only read this state and call its commands; time is passed in (never read here), so
// tests and the scripted UI driver can advance the idle clock. Time is a core::Instant: entry
// times, office hours and reference dates use its wall clock; every timer (idle warning and
// reset, thank-you and reference screens, misuse interval, dimming) its monotonic clock, so a
// wall-clock jump neither shortens nor stretches one (clock.h).
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
#include <vector>

#include "core/clock.h"
#include "core/complaint.h"
#include "core/entry.h"
#include "core/office_hours.h"
#include "core/survey.h"

namespace feedback::core {

// Where entries go. The kiosk's implementation writes to the store; tests record calls.
class EntrySink {
public:
    virtual ~EntrySink() = default;
    virtual void add(const Entry& entry) = 0;     // a new entry, durable on return
    virtual void update(const Entry& entry) = 0;  // same id, still open
    virtual void close(const Entry& entry) = 0;   // session over; entry is final
    // Complaints: the entry (kind Complaint) with its details, same durability rules.
    virtual void add_complaint(const Entry& entry, const Complaint& complaint) = 0;
    virtual void update_complaint(const Entry& entry, const Complaint& complaint) = 0;
    // Closes the complaint; with assign_reference, gives it the next reference number of this
    // kiosk for the local day of now_ms. Returns the complaint as stored.
    virtual Complaint close_complaint(const Entry& entry, const Complaint& complaint, bool assign_reference,
                                      std::int64_t now_ms) = 0;  // wall clock: the reference's date
};

enum class Screen {
    Welcome, FollowUp, Comment, ThankYou,
    ComplaintCategory, ComplaintWhen, ComplaintDescription, ComplaintContactChoice, ComplaintPdpa,
    ComplaintContact, ComplaintDone,
    AdminPin, Admin
};
// "welcome", "followup", "comment", "thankyou", "complaint-category", "complaint-when",
// "complaint-description", "complaint-contact-choice", "complaint-pdpa", "complaint-contact",
// "complaint-done", "admin-pin", "admin"
std::string_view to_string(Screen screen);

// The misuse rule, shared by a tap and `feedback-kiosk record` (kiosk/report/REPORT.md, "Misuse"):
// a rating is flagged when it comes less than misuse_interval_ms (> 0) after the previous
// visitor's last touch *and* nothing but the face is answered. The interval is measured on the
// monotonic clock in a running kiosk; unknown or negative: not flagged.
bool too_soon_for_an_answer(std::optional<std::int64_t> since_previous_ms, std::int64_t misuse_interval_ms);
// Whether an answer has more than its face: a reason, a service point, a dimension or a
// comment. A person who goes on to answer those is not a rapid repeat tap, and the flag goes.
bool answers_more_than_the_face(const Entry& entry);

// The text field the on-screen keyboard types into.
enum class Field { None, Comment, Description, Name, Phone, Pin };

struct SessionSettings {
    std::int64_t complaint_done_ms = 90'000;  // the reference number stays this long
    std::string device_id;
    std::string default_language = "th";
    bool default_large_text = false;
    bool default_high_contrast = false;
    std::int64_t idle_timeout_ms = 60'000;   // no touch for this long → the warning
    std::int64_t idle_warning_ms = 20'000;   // the warning's countdown (at least 20 s)
    // Follow-up (and Comment before anything is typed): back to Welcome after this long without
    // a touch, the answer kept, so the next visitor in a queue never answers on the previous
    // visitor's entry. A countdown is shown; "more time" makes it idle_timeout_ms instead.
    std::int64_t followup_timeout_ms = 20'000;
    std::int64_t thank_you_ms = 5'000;
    std::int64_t misuse_interval_ms = 10'000;  // 0 = never flag
    std::size_t max_comment_chars = 500;
    std::vector<std::string> service_points;   // offered on Follow-up; empty = not asked
    OfficeHours office_hours;                  // default: always open
    std::int64_t dim_when_closed_ms = 120'000;  // closed Welcome untouched this long → dimmed;
                                                // 0 = never
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
    int warning_seconds_left(Instant now) const;
    // The follow-up's own countdown (Follow-up, and Comment until typing has begun): running
    // or not, and whole seconds left (for display).
    bool followup_countdown() const;
    int followup_seconds_left(Instant now) const;
    const std::string& last_error() const { return last_error_; }
    const Survey& survey() const { return survey_; }
    const SessionSettings& settings() const { return settings_; }
    // Comment being typed on the Comment screen (logical UTF-8; saved on Done).
    const std::string& draft_comment() const { return draft_comment_; }
    // Whether the office is open at now_ms (kiosk-local time). Answers are taken either way;
    // those given while it is closed are stored with outside_hours set.
    bool office_open(Instant now) const;
    // The closed Welcome screen, untouched for dim_when_closed_ms, is drawn dimmed. The first
    // touch only wakes it: the screen must call wake() with that tap instead of acting on it
    // (touched() alone does not undim, because the finger that lands is not yet the tap).
    bool dimmed() const { return dimmed_ && screen_ == Screen::Welcome; }
    void wake(Instant now);

    // --- commands (now_ms = the kiosk's clock) ---
    void set_language(const std::string& language, Instant now);
    void toggle_large_text(Instant now);
    void toggle_high_contrast(Instant now);
    // Welcome: the tap that is a complete answer. Returns false (screen unchanged) if storing
    // failed; last_error() says why.
    bool rate(int rating, Instant now);
    void toggle_reason(const std::string& reason_id, Instant now);
    void choose_service_point(const std::string& id, Instant now);
    void answer_dimension(const std::string& id, int level, Instant now);
    void open_comment(Instant now);
    void set_draft_comment(std::string text, Instant now);
    void save_comment(Instant now);    // back to Follow-up with the comment stored
    void cancel_comment(Instant now);  // back to Follow-up, draft discarded
    void finish(Instant now);          // Skip or Done: close the session, Thank-you
    // The next visitor, finding the previous follow-up on screen, taps one of its small faces:
    // the previous entry is closed as it stands and this rating starts a new entry, exactly as
    // a tap on Welcome would (language and text size as shown). Returns false if storing failed.
    bool start_new_answer(int rating, Instant now);
    void back_to_welcome(Instant now);  // from thank-you or the complaint's last screen

    // --- complaints (DESIGN.md §3 step 6) ---
    void start_complaint(Instant now);
    // The first answer of a complaint: stores it (open) with this category.
    void choose_complaint_category(const std::string& id, Instant now);
    // "today" | "yesterday" | "earlier" (stored as the local ISO date, or "earlier").
    void choose_complaint_when(const std::string& when, Instant now);
    void choose_complaint_service_point(const std::string& id, Instant now);
    void toggle_complaint_chip(const std::string& chip_id, Instant now);
    void complaint_next(Instant now);   // When -> Description -> ContactChoice
    void complaint_back(Instant now);   // one step back (from Category: Welcome)
    void complain_anonymously(Instant now);  // closes with a reference number
    void want_to_leave_contact(Instant now); // -> PDPA notice
    void accept_pdpa(Instant now);           // -> contact form, fields enabled
    void focus_field(Field field, Instant now);
    // Validates the name and phone; on success stores them and closes with a reference.
    // On failure the screen stays and contact_error() says what is wrong.
    bool submit_contact(Instant now);

    const std::optional<Complaint>& complaint() const { return complaint_; }
    const std::vector<std::string>& complaint_chips() const { return chips_; }
    const std::string& complaint_when() const { return when_; }
    bool pdpa_accepted() const { return pdpa_accepted_; }
    enum class ContactError { None, Name, Phone };
    ContactError contact_error() const { return contact_error_; }

    // --- staff (the admin screen; the PIN itself is checked by the app) ---
    void open_admin(Instant now);      // the hidden gesture on Welcome
    void admin_unlocked(Instant now);  // the PIN was accepted
    void leave_admin(Instant now);     // back to Welcome, nothing kept

    // --- the keyboard's text field ---
    Field active_field() const;
    const std::string& field_text(Field field) const;
    void set_field_text(Field field, std::string text, Instant now);
    std::size_t field_limit(Field field) const;
    void more_time(Instant now);
    void touched(Instant now);         // any input: resets the idle clock

    // Advances timers: idle warning, idle reset, thank-you return, the office opening or
    // closing, dimming. Call on every wake-up.
    void tick(Instant now);
    // When tick() next has something to do (for the main loop's wait), on the monotonic clock
    // (Instant::mono_ms), or nullopt if never.
    // On Welcome that includes the next opening or closing of the office and the dim deadline
    // (both as of the last tick()).
    std::optional<std::int64_t> next_deadline() const;

private:
    bool store(const std::function<void()>& action);
    void act(Instant now);  // a visitor's command: touched() and remembered as their last act
    std::int64_t followup_deadline() const;
    void apply_misuse_rule(Entry& changed) const;
    bool end_session_ok(Instant now);
    void end_session(Instant now);
    void reset_to_welcome(std::optional<Instant> now);
    void advance_timers(Instant now);
    void update_welcome(Instant now);
    std::optional<std::int64_t> dim_at() const;  // when the closed Welcome dims, if it will

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

    // All on the monotonic clock (Instant::mono_ms).
    std::int64_t last_input_ms_ = 0;
    std::optional<std::int64_t> warning_since_ms_;
    std::optional<std::int64_t> thank_you_until_ms_;
    // The last command of the visitor now on screen, and the previous visitor's last one
    // (taken when their session ended): what the misuse interval is measured from. A session
    // closed automatically 20 s after a walk-away does not count as a touch.
    std::int64_t acted_ms_ = 0;
    std::optional<std::int64_t> previous_visitor_ms_;
    bool comment_typed_ = false;     // the Comment screen switches to the idle warning
    bool followup_more_time_ = false;  // "more time" on the follow-up countdown
    bool rated_too_soon_ = false;      // this entry's face came within the misuse interval
    bool welcome_dirty_ = false;  // toggles changed on Welcome without an answer

    // Office hours on Welcome, as of the last tick(): when Welcome last appeared (unset until
    // the first tick), whether the office is closed, the next opening or closing, and whether
    // the screen is dimmed.
    std::optional<std::int64_t> welcome_since_ms_;
    bool closed_ = false;
    std::optional<std::int64_t> closed_since_ms_;
    std::optional<std::int64_t> office_change_ms_;
    bool dimmed_ = false;

    // Complaint in progress. Contact drafts live only here until submitted: a visitor who walks
    // away leaves no personal data behind.
    std::optional<Complaint> complaint_;
    std::vector<std::string> chips_;
    std::string when_;
    std::string description_draft_;
    std::string name_draft_, phone_draft_, pin_draft_;
    Field contact_focus_ = Field::Name;
    bool pdpa_accepted_ = false;
    ContactError contact_error_ = ContactError::None;
    std::optional<std::int64_t> complaint_done_until_ms_;
    bool update_complaint_details(const std::function<void(Complaint&)>& change);
    std::string composed_description() const;
    void close_complaint(bool with_contact, Instant now);
};

}  // namespace feedback::core
