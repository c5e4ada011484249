// How long the admin PIN pad locks after wrong PINs: free tries first (fingers slip), then a
// delay that doubles with every further failure, capped — a growing delay makes guessing a
// 6-digit PIN at the counter hopeless without ever locking staff out for good.
#pragma once

#include <cstddef>
#include <cstdint>

namespace feedback::core {

inline constexpr int kFreePinAttempts = 3;
inline constexpr std::int64_t kFirstLockoutMs = 30'000;
inline constexpr std::int64_t kMaxLockoutMs = 60LL * 60 * 1000;

// Lockout after `failures` consecutive wrong PINs: 0 for the first three, then 30 s, 60 s,
// 120 s, … up to one hour.
constexpr std::int64_t pin_lockout_ms(int failures) {
    if (failures < kFreePinAttempts) return 0;
    std::int64_t delay = kFirstLockoutMs;
    for (int i = kFreePinAttempts; i < failures && delay < kMaxLockoutMs; ++i) delay *= 2;
    return delay < kMaxLockoutMs ? delay : kMaxLockoutMs;
}

// A PIN is 4 to 12 digits.
constexpr bool is_valid_pin_format(const char* pin, std::size_t size) {
    if (size < 4 || size > 12) return false;
    for (std::size_t i = 0; i < size; ++i)
        if (pin[i] < '0' || pin[i] > '9') return false;
    return true;
}

}  // namespace feedback::core
