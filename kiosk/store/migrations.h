// The schema, as numbered migrations keyed on PRAGMA user_version.
//
// Why numbered migrations: a kiosk in the field may be several releases behind when it is
// upgraded, so every step from any earlier version must apply in order. Each migration and
// its user_version bump run in ONE transaction: a power cut leaves the database at the old
// version or the new one, never in between. The schema itself is documented in
// kiosk/store/SCHEMA.md.
#pragma once

namespace feedback::sqlite {
class Database;
}

namespace feedback::store {

using Database = sqlite::Database;  // as in store/sqlite.h, without including SQLite here

// The newest schema version this program knows.
int latest_schema_version();

// Applies migrations (current, target]. Throws StoreError if the database is newer than
// this program (refusing to guess at a future schema) or if a migration fails.
void migrate(Database& db, int target_version);

}  // namespace feedback::store
