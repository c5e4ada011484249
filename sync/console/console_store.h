// What the console (issue 18) needs from a database, as one interface.
//
// Why an interface: every SQL statement of the console sits behind ConsoleStore, so the pages,
// the sign-in rules and the report are written once, and PgConsoleStore (pg_console_store.h,
// issue 20) sits beside SqliteConsoleStore without touching them. The SQLite one shares the
// collector's database file (its schema is the numbered migrations of
// sync/collector/migrations.cpp); it opens its own connection, so the protocol's storage and
// the console never wait on each other's mutex, only on SQLite's write lock.
//
// Who may see what is decided by the caller and passed in as a Scope: the store only applies
// it in its WHERE clauses, so no query can forget it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace feedback::console {

enum class Role { Officer, Executive, It };

std::string_view to_string(Role role);
std::optional<Role> role_from(std::string_view word);

// A failure of the console's database; what() names no personal data.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Office {
    std::string code;
    std::string name_th;
    std::string name_en;
};

struct User {
    std::string name;
    std::string office;  // an office code, or "*" for every office
    Role role = Role::Officer;
    std::string password_hash;  // Argon2id, libsodium's crypto_pwhash_str format
};

// Which complaints a query may return.
struct Scope {
    std::string office;              // "*" = every office (and complaints of no office)
    bool include_sensitive = false;  // executives only
};

// One complaint as the queue and the report see it (no description, no contact).
struct CaseRow {
    std::int64_t seq = 0;  // the entry's seq in the collector database
    std::string reference;
    std::string office;  // "" when no office could be assigned
    std::string device_id;
    std::string category;
    std::string service_point;
    bool sensitive = false;
    std::string created_utc;  // when the visitor filed it (kiosk clock), ISO 8601 UTC
    int utc_offset_min = 0;   // the kiosk's offset from UTC then
    std::string filed_date;   // the kiosk's local date, YYYY-MM-DD
    std::string status;       // new | accepted | in_progress | resolved | referred
    std::string status_utc;   // "" while new
    std::string accepted_utc, started_utc, closed_utc;  // "" until reached
};

struct CaseDetail {
    CaseRow row;
    std::string occurred;
    std::string description;
};

struct Contact {
    bool anonymous = true;
    std::string name;
    std::string phone;
};

struct HistoryItem {
    std::string status;
    std::string at_utc;
    std::string public_response;
    std::string internal_note;
    std::string referred_to;
    std::string user;
};

struct QueueFilter {
    std::string status;    // "" = any; "open" = new, accepted or in_progress
    std::string category;  // "" = any
    std::string kiosk;     // device id, "" = any
    std::string from_date, to_date;  // filed date bounds (YYYY-MM-DD, inclusive), "" = open
    int page = 1;          // from 1
    int page_size = 50;
};

struct QueuePage {
    std::vector<CaseRow> rows;  // newest first
    std::int64_t total = 0;     // matching rows in every page
};

struct AuditItem {
    std::string at_utc;
    std::string user;
    std::string address;
    std::string action;  // sign-in, sign-in-failed, sign-in-locked, sign-out, view-contact,
                         // status-change, export
    std::string target;  // a complaint reference, a report month, … never personal data
    std::string office;  // the user's office ("*" or a code; "" for an unknown user)
};

struct DeviceRow {
    std::string device_id;
    std::string office;
    std::string last_seen_utc;  // "" when no heartbeat arrived yet
    std::string app_version;
    std::int64_t pending = 0;
    std::string last_error;
};

// A signed-in session as the database keeps it (issue 20: in the database, so a session
// opened on one collector holds on every other sharing it). Keyed by a hash of the cookie
// token, never the token itself. Times are milliseconds on the console's clock (auth.h).
struct StoredSession {
    std::string user;
    std::string office;
    Role role = Role::Officer;
    std::string csrf;
    std::int64_t last_seen_ms = 0;
};

// One kiosk as the fleet (issue 19, fleet.h) sees it: facts only, the state is computed from
// them (never stored). Known devices are those of the token file's offices and of heartbeats.
struct FleetRow {
    std::string device_id;
    std::string office;           // "" when no office could be assigned
    std::string device_name;      // from its last heartbeat; "" when none or an older kiosk
    std::string app_version;      // from its last heartbeat
    std::string last_heartbeat_utc;  // collector's clock at receipt; "" = never
    std::string last_batch_utc;      // "" = never
    std::int64_t entries_today = 0;  // received (collector's clock) since today_start_utc
    std::int64_t entries_half = 0;   // received since half_start_utc
    std::int64_t pending = 0;
    std::optional<std::int64_t> oldest_pending_age_s;
    std::string last_error;
    std::string kiosk_clock_utc;
    std::optional<std::int64_t> clock_offset_ms;  // kiosk - collector, at receipt
    std::string auth_refused_utc;  // latest refused request claiming this device; "" = none
    int auth_refused_status = 0;   // 401 or 403
    std::int64_t auth_refusals = 0;
};

