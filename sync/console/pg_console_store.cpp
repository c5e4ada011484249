// The console's SQL on PostgreSQL (see pg_console_store.h; the SQLite twin is
// sqlite_console_store.cpp, whose queries these mirror one for one with $N placeholders).
// "user" is quoted: a reserved word in PostgreSQL.
#include "pg_console_store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace feedback::console {
namespace {

constexpr int kMinimumSchema = 2;

constexpr const char* kCaseColumns =
    "entry_seq, reference, COALESCE(office, ''), device_id, category, service_point, sensitive, created_utc, "
    "utc_offset_min, filed_date, status, COALESCE(status_utc, ''), COALESCE(accepted_utc, ''), "
    "COALESCE(started_utc, ''), COALESCE(closed_utc, '')";

CaseRow read_case(const pg::Result& r, int i) {
    CaseRow row;
    row.seq = pg::int64(r, i, 0);
    row.reference = pg::text(r, i, 1);
    row.office = pg::text(r, i, 2);
    row.device_id = pg::text(r, i, 3);
    row.category = pg::text(r, i, 4);
    row.service_point = pg::text(r, i, 5);
    row.sensitive = pg::int64(r, i, 6) != 0;
    row.created_utc = pg::text(r, i, 7);
    row.utc_offset_min = static_cast<int>(pg::int64(r, i, 8));
    row.filed_date = pg::text(r, i, 9);
    row.status = pg::text(r, i, 10);
    row.status_utc = pg::text(r, i, 11);
    row.accepted_utc = pg::text(r, i, 12);
    row.started_utc = pg::text(r, i, 13);
    row.closed_utc = pg::text(r, i, 14);
    return row;
}

// A WHERE clause and its values, built fragment by fragment (only fixed fragments are
// concatenated; every value is a parameter).
struct Where {
    std::string sql = " WHERE TRUE";
    std::vector<pg::Param> values;
    void add(const std::string& fragment_before, const std::string& value) {
        values.push_back(value);
        sql += " AND " + fragment_before + "$" + std::to_string(values.size());
    }
    void add(const std::string& fragment) { sql += " AND " + fragment; }
    std::string next() const { return "$" + std::to_string(values.size() + 1); }
};

Where scope_where(const Scope& scope) {
    Where w;
    if (scope.office != "*") w.add("office = ", scope.office);
    if (!scope.include_sensitive) w.add("sensitive = 0");
    return w;
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

template <class Work>
decltype(auto) PgConsoleStore::with(const char* doing, Work&& work) {
    try {
        auto lease = pool_.take();
        return work(*lease);
    } catch (const pg::Error& e) {
        throw StoreError(std::string(doing) + ": " + e.what());
    }
}

PgConsoleStore::PgConsoleStore(const std::string& uri, std::size_t connections) : uri_(uri), pool_(uri, connections) {
    with("opening", [&](pg::Connection& c) {
        pg::check_uri(uri_);
        if (pg::schema_version(c, "feedback_schema") < kMinimumSchema)
            throw StoreError(pg::shown(uri_) + " has no console tables yet (open it once with a newer collector)");
    });
}

PgConsoleStore::~PgConsoleStore() = default;

void PgConsoleStore::add_office(const Office& office) {
    with("adding an office", [&](pg::Connection& c) {
        const auto r = c.run("INSERT INTO offices (code, name_th, name_en) VALUES ($1, $2, $3) "
                             "ON CONFLICT (code) DO NOTHING",
                             {office.code, office.name_th, office.name_en});
        if (pg::affected(r) != 1) throw StoreError("office " + office.code + " exists already");
    });
}

std::vector<Office> PgConsoleStore::offices() {
    return with("reading offices", [&](pg::Connection& c) {
        std::vector<Office> out;
        const auto r = c.run("SELECT code, name_th, name_en FROM offices ORDER BY code");
        for (int i = 0; i < pg::rows(r); ++i) out.push_back(Office{pg::text(r, i, 0), pg::text(r, i, 1), pg::text(r, i, 2)});
        return out;
    });
}

bool PgConsoleStore::set_office_published(const std::string& code, bool published) {
    return with("publishing an office", [&](pg::Connection& c) {
        const auto r = c.run("UPDATE offices SET published = $2 WHERE code = $1",
                             {code, std::string(published ? "1" : "0")});
        return pg::affected(r) == 1;
    });
}

std::optional<Office> PgConsoleStore::published_office(const std::string& code) {
    return with("reading a published office", [&](pg::Connection& c) -> std::optional<Office> {
        const auto r = c.run("SELECT code, name_th, name_en FROM offices WHERE code = $1 AND published = 1", {code});
        if (pg::rows(r) == 0) return std::nullopt;
        return Office{pg::text(r, 0, 0), pg::text(r, 0, 1), pg::text(r, 0, 2)};
    });
}

void PgConsoleStore::add_user(const User& user) {
    with("adding a user", [&](pg::Connection& c) {
        const auto r = c.run("INSERT INTO users (name, office, role, password_hash, created_utc) "
                             "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING",
                             {user.name, user.office, std::string(to_string(user.role)), user.password_hash, utc_now()});
        if (pg::affected(r) != 1) throw StoreError("user " + user.name + " exists already");
    });
}

std::optional<User> PgConsoleStore::find_user(const std::string& name) {
    return with("reading a user", [&](pg::Connection& c) -> std::optional<User> {
        const auto r = c.run("SELECT name, office, role, password_hash FROM users WHERE name = $1", {name});
        if (pg::rows(r) == 0) return std::nullopt;
        User u;
        u.name = pg::text(r, 0, 0);
        u.office = pg::text(r, 0, 1);
        u.role = role_from(pg::text(r, 0, 2)).value_or(Role::Officer);
        u.password_hash = pg::text(r, 0, 3);
        return u;
    });
}

bool PgConsoleStore::set_password(const std::string& name, const std::string& password_hash) {
    return with("changing a password", [&](pg::Connection& c) {
        return pg::affected(c.run("UPDATE users SET password_hash = $2 WHERE name = $1", {name, password_hash})) == 1;
    });
}

bool PgConsoleStore::remove_user(const std::string& name) {
    return with("removing a user", [&](pg::Connection& c) {
        return pg::affected(c.run("DELETE FROM users WHERE name = $1", {name})) == 1;
    });
}

std::int64_t PgConsoleStore::set_device_offices(const std::vector<std::pair<std::string, std::string>>& map) {
    return with("recording the devices' offices", [&](pg::Connection& c) {
        pg::Transaction tx(c);
        // Collectors starting together each replace the map: one after the other.
        c.run("SELECT pg_advisory_xact_lock($1)", {std::string("7301")});
        c.run("DELETE FROM device_offices");
        for (const auto& [device, office] : map)
            c.run("INSERT INTO device_offices (device_id, office) VALUES ($1, $2) "
                  "ON CONFLICT (device_id) DO UPDATE SET office = excluded.office",
                  {device, office});
        const auto r = c.run(R"sql(
            WITH assigned AS (
              UPDATE cases SET office = COALESCE(
                  (SELECT office FROM device_offices d WHERE d.device_id = cases.device_id),
                  (SELECT min(code) FROM offices HAVING count(*) = 1))
              WHERE office IS NULL RETURNING office)
            SELECT count(*) FROM assigned WHERE office IS NOT NULL)sql");
        const std::int64_t assigned = pg::int64(r, 0, 0);
        tx.commit();
        return assigned;
    });
}

QueuePage PgConsoleStore::queue(const Scope& scope, const QueueFilter& filter) {
    return with("reading the complaint queue", [&](pg::Connection& c) {
        Where w = scope_where(scope);
        if (filter.status == "open") w.add("status IN ('new', 'accepted', 'in_progress')");
        else if (!filter.status.empty()) w.add("status = ", filter.status);
        if (!filter.category.empty()) w.add("category = ", filter.category);
        if (!filter.kiosk.empty()) w.add("device_id = ", filter.kiosk);
        if (!filter.from_date.empty()) w.add("filed_date >= ", filter.from_date);
        if (!filter.to_date.empty()) w.add("filed_date <= ", filter.to_date);
        QueuePage page;
        page.total = pg::int64(c.run("SELECT count(*) FROM cases" + w.sql, w.values), 0, 0);
        const int size = std::max(1, std::min(filter.page_size, 500));
        const std::int64_t offset = static_cast<std::int64_t>(std::max(1, filter.page) - 1) * size;
        const auto n = w.values.size();
        auto values = w.values;
        values.push_back(std::to_string(size));
        values.push_back(std::to_string(offset));
        const auto r = c.run(std::string("SELECT ") + kCaseColumns + " FROM cases" + w.sql +
                                 " ORDER BY created_utc DESC, entry_seq DESC LIMIT $" + std::to_string(n + 1) +
                                 " OFFSET $" + std::to_string(n + 2),
                             values);
        for (int i = 0; i < pg::rows(r); ++i) page.rows.push_back(read_case(r, i));
        return page;
    });
}

std::optional<CaseDetail> PgConsoleStore::find_case(const Scope& scope, const std::string& reference) {
    return with("reading a complaint", [&](pg::Connection& c) -> std::optional<CaseDetail> {
        Where w = scope_where(scope);
        w.add("reference = ", reference);
        const auto r = c.run(std::string("SELECT ") + kCaseColumns +
                                 ", (SELECT COALESCE(complaint_occurred, '') FROM entries WHERE seq = entry_seq)"
                                 ", (SELECT COALESCE(complaint_description, '') FROM entries WHERE seq = entry_seq)"
                                 " FROM cases" + w.sql + " ORDER BY entry_seq LIMIT 1",
                             w.values);
        if (pg::rows(r) == 0) return std::nullopt;
        CaseDetail d;
        d.row = read_case(r, 0);
        d.occurred = pg::text(r, 0, 15);
        d.description = pg::text(r, 0, 16);
        return d;
    });
}

Contact PgConsoleStore::contact(std::int64_t seq) {
    return with("reading contact details", [&](pg::Connection& c) {
        const auto r = c.run("SELECT COALESCE(complaint_anonymous, 1), COALESCE(complaint_contact_name, ''), "
                             "COALESCE(complaint_contact_phone, '') FROM entries WHERE seq = $1",
                             {std::to_string(seq)});
        Contact out;
        if (pg::rows(r) == 1) {
            out.anonymous = pg::int64(r, 0, 0) != 0;
            out.name = pg::text(r, 0, 1);
            out.phone = pg::text(r, 0, 2);
        }
        return out;
    });
}

std::vector<HistoryItem> PgConsoleStore::history(std::int64_t seq) {
    return with("reading a complaint's history", [&](pg::Connection& c) {
        std::vector<HistoryItem> out;
        const auto r = c.run("SELECT status, at_utc, public_response, internal_note, referred_to, \"user\" "
                             "FROM case_history WHERE entry_seq = $1 ORDER BY id",
                             {std::to_string(seq)});
        for (int i = 0; i < pg::rows(r); ++i)
            out.push_back(HistoryItem{pg::text(r, i, 0), pg::text(r, i, 1), pg::text(r, i, 2), pg::text(r, i, 3),
                                      pg::text(r, i, 4), pg::text(r, i, 5)});
        return out;
    });
}

bool PgConsoleStore::change_status(std::int64_t seq, const std::string& from, const HistoryItem& change) {
    return with("changing a complaint's status", [&](pg::Connection& c) {
        pg::Transaction tx(c);
        const char* when = change.status == "accepted"      ? "accepted_utc"
                           : change.status == "in_progress" ? "started_utc"
                                                            : "closed_utc";
        const auto r = c.run(std::string("UPDATE cases SET status = $3, status_utc = $4, ") + when +
                                 " = $4 WHERE entry_seq = $1 AND status = $2",
                             {std::to_string(seq), from, change.status, change.at_utc});
        if (pg::affected(r) != 1) return false;
        c.run("INSERT INTO case_history (entry_seq, status, at_utc, public_response, internal_note, referred_to, "
              "\"user\") VALUES ($1, $2, $3, $4, $5, $6, $7)",
              {std::to_string(seq), change.status, change.at_utc, change.public_response, change.internal_note,
               change.referred_to, change.user});
        tx.commit();
        return true;
    });
}

std::vector<CaseRow> PgConsoleStore::cases_filed_before(const Scope& scope, const std::string& before_utc) {
    return with("reading complaints for the report", [&](pg::Connection& c) {
        Where w = scope_where(scope);
        w.add("created_utc < ", before_utc);
        std::vector<CaseRow> out;
        const auto r = c.run(std::string("SELECT ") + kCaseColumns + " FROM cases" + w.sql + " ORDER BY entry_seq",
                             w.values);
        for (int i = 0; i < pg::rows(r); ++i) out.push_back(read_case(r, i));
        return out;
    });
}

void PgConsoleStore::add_audit(const AuditItem& item) {
    with("writing the audit trail", [&](pg::Connection& c) {
        c.run("INSERT INTO audit (at_utc, \"user\", address, action, target, office) VALUES ($1, $2, $3, $4, $5, $6)",
              {item.at_utc.empty() ? utc_now() : item.at_utc, item.user, item.address, item.action, item.target,
               item.office});
    });
}

std::vector<AuditItem> PgConsoleStore::audit(const std::string& office, int limit) {
    return with("reading the audit trail", [&](pg::Connection& c) {
        std::vector<AuditItem> out;
        const auto r = office == "*"
                           ? c.run("SELECT at_utc, \"user\", address, action, target, office FROM audit "
                                   "ORDER BY id DESC LIMIT $1",
                                   {std::to_string(limit)})
                           : c.run("SELECT at_utc, \"user\", address, action, target, office FROM audit "
                                   "WHERE office = $1 ORDER BY id DESC LIMIT $2",
                                   {office, std::to_string(limit)});
        for (int i = 0; i < pg::rows(r); ++i)
            out.push_back(AuditItem{pg::text(r, i, 0), pg::text(r, i, 1), pg::text(r, i, 2), pg::text(r, i, 3),
                                    pg::text(r, i, 4), pg::text(r, i, 5)});
        return out;
    });
}

std::vector<DeviceRow> PgConsoleStore::devices(const std::string& office) {
    return with("reading devices", [&](pg::Connection& c) {
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
        const auto r = office == "*" ? c.run(sql + " ORDER BY p.device_id")
                                     : c.run(sql + " WHERE p.office = $1 ORDER BY p.device_id", {office});
        std::vector<DeviceRow> out;
        for (int i = 0; i < pg::rows(r); ++i)
            out.push_back(DeviceRow{pg::text(r, i, 0), pg::text(r, i, 1), pg::text(r, i, 2), pg::text(r, i, 3),
                                    pg::int64(r, i, 4), pg::text(r, i, 5)});
        return out;
    });
}

std::vector<FleetRow> PgConsoleStore::fleet(const std::string& office, const std::string& today_start_utc,
                                            const std::string& half_start_utc) {
    return with("reading the fleet", [&](pg::Connection& c) {
        // SqliteConsoleStore::fleet's query: count(*) FILTER stands for SQLite's sum(boolean),
        // and the order is by code point (COLLATE "C") as SQLite's binary collation orders,
        // whatever the database's locale.
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
                     count(*) FILTER (WHERE received_utc >= $1) AS today, count(*) AS half
              FROM entries WHERE received_utc >= $2 GROUP BY 1)
            SELECT p.device_id, p.office, COALESCE(h.device_name, ''), COALESCE(h.app_version, ''),
                   COALESCE(h.received_utc, ''),
                   COALESCE((SELECT max(b.received_utc) FROM batches b WHERE b.device_id = p.device_id), ''),
                   COALESCE(c.today, 0), COALESCE(c.half, 0), COALESCE(h.pending, 0), h.oldest_pending_age_s,
                   COALESCE(h.last_error, ''), COALESCE(h.kiosk_clock_utc, ''), h.clock_offset_ms,
                   COALESCE(a.last_utc, ''), COALESCE(a.status, 0), COALESCE(a.count, 0)
            FROM placed p LEFT JOIN heartbeats h ON h.device_id = p.device_id
                          LEFT JOIN counts c ON c.device_id = p.device_id
                          LEFT JOIN auth_refusals a ON a.device_id = p.device_id)sql";
        const std::string order = " ORDER BY p.office COLLATE \"C\", p.device_id COLLATE \"C\"";
        const auto r = office == "*"
                           ? c.run(sql + order, {today_start_utc, half_start_utc})
                           : c.run(sql + " WHERE p.office = $3" + order, {today_start_utc, half_start_utc, office});
        std::vector<FleetRow> out;
        for (int i = 0; i < pg::rows(r); ++i) {
            FleetRow row;
            row.device_id = pg::text(r, i, 0);
            row.office = pg::text(r, i, 1);
            row.device_name = pg::text(r, i, 2);
            row.app_version = pg::text(r, i, 3);
            row.last_heartbeat_utc = pg::text(r, i, 4);
            row.last_batch_utc = pg::text(r, i, 5);
            row.entries_today = pg::int64(r, i, 6);
            row.entries_half = pg::int64(r, i, 7);
            row.pending = pg::int64(r, i, 8);
            if (!pg::is_null(r, i, 9)) row.oldest_pending_age_s = pg::int64(r, i, 9);
            row.last_error = pg::text(r, i, 10);
            row.kiosk_clock_utc = pg::text(r, i, 11);
            if (!pg::is_null(r, i, 12)) row.clock_offset_ms = pg::int64(r, i, 12);
            row.auth_refused_utc = pg::text(r, i, 13);
            row.auth_refused_status = static_cast<int>(pg::int64(r, i, 14));
            row.auth_refusals = pg::int64(r, i, 15);
            out.push_back(std::move(row));
        }
        return out;
    });
}

}  // namespace feedback::console

