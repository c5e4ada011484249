// Reading the paper template and the kiosk's CSV export (see paper_import.h for the choices).
//
// Shape: libcsv splits the bytes into records (all cells in one buffer, see Records); the header
// row decides which kind of file it is and where each known column is; then every row is checked
// cell by cell, collecting problems instead of stopping at the first, because a clerk would
// rather fix ten typos in one pass than import ten times.
//
// Speed (issue #9: 100,000 rows read, checked and committed in under 2 s): the per-row work
// avoids allocating where it can — cells are views into one buffer, numbers and dates are read
// without copies unless they hold Thai digits; a large file is hashed beside its CSV parse and
// its rows are checked in two halves on two threads (read_rows); writing puts many rows in each
// statement, all in one transaction (import_entries).
#include "exchange/paper_import.h"

#include <csv.h>
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <array>
#include <charconv>
#include <exception>
#include <iterator>
#include <map>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unordered_set>
#include <utility>

#include "core/clock.h"
#include "core/period.h"
#include "core/thai_calendar.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "store/statements.h"
#include "store/store.h"

namespace feedback::exchange {
namespace {

using Digest = std::array<unsigned char, crypto_hash_sha256_BYTES>;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// ---- CSV records (libcsv) ----

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

void on_field(void* text, std::size_t length, void* data) {
    auto* r = static_cast<Records*>(data);
    r->cells.push_back({r->text.size(), length});
    r->text.append(static_cast<const char*>(text), length);
}

void on_record(int, void* data) {
    auto* r = static_cast<Records*>(data);
    r->row_ends.push_back(r->cells.size());
}

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

// ---- small text helpers ----

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// English labels match whatever the case ("very satisfied"); without allocating, because every
// cell of a 100,000-row file is compared with every label of its list.
bool same_label(std::string_view cell, const core::LocalText& text) {
    if (cell == text.th) return true;
    if (cell.size() != text.en.size()) return false;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        char a = cell[i], b = text.en[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

// Paper is often filled in with Thai digits (๐–๙, U+0E50–0E59); numbers are read after this.
// Returns s itself when it holds none (almost every cell), else the converted copy in `out`.
std::string_view ascii_digits(std::string_view s, std::string& out) {
    if (s.find('\xE0') == std::string_view::npos) return s;  // every Thai character starts so
    out.clear();
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE0 &&
            static_cast<unsigned char>(s[i + 1]) == 0xB9 && static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
            static_cast<unsigned char>(s[i + 2]) <= 0x99) {
            out += static_cast<char>('0' + (static_cast<unsigned char>(s[i + 2]) - 0x90));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::optional<int> to_int(std::string_view s) {
    int value = 0;
    if (s.empty()) return std::nullopt;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

// The export neutralises cells a spreadsheet would run as formulas with a leading apostrophe
// (kiosk/report/csv_export.h); reading its files back undoes exactly that.
std::string_view unneutralise(std::string_view s) {
    if (s.size() >= 2 && s[0] == '\'' &&
        (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@' || s[1] == '\t' || s[1] == '\r'))
        s.remove_prefix(1);
    return s;
}

// A message quotes what it found, shortened on a UTF-8 boundary so one runaway cell (say, a
// broken quote that swallowed ten rows) cannot fill the screen.
std::string shorten(std::string_view s) {
    constexpr std::size_t kMax = 60;
    if (s.size() <= kMax) return std::string(s);
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return std::string(s.substr(0, cut)) + "…";
}

// "คะแนน (rating)" -> "rating"; a heading without parentheses is its own key.
std::string column_key(std::string_view heading) {
    heading = trim(heading);
    if (!heading.empty() && heading.back() == ')') {
        if (const auto open = heading.rfind('('); open != std::string_view::npos)
            return lower_ascii(trim(heading.substr(open + 1, heading.size() - open - 2)));
    }
    return lower_ascii(heading);
}

// Calls each(item) for every non-empty item of a ';' (or ',') separated list, in order.
template <class Each>
void for_each_item(std::string_view cell, bool comma_too, Each each) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= cell.size(); ++i) {
        if (i == cell.size() || cell[i] == ';' || (comma_too && cell[i] == ',')) {
            if (auto item = trim(cell.substr(start, i - start)); !item.empty()) each(item);
            start = i + 1;
        }
    }
}

Digest sha256(std::string_view bytes) {
    Digest d{};
    crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return d;
}

// The first 48 bits are the answer's time (as in UUID v7), the rest the hash: ids stay stable
// for a file, and a file's rows land at the end of the store's id index in time order instead
// of at random places — a random-order insert of 100,000 hashes costs several times more.
std::string row_id(const Digest& file_digest, std::size_t row, std::int64_t created_utc_ms) {
    std::array<unsigned char, crypto_hash_sha256_BYTES + 8> input{};
    std::copy(file_digest.begin(), file_digest.end(), input.begin());
    for (int i = 0; i < 8; ++i)
        input[file_digest.size() + static_cast<std::size_t>(i)] =
            static_cast<unsigned char>(static_cast<std::uint64_t>(row) >> (56 - 8 * i));
    Digest d{};
    crypto_hash_sha256(d.data(), input.data(), input.size());
    if (created_utc_ms > 0)
        for (int i = 0; i < 6; ++i)
            d[static_cast<std::size_t>(i)] =
                static_cast<unsigned char>(static_cast<std::uint64_t>(created_utc_ms) >> (40 - 8 * i));
    d[6] = static_cast<unsigned char>((d[6] & 0x0F) | 0x80);  // version 8: custom (RFC 9562 §5.8)
    d[8] = static_cast<unsigned char>((d[8] & 0x3F) | 0x80);  // RFC 9562 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += kHex[d[i] >> 4];
        out += kHex[d[i] & 0x0F];
    }
    return out;
}

// ---- the rows ----

class RowReader {
public:
    RowReader(const core::Survey& survey, Row header, ParsedAnswers& out)
        : survey_(survey), header_(header), out_(out) {}

    // Problems from here on belong to this row.
    void start(std::size_t row, Row cells) {
        row_ = row;
        cells_ = cells;
    }
    std::string_view cell(std::size_t column) const {
        return column < cells_.size() ? trim(cells_[column]) : std::string_view{};
    }
    void problem(std::optional<std::size_t> column, std::string th, std::string en, std::string_view got) {
        if (out_.problems.size() >= kMaxProblems) return;
        // What is quoted back is made valid UTF-8 first: the bytes may be the very problem.
        out_.problems.push_back({row_, column ? core::to_valid_utf8(trim(header_[*column])) : std::string(),
                                 std::move(th), std::move(en), core::to_valid_utf8(shorten(got))});
    }
    // A cell beyond the last heading is almost always an unquoted comma inside a cell (a list
    // of reasons, a comment) that split it in two; ignoring it would silently lose half.
    //
    // And every cell must be UTF-8 (issue 14): a file saved as "CSV" in a Thai Windows code page
    // (TIS-620) or with stray bytes would otherwise reach the reports and the collector.
    void check_width() {
        for (std::size_t c = 0; c < cells_.size() && c < header_.size(); ++c)
            if (!core::is_valid_utf8(cells_[c]))
                problem(c, "ข้อความไม่ใช่ UTF-8 ที่ถูกต้อง บันทึกไฟล์เป็นชนิด \"CSV UTF-8\" แล้วนำเข้าอีกครั้ง",
                        "not valid UTF-8 text; save the file as \"CSV UTF-8\" and import it again",
                        {});  // not quoted: the bytes say nothing readable, and may be a comment
        for (std::size_t c = header_.size(); c < cells_.size(); ++c) {
            if (!trim(cells_[c]).empty()) {
                problem(std::nullopt, "มีข้อมูลเกินคอลัมน์สุดท้าย (อาจมีจุลภาคในช่องที่ไม่ได้ครอบด้วยเครื่องหมายคำพูด)",
                        "more cells than headings (a comma inside a cell that is not in quotes?)",
                        cells_[c]);
                return;
            }
        }
    }

    std::optional<int> level(std::size_t column, bool required) {
        const std::string_view text = cell(column);
        if (text.empty()) {
            if (required)
                problem(column, "ต้องกรอกคะแนน 1–5 (5 = มากที่สุด)", "a score from 1 to 5 is required (5 = most satisfied)",
                        text);
            return std::nullopt;
        }
        std::string converted;
        if (const auto n = to_int(ascii_digits(text, converted)); n && *n >= core::kMinRating && *n <= core::kMaxRating)
            return n;
        for (const auto& l : survey_.levels)
            if (same_label(text, l.label)) return l.value;
        problem(column, "ต้องเป็นตัวเลข 1–5 หรือระดับ เช่น \"" + survey_.levels[1].label.th + "\"",
                "expected 1 to 5 or a level such as \"" + survey_.levels[1].label.en + "\"", text);
        return std::nullopt;
    }

    // strict: the id or label must be in the survey; otherwise a well-formed id from another
    // survey version is kept (an export may predate the current survey).
    std::string service_point(std::size_t column, bool required, bool strict) {
        const std::string_view text = cell(column);
        if (text.empty()) {
            if (required)
                problem(column, "ต้องระบุจุดบริการ (รหัสหรือชื่อ เช่น " + example_service_point() + ")",
                        "a service point is required (id or name, e.g. " + example_service_point() + ")", text);
            return {};
        }
        for (const auto& sp : survey_.service_points)
            if (text == sp.id || same_label(text, sp.name)) return sp.id;
        if (!strict && core::is_valid_survey_id(text)) return std::string(text);
        problem(column, "ไม่รู้จักจุดบริการนี้ ต้องเป็นรหัสหรือชื่อในแบบประเมิน เช่น " + example_service_point(),
                "unknown service point; expected an id or name from the survey, e.g. " + example_service_point(),
                text);
        return {};
    }

    std::vector<std::string> reasons(std::size_t column, bool comma_too, bool strict) {
        std::vector<std::string> ids;
        for_each_item(cell(column), comma_too, [&](std::string_view item) {
            std::string id;
            for (const auto& r : survey_.reasons)
                if (item == r.id || same_label(item, r.label)) id = r.id;
            if (id.empty() && !strict && core::is_valid_survey_id(item)) id = item;
            if (id.empty()) {
                problem(column, "ไม่รู้จักเหตุผลนี้ ต้องเป็นรหัสหรือข้อความในแบบประเมิน คั่นด้วย ; หรือ ,",
                        "unknown reason; expected ids or labels from the survey separated by ; or ,", item);
                return;
            }
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
        });
        return ids;
    }

    std::string comment(std::size_t column, bool neutralised) {
        std::string_view text = cell(column);
        if (neutralised) text = unneutralise(text);
        if (text.size() > core::kMaxCommentBytes)
            problem(column, "ความคิดเห็นยาวเกิน " + std::to_string(core::kMaxCommentBytes) + " ไบต์",
                    "comment longer than " + std::to_string(core::kMaxCommentBytes) + " bytes", text);
        return std::string(text);
    }

private:
    std::string example_service_point() const {
        return survey_.service_points.empty() ? std::string("-") : survey_.service_points.front().name.th;
    }

    const core::Survey& survey_;
    Row header_;
    ParsedAnswers& out_;
    std::size_t row_ = 0;
    Row cells_;
};

struct Columns {
    std::map<std::string, std::size_t> by_key;
    std::vector<std::pair<std::string, std::size_t>> dimensions;  // dimension id -> column
    std::optional<std::size_t> find(const std::string& key) const {
        const auto it = by_key.find(key);
        return it == by_key.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }
};

bool blank(Row row) {
    for (std::size_t c = 0; c < row.size(); ++c)
        if (!trim(row[c]).empty()) return false;
    return true;
}

// dd/mm/yyyy (B.E. or C.E.; '/', '-' or '.' between) or yyyy-mm-dd. Years above 2400 are B.E.
std::optional<core::CivilDate> parse_date(std::string_view text) {
    std::string converted;
    const std::string_view s = ascii_digits(text, converted);
    std::array<std::string_view, 3> parts;
    std::size_t count = 0, start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '/' || s[i] == '-' || s[i] == '.') {
            if (count == parts.size()) return std::nullopt;  // more than three parts
            parts[count++] = s.substr(start, i - start);
            start = i + 1;
        }
    }
    if (count != parts.size()) return std::nullopt;
    core::CivilDate d;
    std::optional<int> y, m, day;
    if (parts[0].size() == 4) {
        y = to_int(parts[0]), m = to_int(parts[1]), day = to_int(parts[2]);
    } else if (parts[2].size() == 4 && parts[0].size() <= 2 && parts[1].size() <= 2) {
        day = to_int(parts[0]), m = to_int(parts[1]), y = to_int(parts[2]);
    }
    if (!y || !m || !day) return std::nullopt;
    d.year = *y > 2400 ? core::to_common_year(*y) : *y;
    d.month = *m;
    d.day = *day;
    if (!core::is_valid(d)) return std::nullopt;
    return d;
}

// HH:MM or HH:MM:SS (':' or '.'); seconds of the day.
std::optional<int> parse_time(std::string_view text) {
    std::string converted;
    const std::string_view s = ascii_digits(text, converted);
    std::array<int, 3> parts{};
    std::size_t count = 0, start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == ':' || s[i] == '.') {
            const auto piece = s.substr(start, i - start);
            const auto n = to_int(piece);
            if (!n || piece.size() > 2 || (count > 0 && piece.size() != 2)) return std::nullopt;
            if (count == parts.size()) return std::nullopt;  // more than three parts
            parts[count++] = *n;
            start = i + 1;
        }
    }
    if (count < 2) return std::nullopt;
    const int seconds = count == 3 ? parts[2] : 0;
    if (parts[0] > 23 || parts[1] > 59 || seconds > 59) return std::nullopt;
    return parts[0] * 3600 + parts[1] * 60 + seconds;
}

// Records [first, last) of a template file (records[0] is the header); record i is spreadsheet
// row row_offset + i + 1 (row_offset: data records before this chunk, when streaming).
void read_template(const Records& rows, std::size_t first, std::size_t last, std::size_t row_offset,
                   const Columns& columns, const core::Survey& survey, const ImportDefaults& defaults,
                   const Digest& file_digest, std::int64_t latest, ParsedAnswers& out) {
    RowReader reader(survey, rows[0], out);
    const auto date_col = *columns.find("date");
    const auto rating_col = *columns.find("rating");
    const auto time_col = columns.find("time");
    const auto service_col = columns.find("service_point");
    const auto reasons_col = columns.find("reasons");
    const auto comment_col = columns.find("comment");

    for (std::size_t i = first; i < last; ++i) {
        if (blank(rows[i])) continue;
        ++out.rows;
        const std::size_t row = row_offset + i + 1;
        reader.start(row, rows[i]);
        reader.check_width();

        // The id is made once the date is known: without a date the row is refused anyway.
        core::Entry e;
        e.kind = core::EntryKind::Rating;
        e.state = core::SessionState::Closed;
        e.channel = "paper";
        e.device_id = defaults.device_id;
        e.survey_version = defaults.survey_version;
        e.utc_offset_min = core::kOfficeOffsetMin;
        e.language = "th";

        const auto date_text = reader.cell(date_col);
        const auto date = parse_date(date_text);
        int seconds = 12 * 3600;  // paper rarely says when: midday keeps it inside the right day
        if (time_col && !reader.cell(*time_col).empty()) {
            if (const auto t = parse_time(reader.cell(*time_col)))
                seconds = *t;
            else
                reader.problem(time_col, "ต้องเป็นเวลา ชช:นน เช่น 09:30 หรือเว้นว่าง",
                               "expected a time HH:MM such as 09:30, or nothing", reader.cell(*time_col));
        }
        if (!date) {
            reader.problem(date_col,
                           date_text.empty() ? "ต้องกรอกวันที่ เช่น 15/01/2569" : "ไม่ใช่วันที่ที่มีอยู่จริง ต้องเป็น วว/ดด/ปปปป (พ.ศ. หรือ ค.ศ.) หรือ ปปปป-ดด-วว เช่น 15/01/2569",
                           date_text.empty() ? "a date is required, e.g. 15/01/2569"
                                             : "not a real date; expected dd/mm/yyyy (B.E. or C.E.) or yyyy-mm-dd, e.g. 15/01/2569",
                           date_text);
        } else {
            e.created_utc_ms = core::local_midnight_utc_ms(*date, core::kOfficeOffsetMin) + seconds * 1000LL;
            e.id = row_id(file_digest, row, e.created_utc_ms);
            if (date->year < 2000 || e.created_utc_ms > latest)
                reader.problem(date_col, "วันที่อยู่นอกช่วงที่เป็นไปได้ (ก่อน พ.ศ. 2543 หรือในอนาคต) ตรวจปี พ.ศ./ค.ศ.",
                               "date out of range (before 2000 or in the future); check the B.E./C.E. year",
                               date_text);
        }
        e.rating = reader.level(rating_col, true);
        if (service_col) e.service_point = reader.service_point(*service_col, !survey.service_points.empty(), true);
        for (const auto& [id, column] : columns.dimensions)
            if (const auto level = reader.level(column, false)) e.dimensions[id] = *level;
        if (reasons_col) e.reasons = reader.reasons(*reasons_col, true, true);
        if (comment_col) e.comment = reader.comment(*comment_col, false);
        // Once any row has a problem no entry is returned (all or nothing), so none is kept.
        if (out.problems.empty()) out.entries.push_back(std::move(e));
    }
}

// Records [first, last) of a kiosk export (records[0] is the header); rows numbered as in
// read_template.
void read_export(const Records& rows, std::size_t first, std::size_t last, std::size_t row_offset,
                 const Columns& columns, const core::Survey& survey, const ImportDefaults& defaults,
                 ParsedAnswers& out) {
    RowReader reader(survey, rows[0], out);
    const auto id_col = *columns.find("id");
    const auto created_col = *columns.find("created_utc");
    const auto kind_col = *columns.find("kind");
    const auto rating_col = *columns.find("rating");
    const auto channel_col = columns.find("channel");
    const auto device_col = columns.find("device_id");
    const auto service_col = columns.find("service_point");
    const auto other_col = columns.find("other_dimensions");
    const auto reasons_col = columns.find("reasons");
    const auto comment_col = columns.find("comment");
    const auto language_col = columns.find("language");
    const auto misuse_col = columns.find("misuse");

    for (std::size_t i = first; i < last; ++i) {
        if (blank(rows[i])) continue;
        ++out.rows;
        const std::size_t row = row_offset + i + 1;
        reader.start(row, rows[i]);
        reader.check_width();

        const auto kind = reader.cell(kind_col);
        if (kind == "complaint") {
            ++out.complaint_rows;
            continue;
        }
        if (kind != "rating") {
            reader.problem(kind_col, "ต้องเป็น rating หรือ complaint", "expected rating or complaint", kind);
            continue;
        }
        core::Entry e;
        e.kind = core::EntryKind::Rating;
        e.state = core::SessionState::Closed;
        e.utc_offset_min = core::kOfficeOffsetMin;
        e.survey_version = defaults.survey_version;
        e.id = std::string(reader.cell(id_col));
        if (!core::looks_like_uuid(e.id))
            reader.problem(id_col, "ต้องเป็นรหัสรายการแบบ UUID", "expected an entry id (UUID)", e.id);
        const auto created = core::parse_iso_utc(reader.cell(created_col));
        if (!created)
            reader.problem(created_col, "ต้องเป็นเวลา UTC แบบ ISO 8601 เช่น 2026-01-15T02:30:00.000Z",
                           "expected an ISO 8601 UTC time such as 2026-01-15T02:30:00.000Z", reader.cell(created_col));
        e.created_utc_ms = created.value_or(0);
        e.channel = channel_col && !reader.cell(*channel_col).empty() ? std::string(reader.cell(*channel_col)) : "kiosk";
        if (!core::is_valid_survey_id(e.channel))
            reader.problem(channel_col, "ต้องเป็นชื่อช่องทาง เช่น kiosk หรือ paper", "expected a channel such as kiosk or paper",
                           e.channel);
        e.device_id = device_col ? std::string(unneutralise(reader.cell(*device_col))) : std::string();
        if (e.device_id.empty()) e.device_id = defaults.device_id;
        e.rating = reader.level(rating_col, true);
        if (service_col) e.service_point = reader.service_point(*service_col, false, false);
        for (const auto& [id, column] : columns.dimensions)
            if (const auto level = reader.level(column, false)) e.dimensions[id] = *level;
        if (other_col) {
            for_each_item(reader.cell(*other_col), false, [&](std::string_view item) {
                const auto eq = item.find('=');
                const auto id = trim(item.substr(0, eq));
                // A plain int: GCC 12 sees an optional's value as maybe-uninitialized here.
                const int level = eq == std::string_view::npos ? 0 : to_int(trim(item.substr(eq + 1))).value_or(0);
                if (!core::is_valid_survey_id(id) || level < 1 || level > 5)
                    reader.problem(other_col, "ต้องเป็น รหัส=ระดับ คั่นด้วย ; เช่น staff=5", "expected id=level items separated by ;, e.g. staff=5",
                                   item);
                else
                    e.dimensions[std::string(id)] = level;
            });
        }
        if (reasons_col) e.reasons = reader.reasons(*reasons_col, false, false);
        if (comment_col) e.comment = reader.comment(*comment_col, true);
        if (language_col && !reader.cell(*language_col).empty()) {
            e.language = std::string(reader.cell(*language_col));
            if (e.language != "th" && e.language != "en")
                reader.problem(language_col, "ต้องเป็น th หรือ en", "expected th or en", e.language);
        }
        if (misuse_col && !reader.cell(*misuse_col).empty()) {
            const auto m = reader.cell(*misuse_col);
            if (m != "0" && m != "1") reader.problem(misuse_col, "ต้องเป็น 0 หรือ 1", "expected 0 or 1", m);
            e.misuse = m == "1";
        }
        // Once any row has a problem no entry is returned (all or nothing), so none is kept.
        if (out.problems.empty()) out.entries.push_back(std::move(e));
    }
}

// ---- two threads ----

// Work on a second thread beside the caller's: joined however the caller's scope is left, its
// exception rethrown by wait(). Where no thread can be started, it runs on the spot instead.
class Beside {
public:
    template <class Work>
    explicit Beside(Work work) {
        auto guarded = [this, work]() mutable {
            try {
                work();
            } catch (...) {
                error_ = std::current_exception();
            }
        };
        try {
            thread_ = std::thread(guarded);
        } catch (const std::system_error&) {
            guarded();
        }
    }
    ~Beside() {
        if (thread_.joinable()) thread_.join();
    }
    Beside(const Beside&) = delete;
    Beside& operator=(const Beside&) = delete;
    void wait() {
        if (thread_.joinable()) thread_.join();
        if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    }

private:
    std::thread thread_;
    std::exception_ptr error_;
};

// Data records [1, count) through read(first, last, part). A large file is read in two halves
// on two threads, like the report's scan; the halves merge into exactly what one pass gives:
// problems in row order, at most kMaxProblems, and entries only when there are none.
template <class Read>
void read_rows(std::size_t count, ParsedAnswers& out, Read read) {
    constexpr std::size_t kSplitFrom = 2000;  // below this a thread costs more than it saves
    if (count < kSplitFrom) {
        read(1, count, out);
        return;
    }
    const std::size_t middle = (count + 1) / 2;
    ParsedAnswers later;
    later.entries.reserve(count - middle);
    {
        Beside second_half([&] { read(middle, count, later); });
        read(1, middle, out);
        second_half.wait();
    }
    out.rows += later.rows;
    out.complaint_rows += later.complaint_rows;
    for (auto& problem : later.problems) {
        if (out.problems.size() >= kMaxProblems) break;
        out.problems.push_back(std::move(problem));
    }
    if (out.problems.empty())
        out.entries.insert(out.entries.end(), std::make_move_iterator(later.entries.begin()),
                           std::make_move_iterator(later.entries.end()));
}

// ---- writing ----

// Rows per INSERT. A statement per row costs SQLite its set-up, statement journal and teardown
// every time, a fifth of the work; past a few dozen rows per statement little is left to gain
// (callgrind, 10,000 rows: 1 row per statement 445 M instructions, 16 rows 352 M, 64 rows 340 M).
constexpr std::size_t kRowsPerInsert = 32;

struct InsertSql {
    std::string text;
    std::size_t rows = 0;
    std::size_t columns = 0;  // parameters per row
};

// store::sql::kInsertEntry for several entries at once, leaving out any whose id is already
// there: "INSERT INTO entries (…) VALUES (?1, …, ?17), (?18, …, ?34), … ON CONFLICT (id) DO
// NOTHING". Made from kInsertEntry itself, so a column added there is imported too, and bound by
// the store's own bind_new_entry. Fewer rows when SQLite allows fewer parameters.
InsertSql insert_entries_sql(store::Database& db, std::size_t rows) {
    const std::string_view single = store::sql::kInsertEntry;
    const std::size_t values = single.rfind(" VALUES (");
    const std::string_view head = single.substr(0, values + 8), group = single.substr(values + 8);
    InsertSql out;
    out.columns = static_cast<std::size_t>(std::count(group.begin(), group.end(), '?'));
    if (values == std::string_view::npos || out.columns == 0)
        throw std::logic_error("sql::kInsertEntry is not INSERT … VALUES (?1, …)");
    const auto limit = static_cast<std::size_t>(sqlite3_limit(db.handle(), SQLITE_LIMIT_VARIABLE_NUMBER, -1));
    out.rows = std::max<std::size_t>(1, std::min(rows, limit / out.columns));
    out.text = head;
    for (std::size_t row = 0; row < out.rows; ++row) {
        if (row > 0) out.text += ", ";
        for (std::size_t i = 0; i < group.size(); ++i) {
            out.text += group[i];
            if (group[i] != '?') continue;
            std::size_t end = i + 1, number = 0;
            while (end < group.size() && group[end] >= '0' && group[end] <= '9')
                number = number * 10 + static_cast<std::size_t>(group[end++] - '0');
            if (end == i + 1) continue;  // a bare "?" numbers itself in order
            out.text += std::to_string(number + row * out.columns);
            i = end - 1;
        }
    }
    out.text += " ON CONFLICT (id) DO NOTHING";
    return out;
}


// The header row: which kind of file, where each known column is, and its problems (added to
// out.problems; none means the rows can be read).
Columns analyse_header(Row header, const core::Survey& survey, ParsedAnswers& out) {
    Columns columns;
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string key = column_key(header[c]);
        if (key.empty()) continue;
        if (key.rfind("dimension:", 0) == 0)
            columns.dimensions.emplace_back(key.substr(10), c);
        else
            columns.by_key.emplace(key, c);
    }
    out.kind = columns.find("id") && columns.find("created_utc") ? CsvKind::KioskExport : CsvKind::PaperTemplate;

