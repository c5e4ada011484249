// Writing checked entries: one transaction of multi-row INSERTs whose columns the store binds
// (store::bind_new_entry), so an import stores an entry exactly as a tap does; queued for sync
// at the commit; with dry_run, the same counts without writing. Part of paper_import.
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/entry.h"
#include "exchange/paper_import.h"
#include "store/statements.h"
#include "store/store.h"

namespace feedback::exchange::detail {

// Rows per INSERT. A statement per row costs SQLite its set-up, statement journal and teardown
// every time, a fifth of the work; past a few dozen rows per statement little is left to gain
// (callgrind, 10,000 rows: 1 row per statement 445 M instructions, 16 rows 352 M, 64 rows 340 M).
inline constexpr std::size_t kRowsPerInsert = 32;

struct InsertSql {
    std::string text;
    std::size_t rows = 0;
    std::size_t columns = 0;  // parameters per row
};

// store::sql::kInsertEntry for several entries at once (see entry_writer.cpp).
InsertSql insert_entries_sql(store::Database& db, std::size_t rows);

// Writes checked entries in one transaction, a chunk at a time (import_entries gives it all of
// them at once; import_csv_file a chunk of rows as it reads them). Nothing is written unless
// finish() is reached: the transaction rolls back when the writer is destroyed without it.
class EntryWriter {
public:
    EntryWriter(store::Store& store, bool dry_run, bool large) : db_(store.database()), dry_run_(dry_run) {
        if (dry_run_) {
            exists_.emplace(db_, "SELECT 1 FROM entries WHERE id = ?1");
            return;
        }
        // All dirty pages of the one transaction stay in memory until its commit writes them
        // once; with SQLite's default 2 MB page cache a 100,000-row file would spill them to the
        // log inside the transaction. Set back after, so the kiosk does not keep 128 MiB.
        cache_before_ = db_.query_int("PRAGMA cache_size");
        if (large) db_.exec("PRAGMA cache_size = -131072");  // 128 MiB, freed after
        restore_cache_ = true;
        // BEGIN IMMEDIATE: from here nothing else writes to the file until the commit, so the
        // rows this import adds are exactly those after the largest seq now (see
        // kQueueEntriesAfter), and "already there" means the same thing for every row. One
        // commit: all rows or none.
        tx_.emplace(db_);
        last_seq_ = db_.query_int("SELECT coalesce(max(seq), 0) FROM entries");
        many_ = insert_entries_sql(db_, kRowsPerInsert);
        insert_many_.emplace(db_, many_.text);
        insert_one_.emplace(db_, insert_entries_sql(db_, 1).text);
        std::string probe_sql = "SELECT count(*) FROM entries WHERE id IN (";
        for (std::size_t k = 1; k <= many_.rows; ++k) probe_sql += (k > 1 ? ", ?" : "?") + std::to_string(k);
        probe_.emplace(db_, probe_sql + ")");
        waiting_.reserve(many_.rows);
    }
    ~EntryWriter() {
        // Statements first, then the transaction (rolled back unless committed), then the cache.
        probe_.reset();
        insert_one_.reset();
        insert_many_.reset();
        exists_.reset();
        tx_.reset();
        if (restore_cache_) {
            const std::string sql = "PRAGMA cache_size = " + std::to_string(cache_before_);
            sqlite3_exec(db_.handle(), sql.c_str(), nullptr, nullptr, nullptr);
        }
    }
    EntryWriter(const EntryWriter&) = delete;
    EntryWriter& operator=(const EntryWriter&) = delete;

