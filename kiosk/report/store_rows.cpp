// The kiosk store's reading for the report (see store_rows.h): the snapshot and its twin, the
// complaint details and the row reader.
//
// The raw SQLite C API is used here instead of store::Statement because Statement::text()
// copies every value into a std::string, and a million-row report would spend most of its time
// allocating; a string_view into SQLite's row buffer costs nothing.
#include "report/store_rows.h"

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace feedback::report {
namespace {

std::string_view column_view(sqlite3_stmt* stmt, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    if (!text) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))};
}

using StatementPtr = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

// Like store::Database::fail, for the twin connections that have no Database around them.
[[noreturn]] void fail(sqlite3* db, int code, const std::string& what) {
    const char* path = sqlite3_db_filename(db, "main");
    throw store::StoreError(code, "database " + std::string(path ? path : "") + ": " + what + ": " +
                                      sqlite3_errmsg(db));
}

StatementPtr prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (const int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr); rc != SQLITE_OK)
        fail(db, rc, "preparing the report's entry query");
    return StatementPtr(raw);
}

}  // namespace

void FinalizeStatement::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

namespace {

// The owning snapshot of each connection, so that a nested ReadSnapshot (compute_report inside
// export_period) finds the outer one's twin.
std::mutex snapshots_mutex;
std::vector<std::pair<sqlite3*, sqlite3*>> active_twins;  // store connection -> twin

struct CloseConnection {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using ConnectionPtr = std::unique_ptr<sqlite3, CloseConnection>;

ConnectionPtr open_connection(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    ConnectionPtr owned(db);
    if (rc != SQLITE_OK) return nullptr;
    return owned;
}

bool exec_ok(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

// BEGIN is deferred: the snapshot is taken by the first read.
bool begin_snapshot(sqlite3* db) {
    return exec_ok(db, "BEGIN") && exec_ok(db, "SELECT count(*) FROM sqlite_schema");
}

}  // namespace

ReadSnapshot::ReadSnapshot(store::Store& store) : db_(store.database().handle()) {
    if (sqlite3_get_autocommit(db_) == 0) {
        // Already inside the caller's transaction: leave it alone, lend the outer twin.
        const std::lock_guard lock(snapshots_mutex);
        for (const auto& [connection, twin] : active_twins)
            if (connection == db_) twin_ = twin;
        return;
    }
    // From here on a failure (a read error, a busy file) must not leave the connection inside a
    // transaction or with the report's mmap size: the destructor does not run for a
    // constructor that throws, so release() is called here too (issue 14).
    try {
        previous_mmap_ = store.database().query_int("PRAGMA mmap_size");
        // SQLite caps this at its compile-time maximum (2 GB on Debian); it is address space,
        // not memory: pages are shared with the kernel's page cache.
        mmap_changed_ = true;
        store.database().query_int("PRAGMA mmap_size = 1073741824");

        // The write lock that makes the two snapshots equal (see entry_rows.h); without it, no twin.
        const std::string path = store.path().string();
        ConnectionPtr gate = open_connection(path);
        const bool gated = gate && sqlite3_busy_timeout(gate.get(), 200) == SQLITE_OK &&
                           exec_ok(gate.get(), "BEGIN IMMEDIATE");
        store.database().exec("BEGIN");
        owns_ = true;
        // A deferred BEGIN takes its snapshot at the first read; read now so that the snapshot
        // is the moment the report was asked for.
        store.database().query_int("SELECT count(*) FROM sqlite_schema");
        if (gated) {
            open_twin(path);
            exec_ok(gate.get(), "ROLLBACK");
        }
        if (owned_twin_) {
            twin_ = owned_twin_;
            const std::lock_guard lock(snapshots_mutex);
            active_twins.emplace_back(db_, twin_);
        }
    } catch (...) {
        release();
        throw;
    }
}

void ReadSnapshot::open_twin(const std::string& path) {
    ConnectionPtr twin = open_connection(path);
    if (!twin) return;
    if (!exec_ok(twin.get(), "PRAGMA mmap_size = 1073741824") || !begin_snapshot(twin.get())) return;
    owned_twin_ = twin.release();
}

ReadSnapshot::~ReadSnapshot() { release(); }

void ReadSnapshot::release() noexcept {
    if (owned_twin_) {
        {
            const std::lock_guard lock(snapshots_mutex);
            std::erase_if(active_twins, [this](const auto& entry) { return entry.first == db_; });
        }
        sqlite3_exec(owned_twin_, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close_v2(owned_twin_);
        owned_twin_ = nullptr;
        twin_ = nullptr;
    }
    if (owns_) {
        // Nothing was written, so ending it either way is the same. COMMIT can fail (a statement
        // of a failed read still active): then ROLLBACK, which always ends the transaction.
        if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK && sqlite3_get_autocommit(db_) == 0)
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        owns_ = false;
    }
    if (mmap_changed_) {
        const std::string restore = "PRAGMA mmap_size = " + std::to_string(previous_mmap_);
        sqlite3_exec(db_, restore.c_str(), nullptr, nullptr, nullptr);
        mmap_changed_ = false;
    }
}

ComplaintDetailsBySeq read_complaint_details(sqlite3* db, const PeriodBounds& bounds) {
    // CROSS JOIN makes SQLite loop over the complaints and probe each one's entry, rather than
    // walk every entry of the period in the time index and probe the complaints table for each
    // (what it picks without table statistics): a few thousand complaints in all instead of a
    // million entries, 0.1-0.3 s of a million-row export.
    const auto stmt = prepare(db,
                              "SELECT c.entry_seq, c.category, c.reference, c.sensitive, c.description "
                              "FROM complaints c CROSS JOIN entries e ON e.seq = c.entry_seq "
                              "WHERE e.created_utc >= ?1 AND e.created_utc < ?2");
    sqlite3_stmt* s = stmt.get();
    sqlite3_bind_text(s, 1, bounds.lower.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, bounds.upper.c_str(), -1, SQLITE_STATIC);
    ComplaintDetailsBySeq complaints;
    while (true) {
        const int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) fail(db, rc, "reading the period's complaints");
        complaints[sqlite3_column_int64(s, 0)] = {std::string(column_view(s, 1)), std::string(column_view(s, 2)),
                                                  std::string(column_view(s, 4)), sqlite3_column_int(s, 3) != 0};
    }
    return complaints;
}

EntryRowReader::EntryRowReader(sqlite3* db, const ComplaintDetailsBySeq& complaints)
    : db_(db),
      stmt_(prepare(db,
                    // Only the columns the raw table shows (and seq, to find a complaint's
                    // details): each column costs SQLite a decode and us a call a row.
                    "SELECT id, kind, created_utc, device_id, channel, service_point, rating, "
                    "dimensions, reasons, comment, language, misuse, session_state, seq, profile FROM entries "
                    "WHERE created_utc >= ?1 AND created_utc < ?2 ORDER BY created_utc, seq LIMIT ?3")),
      complaints_(complaints) {}

void EntryRowReader::start(const PeriodBounds& range, std::int64_t limit) {
    sqlite3_stmt* s = stmt_.get();
    sqlite3_reset(s);
    range_ = range;
    sqlite3_bind_text(s, 1, range_.lower.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, range_.upper.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, limit > 0 ? limit : -1);  // LIMIT -1: no limit
}

bool EntryRowReader::next() {
    sqlite3_stmt* s = stmt_.get();
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return false;
    if (rc != SQLITE_ROW) fail(db_, rc, "reading the period's entries");
    EntryRow& row = row_;
    row.id = column_view(s, 0);
    row.kind = column_view(s, 1);
    row.created_utc = column_view(s, 2);
    row.created_utc_ms = times_.parse(row.created_utc).value_or(0);
    row.device_id = column_view(s, 3);
    row.channel = column_view(s, 4);
    row.service_point = column_view(s, 5);
    row.rating = sqlite3_column_type(s, 6) == SQLITE_NULL ? std::nullopt
                                                           : std::optional<int>(sqlite3_column_int(s, 6));
    row.dimensions = column_view(s, 7);
    row.reasons = column_view(s, 8);
    row.comment = column_view(s, 9);
    row.language = column_view(s, 10);
    row.misuse = sqlite3_column_int(s, 11) != 0;
    row.session_state = column_view(s, 12);
    row.profile = column_view(s, 14);
    const ComplaintDetails* details = nullptr;
    if (!complaints_.empty() && row.kind == "complaint") {
        const auto found = complaints_.find(sqlite3_column_int64(s, 13));
        if (found != complaints_.end()) details = &found->second;
    }
    row.has_complaint = details != nullptr;
    row.category = details ? std::string_view(details->category) : std::string_view();
    row.reference = details ? std::string_view(details->reference) : std::string_view();
    row.sensitive = details && details->sensitive;
    row.description = details ? std::string_view(details->description) : std::string_view();
    return true;
}

std::int64_t for_each_entry_row(store::Store& store, const core::Period& period,
                                const std::function<void(const EntryRow&)>& fn, std::int64_t limit) {
    sqlite3* db = store.database().handle();
    const auto bounds = period_bounds(period);
    const auto complaints = read_complaint_details(db, bounds);
    EntryRowReader reader(db, complaints);
    reader.start(bounds, limit);
    std::int64_t rows = 0;
    while (reader.next()) {
        fn(reader.row());
        ++rows;
    }
    return rows;
}

}  // namespace feedback::report
