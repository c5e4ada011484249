// CSV export of the collector's entries (see export.h for the format and why).
#include "export.h"

#include <array>

#include "storage.h"

namespace feedback::collector {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kEol = "\r\n";

constexpr std::array<std::string_view, 27> kColumns{
    "id", "kind", "created_utc", "utc_offset_min", "device_id", "service_point", "rating", "dimensions",
    "reasons", "comment", "language", "misuse", "survey_version", "channel", "complaint_category",
    "complaint_occurred", "complaint_service_point", "complaint_description", "complaint_anonymous",
    "complaint_contact_name", "complaint_contact_phone", "complaint_reference", "complaint_sensitive",
    "received_utc", "received_from", "batch_id", "profile"};

void write_header(std::ostream& out) {
    out << kBom;
    for (std::size_t i = 0; i < kColumns.size(); ++i) out << (i ? "," : "") << kColumns[i];
    out << kEol;
}

std::string boolean(bool value) { return value ? "true" : "false"; }

void write_row(std::ostream& out, const StoredEntry& s) {
    const auto& e = s.entry;
    std::string dimensions, reasons;
    for (const auto& [key, level] : e.dimensions)
        dimensions += (dimensions.empty() ? "" : ";") + key + "=" + std::to_string(level);
    for (const auto& reason : e.reasons) reasons += (reasons.empty() ? "" : ";") + reason;
    std::string profile;
    for (const auto& [key, option] : e.profile) profile += (profile.empty() ? "" : ";") + key + "=" + option;
    const auto* c = e.complaint ? &*e.complaint : nullptr;
    const std::array<std::string, 27> cells{
        csv_cell(e.id),
        csv_cell(e.kind),
        csv_cell(e.created_utc),
        csv_cell(std::to_string(e.utc_offset_min), false),
        csv_cell(e.device_id),
        csv_cell(e.service_point),
        e.rating ? std::to_string(*e.rating) : "",
        csv_cell(dimensions),
        csv_cell(reasons),
        csv_cell(e.comment),
        csv_cell(e.language),
        boolean(e.misuse),
        csv_cell(e.survey_version),
        csv_cell(e.channel),
        c ? csv_cell(c->category) : "",
        c ? csv_cell(c->occurred) : "",
        c ? csv_cell(c->service_point) : "",
        c ? csv_cell(c->description) : "",
        c ? boolean(c->anonymous) : "",
        c ? csv_cell(c->contact_name) : "",
        c ? csv_cell(c->contact_phone) : "",
        c ? csv_cell(c->reference) : "",
        c ? boolean(c->sensitive) : "",
        csv_cell(s.received_utc),
        csv_cell(s.received_from),
        csv_cell(s.batch_id),
        csv_cell(profile)};
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << cells[i];
    out << kEol;
}

}  // namespace

std::string csv_cell(std::string_view value, bool text_cell) {
    std::string cell;
    if (text_cell && !value.empty() &&
        (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' || value[0] == '\t' ||
         value[0] == '\r'))
        cell = "'";
    cell += value;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (const char ch : cell) {
        if (ch == '"') quoted += '"';
        quoted += ch;
    }
    return quoted + "\"";
}

ExportCounts export_csv(Storage& storage, std::ostream& main, std::ostream* sensitive) {
    ExportCounts counts;
    write_header(main);
    if (sensitive) write_header(*sensitive);
    storage.for_each_entry([&](const StoredEntry& stored) {
        if (stored.entry.complaint && stored.entry.complaint->sensitive) {
            ++counts.sensitive;
            if (sensitive) write_row(*sensitive, stored);
        } else {
            ++counts.entries;
            write_row(main, stored);
        }
    });
    return counts;
}

}  // namespace feedback::collector
