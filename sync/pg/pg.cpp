// libpq RAII, prepared statements, the pool and migrations (see pg.h for why).
#include "pg.h"

#include <sys/stat.h>

#include <fstream>
#include <functional>
#include <map>

namespace feedback::pg {
namespace {

std::mutex password_mutex;
std::optional<std::string> password;  // from set_password_file

// Class 08 connection exception, 53 insufficient resources, 57P01-57P03 shutdown / cannot
// connect now, 40001 serialisation failure, 40P01 deadlock: all may pass by themselves.
bool transient_state(const std::string& state) {
    return state.rfind("08", 0) == 0 || state.rfind("53", 0) == 0 || state == "57P01" || state == "57P02" ||
           state == "57P03" || state == "40001" || state == "40P01";
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

bool is_uri(std::string_view address) {
    return address.rfind("postgresql://", 0) == 0 || address.rfind("postgres://", 0) == 0;
}

std::string shown(const std::string& uri) { return uri.substr(0, uri.find('?')); }

void set_password_file(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) throw std::runtime_error("cannot read the password file " + file.string());
    if ((st.st_mode & 077) != 0)
        throw std::runtime_error("the password file " + file.string() +
                                 " is readable by other users; chmod 600 it (refused)");
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line) || trimmed(line).empty())
        throw std::runtime_error("the password file " + file.string() + " holds no password");
    const std::lock_guard lock(password_mutex);
    password = trimmed(line);
}

void check_uri(const std::string& uri) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error);
    if (!options) {
        std::string why = error ? trimmed(error) : "out of memory";
        PQfreemem(error);
        throw Error("not a PostgreSQL connection URI (" + why + ")", false);
    }
    bool has_password = false;
    for (auto* o = options; o->keyword; ++o)
        if (std::string_view(o->keyword) == "password" && o->val && *o->val) has_password = true;
    PQconninfoFree(options);
    if (has_password)
        throw Error("the --db URI carries a password; put it in ~/.pgpass, PGPASSFILE or --db-password-file "
                    "instead (never on the command line)",
                    false);
}

Connection::Connection(std::string uri) : uri_(std::move(uri)) {}
Connection::~Connection() = default;

bool Connection::broken() const { return !conn_ || PQstatus(conn_.get()) != CONNECTION_OK; }

void Connection::ensure() {
    if (!broken()) return;
    prepared_.clear();
    // libpq applies the keywords in order and a later one wins, so the defaults come first and
    // the URI ("dbname", expanded) may override any of them. Without these, a collector whose
    // database host vanished (a cable pulled, a VM paused, a firewall dropping packets) would
    // wait on the socket for the kernel's TCP timeouts — about two hours idle, over fifteen
    // minutes with data in flight — holding a pooled connection and the kiosk's request; with
    // them a dead peer is noticed in about a minute (keepalives: 30 s idle, then 3 probes 10 s
    // apart) or 30 s after unacknowledged data (tcp_user_timeout), the request fails as
    // transient (503, the kiosk retries) and the next use reconnects. Unix sockets ignore them.
    std::vector<const char*> keys{"connect_timeout", "keepalives",       "keepalives_idle", "keepalives_interval",
                                  "keepalives_count", "tcp_user_timeout", "application_name", "dbname"};
    std::vector<const char*> values{"5", "1", "30", "10", "3", "30000", "feedback-collector", uri_.c_str()};
    std::string pw;
    {
        const std::lock_guard lock(password_mutex);
        if (password) pw = *password;
    }
    if (!pw.empty()) {
        keys.push_back("password");
        values.push_back(pw.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    // expand_dbname = 1: the URI in "dbname" is expanded; the keywords after it add to it.
    conn_.reset(PQconnectdbParams(keys.data(), values.data(), 1));
    if (!conn_) throw Error("cannot connect to PostgreSQL at " + shown(uri_) + ": out of memory", true);
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        const std::string why = trimmed(PQerrorMessage(conn_.get()));
        conn_.reset();
        throw Error("cannot connect to PostgreSQL at " + shown(uri_) + ": " + why, true);
    }
    // Quiet NOTICEs (CREATE … IF NOT EXISTS) instead of libpq printing them on stderr.
    PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
}

Result Connection::check(Result result, const std::string& doing) {
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    std::string state;
    if (result)
        if (const char* s = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE)) state = s;
    const std::string why = trimmed(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn_.get()));
    // No SQLSTATE: the failure was libpq's own (a read or write on the socket failed), not an
    // ERROR from the server. libpq may still call the connection OK while the server's answer
    // is half read, and the next command on it would read that stale answer (seen under
    // tests/sync/test_two_collectors.cpp's failing reads: 'prepared statement "s0" already
    // exists' on every later request, 500s for good). Drop it: the server rolls back whatever
    // it held, and the pool reconnects on the next use.
    if (state.empty()) conn_.reset();
    const bool transient = broken() || transient_state(state);
    throw Error("PostgreSQL at " + shown(uri_) + ": " + doing + ": " + why, transient, state);
}

