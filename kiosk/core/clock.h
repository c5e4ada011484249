// Time as the kiosk records it: UTC milliseconds plus the local offset, and ISO 8601 text;
// and time as the kiosk measures it (Instant, boot_ms()).
//
// Why two clocks (issue 14, defect 6): the wall clock says *when* — entry times, office hours,
// reference-number dates — but it jumps (NTP after a flat RTC battery, IT setting the time,
// a clock a day fast corrected). Every wait and interval — idle warning and reset, thank-you
// and reference screens, misuse interval, dimming, PIN lockout — is measured on CLOCK_BOOTTIME,
// which never jumps and keeps counting through suspend (a kiosk that slept for an hour has
// been idle for an hour). A wall-clock jump therefore neither shortens nor stretches a wait.
//
// Why not std::chrono::zoned_time: libstdc++ 12 (Debian 12) lacks it. The kiosk only ever
// needs "now in UTC", "the machine's current offset" and a fixed office zone (+07:00).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace feedback::core {

std::int64_t now_utc_ms();

// CLOCK_BOOTTIME in milliseconds: monotonic, shared by every process of one boot.
std::int64_t boot_ms();
// The kernel's id of this boot (/proc/sys/kernel/random/boot_id), "" when unreadable: a
// boot_ms() reading kept in the database means something only within the same boot.
const std::string& boot_id();

// One moment on both clocks. Code that records a time uses wall_ms; code that waits or
// measures an interval uses mono_ms, never a difference of wall times.
struct Instant {
    std::int64_t wall_ms = 0;  // UTC, what entries record
    std::int64_t mono_ms = 0;  // boot_ms() (or a test's timeline), what intervals use
    constexpr Instant() = default;
    constexpr Instant(std::int64_t wall, std::int64_t mono) : wall_ms(wall), mono_ms(mono) {}
    // Both clocks at one reading: a timeline on which the wall clock never jumps. Implicit so
    // that unit tests can write plain numbers; programs take Instant::now().
    constexpr Instant(std::int64_t both) : wall_ms(both), mono_ms(both) {}  // NOLINT(google-explicit-constructor)
    static Instant now() { return {now_utc_ms(), boot_ms()}; }
};
// The machine's offset from UTC in minutes at the given instant (from the C library's tz).
int local_offset_min(std::int64_t utc_ms);

// "2026-11-27T07:05:09.123Z" — sortable, what the store and protocol carry.
std::string format_iso_utc(std::int64_t utc_ms);
// Accepts "YYYY-MM-DDTHH:MM:SS[.mmm]Z" and "...+HH:MM"; empty when malformed.
std::optional<std::int64_t> parse_iso_utc(std::string_view text);

}  // namespace feedback::core
