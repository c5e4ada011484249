// The kiosk store's side of the report's reading (split from entry_rows.h for issue 19, so
// that kiosk_report itself knows no database): a consistent snapshot with its twin connection,
// the period's complaint details, and the row reader over the kiosk's `entries` table.
//
// Why a snapshot: an export made while the kiosk is taking answers must not show a summary and
// raw rows from two different moments: ReadSnapshot holds one read transaction (WAL lets the
// kiosk keep writing meanwhile) around both.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/period.h"
#include "report/entry_rows.h"

struct sqlite3;
struct sqlite3_stmt;

namespace feedback::store {
class Store;
}

namespace feedback::report {

// One read transaction for as long as it lives, unless the connection is already inside one
// (then it leaves that alone, and twin() is the outer snapshot's twin).
//
// The twin: a second connection to the same file reading the SAME snapshot, so that
// compute_report can split a long period across two threads (SQLite itself is most of the
// time, and a kiosk PC has two cores idle while staff export). SQLite 3.40 as Debian builds it
// has no snapshot API, so the two snapshots are made equal another way: a third, short-lived
// connection takes the write lock (BEGIN IMMEDIATE), both readers start their transaction
// while no commit can happen, and the lock is released at once without writing. A kiosk tap
// arriving meanwhile waits a few milliseconds (busy_timeout). If the lock is not free within
// 200 ms, or the file cannot be opened again, there is no twin and the work runs on one thread:
// the same figures, later.
//
// While it lives the connections also read the file through mmap (PRAGMA mmap_size), restored
// afterwards: Debian's SQLite maps nothing by default and keeps a 2 MB page cache, so a report
// over a few hundred MB would otherwise spend a fifth of its time copying pages out of the
// kernel. Throws store::StoreError; whether the constructor throws or a read inside it fails,
// the connection is left outside any transaction (issue 14).
class ReadSnapshot {
public:
    explicit ReadSnapshot(store::Store& store);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

    // A connection on the same snapshot for ONE other thread to read with, or nullptr.
    sqlite3* twin() const noexcept { return twin_; }

private:
    void open_twin(const std::string& path);
    // Ends the transaction (if this snapshot began it), closes the twin, restores mmap_size.
    void release() noexcept;

    sqlite3* db_;
    bool owns_ = false;
    bool mmap_changed_ = false;
    long long previous_mmap_ = 0;
    sqlite3* twin_ = nullptr;
    sqlite3* owned_twin_ = nullptr;
};

// The complaint details of a period's complaint entries, by entry seq. Complaints are few, so
// they are read once up front and the million-row entry query needs no join (a b-tree probe
// per row). Contact name and phone are deliberately not read: no export may carry them.
struct ComplaintDetails {
    std::string category, reference, description;
    bool sensitive = false;
};
using ComplaintDetailsBySeq = std::unordered_map<std::int64_t, ComplaintDetails>;
// On connection `db` (inside the caller's snapshot). Throws store::StoreError.
ComplaintDetailsBySeq read_complaint_details(sqlite3* db, const PeriodBounds& bounds);

struct FinalizeStatement {
    void operator()(sqlite3_stmt* stmt) const noexcept;
};

// Steps the entries of one created_utc range on one connection, oldest first (created_utc,
// then insertion order). One reader per connection and thread; start() may be called again
// for another range, which reuses the prepared statement: the CSV export reads a period as a
// series of ranges on two connections.
class EntryRowReader {
public:
    // Prepares the query on `db`; `complaints` must outlive the reader. Throws store::StoreError.
    EntryRowReader(sqlite3* db, const ComplaintDetailsBySeq& complaints);

    // Rows with range.lower <= created_utc < range.upper; at most `limit` when limit > 0.
    void start(const PeriodBounds& range, std::int64_t limit = 0);
    // Reads the next row into row(); false after the last. Throws store::StoreError.
    bool next();
    const EntryRow& row() const noexcept { return row_; }

private:
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, FinalizeStatement> stmt_;
    const ComplaintDetailsBySeq& complaints_;
    PeriodBounds range_;  // bound to the statement as SQLITE_STATIC: must live while it steps
    EntryRow row_;
    CreatedUtcParser times_;
};

// Every entry of the period, oldest first (created_utc, then insertion order); at most `limit`
// of them when limit > 0. Returns how many rows were visited. Throws store::StoreError.
std::int64_t for_each_entry_row(store::Store& store, const core::Period& period,
                                const std::function<void(const EntryRow&)>& fn, std::int64_t limit = 0);

}  // namespace feedback::report
