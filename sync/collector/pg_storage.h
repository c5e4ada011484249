// The collector's storage on PostgreSQL (issue 20): several collectors share one database.
//
// What differs from SQLite (storage.h gives the common reasons):
// - A pool of connections (pg.h says why), each request taking one for its transaction;
//   READ COMMITTED is enough because the answers come from the constraints themselves: an
//   INSERT … ON CONFLICT (id) DO NOTHING RETURNING seq either inserts (accepted) or, when
//   another transaction holds the id, waits for it to commit and then does nothing
//   (duplicate or rejected, from the stored row's device). Never read-then-write.
// - Every libpq failure becomes StorageError; a lost or refused connection is transient (the
//   collector answers 503 with Retry-After) and the pool reconnects on the next request.
//   A COMMIT that fails leaves nothing acknowledged: the answer is only built after it.
// - synchronous_commit stays the server's (on by default): an acknowledgement means on disk.
#pragma once

#include <memory>

#include "pg.h"
#include "storage.h"

namespace feedback::collector {

class PgStorage final : public StorageBackend {
public:
    // ReadWrite migrates the schema; ReadOnly refuses a database without the collector's
    // tables. Throws StorageError.
    PgStorage(const std::string& uri, Storage::Mode mode, std::size_t connections = 8);
    ~PgStorage() override;

    std::optional<StoredBatch> find_batch(const std::string& device, const std::string& batch_id) override;
    protocol::BatchResponse store_batch(const std::string& device, const protocol::Batch& batch,
                                        const std::vector<protocol::WireEntry>& entries,
                                        const std::vector<protocol::Ack>& rejected,
                                        const std::optional<std::string>& body_sha256_to_record,
                                        std::vector<IdConflict>* conflicts) override;
    void record_heartbeat(const std::string& device, const protocol::Heartbeat& heartbeat,
                          const std::string& peer, std::int64_t received_utc_ms) override;
    void record_auth_refusal(const std::string& device, int status, const std::string& peer) override;
    std::optional<StoredHeartbeat> heartbeat(const std::string& device) override;
    std::int64_t entry_count() override;
    std::vector<TrackedComplaint> tracked_complaints(const std::string& reference) override;
    void for_each_entry(const std::function<void(const StoredEntry&)>& visit) override;
    // The combined report's reads (issue 19): report_storage.cpp / pg_report_storage.cpp.
    std::unique_ptr<ReportSnapshot> report_snapshot(int readers) override;

private:
    template <class Work>
    decltype(auto) with_connection(Work&& work);

    std::string uri_;
    pg::Pool pool_;
};

}  // namespace feedback::collector
