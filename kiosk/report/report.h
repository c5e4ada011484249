// The staff report for a period (DESIGN.md §5): ONE computation over the database whose result,
// a Report, every renderer prints (HTML, XLSX summary, JSON; the CSV and the XLSX raw sheet list
// the same period's entries row by row). Definitions are in kiosk/report/REPORT.md.
//
// Why one struct that renderers only read: a figure printed in the HTML and in the JSON must be
// the same to the last digit. If each renderer aggregated on its own, two slightly different
// "what counts" rules would sooner or later disagree in front of the executive. So all counting,
// rounding and ranking decisions live in compute_report() and the helpers below; renderers only
// format what is here, and they format decimals with core::format_2dp so a printed mean, its
// level and its ร้อยละ always agree with each other.
//
// What counts (documented in REPORT.md, chosen here):
// - Entries are the rows whose created_utc lies in [period start, period end) at the office's
//   +07:00, whatever offset the kiosk had (a report must not depend on the kiosk's clock zone).
// - Every rating entry is an answer, open or closed: one tap is a complete answer (DESIGN §3).
// - Misuse-flagged ratings are excluded from every figure and counted (misuse_excluded).
// - A rating row the store could not have written (no rating, unreadable answers) is excluded and
//   counted too (invalid_excluded) instead of failing the whole report.
// - Complaints are counted from the complaints table whatever their flags: filing one takes
//   several deliberate steps, and hiding a complaint is worse than counting a stray one.
// - Ranks: standard competition ranking (1, 2, 2, 4) of the dimension means as printed; the main
//   question is the overall figure shown above them, not ranked among them.
// - Ids a newer survey no longer has (old service points, reasons, dimensions) still count and
//   are shown under their id: nothing an office collected silently disappears from its report.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/likert.h"
#include "core/period.h"
#include "core/survey.h"

namespace feedback::report {

class ReportInput;  // report_input.h: where the entries come from

// The Excel limit on rows per sheet, less the heading row.
inline constexpr std::size_t kExcelMaxDataRows = 1'048'575;

// Which document is made (issue 17). Internal: every comment (masked) and every slice, for the
// office and its executive. Public: for the website and the notice board; only comments an
// officer approved, and slices of fewer than kSmallSlice respondents without figures.
enum class Edition { Internal, Public };
inline constexpr std::int64_t kSmallSlice = 5;
std::string_view edition_name(Edition edition);  // "internal" / "public"

// A signature line of the approval block: role (ผู้จัดทำรายงาน …), then name and position from
// the configuration. Empty names print a dotted line to sign on.
struct Signatory {
    core::LocalText role;
    std::string name;
    std::string position;
};

struct ReportOptions {
    std::string office_name = "สำนักงาน";   // report headings (config office.name)
    std::string office_name_en = "Office";
    bool thai_digits = false;                // HTML (and titles): ๐๑๒… instead of 012…
    // The HTML and the XLSX summary list at most this many suggestions (0 = all), and say how
    // many more the CSV / raw sheet hold: a 60-page list of comments helps no executive.
    std::size_t suggestion_limit = 500;
    // Rows of the XLSX raw-data sheet, oldest first (0 = every entry, spilling into further
    // sheets past Excel's 1,048,575). libxlsxwriter costs about 1.2 µs a cell (~15 µs a row),
    // so a million-entry period would take 15 s or more; 20,000 rows is a busy counter's
    // half-year and about 0.3 s. The CSV always has every row, and both sheets say so.
    std::size_t xlsx_raw_row_limit = 20'000;
    // When the report was made (UTC ms); empty = now. Tests fix it for stable output.
    std::optional<std::int64_t> generated_utc_ms;

    // ---- The document around the figures (issue 17; used by compute_document()) ----
    Edition edition = Edition::Internal;
    std::optional<double> target_percent;  // report.target_percent: the office's goal (ร้อยละ)
    std::string actions_th;                // report.actions_th: improvement actions, printed as is
    std::vector<Signatory> signatories;    // report.prepared_* / reviewed_* / approved_*
    bool comparisons = true;               // compute_document() adds the earlier periods
};

// A five-level distribution and what a Thai report prints for it.
struct Stats {
    std::int64_t n = 0;
    std::array<std::int64_t, 5> counts{};  // [0] = level 1 (น้อยที่สุด) … [4] = level 5
    double mean = 0.0;            // unrounded; 0 when n == 0 (printed "-")
    double sd = 0.0;              // sample S.D. (divides by n − 1); 0 when n < 2
    int level = 0;                // interpretation 1..5 of the mean as printed; 0 when n == 0
    double percent_of_max = 0.0;  // ร้อยละ = (mean rounded to 2 dp) ÷ 5 × 100

