#include "store/admin_pin.h"

#include <sodium.h>

#include <stdexcept>

#include "core/pin_policy.h"
#include "store/store.h"

namespace feedback::store {
namespace {

constexpr const char* kHashKey = "admin.pin_hash";
constexpr const char* kFailuresKey = "admin.pin_failures";
constexpr const char* kLockedUntilKey = "admin.pin_locked_until_ms";

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
    store.set_setting(kFailuresKey, "0");
    store.set_setting(kLockedUntilKey, "0");
    store.audit(actor, "pin-set");
}

PinCheck check_admin_pin(Store& store, const std::string& pin, std::int64_t now_utc_ms) {
    PinCheck result;
    const auto hash = store.setting(kHashKey);
    if (!hash) {
        store.audit("staff", "pin-check", "no PIN set");
        return result;  // NotSet
    }
    result.failures = static_cast<int>(setting_int(store, kFailuresKey));
    const std::int64_t locked_until = setting_int(store, kLockedUntilKey);
    if (now_utc_ms < locked_until) {
        result.outcome = PinCheck::Outcome::LockedOut;
        result.locked_until_utc_ms = locked_until;
        store.audit("staff", "pin-locked-out", "attempt during lockout");
        return result;
    }
    ensure_sodium();
    if (crypto_pwhash_str_verify(hash->c_str(), pin.data(), pin.size()) == 0) {
        store.set_setting(kFailuresKey, "0");
        store.set_setting(kLockedUntilKey, "0");
        store.audit("staff", "admin-login");
        result.outcome = PinCheck::Outcome::Accepted;
        result.failures = 0;
        return result;
    }
    result.failures += 1;
    result.outcome = PinCheck::Outcome::Wrong;
    const std::int64_t delay = core::pin_lockout_ms(result.failures);
    result.locked_until_utc_ms = delay > 0 ? now_utc_ms + delay : 0;
    store.set_setting(kFailuresKey, std::to_string(result.failures));
    store.set_setting(kLockedUntilKey, std::to_string(result.locked_until_utc_ms));
    store.audit("staff", "pin-wrong", std::to_string(result.failures) + " consecutive wrong PIN(s)");
    return result;
}

}  // namespace feedback::store
