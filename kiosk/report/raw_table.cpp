// Formatting one entry as a raw-data row (see raw_table.h for the column choices).
#include "report/raw_table.h"

#include <array>

#include "core/period.h"
#include "core/thai_calendar.h"
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
    cell.text.assign(text);
}

void set_integer(RawCell& cell, long long value) {
    cell.kind = RawCell::Kind::Integer;
    cell.number = static_cast<double>(value);
    cell.text = std::to_string(value);
}

void two_digits(std::string& out, int value) {
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
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
}

void RawTable::format(const EntryRow& row, std::vector<RawCell>& cells) const {
    cells.resize(columns());
    set_text(cells[kId], row.id);
    set_text(cells[kCreatedUtc], row.created_utc);

    const std::int64_t local_ms = row.created_utc_ms + core::kOfficeOffsetMin * 60'000LL;
    const std::int64_t day = local_ms >= 0 ? local_ms / kMsPerDay : -((-local_ms - 1) / kMsPerDay) - 1;
    const std::int64_t in_day = local_ms - day * kMsPerDay;
    RawCell& date = cells[kLocalDate];
    date.kind = RawCell::Kind::Date;
    date.number = static_cast<double>(day + kExcelEpochOffset);
    date.text = core::format_iso_date(core::civil_from_days(day));
    RawCell& time = cells[kLocalTime];
    time.kind = RawCell::Kind::Time;
    time.number = static_cast<double>(in_day / 1000) / 86'400.0;  // whole seconds, as printed
    time.text.clear();
    two_digits(time.text, static_cast<int>(in_day / 3'600'000));
    time.text += ':';
    two_digits(time.text, static_cast<int>(in_day / 60'000 % 60));
    time.text += ':';
    two_digits(time.text, static_cast<int>(in_day / 1000 % 60));

    set_text(cells[kKind], row.kind);
    set_text(cells[kChannel], row.channel);
    set_text(cells[kDevice], row.device_id);
    if (const auto* sp = survey_.find_service_point(row.service_point))
        set_text(cells[kServicePoint], sp->name.th);
    else
        set_text(cells[kServicePoint], row.service_point);
    if (row.rating)
        set_integer(cells[kRating], *row.rating);
    else
        set_text(cells[kRating], "");

    const std::size_t dimension_count = survey_.dimensions.size();
    for (std::size_t i = 0; i < dimension_count; ++i) set_text(cells[kFirstDimension + i], "");
    RawCell& other = cells[kFirstDimension + dimension_count];
    set_text(other, "");
    std::size_t at = kFirstDimension + dimension_count + 1;
    RawCell& reasons = cells[at++];
    set_text(reasons, "");

    // The callbacks capture one pointer so that std::function keeps them inline: two heap
    // allocations a row would be a measurable part of a million-row export.
    struct Sink {
        const core::Survey* survey;
        std::vector<RawCell>* cells;
        RawCell* other;
        RawCell* reasons;
    } sink{&survey_, &cells, &other, &reasons};
    const bool dimensions_ok = for_each_dimension(row.dimensions, [p = &sink](std::string_view id, int level) {
        const auto& dimensions = p->survey->dimensions;
        for (std::size_t i = 0; i < dimensions.size(); ++i) {
            if (dimensions[i].id == id) {
                set_integer((*p->cells)[kFirstDimension + i], level);
                return;
            }
        }
        std::string& text = p->other->text;
        if (!text.empty()) text += "; ";
        text += id;
        text += '=';
        text += std::to_string(level);
        p->other->kind = RawCell::Kind::Text;
    });
    // Unreadable text is shown as stored rather than hidden: the raw file is for checking.
    if (!dimensions_ok) set_text(other, row.dimensions);

    const bool reasons_ok = for_each_reason(row.reasons, [p = &sink](std::string_view id) {
        std::string& text = p->reasons->text;
        if (!text.empty()) text += "; ";
        const auto* known = p->survey->find_reason(id);
        text += known ? std::string_view(known->label.th) : id;
        p->reasons->kind = RawCell::Kind::Text;
    });
    if (!reasons_ok) set_text(reasons, row.reasons);

    set_text(cells[at++], row.comment);
    set_text(cells[at++], row.language);
    set_integer(cells[at++], row.misuse ? 1 : 0);
    set_text(cells[at++], row.session_state);
    if (row.has_complaint) {
        const auto* category = survey_.find_complaint_category(row.category);
        set_text(cells[at++], category ? std::string_view(category->label.th) : row.category);
        set_text(cells[at++], row.reference);
        set_integer(cells[at++], row.sensitive ? 1 : 0);
        set_text(cells[at++], row.sensitive ? kSensitiveDescription : row.description);
    } else {
        for (int i = 0; i < 4; ++i) set_text(cells[at++], "");
    }
}

}  // namespace feedback::report