    auto header_problem = [&](std::optional<std::size_t> c, std::string th, std::string en) {
        out.problems.push_back({1, c ? core::to_valid_utf8(trim(header[*c])) : std::string(), std::move(th), std::move(en), ""});
    };
    for (std::size_t c = 0; c < header.size(); ++c)
        if (!core::is_valid_utf8(header[c]))
            header_problem(c, "หัวตารางไม่ใช่ UTF-8 ที่ถูกต้อง บันทึกไฟล์เป็นชนิด \"CSV UTF-8\"",
                           "the heading is not valid UTF-8; save the file as \"CSV UTF-8\"");
    if (out.kind == CsvKind::PaperTemplate) {
        static const std::unordered_set<std::string> kKnown = {"date", "time", "service_point", "rating", "reasons",
                                                                "comment"};
        for (std::size_t c = 0; c < header.size(); ++c) {
            const std::string key = column_key(header[c]);
            if (key.empty() || key.rfind("dimension:", 0) == 0 || kKnown.count(key)) continue;
            header_problem(c, "ไม่รู้จักคอลัมน์นี้ ใช้หัวตารางจากไฟล์แม่แบบ",
                           "unknown column; use the headings of the template");
        }
        for (const char* required : {"date", "rating"})
            if (!columns.find(required))
                header_problem(std::nullopt, std::string("ไม่มีคอลัมน์ (") + required + ") ใช้หัวตารางจากไฟล์แม่แบบ",
                               std::string("no (") + required + ") column; use the headings of the template");
        if (!survey.service_points.empty() && !columns.find("service_point"))
            header_problem(std::nullopt, "ไม่มีคอลัมน์ (service_point)", "no (service_point) column");
    } else {
        for (const char* required : {"kind", "rating"})
            if (!columns.find(required))
                header_problem(std::nullopt, std::string("ไฟล์ส่งออกไม่มีคอลัมน์ (") + required + ")",
                               std::string("the export has no (") + required + ") column");
    }
    for (const auto& [id, column] : columns.dimensions) {
        const bool known = survey.find_dimension(id) != nullptr;
        if (!known && (out.kind == CsvKind::PaperTemplate || !core::is_valid_survey_id(id)))
            header_problem(column, "ไม่มีคำถามด้านนี้ในแบบประเมิน", "the survey has no such dimension question");
    }
    return columns;
}

