// Reading answers from a CSV file into entries: the paper-questionnaire template
// (assets/paper-answers-template.csv) and the kiosk's own CSV export (kiosk/report/raw_table.h),
// told apart by their header rows. Used by `feedback-kiosk import`.
//
// Why these choices:
// - All or nothing. Every row is checked before anything is written, and a file with any error
//   yields no entries at all, so staff fix the spreadsheet and import it again rather than
//   working out which half of it went in.
// - Every cell must be valid UTF-8 (a file saved in a Thai code page is refused, naming the row
//   and column), so nothing invalid reaches the reports or the collector (issue 14).
// - Messages are for the clerk who typed the spreadsheet: each names the row as the spreadsheet
//   numbers it (the header is row 1), the column by its heading, and what was expected, in Thai
//   and in English.
// - Columns are found by the key in parentheses at the end of a heading ("คะแนน (rating)"), the
//   same convention as the export; so the Thai wording of a heading may change, columns may be
//   reordered, and the export's columns for dimensions follow whatever survey wrote it.
// - Ids are stable so that importing the same file twice adds nothing: a kiosk export keeps its
//   entry ids; a template row gets a UUID (version 8, RFC 9562) from SHA-256 of the file's
//   SHA-256 and the row number. Consequence, documented in README: a file that was imported,
//   then extended and imported again, brings its old rows in a second time — import each batch
//   of paper as its own file.
// - Parsing is libcsv's (RFC 4180, strict quotes), never our own tokenizer; a broken quote is an
//   error naming the row where the parser gave up.
// - Only answers (kind "rating") are imported from an export. Complaint rows are counted and
//   skipped: an export leaves out contact details and sensitive descriptions, so a complaint
//   rebuilt from it would be a lesser copy under the same id; `merge` moves complaints whole.
// - No store access here: parsing is a pure function of bytes and survey, which keeps it fast to
//   test; writing (import_entries) is one transaction of multi-row INSERTs whose columns the
//   store binds (store::bind_new_entry), so an import stores an entry exactly as a tap does.
// - Streamed (import_csv_file): a file is read in chunks of rows inside one transaction, so a
//   million rows need tens of MB, not the whole file and every entry at once.
// - Fast enough to import a year of paper at once (issue #9: 100,000 rows in under 2 s, see
//   tests/bench/bench_import.cpp): a large file is parsed on two threads, and rows are written
//   in id order, many per statement.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/entry.h"
#include "core/survey.h"

namespace feedback::store {
class Store;
}

namespace feedback::exchange {

enum class CsvKind { PaperTemplate, KioskExport };

// One problem in one cell (or one row, when column is empty).
struct ImportProblem {
    std::size_t row = 0;       // as the spreadsheet numbers it: the header is row 1
    std::string column;        // the heading as written in the file, or "" for the whole row
    std::string expected_th;
    std::string expected_en;
    std::string got;           // the offending text, "" when the cell was empty

    // `แถว 3 คอลัมน์ "คะแนน (rating)": <th> — row 3, column "คะแนน (rating)": <en> (got "7")`
    std::string message() const;
};

struct ImportDefaults {
    std::string device_id;       // stored with template rows (an export keeps its own)
    std::string survey_version;  // stored with every imported row (an export does not carry it)
};

struct ParsedAnswers {
    CsvKind kind = CsvKind::PaperTemplate;
    std::vector<core::Entry> entries;        // empty whenever problems is not
    std::vector<ImportProblem> problems;     // in file order; at most kMaxProblems
    std::size_t complaint_rows = 0;          // export rows of kind complaint, not imported
    std::size_t rows = 0;                    // data rows read (blank rows not counted)
};

// Enough to fix a spreadsheet in one sitting; more would scroll the first ones away.
inline constexpr std::size_t kMaxProblems = 100;

// Parses and validates a whole file. Never throws for bad content (that is what problems is
// for); throws std::bad_alloc only.
ParsedAnswers parse_answers_csv(std::string_view bytes, const core::Survey& survey,
                                const ImportDefaults& defaults);

// The id of a template row: UUID v8 whose first 48 bits are the answer's time in ms (when
// known) and the rest SHA-256(SHA-256(file) || row number).
std::string stable_row_id(std::string_view file_bytes, std::size_t row, std::int64_t created_utc_ms = 0);

struct ImportResult {
    std::size_t imported = 0;
    std::size_t already_present = 0;  // in the database before, or repeated in the file
};

// What import_csv_file did: parsed.problems non-empty means nothing was written (parsed.entries
// is always empty: entries are written chunk by chunk and not kept).
struct StreamedImport {
    ParsedAnswers parsed;
    ImportResult counts;
};

// `feedback-kiosk import`: reads, checks and writes a CSV file chunk by chunk (kChunkRows rows),
// so memory stays flat however long the file is (1,000,000 rows took 670 MB when the whole file,
// its cells and every entry were held at once; issue 14). Same checks, ids, problems and counts
// as parse_answers_csv + import_entries, and still all or nothing: every chunk goes into one
// transaction, rolled back at the first problem found (reading goes on to list up to
// kMaxProblems). With dry_run nothing is written and no write lock is taken. Throws
// std::system_error when the file cannot be read, store::StoreError for the database.
StreamedImport import_csv_file(store::Store& store, const std::filesystem::path& file, const core::Survey& survey,
                               const ImportDefaults& defaults, bool dry_run);

// Adds the entries not already present, all in one transaction, queued for sync (pending).
// With dry_run, counts only. Throws store::StoreError, or std::invalid_argument for an entry the
// store refuses (nothing written either way).
ImportResult import_entries(store::Store& store, const std::vector<core::Entry>& entries, bool dry_run);

}  // namespace feedback::exchange
