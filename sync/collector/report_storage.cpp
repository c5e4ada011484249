// SqliteStorage::report_snapshot(): the collector's side of the combined report (issue 19; see
// storage.h and report_input.h).
//
// Why its own connections: Storage's one connection sits behind a mutex that every batch a
// kiosk sends must take; a million-row report holding it for a second would make kiosks wait.
// Read connections in WAL mode read a snapshot while batches keep committing.
// Why the gate: two connections only see the same commit when both start reading while no
// commit can happen, so a third, short-lived connection takes the write lock (BEGIN IMMEDIATE),
// both readers start, and the lock is released without writing: the kiosk's own report does
// the same (kiosk/report/store_rows.h). A batch arriving meanwhile waits a few milliseconds
// (busy_timeout). Without the lock (a read-only file, a long write) there is one reader: the
// same figures, later.
// Why raw SQLite here: the report reads a million rows; views into SQLite's row buffers cost
// nothing where common/sqlite.h's text() copies every value into a std::string.
#include <sqlite3.h>

#include <array>
#include <memory>

#include "sqlite_storage.h"

namespace feedback::collector {
namespace {

struct CloseConnection {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using ConnectionPtr = std::unique_ptr<sqlite3, CloseConnection>;
struct FinalizeStatement {
    void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

bool transient(int code) {
    switch (code & 0xFF) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN: return true;
        default: return false;
    }
}

[[noreturn]] void fail(sqlite3* db, int code, const std::string& doing) {
    const char* path = sqlite3_db_filename(db, "main");
    throw StorageError("database " + std::string(path ? path : "") + ": " + doing + ": " + sqlite3_errstr(code) +
                           " (" + sqlite3_errmsg(db) + ")",
                       transient(code));
}

bool exec_ok(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

ConnectionPtr open_connection(const std::filesystem::path& path, int flags) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    ConnectionPtr owned(db);
    if (rc != SQLITE_OK) return nullptr;
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 10'000);
    return owned;
}

std::string_view column_view(sqlite3_stmt* stmt, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    if (!text) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))};
}

class SqliteReportSnapshot final : public ReportSnapshot {
public:
    SqliteReportSnapshot(const std::filesystem::path& path, int wanted) {
        // The gate first, so that every reader begins while it is held.
        ConnectionPtr gate = wanted > 1 ? open_connection(path, SQLITE_OPEN_READWRITE) : nullptr;
        if (gate) sqlite3_busy_timeout(gate.get(), 200);
        const bool gated = gate && exec_ok(gate.get(), "BEGIN IMMEDIATE");
        const int count = gated ? wanted : 1;
        for (int i = 0; i < count; ++i) {
            Reader reader;
            reader.db = open_connection(path, SQLITE_OPEN_READONLY);
            if (!reader.db) {
                if (i == 0) {
                    sqlite3* raw = nullptr;
                    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
                    ConnectionPtr failed(raw);
                    throw StorageError("cannot open database " + path.string() + ": " + sqlite3_errstr(rc), false);
                }
                break;
            }
            // Address space, not memory: pages are shared with the kernel's page cache, and a
            // report over a few hundred MB otherwise spends a fifth of its time copying pages.
            exec_ok(reader.db.get(), "PRAGMA mmap_size = 1073741824");
            if (!exec_ok(reader.db.get(), "BEGIN") ||
                !exec_ok(reader.db.get(), "SELECT count(*) FROM sqlite_schema")) {
                if (i == 0) fail(reader.db.get(), sqlite3_errcode(reader.db.get()), "starting the report's snapshot");
                break;
            }
            readers_.push_back(std::move(reader));
        }
        if (gated) exec_ok(gate.get(), "ROLLBACK");
    }

    ~SqliteReportSnapshot() override {
        for (auto& reader : readers_) {
            for (auto& stmt : reader.statements) stmt.reset();
            exec_ok(reader.db.get(), "ROLLBACK");
        }
    }

    int readers() const override { return static_cast<int>(readers_.size()); }

