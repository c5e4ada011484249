#include "core/session.h"

#include <algorithm>

#include "core/clock.h"
#include "core/uuid.h"

namespace feedback::core {

std::string_view to_string(Screen screen) {
    switch (screen) {
        case Screen::Welcome: return "welcome";
        case Screen::FollowUp: return "followup";
        case Screen::Comment: return "comment";
        case Screen::ThankYou: return "thankyou";
        case Screen::Complaint: return "complaint";
    }
    return "unknown";
}

Session::Session(const Survey& survey, SessionSettings settings, EntrySink& sink)
    : survey_(survey), settings_(std::move(settings)), sink_(sink) {
    settings_.idle_warning_ms = std::max<std::int64_t>(settings_.idle_warning_ms, 20'000);
    reset_to_welcome();
}

int Session::warning_seconds_left(std::int64_t now_ms) const {
    if (!warning_since_ms_) return 0;
    const std::int64_t left = *warning_since_ms_ + settings_.idle_warning_ms - now_ms;
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

void Session::touched(std::int64_t now_ms) {
    last_input_ms_ = now_ms;
    // A touch anywhere answers the warning as well as the button does: the visitor is there.
    warning_since_ms_.reset();
}

void Session::set_language(const std::string& language, std::int64_t now_ms) {
    touched(now_ms);
    if (language != "th" && language != "en") return;
    language_ = language;
    if (screen_ == Screen::Welcome) welcome_dirty_ = true;
    if (entry_ && entry_->state == SessionState::Open && entry_->language != language) {
        Entry changed = *entry_;
        changed.language = language;
        if (store([&] { sink_.update(changed); })) entry_ = std::move(changed);
    }
}

void Session::toggle_large_text(std::int64_t now_ms) {
    touched(now_ms);
    large_text_ = !large_text_;
    if (screen_ == Screen::Welcome) welcome_dirty_ = true;
}

void Session::toggle_high_contrast(std::int64_t now_ms) {
    touched(now_ms);
    high_contrast_ = !high_contrast_;
    if (screen_ == Screen::Welcome) welcome_dirty_ = true;
}

bool Session::rate(int rating, std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::Welcome || rating < kMinRating || rating > kMaxRating) return false;
    Entry e;
    e.created_utc_ms = now_ms;
    e.id = make_uuid_v7(now_ms);
    e.utc_offset_min = local_offset_min(now_ms);
    e.kind = EntryKind::Rating;
    e.rating = rating;
    e.device_id = settings_.device_id;
    e.survey_version = survey_.version;
    e.language = language_;
    e.state = SessionState::Open;
    e.misuse = settings_.misuse_interval_ms > 0 && last_completed_ms_ &&
               now_ms - *last_completed_ms_ < settings_.misuse_interval_ms;
    if (!store([&] { sink_.add(e); })) return false;
    entry_ = std::move(e);
    welcome_dirty_ = false;
    screen_ = Screen::FollowUp;
    return true;
}

void Session::toggle_reason(const std::string& reason_id, std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::FollowUp || !entry_ || !survey_.find_reason(reason_id)) return;
    Entry changed = *entry_;
    auto it = std::find(changed.reasons.begin(), changed.reasons.end(), reason_id);
    if (it == changed.reasons.end())
        changed.reasons.push_back(reason_id);
    else
        changed.reasons.erase(it);
    if (store([&] { sink_.update(changed); })) entry_ = std::move(changed);
}

void Session::choose_service_point(const std::string& id, std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::FollowUp || !entry_ || !survey_.find_service_point(id)) return;
    Entry changed = *entry_;
    changed.service_point = changed.service_point == id ? std::string() : id;
    if (store([&] { sink_.update(changed); })) entry_ = std::move(changed);
}