    // count of a level (1..5) ÷ n × 100; 0 when n == 0.
    double level_percent(int level_value) const;
    std::int64_t count(int level_value) const { return counts.at(static_cast<std::size_t>(level_value - 1)); }
};

// Mean, sample S.D. (the same two-pass formula as core::summarize), level and ร้อยละ of counts.
Stats stats_from_counts(const std::array<std::int64_t, 5>& counts, const core::LikertScale& scale);

struct QuestionResult {
    std::string id;
    core::LocalText text;
    bool in_survey = true;    // false: an id an older survey asked (text is the id)
    Stats stats;
    std::optional<int> rank;  // dimensions with answers only; never the main question
};

// A slice of the main question's answers (a service point, a channel).
struct GroupResult {
    std::string id;           // "" = not specified (service point not asked)
    core::LocalText label;
    bool in_survey = true;
    Stats stats;              // of the main question
    double share_percent = 0.0;  // stats.n ÷ respondents × 100
    // Public edition, fewer than kSmallSlice answers: stats and share are zeroed (printed "-",
    // null in JSON) and the slice says so instead of a figure that could point at one visitor.
    bool suppressed = false;
};

struct MonthResult {
    int year = 0;   // C.E.
    int month = 0;  // 1..12
    Stats stats;    // of the main question
    bool suppressed = false;  // public edition, n < kSmallSlice (see GroupResult)
};

// One respondent-profile question (survey [[profile]]) over the counted answers.
struct ProfileOptionResult {
    std::string id;            // "" = ไม่ระบุ (not answered)
    core::LocalText label;
    bool in_survey = true;
    std::int64_t count = 0;
    double percent = 0.0;      // count ÷ respondents × 100
    bool suppressed = false;   // public edition, 0 < count < kSmallSlice: count and percent zeroed
};
struct ProfileResult {
    std::string id;
    core::LocalText text;
    bool in_survey = true;
    // Every option of the survey (0 included), then option ids an older survey had, then
    // ไม่ระบุ (respondents who did not answer it; always present). The percents add up to
    // 100 within rounding.
    std::vector<ProfileOptionResult> options;
};

// The main question in an earlier period, beside this one (issue 17).
struct ComparisonResult {
    std::string kind;          // "previous_half", "same_half_last_year" or "previous_year"
    core::Period period;
    Stats stats;               // main question of that period
    // This period minus that one, from the printed figures; empty when either has no answers.
    std::optional<double> mean_change;
    std::optional<double> percent_change;
    std::int64_t n_change = 0;
};

struct TargetResult {
    double target_percent = 0.0;
    bool met = false;          // printed ร้อยละ >= target
};

// One sentence of the executive summary, in both languages, with the id tests look it up by.
struct SummarySentence {
    std::string id;   // overall, strongest, weakest, lowest_point, reasons, comparison, target, no_answers
    core::LocalText text;
};

struct ReasonResult {
    std::string id;
    core::LocalText label;
    bool in_survey = true;
    std::int64_t count = 0;
    double percent = 0.0;  // count ÷ respondents × 100 (several reasons may be chosen)
};

struct CategoryResult {
    std::string id;
    core::LocalText label;
    bool in_survey = true;
    bool sensitive_category = false;  // the survey marks the category sensitive (bribery)
    std::int64_t count = 0;
};

// How the period's complaints were handled (issue 19): only the centre knows, from the
// console's case statuses (issue 18). Of the complaints filed in the period whose cases the
// centre holds: how many are in each status now, how many were closed (resolved or referred)
// within target_days of being filed, and the median days from filing to acceptance and to
// closing. Filled by the collector; the kiosk never has it.
struct ComplaintHandling {
    std::int64_t cases = 0;  // complaints of the period with a case at the centre
    // Every status, zero included, in the order new, accepted, in_progress, resolved, referred.
    std::vector<std::pair<std::string, std::int64_t>> by_status;
    int target_days = 15;
    std::int64_t closed = 0;                  // resolved or referred, now
    std::int64_t closed_within_target = 0;    // closed within target_days of filing
    double closed_within_target_percent = 0;  // of cases; 0 when there are none
    std::optional<double> median_days_first_response;  // filing -> accepted, over accepted cases
    std::optional<double> median_days_resolution;      // filing -> closed, over closed cases
};

struct ComplaintSummary {
    std::int64_t total = 0;
    std::int64_t sensitive = 0;  // complaints stored with the sensitive flag
    std::vector<CategoryResult> by_category;  // every survey category (0 too), then others
    // Whether a complaint was handled or is in progress: the kiosk does not record it, and its
    // renderers say so rather than print a figure nobody measured. The collector's report sets
    // status_tracked and fills handling (issue 19).
    bool status_tracked = false;
    std::optional<ComplaintHandling> handling;
};

struct Suggestion {
    std::string entry_id;     // the entry it came from: what an officer approves
    bool approved = false;    // on the approval list (compute_document() sets it)
    std::int64_t created_utc_ms = 0;
    core::CivilDate date;  // office-local (+07:00)
    int hour = 0;
    int minute = 0;
    int rating = 0;
    std::string service_point;
    std::string channel;
    std::string language;
    std::string text;
};

inline constexpr int kWeekdays = 7;  // rows of weekday_hour: [0] = Monday … [6] = Sunday
inline constexpr int kHours = 24;

struct Report {
    core::Period period;
    core::Survey survey;
    core::LikertScale scale;
    ReportOptions options;
    std::int64_t generated_utc_ms = 0;

