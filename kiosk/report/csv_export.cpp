// CSV export (see csv_export.h for the encoding choices).
//
// Speed: a million rows are ~185 MB, and the export is one of the files staff wait for at the
// admin screen, so:
// - a row is formatted straight into a byte buffer (RawTable's cells are views, quoting is one
//   scan of each cell), handed to the file a megabyte at a time: too much to hold whole, and a
//   write per row would be a million system calls;
// - the database stepping the rows is still most of the time, so when the input has two
//   readers (the kiosk snapshot's twin connection, report_input.h) two threads read: the period is cut into CsvThreading::ranges
//   time ranges, each thread takes the next range not yet taken, and the ranges reach the file
//   in order. The thread on the earliest unwritten range writes as it goes; the other keeps its
//   rows in memory until its range is the earliest, and pauses when it holds max_held_bytes (a
//   period whose rows crowd into a few ranges), so memory stays bounded whatever the data. The
//   ranges cover the period exactly and each is read in the same order, so the file is byte
//   for byte what one pass writes (a test compares the two).
#include "report/csv_export.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "report/atomic_file.h"
#include "report/entry_rows.h"
#include "report/raw_table.h"
#include "report/report_input.h"

namespace feedback::report {
namespace {

bool needs_neutralising(std::string_view text) {
    if (text.empty()) return false;
    const char c = text.front();
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Bytes that make a cell need quotes: , " CR LF.
constexpr std::array<bool, 256> kQuoteBytes = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c : {',', '"', '\r', '\n'}) table[c] = true;
    return table;
}();

// Eight bytes at a time ("SWAR"): a loop per byte over the ~185 bytes of a row was most of the
// formatting time. zero_byte(v) is non-zero exactly when some byte of v is 0.
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
constexpr std::uint64_t zero_byte(std::uint64_t v) { return (v - kOnes) & ~v & kHighs; }
constexpr std::uint64_t quote_byte(std::uint64_t w) {
    // All four are below '-' (0x2D); most words (ids, times, Thai) have no byte that low.
    if (((w - kOnes * 0x2D) & ~w & kHighs) == 0) return 0;
    return zero_byte(w ^ (kOnes * ',')) | zero_byte(w ^ (kOnes * '"')) | zero_byte(w ^ (kOnes * '\r')) |
           zero_byte(w ^ (kOnes * '\n'));
}

// A growable byte buffer written through a raw pointer: std::string's append checks capacity
// and may call out for every piece, a cost a 20-cell row pays 20 times, and its resize fills
// new room with zeros first.
class Buffer {
public:
    // Room for `n` more bytes; write them at the pointer, then advance() by what was written.
    char* reserve(std::size_t n) {
        if (size_ + n > capacity_) {
            const std::size_t capacity = std::max({capacity_ * 2, size_ + n, std::size_t{64 * 1024}});
            auto bytes = std::make_unique_for_overwrite<char[]>(capacity);
            if (size_ > 0) std::memcpy(bytes.get(), bytes_.get(), size_);
            bytes_ = std::move(bytes);
            capacity_ = capacity;
        }
        return bytes_.get() + size_;
    }
    void advance(std::size_t n) noexcept { size_ += n; }
    std::size_t size() const noexcept { return size_; }
    std::string_view view() const noexcept { return {bytes_.get(), size_}; }
    void clear() noexcept { size_ = 0; }

private:
    std::unique_ptr<char[]> bytes_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

// Worst case of one cell in the file: every byte a doubled quote, the apostrophe, two quotes.
std::size_t cell_bound(std::string_view text) { return 2 * text.size() + 3; }

// Writes one cell at `out` (room for cell_bound(text) bytes) and returns its end. The common
// cell, which needs no quotes, is copied and checked in one pass, eight bytes at a time; a
// cell that needs quotes is then written again, quoted. Inlined into the row loop: a call per
// cell was a quarter of this function's cost.
[[gnu::always_inline]] inline char* write_cell(char* out, std::string_view text) {
    const bool neutralise = needs_neutralising(text);
    char* const start = out;
    if (neutralise) *out++ = '\'';
    const char* in = text.data();
    const std::size_t size = text.size();
    std::uint64_t special = 0;
    const auto word_at = [&](std::size_t at) {
        std::uint64_t word;
        std::memcpy(&word, in + at, 8);
        std::memcpy(out + at, &word, 8);
        special |= quote_byte(word);
    };
    if (size >= 8) {
        std::size_t at = 0;
        for (; at + 8 <= size; at += 8) word_at(at);
        // The last bytes as one word that overlaps the previous one: no loop per byte.
        if (at < size) word_at(size - 8);
    } else {
        for (std::size_t at = 0; at < size; ++at) {
            special |= kQuoteBytes[static_cast<unsigned char>(in[at])];
            out[at] = in[at];
        }
    }
    out += size;
    if (special == 0) return out;

    out = start;
    *out++ = '"';
    if (neutralise) *out++ = '\'';
    for (const char c : text) {
        if (c == '"') *out++ = '"';
        *out++ = c;
    }
    *out++ = '"';
    return out;
}

void append_cell(std::string& out, std::string_view text) {
    const std::size_t size = out.size();
    out.resize(size + cell_bound(text));
    char* end = write_cell(out.data() + size, text);
    out.resize(static_cast<std::size_t>(end - out.data()));
}

// One row: the cells, comma-separated, and CRLF.
void append_row(Buffer& buffer, const std::vector<RawCell>& cells) {
    std::size_t bound = 2;
    for (const auto& cell : cells) bound += cell_bound(cell.text) + 1;
    char* start = buffer.reserve(bound);
    char* out = start;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) *out++ = ',';
        out = write_cell(out, cells[i].text);
    }
    *out++ = '\r';
    *out++ = '\n';
    buffer.advance(static_cast<std::size_t>(out - start));
}

