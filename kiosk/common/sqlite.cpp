// The shared SQLite wrapper (see sqlite.h for why it lives in common/).
#include "common/sqlite.h"

namespace feedback::sqlite {

std::string explain(int code) {
    switch (code & 0xFF) {
        case SQLITE_FULL: return "the disk is full";
        case SQLITE_BUSY: return "the database is locked by another process for too long";
        case SQLITE_READONLY: return "the database is read-only";
        case SQLITE_CANTOPEN: return "the database file cannot be opened";
        case SQLITE_CORRUPT: return "the database file is damaged";
        case SQLITE_NOTADB: return "the file is not an SQLite database";
        case SQLITE_IOERR: return "an input/output error occurred";
        case SQLITE_PERM: return "permission denied";
        case SQLITE_CONSTRAINT: return "a value breaks a database rule";
        default: return sqlite3_errstr(code);
    }
}

Database::Database(const std::string& path, int flags) : path_(path) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database " + path + ": " + explain(rc);
        const std::string detail = db_ ? sqlite3_errmsg(db_) : "";
        if (db_) message += " (" + detail + ")";
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw Error(rc, message, Error::Operation::Open, "opening", detail);
    }
    sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::fail(int code, std::string_view context, Error::Operation operation) const {
    const std::string detail = sqlite3_errmsg(db_);
    throw Error(code, "database " + path_ + ": " + std::string(context) + ": " + explain(code) + " (" + detail + ")",
                operation, std::string(context), detail);
}

void Database::exec(std::string_view sql) {
    char* error = nullptr;
    const std::string owned(sql);
    const int rc = sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw Error(rc, "database " + path_ + ": " + explain(rc) + " (" + message + ")", Error::Operation::Exec,
                    owned, message);
    }
}

std::int64_t Database::query_int(std::string_view sql) {
    Statement stmt(*this, sql);
    return stmt.step() ? stmt.int64(0) : 0;
}

std::string Database::query_text(std::string_view sql) {
    Statement stmt(*this, sql);
    return stmt.step() ? stmt.text(0) : std::string();
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
    const int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                      &stmt_, nullptr);
    if (rc != SQLITE_OK)
        db.fail(rc, "preparing \"" + std::string(sql.substr(0, 60)) + "\"", Error::Operation::Prepare);
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind_int64(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) db_->fail(rc, "binding a value", Error::Operation::Bind);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) db_->fail(rc, "binding a value", Error::Operation::Bind);
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    const int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                     SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) db_->fail(rc, "binding a value", Error::Operation::Bind);
    return *this;
}

Statement& Statement::bind(int index, BorrowedText value) {
    const int rc = sqlite3_bind_text(stmt_, index, value.text.data(), static_cast<int>(value.text.size()),
                                     SQLITE_STATIC);
    if (rc != SQLITE_OK) db_->fail(rc, "binding a value", Error::Operation::Bind);
    return *this;
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) db_->fail(rc, "binding a value", Error::Operation::Bind);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
    sqlite3_reset(stmt_);
    db_->fail(rc, "running \"" + sql.substr(0, 60) + "\"", Error::Operation::Step);
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    return data ? std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size))
                : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

}  // namespace feedback::sqlite
