// Staff sign-in for the console: passwords, the lockout after wrong passwords, sessions.
//
// Why these choices:
// - Passwords are stored only as Argon2id hashes (libsodium's crypto_pwhash_str, the same call
//   as the kiosk's staff PIN, kiosk/store/admin_pin.cpp) and must be at least 10 characters.
//   A sign-in for an unknown user verifies against a dummy hash, so the time taken does not
//   tell which user names exist.
// - The lockout follows the kiosk PIN's rule (kiosk/core/pin_policy.h) with the issue's
//   numbers: 5 free wrong passwords, then 30 s, doubling with every further one, capped at one
//   hour. It is counted separately per user name and per client address (a guesser spreading
//   over names is stopped by the address, a botnet against one name by the name); a sign-in
//   refused during a lockout checks no password at all. A correct password resets its user's
//   and its address's count.
// - Sessions are 256 random bits in an HttpOnly, SameSite=Strict cookie (Secure under TLS),
//   kept server-side by a hash of the token; a session ends 30 minutes after its last request
//   (server-side last-seen) and at sign-out. Each carries its own CSRF token, which every form
//   repeats and every POST must match.
// - Both live in the database (ConsoleStore, issue 20), so that collectors sharing one
//   PostgreSQL database behind a load balancer hold a sign-in made on any of them and count
//   wrong passwords together (a guesser gains nothing by spreading over collectors), and a
//   collector restart no longer forgets a lockout. The failure count is incremented by one
//   atomic statement.
// - Times are milliseconds since 1970 on the console's Clock, which in production is
//   collector_clock(): the wall clock read once when the process started, plus the boot clock
//   (CLOCK_BOOTTIME: monotonic, and counting a suspend, as the kiosk's waits do) since. Both
//   are waits — a lockout, the idle timeout — and the developers' rule is that anything that
//   waits runs on a monotonic clock: on the plain wall clock an NTP step or a hand-set date of
//   2 hours forward ended every lockout and signed everyone out, and 2 hours back stretched
//   each by 2 hours (tests/console/test_clock_step.cpp). They stay milliseconds since 1970,
//   not a bare monotonic reading, because other collectors read them from the shared database
//   and each process has its own monotonic zero (and a restart a new one).
//   The limit: collectors sharing a database agree only to within how far their wall clocks
//   differed when each started (and a restart re-anchors to the wall clock of that moment), so
//   a lockout set on one lasts that much longer or shorter on another. Hence the systemd unit
//   starts the collector after time-sync.target (deploy/systemd), and deploy/README.md §14
//   asks for NTP on every such server. Nothing shown to people as a date uses this clock: the
//   audit trail, case history, fleet and reports read the real wall clock.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "console_store.h"

namespace feedback::console {

using Clock = std::function<std::chrono::steady_clock::time_point()>;

// The console's production clock (see the header comment): the wall clock at process start
// plus the boot clock's time since, as milliseconds since 1970 in a steady_clock time point
// (the type the tests' fake clocks use). A wall-clock step while the process runs moves it not.
std::chrono::steady_clock::time_point collector_clock();

inline constexpr std::size_t kMinPasswordChars = 10;

// "" when usable, else why not (in English, for the command line).
std::string password_problem(std::string_view password);
// Argon2id hash in libsodium's string format. Throws std::runtime_error when out of memory.
std::string hash_password(std::string_view password);
// Verifies against `hash`; with no hash (unknown user) spends the same time and says false.
bool verify_password(const std::optional<std::string>& hash, std::string_view password);

// 256 random bits as 64 hex digits (libsodium's randombytes).
std::string random_token();
// Equal length and contents, compared without an early exit.
bool same_secret(std::string_view a, std::string_view b);

struct LockoutPolicy {
    unsigned free_failures = 5;
    std::chrono::milliseconds first{30'000};
    std::chrono::milliseconds max{60LL * 60 * 1000};
    std::chrono::hours forget_after{24};  // a count quiet this long starts again
};

// How long a sign-in must wait after `failures` consecutive wrong passwords: none for the
// first free_failures - 1, then first, 2×first, … up to max.
std::chrono::milliseconds lockout_after(const LockoutPolicy& policy, unsigned failures);

class LoginThrottle {
public:
    LoginThrottle(ConsoleStore& store, Clock now, LockoutPolicy policy = {})
        : store_(store), now_(std::move(now)), policy_(policy) {}

    // How long the user or the address is still locked out (zero: may try).
    std::chrono::milliseconds locked(const std::string& user, const std::string& address);
    void failed(const std::string& user, const std::string& address);
    void succeeded(const std::string& user, const std::string& address);

private:
    void note(const std::string& kind, const std::string& key);
    std::chrono::milliseconds left(const std::string& kind, const std::string& key);
    std::int64_t now_ms() const;

    ConsoleStore& store_;
    Clock now_;
    LockoutPolicy policy_;
};

struct Session {
    std::string user;
    std::string office;
    Role role = Role::Officer;
    std::string csrf;
};

class Sessions {
public:
    Sessions(ConsoleStore& store, Clock now, std::chrono::minutes idle = std::chrono::minutes(30))
        : store_(store), now_(std::move(now)), idle_(idle) {}

    // A new session; returns its cookie token.
    std::string open(const User& user);
    // The session of `token` if it exists and has not been idle too long; touches it.
    std::optional<Session> find(const std::string& token);
    void close(const std::string& token);

private:
    std::int64_t now_ms() const;

    ConsoleStore& store_;
    Clock now_;
    std::chrono::minutes idle_;
};

}  // namespace feedback::console
