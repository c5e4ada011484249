// PgStorage::report_snapshot(): the combined report's reads on PostgreSQL (issue 19 on the
// store of issue 20; the SQLite twin and the reasons for its shape are report_storage.cpp).
//
// Why its own connections, not the pool's: a million-row report would hold pooled connections
// that kiosks' batches are waiting for. Each reader is a connection of its own inside a
// REPEATABLE READ, READ ONLY transaction.
// Why the readers see the same commit: the first reader exports its snapshot
// (pg_export_snapshot()) and the others import it (SET TRANSACTION SNAPSHOT) before their first
// query — PostgreSQL's own way, with no lock taken on the writers. A second connection that
// cannot be opened leaves one reader: the same figures, later.
// Why single-row mode: the rows stream (PQsetSingleRowMode) instead of one result holding the
// whole period in memory; each row's views point into its own PGresult, alive during the visit.
// Why COLLATE "C": created_utc is ISO 8601 text; SQLite compares it byte by byte, and so must
// PostgreSQL whatever the database's locale, for the same rows in the same order (migration 7's
// indexes are on created_utc COLLATE "C", seq).
#include <libpq-fe.h>

#include <charconv>
#include <memory>

#include "pg_storage.h"

namespace feedback::collector {
namespace {

std::string_view field(const PGresult* r, int column) {
    if (PQgetisnull(r, 0, column)) return {};
    return {PQgetvalue(r, 0, column), static_cast<std::size_t>(PQgetlength(r, 0, column))};
}

std::int64_t number(const PGresult* r, int column) {
    const auto text = field(r, column);
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

// A PostgreSQL text[] literal: every element double-quoted, with " and \ escaped.
std::string array_literal(const std::vector<std::string>& items) {
    std::string out = "{";
    for (const auto& item : items) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (const char c : item) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

class PgReportSnapshot final : public ReportSnapshot {
public:
    PgReportSnapshot(const std::string& uri, int wanted) {
        std::string snapshot;
        for (int i = 0; i < wanted; ++i) {
            auto reader = std::make_unique<pg::Connection>(uri);
            try {
                reader->ensure();
                reader->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
                if (i == 0) {
                    if (wanted > 1) snapshot = pg::text(reader->exec("SELECT pg_export_snapshot()"), 0, 0);
                    else reader->exec("SELECT 1");  // takes the snapshot now, as SQLite's BEGIN + read
                } else {
                    // The id is PostgreSQL's own text (hex digits and dashes): no quoting needed.
                    reader->exec("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                }
            } catch (const pg::Error& e) {
                if (i == 0) throw StorageError(std::string("database ") + e.what(), e.transient());
                break;  // fewer readers: the same figures, later
            }
            readers_.push_back(std::move(reader));
        }
    }

    ~PgReportSnapshot() override {
        for (auto& reader : readers_) {
            try {
                reader->exec("ROLLBACK");
            } catch (const pg::Error&) {
                // The connection closes next; the server ends its transaction with it.
            }
        }
    }

    int readers() const override { return static_cast<int>(readers_.size()); }

    void for_each_entry(int index, const ReportEntryFilter& filter,
                        const std::function<void(const ReportEntryView&)>& visit) override {
        pg::Connection& reader = *readers_.at(static_cast<std::size_t>(index));
        std::vector<std::string> values{filter.lower, filter.upper};
        std::string sql =
            "SELECT id, kind, created_utc, device_id, channel, service_point, rating, dimensions, reasons, "
            "profile, comment, language, misuse, complaint_category, complaint_reference, "
            "complaint_description, complaint_sensitive FROM entries "
            "WHERE created_utc COLLATE \"C\" >= $1 AND created_utc COLLATE \"C\" < $2";
        if (filter.complaints_only) sql += " AND kind = 'complaint'";
        if (filter.sources) {
            values.push_back(array_literal(*filter.sources));
            sql += " AND COALESCE(NULLIF(received_from, ''), device_id) = ANY ($" + std::to_string(values.size()) +
                   "::text[])";
        }
        sql += " ORDER BY created_utc COLLATE \"C\", seq";
        if (filter.limit > 0) {
            values.push_back(std::to_string(filter.limit));
            sql += " LIMIT $" + std::to_string(values.size()) + "::bigint";
        }
        std::vector<const char*> params;
        for (const auto& v : values) params.push_back(v.c_str());

        PGconn* conn = reader.handle();
        const auto failed = [&](const std::string& why) {
            return StorageError("database " + pg::shown(uri_of(conn)) + ": reading the report's entries: " + why,
                                PQstatus(conn) != CONNECTION_OK);
        };
        if (!PQsendQueryParams(conn, sql.c_str(), static_cast<int>(params.size()), nullptr, params.data(), nullptr,
                               nullptr, 0))
            throw failed(PQerrorMessage(conn));
        PQsetSingleRowMode(conn);
        std::string error;
        std::exception_ptr thrown;
        ReportEntryView row;
        while (true) {
            pg::Result result(PQgetResult(conn));
            if (!result) break;
            const PGresult* r = result.get();
            const auto status = PQresultStatus(r);
            if (status == PGRES_TUPLES_OK) continue;  // the end of the rows
            if (status != PGRES_SINGLE_TUPLE) {
                if (error.empty()) error = PQresultErrorMessage(r);
                continue;
            }
            if (thrown || !error.empty()) continue;  // drain what is left after a failure
            row.id = field(r, 0);
            row.kind = field(r, 1);
            row.created_utc = field(r, 2);
            row.device_id = field(r, 3);
            row.channel = field(r, 4);
            row.service_point = field(r, 5);
            row.rating = PQgetisnull(r, 0, 6) ? std::nullopt : std::optional<int>(static_cast<int>(number(r, 6)));
            row.dimensions = field(r, 7);
            row.reasons = field(r, 8);
            row.profile = field(r, 9);
            row.comment = field(r, 10);
            row.language = field(r, 11);
            row.misuse = number(r, 12) != 0;
            row.has_complaint = !PQgetisnull(r, 0, 13);
            row.complaint_category = field(r, 13);
            row.complaint_reference = field(r, 14);
            row.complaint_description = field(r, 15);
            row.complaint_sensitive = number(r, 16) != 0;
            try {
                visit(row);
            } catch (...) {
                // Stop the server sending the rest; the loop reads what is already on its way,
                // so the connection is ready again for the snapshot's next query.
                thrown = std::current_exception();
                if (PGcancel* cancel = PQgetCancel(conn)) {
                    char why[256];
                    PQcancel(cancel, why, sizeof why);
                    PQfreeCancel(cancel);
                }
            }
        }
        if (thrown) std::rethrow_exception(thrown);
        if (!error.empty()) throw failed(error);
    }

private:
    static std::string uri_of(PGconn* conn) {
        const char* db = PQdb(conn);
        return std::string("postgresql:///") + (db ? db : "");
    }

    std::vector<std::unique_ptr<pg::Connection>> readers_;
};

}  // namespace

std::unique_ptr<ReportSnapshot> PgStorage::report_snapshot(int readers) {
    return std::make_unique<PgReportSnapshot>(uri_, readers < 1 ? 1 : readers);
}

}  // namespace feedback::collector