    std::int64_t entries = 0;           // every entry in the period (ratings and complaints)
    std::int64_t ratings = 0;           // rating entries, misuse and invalid included
    std::int64_t misuse_excluded = 0;   // ratings flagged as misuse: left out, counted here
    std::int64_t invalid_excluded = 0;  // unreadable rating rows: left out, counted here
    std::int64_t open_sessions = 0;     // rating entries whose session was still open (counted)
    std::int64_t respondents() const { return main.stats.n; }  // the sample size

    QuestionResult main;
    std::vector<QuestionResult> dimensions;  // survey order, then ids only old answers have
    std::vector<GroupResult> service_points; // survey order, then unknown ids, then "" if any
    std::vector<GroupResult> channels;       // kiosk, paper, then others seen
    std::vector<MonthResult> months;         // every calendar month the period touches
    std::array<std::array<std::int64_t, kHours>, kWeekdays> weekday_hour{};  // answers
    std::vector<ReasonResult> reasons;       // most chosen first; ties in survey order
    ComplaintSummary complaints;
    std::vector<Suggestion> suggestions;     // every non-empty comment, oldest first
    std::vector<ProfileResult> profile;      // survey order, then question ids only old answers have

    // ---- Filled by compute_document() (empty after compute_report alone) ----
    bool document = false;                   // true once compute_document() completed it
    std::vector<ComparisonResult> comparisons;
    std::optional<TargetResult> target;
    std::vector<SummarySentence> summary;
    // Comments left out of this edition (public: not approved). suggestions then holds only the
    // published ones; the texts of every edition are masked (masking.h).
    std::int64_t suggestions_withheld = 0;
    bool has_profile_answers() const;
};

// Reads the period's entries from `input` and computes the report. Throws what the input
// throws (store::StoreError on the kiosk). The kiosk's store overloads are in
// report/store_input.h.
Report compute_report(ReportInput& input, const core::Period& period, const core::Survey& survey,
                      const core::LikertScale& scale, const ReportOptions& options = {});

// ---- The document (issue 17): pure functions over computed reports ----

// The earlier periods a report is compared with: a half -> the previous half and the same half
// of the previous fiscal year; a fiscal year -> the previous one; a date range -> none.
std::vector<std::pair<std::string, core::Period>> comparison_periods(const core::Period& period);
// The comparison of `current`'s main question with an earlier period's.
ComparisonResult compare_main(const Report& current, std::string kind, const Report& earlier);
// The executive summary's sentences from the figures (overall level and ร้อยละ, strongest and
// weakest dimension, lowest-mean service point, most chosen reasons, comparison, target).
std::vector<SummarySentence> executive_summary(const Report& report);
// Edition rules: masks every suggestion; public keeps only approved suggestions (counting the
// rest in suggestions_withheld) and suppresses slices of fewer than kSmallSlice.
void apply_edition(Report& report, const std::vector<std::string>& approved_entry_ids);

// compute_report() plus the document: comparisons with the earlier periods (computed the same
// way), target, approvals from the input, edition rules and the summary. Every exported report
// and `report --format json` is one of these. Throws what the input throws.
Report compute_document(ReportInput& input, const core::Period& period, const core::Survey& survey,
                        const core::LikertScale& scale, const ReportOptions& options = {});

// ---- Shared wording and number formatting for the renderers ----

inline constexpr std::string_view kNoComplaintsTh = "ไม่มีเรื่องร้องเรียน";
inline constexpr std::string_view kStatusNotTrackedTh =
    "ระบบยังไม่บันทึกสถานะการดำเนินการ (ดำเนินการแล้ว / อยู่ระหว่างดำเนินการ) ของเรื่องร้องเรียน";
inline constexpr std::string_view kSensitiveDescription = "(sensitive)";

// A complaint status of ComplaintHandling::by_status in words (the console's wording, issue 18);
// the id itself for an unknown one.
core::LocalText handling_status_label(std::string_view status);

// The hours the weekday × hour heat map shows and its largest cell: office hours (8–17)
// always, widened to any hour that has answers so nothing is hidden. One rule for the HTML and
// the PDF, so both draw the same columns.
struct HeatMapSpan {
    int first_hour = 8;
    int last_hour = 17;
    std::int64_t max_cell = 0;
    int columns() const { return last_hour - first_hour + 1; }
};
HeatMapSpan heat_map_span(const Report& report);

// Thai weekday name of a weekday_hour row (0 = จันทร์ … 6 = อาทิตย์).
std::string_view weekday_row_name_th(int row);
std::string_view weekday_row_name_en(int row);
// "ต.ค. 2568"
std::string month_label_th(int year, int month);
// "Oct 2025"
std::string month_label_en(int year, int month);
// Labels of the channels the store knows ("kiosk", "paper"); the id itself for others.
core::LocalText channel_label(std::string_view channel);
// "1,234,567"
std::string format_count(std::int64_t value);
// core::format_2dp, or "-" when there is nothing to print (n == 0).
std::string format_mean(const Stats& stats);
std::string format_sd(const Stats& stats);
// The ISO file name an export gets by default: "feedback-report-2569-H1.html".
std::string default_file_name(const core::Period& period, std::string_view extension);

}  // namespace feedback::report
