// The staff PIN: only an Argon2id hash is stored (libsodium's crypto_pwhash_str, in the
// settings table), never the PIN; wrong attempts are counted in the database so restarting the
// kiosk does not reset the lockout; every attempt, success or not, goes to the audit log.
//
// How the lockout is timed (issue 14, defect 6: with the wall clock moved back a day the pad
// asked to wait 86,431 s). The lockout's end is kept twice: as a CLOCK_BOOTTIME deadline with
// the kernel's boot id, and as a wall-clock time. Within the same boot — the kiosk restarted,
// crashed, or the same process — the boot-clock deadline is used: it is exact whatever the wall
// clock did, and a restart does not reset it. After a reboot only the wall time means anything;
// it is used, but a wait is never longer than the lockout the failures earned
// (core::pin_lockout_ms), so a clock moved back cannot stretch it. A clock moved forward across
// a reboot can shorten it — an attacker who can reboot the PC and set its clock has the
// machine anyway, and staff are never locked out for longer than the policy says.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"

namespace feedback::store {

class Store;

struct PinCheck {
    enum class Outcome { Accepted, Wrong, LockedOut, NotSet } outcome = Outcome::NotSet;
    std::int64_t locked_until_utc_ms = 0;  // when LockedOut (or Wrong that started a lockout)
    std::int64_t wait_ms = 0;              // how long from now the pad stays locked (0: it is not)
    int failures = 0;                      // consecutive wrong PINs so far
};

// Sets (or replaces) the PIN. Throws std::invalid_argument unless it is 4 to 12 digits.
void set_admin_pin(Store& store, const std::string& pin, const std::string& actor);
// Checks a PIN typed at `now`, applying and recording the lockout (core/pin_policy.h; timing
// above). now.mono_ms must be core::boot_ms() (plus any offset a test driver keeps constant).
PinCheck check_admin_pin(Store& store, const std::string& pin, core::Instant now);

}  // namespace feedback::store
