// The collector's database: entries (unique by entry id), batches (for Idempotency-Key
// replay) and the latest heartbeat per device, on SQLite (one file, the embedded default) or
// PostgreSQL (several collectors sharing one database, issue 20; pg_storage.h).
//
// Why these choices (written for SQLite; pg_storage.h says what differs there):
// Why these choices:
// - Deduplication is the database's job: `INSERT … ON CONFLICT(id) DO NOTHING` and the row
//   count tell accepted from duplicate atomically, even with two connections racing. (Plain
//   INSERT OR IGNORE would also swallow NOT NULL and CHECK failures and call them duplicates.)
// - One transaction per batch holds its entries *and* the answer recorded for replay, so after
//   a crash either both exist or neither: a re-sent batch then gets the same answer or is
//   processed afresh, never half of each.
// - synchronous=FULL: the collector acknowledges only what is on disk, since an
//   acknowledgement lets the kiosk stop re-sending.
// - File created 0600: complaint entries may hold names and phone numbers.
// - The RAII over the SQLite C API is the shared one (common/sqlite.h), the same the kiosk's
//   store uses; it sits in common/ because the collector depends only on sync/protocol and
//   common, never the kiosk (DESIGN.md §2). Its errors become StorageError inside storage.cpp.
// - One connection behind a mutex: the collector's load (a few batches a minute per kiosk)
//   does not need more, and it keeps every write strictly ordered.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/protocol.h"
#include "track_page.h"

namespace feedback::collector {

// A database failure; what() names the file and what went wrong. `transient` is true for
// conditions that may pass (busy, locked, disk full, I/O), which the collector answers 503.
class StorageError : public std::runtime_error {
public:
    StorageError(const std::string& message, bool transient)
        : std::runtime_error(message), transient_(transient) {}
    bool transient() const noexcept { return transient_; }

private:
    bool transient_;
};

struct StoredBatch {
    std::string body_sha256;
    std::string response_json;
};

struct StoredEntry {
    protocol::WireEntry entry;
    std::string received_utc;
    std::string received_from;  // the authenticated device that delivered it ("" when open)
    std::string batch_id;
};

// An entry whose id the collector already holds from another device (issue 14): it is
// rejected, never answered "duplicate", and the collector logs this for IT.
struct IdConflict {
    std::string id;
    std::string device;  // the entry's device_id in the refused copy
    std::string holder;  // the device_id of the entry already stored
};

struct StoredHeartbeat {
    protocol::Heartbeat heartbeat;
    std::string received_utc;
    std::string peer;
    std::optional<std::int64_t> clock_offset_ms;  // kiosk clock - collector clock at receipt
};

// ---- What the combined report reads (issue 19; report_storage.cpp) ----

// A received entry as the office's combined report reads it. The views point into the
// database's buffers and are valid during the callback only. Contact name and phone are never
// read (no report may carry them).
struct ReportEntryView {
    std::string_view id, kind, created_utc, device_id, channel, service_point;
    std::optional<int> rating;
    std::string_view dimensions, reasons, profile;  // JSON text as stored
    std::string_view comment, language;
    bool misuse = false;
    bool has_complaint = false;  // the complaint columns are meaningful (kind "complaint")
    std::string_view complaint_category, complaint_reference, complaint_description;
    bool complaint_sensitive = false;
};

// Which entries: created_utc in [lower, upper), and when `sources` is set, only entries whose
// source — the device that delivered them (received_from), or their device_id when they came
// without a token — is one of them. complaints_only: kind "complaint" only (an index of its
// own). limit > 0: at most that many. Always oldest first: created_utc, then arrival (seq).
struct ReportEntryFilter {
    std::string lower, upper;
    std::optional<std::vector<std::string>> sources;
    bool complaints_only = false;
    std::int64_t limit = 0;
};

// One moment of the database for a whole report: readers() connections, each inside a read
// transaction, all seeing the same commit (entries arriving meanwhile are in none of them). A
// reader is used by one thread at a time; two readers let the report use two cores, as the
// kiosk's does. Throws StorageError from every call.
class ReportSnapshot {
public:
    virtual ~ReportSnapshot() = default;
    virtual int readers() const = 0;
    virtual void for_each_entry(int reader, const ReportEntryFilter& filter,
                                const std::function<void(const ReportEntryView&)>& visit) = 0;
};

// What the public tracking page (issue 18) may know of a complaint: sync/console/track_page.h.
using TrackedComplaint = console::TrackedComplaint;

// "2026-11-27T07:05:09.123Z" for now.
std::string utc_now_iso();
// The same for milliseconds since the epoch, and the collector's wall clock in those.
std::string utc_iso_of_ms(std::int64_t ms);
std::int64_t utc_now_ms();
// Milliseconds since the epoch of a protocol timestamp; nullopt when it is not one.
std::optional<std::int64_t> utc_ms_of(std::string_view iso);

// What every backend stores and answers (SQLite: storage.cpp, PostgreSQL: pg_storage.cpp).
// The semantics are Storage's below; both give the same answers for the same requests.
class StorageBackend {
public:
    virtual ~StorageBackend() = default;
    virtual std::optional<StoredBatch> find_batch(const std::string& device, const std::string& batch_id) = 0;
    virtual protocol::BatchResponse store_batch(const std::string& device, const protocol::Batch& batch,
                                                const std::vector<protocol::WireEntry>& entries,
                                                const std::vector<protocol::Ack>& rejected,
                                                const std::optional<std::string>& body_sha256_to_record,
                                                std::vector<IdConflict>* conflicts) = 0;
    // `received_utc_ms`: the collector's clock when it arrived (the kiosk's clock offset is
    // measured against it).
    virtual void record_heartbeat(const std::string& device, const protocol::Heartbeat& heartbeat,
                                  const std::string& peer, std::int64_t received_utc_ms) = 0;
    virtual void record_auth_refusal(const std::string& device, int status, const std::string& peer) = 0;
    virtual std::optional<StoredHeartbeat> heartbeat(const std::string& device) = 0;
    virtual std::int64_t entry_count() = 0;
    virtual std::vector<TrackedComplaint> tracked_complaints(const std::string& reference) = 0;
    virtual void for_each_entry(const std::function<void(const StoredEntry&)>& visit) = 0;
    virtual std::unique_ptr<ReportSnapshot> report_snapshot(int readers) = 0;
};

// The collector's storage: a facade over the backend its address names (issue 20), so the
// protocol code, the export and the tests hold one type whatever the database is.
class Storage {
public:
    enum class Mode { ReadWrite, ReadOnly };
    // `address` is a SQLite file path, or a PostgreSQL URI ("postgresql://…" / "postgres://…",
    // libpq syntax, pg::is_uri). ReadWrite creates the file (0600) and migrates the schema
    // when missing or older; ReadOnly refuses a missing file or an unmigrated database.
    // Throws StorageError.
    explicit Storage(const std::string& address, Mode mode = Mode::ReadWrite);
    ~Storage();
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;

