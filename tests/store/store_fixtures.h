// Entries for store tests: valid by default, each test changes what it is about.
#pragma once

#include "core/clock.h"
#include "core/entry.h"
#include "core/uuid.h"

namespace feedback::testing {

inline core::Entry sample_entry(int rating = 4) {
    core::Entry e;
    e.created_utc_ms = core::now_utc_ms();
    e.id = core::make_uuid_v7(e.created_utc_ms);
    e.kind = core::EntryKind::Rating;
    e.utc_offset_min = 420;
    e.device_id = "kiosk-test";
    e.rating = rating;
    e.language = "th";
    e.survey_version = "test-1";
    e.state = core::SessionState::Closed;
    return e;
}

}  // namespace feedback::testing
