// What the console (issue 18) needs from a database, as one interface.
//
// Why an interface: every SQL statement of the console sits behind ConsoleStore, so the pages,
// the sign-in rules and the report are written once and a later issue can add a PostgreSQL
// implementation beside SqliteConsoleStore without touching them. The SQLite one shares the
// collector's database file (its schema is the numbered migrations of
// sync/collector/migrations.cpp); it opens its own connection, so the protocol's storage and
// the console never wait on each other's mutex, only on SQLite's write lock.
//
// Who may see what is decided by the caller and passed in as a Scope: the store only applies
// it in its WHERE clauses, so no query can forget it.
#pragma once

#include <cstdint>
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
};

}  // namespace feedback::console
