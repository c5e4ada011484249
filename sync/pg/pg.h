// A small RAII layer over libpq (PostgreSQL's C client, Debian's libpq-dev) for the collector's
// and the console's PostgreSQL stores (issue 20).
//
// Why these choices:
// - RAII for every handle: PGconn and PGresult live in unique_ptrs with PQfinish / PQclear,
//   so no path (exception included) leaks a connection or a result.
// - Prepared statements, prepared lazily once per connection under a name derived from the
//   SQL text's hash; a reconnected connection forgets them and prepares again.
// - A small pool of connections, each used by one request at a time: the collector serves
//   requests on several threads, and PostgreSQL (unlike SQLite's single writer) commits
//   concurrent transactions in parallel, so one connection behind a mutex would serialise
//   every batch behind one fsync. A broken connection is reset when it is next taken, so the
//   collector reconnects by itself once the server is back; until then every use fails with
//   a transient Error (the collector answers 503 with Retry-After).
// - Passwords never come from the command line: libpq reads PGPASSFILE or ~/.pgpass itself,
//   and set_password_file() reads a 0600 file holding only the password. A connection URI
//   that carries a password is refused, since it would sit in the process list and the logs.
#pragma once

#include <libpq-fe.h>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::pg {

// "postgresql://…" or "postgres://…" (libpq's URI syntax): the address is PostgreSQL's, not a
// SQLite file's.
bool is_uri(std::string_view address);

// A libpq failure. `transient` is true for what may pass by itself (the server stopped, the
// connection lost, too many connections, a serialisation failure); `sqlstate` is PostgreSQL's
// five-character code ("" when the failure was on the client side).
class Error : public std::runtime_error {
public:
    Error(const std::string& message, bool transient, std::string sqlstate = {})
        : std::runtime_error(message), transient_(transient), sqlstate_(std::move(sqlstate)) {}
    bool transient() const noexcept { return transient_; }
    const std::string& sqlstate() const noexcept { return sqlstate_; }

private:
    bool transient_;
    std::string sqlstate_;
};

// Reads the password from `file` (its first line) for every connection this process makes.
// Throws std::runtime_error when the file cannot be read or is readable by group or others.
void set_password_file(const std::filesystem::path& file);

// Throws Error (not transient) when `uri` is not a valid libpq URI or carries a password.
void check_uri(const std::string& uri);

struct ResultDeleter {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// A parameter: text, or SQL NULL.
using Param = std::optional<std::string>;

class Connection {
public:
    explicit Connection(std::string uri);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Connects when not connected or broken. Throws Error (transient) when the server is away.
    void ensure();
    bool broken() const;

    // Runs one or more statements without parameters. Throws Error.
    Result exec(const std::string& sql);
    // Runs `sql` ($1, $2, … placeholders) as a prepared statement of this connection.
    Result run(const std::string& sql, const std::vector<Param>& params = {});

    PGconn* handle() const noexcept { return conn_.get(); }

private:
    struct ConnDeleter {
        void operator()(PGconn* c) const noexcept { PQfinish(c); }
    };
    Result check(Result result, const std::string& doing);

    std::string uri_;
    std::unique_ptr<PGconn, ConnDeleter> conn_;
    std::vector<std::string> prepared_;  // SQL texts prepared on this connection
};

// Rows changed by an INSERT / UPDATE / DELETE.
std::int64_t affected(const Result& r);
// Field accessors: "" and 0 for NULL.
std::string text(const Result& r, int row, int column);
std::int64_t int64(const Result& r, int row, int column);
bool is_null(const Result& r, int row, int column);
inline int rows(const Result& r) { return PQntuples(r.get()); }

// A fixed number of connections made on demand.
class Pool {
public:
    Pool(std::string uri, std::size_t size);

    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(&pool), conn_(std::move(c)) {}
        Lease(Lease&& other) noexcept = default;
        ~Lease();
        Connection& operator*() const noexcept { return *conn_; }
        Connection* operator->() const noexcept { return conn_.get(); }

    private:
        Pool* pool_;
        std::unique_ptr<Connection> conn_;
    };
    // Waits for a free connection and makes sure it is connected. Throws Error.
    Lease take();
    const std::string& uri() const noexcept { return uri_; }

private:
    std::string uri_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

// BEGIN on construction, ROLLBACK on destruction unless commit() ran. A rollback on a broken
// connection is ignored: the server rolls back a transaction whose connection went away.
class Transaction {
public:
    explicit Transaction(Connection& c);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& conn_;
    bool done_ = false;
};

// A migration step of a PostgreSQL schema.
struct Migration {
    int version;
    std::string_view sql;
};

// Applies the steps newer than the database's version (kept in table `version_table`) in one
// transaction, under a transaction-scoped advisory lock (`lock_key`), so two collectors
// starting together never race: the second waits, then finds nothing left to do. Refuses a
// database newer than the last step. Throws Error.
void migrate(Connection& c, const std::vector<Migration>& steps, const std::string& version_table,
             std::int64_t lock_key, const std::string& name);

// The schema version a database has (0 when the version table does not exist).
int schema_version(Connection& c, const std::string& version_table);

// The URI without anything after '?' (where options live), for messages.
std::string shown(const std::string& uri);

}  // namespace feedback::pg
