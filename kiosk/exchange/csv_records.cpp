// CSV records (libcsv): see csv_records.h.
#include "exchange/csv_records.h"

namespace feedback::exchange::detail {

void on_field(void* text, std::size_t length, void* data) {
    auto* r = static_cast<Records*>(data);
    r->cells.push_back({r->text.size(), length});
    r->text.append(static_cast<const char*>(text), length);
}

void on_record(int, void* data) {
    auto* r = static_cast<Records*>(data);
    r->row_ends.push_back(r->cells.size());
}

Records read_records(std::string_view bytes) {
    Records out;
    out.text.reserve(bytes.size());  // cells are never longer than the file they come from
    CsvParser parser;
    const bool parsed = csv_parse(parser.get(), bytes.data(), bytes.size(), on_field, on_record, &out) ==
                        bytes.size();
    if (!parsed || csv_fini(parser.get(), on_field, on_record, &out) != 0) {
        if (csv_error(parser.get()) == CSV_ENOMEM) throw std::bad_alloc();
        // Records complete so far are rows 1..n; the one being read is the culprit.
        out.broken_row = out.size() + 1;
    }
    return out;
}

void keep_header_and_tail(Records& r) {
    const std::size_t header_cells = r.row_ends.empty() ? 0 : r.row_ends[0];
    const std::size_t tail_first = r.row_ends.empty() ? 0 : r.row_ends.back();
    Records kept;
    const auto copy_cell = [&](const CellSpan& cell) {
        kept.cells.push_back({kept.text.size(), cell.size});
        kept.text.append(r.text, cell.offset, cell.size);
    };
    for (std::size_t c = 0; c < header_cells; ++c) copy_cell(r.cells[c]);
    if (!r.row_ends.empty()) kept.row_ends.push_back(kept.cells.size());
    for (std::size_t c = tail_first; c < r.cells.size(); ++c) copy_cell(r.cells[c]);
    // Reuse the big buffers' capacity instead of allocating them again for every chunk.
    r.text.assign(kept.text);
    r.cells.assign(kept.cells.begin(), kept.cells.end());
    r.row_ends.assign(kept.row_ends.begin(), kept.row_ends.end());
}

}  // namespace feedback::exchange::detail
