// Reading a CSV file into records: libcsv's callbacks fill one buffer of cells (Records), the
// streaming import keeps only the header and the record still being read between chunks, and
// InputFile reads a file in blocks with its errors named. Part of paper_import (see
// paper_import.h for the choices); nothing here knows what a column means.
#pragma once

#include <csv.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "common/file.h"
#include <vector>

namespace feedback::exchange::detail {

inline constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Bytes read from a file at a time, by the hashing pass and the streamed parse.
inline constexpr std::size_t kReadBytes = 1 << 20;

struct CellSpan {
    std::size_t offset;
    std::size_t size;
};

// One record's cells: views into Records::text, valid as long as the Records.
class Row {
public:
    Row() = default;
    Row(const std::string& text, const CellSpan* cells, std::size_t count)
        : text_(&text), cells_(cells), count_(count) {}
    std::size_t size() const { return count_; }
    std::string_view operator[](std::size_t i) const {
        return std::string_view(*text_).substr(cells_[i].offset, cells_[i].size);
    }

private:
    const std::string* text_ = nullptr;
    const CellSpan* cells_ = nullptr;
    std::size_t count_ = 0;
};

// Every cell of the file in one buffer, and where each cell and each record ends. A vector of
// std::string per record cost, for 100,000 rows, 700,000 allocations — as much time as checking
// the cells.
struct Records {
    std::string text;                    // the cells' bytes, back to back
    std::vector<CellSpan> cells;
    std::vector<std::size_t> row_ends;   // record i holds cells [row_ends[i - 1], row_ends[i])
    std::optional<std::size_t> broken_row;  // spreadsheet row where the parser gave up

    std::size_t size() const { return row_ends.size(); }  // records[0] is the header
    Row operator[](std::size_t i) const {
        const std::size_t first = i == 0 ? 0 : row_ends[i - 1];
        return Row(text, cells.data() + first, row_ends[i] - first);
    }
};

// libcsv's callbacks; `data` is the Records being filled.
void on_field(void* text, std::size_t length, void* data);
void on_record(int, void* data);

// Owns the parser's buffers for as long as it lives.
class CsvParser {
public:
    CsvParser() {
        if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
    }
    ~CsvParser() { csv_free(&parser_); }
    CsvParser(const CsvParser&) = delete;
    CsvParser& operator=(const CsvParser&) = delete;
    csv_parser* get() { return &parser_; }

private:
    csv_parser parser_{};
};

// The whole of `bytes` (no BOM) as records; broken_row set when a quote is broken.
Records read_records(std::string_view bytes);

// Keeps the header (record 0) and the cells of the record still being read; drops the rest.
void keep_header_and_tail(Records& r);

// Opens `path` for reading; throws std::system_error naming it.
struct InputFile {
    explicit InputFile(const std::filesystem::path& path) : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (!fd) throw std::system_error(errno, std::generic_category(), "cannot read " + path.string());
    }
    // Up to `size` bytes; 0 at the end. Throws std::system_error.
    std::size_t read(char* buffer, std::size_t size, const std::filesystem::path& path) {
        for (;;) {
            const ssize_t n = ::read(fd.get(), buffer, size);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "cannot read " + path.string());
        }
    }
    common::UniqueFd fd;  // closed by its own destructor
};

}  // namespace feedback::exchange::detail
