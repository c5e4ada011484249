#include "store/admin_pin.h"

#include <sodium.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "core/pin_policy.h"
#include "store/store.h"

namespace feedback::store {
namespace {

constexpr const char* kHashKey = "admin.pin_hash";
constexpr const char* kFailuresKey = "admin.pin_failures";
constexpr const char* kLockedUntilKey = "admin.pin_locked_until_ms";          // wall clock, UTC ms
constexpr const char* kLockedUntilBootKey = "admin.pin_locked_until_boot";    // "<boot id> <boot ms>"

void ensure_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::int64_t setting_int(Store& store, const char* key) {
    const auto value = store.setting(key);
    try {
        return value ? std::stoll(*value) : 0;
    } catch (const std::exception&) {
        return 0;
    }
}

// What is left of the lockout at `now` (see admin_pin.h for why both clocks).
std::int64_t lockout_left_ms(Store& store, int failures, core::Instant now) {
    const std::int64_t cap = core::pin_lockout_ms(failures);
    if (cap <= 0) return 0;
    if (const auto boot = store.setting(kLockedUntilBootKey); boot && !core::boot_id().empty()) {
        std::istringstream in(*boot);
        std::string id;
        std::int64_t deadline = 0;
        if (in >> id >> deadline && id == core::boot_id()) return std::clamp<std::int64_t>(deadline - now.mono_ms, 0, cap);
    }
    return std::clamp<std::int64_t>(setting_int(store, kLockedUntilKey) - now.wall_ms, 0, cap);
}

void record_lockout(Store& store, int failures, std::int64_t delay_ms, core::Instant now) {
    store.set_setting(kFailuresKey, std::to_string(failures));
    store.set_setting(kLockedUntilKey, std::to_string(delay_ms > 0 ? now.wall_ms + delay_ms : 0));
    store.set_setting(kLockedUntilBootKey,
                      delay_ms > 0 ? core::boot_id() + " " + std::to_string(now.mono_ms + delay_ms) : std::string());
}

}  // namespace

void set_admin_pin(Store& store, const std::string& pin, const std::string& actor) {
    if (!core::is_valid_pin_format(pin.data(), pin.size()))
        throw std::invalid_argument("the PIN must be 4 to 12 digits");
    ensure_sodium();
    char hash[crypto_pwhash_STRBYTES];
    // Interactive limits: ~0.1 s and 64 MiB on a counter PC — slow for a guesser, instant for staff.
    if (crypto_pwhash_str(hash, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("not enough memory to hash the PIN");
    store.set_setting(kHashKey, hash);
    record_lockout(store, 0, 0, core::Instant::now());
    store.audit(actor, "pin-set");
}

PinCheck check_admin_pin(Store& store, const std::string& pin, core::Instant now) {
    PinCheck result;
    const auto hash = store.setting(kHashKey);
    if (!hash) {
        store.audit("staff", "pin-check", "no PIN set");
        return result;  // NotSet
    }
    result.failures = static_cast<int>(setting_int(store, kFailuresKey));
    if (const std::int64_t left = lockout_left_ms(store, result.failures, now); left > 0) {
        result.outcome = PinCheck::Outcome::LockedOut;
        result.wait_ms = left;
        result.locked_until_utc_ms = now.wall_ms + left;
        store.audit("staff", "pin-locked-out", "attempt during lockout");
        return result;
    }
    ensure_sodium();
    if (crypto_pwhash_str_verify(hash->c_str(), pin.data(), pin.size()) == 0) {
        record_lockout(store, 0, 0, now);
        store.audit("staff", "admin-login");
        result.outcome = PinCheck::Outcome::Accepted;
        result.failures = 0;
        return result;
    }
    result.failures += 1;
    result.outcome = PinCheck::Outcome::Wrong;
    result.wait_ms = core::pin_lockout_ms(result.failures);
    result.locked_until_utc_ms = result.wait_ms > 0 ? now.wall_ms + result.wait_ms : 0;
    record_lockout(store, result.failures, result.wait_ms, now);
    store.audit("staff", "pin-wrong", std::to_string(result.failures) + " consecutive wrong PIN(s)");
    return result;
}

}  // namespace feedback::store