Result Connection::exec(const std::string& sql) {
    ensure();
    return check(Result(PQexec(conn_.get(), sql.c_str())), "running a statement");
}

Result Connection::run(const std::string& sql, const std::vector<Param>& params) {
    ensure();
    std::size_t index = 0;
    while (index < prepared_.size() && prepared_[index] != sql) ++index;
    const std::string name = "s" + std::to_string(index);
    if (index == prepared_.size()) {
        check(Result(PQprepare(conn_.get(), name.c_str(), sql.c_str(), 0, nullptr)), "preparing a statement");
        prepared_.push_back(sql);
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    return check(Result(PQexecPrepared(conn_.get(), name.c_str(), static_cast<int>(values.size()), values.data(),
                                       nullptr, nullptr, 0)),
                 "writing or reading");
}

std::int64_t affected(const Result& r) {
    const char* n = PQcmdTuples(r.get());
    return n && *n ? std::stoll(n) : 0;
}

std::string text(const Result& r, int row, int column) {
    if (PQgetisnull(r.get(), row, column)) return {};
    return std::string(PQgetvalue(r.get(), row, column), static_cast<std::size_t>(PQgetlength(r.get(), row, column)));
}

std::int64_t int64(const Result& r, int row, int column) {
    if (PQgetisnull(r.get(), row, column)) return 0;
    return std::stoll(PQgetvalue(r.get(), row, column));
}

bool is_null(const Result& r, int row, int column) { return PQgetisnull(r.get(), row, column) != 0; }

Pool::Pool(std::string uri, std::size_t size) : uri_(std::move(uri)) {
    for (std::size_t i = 0; i < size; ++i) idle_.push_back(std::make_unique<Connection>(uri_));
}

Pool::Lease Pool::take() {
    std::unique_ptr<Connection> c;
    {
        std::unique_lock lock(mutex_);
        freed_.wait(lock, [&] { return !idle_.empty(); });
        c = std::move(idle_.back());
        idle_.pop_back();
    }
    Lease lease(*this, std::move(c));
    lease->ensure();  // on failure the lease's destructor gives the connection back
    return lease;
}

Pool::Lease::~Lease() {
    if (!conn_) return;
    {
        const std::lock_guard lock(pool_->mutex_);
        pool_->idle_.push_back(std::move(conn_));
    }
    pool_->freed_.notify_one();
}

Transaction::Transaction(Connection& c) : conn_(c) { conn_.exec("BEGIN"); }

Transaction::~Transaction() {
    if (done_ || conn_.broken()) return;
    try {
        conn_.exec("ROLLBACK");
    } catch (const Error&) {
        // The connection is broken: the server rolls back by itself.
    }
}

void Transaction::commit() {
    conn_.exec("COMMIT");
    done_ = true;
}

int schema_version(Connection& c, const std::string& version_table) {
    const auto exists = c.run("SELECT to_regclass($1) IS NOT NULL", {version_table});
    if (text(exists, 0, 0) != "t") return 0;
    const auto v = c.exec("SELECT coalesce(max(version), 0) FROM " + version_table);
    return static_cast<int>(int64(v, 0, 0));
}

void migrate(Connection& c, const std::vector<Migration>& steps, const std::string& version_table,
             std::int64_t lock_key, const std::string& name) {
    Transaction tx(c);
    c.run("SELECT pg_advisory_xact_lock($1)", {std::to_string(lock_key)});
    c.exec("CREATE TABLE IF NOT EXISTS " + version_table + " (version INTEGER NOT NULL)");
    const int found = schema_version(c, version_table);
    if (found > steps.back().version)
        throw Error(name + " was written by a newer collector (schema " + std::to_string(found) + ")", false);
    if (found == steps.back().version) return;  // nothing to do; the destructor rolls back
    for (const auto& step : steps) {
        if (step.version <= found) continue;
        c.exec(std::string(step.sql));
    }
    c.exec("DELETE FROM " + version_table);
    c.run("INSERT INTO " + version_table + " (version) VALUES ($1)", {std::to_string(steps.back().version)});
    tx.commit();
}

}  // namespace feedback::pg