// The ranges of the period, handed out to two threads and written in order (see above).
class OrderedSlices {
public:
    OrderedSlices(AtomicFile& file, const RawTable& table, const CsvThreading& tuning,
                  std::vector<PeriodBounds> slices)
        : file_(file), table_(table), tuning_(tuning), slices_(std::move(slices)), held_(slices_.size()) {}

    // One thread's share; returns the rows it formatted. Rethrows nothing: a failure is kept
    // for rethrow_failure() and stops the other thread too.
    std::int64_t work(ReportInput& input, int reader) noexcept {
        std::int64_t rows = 0;
        struct Stopped {};  // the export failed elsewhere: leave the input's loop
        try {
            RawRow cells;
            Buffer buffer;
            while (true) {
                const std::size_t slice = claim();
                if (slice == kNone) break;
                input.for_each_entry(reader, slices_[slice], ReportInput::Need::Rows, [&](const EntryRow& row) {
                    table_.format(row, cells);
                    append_row(buffer, cells.cells());
                    ++rows;
                    if (buffer.size() >= tuning_.flush_bytes && flush_if_head(slice, buffer)) throw Stopped{};
                });
                if (finish(slice, buffer)) break;
            }
        } catch (const Stopped&) {
            return rows;
        } catch (...) {
            fail(std::current_exception());
        }
        return rows;
    }

    void rethrow_failure() const {
        if (error_) std::rethrow_exception(error_);
    }

private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    // The next range nobody has taken, once the ranges held in memory are few enough.
    std::size_t claim() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return failed_ || held_bytes_ <= tuning_.max_held_bytes; });
        if (failed_ || next_ == slices_.size()) return kNone;
        return next_++;
    }

    // Writes the buffer when `slice` is the earliest unwritten range; otherwise keeps it, or,
    // past max_held_bytes, waits until it is. True when the export has failed.
    bool flush_if_head(std::size_t slice, Buffer& buffer) {
        if (head_.load(std::memory_order_acquire) != slice) {
            if (buffer.size() < tuning_.max_held_bytes) return false;
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return failed_ || head_.load(std::memory_order_relaxed) == slice; });
            if (failed_) return true;
        }
        file_.write(buffer.view());
        buffer.clear();
        return false;
    }

    // The range is read. The earliest unwritten range's thread writes it and every finished
    // range after it; any other thread leaves its rows for that one. True when the export has
    // failed.
    bool finish(std::size_t slice, Buffer& buffer) {
        std::unique_lock lock(mutex_);
        if (failed_) return true;
        if (head_.load(std::memory_order_relaxed) != slice) {
            held_bytes_ += buffer.size();
            held_[slice] = std::move(buffer);
            buffer = Buffer();
            return false;
        }
        lock.unlock();
        // Only the thread of the earliest unwritten range writes, so no lock around the file.
        file_.write(buffer.view());
        buffer.clear();
        lock.lock();
        std::size_t next = slice + 1;
        while (next < held_.size() && held_[next]) {
            Buffer ready = std::move(*held_[next]);
            held_[next].reset();
            held_bytes_ -= ready.size();
            lock.unlock();
            file_.write(ready.view());
            ready = Buffer();  // gives the memory back now, not when the next range is held
            lock.lock();
            ++next;
        }
        head_.store(next, std::memory_order_release);
        changed_.notify_all();
        return false;
    }

    void fail(std::exception_ptr error) noexcept {
        const std::lock_guard lock(mutex_);
        if (!error_) error_ = std::move(error);
        failed_ = true;
        changed_.notify_all();
    }

    AtomicFile& file_;
    const RawTable& table_;
    const CsvThreading tuning_;
    const std::vector<PeriodBounds> slices_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t next_ = 0;                   // the next range to take
    std::atomic<std::size_t> head_{0};       // the earliest range not yet written
    std::vector<std::optional<Buffer>> held_;  // finished ranges waiting for their turn
    std::size_t held_bytes_ = 0;
    bool failed_ = false;
    std::exception_ptr error_;
};

}  // namespace

std::string csv_cell(std::string_view text) {
    std::string out;
    append_cell(out, text);
    return out;
}

std::int64_t export_csv(ReportInput& input, const Report& report, const std::filesystem::path& out) {
    return export_csv(input, report, out, CsvThreading());
}

std::int64_t export_csv(ReportInput& input, const Report& report, const std::filesystem::path& out,
                        const CsvThreading& threading) {
    AtomicFile file(out);
    const RawTable table(report.survey);
    {
        std::string header(kUtf8Bom);
        for (std::size_t i = 0; i < table.header().size(); ++i) {
            if (i > 0) header += ',';
            append_cell(header, table.header()[i]);
        }
        header += "\r\n";
        file.write(header);
    }

    std::int64_t rows = 0;
    if (input.readers() >= 2) {
        OrderedSlices slices(file, table, threading, split_period(report.period, std::max(threading.ranges, 1)));
        std::int64_t twin_rows = 0;
        std::thread worker([&] { twin_rows = slices.work(input, 1); });
        rows = slices.work(input, 0);
        worker.join();
        slices.rethrow_failure();
        rows += twin_rows;
    } else {
        RawRow cells;
        Buffer buffer;
        input.for_each_entry(0, period_bounds(report.period), ReportInput::Need::Rows, [&](const EntryRow& row) {
            table.format(row, cells);
            append_row(buffer, cells.cells());
            ++rows;
            if (buffer.size() >= threading.flush_bytes) {
                file.write(buffer.view());
                buffer.clear();
            }
        });
        file.write(buffer.view());
    }
    file.commit();
    return rows;
}

}  // namespace feedback::report