class ConsoleStore {
public:
    virtual ~ConsoleStore() = default;

    // Offices. add_office throws StoreError when the code exists.
    virtual void add_office(const Office& office) = 0;
    virtual std::vector<Office> offices() = 0;
    // Public results (issue 19): whether /public/<code> shows the office's figures. false when
    // there is no such office. published_office: the office when it exists and is published.
    virtual bool set_office_published(const std::string& code, bool published) = 0;
    virtual std::optional<Office> published_office(const std::string& code) = 0;

    // Users. add_user throws StoreError when the name exists; set_password and remove_user
    // return false when it does not.
    virtual void add_user(const User& user) = 0;
    virtual std::optional<User> find_user(const std::string& name) = 0;
    virtual bool set_password(const std::string& name, const std::string& password_hash) = 0;
    virtual bool remove_user(const std::string& name) = 0;

    // Replaces the device -> office map (from the token file) and gives complaints that have
    // no office yet the office their device now has (or the only office). Returns how many
    // complaints received an office.
    virtual std::int64_t set_device_offices(const std::vector<std::pair<std::string, std::string>>& map) = 0;

    virtual QueuePage queue(const Scope& scope, const QueueFilter& filter) = 0;
    virtual std::optional<CaseDetail> find_case(const Scope& scope, const std::string& reference) = 0;
    virtual Contact contact(std::int64_t seq) = 0;
    virtual std::vector<HistoryItem> history(std::int64_t seq) = 0;
    // Moves a case from `from` to `change.status` and records the change, atomically; false
    // when the case is no longer in `from` (someone else changed it first).
    virtual bool change_status(std::int64_t seq, const std::string& from, const HistoryItem& change) = 0;

    // Every complaint of the scope filed before `before_utc` (for the monthly report).
    virtual std::vector<CaseRow> cases_filed_before(const Scope& scope, const std::string& before_utc) = 0;

    virtual void add_audit(const AuditItem& item) = 0;
    // Newest first; office "*" sees every row, otherwise the rows of that office.
    virtual std::vector<AuditItem> audit(const std::string& office, int limit) = 0;

    virtual std::vector<DeviceRow> devices(const std::string& office) = 0;

    // Sessions (auth.h). open_session also forgets sessions last seen before `forget_before_ms`.
    virtual void open_session(const std::string& key, const StoredSession& session, std::int64_t forget_before_ms) = 0;
    // The session if it was seen at or after `idle_since_ms`, its last_seen set to `now_ms`, in
    // one statement; an older one is deleted and nullopt returned.
    virtual std::optional<StoredSession> touch_session(const std::string& key, std::int64_t now_ms,
                                                       std::int64_t idle_since_ms) = 0;
    virtual void close_session(const std::string& key) = 0;

    // Sign-in failures, counted per `kind` ("user" or "address") and key across every collector
    // sharing the database. add_failure counts one more atomically (starting again from 1 when
    // the last was before `forget_before_ms`, and then forgetting every count that quiet) and
    // returns the new count; lock_until raises the lockout's end to at least `until_ms`.
    virtual unsigned add_failure(const std::string& kind, const std::string& key, std::int64_t now_ms,
                                 std::int64_t forget_before_ms) = 0;
    virtual void lock_until(const std::string& kind, const std::string& key, std::int64_t until_ms) = 0;
    // The end of the lockout of `key` (0 when none).
    virtual std::int64_t locked_until(const std::string& kind, const std::string& key) = 0;
    virtual void clear_failures(const std::string& kind, const std::string& key) = 0;

    // Every known kiosk of `office` ("*" = all) with its counts of entries received at or after
    // the two bounds (ISO 8601 UTC), ordered by office then device id (issue 19).
    virtual std::vector<FleetRow> fleet(const std::string& office, const std::string& today_start_utc,
                                        const std::string& half_start_utc) = 0;
};

// The store of the database at `address`: PgConsoleStore for a PostgreSQL URI
// ("postgresql://…", "postgres://…"), SqliteConsoleStore for a file path. The database must
// have been opened (migrated) by the collector's Storage first. Throws StoreError.
std::unique_ptr<ConsoleStore> open_console_store(const std::string& address);

}  // namespace feedback::console
