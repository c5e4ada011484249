// The staff PIN: only an Argon2id hash is stored (libsodium's crypto_pwhash_str, in the
// settings table), never the PIN; wrong attempts are counted in the database so restarting the
// kiosk does not reset the lockout; every attempt, success or not, goes to the audit log.
#pragma once

#include <cstdint>
#include <string>

namespace feedback::store {

class Store;

struct PinCheck {
    enum class Outcome { Accepted, Wrong, LockedOut, NotSet } outcome = Outcome::NotSet;
    std::int64_t locked_until_utc_ms = 0;  // when LockedOut (or Wrong that started a lockout)
    int failures = 0;                      // consecutive wrong PINs so far
};

// Sets (or replaces) the PIN. Throws std::invalid_argument unless it is 4 to 12 digits.
void set_admin_pin(Store& store, const std::string& pin, const std::string& actor);
// Checks a PIN typed at now_utc_ms, applying and recording the lockout (core/pin_policy.h).
PinCheck check_admin_pin(Store& store, const std::string& pin, std::int64_t now_utc_ms);

}  // namespace feedback::store
