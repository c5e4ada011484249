// The kiosk's database: the one place entries become durable.
//
// Why these choices:
// - WAL + synchronous=FULL: a commit that returned has reached the disk (fsync of the WAL), so
//   a visitor's tap survives a power cut the instant the next screen is drawn; WAL also lets
//   the sync daemon read while the UI writes.
// - busy_timeout: the UI and the sync daemon are separate processes sharing this file; a
//   short wait for the other's write lock is normal, an error is not.
// - The file is created 0600 in a 0700 directory: complaints can hold personal data.
// - A damaged file is detected at open (PRAGMA quick_check), moved aside under a new name and
//   reported — never overwritten — and the kiosk goes on with a fresh database so visitors can
//   still answer. A file from a newer release is refused untouched.
// - Only real damage sets a file aside (issue 14): SQLITE_CORRUPT / SQLITE_NOTADB, confirmed by
//   a full PRAGMA integrity_check. A read error (EIO, a flaky disk, an injected fault) is
//   retried and then reported as an error; it never turns into "start an empty database",
//   because the answers in the file would then silently stop being synced and reported.
// - Setting aside happens under an flock on `<db>.setaside-lock`, and only after checking that
//   the file at the path is still the one that failed its check (st_dev/st_ino): a fresh
//   database another process has just created there is never renamed. The sync daemon never
//   sets aside (StoreOptions::recover_corrupt = false); it reopens when file_replaced().
// - Files set aside stay listed (set_aside_files(): status, doctor, the staff screen) until
//   merged back (`merge --from`) or dismissed (`set-aside dismiss`); the file itself is kept.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/complaint.h"
#include "core/entry.h"
#include "core/thai_calendar.h"
#include "store/migrations.h"
#include "store/sqlite.h"

namespace feedback::store {

struct StoreOptions {
    // Run PRAGMA quick_check at open. Costs one read of the file (about 1 s per 200 MB).
    bool check_integrity = true;
    // When the check fails: move the file aside and start a fresh one (true), or throw (false).
    bool recover_corrupt = true;
    int busy_timeout_ms = 10'000;
    // Schema version to migrate to; tests use lower values to build old databases.
    int target_version = latest_schema_version();
    // How many times a check that failed with a read error is run again before giving up.
    int read_error_retries = 3;
    // Test seam: called after the quick check found damage and before the set-aside lock is
    // taken, so a test can let "another process" set the file aside first.
    std::function<void()> before_set_aside = nullptr;
};

// What an integrity check's outcome means for the file. Damaged only for SQLITE_CORRUPT /
// SQLITE_NOTADB or a check that ran and listed problems none of which is a read error.
enum class Integrity { Healthy, ReadError, Damaged };
// error_code: the extended SQLite code the check failed with, or 0 when it ran and returned
// `verdict` (its rows joined by newlines).
Integrity classify_integrity(int error_code, const std::string& verdict);

// A database file set aside at open (`<db>.corrupt-<UTC time>`, beside the database), not yet
// merged back or dismissed.
struct SetAsideFile {
    std::filesystem::path path;
    std::uintmax_t size_bytes = 0;  // the file plus its -wal
};

struct SyncCounts {
    std::int64_t pending = 0;
    std::int64_t sent = 0;
    std::int64_t rejected = 0;
};

struct StoreStatus {
    std::filesystem::path path;
    std::uintmax_t size_bytes = 0;       // database plus its WAL
    int schema_version = 0;
    std::int64_t entries = 0;
    std::int64_t ratings = 0;
    std::int64_t complaints = 0;
    std::int64_t open_sessions = 0;
    std::int64_t misuse = 0;
    SyncCounts sync;
    std::optional<std::int64_t> oldest_pending_utc_ms;
    std::vector<SetAsideFile> set_aside;
};

struct AuditRecord {
    std::int64_t id = 0;
    std::string at_utc;
    std::string actor;
    std::string action;
    std::string detail;
};

// For writers that insert several entries per statement (exchange's import, a multi-row
// INSERT built from sql::kInsertEntry): checks the entry as add_entry does
// (std::invalid_argument) and binds its columns, in kInsertEntry's order, to parameters
// first, first + 1, … — so the columns and their encoding stay defined here only.
void bind_new_entry(Statement& insert, const core::Entry& entry, const std::string& now_utc, int first);

// Reads the `entries.profile` column (JSON object of question id -> option id) into e.profile.
// Members that are not strings are skipped (only this store writes the column). Shared by the
// store, the outbox and the report.
void read_profile_json(std::string_view text, core::Entry& e);

// A comment an officer approved for the public edition of the report (issue 17).
struct SuggestionApproval {
    std::string entry_id;
    std::string approved_utc;
};

class Store {
public:
    explicit Store(std::filesystem::path path, StoreOptions options = {});

