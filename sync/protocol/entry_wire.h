// A kiosk's entry (core::Entry) as the batch format carries it (protocol::WireEntry).
//
// Why apart from protocol.h: the format itself knows nothing of the kiosk's types (the fuzz
// target and the decoder link it alone), while two senders start from a core::Entry — the
// kiosk's sync client (its outbox rows) and the collector's paper import (rows of the
// questionnaire template, stored as if a device `paper:CODE` had sent them). One mapping keeps
// the two from drifting apart field by field. Library sync_entry_wire: protocol + core.
#pragma once

#include "core/entry.h"
#include "protocol/protocol.h"

namespace feedback::protocol {

// Every field of the entry; the complaint part is the caller's (only the kiosk's outbox has it).
WireEntry to_wire(const core::Entry& entry);

}  // namespace feedback::protocol
