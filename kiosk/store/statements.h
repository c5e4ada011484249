// The SQL of the hot path — storing one entry and queueing it for sync — in one place, so the
// store and the commit-latency benchmark (tests/bench/bench_store.cpp, which runs the same
// statements through the raw sqlite3 API as its baseline) can never drift apart.
#pragma once

namespace feedback::store::sql {

// Entry columns in the order Store's bind_entry() binds them; shared by single and bulk inserts.
inline constexpr const char* kInsertEntry =
    "INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, service_point, "
    "rating, dimensions, reasons, comment, language, misuse, session_state, survey_version, "
    "channel, updated_utc, outside_hours, profile) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
inline constexpr const char* kQueueEntry =
    "INSERT INTO sync_state (entry_seq, state, queued_utc) VALUES (?1, 'pending', ?2)";
// The same for every entry after seq ?1, in one statement: a bulk import inside its own write
// transaction (new rows get seq = largest + 1, so they are exactly those after it).
inline constexpr const char* kQueueEntriesAfter =
    "INSERT INTO sync_state (entry_seq, state, queued_utc) SELECT seq, 'pending', ?2 FROM entries "
    "WHERE seq > ?1 ORDER BY seq";

}  // namespace feedback::store::sql
