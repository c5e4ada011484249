// Checking rows: the header row says which kind of file it is and where each known column is;
// then every data row is checked cell by cell into an entry, collecting problems (in Thai and
// English, naming row and column) instead of stopping at the first. Dates, times, Thai digits,
// levels, service points and reasons are read here. Part of paper_import (see paper_import.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/survey.h"
#include "exchange/csv_records.h"
#include "exchange/paper_import.h"
#include "exchange/row_ids.h"

namespace feedback::exchange::detail {

struct Columns {
    std::map<std::string, std::size_t> by_key;
    std::vector<std::pair<std::string, std::size_t>> dimensions;  // dimension id -> column
    std::vector<std::pair<std::string, std::size_t>> profile;     // profile question id -> column (issue 17)
    std::optional<std::size_t> find(const std::string& key) const {
        const auto it = by_key.find(key);
        return it == by_key.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }
};

// True when every cell of the row is empty or spaces (such rows are skipped, not counted).
bool blank(Row row);

// The header row: which kind of file, where each known column is, and its problems (added to
// out.problems; none means the rows can be read).
Columns analyse_header(Row header, const core::Survey& survey, ParsedAnswers& out);

// Reads data records [1, records.size()) of one chunk into `out` (two threads for a large one);
// record i is spreadsheet row row_offset + i + 1. Template row ids are made from `digest`;
// answers later than `latest` (UTC ms) are refused as in the future.
void read_chunk(const Records& records, std::size_t row_offset, const Columns& columns, const core::Survey& survey,
                const ImportDefaults& defaults, const Digest& digest, std::int64_t latest, ParsedAnswers& out);

// The one problem of a file whose quotes are broken at `row`, and of a file without a header.
ImportProblem broken_quote_problem(std::size_t row);
ImportProblem no_header_problem();

}  // namespace feedback::exchange::detail
