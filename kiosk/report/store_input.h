// The kiosk's side of the report (issue 19): its SQLite store as a ReportInput, and the
// store-taking calls the kiosk's commands, admin screen and tests use. Library
// kiosk_report_store (kiosk_report + kiosk_store), so that kiosk_report itself knows no
// database and the collector links it without the kiosk's store.
//
// A StoreInput holds one ReadSnapshot for its whole life: the figures, the earlier periods of
// the comparison, the approvals and the raw rows of one export all describe one moment, even
// while the kiosk keeps storing answers. With the snapshot's twin connection it has two
// readers, and compute_report and the CSV export use both cores.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "report/csv_export.h"
#include "report/export.h"
#include "report/report.h"
#include "report/report_input.h"
#include "report/store_rows.h"

namespace feedback::store {
class Store;
}

namespace feedback::report {

class StoreInput : public ReportInput {
public:
    // Takes the snapshot (or joins the caller's). Throws store::StoreError.
    explicit StoreInput(store::Store& store);
    ~StoreInput() override;
    StoreInput(const StoreInput&) = delete;
    StoreInput& operator=(const StoreInput&) = delete;

    int readers() const override;
    std::int64_t for_each_entry(int reader, const PeriodBounds& range, Need need,
                                const std::function<void(const EntryRow&)>& fn, std::int64_t limit = 0) override;
    void for_each_complaint(const PeriodBounds& range, const std::function<void(std::string_view, bool)>& fn) override;
    std::vector<std::string> approved_entry_ids() override;

private:
    struct Reader;
    sqlite3* connection(int reader) const;

    store::Store& store_;
    ReadSnapshot snapshot_;
    std::vector<std::unique_ptr<Reader>> readers_;
};

// The store-taking forms of report.h, csv_export.h, xlsx_export.h and export.h: each over a
// StoreInput of `store`.
Report compute_report(store::Store& store, const core::Period& period, const core::Survey& survey,
                      const core::LikertScale& scale, const ReportOptions& options = {});
Report compute_document(store::Store& store, const core::Period& period, const core::Survey& survey,
                        const core::LikertScale& scale, const ReportOptions& options = {});
std::int64_t export_csv(store::Store& store, const Report& report, const std::filesystem::path& out);
std::int64_t export_csv(store::Store& store, const Report& report, const std::filesystem::path& out,
                        const CsvThreading& threading);
std::int64_t export_xlsx(store::Store& store, const Report& report, const std::filesystem::path& out);

// Writes `out` atomically and appends an audit record (actor, "export", "<period> <format>"),
// e.g. ("cli", "export", "2569-H1 html"); the admin screen passes actor "staff". The command
// line (`feedback-kiosk export` / `report --out`) and the admin screen's USB export both use
// it, so the two cannot differ in what they write or forget the audit record. Throws
// store::StoreError, std::system_error, std::runtime_error; the target is then unchanged.
ExportResult export_period(store::Store& store, const core::Period& period, const core::Survey& survey,
                           const core::LikertScale& scale, const ReportOptions& options, ExportFormat format,
                           const std::filesystem::path& out, const std::string& actor);

}  // namespace feedback::report
