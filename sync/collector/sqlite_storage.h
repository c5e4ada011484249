// The collector's storage on SQLite (storage.h says why it is shaped this way): the embedded
// default, one file beside the collector.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <vector>
#include <memory>
#include <mutex>

#include "storage.h"

namespace feedback::sqlite {
class Database;
}

namespace feedback::collector {

class SqliteStorage final : public StorageBackend {
public:
    // ReadWrite creates the file (0600) and its tables when missing; ReadOnly refuses a
    // missing file. Throws StorageError.
    SqliteStorage(const std::filesystem::path& path, Storage::Mode mode);
    ~SqliteStorage() override;

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

    // Transactions committed by store_batch and record_heartbeat together; with concurrent
    // writers fewer than their calls (group commit, storage.cpp). For tests and the benchmark.
    std::uint64_t commits() const noexcept { return commits_.load(); }

private:
    void exec(const char* sql);

    // Group commit: a writer's work and, once its group's transaction ended, its outcome.
    struct Pending {
        const std::function<void()>* work;
        bool done;
        std::exception_ptr error;
    };
    void write_grouped(const std::function<void()>& work);
    void run_group(const std::vector<Pending*>& group);

    std::filesystem::path path_;
    std::unique_ptr<sqlite::Database> db_;
    std::mutex mutex_;  // the connection
    std::mutex queue_mutex_;  // queue_ and leading_
    std::condition_variable queue_cv_;
    std::vector<Pending*> queue_;
    bool leading_ = false;
    std::atomic<std::uint64_t> commits_{0};
};

}  // namespace feedback::collector
