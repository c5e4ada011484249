// Reading a period's entries for the report: the time-range query, a consistent snapshot, and
// fast readers for the answer lists the store keeps as JSON text.
//
// Why these pieces are shared and public:
// - compute_report() and the row-by-row exports (CSV, XLSX raw sheet) must select exactly the
//   same rows; period_bounds() is that one definition (created_utc in [start, end) at +07:00).
// - An export made while the kiosk is taking answers must not show a summary and raw rows from
//   two different moments: ReadSnapshot holds one read transaction (WAL lets the kiosk keep
//   writing meanwhile) around both.
// - A million rows must be read in well under a second, so rows are handed out as string_views
//   into SQLite's own buffers (no copies), and the dimensions/reasons JSON, which the store
//   writes in one fixed compact form ({"id":5,…} / ["id",…]), is read by a small scanner. Any
//   other form (whitespace, escapes: e.g. a row written by another tool) falls back to a full
//   JSON parser, so the fast path never changes a result, only the time it takes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/period.h"

struct sqlite3;
struct sqlite3_stmt;

namespace feedback::store {
class Store;
}

namespace feedback::report {

// The created_utc text bounds of a period: rows with lower <= created_utc < upper. The store
// writes created_utc as fixed-width ISO text ("2025-09-30T17:00:00.000Z"), whose byte order is
// time order, so the comparison runs on the entries_by_time index.
struct PeriodBounds {
    std::string lower;
    std::string upper;
};
PeriodBounds period_bounds(const core::Period& period);

// The period cut into `count` time ranges that together are exactly period_bounds(period), in
// order, each lower bound the previous upper one (fewer ranges when the period has fewer
// milliseconds). Reading them one after another visits the rows one pass would, in the same
// order; two threads take them in turn to share a pass (compute_report, the CSV export).
std::vector<PeriodBounds> split_period(const core::Period& period, int count);

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

// created_utc text -> UTC ms, for a million rows in a row. The store writes one fixed form
// ("2025-09-30T17:00:00.000Z"); rows come in time order, so the date part is parsed once per
// day and only the time of day per row. Any other form goes through core::parse_iso_utc.
class CreatedUtcParser {
public:
    std::optional<std::int64_t> parse(std::string_view text);

private:
    char date_[10] = {};
    std::int64_t day_ms_ = 0;
    bool cached_ = false;
};

// Calls fn(id, level) for each member of a dimensions object; false when the text is not a
// JSON object of string → integer (fn may have been called for some members already).
bool for_each_dimension(std::string_view json, const std::function<void(std::string_view, int)>& fn);
// Calls fn(id) for each string of a reasons array; false when the text is not such an array.
bool for_each_reason(std::string_view json, const std::function<void(std::string_view)>& fn);

// One entry of the period, joined with its complaint details when it is a complaint. The views
// point into SQLite's buffers and are valid only until the next row is read.
struct EntryRow {
    std::string_view id;
    std::string_view kind;          // "rating" or "complaint"
    std::string_view created_utc;   // ISO text as stored
    std::int64_t created_utc_ms = 0;
    // (The kiosk's own utc_offset_min is not read: reports use the office's +07:00.)
    std::string_view device_id;
    std::string_view channel;
    std::string_view service_point;  // "" when not asked
    std::optional<int> rating;
    std::string_view dimensions;    // JSON object text
    std::string_view reasons;       // JSON array text
    std::string_view profile;       // JSON object text, question id -> option id ("{}" when none)
    std::string_view comment;
    std::string_view language;
    bool misuse = false;
    std::string_view session_state;
    bool has_complaint = false;     // the complaint columns below are meaningful
    std::string_view category;
    std::string_view reference;
    bool sensitive = false;
    std::string_view description;   // NEVER contact details: the query does not read them
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
