// parse_answers_csv and its problems' wording: the reading and checking half of the import, with
// no store (library kiosk_exchange_parse). The kiosk's `import` (paper_import.cpp) and the
// collector's `import` of paper questionnaires at the centre (issue 19) both use it, so the
// template, the checks and the all-or-nothing rule are one code at both ends.
#include "exchange/paper_import.h"

#include "core/clock.h"
#include "exchange/answer_checks.h"
#include "exchange/beside.h"
#include "exchange/csv_records.h"
#include "exchange/row_ids.h"

namespace feedback::exchange {

using namespace detail;

std::string ImportProblem::message() const {
    std::string th = "แถว " + std::to_string(row);
    std::string en = "row " + std::to_string(row);
    if (!column.empty()) {
        th += " คอลัมน์ \"" + column + "\"";
        en += ", column \"" + column + "\"";
    }
    th += ": " + expected_th;
    en += ": " + expected_en;
    if (!got.empty()) {
        th += " (พบ \"" + got + "\")";
        en += " (got \"" + got + "\")";
    }
    return th + " / " + en;
}

std::string stable_row_id(std::string_view file_bytes, std::size_t row, std::int64_t created_utc_ms) {
    return row_id(sha256(file_bytes), row, created_utc_ms);
}

ParsedAnswers parse_answers_csv(std::string_view bytes, const core::Survey& survey, const ImportDefaults& defaults) {
    ParsedAnswers out;
    std::string_view body = bytes;
    if (body.substr(0, kBom.size()) == kBom) body.remove_prefix(kBom.size());

    // The file's digest (for template row ids) is made beside the CSV parse: each is a pass over
    // the whole file.
    Digest digest{};
    Records records;
    {
        Beside hashing([&] { digest = sha256(bytes); });  // of the file as it is, BOM and all
        records = read_records(body);
        hashing.wait();
    }
    if (records.broken_row) {
        out.problems.push_back(broken_quote_problem(*records.broken_row));
        return out;
    }
    if (records.size() == 0 || blank(records[0])) {
        out.problems.push_back(no_header_problem());
        return out;
    }
    const Columns columns = analyse_header(records[0], survey, out);
    if (!out.problems.empty()) return out;
    const std::int64_t latest = core::now_utc_ms() + 86'400'000;  // a day's grace for clocks
    read_chunk(records, 0, columns, survey, defaults, digest, latest, out);
    if (!out.problems.empty()) out.entries.clear();
    return out;
}

}  // namespace feedback::exchange
