#include "store/migrations.h"

#include <array>
#include <string>

#include "store/sqlite.h"

namespace feedback::store {
namespace {

// Never edit a migration that has shipped: add a new one. Kiosks upgrade from any version.
constexpr std::array<const char*, 7> kMigrations = {
    // 1: entries and their outbox state.
    R"sql(
    CREATE TABLE entries (
        seq             INTEGER PRIMARY KEY,  -- local insertion order; never leaves the kiosk
        id              TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
        kind            TEXT NOT NULL CHECK (kind IN ('rating', 'complaint')),
        created_utc     TEXT NOT NULL,        -- ISO 8601, UTC, milliseconds
        utc_offset_min  INTEGER NOT NULL,     -- kiosk's offset when the entry was made
        device_id       TEXT NOT NULL,
        service_point   TEXT,
        rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
        dimensions      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(dimensions)),
        reasons         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons)),
        comment         TEXT NOT NULL DEFAULT '',
        language        TEXT NOT NULL CHECK (language IN ('th', 'en')),
        misuse          INTEGER NOT NULL DEFAULT 0 CHECK (misuse IN (0, 1)),
        session_state   TEXT NOT NULL CHECK (session_state IN ('open', 'closed')),
        survey_version  TEXT NOT NULL,
        updated_utc     TEXT NOT NULL
    );
    CREATE TABLE sync_state (
        entry_seq         INTEGER PRIMARY KEY REFERENCES entries(seq) ON DELETE RESTRICT,
        state             TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'rejected')),
        reason            TEXT,               -- the collector's reason for a rejection
        batch_id          TEXT,               -- the batch that carried it last
        attempts          INTEGER NOT NULL DEFAULT 0,
        queued_utc        TEXT NOT NULL,
        last_attempt_utc  TEXT,
        acknowledged_utc  TEXT
    );
    CREATE INDEX sync_state_by_state ON sync_state (state, entry_seq);
    )sql",
    // 2: complaint details (one row per complaint entry).
    R"sql(
    CREATE TABLE complaints (
        entry_seq           INTEGER PRIMARY KEY REFERENCES entries(seq) ON DELETE RESTRICT,
        category            TEXT NOT NULL,
        occurred            TEXT,             -- when it happened, as the visitor said (optional)
        service_point       TEXT,
        description         TEXT NOT NULL DEFAULT '',
        anonymous           INTEGER NOT NULL DEFAULT 1 CHECK (anonymous IN (0, 1)),
        contact_name        TEXT,             -- personal data: erased after retention_days
        contact_phone       TEXT,
        reference           TEXT UNIQUE,      -- reference number shown to the visitor
        sensitive           INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
        contact_erased_utc  TEXT
    );
    )sql",
    // 3: settings and the audit log of staff actions.
    R"sql(
    CREATE TABLE settings (
        key          TEXT PRIMARY KEY,
        value        TEXT NOT NULL,
        updated_utc  TEXT NOT NULL
    );
    CREATE TABLE audit_log (
        id      INTEGER PRIMARY KEY,
        at_utc  TEXT NOT NULL,
        actor   TEXT NOT NULL,               -- 'staff', 'it', 'system', or a command name
        action  TEXT NOT NULL,
        detail  TEXT NOT NULL DEFAULT ''     -- never personal data
    );
    )sql",
    // 4: the channel an answer came through (kiosk, paper, …), and the index reports scan by.
    R"sql(
    ALTER TABLE entries ADD COLUMN channel TEXT NOT NULL DEFAULT 'kiosk';
    CREATE INDEX entries_by_time ON entries (created_utc);
    )sql",
    // 5: answers given while the office was closed (office.hours, office.closed_dates).
    R"sql(
    ALTER TABLE entries ADD COLUMN outside_hours INTEGER NOT NULL DEFAULT 0 CHECK (outside_hours IN (0, 1));
    )sql",
    // 6: the complaint's tracking key (issue 18), a secret for the public tracking page; NULL
    // for complaints made before it and for those closed without a reference.
    R"sql(
    ALTER TABLE complaints ADD COLUMN tracking_key TEXT;
    )sql",
    // 7: the respondent profile (survey [[profile]]: question id -> option id) and the comments
    // an officer approved for the public edition of the report (issue 17).
    R"sql(
    ALTER TABLE entries ADD COLUMN profile TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(profile));
    CREATE TABLE suggestion_approvals (
        entry_id      TEXT PRIMARY KEY,      -- entries.id whose comment may be published
        approved_utc  TEXT NOT NULL,
        actor         TEXT NOT NULL           -- 'staff' or a command name; never a person's name
    );
    )sql",
};

#ifdef FEEDBACK_UPGRADE_TEST_MIGRATION
// Only in the "next release" build of deploy/package-test.sh (CMake option
// FEEDBACK_UPGRADE_TEST_MIGRATION, never shipped): one more migration, so the package upgrade
// test sees postinst migrate a real database holding a real answer. It adds an empty table and
// touches nothing this release reads.
constexpr auto kSchema = [] {
    std::array<const char*, kMigrations.size() + 1> all{};
    for (std::size_t i = 0; i < kMigrations.size(); ++i) all[i] = kMigrations[i];
    all[kMigrations.size()] = "CREATE TABLE upgrade_test_marker (note TEXT);";
    return all;
}();
#else
constexpr const auto& kSchema = kMigrations;
#endif

}  // namespace

int latest_schema_version() { return static_cast<int>(kSchema.size()); }

void migrate(Database& db, int target_version) {
    const auto current = static_cast<int>(db.query_int("PRAGMA user_version"));
    if (current > latest_schema_version()) {
        throw StoreError(SQLITE_ERROR,
                         "database " + db.path() + " has schema version " +
                             std::to_string(current) + " but this feedback-kiosk knows only up to " +
                             std::to_string(latest_schema_version()) +
                             "; it was written by a newer release. Install that release (or newer) "
                             "instead of opening it with this one. The file was not changed.");
    }
    for (int version = current + 1; version <= target_version; ++version) {
        Transaction tx(db);
        // Re-read inside the write lock: another process may have migrated meanwhile.
        if (db.query_int("PRAGMA user_version") >= version) continue;
        db.exec(kSchema[static_cast<std::size_t>(version - 1)]);
        db.exec("PRAGMA user_version = " + std::to_string(version));
        tx.commit();
    }
}

}  // namespace feedback::store
