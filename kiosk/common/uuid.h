// The one UUID check: the kiosk (ids it mints and imports) and the wire format (sync/protocol)
// accept exactly the same spelling.
#pragma once

#include <string_view>

namespace feedback::common {

// True for the canonical lower-case 8-4-4-4-12 hex form only (what core::new_uuid_v7 writes).
bool is_uuid(std::string_view text);

}  // namespace feedback::common