// Reads data records [1, records.size()) of one chunk into `out` (two threads for a large one).
void read_chunk(const Records& records, std::size_t row_offset, const Columns& columns, const core::Survey& survey,
                const ImportDefaults& defaults, const Digest& digest, std::int64_t latest, ParsedAnswers& out) {
    out.entries.reserve(out.entries.size() + records.size() - 1);
    if (out.kind == CsvKind::PaperTemplate) {
        read_rows(records.size(), out, [&](std::size_t first, std::size_t last, ParsedAnswers& part) {
            read_template(records, first, last, row_offset, columns, survey, defaults, digest, latest, part);
        });
    } else {
        read_rows(records.size(), out, [&](std::size_t first, std::size_t last, ParsedAnswers& part) {
            read_export(records, first, last, row_offset, columns, survey, defaults, part);
        });
    }
}

ImportProblem broken_quote_problem(std::size_t row) {
    return {row, "", "เครื่องหมายคำพูด (\") ไม่ครบคู่หรือวางผิดที่ ตรวจแถวนี้ในโปรแกรมตารางคำนวณ",
            "unbalanced or misplaced quote (\"); check this row in the spreadsheet", ""};
}

ImportProblem no_header_problem() {
    return {1, "", "ไม่มีแถวหัวตาราง ใช้ไฟล์แม่แบบ assets/paper-answers-template.csv",
            "no header row; start from assets/paper-answers-template.csv", ""};
}

}  // namespace

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

