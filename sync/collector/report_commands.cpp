// `feedback-collector report` and `import` (see report_commands.h; flags in README.md).
//
// report: the kiosk's report (kiosk/report) over the office's entries at the centre, through
// combined_report.h; the same formats and file names as the kiosk's, plus the complaints'
// handling figures. Without --out, json and html go to stdout and csv/xlsx to the kiosk's
// default file name in the current directory.
// import: the kiosk's own reading and checks of the paper template (kiosk/exchange
// parse_answers_csv: same template, same problems in Thai and English, all or nothing), then
// the entries are stored the way a kiosk's batch is (Storage::store_batch: one transaction,
// duplicates by entry id), as device paper_device_id(office), channel "paper".
#include "report_commands.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "combined_report.h"
#include "core/clock.h"
#include "protocol/entry_wire.h"
#include "core/survey.h"
#include "core/uuid.h"
#include "exchange/paper_import.h"
#include "report/html_export.h"
#include "report/json_export.h"
#include "console_store.h"
#include "pg.h"
#include "storage.h"

namespace feedback::collector {
namespace {

constexpr int kExitRuntimeError = 1;
constexpr int kExitUsageError = 2;

struct Usage : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void error(const std::string& message) { std::fprintf(stderr, "feedback-collector: error: %s\n", message.c_str()); }

core::Survey load_survey(const std::string& path) {
    if (path.empty()) return core::default_survey();
    try {
        return core::load_survey_file(path);
    } catch (const std::exception& e) {
        throw Usage("--survey: " + std::string(e.what()));
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error("cannot read " + path);
    return bytes;
}

class Commands final : public ReportCommands {
public:
    explicit Commands(CLI::App& app) {
        report_ = app.add_subcommand("report", "the office's combined report (its kiosks and paper) for a period");
        report_->add_option("--db", r_db_, "the collector's database")->required();
        report_->add_option("--office", r_office_, "office code, or '*' for every office")->required();
        report_->add_option("--period", r_period_, "2569-H1, 2569-H2, 2569 (fiscal year) or YYYY-MM-DD..YYYY-MM-DD")
            ->required();
        report_->add_option("--format", r_format_, "json, html, xlsx or csv")
            ->required()
            ->check(CLI::IsMember({"json", "html", "xlsx", "csv"}));
        report_->add_option("--device", r_device_, "only this device's entries (a kiosk's device id, or paper:CODE)");
        report_->add_option("--out", r_out_,
                            "output file, written atomically (default: stdout for json and html, "
                            "feedback-report-PERIOD.csv/.xlsx for the others)");
        report_->add_option("--survey", r_survey_,
                            "the survey TOML the office's kiosks use, for labels (default: the built-in survey)");
        report_->add_option("--edition", r_edition_, "internal or public (issue 17)")
            ->capture_default_str()
            ->check(CLI::IsMember({"internal", "public"}));
        report_->add_option("--target-days", r_target_days_,
                            "console.target_days: complaints closed within it count as on time")
            ->capture_default_str()
            ->envname("FEEDBACK_CONSOLE_TARGET_DAYS")
            ->check(CLI::Range(1, 365));

        import_ = app.add_subcommand("import", "import paper questionnaires (the kiosk's template) for an office");
        import_->add_option("--db", i_db_, "the collector's database")->required();
        import_->add_option("--office", i_office_, "the office the questionnaires belong to")->required();
        import_->add_option("--csv", i_csv_, "the filled-in template (assets/paper-answers-template.csv)")->required();
        import_->add_option("--survey", i_survey_, "the survey TOML the template follows (default: the built-in survey)");
        import_->add_flag("--dry-run", i_dry_run_, "check the file and count its rows; write nothing");
    }

    std::optional<int> run() override {
        if (!*report_ && !*import_) return std::nullopt;
        try {
            return *report_ ? report() : import();
        } catch (const Usage& e) {
            error(e.what());
            return kExitUsageError;
        } catch (const std::exception& e) {
            error(e.what());
            return kExitRuntimeError;
        }
    }

private:
    int report() {
        CombinedReportRequest request;
        request.office = r_office_;
        if (!r_device_.empty()) request.device = r_device_;
        try {
            request.period = core::parse_period(r_period_);
        } catch (const std::invalid_argument& e) {
            throw Usage("--period: " + std::string(e.what()));
        }
        request.survey = load_survey(r_survey_);
        request.target_days = r_target_days_;
        request.options.edition = r_edition_ == "public" ? report::Edition::Public : report::Edition::Internal;
        const auto format = *report::export_format_from(r_format_);
        if (!pg::is_uri(r_db_) && !std::filesystem::exists(r_db_))
            throw std::runtime_error("no collector database at " + r_db_);
        Storage storage(r_db_, Storage::Mode::ReadWrite);  // migrates an older file (the report's index)
        const auto console_owned = console::open_console_store(r_db_);  // SQLite or PostgreSQL (issue 20)
        console::ConsoleStore& console = *console_owned;
        const bool to_stdout = r_out_.empty() && (format == report::ExportFormat::Json || format == report::ExportFormat::Html);
        try {
            combined_selection(console, request);
        } catch (const std::invalid_argument& e) {
            throw Usage(r_device_.empty() ? "--office: " + std::string(e.what()) : "--device: " + std::string(e.what()));
        }
        if (to_stdout) {
            const auto selection = combined_selection(console, request);
            request.options.office_name = selection.office_name_th;
            request.options.office_name_en = selection.office_name_en;
            CollectorReportInput input(storage, selection.sources);
            const auto document = combined_document(input, console, request);
            const std::string text =
                format == report::ExportFormat::Json ? report::render_json(document) + "\n" : report::render_html(document);
            std::fwrite(text.data(), 1, text.size(), stdout);
            if (std::fflush(stdout) != 0) throw std::runtime_error("cannot write stdout");
            return 0;
        }
        const std::filesystem::path out =
            std::filesystem::path(r_out_.empty() ? report::default_file_name(request.period, r_format_) : r_out_);
        const auto result = export_combined_report(storage, console, request, format, out);
        std::fprintf(stderr, "feedback-collector: wrote %s (%s, %s, office %s: %lld entries, %lld respondents)\n",
                     out.c_str(), r_format_.c_str(), request.period.label.c_str(), r_office_.c_str(),
                     static_cast<long long>(result.report.entries),
                     static_cast<long long>(result.report.respondents()));
        return 0;
    }

    int import() {
        const core::Survey survey = load_survey(i_survey_);
        if (!pg::is_uri(i_db_) && !std::filesystem::exists(i_db_))
            throw std::runtime_error("no collector database at " + i_db_);
        Storage storage(i_db_, Storage::Mode::ReadWrite);
        const auto console_owned = console::open_console_store(i_db_);  // SQLite or PostgreSQL (issue 20)
        console::ConsoleStore& console = *console_owned;
        bool known = false;
        for (const auto& office : console.offices()) known = known || office.code == i_office_;
        if (!known) throw Usage("--office: no office " + i_office_ + " in " + i_db_ + " (add-office first)");

        const std::string bytes = read_file(i_csv_);
        const std::string device = paper_device_id(i_office_);
        const auto parsed = exchange::parse_answers_csv(bytes, survey, {device, survey.version});
        if (parsed.kind == exchange::CsvKind::KioskExport && parsed.problems.empty())
            throw Usage("--csv: " + i_csv_ +
                        " is a kiosk's CSV export; a kiosk's entries reach the collector through feedback-sync. "
                        "Import here only the paper questionnaire template");
        if (!parsed.problems.empty()) {
            // All or nothing, as the kiosk's import: every problem listed, nothing written.
            for (const auto& problem : parsed.problems) std::fprintf(stderr, "%s\n", problem.message().c_str());
            std::fprintf(stderr, "feedback-collector: %s: %zu problem(s); nothing was imported\n", i_csv_.c_str(),
                         parsed.problems.size());
            return kExitRuntimeError;
        }
        std::vector<protocol::WireEntry> entries;
        entries.reserve(parsed.entries.size());
        for (const auto& e : parsed.entries) entries.push_back(protocol::to_wire(e));
        if (i_dry_run_) {
            std::printf("%zu row(s) checked, %zu would be imported for office %s as device %s (dry run: nothing written)\n",
                        parsed.rows, entries.size(), i_office_.c_str(), device.c_str());
            return 0;
        }
        protocol::Batch batch;
        batch.batch_id = core::make_uuid_v7(core::now_utc_ms());
        batch.device_id = device;
        batch.app_version = "import";
        batch.sent_utc = utc_now_iso();
        std::vector<IdConflict> conflicts;
        const auto response = storage.store_batch(device, batch, entries, {}, std::nullopt, &conflicts);
        std::size_t imported = 0, present = 0, refused = 0;
        for (const auto& ack : response.results) {
            if (ack.status == protocol::AckStatus::Accepted) ++imported;
            else if (ack.status == protocol::AckStatus::Duplicate) ++present;
            else ++refused;
        }
        std::printf("%zu imported, %zu already present, for office %s as device %s\n", imported, present,
                    i_office_.c_str(), device.c_str());
        if (refused > 0) {
            std::fprintf(stderr, "feedback-collector: %zu row(s) refused: their ids belong to another device's entries\n",
                         refused);
            return kExitRuntimeError;
        }
        return 0;
    }

    CLI::App* report_ = nullptr;
    std::string r_db_, r_office_, r_period_, r_format_, r_device_, r_out_, r_survey_, r_edition_ = "internal";
    int r_target_days_ = 15;
    CLI::App* import_ = nullptr;
    std::string i_db_, i_office_, i_csv_, i_survey_;
    bool i_dry_run_ = false;
};

}  // namespace

std::unique_ptr<ReportCommands> add_report_commands(CLI::App& app) { return std::make_unique<Commands>(app); }

}  // namespace feedback::collector