void Session::answer_dimension(const std::string& id, int level, std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::FollowUp || !entry_ || !survey_.find_dimension(id)) return;
    if (level < kMinRating || level > kMaxRating) return;
    Entry changed = *entry_;
    auto it = changed.dimensions.find(id);
    if (it != changed.dimensions.end() && it->second == level)
        changed.dimensions.erase(it);  // tapping the chosen level again clears it
    else
        changed.dimensions[id] = level;
    if (store([&] { sink_.update(changed); })) entry_ = std::move(changed);
}

void Session::open_comment(std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::FollowUp || !entry_) return;
    draft_comment_ = entry_->comment;
    screen_ = Screen::Comment;
}

void Session::set_draft_comment(std::string text, std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::Comment) return;
    draft_comment_ = std::move(text);
}

void Session::save_comment(std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::Comment || !entry_) return;
    Entry changed = *entry_;
    changed.comment = draft_comment_;
    if (!store([&] { sink_.update(changed); })) return;
    entry_ = std::move(changed);
    draft_comment_.clear();
    screen_ = Screen::FollowUp;
}

void Session::cancel_comment(std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::Comment) return;
    draft_comment_.clear();
    screen_ = Screen::FollowUp;
}

void Session::finish(std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::FollowUp || !entry_) return;
    Entry closed = *entry_;
    closed.state = SessionState::Closed;
    if (!store([&] { sink_.close(closed); })) return;
    entry_ = std::move(closed);
    last_completed_ms_ = now_ms;
    screen_ = Screen::ThankYou;
    thank_you_until_ms_ = now_ms + settings_.thank_you_ms;
}

void Session::start_complaint(std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ != Screen::Welcome) return;
    welcome_dirty_ = false;
    screen_ = Screen::Complaint;
}

void Session::back_to_welcome(std::int64_t now_ms) {
    touched(now_ms);
    if (screen_ == Screen::Complaint || screen_ == Screen::ThankYou) reset_to_welcome();
}

void Session::more_time(std::int64_t now_ms) { touched(now_ms); }

void Session::end_session(std::int64_t now_ms) {
    if (entry_ && entry_->state == SessionState::Open) {
        Entry closed = *entry_;
        closed.state = SessionState::Closed;
        // If this fails the entry stays open in the store and is closed at the next start;
        // the visitor's answers are already durable either way.
        if (store([&] { sink_.close(closed); })) last_completed_ms_ = now_ms;
    }
}

void Session::reset_to_welcome() {
    screen_ = Screen::Welcome;
    entry_.reset();
    draft_comment_.clear();
    language_ = settings_.default_language;
    large_text_ = settings_.default_large_text;
    high_contrast_ = settings_.default_high_contrast;
    warning_since_ms_.reset();
    thank_you_until_ms_.reset();
    welcome_dirty_ = false;
}

void Session::tick(std::int64_t now_ms) {
    if (thank_you_until_ms_ && now_ms >= *thank_you_until_ms_) {
        reset_to_welcome();
        return;
    }
    if (screen_ == Screen::Welcome) {
        if (welcome_dirty_ && now_ms - last_input_ms_ >= settings_.idle_timeout_ms) reset_to_welcome();
        return;
    }
    if (screen_ == Screen::ThankYou) return;
    if (!warning_since_ms_ && now_ms - last_input_ms_ >= settings_.idle_timeout_ms)
        warning_since_ms_ = now_ms;
    if (warning_since_ms_ && now_ms - *warning_since_ms_ >= settings_.idle_warning_ms) {
        end_session(now_ms);
        reset_to_welcome();
    }
}

std::optional<std::int64_t> Session::next_deadline() const {
    if (thank_you_until_ms_) return *thank_you_until_ms_;
    if (screen_ == Screen::Welcome) {
        if (welcome_dirty_) return last_input_ms_ + settings_.idle_timeout_ms;
        return std::nullopt;
    }
    if (warning_since_ms_) return *warning_since_ms_ + settings_.idle_warning_ms;
    return last_input_ms_ + settings_.idle_timeout_ms;
}

}  // namespace feedback::core