namespace {

// Writes checked entries in one transaction, a chunk at a time (import_entries gives it all of
// them at once; import_csv_file a chunk of rows as it reads them). Nothing is written unless
// finish() is reached: the transaction rolls back when the writer is destroyed without it.
class EntryWriter {
public:
    EntryWriter(store::Store& store, bool dry_run, bool large) : db_(store.database()), dry_run_(dry_run) {
        if (dry_run_) {
            exists_.emplace(db_, "SELECT 1 FROM entries WHERE id = ?1");
            return;
        }
        // All dirty pages of the one transaction stay in memory until its commit writes them
        // once; with SQLite's default 2 MB page cache a 100,000-row file would spill them to the
        // log inside the transaction. Set back after, so the kiosk does not keep 128 MiB.
        cache_before_ = db_.query_int("PRAGMA cache_size");
        if (large) db_.exec("PRAGMA cache_size = -131072");  // 128 MiB, freed after
        restore_cache_ = true;
        // BEGIN IMMEDIATE: from here nothing else writes to the file until the commit, so the
        // rows this import adds are exactly those after the largest seq now (see
        // kQueueEntriesAfter), and "already there" means the same thing for every row. One
        // commit: all rows or none.
        tx_.emplace(db_);
        last_seq_ = db_.query_int("SELECT coalesce(max(seq), 0) FROM entries");
        many_ = insert_entries_sql(db_, kRowsPerInsert);
        insert_many_.emplace(db_, many_.text);
        insert_one_.emplace(db_, insert_entries_sql(db_, 1).text);
        std::string probe_sql = "SELECT count(*) FROM entries WHERE id IN (";
        for (std::size_t k = 1; k <= many_.rows; ++k) probe_sql += (k > 1 ? ", ?" : "?") + std::to_string(k);
        probe_.emplace(db_, probe_sql + ")");
        waiting_.reserve(many_.rows);
    }
    ~EntryWriter() {
        // Statements first, then the transaction (rolled back unless committed), then the cache.
        probe_.reset();
        insert_one_.reset();
        insert_many_.reset();
        exists_.reset();
        tx_.reset();
        if (restore_cache_) {
            const std::string sql = "PRAGMA cache_size = " + std::to_string(cache_before_);
            sqlite3_exec(db_.handle(), sql.c_str(), nullptr, nullptr, nullptr);
        }
    }
    EntryWriter(const EntryWriter&) = delete;
    EntryWriter& operator=(const EntryWriter&) = delete;

