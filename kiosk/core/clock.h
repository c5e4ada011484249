// Time as the kiosk records it: UTC milliseconds plus the local offset, and ISO 8601 text.
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
// The machine's offset from UTC in minutes at the given instant (from the C library's tz).
int local_offset_min(std::int64_t utc_ms);

// "2026-11-27T07:05:09.123Z" — sortable, what the store and protocol carry.
std::string format_iso_utc(std::int64_t utc_ms);
// Accepts "YYYY-MM-DDTHH:MM:SS[.mmm]Z" and "...+HH:MM"; empty when malformed.
std::optional<std::int64_t> parse_iso_utc(std::string_view text);

}  // namespace feedback::core
