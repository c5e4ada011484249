// The collector's storage on SQLite (storage.h says why it is shaped this way): the embedded
// default, one file beside the collector.
#pragma once

#include <filesystem>
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
                          const std::string& peer) override;
    std::optional<StoredHeartbeat> heartbeat(const std::string& device) override;
    std::int64_t entry_count() override;
    std::vector<TrackedComplaint> tracked_complaints(const std::string& reference) override;
    void for_each_entry(const std::function<void(const StoredEntry&)>& visit) override;

private:
    void exec(const char* sql);

    std::filesystem::path path_;
    std::unique_ptr<sqlite::Database> db_;
    std::mutex mutex_;
};

}  // namespace feedback::collector
