// The console's SQL on SQLite (see sqlite_console_store.h and console_store.h for why).
//
// Queries that take a Scope are built from fragments rather than written with
// "(?1 = '*' OR office = ?1)": SQLite cannot use an index through such an OR, and the queue of
// 100,000 complaints (the benchmark) needs cases_office_created to answer in milliseconds.
// Every value still goes through a bound parameter; only fixed fragments are concatenated.
#include "sqlite_console_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "common/sqlite.h"

namespace feedback::console {
namespace {

constexpr int kMinimumSchema = 2;

constexpr const char* kCaseColumns =
    "entry_seq, reference, COALESCE(office, ''), device_id, category, service_point, sensitive, created_utc, "
    "utc_offset_min, filed_date, status, COALESCE(status_utc, ''), COALESCE(accepted_utc, ''), "
    "COALESCE(started_utc, ''), COALESCE(closed_utc, '')";

CaseRow read_case(const sqlite::Statement& s, int first = 0) {
    CaseRow row;
    row.seq = s.int64(first + 0);
    row.reference = s.text(first + 1);
    row.office = s.text(first + 2);
    row.device_id = s.text(first + 3);
    row.category = s.text(first + 4);
    row.service_point = s.text(first + 5);
    row.sensitive = s.int64(first + 6) != 0;
    row.created_utc = s.text(first + 7);
    row.utc_offset_min = s.integer(first + 8);
    row.filed_date = s.text(first + 9);
    row.status = s.text(first + 10);
    row.status_utc = s.text(first + 11);
    row.accepted_utc = s.text(first + 12);
    row.started_utc = s.text(first + 13);
    row.closed_utc = s.text(first + 14);
    return row;
}

// A WHERE clause and its values, built up fragment by fragment.
struct Where {
    std::string sql = " WHERE 1";
    std::vector<std::string> values;
    void add(const std::string& fragment, const std::string& value) {
        sql += " AND " + fragment;
        values.push_back(value);
    }
    void add(const std::string& fragment) { sql += " AND " + fragment; }
    void bind(sqlite::Statement& s, int first = 1) const {
        for (std::size_t i = 0; i < values.size(); ++i) s.bind(first + static_cast<int>(i), values[i]);
    }
};

Where scope_where(const Scope& scope) {
    Where w;
    if (scope.office != "*") w.add("office = ?" + std::to_string(w.values.size() + 1), scope.office);
    if (!scope.include_sensitive) w.add("sensitive = 0");
    return w;
}

void add_param(Where& w, const std::string& fragment_before, const std::string& value) {
    w.add(fragment_before + "?" + std::to_string(w.values.size() + 1), value);
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return text;
}

}  // namespace

std::string_view to_string(Role role) {
    switch (role) {
        case Role::Officer: return "officer";
        case Role::Executive: return "executive";
        case Role::It: return "it";
    }
    return "officer";
}

std::optional<Role> role_from(std::string_view word) {
    for (const Role r : {Role::Officer, Role::Executive, Role::It})
        if (to_string(r) == word) return r;
    return std::nullopt;
}

template <class Work>
decltype(auto) SqliteConsoleStore::locked(const char* doing, Work&& work) {
    const std::lock_guard lock(mutex_);
    try {
        return work();
    } catch (const sqlite::Error& e) {
        throw StoreError("database " + path_.string() + ": " + doing + ": " + e.sqlite_message());
    }
}

SqliteConsoleStore::SqliteConsoleStore(const std::filesystem::path& path) : path_(path) {
    if (!std::filesystem::exists(path)) throw StoreError("no collector database at " + path.string());
    locked("opening", [&] {
        db_ = std::make_unique<sqlite::Database>(path.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
        sqlite3_busy_timeout(db_->handle(), 10'000);
        db_->exec("PRAGMA synchronous=FULL");
        db_->exec("PRAGMA foreign_keys=ON");
        if (db_->query_int("PRAGMA user_version") < kMinimumSchema)
            throw StoreError(path.string() + " has no console tables yet (open it once with a newer collector)");
    });
}

SqliteConsoleStore::~SqliteConsoleStore() = default;

void SqliteConsoleStore::add_office(const Office& office) {
    locked("adding an office", [&] {
        sqlite::Statement s(*db_, "INSERT INTO offices (code, name_th, name_en) VALUES (?1, ?2, ?3) "
                                  "ON CONFLICT(code) DO NOTHING");
        s.bind(1, office.code).bind(2, office.name_th).bind(3, office.name_en);
        s.run();
        if (sqlite3_changes(db_->handle()) != 1) throw StoreError("office " + office.code + " exists already");
    });
}

std::vector<Office> SqliteConsoleStore::offices() {
    return locked("reading offices", [&] {
        std::vector<Office> out;
        sqlite::Statement s(*db_, "SELECT code, name_th, name_en FROM offices ORDER BY code");
        while (s.step()) out.push_back(Office{s.text(0), s.text(1), s.text(2)});
        return out;
    });
}

bool SqliteConsoleStore::set_office_published(const std::string& code, bool published) {
    return locked("publishing an office", [&] {
        sqlite::Statement s(*db_, "UPDATE offices SET published = ?2 WHERE code = ?1");
        s.bind(1, code).bind(2, std::int64_t{published ? 1 : 0});
        s.run();
        return sqlite3_changes(db_->handle()) == 1;
    });
}

std::optional<Office> SqliteConsoleStore::published_office(const std::string& code) {
    return locked("reading a published office", [&]() -> std::optional<Office> {
        sqlite::Statement s(*db_, "SELECT code, name_th, name_en FROM offices WHERE code = ?1 AND published = 1");
        s.bind(1, code);
        if (!s.step()) return std::nullopt;
        return Office{s.text(0), s.text(1), s.text(2)};
    });
}

void SqliteConsoleStore::add_user(const User& user) {
    locked("adding a user", [&] {
        sqlite::Statement s(*db_, "INSERT INTO users (name, office, role, password_hash, created_utc) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(name) DO NOTHING");
        s.bind(1, user.name).bind(2, user.office).bind(3, to_string(user.role)).bind(4, user.password_hash);
        s.bind(5, utc_now());
        s.run();
        if (sqlite3_changes(db_->handle()) != 1) throw StoreError("user " + user.name + " exists already");
    });
}

std::optional<User> SqliteConsoleStore::find_user(const std::string& name) {
    return locked("reading a user", [&]() -> std::optional<User> {
        sqlite::Statement s(*db_, "SELECT name, office, role, password_hash FROM users WHERE name = ?1");
        s.bind(1, name);
        if (!s.step()) return std::nullopt;
        User u;
        u.name = s.text(0);
        u.office = s.text(1);
        u.role = role_from(s.text(2)).value_or(Role::Officer);
        u.password_hash = s.text(3);
        return u;
    });
}

bool SqliteConsoleStore::set_password(const std::string& name, const std::string& password_hash) {
    return locked("changing a password", [&] {
        sqlite::Statement s(*db_, "UPDATE users SET password_hash = ?2 WHERE name = ?1");
        s.bind(1, name).bind(2, password_hash);
        s.run();
        return sqlite3_changes(db_->handle()) == 1;
    });
}

bool SqliteConsoleStore::remove_user(const std::string& name) {
    return locked("removing a user", [&] {
        sqlite::Statement s(*db_, "DELETE FROM users WHERE name = ?1");
        s.bind(1, name);
        s.run();
        return sqlite3_changes(db_->handle()) == 1;
    });
}

std::int64_t SqliteConsoleStore::set_device_offices(const std::vector<std::pair<std::string, std::string>>& map) {
    return locked("recording the devices' offices", [&] {
        sqlite::Transaction tx(*db_);
        db_->exec("DELETE FROM device_offices");
        sqlite::Statement insert(*db_, "INSERT INTO device_offices (device_id, office) VALUES (?1, ?2) "
                                       "ON CONFLICT(device_id) DO UPDATE SET office = excluded.office");
        for (const auto& [device, office] : map) {
            insert.bind(1, device).bind(2, office);
            insert.run();
            insert.reset();
        }
        sqlite::Statement assign(*db_, R"sql(
            UPDATE cases SET office = COALESCE(
                (SELECT office FROM device_offices d WHERE d.device_id = cases.device_id),
                (SELECT min(code) FROM offices HAVING count(*) = 1))
            WHERE office IS NULL)sql");
        assign.run();
        const std::int64_t changed = sqlite3_changes(db_->handle());
        // Rows whose office stayed NULL were "changed" to NULL; count only the assigned ones.
        sqlite::Statement unassigned(*db_, "SELECT count(*) FROM cases WHERE office IS NULL");
        unassigned.step();
        const std::int64_t still = unassigned.int64(0);
        tx.commit();
        return changed - still;
    });
}

QueuePage SqliteConsoleStore::queue(const Scope& scope, const QueueFilter& filter) {
    return locked("reading the complaint queue", [&] {
        Where w = scope_where(scope);
        if (filter.status == "open") w.add("status IN ('new', 'accepted', 'in_progress')");
        else if (!filter.status.empty()) add_param(w, "status = ", filter.status);
        if (!filter.category.empty()) add_param(w, "category = ", filter.category);
        if (!filter.kiosk.empty()) add_param(w, "device_id = ", filter.kiosk);
        if (!filter.from_date.empty()) add_param(w, "filed_date >= ", filter.from_date);
        if (!filter.to_date.empty()) add_param(w, "filed_date <= ", filter.to_date);
        QueuePage page;
        sqlite::Statement count(*db_, "SELECT count(*) FROM cases" + w.sql);
        w.bind(count);
        count.step();
        page.total = count.int64(0);
        const int size = std::max(1, std::min(filter.page_size, 500));
        const std::int64_t offset = static_cast<std::int64_t>(std::max(1, filter.page) - 1) * size;
        const auto n = static_cast<int>(w.values.size());
        sqlite::Statement rows(*db_, std::string("SELECT ") + kCaseColumns + " FROM cases" + w.sql +
                                         " ORDER BY created_utc DESC, entry_seq DESC LIMIT ?" + std::to_string(n + 1) +
                                         " OFFSET ?" + std::to_string(n + 2));
        w.bind(rows);
        rows.bind(n + 1, std::int64_t{size}).bind(n + 2, offset);
        while (rows.step()) page.rows.push_back(read_case(rows));
        return page;
    });
}

std::optional<CaseDetail> SqliteConsoleStore::find_case(const Scope& scope, const std::string& reference) {
    return locked("reading a complaint", [&]() -> std::optional<CaseDetail> {
        Where w = scope_where(scope);
        add_param(w, "reference = ", reference);
        sqlite::Statement s(*db_, std::string("SELECT ") + kCaseColumns +
                                      ", (SELECT COALESCE(complaint_occurred, '') FROM entries WHERE seq = entry_seq)"
                                      ", (SELECT COALESCE(complaint_description, '') FROM entries WHERE seq = entry_seq)"
                                      " FROM cases" + w.sql + " ORDER BY entry_seq LIMIT 1");
        w.bind(s);
        if (!s.step()) return std::nullopt;
        CaseDetail d;
        d.row = read_case(s);
        d.occurred = s.text(15);
        d.description = s.text(16);
        return d;
    });
}

Contact SqliteConsoleStore::contact(std::int64_t seq) {
    return locked("reading contact details", [&] {
        sqlite::Statement s(*db_, "SELECT COALESCE(complaint_anonymous, 1), COALESCE(complaint_contact_name, ''), "
                                  "COALESCE(complaint_contact_phone, '') FROM entries WHERE seq = ?1");
        s.bind(1, seq);
        Contact c;
        if (s.step()) {
            c.anonymous = s.int64(0) != 0;
            c.name = s.text(1);
            c.phone = s.text(2);
        }
        return c;
    });
}

std::vector<HistoryItem> SqliteConsoleStore::history(std::int64_t seq) {
    return locked("reading a complaint's history", [&] {
        std::vector<HistoryItem> out;
        sqlite::Statement s(*db_, "SELECT status, at_utc, public_response, internal_note, referred_to, user "
                                  "FROM case_history WHERE entry_seq = ?1 ORDER BY id");
        s.bind(1, seq);
        while (s.step()) out.push_back(HistoryItem{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
        return out;
    });
}

bool SqliteConsoleStore::change_status(std::int64_t seq, const std::string& from, const HistoryItem& change) {
    return locked("changing a complaint's status", [&] {
        sqlite::Transaction tx(*db_);
        // The column that remembers when this status was first reached (for the report).
        const char* when = change.status == "accepted"      ? "accepted_utc"
                           : change.status == "in_progress" ? "started_utc"
                                                            : "closed_utc";
        sqlite::Statement update(*db_, std::string("UPDATE cases SET status = ?3, status_utc = ?4, ") + when +
                                           " = ?4 WHERE entry_seq = ?1 AND status = ?2");
        update.bind(1, seq).bind(2, from).bind(3, change.status).bind(4, change.at_utc);
        update.run();
        if (sqlite3_changes(db_->handle()) != 1) return false;
        sqlite::Statement insert(*db_, "INSERT INTO case_history (entry_seq, status, at_utc, public_response, "
                                       "internal_note, referred_to, user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        insert.bind(1, seq).bind(2, change.status).bind(3, change.at_utc).bind(4, change.public_response);
        insert.bind(5, change.internal_note).bind(6, change.referred_to).bind(7, change.user);
        insert.run();
        tx.commit();
        return true;
    });
}

std::vector<CaseRow> SqliteConsoleStore::cases_filed_before(const Scope& scope, const std::string& before_utc) {
    return locked("reading complaints for the report", [&] {
        Where w = scope_where(scope);
        add_param(w, "created_utc < ", before_utc);
        std::vector<CaseRow> out;
        sqlite::Statement s(*db_, std::string("SELECT ") + kCaseColumns + " FROM cases" + w.sql + " ORDER BY entry_seq");
        w.bind(s);
        while (s.step()) out.push_back(read_case(s));
        return out;
    });
}

void SqliteConsoleStore::add_audit(const AuditItem& item) {
    locked("writing the audit trail", [&] {
        sqlite::Statement s(*db_, "INSERT INTO audit (at_utc, user, address, action, target, office) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        s.bind(1, item.at_utc.empty() ? utc_now() : item.at_utc).bind(2, item.user).bind(3, item.address);
        s.bind(4, item.action).bind(5, item.target).bind(6, item.office);
        s.run();
    });
}

std::vector<AuditItem> SqliteConsoleStore::audit(const std::string& office, int limit) {
    return locked("reading the audit trail", [&] {
        std::vector<AuditItem> out;
        sqlite::Statement s(*db_, office == "*"
                                      ? "SELECT at_utc, user, address, action, target, office FROM audit "
                                        "ORDER BY id DESC LIMIT ?2"
                                      : "SELECT at_utc, user, address, action, target, office FROM audit "
                                        "WHERE office = ?1 ORDER BY id DESC LIMIT ?2");
        if (office != "*") s.bind(1, office);
        s.bind(2, std::int64_t{limit});
        while (s.step()) out.push_back(AuditItem{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
        return out;
    });
}

std::vector<DeviceRow> SqliteConsoleStore::devices(const std::string& office) {
    return locked("reading devices", [&] {
        // Devices known from the token file's offices or from their heartbeats.
        const std::string sql = R"sql(
            WITH known AS (
              SELECT device_id FROM device_offices UNION SELECT device_id FROM heartbeats),
            placed AS (
              SELECT k.device_id,
                     COALESCE(d.office, (SELECT min(code) FROM offices HAVING count(*) = 1), '') AS office
              FROM known k LEFT JOIN device_offices d ON d.device_id = k.device_id)
            SELECT p.device_id, p.office, COALESCE(h.received_utc, ''), COALESCE(h.app_version, ''),
                   COALESCE(h.pending, 0), COALESCE(h.last_error, '')
            FROM placed p LEFT JOIN heartbeats h ON h.device_id = p.device_id)sql";
        sqlite::Statement s(*db_, sql + (office == "*" ? std::string() : " WHERE p.office = ?1") + " ORDER BY p.device_id");
        if (office != "*") s.bind(1, office);
        std::vector<DeviceRow> out;
        while (s.step())
            out.push_back(DeviceRow{s.text(0), s.text(1), s.text(2), s.text(3), s.int64(4), s.text(5)});
        return out;
    });
}

std::vector<FleetRow> SqliteConsoleStore::fleet(const std::string& office, const std::string& today_start_utc,
                                                const std::string& half_start_utc) {
    return locked("reading the fleet", [&] {
        // Known kiosks as on the devices page, plus those only seen in refused requests (their
        // token may be the very thing that is wrong). Entry counts group the half-year's rows
        // by the device that delivered them (entries_received keeps that a range scan); the last
        // batch is one index probe per kiosk (batches_device_received).
        const std::string sql = R"sql(
            WITH known AS (
              SELECT device_id FROM device_offices UNION SELECT device_id FROM heartbeats
              UNION SELECT device_id FROM auth_refusals),
            placed AS (
              SELECT k.device_id,
                     COALESCE(d.office, (SELECT min(code) FROM offices HAVING count(*) = 1), '') AS office
              FROM known k LEFT JOIN device_offices d ON d.device_id = k.device_id),
            counts AS (
              SELECT COALESCE(NULLIF(received_from, ''), device_id) AS device_id,
                     sum(received_utc >= ?1) AS today, count(*) AS half
              FROM entries WHERE received_utc >= ?2 GROUP BY 1)
            SELECT p.device_id, p.office, COALESCE(h.device_name, ''), COALESCE(h.app_version, ''),
                   COALESCE(h.received_utc, ''),
                   COALESCE((SELECT max(b.received_utc) FROM batches b WHERE b.device_id = p.device_id), ''),
                   COALESCE(c.today, 0), COALESCE(c.half, 0), COALESCE(h.pending, 0), h.oldest_pending_age_s,
                   COALESCE(h.last_error, ''), COALESCE(h.kiosk_clock_utc, ''), h.clock_offset_ms,
                   COALESCE(a.last_utc, ''), COALESCE(a.status, 0), COALESCE(a.count, 0)
            FROM placed p LEFT JOIN heartbeats h ON h.device_id = p.device_id
                          LEFT JOIN counts c ON c.device_id = p.device_id
                          LEFT JOIN auth_refusals a ON a.device_id = p.device_id)sql";
        sqlite::Statement s(*db_, sql + (office == "*" ? std::string() : " WHERE p.office = ?3") +
                                      " ORDER BY p.office, p.device_id");
        s.bind(1, today_start_utc).bind(2, half_start_utc);
        if (office != "*") s.bind(3, office);
        std::vector<FleetRow> out;
        while (s.step()) {
            FleetRow r;
            r.device_id = s.text(0);
            r.office = s.text(1);
            r.device_name = s.text(2);
            r.app_version = s.text(3);
            r.last_heartbeat_utc = s.text(4);
            r.last_batch_utc = s.text(5);
            r.entries_today = s.int64(6);
            r.entries_half = s.int64(7);
            r.pending = s.int64(8);
            if (!s.is_null(9)) r.oldest_pending_age_s = s.int64(9);
            r.last_error = s.text(10);
            r.kiosk_clock_utc = s.text(11);
            if (!s.is_null(12)) r.clock_offset_ms = s.int64(12);
            r.auth_refused_utc = s.text(13);
            r.auth_refused_status = static_cast<int>(s.int64(14));
            r.auth_refusals = s.int64(15);
            out.push_back(std::move(r));
        }
        return out;
    });
}

}  // namespace feedback::console

namespace feedback::console {

// Sessions and sign-in failures (migration 5): the same statements as pg_console_store.cpp.

void SqliteConsoleStore::open_session(const std::string& key, const StoredSession& session,
                                      std::int64_t forget_before_ms) {
    locked("opening a session", [&] {
        sqlite::Statement forget(*db_, "DELETE FROM console_sessions WHERE last_seen_ms < ?1");
        forget.bind(1, forget_before_ms);
        forget.run();
        sqlite::Statement s(*db_, "INSERT INTO console_sessions (token_hash, user, office, role, csrf, last_seen_ms) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        s.bind(1, key).bind(2, session.user).bind(3, session.office).bind(4, to_string(session.role));
        s.bind(5, session.csrf).bind(6, session.last_seen_ms);
        s.run();
    });
}

std::optional<StoredSession> SqliteConsoleStore::touch_session(const std::string& key, std::int64_t now_ms,
                                                               std::int64_t idle_since_ms) {
    return locked("reading a session", [&]() -> std::optional<StoredSession> {
        sqlite::Statement s(*db_, "UPDATE console_sessions SET last_seen_ms = max(last_seen_ms, ?2) "
                                  "WHERE token_hash = ?1 AND last_seen_ms >= ?3 "
                                  "RETURNING user, office, role, csrf, last_seen_ms");
        s.bind(1, key).bind(2, now_ms).bind(3, idle_since_ms);
        if (s.step()) {
            StoredSession out{s.text(0), s.text(1), role_from(s.text(2)).value_or(Role::Officer), s.text(3), s.int64(4)};
            while (s.step()) {
            }
            return out;
        }
        sqlite::Statement gone(*db_, "DELETE FROM console_sessions WHERE token_hash = ?1");
        gone.bind(1, key);
        gone.run();
        return std::nullopt;
    });
}

void SqliteConsoleStore::close_session(const std::string& key) {
    locked("closing a session", [&] {
        sqlite::Statement s(*db_, "DELETE FROM console_sessions WHERE token_hash = ?1");
        s.bind(1, key);
        s.run();
    });
}

unsigned SqliteConsoleStore::add_failure(const std::string& kind, const std::string& key, std::int64_t now_ms,
                                         std::int64_t forget_before_ms) {
    return locked("counting a failed sign-in", [&] {
        sqlite::Transaction tx(*db_);
        sqlite::Statement forget(*db_, "DELETE FROM login_failures WHERE last_ms < ?1");
        forget.bind(1, forget_before_ms);
        forget.run();
        sqlite::Statement s(*db_, R"sql(
            INSERT INTO login_failures (kind, key, count, last_ms, until_ms) VALUES (?1, ?2, 1, ?3, 0)
            ON CONFLICT (kind, key) DO UPDATE SET count = count + 1, last_ms = max(last_ms, excluded.last_ms)
            RETURNING count)sql");
        s.bind(1, kind).bind(2, key).bind(3, now_ms);
        s.step();
        const auto count = static_cast<unsigned>(s.int64(0));
        s.reset();
        tx.commit();
        return count;
    });
}

void SqliteConsoleStore::lock_until(const std::string& kind, const std::string& key, std::int64_t until_ms) {
    locked("recording a lockout", [&] {
        sqlite::Statement s(*db_, "UPDATE login_failures SET until_ms = max(until_ms, ?3) WHERE kind = ?1 AND key = ?2");
        s.bind(1, kind).bind(2, key).bind(3, until_ms);
        s.run();
    });
}

std::int64_t SqliteConsoleStore::locked_until(const std::string& kind, const std::string& key) {
    return locked("reading a lockout", [&]() -> std::int64_t {
        sqlite::Statement s(*db_, "SELECT until_ms FROM login_failures WHERE kind = ?1 AND key = ?2");
        s.bind(1, kind).bind(2, key);
        return s.step() ? s.int64(0) : 0;
    });
}

void SqliteConsoleStore::clear_failures(const std::string& kind, const std::string& key) {
    locked("clearing failed sign-ins", [&] {
        sqlite::Statement s(*db_, "DELETE FROM login_failures WHERE kind = ?1 AND key = ?2");
        s.bind(1, kind).bind(2, key);
        s.run();
    });
}

}  // namespace feedback::console
