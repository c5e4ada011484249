// When to try again, and with how many entries: the sync client's retry policy (DESIGN.md §6).
//
// Why a pure component: every rule here ("429 with Retry-After: 120 waits at least two
// minutes", "413 halves the batch", "401 stops") must be provable by a unit test in
// microseconds, without a server, a clock or luck. So nothing in this file reads a clock or a
// random source: the caller passes the jitter draw (a number in [0, 1)) and "now" in, and gets
// a delay out. The daemon owns the real clock and the random generator.
//
// The rules:
// - Transient failures (network error, timeout, 408, 429, 5xx, a 2xx whose body is not a valid
//   response, a 2xx that acknowledges nothing, and 400/415/422 and other unexpected statuses —
//   those are logged with their reason but never make the kiosk drop anything) back off
//   exponentially with FULL jitter: delay = U[0,1) × min(cap, base × 2^(failures-1)). Full
//   jitter spreads hundreds of kiosks that lost the same collector at the same moment over the
//   whole window instead of letting them return in lock-step.
// - Retry-After (seconds or an HTTP-date, read by libcurl in the uploader) is honoured as a
//   minimum, but never more than max_retry_after (default 1 h): a buggy or hostile reply must
//   not park a kiosk for a year.
// - 413 halves the batch size (minimum 1) and retries at once; after restore_after successes
//   in a row it doubles again, up to the configured size. A single entry that is still too
//   large backs off like any transient failure: it is never dropped.
// - 401/403 stop: the caller raises the alert and waits auth_retry (default 1 h) or until the
//   token file changes.
// - Nothing is ever given up on: there is no attempt limit.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace feedback::sync {

using Millis = std::chrono::milliseconds;

struct RetrySettings {
    Millis base{1000};
    Millis cap{5 * 60 * 1000};
    Millis auth_retry{60 * 60 * 1000};
    Millis max_retry_after{60 * 60 * 1000};
    std::size_t batch_size = 200;      // the configured (largest) batch
    int restore_after = 4;             // successes in a row before a halved batch doubles again
};

// What one request came to, in the terms the policy decides on.
struct Attempt {
    enum class Kind {
        Transport,  // no HTTP status: DNS, connect, TLS, timeout, stall, connection dropped
        Http,       // a status line arrived
    };
    Kind kind = Kind::Http;
    int status = 0;                     // Http only
    bool body_valid = true;             // 2xx only: the body decoded as a response to our batch
    bool progress = true;               // 2xx only: at least one entry was acknowledged
    std::optional<Millis> retry_after;  // from the Retry-After header, already parsed

    static Attempt transport() { return {Kind::Transport, 0, false, false, std::nullopt}; }
    static Attempt http(int status, std::optional<Millis> retry_after = std::nullopt) {
        return {Kind::Http, status, true, true, retry_after};
    }
};

enum class OutcomeClass {
    Success,       // 2xx, valid body, something acknowledged
    Transient,     // try the same again later
    TooLarge,      // 413: send fewer
    Unauthorized,  // 401/403: stop and alert
};

OutcomeClass classify(const Attempt& attempt);
std::string_view to_string(OutcomeClass outcome);

struct Decision {
    enum class Action {
        SendNow,             // go on with the next batch
        Wait,                // sleep `delay` (interruptible only by a stop request), then retry
        WaitForCredentials,  // alert; sleep `delay` or until the token file changes
    };
    Action action = Action::SendNow;
    Millis delay{0};
    OutcomeClass outcome = OutcomeClass::Success;
};

// min(cap, base × 2^(failures-1)) scaled by unit ∈ [0, 1); failures ≥ 1. Overflow-safe.
Millis full_jitter_backoff(Millis base, Millis cap, int failures, double unit);

class RetryPolicy {
public:
    explicit RetryPolicy(RetrySettings settings);

    // Entries to put in the next batch.
    std::size_t batch_size() const noexcept { return batch_size_; }
    // Transient failures in a row (0 after a success).
    int failures() const noexcept { return failures_; }
    const RetrySettings& settings() const noexcept { return settings_; }

    // Records an attempt and says what to do next. jitter_unit ∈ [0, 1) is the caller's random
    // draw (used only when the decision is to back off).
    Decision after(const Attempt& attempt, double jitter_unit);

private:
    RetrySettings settings_;
    std::size_t batch_size_;
    int failures_ = 0;
    int successes_at_size_ = 0;
};

}  // namespace feedback::sync
