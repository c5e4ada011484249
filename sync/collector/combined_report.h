// The office's combined report at the centre (issue 19): the kiosk's own report code
// (kiosk/report, linked, never copied) over every entry the office's kiosks sent plus the paper
// questionnaires imported at the centre, with the complaints' handling figures from the
// console's cases (issue 18). `feedback-collector report` and the console's report pages use
// it; the public results page (issue 19 item 3) builds on CollectorReportInput.
//
// Which entries belong to an office: those whose source — the device that delivered them (its
// token's device id), or their own device_id when they arrived without a token — is one of the
// office's devices as the console places them (the token file's offices; the only office when
// there is one), plus the paper questionnaires imported at the centre for it, which are stored
// with device id paper_device_id(office) ("paper:CODE"). Office "*" is every entry.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "console_store.h"
#include "core/likert.h"
#include "core/period.h"
#include "core/survey.h"
#include "report/entry_rows.h"
#include "report/export.h"
#include "report/report.h"
#include "report/report_input.h"
#include "storage.h"

namespace feedback::collector {

// The device id (and source) of paper questionnaires imported at the centre for an office.
std::string paper_device_id(const std::string& office);

// The collector's entries as the report's input: one ReportSnapshot of `storage` for the
// input's whole life (the figures, the comparisons and the raw rows describe one moment), with
// its two readers when it has them. `sources` unset: every entry.
class CollectorReportInput : public report::ReportInput {
public:
    CollectorReportInput(Storage& storage, std::optional<std::vector<std::string>> sources, int readers = 2);

    int readers() const override;
    std::int64_t for_each_entry(int reader, const report::PeriodBounds& range, Need need,
                                const std::function<void(const report::EntryRow&)>& fn,
                                std::int64_t limit = 0) override;
    void for_each_complaint(const report::PeriodBounds& range,
                            const std::function<void(std::string_view, bool)>& fn) override;
    // The centre keeps no approvals of comments: none (the public edition shows no comment).
    std::vector<std::string> approved_entry_ids() override { return {}; }

private:
    std::unique_ptr<ReportSnapshot> snapshot_;
    std::optional<std::vector<std::string>> sources_;
    std::vector<report::CreatedUtcParser> times_;  // one per reader
};

struct CombinedReportRequest {
    std::string office = "*";           // an office code, or "*" for every office
    std::optional<std::string> device;  // only this device's entries (a kiosk, or paper:CODE)
    core::Period period;
    core::Survey survey;
    core::LikertScale scale;
    report::ReportOptions options;      // office names are filled from the console's offices
    int target_days = 15;               // "closed within target" of the handling figures
};

// Throws std::invalid_argument naming the problem: an unknown office, a device not in it.
struct CombinedSelection {
    std::optional<std::vector<std::string>> sources;  // unset: every entry
    std::string office_name_th, office_name_en;
};
CombinedSelection combined_selection(console::ConsoleStore& console, const CombinedReportRequest& request);

// How the period's complaints were handled, from the console's cases of the office (and device).
report::ComplaintHandling handling_figures(console::ConsoleStore& console, const CombinedReportRequest& request);

// The document (report::compute_document over CollectorReportInput) with the handling figures:
// complaints.status_tracked true and complaints.handling set.
report::Report combined_document(report::ReportInput& input, console::ConsoleStore& console,
                                 const CombinedReportRequest& request);

// The document written in `format` to `out` (atomically), from one snapshot. Throws
// StorageError, console::StoreError, std::invalid_argument, std::system_error, std::runtime_error.
report::ExportResult export_combined_report(Storage& storage, console::ConsoleStore& console,
                                            const CombinedReportRequest& request, report::ExportFormat format,
                                            const std::filesystem::path& out);

}  // namespace feedback::collector
