// Merging another kiosk's database (see merge.h for the choices).
#include "exchange/merge.h"

#include <stdlib.h>

#include <stdexcept>
#include <string>
#include <system_error>

#include "core/clock.h"
#include "store/migrations.h"
#include "store/store.h"

namespace feedback::exchange {
namespace {

namespace fs = std::filesystem;

// A private directory (0700, mkdtemp) for the copy of the source, removed however we leave:
// the copy can hold complaint contact details.
class PrivateTempDir {
public:
    PrivateTempDir() {
        std::string pattern = (fs::temp_directory_path() / "feedback-merge-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw store::StoreError(SQLITE_CANTOPEN, "cannot create a temporary directory for the merge: " +
                                                         std::error_code(errno, std::generic_category()).message());
        path_ = pattern;
    }
    ~PrivateTempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    PrivateTempDir(const PrivateTempDir&) = delete;
    PrivateTempDir& operator=(const PrivateTempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// ATTACH for as long as it lives; DETACH cannot run inside a transaction, so this must outlive it.
class Attached {
public:
    Attached(store::Database& db, const fs::path& file) : db_(db) {
        store::Statement attach(db_, "ATTACH DATABASE ?1 AS source");
        attach.bind_all(file.string()).run();
    }
    ~Attached() { sqlite3_exec(db_.handle(), "DETACH DATABASE source", nullptr, nullptr, nullptr); }
    Attached(const Attached&) = delete;
    Attached& operator=(const Attached&) = delete;

private:
    store::Database& db_;
};

// Copies the source and makes the copy a current-schema database; returns the copy's path.
fs::path prepare_copy(const fs::path& from, const fs::path& dir) {
    const fs::path copy = dir / "source.db";
    std::error_code ec;
    fs::copy_file(from, copy, ec);
    if (ec) throw store::StoreError(SQLITE_CANTOPEN, "cannot read " + from.string() + ": " + ec.message());
    // Commits may still sit in the write-ahead log if the other kiosk stopped abruptly; the
    // shared-memory index is rebuilt by SQLite from the log, so it is not copied.
    fs::path wal = from;
    wal += "-wal";
    if (fs::exists(wal, ec)) {
        fs::copy_file(wal, dir / "source.db-wal", ec);
        if (ec) throw store::StoreError(SQLITE_CANTOPEN, "cannot read " + wal.string() + ": " + ec.message());
    }
    try {
        {
            store::Database probe(copy.string(), SQLITE_OPEN_READWRITE);
            const auto version = probe.query_int("PRAGMA user_version");
            if (version > store::latest_schema_version())
                throw store::StoreError(
                    SQLITE_ERROR, "database " + from.string() + " has schema version " + std::to_string(version) +
                                      " but this feedback-kiosk knows only up to " +
                                      std::to_string(store::latest_schema_version()) +
                                      "; it was written by a newer release. Merge with that release instead. "
                                      "Nothing was merged and the file was not changed.");
        }
        store::StoreOptions options;
        options.recover_corrupt = false;  // a damaged source is refused, never "fixed"
        store::Store migrated(copy, options);
    } catch (const store::StoreError& e) {
        std::string message = e.what();
        if (message.find(from.string()) == std::string::npos)
            message = "cannot merge from " + from.string() + ": " + message;
        throw store::StoreError(e.code(), message);
    }
    return copy;
}

}  // namespace

MergeResult merge_database(store::Store& into, const fs::path& from) {
    std::error_code ec;
    if (!fs::is_regular_file(from, ec))
        throw store::StoreError(SQLITE_CANTOPEN, "cannot merge from " + from.string() + ": no such database file");
    if (fs::equivalent(from, into.path(), ec))
        throw std::invalid_argument("cannot merge " + from.string() + " into itself");

    const PrivateTempDir dir;
    const fs::path copy = prepare_copy(from, dir.path());

    store::Database& db = into.database();
    const Attached attached(db, copy);
    MergeResult result;
    store::Transaction tx(db);
    const std::int64_t last_seq = db.query_int("SELECT coalesce(max(seq), 0) FROM main.entries");
    const std::int64_t total = db.query_int("SELECT count(*) FROM source.entries");

    store::Statement entries(db,
        "INSERT INTO main.entries (id, kind, created_utc, utc_offset_min, device_id, service_point, rating, "
        "dimensions, reasons, comment, language, misuse, session_state, survey_version, channel, updated_utc, "
        "outside_hours, profile) "
        "SELECT s.id, s.kind, s.created_utc, s.utc_offset_min, s.device_id, s.service_point, s.rating, "
        "s.dimensions, s.reasons, s.comment, s.language, s.misuse, s.session_state, s.survey_version, s.channel, "
        "s.updated_utc, s.outside_hours, s.profile FROM source.entries s "
        "WHERE NOT EXISTS (SELECT 1 FROM main.entries m WHERE m.id = s.id) ORDER BY s.seq");
    entries.run();
    result.merged = sqlite3_changes(db.handle());
    result.already_present = total - result.merged;

    // Every entry has a sync row; one missing in the source (never expected) is queued as new.
    store::Statement sync(db,
        "INSERT INTO main.sync_state (entry_seq, state, reason, batch_id, attempts, queued_utc, last_attempt_utc, "
        "acknowledged_utc) SELECT m.seq, coalesce(ss.state, 'pending'), ss.reason, ss.batch_id, "
        "coalesce(ss.attempts, 0), coalesce(ss.queued_utc, ?2), ss.last_attempt_utc, ss.acknowledged_utc "
        "FROM main.entries m JOIN source.entries se ON se.id = m.id "
        "LEFT JOIN source.sync_state ss ON ss.entry_seq = se.seq WHERE m.seq > ?1");
    sync.bind_all(last_seq, core::format_iso_utc(core::now_utc_ms())).run();

    store::Statement complaints(db,
        "INSERT INTO main.complaints (entry_seq, category, occurred, service_point, description, anonymous, "
        "contact_name, contact_phone, reference, sensitive, contact_erased_utc, tracking_key) "
        "SELECT m.seq, c.category, c.occurred, c.service_point, c.description, c.anonymous, c.contact_name, "
        "c.contact_phone, c.reference, c.sensitive, c.contact_erased_utc, c.tracking_key FROM source.complaints c "
        "JOIN source.entries se ON se.seq = c.entry_seq JOIN main.entries m ON m.id = se.id WHERE m.seq > ?1");
    complaints.bind_all(last_seq).run();
    result.complaints = sqlite3_changes(db.handle());
    tx.commit();
    return result;
}

}  // namespace feedback::exchange
