// Passwords, lockout and sessions of the console (see auth.h for the rules and why).
#include "auth.h"

#include <sodium.h>
#include <time.h>

#include <array>
#include <stdexcept>

namespace feedback::console {
namespace {

void ensure_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
}

std::string hex(const unsigned char* data, std::size_t size) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += kHex[data[i] >> 4];
        out += kHex[data[i] & 0x0F];
    }
    return out;
}

std::string token_key(const std::string& token) {
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    return hex(digest.data(), digest.size());
}

// Made once: the hash an unknown user's password is checked against, so that a wrong name
// costs the same Argon2id work as a wrong password.
const std::string& dummy_hash() {
    static const std::string hash = hash_password("not a password of anybody");
    return hash;
}

// collector_clock()'s anchor: the wall clock and the boot clock read together, once.
struct Anchor {
    std::chrono::nanoseconds wall;
    std::chrono::nanoseconds boot;
};

std::chrono::nanoseconds boot_now() {
    timespec ts{};
    ::clock_gettime(CLOCK_BOOTTIME, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

const Anchor& anchor() {
    static const Anchor a{std::chrono::duration_cast<std::chrono::nanoseconds>(
                              std::chrono::system_clock::now().time_since_epoch()),
                          boot_now()};
    return a;
}

// Taken while the program starts (static initialisation), not at the first sign-in: the
// systemd unit orders the start after time-sync.target, so this is the synchronised clock.
[[maybe_unused]] const Anchor& kAnchorAtStart = anchor();

}  // namespace

std::chrono::steady_clock::time_point collector_clock() {
    const Anchor& a = anchor();
    return std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(a.wall + (boot_now() - a.boot)));
}

std::string password_problem(std::string_view password) {
    // Characters, not bytes: a Thai password of 10 letters is 30 bytes.
    std::size_t chars = 0;
    for (const char c : password)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
    if (chars < kMinPasswordChars)
        return "the password must be at least " + std::to_string(kMinPasswordChars) + " characters";
    if (password.size() > 1024) return "the password is longer than 1024 bytes";
    return "";
}

std::string hash_password(std::string_view password) {
    ensure_sodium();
    char hash[crypto_pwhash_STRBYTES];
    // Interactive limits, as the kiosk's PIN: ~0.1 s and 64 MiB per sign-in.
    if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("not enough memory to hash the password");
    return hash;
}

bool verify_password(const std::optional<std::string>& hash, std::string_view password) {
    ensure_sodium();
    const std::string& against = hash ? *hash : dummy_hash();
    const bool ok = crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
    return ok && hash.has_value();
}

std::string random_token() {
    ensure_sodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string out = hex(bytes.data(), bytes.size());
    sodium_memzero(bytes.data(), bytes.size());
    return out;
}

bool same_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size() || a.empty()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::chrono::milliseconds lockout_after(const LockoutPolicy& policy, unsigned failures) {
    if (failures < policy.free_failures) return std::chrono::milliseconds(0);
    auto delay = policy.first;
    for (unsigned i = policy.free_failures; i < failures && delay < policy.max; ++i) delay *= 2;
    return std::min(delay, policy.max);
}

std::int64_t LoginThrottle::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now_().time_since_epoch()).count();
}

void LoginThrottle::note(const std::string& kind, const std::string& key) {
    const std::int64_t now = now_ms();
    const std::int64_t forget = std::chrono::duration_cast<std::chrono::milliseconds>(policy_.forget_after).count();
    const unsigned count = store_.add_failure(kind, key, now, now - forget);
    // Never lowers a lockout another collector set meanwhile (lock_until keeps the later end).
    store_.lock_until(kind, key, now + lockout_after(policy_, count).count());
}

std::chrono::milliseconds LoginThrottle::left(const std::string& kind, const std::string& key) {
    const std::int64_t until = store_.locked_until(kind, key);
    const std::int64_t now = now_ms();
    return std::chrono::milliseconds(until > now ? until - now : 0);
}

std::chrono::milliseconds LoginThrottle::locked(const std::string& user, const std::string& address) {
    return std::max(left("user", user), left("address", address));
}

void LoginThrottle::failed(const std::string& user, const std::string& address) {
    note("user", user);
    note("address", address);
}

void LoginThrottle::succeeded(const std::string& user, const std::string& address) {
    store_.clear_failures("user", user);
    store_.clear_failures("address", address);
}

std::int64_t Sessions::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now_().time_since_epoch()).count();
}

std::string Sessions::open(const User& user) {
    const std::string token = random_token();
    StoredSession s;
    s.user = user.name;
    s.office = user.office;
    s.role = user.role;
    s.csrf = random_token();
    s.last_seen_ms = now_ms();
    const std::int64_t idle = std::chrono::duration_cast<std::chrono::milliseconds>(idle_).count();
    // Expired sessions are dropped now, so the table cannot grow without end.
    store_.open_session(token_key(token), s, s.last_seen_ms - idle);
    return token;
}

std::optional<Session> Sessions::find(const std::string& token) {
    if (token.empty()) return std::nullopt;
    const std::int64_t now = now_ms();
    const std::int64_t idle = std::chrono::duration_cast<std::chrono::milliseconds>(idle_).count();
    const auto stored = store_.touch_session(token_key(token), now, now - idle);
    if (!stored) return std::nullopt;
    return Session{stored->user, stored->office, stored->role, stored->csrf};
}

void Sessions::close(const std::string& token) {
    if (token.empty()) return;
    store_.close_session(token_key(token));
}

}  // namespace feedback::console
