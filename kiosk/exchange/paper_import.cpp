// `feedback-kiosk import` and parse_answers_csv: reading, checking and writing put together (see
// paper_import.h for the choices). The pieces, one file each:
// - csv_records.*: libcsv splits the bytes into records, all cells in one buffer;
// - answer_checks.*: the header row decides which kind of file it is and where each known
//   column is; then every row is checked cell by cell, collecting problems instead of stopping
//   at the first, because a clerk would rather fix ten typos in one pass than import ten times;
// - row_ids.*: SHA-256 of the file and the stable ids of template rows;
// - entry_writer.*: one transaction of multi-row INSERTs (import_entries);
// - beside.h: the second thread.
//
// Speed (issue #9: 100,000 rows read, checked and committed in under 2 s): a large file is
// hashed beside its CSV parse and its rows are checked in two halves on two threads; writing
// puts many rows in each statement, all in one transaction.
#include "exchange/paper_import.h"

#include <optional>
#include <utility>

#include "core/clock.h"
#include "exchange/answer_checks.h"
#include "exchange/beside.h"
#include "exchange/csv_records.h"
#include "exchange/entry_writer.h"
#include "exchange/row_ids.h"
#include "store/store.h"

namespace feedback::exchange {

using namespace detail;

namespace {

// Rows read, checked and written per chunk when streaming a file: large enough that the two
// threads and the multi-row INSERTs work as on a whole file, small enough that memory stays a
// few tens of MB however long the file is.
constexpr std::size_t kChunkRows = 50'000;

}  // namespace

StreamedImport import_csv_file(store::Store& store, const std::filesystem::path& path, const core::Survey& survey,
                               const ImportDefaults& defaults, bool dry_run) {
    StreamedImport result;
    ParsedAnswers& out = result.parsed;
    // Template row ids need the digest of the whole file before the first row is read: one pass
    // for it, on a second thread beside the CSV parse of the first chunk, and one for the rows
    // (the second mostly from the page cache).
    Digest digest{};
    std::optional<Beside> hashing;
    hashing.emplace([&] { digest = sha256_of_file(path); });
    const std::int64_t latest = core::now_utc_ms() + 86'400'000;  // a day's grace for clocks

    InputFile in(path);
    Records records;
    CsvParser parser;
    std::optional<Columns> columns;
    std::optional<EntryWriter> writer;
    std::size_t row_offset = 0;  // data records already read
    bool header_checked = false;

    // Reads the complete records of `records` past the header, and writes them unless a problem
    // has been found anywhere so far; then keeps only the header and the record being read.
    const auto flush = [&] {
        if (!header_checked) {
            if (records.size() == 0) return;
            header_checked = true;
            if (blank(records[0])) {
                out.problems.push_back(no_header_problem());
                return;
            }
            const Columns found = analyse_header(records[0], survey, out);
            if (!out.problems.empty()) return;
            columns = found;
        }
        if (!columns || records.size() <= 1) return;
        if (hashing) {
            hashing->wait();  // rethrows a read error of the hashing pass
            hashing.reset();
        }
        ParsedAnswers part;
        part.kind = out.kind;
        read_chunk(records, row_offset, *columns, survey, defaults, digest, latest, part);
        row_offset += records.size() - 1;
        out.rows += part.rows;
        out.complaint_rows += part.complaint_rows;
        for (auto& problem : part.problems) {
            if (out.problems.size() >= kMaxProblems) break;
            out.problems.push_back(std::move(problem));
        }
        if (!out.problems.empty()) {
            writer.reset();  // rolls back what earlier chunks wrote: all or nothing
        } else if (!part.entries.empty()) {
            if (!writer) writer.emplace(store, dry_run, true);
            writer->add(part.entries);
        }
        keep_header_and_tail(records);
    };

    // A broken quote ends the reading: where the parser gave up is the one problem reported,
    // as parse_answers_csv does.
    const auto broken = [&] {
        if (csv_error(parser.get()) == CSV_ENOMEM) throw std::bad_alloc();
        out.problems.assign(1, broken_quote_problem(row_offset + records.size() + 1));
        writer.reset();
    };
    std::vector<char> buffer(kReadBytes);
    bool first = true, parsed = true;
    // Reading goes on after a problem, to list up to kMaxProblems of them in one go, unless the
    // header itself is wrong.
    while (out.problems.size() < kMaxProblems && !(header_checked && !columns)) {
        const std::size_t n = in.read(buffer.data(), buffer.size(), path);
        if (n == 0) break;
        std::string_view bytes(buffer.data(), n);
        if (first && bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
        first = false;
        if (csv_parse(parser.get(), bytes.data(), bytes.size(), on_field, on_record, &records) != bytes.size()) {
            broken();
            parsed = false;
            break;
        }
        if (records.size() > kChunkRows) flush();
    }
    if (parsed && out.problems.size() < kMaxProblems && !(header_checked && !columns)) {
        if (csv_fini(parser.get(), on_field, on_record, &records) != 0)
            broken();
        else
            flush();
    }
    if (!header_checked && out.problems.empty()) out.problems.push_back(no_header_problem());
    if (!out.problems.empty()) {
        writer.reset();  // rolls back anything written: all or nothing
        return result;
    }
    if (writer) result.counts = writer->finish();
    return result;
}

}  // namespace feedback::exchange
