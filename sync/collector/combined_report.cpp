// The office's combined report at the centre (see combined_report.h).
#include "combined_report.h"

#include <algorithm>
#include <stdexcept>

#include "core/clock.h"

namespace feedback::collector {
namespace {

constexpr double kMsPerDay = 86'400'000.0;

std::optional<double> median(std::vector<double> values) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

}  // namespace

std::string paper_device_id(const std::string& office) { return "paper:" + office; }

CollectorReportInput::CollectorReportInput(Storage& storage, std::optional<std::vector<std::string>> sources,
                                           int readers)
    : snapshot_(storage.report_snapshot(readers)),
      sources_(std::move(sources)),
      times_(static_cast<std::size_t>(snapshot_->readers())) {}

int CollectorReportInput::readers() const { return snapshot_->readers(); }

std::int64_t CollectorReportInput::for_each_entry(int reader, const report::PeriodBounds& range, Need need,
                                                  const std::function<void(const report::EntryRow&)>& fn,
                                                  std::int64_t limit) {
    ReportEntryFilter filter{range.lower, range.upper, sources_, false, limit};
    report::CreatedUtcParser& times = times_.at(static_cast<std::size_t>(reader));
    report::EntryRow row;
    std::int64_t rows = 0;
    snapshot_->for_each_entry(reader, filter, [&](const ReportEntryView& e) {
        row.id = e.id;
        row.kind = e.kind;
        row.created_utc = e.created_utc;
        // The collector does not know a kiosk's sessions: what arrives is what the kiosk sent.
        row.session_state = {};
        row.channel = e.channel;
        row.service_point = e.service_point;
        row.rating = e.rating;
        row.dimensions = e.dimensions;
        row.reasons = e.reasons;
        row.profile = e.profile.empty() ? std::string_view("{}") : e.profile;
        row.comment = e.comment;
        row.language = e.language;
        row.misuse = e.misuse;
        if (need == Need::Rows) {
            row.created_utc_ms = times.parse(e.created_utc).value_or(0);
            row.device_id = e.device_id;
            row.has_complaint = e.has_complaint && e.kind == "complaint";
            row.category = row.has_complaint ? e.complaint_category : std::string_view();
            row.reference = row.has_complaint ? e.complaint_reference : std::string_view();
            row.sensitive = row.has_complaint && e.complaint_sensitive;
            // As the kiosk's raw table: a sensitive complaint's text never leaves in a file
            // (raw_table.h prints "(sensitive)" for it).
            row.description = row.has_complaint ? e.complaint_description : std::string_view();
        }
        fn(row);
        ++rows;
    });
    return rows;
}

void CollectorReportInput::for_each_complaint(const report::PeriodBounds& range,
                                              const std::function<void(std::string_view, bool)>& fn) {
    ReportEntryFilter filter{range.lower, range.upper, sources_, true, 0};
    snapshot_->for_each_entry(0, filter, [&](const ReportEntryView& e) {
        fn(e.complaint_category, e.has_complaint && e.complaint_sensitive);
    });
}

CombinedSelection combined_selection(console::ConsoleStore& console, const CombinedReportRequest& request) {
    CombinedSelection selection;
    if (request.office == "*") {
        selection.office_name_th = "ทุกสำนักงาน";
        selection.office_name_en = "All offices";
        if (request.device) selection.sources = std::vector<std::string>{*request.device};
        return selection;
    }
    bool found = false;
    for (const auto& office : console.offices())
        if (office.code == request.office) {
            found = true;
            selection.office_name_th = office.name_th;
            selection.office_name_en = office.name_en;
        }
    if (!found) throw std::invalid_argument("no office " + request.office + " (add-office first)");
    std::vector<std::string> sources;
    for (const auto& device : console.devices(request.office)) sources.push_back(device.device_id);
    sources.push_back(paper_device_id(request.office));
    if (request.device) {
        if (std::find(sources.begin(), sources.end(), *request.device) == sources.end())
            throw std::invalid_argument("device " + *request.device + " is not a device of office " + request.office);
        sources = {*request.device};
    }
    selection.sources = std::move(sources);
    return selection;
}

report::ComplaintHandling handling_figures(console::ConsoleStore& console, const CombinedReportRequest& request) {
    report::ComplaintHandling h;
    h.target_days = request.target_days;
    const std::string start = core::format_iso_utc(request.period.start_utc_ms());
    const std::string end = core::format_iso_utc(request.period.end_utc_ms());
    // Executives' scope: the handling figures count sensitive complaints too (as the report's
    // complaint total does); only counts leave, never a complaint's content.
    const auto cases = console.cases_filed_before(console::Scope{request.office, true}, end);
    static const char* const kStatuses[] = {"new", "accepted", "in_progress", "resolved", "referred"};
    for (const char* status : kStatuses) h.by_status.emplace_back(status, 0);
    std::vector<double> first_response, resolution;
    for (const auto& c : cases) {
        if (c.created_utc < start) continue;
        if (request.device && c.device_id != *request.device) continue;
        ++h.cases;
        for (auto& [status, count] : h.by_status)
            if (status == c.status) ++count;
        const auto filed = core::parse_iso_utc(c.created_utc);
        if (!filed) continue;
        if (const auto accepted = core::parse_iso_utc(c.accepted_utc))
            first_response.push_back(static_cast<double>(*accepted - *filed) / kMsPerDay);
        if (c.status == "resolved" || c.status == "referred") {
            ++h.closed;
            if (const auto closed = core::parse_iso_utc(c.closed_utc)) {
                const double days = static_cast<double>(*closed - *filed) / kMsPerDay;
                resolution.push_back(days);
                if (days <= h.target_days) ++h.closed_within_target;
            }
        }
    }
    h.closed_within_target_percent =
        h.cases == 0 ? 0.0 : static_cast<double>(h.closed_within_target) * 100.0 / static_cast<double>(h.cases);
    h.median_days_first_response = median(std::move(first_response));
    h.median_days_resolution = median(std::move(resolution));
    return h;
}

report::Report combined_document(report::ReportInput& input, console::ConsoleStore& console,
                                 const CombinedReportRequest& request) {
    report::Report r =
        report::compute_document(input, request.period, request.survey, request.scale, request.options);
    r.complaints.status_tracked = true;
    r.complaints.handling = handling_figures(console, request);
    return r;
}

report::ExportResult export_combined_report(Storage& storage, console::ConsoleStore& console,
                                            const CombinedReportRequest& request, report::ExportFormat format,
                                            const std::filesystem::path& out) {
    const auto selection = combined_selection(console, request);
    CombinedReportRequest named = request;
    named.options.office_name = selection.office_name_th;
    named.options.office_name_en = selection.office_name_en;
    CollectorReportInput input(storage, selection.sources);
    report::ExportResult result;
    result.report = combined_document(input, console, named);
    result.rows = report::write_report(input, result.report, format, out);
    return result;
}

}  // namespace feedback::collector
