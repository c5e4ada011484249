// Valid protocol messages to start tests from: each test changes one thing and checks what the
// decoder says about it, so every failure is attributable to exactly that change.
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/protocol.h"

namespace samples {

using namespace feedback::protocol;

inline WireEntry rating_entry(const std::string& id = "0190f3c2-7a1b-7c3d-8e4f-000000000001") {
    WireEntry e;
    e.id = id;
    e.kind = "rating";
    e.created_utc = "2026-11-27T07:05:09.123Z";
    e.utc_offset_min = 420;
    e.device_id = "kiosk-01";
    e.service_point = "finance";
    e.rating = 4;
    e.dimensions = {{"staff", 5}, {"process", 3}};
    e.reasons = {"fast", "friendly"};
    e.comment = "เจ้าหน้าที่บริการดีมาก, \"ขอบคุณ\"\nบรรทัดใหม่";
    e.language = "th";
    e.survey_version = "2026.1";
    return e;
}

inline WireEntry complaint_entry(const std::string& id = "0190f3c2-7a1b-7c3d-8e4f-000000000002") {
    WireEntry e = rating_entry(id);
    e.kind = "complaint";
    e.rating.reset();
    e.dimensions.clear();
    e.reasons.clear();
    e.comment.clear();
    WireComplaint c;
    c.category = "bribery";
    c.occurred = "2026-11-20";
    c.service_point = "engineering";
    c.description = "เรียกรับเงินเพิ่ม";
    c.anonymous = false;
    c.contact_name = "สมชาย ใจดี";
    c.contact_phone = "0812345678";
    c.reference = "C-2026-0001";
    c.sensitive = true;
    e.complaint = c;
    return e;
}

inline Batch batch() {
    Batch b;
    b.batch_id = "0190f3c2-7a1b-7c3d-8e4f-0000000000b1";
    b.device_id = "kiosk-01";
    b.app_version = "0.1.0";
    b.sent_utc = "2026-11-27T07:06:00.000Z";
    b.entries = {rating_entry(), complaint_entry()};
    return b;
}

// The encoded batch as a JSON value, for tests that break one field.
inline nlohmann::json batch_json() { return nlohmann::json::parse(encode(batch())); }

inline Heartbeat heartbeat() {
    Heartbeat h;
    h.device_id = "kiosk-01";
    h.app_version = "0.1.0";
    h.pending = 12;
    h.oldest_pending_age_s = 3600;
    h.last_error = "HTTP 503 from the collector";
    h.kiosk_clock_utc = "2026-11-27T07:06:00.000Z";
    return h;
}

}  // namespace samples
