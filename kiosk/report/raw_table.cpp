// Formatting one entry as a raw-data row (see raw_table.h for the column choices).
#include "report/raw_table.h"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>

#include "core/period.h"
#include "core/thai_calendar.h"
#include "core/utf8.h"
#include "report/report.h"

namespace feedback::report {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
// Excel's serial day 0 is 1899-12-30; the Unix epoch is day 25569.
constexpr std::int64_t kExcelEpochOffset = 25'569;

enum Column : std::size_t {
    kId,
    kCreatedUtc,
    kLocalDate,
    kLocalTime,
    kKind,
    kChannel,
    kDevice,
    kServicePoint,
    kRating,
    kFirstDimension,  // one per survey dimension, then "other dimensions"
};

void set_text(RawCell& cell, std::string_view text) {
    cell.kind = text.empty() ? RawCell::Kind::Empty : RawCell::Kind::Text;
    cell.text = text;
}

void set_integer(RawCell& cell, std::array<char, 24>& digits, long long value) {
    cell.kind = RawCell::Kind::Integer;
    cell.number = static_cast<double>(value);
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
    cell.text = std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

void two_digits(char* out, int value) {
    out[0] = static_cast<char>('0' + value / 10);
    out[1] = static_cast<char>('0' + value % 10);
}

}  // namespace

RawTable::RawTable(const core::Survey& survey) : survey_(survey) {
    header_ = {"รหัสรายการ (id)",          "เวลาบันทึก UTC (created_utc)",
               "วันที่ (local_date)",       "เวลา (local_time)",
               "ประเภท (kind)",            "ช่องทาง (channel)",
               "เครื่อง (device_id)",       "จุดบริการ (service_point)",
               "คะแนนความพึงพอใจ (rating)"};
    for (const auto& q : survey.dimensions) header_.push_back(q.text.th + " (dimension:" + q.id + ")");
    for (const char* name : {"ด้านอื่น (other_dimensions)", "เหตุผล (reasons)", "ความคิดเห็น (comment)",
                             "ภาษา (language)", "กดซ้ำ ไม่นับในรายงาน (misuse)", "สถานะ (session_state)",
                             "ประเภทเรื่องร้องเรียน (complaint_category)",
                             "เลขที่อ้างอิง (complaint_reference)",
                             "เรื่องอ่อนไหว (complaint_sensitive)",
                             "รายละเอียดเรื่องร้องเรียน (complaint_description)"})
        header_.emplace_back(name);
    // The respondent profile (issue 17), after every older column (columns are only added), one
    // per survey [[profile]] question: the option's Thai label, which `import` reads back.
    for (const auto& q : survey.profile) header_.push_back(q.text.th + " (profile:" + q.id + ")");
}

void RawTable::format(const EntryRow& row, RawRow& out) const {
    auto& cells = out.cells_;
    cells.resize(columns());
    out.digits_.resize(columns());
    const auto integer = [&out](std::size_t column, long long value) {
        set_integer(out.cells_[column], out.digits_[column], value);
    };
    set_text(cells[kId], row.id);
    set_text(cells[kCreatedUtc], row.created_utc);

    const std::int64_t local_ms = row.created_utc_ms + core::kOfficeOffsetMin * 60'000LL;
    const std::int64_t day = local_ms >= 0 ? local_ms / kMsPerDay : -((-local_ms - 1) / kMsPerDay) - 1;
    const std::int64_t in_day = local_ms - day * kMsPerDay;
    if (!out.date_cached_ || out.date_day_ != day) {
        out.date_ = core::format_iso_date(core::civil_from_days(day));
        out.date_day_ = day;
        out.date_cached_ = true;
    }
    RawCell& date = cells[kLocalDate];
    date.kind = RawCell::Kind::Date;
    date.number = static_cast<double>(day + kExcelEpochOffset);
    date.text = out.date_;
    RawCell& time = cells[kLocalTime];
    time.kind = RawCell::Kind::Time;
    time.number = static_cast<double>(in_day / 1000) / 86'400.0;  // whole seconds, as printed
    char* hms = out.time_.data();
    two_digits(hms, static_cast<int>(in_day / 3'600'000));
    hms[2] = ':';
    two_digits(hms + 3, static_cast<int>(in_day / 60'000 % 60));
    hms[5] = ':';
    two_digits(hms + 6, static_cast<int>(in_day / 1000 % 60));
    time.text = std::string_view(hms, 8);

    set_text(cells[kKind], row.kind);
    set_text(cells[kChannel], row.channel);
    set_text(cells[kDevice], row.device_id);
    if (const auto* sp = survey_.find_service_point(row.service_point))
        set_text(cells[kServicePoint], sp->name.th);
    else
        set_text(cells[kServicePoint], row.service_point);
    if (row.rating)
        integer(kRating, *row.rating);
    else
        set_text(cells[kRating], "");

    const std::size_t dimension_count = survey_.dimensions.size();
    for (std::size_t i = 0; i < dimension_count; ++i) set_text(cells[kFirstDimension + i], "");
    const std::size_t other_column = kFirstDimension + dimension_count;
    const std::size_t reasons_column = other_column + 1;
    out.other_dimensions_.clear();
    out.reasons_.clear();

    // The callbacks capture one pointer so that std::function keeps them inline: two heap
    // allocations a row would be a measurable part of a million-row export.
    struct Sink {
        const core::Survey* survey;
        RawRow* out;
    } sink{&survey_, &out};
    const bool dimensions_ok = for_each_dimension(row.dimensions, [p = &sink](std::string_view id, int level) {
        const auto& dimensions = p->survey->dimensions;
        for (std::size_t i = 0; i < dimensions.size(); ++i) {
            if (dimensions[i].id == id) {
                set_integer(p->out->cells_[kFirstDimension + i], p->out->digits_[kFirstDimension + i], level);
                return;
            }
        }
        std::string& text = p->out->other_dimensions_;
        if (!text.empty()) text += "; ";
        text += id;
        text += '=';
        std::array<char, 16> digits{};
        text.append(digits.data(), std::to_chars(digits.data(), digits.data() + digits.size(), level).ptr);
    });
    // Unreadable text is shown as stored rather than hidden: the raw file is for checking.
    set_text(cells[other_column], dimensions_ok ? std::string_view(out.other_dimensions_) : row.dimensions);

    bool any_reason = false;
    struct ReasonSink {
        const core::Survey* survey;
        std::string* text;
        bool* any;
    } reason_sink{&survey_, &out.reasons_, &any_reason};
    const bool reasons_ok = for_each_reason(row.reasons, [p = &reason_sink](std::string_view id) {
        std::string& text = *p->text;
        if (!text.empty()) text += "; ";
        const auto* known = p->survey->find_reason(id);
        text += known ? std::string_view(known->label.th) : id;
        *p->any = true;
    });
    RawCell& reasons = cells[reasons_column];
    if (!reasons_ok) {
        set_text(reasons, row.reasons);
    } else {
        set_text(reasons, out.reasons_);
        // A list of labels is text even when every label is empty, as it always was.
        if (any_reason) reasons.kind = RawCell::Kind::Text;
    }

    std::size_t at = reasons_column + 1;
    set_text(cells[at++], row.comment);
    set_text(cells[at++], row.language);
    integer(at++, row.misuse ? 1 : 0);
    set_text(cells[at++], row.session_state);
    if (row.has_complaint) {
        const auto* category = survey_.find_complaint_category(row.category);
        set_text(cells[at++], category ? std::string_view(category->label.th) : row.category);
        set_text(cells[at++], row.reference);
        integer(at++, row.sensitive ? 1 : 0);
        set_text(cells[at++], row.sensitive ? kSensitiveDescription : row.description);
    } else {
        for (int i = 0; i < 4; ++i) set_text(cells[at++], "");
    }
    const auto& profile = survey_.profile;
    for (std::size_t i = 0; i < profile.size(); ++i) set_text(cells[at + i], "");
    if (!profile.empty() && !row.profile.empty() && row.profile != "{}") {
        // Rare and short (the office turns the questions on): the full parser is fine here.
        out.profile_.resize(profile.size());
        const auto j = nlohmann::json::parse(row.profile, nullptr, false);
        if (j.is_object())
            for (std::size_t i = 0; i < profile.size(); ++i) {
                const auto it = j.find(profile[i].id);
                if (it == j.end() || !it->is_string()) continue;
                const auto& id = it->get_ref<const std::string&>();
                if (const auto* option = profile[i].find_option(id)) {
                    set_text(cells[at + i], option->label.th);
                } else {
                    out.profile_[i] = id;  // an option an older survey had: its id
                    set_text(cells[at + i], out.profile_[i]);
                }
            }
    }
    // Text read from the database is shown as stored, except bytes that are not UTF-8. The
    // check skips ASCII eight bytes at a time, so valid rows cost little.
    for (std::size_t column = 0; column < cells.size(); ++column) {
        if (core::is_valid_utf8(cells[column].text)) continue;
        out.repaired_.resize(cells.size());
        out.repaired_[column] = core::to_valid_utf8(cells[column].text);
        cells[column].text = out.repaired_[column];
    }
}

}  // namespace feedback::report