    void add(const std::vector<core::Entry>& entries) {
        offered_ += entries.size();
        if (dry_run_) {
            count(entries);
            return;
        }
        // In id order (time-first ids, see row_id), each index grows at its end. Equal ids (a
        // row repeated in an export) keep their file order, so the first copy is the one
        // imported. Each id's text is viewed from beside its pointer, so a comparison reads the
        // text alone rather than the entry and then its text.
        struct ById {
            std::string_view id;
            const core::Entry* entry;
        };
        std::vector<ById> ordered;
        ordered.reserve(entries.size());
        for (const auto& entry : entries) ordered.push_back({entry.id, &entry});
        std::sort(ordered.begin(), ordered.end(), [](const ById& a, const ById& b) {
            const int order = a.id.compare(b.id);
            return order < 0 || (order == 0 && a.entry < b.entry);
        });
        for (const ById& next : ordered) {
            const core::Entry* entry = next.entry;
            if (!core::validate(*entry).empty()) {
                // The store refuses an invalid entry (std::invalid_argument, nothing written), but
                // one whose id is already there was never offered to it: it is counted as
                // present, like any other. "There" includes the rows waiting for the batch, so
                // they go first.
                insert_waiting_one_by_one();
                store::Statement exists(db_, "SELECT 1 FROM entries WHERE id = ?1");
                if (exists.bind_all(entry->id).step()) continue;
                store::bind_new_entry(*insert_one_, *entry, now_, 1);  // throws
            }
            waiting_.push_back(entry);
            if (waiting_.size() == many_.rows) insert_waiting();
        }
        // The entries of this chunk are freed by the caller after add(): nothing may wait.
        insert_waiting_one_by_one();
    }

    ImportResult finish() {
        ImportResult result;
        if (dry_run_) {
            result.imported = new_ids_;
            result.already_present = offered_ - new_ids_;
            return result;
        }
        store::Statement queue(db_, store::sql::kQueueEntriesAfter);
        queue.bind_all(last_seq_, now_).run();
        if (static_cast<std::size_t>(sqlite3_changes(db_.handle())) != inserted_)
            throw store::StoreError(SQLITE_INTERNAL, "database " + db_.path() + ": import: the new entries are not the " +
                                                         "ones after seq " + std::to_string(last_seq_) +
                                                         "; nothing imported");
        tx_->commit();
        result.imported = inserted_;
        result.already_present = offered_ - inserted_;
        return result;
    }

private:
    // --dry-run: the same counts without writing (nor taking the write lock). Ids seen earlier
    // in the file are remembered, as the database would remember the inserted ones.
    void count(const std::vector<core::Entry>& entries) {
        for (const auto& entry : entries) {
            const bool present = exists_->bind_all(entry.id).step();
            exists_->reset();
            if (!present && seen_.insert(entry.id).second) ++new_ids_;
        }
    }

    void run(store::Statement& insert) {
        insert.run();
        inserted_ += static_cast<std::size_t>(sqlite3_changes(db_.handle()));  // 0 for an id already there
    }
    void insert_waiting_one_by_one() {
        for (const core::Entry* entry : waiting_) {
            store::bind_new_entry(*insert_one_, *entry, now_, 1);
            run(*insert_one_);
        }
        waiting_.clear();
    }
    // A file imported before (all of it, or its first part) inserts nothing, yet each row would
    // still be encoded and checked by SQLite before its id conflicts. So after a batch that
    // inserted nothing the next one is looked up first — one query for its ids — and skipped
    // when all are there; a fresh file never pays for the look-up.
    void insert_waiting() {
        if (look_up_first_) {
            for (std::size_t k = 0; k < waiting_.size(); ++k)
                probe_->bind(static_cast<int>(k) + 1, store::BorrowedText{waiting_[k]->id});
            probe_->step();
            const bool all_there = static_cast<std::size_t>(probe_->int64(0)) == waiting_.size();
            probe_->reset();
            if (all_there) {  // (ids repeated within the batch count once, so never "all there")
                waiting_.clear();
                return;
            }
        }
        for (std::size_t k = 0; k < waiting_.size(); ++k)
            store::bind_new_entry(*insert_many_, *waiting_[k], now_, static_cast<int>(k * many_.columns) + 1);
        const std::size_t before = inserted_;
        run(*insert_many_);
        look_up_first_ = inserted_ == before;
        waiting_.clear();
    }

    store::Database& db_;
    bool dry_run_;
    std::int64_t cache_before_ = 0;
    bool restore_cache_ = false;
    const std::string now_ = core::format_iso_utc(core::now_utc_ms());
    std::optional<store::Transaction> tx_;
    std::int64_t last_seq_ = 0;
    InsertSql many_;
    std::optional<store::Statement> insert_many_, insert_one_, probe_, exists_;
    std::vector<const core::Entry*> waiting_;
    bool look_up_first_ = false;
    std::size_t inserted_ = 0, offered_ = 0, new_ids_ = 0;
    std::unordered_set<std::string> seen_;
};

}  // namespace feedback::exchange::detail
