// StoreInput: the kiosk's SQLite store as the report's input (see store_input.h), and the
// store-taking calls built on it.
//
// The figures pass keeps the query compute_report always had: only the columns it counts, and
// tests SQL answers as integers (kind = 'rating', session_state = 'open'), since at a million
// rows every column fetched costs. The rows pass is EntryRowReader (store_rows.h), the raw
// table's full row with its complaint details.
#include "report/store_input.h"

#include <sqlite3.h>

#include "report/xlsx_export.h"
#include "store/store.h"

namespace feedback::report {
namespace {

std::string_view column_view(sqlite3_stmt* stmt, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    if (!text) return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))};
}

using StatementPtr = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

[[noreturn]] void fail(sqlite3* db, int code, const std::string& what) {
    throw store::StoreError(code, what + ": " + sqlite3_errmsg(db));
}

StatementPtr prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (const int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr); rc != SQLITE_OK)
        fail(db, rc, "preparing a report query");
    return StatementPtr(raw);
}

bool step(sqlite3* db, sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db, rc, "reading the period's entries");
}

// Beyond any created_utc ("2025-…"): complaint details are read from a range's start onwards.
constexpr const char* kAfterEverything = "~";

}  // namespace

// One reader's statements, on its own connection, used by one thread at a time.
struct StoreInput::Reader {
    sqlite3* db = nullptr;
    StatementPtr figures;
    // Complaint details from `details_from` on, and the row reader over them.
    std::optional<std::string> details_from;
    ComplaintDetailsBySeq details;
    std::unique_ptr<EntryRowReader> rows;
};

StoreInput::StoreInput(store::Store& store) : store_(store), snapshot_(store) {
    readers_.push_back(std::make_unique<Reader>());
    readers_.back()->db = store.database().handle();
    if (sqlite3* twin = snapshot_.twin()) {
        readers_.push_back(std::make_unique<Reader>());
        readers_.back()->db = twin;
    }
}

StoreInput::~StoreInput() = default;

int StoreInput::readers() const { return static_cast<int>(readers_.size()); }

std::int64_t StoreInput::for_each_entry(int reader_index, const PeriodBounds& range, Need need,
                                        const std::function<void(const EntryRow&)>& fn, std::int64_t limit) {
    Reader& reader = *readers_.at(static_cast<std::size_t>(reader_index));
    std::int64_t rows = 0;
    if (need == Need::Rows) {
        if (!reader.details_from || range.lower < *reader.details_from) {
            // Ranges come in time order, so one read from the first range's start on serves
            // every later one (complaints are few).
            reader.rows.reset();
            reader.details = read_complaint_details(reader.db, {range.lower, kAfterEverything});
            reader.details_from = range.lower;
        }
        if (!reader.rows) reader.rows = std::make_unique<EntryRowReader>(reader.db, reader.details);
        reader.rows->start(range, limit);
        while (reader.rows->next()) {
            fn(reader.rows->row());
            ++rows;
        }
        return rows;
    }

    if (!reader.figures)
        reader.figures = prepare(reader.db,
                                 "SELECT created_utc, kind = 'rating', rating, misuse, session_state = 'open', "
                                 "service_point, channel, dimensions, reasons, comment, language, id, profile "
                                 "FROM entries WHERE created_utc >= ?1 AND created_utc < ?2 "
                                 "ORDER BY created_utc, seq");
    sqlite3_stmt* s = reader.figures.get();
    sqlite3_reset(s);
    // SQLITE_STATIC: `range` outlives the loop below.
    sqlite3_bind_text(s, 1, range.lower.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, range.upper.c_str(), -1, SQLITE_STATIC);
    EntryRow row;
    while ((limit <= 0 || rows < limit) && step(reader.db, s)) {
        row.created_utc = column_view(s, 0);
        row.kind = sqlite3_column_int(s, 1) != 0 ? std::string_view("rating") : std::string_view("complaint");
        row.rating = sqlite3_column_type(s, 2) == SQLITE_NULL ? std::nullopt
                                                               : std::optional<int>(sqlite3_column_int(s, 2));
        row.misuse = sqlite3_column_int(s, 3) != 0;
        row.session_state = sqlite3_column_int(s, 4) != 0 ? std::string_view("open") : std::string_view("closed");
        row.service_point = column_view(s, 5);
        row.channel = column_view(s, 6);
        row.dimensions = column_view(s, 7);
        row.reasons = column_view(s, 8);
        row.comment = column_view(s, 9);
        row.language = column_view(s, 10);
        row.id = column_view(s, 11);
        row.profile = column_view(s, 12);
        fn(row);
        ++rows;
    }
    sqlite3_reset(s);
    return rows;
}