    const std::filesystem::path& path() const noexcept { return path_; }
    // Where a damaged file was moved at open, if it was.
    const std::optional<std::filesystem::path>& moved_aside() const noexcept { return moved_aside_; }
    // True when the file at path() is no longer the one this Store opened (another process set
    // it aside and started a fresh one): a long-running reader (the sync daemon) reopens.
    bool file_replaced() const;

    // Files set aside beside this database that were neither merged back nor dismissed, oldest
    // first.
    std::vector<SetAsideFile> set_aside_files();
    // Stops listing a set-aside file: `how` is "merged" or "dismissed" (audited). The file is
    // not touched. Returns false when `file` is not a set-aside file of this database.
    bool clear_set_aside(const std::filesystem::path& file, const std::string& how);

    // Stores a new entry and queues it for sync, in one transaction. Durable on return.
    // Throws std::invalid_argument for an invalid entry, StoreError for database failures.
    void add_entry(const core::Entry& entry);
    // Stores a complaint entry (kind Complaint, no rating) and its details in one transaction,
    // queued for sync. Durable on return.
    void add_complaint(const core::Entry& entry, const core::Complaint& complaint);
    std::optional<core::Complaint> find_complaint(const std::string& entry_id);
    // Replaces a complaint's details while its entry is open; false when it is not open.
    bool update_complaint(const core::Entry& entry, const core::Complaint& complaint);
    // Stores the final details and closes the entry, in one transaction. With a device code,
    // a complaint without a reference gets the next one for local_date (per-device, per-day
    // sequence kept in settings). Returns the complaint as stored.
    core::Complaint close_complaint(const core::Entry& entry, core::Complaint complaint,
                                    const std::string& device_code, core::CivilDate local_date);
    // PDPA retention: erases contact details of complaints the collector acknowledged, or that
    // were made, more than `days` days before now_utc_ms (so a kiosk that never syncs keeps
    // them no longer either); the complaint itself stays. secure_delete (set at open) overwrites
    // the erased bytes in the file. Writes one audit line when any were erased. Returns how many.
    std::int64_t erase_expired_contacts(std::int64_t now_utc_ms, int days);

    // Replaces the answers of an entry that is still open (later steps of the same session).
    // Returns false when there is no such open entry (closed entries are never changed).
    bool update_entry(const core::Entry& entry);
    // Closes one session; returns false if it was not open.
    bool close_entry(const std::string& id);
    // Closes every open session (used at start: a crash may have left one open).
    std::int64_t close_open_entries();

    std::optional<core::Entry> find_entry(const std::string& id);
    StoreStatus status();

    // Approvals of comments for the public report: the entry ids whose comment may be published
    // (masked). approve/revoke take full entry ids, audit one line each (ids only, never the
    // text) and return how many changed; an id that is not an entry with a comment is refused
    // with std::invalid_argument naming it, and nothing is changed.
    std::vector<SuggestionApproval> suggestion_approvals();
    int approve_suggestions(const std::vector<std::string>& entry_ids, const std::string& actor);
    int revoke_suggestions(const std::vector<std::string>& entry_ids, const std::string& actor);
    // The full id of the one entry with a non-empty comment whose id starts with `prefix`
    // (at least 8 characters, as `suggestions list` prints them); empty when none or several.
    std::optional<std::string> comment_entry_by_prefix(const std::string& prefix);

    std::optional<std::string> setting(const std::string& key);
    void set_setting(const std::string& key, const std::string& value);

    // Staff and system actions. detail must never hold personal data.
    void audit(const std::string& actor, const std::string& action, const std::string& detail = {});
    std::vector<AuditRecord> audit_log(int limit = 100);

    Database& database() noexcept { return *db_; }

    // Many inserts in few transactions (demo data, imports). Entries are committed every
    // `chunk` rows and at finish(); rows added after the last commit are rolled back if the
    // writer is destroyed without finish().
    class BulkWriter {
    public:
        explicit BulkWriter(Store& store, std::size_t chunk = 50'000);
        ~BulkWriter();
        void add(const core::Entry& entry);
        void finish();
        std::size_t written() const noexcept { return written_; }

    private:
        struct Impl;
        std::unique_ptr<Impl> impl_;
        std::size_t written_ = 0;
    };

private:
    void open_checked(const StoreOptions& options, int reopen_budget = 3);
    Integrity check(const char* pragma, const StoreOptions& options, std::string& verdict, int& code);

    std::filesystem::path path_;
    std::unique_ptr<Database> db_;
    std::optional<std::filesystem::path> moved_aside_;
    std::uintmax_t opened_dev_ = 0, opened_ino_ = 0;
    std::unique_ptr<Statement> insert_entry_, queue_entry_;
};

}  // namespace feedback::store