    void add(const std::vector<core::Entry>& entries) {
        offered_ += entries.size();
        if (dry_run_) {
            count(entries);
            return;
        }
        // In id order (time-first ids, see row_id), each index grows at its end. Equal ids (a
        // row repeated in an export) keep their file order, so the first copy is the one
        // imported. Each id's text is viewed from beside its pointer, so a comparison reads the
        // text alone rather than the entry and then its text.
        struct ById {
            std::string_view id;
            const core::Entry* entry;
        };
        std::vector<ById> ordered;
        ordered.reserve(entries.size());
        for (const auto& entry : entries) ordered.push_back({entry.id, &entry});
        std::sort(ordered.begin(), ordered.end(), [](const ById& a, const ById& b) {
            const int order = a.id.compare(b.id);
            return order < 0 || (order == 0 && a.entry < b.entry);
        });
        for (const ById& next : ordered) {
            const core::Entry* entry = next.entry;
            if (!core::validate(*entry).empty()) {
                // The store refuses an invalid entry (std::invalid_argument, nothing written), but
                // one whose id is already there was never offered to it: it is counted as
                // present, like any other. "There" includes the rows waiting for the batch, so
                // they go first.
                insert_waiting_one_by_one();
                store::Statement exists(db_, "SELECT 1 FROM entries WHERE id = ?1");
                if (exists.bind_all(entry->id).step()) continue;
                store::bind_new_entry(*insert_one_, *entry, now_, 1);  // throws
            }
            waiting_.push_back(entry);
            if (waiting_.size() == many_.rows) insert_waiting();
        }
        // The entries of this chunk are freed by the caller after add(): nothing may wait.
        insert_waiting_one_by_one();
    }

