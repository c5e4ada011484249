// The retry policy's rules (DESIGN.md §6), proved without a clock, a network or luck: the
// jitter draw and "now" are passed in.
#include <catch2/catch.hpp>

#include "retry_policy.h"

using namespace feedback::sync;
using namespace std::chrono_literals;

namespace {

Attempt ok_response() { return Attempt::http(200); }

Attempt malformed_200() {
    Attempt a = Attempt::http(200);
    a.body_valid = false;
    return a;
}

}  // namespace

TEST_CASE("outcomes are classified as the design says", "[retry]") {
    CHECK(classify(ok_response()) == OutcomeClass::Success);
    CHECK(classify(Attempt::http(202)) == OutcomeClass::Success);
    CHECK(classify(Attempt::transport()) == OutcomeClass::Transient);
    CHECK(classify(malformed_200()) == OutcomeClass::Transient);
    Attempt nothing_acked = Attempt::http(200);
    nothing_acked.progress = false;
    CHECK(classify(nothing_acked) == OutcomeClass::Transient);
    for (int status : {408, 429, 500, 502, 503, 504, 599})
        CHECK(classify(Attempt::http(status)) == OutcomeClass::Transient);
    CHECK(classify(Attempt::http(413)) == OutcomeClass::TooLarge);
    CHECK(classify(Attempt::http(401)) == OutcomeClass::Unauthorized);
    CHECK(classify(Attempt::http(403)) == OutcomeClass::Unauthorized);
    // Our request or their server is wrong: logged and retried, never a reason to drop entries.
    for (int status : {400, 404, 405, 409, 415, 422, 301, 302, 100})
        CHECK(classify(Attempt::http(status)) == OutcomeClass::Transient);
}

