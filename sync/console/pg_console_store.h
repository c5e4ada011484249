// ConsoleStore on PostgreSQL (issue 20), beside SqliteConsoleStore: the same answers from the
// same tables (sync/collector/pg_migrations.cpp), so any number of collectors sharing one
// database show staff one console. A small pool of connections (sync/pg/pg.h); every libpq
// failure becomes StoreError, and a lost connection is made again on the next call.
#pragma once

#include <string>

#include "console_store.h"
#include "pg.h"

namespace feedback::console {

class PgConsoleStore final : public ConsoleStore {
public:
    // Throws StoreError when the database cannot be reached or has no console tables yet.
    explicit PgConsoleStore(const std::string& uri, std::size_t connections = 4);
    ~PgConsoleStore() override;

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
    std::vector<FleetRow> fleet(const std::string& office, const std::string& today_start_utc,
                                const std::string& half_start_utc) override;
    void open_session(const std::string& key, const StoredSession& session, std::int64_t forget_before_ms) override;
    std::optional<StoredSession> touch_session(const std::string& key, std::int64_t now_ms,
                                               std::int64_t idle_since_ms) override;
    void close_session(const std::string& key) override;
    unsigned add_failure(const std::string& kind, const std::string& key, std::int64_t now_ms,
                         std::int64_t forget_before_ms) override;
    void lock_until(const std::string& kind, const std::string& key, std::int64_t until_ms) override;
    std::int64_t locked_until(const std::string& kind, const std::string& key) override;
    void clear_failures(const std::string& kind, const std::string& key) override;

private:
    template <class Work>
    decltype(auto) with(const char* doing, Work&& work);

    std::string uri_;
    pg::Pool pool_;
};

}  // namespace feedback::console
