// Checking the rows of a paper template or a kiosk export (see answer_checks.h).
//
// Speed (issue #9): the per-row work avoids allocating where it can — cells are views into one
// buffer, numbers and dates are read without copies unless they hold Thai digits — and a large
// chunk's rows are checked in two halves on two threads (read_rows).
#include "exchange/answer_checks.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <unordered_set>

#include "core/clock.h"
#include "core/period.h"
#include "core/thai_calendar.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "common/text.h"
#include "exchange/beside.h"

namespace feedback::exchange::detail {
namespace {

// ---- small text helpers ----

std::string_view trim(std::string_view s) { return common::trim(s, " \t\r\n"); }
std::string lower_ascii(std::string_view s) { return common::lower(s); }

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

    // A profile answer (issue 17): the option's id or its Thai or English label; empty = not
    // answered (ไม่ระบุ). Strict (the paper template): the option must be in the survey; a kiosk
    // export may carry an option id an older survey had.
    std::string profile_option(const std::string& question, std::size_t column, bool strict) {
        const std::string_view text = cell(column);
        if (text.empty()) return {};
        const auto* q = survey_.find_profile(question);
        if (q)
            for (const auto& o : q->options)
                if (text == o.id || same_label(text, o.label)) return o.id;
        if (!strict && core::is_valid_survey_id(text)) return std::string(text);
        std::string examples;
        if (q)
            for (const auto& o : q->options) examples += (examples.empty() ? "" : ", ") + o.label.th;
        problem(column, "ไม่รู้จักคำตอบนี้ ต้องเป็นตัวเลือกในแบบประเมิน (" + examples + ") หรือเว้นว่าง",
                "unknown answer; expected an option of the survey (" + examples + ") or an empty cell", text);
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

}  // namespace

bool blank(Row row) {
    for (std::size_t c = 0; c < row.size(); ++c)
        if (!trim(row[c]).empty()) return false;
    return true;
}


namespace {

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
        for (const auto& [id, column] : columns.profile)
            if (auto option = reader.profile_option(id, column, true); !option.empty()) e.profile[id] = std::move(option);
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
        for (const auto& [id, column] : columns.profile)
            if (auto option = reader.profile_option(id, column, false); !option.empty()) e.profile[id] = std::move(option);
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

}  // namespace

// The header row: which kind of file, where each known column is, and its problems (added to
// out.problems; none means the rows can be read).
Columns analyse_header(Row header, const core::Survey& survey, ParsedAnswers& out) {
    Columns columns;
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string key = column_key(header[c]);
        if (key.empty()) continue;
        if (key.rfind("dimension:", 0) == 0)
            columns.dimensions.emplace_back(key.substr(10), c);
        else if (key.rfind("profile:", 0) == 0)
            columns.profile.emplace_back(key.substr(8), c);
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
            if (key.empty() || key.rfind("dimension:", 0) == 0 || key.rfind("profile:", 0) == 0 || kKnown.count(key))
                continue;
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
    for (const auto& [id, column] : columns.profile) {
        const bool known = survey.find_profile(id) != nullptr;
        if (!known && (out.kind == CsvKind::PaperTemplate || !core::is_valid_survey_id(id)))
            header_problem(column, "ไม่มีคำถามข้อมูลทั่วไปข้อนี้ในแบบประเมิน ([[profile]])",
                           "the survey has no such profile question ([[profile]])");
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

}  // namespace feedback::exchange::detail