TEST_CASE("full-jitter backoff doubles its window up to the cap", "[retry]") {
    const Millis base = 1000ms, cap = 300'000ms;
    CHECK(full_jitter_backoff(base, cap, 1, 0.0) == 0ms);
    CHECK(full_jitter_backoff(base, cap, 1, 0.5) == 500ms);
    CHECK(full_jitter_backoff(base, cap, 2, 0.5) == 1000ms);
    CHECK(full_jitter_backoff(base, cap, 3, 0.5) == 2000ms);
    CHECK(full_jitter_backoff(base, cap, 4, 0.999999) <= 8000ms);
    CHECK(full_jitter_backoff(base, cap, 4, 0.999999) >= 7999ms);
    // 2^8 s = 256 s, 2^9 s would pass the 300 s cap.
    CHECK(full_jitter_backoff(base, cap, 9, 0.5) == 128'000ms);
    CHECK(full_jitter_backoff(base, cap, 10, 0.5) == 150'000ms);
    CHECK(full_jitter_backoff(base, cap, 10, 1.0) == cap);
    // A week of failures neither overflows nor exceeds the cap.
    CHECK(full_jitter_backoff(base, cap, 1'000'000, 0.75) == 225'000ms);
    CHECK(full_jitter_backoff(base, cap, 0, 0.5) == 0ms);
}

TEST_CASE("the jitter covers the whole window", "[retry]") {
    // Full jitter, not "base plus a little": draws near 0 give near-immediate retries.
    for (double u : {0.0, 0.1, 0.25, 0.5, 0.75, 0.99}) {
        const auto d = full_jitter_backoff(1000ms, 60'000ms, 5, u);  // window 16 s
        CHECK(d == Millis{static_cast<long long>(u * 16'000)});
    }
}

TEST_CASE("transient failures back off, honouring Retry-After as a minimum", "[retry]") {
    RetrySettings s;
    s.base = 1000ms;
    s.cap = 60'000ms;
    s.max_retry_after = 600'000ms;
    RetryPolicy p(s);

    auto d = p.after(Attempt::transport(), 0.5);
    CHECK(d.action == Decision::Action::Wait);
    CHECK(d.outcome == OutcomeClass::Transient);
    CHECK(d.delay == 500ms);
    CHECK(p.failures() == 1);

    d = p.after(Attempt::http(503), 0.5);
    CHECK(d.delay == 1000ms);
    CHECK(p.failures() == 2);

    // 429 with Retry-After: 30 -> at least 30 s even though the jitter drew 0.
    d = p.after(Attempt::http(429, Millis{30'000}), 0.0);
    CHECK(d.action == Decision::Action::Wait);
    CHECK(d.delay == 30'000ms);

    // A Retry-After shorter than the drawn backoff does not shorten it.
    d = p.after(Attempt::http(503, Millis{1000}), 0.5);  // failures 4: window 8 s
    CHECK(d.delay == 4000ms);

    // An absurd Retry-After is capped: a bad reply must not park the kiosk for a year.
    d = p.after(Attempt::http(503, Millis{365LL * 86'400'000}), 0.0);
    CHECK(d.delay == 600'000ms);

    // Success resets the streak.
    d = p.after(ok_response(), 0.5);
    CHECK(d.action == Decision::Action::SendNow);
    CHECK(p.failures() == 0);
    CHECK(p.after(malformed_200(), 0.5).delay == 500ms);
}

TEST_CASE("nothing is ever given up on", "[retry]") {
    RetrySettings s;
    s.cap = 300'000ms;
    RetryPolicy p(s);
    Decision d;
    for (int i = 0; i < 10'000; ++i) d = p.after(Attempt::transport(), 0.999);
    CHECK(d.action == Decision::Action::Wait);
    CHECK(d.delay <= s.cap);
    CHECK(d.delay > 290'000ms);
    CHECK(p.failures() == 10'000);
    CHECK(p.batch_size() == s.batch_size);
    CHECK(p.after(ok_response(), 0.5).action == Decision::Action::SendNow);
}

TEST_CASE("413 halves the batch down to one entry, then backs off", "[retry]") {
    RetrySettings s;
    s.batch_size = 200;
    RetryPolicy p(s);
    std::vector<std::size_t> sizes;
    for (int i = 0; i < 7; ++i) {
        const auto d = p.after(Attempt::http(413), 0.5);
        CHECK(d.outcome == OutcomeClass::TooLarge);
        CHECK(d.action == Decision::Action::SendNow);
        CHECK(d.delay == 0ms);
        sizes.push_back(p.batch_size());
    }
    CHECK(sizes == std::vector<std::size_t>{100, 50, 25, 12, 6, 3, 1});
    CHECK(p.failures() == 0);
    // A single entry that is still too large is kept and retried with backoff, never dropped.
    const auto d = p.after(Attempt::http(413), 0.5);
    CHECK(d.outcome == OutcomeClass::TooLarge);
    CHECK(d.action == Decision::Action::Wait);
    CHECK(d.delay == 500ms);
    CHECK(p.batch_size() == 1);
    CHECK(p.failures() == 1);
}

TEST_CASE("a halved batch grows back gradually after successes", "[retry]") {
    RetrySettings s;
    s.batch_size = 200;
    s.restore_after = 3;
    RetryPolicy p(s);
    p.after(Attempt::http(413), 0.5);
    p.after(Attempt::http(413), 0.5);
    REQUIRE(p.batch_size() == 50);
    p.after(ok_response(), 0.5);
    p.after(ok_response(), 0.5);
    CHECK(p.batch_size() == 50);
    p.after(ok_response(), 0.5);
    CHECK(p.batch_size() == 100);
    // A failure in between does not count as a success.
    p.after(ok_response(), 0.5);
    p.after(Attempt::transport(), 0.5);
    p.after(ok_response(), 0.5);
    CHECK(p.batch_size() == 100);
    p.after(ok_response(), 0.5);
    CHECK(p.batch_size() == 200);
    for (int i = 0; i < 10; ++i) p.after(ok_response(), 0.5);
    CHECK(p.batch_size() == 200);  // never above the configured size
}

TEST_CASE("401 and 403 stop and wait for new credentials", "[retry]") {
    RetrySettings s;
    s.auth_retry = 3'600'000ms;
    RetryPolicy p(s);
    for (int status : {401, 403}) {
        const auto d = p.after(Attempt::http(status, Millis{5000}), 0.5);
        CHECK(d.outcome == OutcomeClass::Unauthorized);
        CHECK(d.action == Decision::Action::WaitForCredentials);
        CHECK(d.delay == 3'600'000ms);
    }
    CHECK(p.failures() == 0);  // not a network streak: the transient backoff is unaffected
    CHECK(p.after(ok_response(), 0.5).action == Decision::Action::SendNow);
}

TEST_CASE("a batch size of zero is treated as one", "[retry]") {
    RetrySettings s;
    s.batch_size = 0;
    CHECK(RetryPolicy(s).batch_size() == 1);
}
