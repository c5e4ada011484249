#include "core/session.h"

#include <algorithm>

#include "core/clock.h"
#include "core/phone.h"
#include "core/thai_calendar.h"
#include "core/uuid.h"

namespace feedback::core {

std::string_view to_string(Screen screen) {
    switch (screen) {
        case Screen::Welcome: return "welcome";
        case Screen::FollowUp: return "followup";
        case Screen::Comment: return "comment";
        case Screen::ThankYou: return "thankyou";
        case Screen::ComplaintCategory: return "complaint-category";
        case Screen::ComplaintWhen: return "complaint-when";
        case Screen::ComplaintDescription: return "complaint-description";
        case Screen::ComplaintContactChoice: return "complaint-contact-choice";
        case Screen::ComplaintPdpa: return "complaint-pdpa";
        case Screen::ComplaintContact: return "complaint-contact";
        case Screen::ComplaintDone: return "complaint-done";
        case Screen::AdminPin: return "admin-pin";
        case Screen::Admin: return "admin";
    }
    return "unknown";
}

bool answers_more_than_the_face(const Entry& entry) {
    return !entry.reasons.empty() || !entry.service_point.empty() || !entry.dimensions.empty() ||
           !entry.comment.empty();
}

bool too_soon_for_an_answer(std::optional<std::int64_t> since_previous_ms, std::int64_t misuse_interval_ms) {
    // A negative interval means the clocks disagree (a wall clock moved back, for `record`):
    // nothing is known about the gap, and an answer is never flagged on a guess.
    return misuse_interval_ms > 0 && since_previous_ms && *since_previous_ms >= 0 &&
           *since_previous_ms < misuse_interval_ms;
}

Session::Session(const Survey& survey, SessionSettings settings, EntrySink& sink)
    : survey_(survey), settings_(std::move(settings)), sink_(sink) {
    settings_.idle_warning_ms = std::max<std::int64_t>(settings_.idle_warning_ms, 20'000);
    reset_to_welcome(std::nullopt);
}

bool Session::office_open(Instant now) const {
    return settings_.office_hours.is_open(now.wall_ms, local_offset_min(now.wall_ms));
}

void Session::wake(Instant now) {
    touched(now);
    dimmed_ = false;
}

int Session::warning_seconds_left(Instant now) const {
    if (!warning_since_ms_) return 0;
    const std::int64_t left = *warning_since_ms_ + settings_.idle_warning_ms - now.mono_ms;
    return static_cast<int>(std::max<std::int64_t>(0, (left + 999) / 1000));
}

bool Session::store(const std::function<void()>& action) {
    try {
        action();
        last_error_.clear();
        return true;
    } catch (const std::exception& e) {
        last_error_ = e.what();
        return false;
    }
}

void Session::act(Instant now) {
    touched(now);
    acted_ms_ = now.mono_ms;
}

bool Session::followup_countdown() const {
    return entry_ && (screen_ == Screen::FollowUp || (screen_ == Screen::Comment && !comment_typed_));
}

std::int64_t Session::followup_deadline() const {
    const std::int64_t span = followup_more_time_ ? std::max(settings_.idle_timeout_ms, settings_.followup_timeout_ms)
                                                  : settings_.followup_timeout_ms;
    return last_input_ms_ + span;
}

int Session::followup_seconds_left(Instant now) const {
    if (!followup_countdown()) return 0;
    const std::int64_t left = followup_deadline() - now.mono_ms;
    return static_cast<int>(std::max<std::int64_t>(0, (left + 999) / 1000));
}

void Session::apply_misuse_rule(Entry& changed) const {
    if (changed.kind == EntryKind::Rating) changed.misuse = rated_too_soon_ && !answers_more_than_the_face(changed);
}

void Session::touched(Instant now) {
    last_input_ms_ = now.mono_ms;
    // A touch anywhere answers the warning as well as the button does: the visitor is there.
    warning_since_ms_.reset();
}

void Session::set_language(const std::string& language, Instant now) {
    act(now);
    if (language != "th" && language != "en") return;
    language_ = language;
    if (screen_ == Screen::Welcome) welcome_dirty_ = true;
    if (entry_ && entry_->state == SessionState::Open && entry_->language != language) {
        Entry changed = *entry_;
        changed.language = language;
        if (store([&] { sink_.update(changed); })) entry_ = std::move(changed);
    }
}

void Session::toggle_large_text(Instant now) {
    act(now);
    large_text_ = !large_text_;
    if (screen_ == Screen::Welcome) welcome_dirty_ = true;
}

void Session::toggle_high_contrast(Instant now) {
    act(now);
    high_contrast_ = !high_contrast_;
    if (screen_ == Screen::Welcome) welcome_dirty_ = true;
}

bool Session::rate(int rating, Instant now) {
    if (dimmed()) {  // the touch that wakes a dimmed screen is not an answer
        wake(now);
        return false;
    }
    act(now);
    if (screen_ != Screen::Welcome || rating < kMinRating || rating > kMaxRating) return false;
    Entry e;
    e.created_utc_ms = now.wall_ms;  // entry times stay wall-clock
    e.id = make_uuid_v7(now.wall_ms);
    e.utc_offset_min = local_offset_min(now.wall_ms);
    e.kind = EntryKind::Rating;
    e.rating = rating;
    e.device_id = settings_.device_id;
    e.survey_version = survey_.version;
    e.language = language_;
    e.state = SessionState::Open;
    // Measured from the previous visitor's last act, not from when their session closed: a
    // follow-up that timed out after a walk-away says nothing about anyone being there.
    rated_too_soon_ = too_soon_for_an_answer(
        previous_visitor_ms_ ? std::optional<std::int64_t>(now.mono_ms - *previous_visitor_ms_) : std::nullopt,
        settings_.misuse_interval_ms);
    e.misuse = rated_too_soon_;
    e.outside_hours = !settings_.office_hours.is_open(now.wall_ms, e.utc_offset_min);
    if (!store([&] { sink_.add(e); })) return false;
    entry_ = std::move(e);
    welcome_dirty_ = false;
    screen_ = Screen::FollowUp;
    return true;
}

void Session::toggle_reason(const std::string& reason_id, Instant now) {
    act(now);
    if (screen_ != Screen::FollowUp || !entry_ || !survey_.find_reason(reason_id)) return;
    Entry changed = *entry_;
    auto it = std::find(changed.reasons.begin(), changed.reasons.end(), reason_id);
    if (it == changed.reasons.end())
        changed.reasons.push_back(reason_id);
    else
        changed.reasons.erase(it);
    apply_misuse_rule(changed);
    if (store([&] { sink_.update(changed); })) entry_ = std::move(changed);
}

void Session::choose_service_point(const std::string& id, Instant now) {
    act(now);
    if (screen_ != Screen::FollowUp || !entry_ || !survey_.find_service_point(id)) return;
    Entry changed = *entry_;
    changed.service_point = changed.service_point == id ? std::string() : id;
    apply_misuse_rule(changed);
    if (store([&] { sink_.update(changed); })) entry_ = std::move(changed);
}

void Session::answer_dimension(const std::string& id, int level, Instant now) {
    act(now);
    if (screen_ != Screen::FollowUp || !entry_ || !survey_.find_dimension(id)) return;
    if (level < kMinRating || level > kMaxRating) return;
    Entry changed = *entry_;
    auto it = changed.dimensions.find(id);
    if (it != changed.dimensions.end() && it->second == level)
        changed.dimensions.erase(it);  // tapping the chosen level again clears it
    else
        changed.dimensions[id] = level;
    apply_misuse_rule(changed);
    if (store([&] { sink_.update(changed); })) entry_ = std::move(changed);
}

void Session::open_comment(Instant now) {
    act(now);
    if (screen_ != Screen::FollowUp || !entry_) return;
    draft_comment_ = entry_->comment;
    comment_typed_ = false;
    screen_ = Screen::Comment;
}

void Session::set_draft_comment(std::string text, Instant now) {
    act(now);
    if (screen_ != Screen::Comment) return;
    if (text != draft_comment_) comment_typed_ = true;
    draft_comment_ = std::move(text);
}

void Session::save_comment(Instant now) {
    act(now);
    if (screen_ != Screen::Comment || !entry_) return;
    Entry changed = *entry_;
    changed.comment = draft_comment_;
    apply_misuse_rule(changed);
    if (!store([&] { sink_.update(changed); })) return;
    entry_ = std::move(changed);
    draft_comment_.clear();
    comment_typed_ = false;
    screen_ = Screen::FollowUp;
}

void Session::cancel_comment(Instant now) {
    act(now);
    if (screen_ != Screen::Comment) return;
    draft_comment_.clear();
    comment_typed_ = false;
    screen_ = Screen::FollowUp;
}

void Session::finish(Instant now) {
    act(now);
    if (screen_ != Screen::FollowUp || !entry_) return;
    Entry closed = *entry_;
    closed.state = SessionState::Closed;
    if (!store([&] { sink_.close(closed); })) return;
    entry_ = std::move(closed);
    previous_visitor_ms_ = acted_ms_;
    screen_ = Screen::ThankYou;
    thank_you_until_ms_ = now.mono_ms + settings_.thank_you_ms;
}

bool Session::start_new_answer(int rating, Instant now) {
    // Not act(): the previous visitor's last act must stay what end_session() records.
    touched(now);
    if (screen_ != Screen::FollowUp || !entry_ || rating < kMinRating || rating > kMaxRating) return false;
    if (!end_session_ok(now)) return false;  // the previous entry stays on screen, error shown
    const std::string language = language_;
    const bool large = large_text_, contrast = high_contrast_;
    reset_to_welcome(now);
    language_ = language;  // what the new visitor read and tapped stays as it was shown
    large_text_ = large;
    high_contrast_ = contrast;
    return rate(rating, now);
}

void Session::back_to_welcome(Instant now) {
    act(now);
    if (screen_ == Screen::ComplaintDone || screen_ == Screen::ThankYou) reset_to_welcome(now);
}

// ---- complaints ----

void Session::start_complaint(Instant now) {
    if (dimmed()) {
        wake(now);
        return;
    }
    act(now);
    if (screen_ != Screen::Welcome) return;
    welcome_dirty_ = false;
    screen_ = Screen::ComplaintCategory;
}

bool Session::update_complaint_details(const std::function<void(Complaint&)>& change) {
    if (!entry_ || !complaint_) return false;
    Complaint changed = *complaint_;
    change(changed);
    if (!store([&] { sink_.update_complaint(*entry_, changed); })) return false;
    complaint_ = std::move(changed);
    return true;
}

void Session::choose_complaint_category(const std::string& id, Instant now) {
    act(now);
    const ComplaintCategory* category = survey_.find_complaint_category(id);
    if (screen_ != Screen::ComplaintCategory || !category) return;
    if (entry_) {
        // Came back to change it: the complaint already exists.
        if (update_complaint_details([&](Complaint& c) {
                c.category = id;
                c.sensitive = category->sensitive;
            })) {
            chips_.clear();
            screen_ = Screen::ComplaintWhen;
        }
        return;
    }
    Entry e;
    e.created_utc_ms = now.wall_ms;  // entry times stay wall-clock
    e.id = make_uuid_v7(now.wall_ms);
    e.utc_offset_min = local_offset_min(now.wall_ms);
    e.kind = EntryKind::Complaint;
    e.device_id = settings_.device_id;
    e.survey_version = survey_.version;
    e.language = language_;
    e.state = SessionState::Open;
    // Marked when the complaint is made, i.e. at its first stored answer (the category).
    e.outside_hours = !settings_.office_hours.is_open(now.wall_ms, e.utc_offset_min);
    Complaint c;
    c.category = id;
    c.sensitive = category->sensitive;
    if (!store([&] { sink_.add_complaint(e, c); })) return;
    entry_ = std::move(e);
    complaint_ = std::move(c);
    screen_ = Screen::ComplaintWhen;
}

void Session::choose_complaint_when(const std::string& when, Instant now) {
    act(now);
    if (screen_ != Screen::ComplaintWhen) return;
    std::string occurred;
    const int offset = local_offset_min(now.wall_ms);
    if (when == "today") occurred = format_iso_date(local_date_of(now.wall_ms, offset));
    else if (when == "yesterday") occurred = format_iso_date(local_date_of(now.wall_ms - 86'400'000, offset));
    else if (when == "earlier") occurred = "earlier";
    else return;
    if (when_ == when) {  // tapped again: unselected
        occurred.clear();
    }
    if (update_complaint_details([&](Complaint& c) { c.occurred = occurred; }))
        when_ = occurred.empty() ? std::string() : when;
}

void Session::choose_complaint_service_point(const std::string& id, Instant now) {
    act(now);
    if (screen_ != Screen::ComplaintWhen || !survey_.find_service_point(id)) return;
    update_complaint_details([&](Complaint& c) { c.service_point = c.service_point == id ? std::string() : id; });
}

void Session::toggle_complaint_chip(const std::string& chip_id, Instant now) {
    act(now);
    if (screen_ != Screen::ComplaintDescription || !survey_.find_complaint_chip(chip_id)) return;
    auto it = std::find(chips_.begin(), chips_.end(), chip_id);
    if (it == chips_.end())
        chips_.push_back(chip_id);
    else
        chips_.erase(it);
}

std::string Session::composed_description() const {
    // Stored as readable text in the visitor's language: the chips tapped, then what was typed.
    std::string out;
    for (const auto& id : chips_) {
        if (const auto* chip = survey_.find_complaint_chip(id)) {
            if (!out.empty()) out += "; ";
            out += chip->label.in(language_);
        }
    }
    if (!description_draft_.empty()) {
        if (!out.empty()) out += "; ";
        out += description_draft_;
    }
    return out;
}

void Session::complaint_next(Instant now) {
    act(now);
    if (screen_ == Screen::ComplaintWhen) {
        screen_ = Screen::ComplaintDescription;
    } else if (screen_ == Screen::ComplaintDescription) {
        const std::string description = composed_description();
        if (update_complaint_details([&](Complaint& c) { c.description = description; }))
            screen_ = Screen::ComplaintContactChoice;
    }
}

void Session::complaint_back(Instant now) {
    act(now);
    switch (screen_) {
        case Screen::ComplaintCategory:
            // Leaving before or after choosing: what was stored is kept and closed.
            end_session(now);
            reset_to_welcome(now);
            break;
        case Screen::ComplaintWhen: screen_ = Screen::ComplaintCategory; break;
        case Screen::ComplaintDescription: screen_ = Screen::ComplaintWhen; break;
        case Screen::ComplaintContactChoice: screen_ = Screen::ComplaintDescription; break;
        case Screen::ComplaintPdpa: screen_ = Screen::ComplaintContactChoice; break;
        case Screen::ComplaintContact:
            name_draft_.clear();
            phone_draft_.clear();
            contact_error_ = ContactError::None;
            screen_ = Screen::ComplaintContactChoice;
            break;
        default: break;
    }
}

void Session::close_complaint(bool with_contact, Instant now) {
    Complaint final = *complaint_;
    final.anonymous = !with_contact;
    if (with_contact) {
        final.contact_name = name_draft_;
        final.contact_phone = *normalize_thai_phone(phone_draft_);
    }
    Entry closed = *entry_;
    closed.state = SessionState::Closed;
    Complaint stored;
    if (!store([&] { stored = sink_.close_complaint(closed, final, true, now.wall_ms); })) return;
    entry_ = std::move(closed);
    complaint_ = std::move(stored);
    name_draft_.clear();
    phone_draft_.clear();
    previous_visitor_ms_ = acted_ms_;
    screen_ = Screen::ComplaintDone;
    complaint_done_until_ms_ = now.mono_ms + settings_.complaint_done_ms;
}

void Session::complain_anonymously(Instant now) {
    act(now);
    if (screen_ != Screen::ComplaintContactChoice || !complaint_) return;
    close_complaint(false, now);
}

void Session::want_to_leave_contact(Instant now) {
    act(now);
    if (screen_ != Screen::ComplaintContactChoice) return;
    screen_ = Screen::ComplaintPdpa;
}

void Session::accept_pdpa(Instant now) {
    act(now);
    if (screen_ != Screen::ComplaintPdpa) return;
    pdpa_accepted_ = true;
    contact_focus_ = Field::Name;
    screen_ = Screen::ComplaintContact;
}

void Session::focus_field(Field field, Instant now) {
    act(now);
    if (screen_ == Screen::ComplaintContact && (field == Field::Name || field == Field::Phone)) contact_focus_ = field;
}

bool Session::submit_contact(Instant now) {
    act(now);
    if (screen_ != Screen::ComplaintContact || !pdpa_accepted_ || !complaint_) return false;
    std::string name = name_draft_;
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    if (name.empty()) {
        contact_error_ = ContactError::Name;
        contact_focus_ = Field::Name;
        return false;
    }
    if (!normalize_thai_phone(phone_draft_)) {
        contact_error_ = ContactError::Phone;
        contact_focus_ = Field::Phone;
        return false;
    }
    contact_error_ = ContactError::None;
    name_draft_ = name;
    close_complaint(true, now);
    return screen_ == Screen::ComplaintDone;
}

void Session::open_admin(Instant now) {
    act(now);
    if (screen_ != Screen::Welcome) return;
    welcome_dirty_ = false;
    pin_draft_.clear();
    screen_ = Screen::AdminPin;
}

void Session::admin_unlocked(Instant now) {
    act(now);
    if (screen_ != Screen::AdminPin) return;
    pin_draft_.clear();
    screen_ = Screen::Admin;
}

void Session::leave_admin(Instant now) {
    act(now);
    if (screen_ == Screen::AdminPin || screen_ == Screen::Admin) reset_to_welcome(now);
}

Field Session::active_field() const {
    switch (screen_) {
        case Screen::AdminPin: return Field::Pin;
        case Screen::Comment: return Field::Comment;
        case Screen::ComplaintDescription: return Field::Description;
        case Screen::ComplaintContact: return pdpa_accepted_ ? contact_focus_ : Field::None;
        default: return Field::None;
    }
}

const std::string& Session::field_text(Field field) const {
    static const std::string kEmpty;
    switch (field) {
        case Field::Comment: return draft_comment_;
        case Field::Description: return description_draft_;
        case Field::Name: return name_draft_;
        case Field::Phone: return phone_draft_;
        case Field::Pin: return pin_draft_;
        case Field::None: break;
    }
    return kEmpty;
}

void Session::set_field_text(Field field, std::string text, Instant now) {
    if (field != active_field()) return;
    act(now);
    switch (field) {
        case Field::Comment:
            if (text != draft_comment_) comment_typed_ = true;
            draft_comment_ = std::move(text);
            break;
        case Field::Description: description_draft_ = std::move(text); break;
        case Field::Name: name_draft_ = std::move(text); break;
        case Field::Phone:
            phone_draft_ = std::move(text);
            if (contact_error_ == ContactError::Phone) contact_error_ = ContactError::None;
            break;
        case Field::Pin: pin_draft_ = std::move(text); break;
        case Field::None: break;
    }
}

std::size_t Session::field_limit(Field field) const {
    switch (field) {
        case Field::Comment: return settings_.max_comment_chars;
        case Field::Description: return settings_.max_comment_chars;
        case Field::Name: return 80;
        case Field::Phone: return 16;
        case Field::Pin: return 12;
        case Field::None: return 0;
    }
    return 0;
}

void Session::more_time(Instant now) {
    act(now);
    if (followup_countdown()) followup_more_time_ = true;
}

void Session::end_session(Instant now) { end_session_ok(now); }

bool Session::end_session_ok(Instant now) {
    if (entry_ && entry_->state == SessionState::Open) {
        Entry closed = *entry_;
        closed.state = SessionState::Closed;
        // If this fails the entry stays open in the store and is closed at the next start;
        // the visitor's answers are already durable either way. A complaint left half-way is
        // kept as it is (no reference number: nobody saw one) and never gets contact details.
        const bool ok = complaint_ ? store([&] { sink_.close_complaint(closed, *complaint_, false, now.wall_ms); })
                                   : store([&] { sink_.close(closed); });
        if (ok) {
            previous_visitor_ms_ = acted_ms_;
            entry_->state = SessionState::Closed;
        }
        return ok;
    }
    return true;
}

void Session::reset_to_welcome(std::optional<Instant> now) {
    screen_ = Screen::Welcome;
    welcome_since_ms_ = now ? std::optional<std::int64_t>(now->mono_ms) : std::nullopt;
    dimmed_ = false;
    entry_.reset();
    draft_comment_.clear();
    complaint_.reset();
    chips_.clear();
    when_.clear();
    description_draft_.clear();
    name_draft_.clear();
    phone_draft_.clear();
    pin_draft_.clear();
    contact_focus_ = Field::Name;
    pdpa_accepted_ = false;
    contact_error_ = ContactError::None;
    complaint_done_until_ms_.reset();
    language_ = settings_.default_language;
    large_text_ = settings_.default_large_text;
    high_contrast_ = settings_.default_high_contrast;
    warning_since_ms_.reset();
    thank_you_until_ms_.reset();
    welcome_dirty_ = false;
    comment_typed_ = false;
    followup_more_time_ = false;
    rated_too_soon_ = false;
}

void Session::tick(Instant now) {
    advance_timers(now);
    if (screen_ == Screen::Welcome) update_welcome(now);
}

void Session::update_welcome(Instant now) {
    if (!welcome_since_ms_) welcome_since_ms_ = now.mono_ms;
    // Office hours are wall-clock; the next opening or closing is kept as a monotonic deadline
    // (for next_deadline()), recomputed at every tick, so a clock change is caught at the
    // next wake-up.
    const int offset = local_offset_min(now.wall_ms);
    closed_ = !settings_.office_hours.is_open(now.wall_ms, offset);
    const auto change = settings_.office_hours.next_change(now.wall_ms, offset);
    office_change_ms_ = change ? std::optional<std::int64_t>(now.mono_ms + std::max<std::int64_t>(0, *change - now.wall_ms))
                               : std::nullopt;
    if (!closed_) {
        closed_since_ms_.reset();
        dimmed_ = false;  // the office opened: the screen lights up by itself
        return;
    }
    if (!closed_since_ms_) closed_since_ms_ = now.mono_ms;
    if (const auto at = dim_at(); at && now.mono_ms >= *at) dimmed_ = true;
}

std::optional<std::int64_t> Session::dim_at() const {
    // Counted from the latest of: the last touch, Welcome appearing, the office closing.
    if (!closed_ || dimmed_ || settings_.dim_when_closed_ms <= 0 || !welcome_since_ms_ || !closed_since_ms_)
        return std::nullopt;
    return std::max({last_input_ms_, *welcome_since_ms_, *closed_since_ms_}) + settings_.dim_when_closed_ms;
}

void Session::advance_timers(Instant now) {
    if ((thank_you_until_ms_ && now.mono_ms >= *thank_you_until_ms_) ||
        (complaint_done_until_ms_ && now.mono_ms >= *complaint_done_until_ms_)) {
        reset_to_welcome(now);
        return;
    }
    if (screen_ == Screen::Welcome) {
        if (welcome_dirty_ && now.mono_ms - last_input_ms_ >= settings_.idle_timeout_ms) reset_to_welcome(now);
        return;
    }
    if (screen_ == Screen::ThankYou || screen_ == Screen::ComplaintDone) return;
    if (followup_countdown()) {
        // One visitor, one entry: the follow-up goes back to Welcome on its own, the answer
        // kept (closed as it stands), without the long warning meant for someone typing.
        warning_since_ms_.reset();
        if (now.mono_ms >= followup_deadline()) {
            end_session(now);
            reset_to_welcome(now);
        }
        return;
    }
    if (!warning_since_ms_ && now.mono_ms - last_input_ms_ >= settings_.idle_timeout_ms)
        warning_since_ms_ = now.mono_ms;
    if (warning_since_ms_ && now.mono_ms - *warning_since_ms_ >= settings_.idle_warning_ms) {
        end_session(now);
        reset_to_welcome(now);
    }
}

std::optional<std::int64_t> Session::next_deadline() const {
    if (thank_you_until_ms_) return *thank_you_until_ms_;
    if (complaint_done_until_ms_) return *complaint_done_until_ms_;
    if (screen_ == Screen::Welcome) {
        std::optional<std::int64_t> next;
        const auto earliest = [&next](std::int64_t at) { next = next ? std::min(*next, at) : at; };
        if (welcome_dirty_) earliest(last_input_ms_ + settings_.idle_timeout_ms);
        if (office_change_ms_) earliest(*office_change_ms_);  // the banner appears or goes
        if (const auto at = dim_at()) earliest(*at);
        return next;
    }
    if (followup_countdown()) return followup_deadline();
    if (warning_since_ms_) return *warning_since_ms_ + settings_.idle_warning_ms;
    return last_input_ms_ + settings_.idle_timeout_ms;
}

}  // namespace feedback::core
