// Entry and batch ids: UUID version 7 (RFC 9562) — 48 bits of Unix milliseconds then random
// bits. Time-ordered ids keep the store's unique index append-mostly, and the random tail
// (74 bits from the OS) makes ids from different kiosks collide with negligible probability
// without any coordination.
#pragma once

#include <cstdint>
#include <string>

#include "common/uuid.h"

namespace feedback::core {

std::string make_uuid_v7(std::int64_t utc_ms);
// The canonical lower-case form only; the one check, shared with the wire format (common/uuid.h).
inline bool looks_like_uuid(const std::string& text) { return common::is_uuid(text); }

}  // namespace feedback::core
