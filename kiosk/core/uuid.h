// Entry and batch ids: UUID version 7 (RFC 9562) — 48 bits of Unix milliseconds then random
// bits. Time-ordered ids keep the store's unique index append-mostly, and the random tail
// (74 bits from the OS) makes ids from different kiosks collide with negligible probability
// without any coordination.
#pragma once

#include <cstdint>
#include <string>

namespace feedback::core {

std::string make_uuid_v7(std::int64_t utc_ms);
bool looks_like_uuid(const std::string& text);

}  // namespace feedback::core