    const std::string& address() const noexcept { return address_; }

    std::optional<StoredBatch> find_batch(const std::string& device, const std::string& batch_id) {
        return backend_->find_batch(device, batch_id);
    }

    // Stores `entries` and, when `record` is set, the answer for Idempotency-Key replay, all in
    // one transaction. An entry whose id is already held becomes Duplicate when the stored
    // entry has the same device_id, and Rejected (listed in `conflicts`) when it belongs to
    // another device: one device can never learn "duplicate" for another's entry, nor have
    // its own answer silently replaced. `rejected` are appended to the answer's results
    // unchanged. Returns the answer.
    protocol::BatchResponse store_batch(const std::string& device, const protocol::Batch& batch,
                                        const std::vector<protocol::WireEntry>& entries,
                                        const std::vector<protocol::Ack>& rejected,
                                        const std::optional<std::string>& body_sha256_to_record,
                                        std::vector<IdConflict>* conflicts = nullptr) {
        return backend_->store_batch(device, batch, entries, rejected, body_sha256_to_record, conflicts);
    }

    // Also stores the kiosk's clock offset: heartbeat.kiosk_clock_utc minus `received_utc_ms`
    // (the collector's clock when it arrived; now by default).
    void record_heartbeat(const std::string& device, const protocol::Heartbeat& heartbeat,
                          const std::string& peer, std::optional<std::int64_t> received_utc_ms = std::nullopt) {
        backend_->record_heartbeat(device, heartbeat, peer, received_utc_ms ? *received_utc_ms : utc_now_ms());
    }
    // A request refused for its token (401/403) that claimed to come from `device` (issue 19:
    // the fleet's `auth` state). One row per device: the latest refusal and a running count.
    void record_auth_refusal(const std::string& device, int status, const std::string& peer) {
        backend_->record_auth_refusal(device, status, peer);
    }
    std::optional<StoredHeartbeat> heartbeat(const std::string& device) { return backend_->heartbeat(device); }

    std::int64_t entry_count() { return backend_->entry_count(); }
    // Complaints with this reference (normally one; kiosks of different offices may share a
    // device code), oldest first.
    std::vector<TrackedComplaint> tracked_complaints(const std::string& reference) {
        return backend_->tracked_complaints(reference);
    }
    // Every entry in the order it was first received.
    void for_each_entry(const std::function<void(const StoredEntry&)>& visit) { backend_->for_each_entry(visit); }

    // A snapshot for the combined report (issue 19) with up to `readers` readers (fewer when a
    // second connection cannot be opened or the write lock that makes the readers' snapshots
    // equal is not free within 200 ms). Throws StorageError.
    std::unique_ptr<ReportSnapshot> report_snapshot(int readers = 2) {
        return backend_->report_snapshot(readers < 1 ? 1 : readers);
    }

private:
    std::string address_;
    std::unique_ptr<StorageBackend> backend_;
};


}  // namespace feedback::collector
