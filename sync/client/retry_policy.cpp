// The retry policy's arithmetic; the rules and why they are pure are in retry_policy.h.
#include "retry_policy.h"

#include <algorithm>
#include <cmath>

namespace feedback::sync {

OutcomeClass classify(const Attempt& a) {
    if (a.kind == Attempt::Kind::Transport) return OutcomeClass::Transient;
    if (a.status >= 200 && a.status < 300)
        return a.body_valid && a.progress ? OutcomeClass::Success : OutcomeClass::Transient;
    if (a.status == 413) return OutcomeClass::TooLarge;
    if (a.status == 401 || a.status == 403) return OutcomeClass::Unauthorized;
    // 408, 429, 5xx are transient by definition; 400/415/422, redirects and anything else are
    // "our request or their server is wrong": logged with the reason by the caller, retried
    // with backoff, because dropping an answer is the one thing the kiosk must never do.
    return OutcomeClass::Transient;
}

std::string_view to_string(OutcomeClass outcome) {
    switch (outcome) {
        case OutcomeClass::Success: return "success";
        case OutcomeClass::Transient: return "transient failure";
        case OutcomeClass::TooLarge: return "batch too large";
        case OutcomeClass::Unauthorized: return "unauthorized";
    }
    return "?";
}

Millis full_jitter_backoff(Millis base, Millis cap, int failures, double unit) {
    if (failures < 1 || base.count() <= 0 || cap.count() <= 0) return Millis{0};
    // Doubling stops once it passes the cap, so no shift can overflow however long the outage.
    std::int64_t window = base.count();
    for (int i = 1; i < failures && window < cap.count(); ++i) window *= 2;
    window = std::min(window, static_cast<std::int64_t>(cap.count()));
    unit = std::clamp(unit, 0.0, 1.0);
    auto delay = static_cast<std::int64_t>(std::floor(unit * static_cast<double>(window)));
    return Millis{std::min(delay, window)};
}

RetryPolicy::RetryPolicy(RetrySettings settings)
    : settings_(settings), batch_size_(std::max<std::size_t>(1, settings.batch_size)) {
    settings_.batch_size = batch_size_;
}

Decision RetryPolicy::after(const Attempt& attempt, double jitter_unit) {
    const OutcomeClass outcome = classify(attempt);
    Decision d;
    d.outcome = outcome;
    switch (outcome) {
        case OutcomeClass::Success:
            failures_ = 0;
            if (batch_size_ < settings_.batch_size && ++successes_at_size_ >= settings_.restore_after) {
                batch_size_ = std::min(settings_.batch_size, batch_size_ * 2);
                successes_at_size_ = 0;
            }
            d.action = Decision::Action::SendNow;
            return d;
        case OutcomeClass::TooLarge:
            successes_at_size_ = 0;
            if (batch_size_ > 1) {
                batch_size_ /= 2;
                d.action = Decision::Action::SendNow;
                return d;
            }
            break;  // one entry is still too large: back off like any transient failure
        case OutcomeClass::Unauthorized:
            d.action = Decision::Action::WaitForCredentials;
            d.delay = settings_.auth_retry;
            return d;
        case OutcomeClass::Transient: break;
    }
    ++failures_;
    d.action = Decision::Action::Wait;
    d.delay = full_jitter_backoff(settings_.base, settings_.cap, failures_, jitter_unit);
    if (attempt.retry_after) d.delay = std::max(d.delay, std::min(*attempt.retry_after, settings_.max_retry_after));
    return d;
}

}  // namespace feedback::sync