void StoreInput::for_each_complaint(const PeriodBounds& range, const std::function<void(std::string_view, bool)>& fn) {
    sqlite3* db = readers_.front()->db;
    // CROSS JOIN makes SQLite loop over the complaints (few) and probe each one's entry, instead
    // of walking all the period's entries in the time index and probing the complaints for each
    // (what it picks without table statistics: 0.1-0.3 s at a million entries); ORDER BY keeps
    // the time order that walk gave.
    const auto stmt = prepare(db,
                              "SELECT c.category, c.sensitive FROM complaints c CROSS JOIN entries e "
                              "ON e.seq = c.entry_seq WHERE e.created_utc >= ?1 AND "
                              "e.created_utc < ?2 ORDER BY e.created_utc, e.seq");
    sqlite3_bind_text(stmt.get(), 1, range.lower.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt.get(), 2, range.upper.c_str(), -1, SQLITE_STATIC);
    while (step(db, stmt.get())) fn(column_view(stmt.get(), 0), sqlite3_column_int(stmt.get(), 1) != 0);
}

std::vector<std::string> StoreInput::approved_entry_ids() {
    std::vector<std::string> ids;
    for (const auto& a : store_.suggestion_approvals()) ids.push_back(a.entry_id);
    return ids;
}

Report compute_report(store::Store& store, const core::Period& period, const core::Survey& survey,
                      const core::LikertScale& scale, const ReportOptions& options) {
    StoreInput input(store);
    return compute_report(static_cast<ReportInput&>(input), period, survey, scale, options);
}

Report compute_document(store::Store& store, const core::Period& period, const core::Survey& survey,
                        const core::LikertScale& scale, const ReportOptions& options) {
    StoreInput input(store);
    return compute_document(static_cast<ReportInput&>(input), period, survey, scale, options);
}

std::int64_t export_csv(store::Store& store, const Report& report, const std::filesystem::path& out) {
    StoreInput input(store);
    return export_csv(static_cast<ReportInput&>(input), report, out);
}

std::int64_t export_csv(store::Store& store, const Report& report, const std::filesystem::path& out,
                        const CsvThreading& threading) {
    StoreInput input(store);
    return export_csv(static_cast<ReportInput&>(input), report, out, threading);
}

std::int64_t export_xlsx(store::Store& store, const Report& report, const std::filesystem::path& out) {
    StoreInput input(store);
    return export_xlsx(static_cast<ReportInput&>(input), report, out);
}

ExportResult export_period(store::Store& store, const core::Period& period, const core::Survey& survey,
                           const core::LikertScale& scale, const ReportOptions& options, ExportFormat format,
                           const std::filesystem::path& out, const std::string& actor) {
    ExportResult result;
    {
        // The summary's figures and the raw rows must describe the same moment, even while the
        // kiosk keeps storing answers.
        StoreInput input(store);
        result = export_report(input, period, survey, scale, options, format, out);
    }
    // After the snapshot: a write inside a read transaction could fail on a busy database.
    store.audit(actor, "export", period.label + " " + std::string(export_format_name(format)));
    return result;
}

}  // namespace feedback::report