    void for_each_entry(int index, const ReportEntryFilter& filter,
                        const std::function<void(const ReportEntryView&)>& visit) override {
        Reader& reader = readers_.at(static_cast<std::size_t>(index));
        const std::size_t variant = (filter.complaints_only ? 1U : 0U) + (filter.sources ? 2U : 0U);
        auto& stmt = reader.statements[variant];
        if (!stmt) {
            // Rows come in created_utc order from entries_by_time (migration 5), whose keys end
            // in the rowid (seq), so ORDER BY needs no sort; complaints through their partial
            // index. The source list is one JSON array: SQLite makes an index of it once.
            std::string sql =
                "SELECT id, kind, created_utc, device_id, channel, service_point, rating, dimensions, reasons, "
                "profile, comment, language, misuse, complaint_category, complaint_reference, "
                "complaint_description, complaint_sensitive FROM entries "
                "WHERE created_utc >= ?1 AND created_utc < ?2";
            if (filter.complaints_only) sql += " AND kind = 'complaint'";
            if (filter.sources)
                sql += " AND COALESCE(NULLIF(received_from, ''), device_id) IN (SELECT value FROM json_each(?3))";
            sql += " ORDER BY created_utc, seq LIMIT ?4";
            sqlite3_stmt* raw = nullptr;
            if (const int rc = sqlite3_prepare_v2(reader.db.get(), sql.c_str(), -1, &raw, nullptr); rc != SQLITE_OK)
                fail(reader.db.get(), rc, "preparing the report's query");
            stmt.reset(raw);
        }
        sqlite3_stmt* s = stmt.get();
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, filter.lower.data(), static_cast<int>(filter.lower.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, filter.upper.data(), static_cast<int>(filter.upper.size()), SQLITE_TRANSIENT);
        if (filter.sources) {
            std::string list = "[";
            for (const auto& source : *filter.sources) {
                if (list.size() > 1) list += ',';
                list += '"';
                for (const char c : source) {
                    if (c == '"' || c == '\\') list += '\\';
                    list += c;
                }
                list += '"';
            }
            list += ']';
            sqlite3_bind_text(s, 3, list.data(), static_cast<int>(list.size()), SQLITE_TRANSIENT);
        }
        sqlite3_bind_int64(s, 4, filter.limit > 0 ? filter.limit : -1);
        ReportEntryView row;
        while (true) {
            const int rc = sqlite3_step(s);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) fail(reader.db.get(), rc, "reading the report's entries");
            row.id = column_view(s, 0);
            row.kind = column_view(s, 1);
            row.created_utc = column_view(s, 2);
            row.device_id = column_view(s, 3);
            row.channel = column_view(s, 4);
            row.service_point = column_view(s, 5);
            row.rating = sqlite3_column_type(s, 6) == SQLITE_NULL ? std::nullopt
                                                                   : std::optional<int>(sqlite3_column_int(s, 6));
            row.dimensions = column_view(s, 7);
            row.reasons = column_view(s, 8);
            row.profile = column_view(s, 9);
            row.comment = column_view(s, 10);
            row.language = column_view(s, 11);
            row.misuse = sqlite3_column_int(s, 12) != 0;
            row.has_complaint = sqlite3_column_type(s, 13) != SQLITE_NULL;
            row.complaint_category = column_view(s, 13);
            row.complaint_reference = column_view(s, 14);
            row.complaint_description = column_view(s, 15);
            row.complaint_sensitive = sqlite3_column_int(s, 16) != 0;
            visit(row);
        }
        sqlite3_reset(s);
    }

private:
    struct Reader {
        ConnectionPtr db;
        std::array<StatementPtr, 4> statements;  // by variant: complaints_only + 2 * sources
    };
    std::vector<Reader> readers_;
};

}  // namespace

std::unique_ptr<ReportSnapshot> SqliteStorage::report_snapshot(int readers) {
    return std::make_unique<SqliteReportSnapshot>(path_, readers < 1 ? 1 : readers);
}

}  // namespace feedback::collector
