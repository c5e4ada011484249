// ConsoleStore on the collector's SQLite database (see console_store.h for why an interface).
//
// Opens its own connection to a database the collector's Storage has already created and
// migrated (schema 2 or later; an older one is refused). WAL mode lets the queue be read while
// kiosks' batches are written; writes wait up to 10 s for SQLite's lock. One connection behind
// a mutex, like the protocol's storage: the console's load is a handful of staff.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "console_store.h"

namespace feedback::sqlite {
class Database;
}

namespace feedback::console {

class SqliteConsoleStore final : public ConsoleStore {
public:
    // Throws StoreError when the file is missing, not a collector database or not migrated.
    explicit SqliteConsoleStore(const std::filesystem::path& path);
    ~SqliteConsoleStore() override;

    void add_office(const Office& office) override;
    std::vector<Office> offices() override;
    bool set_office_published(const std::string& code, bool published) override;
    std::optional<Office> published_office(const std::string& code) override;
    void add_user(const User& user) override;
    std::optional<User> find_user(const std::string& name) override;
    bool set_password(const std::string& name, const std::string& password_hash) override;
    bool remove_user(const std::string& name) override;
    std::int64_t set_device_offices(const std::vector<std::pair<std::string, std::string>>& map) override;
    QueuePage queue(const Scope& scope, const QueueFilter& filter) override;
    std::optional<CaseDetail> find_case(const Scope& scope, const std::string& reference) override;
    Contact contact(std::int64_t seq) override;
    std::vector<HistoryItem> history(std::int64_t seq) override;
    bool change_status(std::int64_t seq, const std::string& from, const HistoryItem& change) override;
    std::vector<CaseRow> cases_filed_before(const Scope& scope, const std::string& before_utc) override;
    void add_audit(const AuditItem& item) override;
    std::vector<AuditItem> audit(const std::string& office, int limit) override;
    std::vector<DeviceRow> devices(const std::string& office) override;
    void open_session(const std::string& key, const StoredSession& session, std::int64_t forget_before_ms) override;
    std::optional<StoredSession> touch_session(const std::string& key, std::int64_t now_ms,
                                               std::int64_t idle_since_ms) override;
    void close_session(const std::string& key) override;
    unsigned add_failure(const std::string& kind, const std::string& key, std::int64_t now_ms,
                         std::int64_t forget_before_ms) override;
    void lock_until(const std::string& kind, const std::string& key, std::int64_t until_ms) override;
    std::int64_t locked_until(const std::string& kind, const std::string& key) override;
    void clear_failures(const std::string& kind, const std::string& key) override;
    std::vector<FleetRow> fleet(const std::string& office, const std::string& today_start_utc,
                                const std::string& half_start_utc) override;

private:
    template <class Work>
    decltype(auto) locked(const char* doing, Work&& work);

    std::filesystem::path path_;
    std::unique_ptr<sqlite::Database> db_;
    std::mutex mutex_;
};

}  // namespace feedback::console
