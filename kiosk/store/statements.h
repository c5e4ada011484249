// The SQL of the hot path — storing one entry and queueing it for sync — in one place, so the
// store and the commit-latency benchmark (tests/bench/bench_store.cpp, which runs the same
// statements through the raw sqlite3 API as its baseline) can never drift apart.
#pragma once

namespace feedback::store::sql {

// Entry columns in the order Store's bind_entry() binds them; shared by single and bulk inserts.
inline constexpr const char* kInsertEntry =
    "INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, service_point, "
    "rating, dimensions, reasons, comment, language, misuse, session_state, survey_version, "
    "channel, updated_utc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16)";
inline constexpr const char* kQueueEntry =
    "INSERT INTO sync_state (entry_seq, state, queued_utc) VALUES (?1, 'pending', ?2)";

}  // namespace feedback::store::sql