namespace feedback::console {

// Sessions and sign-in failures (migration 5): the same statements as sqlite_console_store.cpp,
// each one atomic on its own, so collectors sharing the database count together.

void PgConsoleStore::open_session(const std::string& key, const StoredSession& session, std::int64_t forget_before_ms) {
    with("opening a session", [&](pg::Connection& c) {
        c.run("DELETE FROM console_sessions WHERE last_seen_ms < $1", {std::to_string(forget_before_ms)});
        c.run("INSERT INTO console_sessions (token_hash, \"user\", office, role, csrf, last_seen_ms) "
              "VALUES ($1, $2, $3, $4, $5, $6)",
              {key, session.user, session.office, std::string(to_string(session.role)), session.csrf,
               std::to_string(session.last_seen_ms)});
    });
}

std::optional<StoredSession> PgConsoleStore::touch_session(const std::string& key, std::int64_t now_ms,
                                                           std::int64_t idle_since_ms) {
    return with("reading a session", [&](pg::Connection& c) -> std::optional<StoredSession> {
        const auto r = c.run("UPDATE console_sessions SET last_seen_ms = greatest(last_seen_ms, $2) "
                             "WHERE token_hash = $1 AND last_seen_ms >= $3 "
                             "RETURNING \"user\", office, role, csrf, last_seen_ms",
                             {key, std::to_string(now_ms), std::to_string(idle_since_ms)});
        if (pg::rows(r) == 1)
            return StoredSession{pg::text(r, 0, 0), pg::text(r, 0, 1), role_from(pg::text(r, 0, 2)).value_or(Role::Officer),
                                 pg::text(r, 0, 3), pg::int64(r, 0, 4)};
        c.run("DELETE FROM console_sessions WHERE token_hash = $1", {key});
        return std::nullopt;
    });
}

void PgConsoleStore::close_session(const std::string& key) {
    with("closing a session",
         [&](pg::Connection& c) { c.run("DELETE FROM console_sessions WHERE token_hash = $1", {key}); });
}

unsigned PgConsoleStore::add_failure(const std::string& kind, const std::string& key, std::int64_t now_ms,
                                     std::int64_t forget_before_ms) {
    return with("counting a failed sign-in", [&](pg::Connection& c) {
        pg::Transaction tx(c);
        c.run("DELETE FROM login_failures WHERE last_ms < $1", {std::to_string(forget_before_ms)});
        const auto r = c.run(R"sql(
            INSERT INTO login_failures (kind, key, count, last_ms, until_ms) VALUES ($1, $2, 1, $3, 0)
            ON CONFLICT (kind, key) DO UPDATE SET count = login_failures.count + 1,
              last_ms = greatest(login_failures.last_ms, excluded.last_ms)
            RETURNING count)sql",
                             {kind, key, std::to_string(now_ms)});
        const auto count = static_cast<unsigned>(pg::int64(r, 0, 0));
        tx.commit();
        return count;
    });
}

void PgConsoleStore::lock_until(const std::string& kind, const std::string& key, std::int64_t until_ms) {
    with("recording a lockout", [&](pg::Connection& c) {
        c.run("UPDATE login_failures SET until_ms = greatest(until_ms, $3) WHERE kind = $1 AND key = $2",
              {kind, key, std::to_string(until_ms)});
    });
}

std::int64_t PgConsoleStore::locked_until(const std::string& kind, const std::string& key) {
    return with("reading a lockout", [&](pg::Connection& c) -> std::int64_t {
        const auto r = c.run("SELECT until_ms FROM login_failures WHERE kind = $1 AND key = $2", {kind, key});
        return pg::rows(r) == 1 ? pg::int64(r, 0, 0) : 0;
    });
}

void PgConsoleStore::clear_failures(const std::string& kind, const std::string& key) {
    with("clearing failed sign-ins", [&](pg::Connection& c) {
        c.run("DELETE FROM login_failures WHERE kind = $1 AND key = $2", {kind, key});
    });
}

}  // namespace feedback::console
