// Thin RAII layer over the SQLite C API: one owner per handle, errors as sqlite::Error.
//
// Why our own wrapper and not a library: Debian 12 has no C++ SQLite wrapper we want to
// depend on, and the programs need only open / prepare / bind / step / transaction.
//
// Why in common/: the kiosk's store and the collector's storage both need it, and the collector
// must not link anything of the kiosk (DESIGN.md §2). It was written twice; now once, here. The
// kiosk keeps its names (store::StoreError, store::Statement, …) as aliases in
// kiosk/store/sqlite.h; the collector translates Error into its own StorageError at its
// boundary, using operation() and sqlite_message() to keep its messages as they were. Every
// sqlite3* and sqlite3_stmt* lives in exactly one object whose destructor releases it, so an
// exception thrown half-way through a commit can neither leak a statement nor leave a
// transaction open (Transaction rolls back unless commit() was reached).
#pragma once

#include <sqlite3.h>

#include <concepts>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace feedback::sqlite {

// Any failure of the database layer. code() is SQLite's extended result code, so callers can
// tell "disk full" (SQLITE_FULL) or "busy" from a bug; what() is a sentence for a person.
//
// operation(), context() and sqlite_message() keep the parts what() was built from, so a caller
// with its own message format (the collector) can rebuild its sentence without parsing ours.
class Error : public std::runtime_error {
public:
    // Which call failed; Other for errors raised by callers rather than by this wrapper.
    enum class Operation { Other, Open, Prepare, Bind, Step, Exec };

    Error(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    Error(int code, const std::string& message, Operation operation, std::string context,
          std::string sqlite_message)
        : std::runtime_error(message),
          code_(code),
          operation_(operation),
          context_(std::move(context)),
          sqlite_message_(std::move(sqlite_message)) {}
    int code() const noexcept { return code_; }
    bool disk_full() const noexcept { return (code_ & 0xFF) == SQLITE_FULL; }
    Operation operation() const noexcept { return operation_; }
    // What was being done: the SQL for Exec (e.g. "BEGIN IMMEDIATE"), our sentence otherwise.
    const std::string& context() const noexcept { return context_; }
    // SQLite's own message (sqlite3_errmsg or sqlite3_exec's); "" when there was none.
    const std::string& sqlite_message() const noexcept { return sqlite_message_; }

private:
    int code_;
    Operation operation_ = Operation::Other;
    std::string context_;
    std::string sqlite_message_;
};

class Database;

// Text SQLite reads in place instead of copying (SQLITE_STATIC): for bulk inserts, where copying
// each bound cell of 100,000 rows and freeing it again was an eighth of the work. The caller
// keeps the text alive and unchanged until the statement has run (run() clears the bindings)
// or the parameter is bound again.
struct BorrowedText {
    std::string_view text;
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;

    // Bind by 1-based index. Text is copied by SQLite (SQLITE_TRANSIENT) because callers
    // routinely pass temporaries.
    template <std::integral T>
    Statement& bind(int index, T value) {
        return bind_int64(index, static_cast<std::int64_t>(value));
    }
    Statement& bind_int64(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, BorrowedText value);
    Statement& bind_null(int index);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }
    template <class... Args>
    Statement& bind_all(const Args&... args) {
        return bind_from(1, args...);
    }
    // Binds to parameters first, first + 1, …: one row of a multi-row INSERT.
    template <class... Args>
    Statement& bind_from(int first, const Args&... args) {
        int index = first - 1;
        (bind(++index, args), ...);
        return *this;
    }

    // Advances; true while a row is available. Throws on error.
    bool step();
    // Runs to completion (for statements that return no rows) and resets for reuse.
    void run();
    void reset();

    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    int integer(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    std::string text(int column) const;
    std::optional<std::string> optional_text(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;

private:
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
public:
    // flags as for sqlite3_open_v2. Throws Error naming the path on failure.
    Database(const std::string& path, int flags);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* handle() const noexcept { return db_; }
    const std::string& path() const noexcept { return path_; }

    void exec(std::string_view sql);
    // Convenience for single-value queries such as PRAGMA user_version.
    std::int64_t query_int(std::string_view sql);
    std::string query_text(std::string_view sql);

    // Throws Error for a non-OK result code, with SQLite's message and our context.
    [[noreturn]] void fail(int code, std::string_view context,
                           Error::Operation operation = Error::Operation::Other) const;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// BEGIN IMMEDIATE … COMMIT. IMMEDIATE takes the write lock up front so that two writers
// (the UI and the sync daemon) wait on busy_timeout instead of failing with SQLITE_BUSY half
// way through. The destructor rolls back anything not committed.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool open_ = true;
};

// A sentence for a person about what an SQLite code means for the kiosk ("the disk is full").
std::string explain(int code);

}  // namespace feedback::sqlite