    ImportResult finish() {
        ImportResult result;
        if (dry_run_) {
            result.imported = new_ids_;
            result.already_present = offered_ - new_ids_;
            return result;
        }
        store::Statement queue(db_, store::sql::kQueueEntriesAfter);
        queue.bind_all(last_seq_, now_).run();
        if (static_cast<std::size_t>(sqlite3_changes(db_.handle())) != inserted_)
            throw store::StoreError(SQLITE_INTERNAL, "database " + db_.path() + ": import: the new entries are not the " +
                                                         "ones after seq " + std::to_string(last_seq_) +
                                                         "; nothing imported");
        tx_->commit();
        result.imported = inserted_;
        result.already_present = offered_ - inserted_;
        return result;
    }

private:
    // --dry-run: the same counts without writing (nor taking the write lock). Ids seen earlier
    // in the file are remembered, as the database would remember the inserted ones.
    void count(const std::vector<core::Entry>& entries) {
        for (const auto& entry : entries) {
            const bool present = exists_->bind_all(entry.id).step();
            exists_->reset();
            if (!present && seen_.insert(entry.id).second) ++new_ids_;
        }
    }

    void run(store::Statement& insert) {
        insert.run();
        inserted_ += static_cast<std::size_t>(sqlite3_changes(db_.handle()));  // 0 for an id already there
    }
    void insert_waiting_one_by_one() {
        for (const core::Entry* entry : waiting_) {
            store::bind_new_entry(*insert_one_, *entry, now_, 1);
            run(*insert_one_);
        }
        waiting_.clear();
    }
    // A file imported before (all of it, or its first part) inserts nothing, yet each row would
    // still be encoded and checked by SQLite before its id conflicts. So after a batch that
    // inserted nothing the next one is looked up first — one query for its ids — and skipped
    // when all are there; a fresh file never pays for the look-up.
    void insert_waiting() {
        if (look_up_first_) {
            for (std::size_t k = 0; k < waiting_.size(); ++k)
                probe_->bind(static_cast<int>(k) + 1, store::BorrowedText{waiting_[k]->id});
            probe_->step();
            const bool all_there = static_cast<std::size_t>(probe_->int64(0)) == waiting_.size();
            probe_->reset();
            if (all_there) {  // (ids repeated within the batch count once, so never "all there")
                waiting_.clear();
                return;
            }
        }
        for (std::size_t k = 0; k < waiting_.size(); ++k)
            store::bind_new_entry(*insert_many_, *waiting_[k], now_, static_cast<int>(k * many_.columns) + 1);
        const std::size_t before = inserted_;
        run(*insert_many_);
        look_up_first_ = inserted_ == before;
        waiting_.clear();
    }

    store::Database& db_;
    bool dry_run_;
    std::int64_t cache_before_ = 0;
    bool restore_cache_ = false;
    const std::string now_ = core::format_iso_utc(core::now_utc_ms());
    std::optional<store::Transaction> tx_;
    std::int64_t last_seq_ = 0;
    InsertSql many_;
    std::optional<store::Statement> insert_many_, insert_one_, probe_, exists_;
    std::vector<const core::Entry*> waiting_;
    bool look_up_first_ = false;
    std::size_t inserted_ = 0, offered_ = 0, new_ids_ = 0;
    std::unordered_set<std::string> seen_;
};

// Rows read, checked and written per chunk when streaming a file: large enough that the two
// threads and the multi-row INSERTs work as on a whole file, small enough that memory stays a
// few tens of MB however long the file is.
constexpr std::size_t kChunkRows = 50'000;
constexpr std::size_t kReadBytes = 1 << 20;

// Opens `path` for reading; throws std::system_error naming it.
struct InputFile {
    explicit InputFile(const std::filesystem::path& path) : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot read " + path.string());
    }
    ~InputFile() { ::close(fd); }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    // Up to `size` bytes; 0 at the end. Throws std::system_error.
    std::size_t read(char* buffer, std::size_t size, const std::filesystem::path& path) {
        for (;;) {
            const ssize_t n = ::read(fd, buffer, size);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "cannot read " + path.string());
        }
    }
    int fd;
};

Digest sha256_of_file(const std::filesystem::path& path) {
    InputFile in(path);
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::vector<char> buffer(kReadBytes);
    while (const std::size_t n = in.read(buffer.data(), buffer.size(), path))
        crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()), n);
    Digest d{};
    crypto_hash_sha256_final(&state, d.data());
    return d;
}

// Keeps the header (record 0) and the cells of the record still being read; drops the rest.
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

}  // namespace

ImportResult import_entries(store::Store& store, const std::vector<core::Entry>& entries, bool dry_run) {
    if (entries.empty()) return {};
    EntryWriter writer(store, dry_run, entries.size() > 1000);
    writer.add(entries);
    return writer.finish();
}

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
