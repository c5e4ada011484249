// Public results (issue 19, item 3): what an office publishes of its satisfaction figures —
// the page /public/<office-code>, its JSON /public/<office-code>.json and the fragment
// /public/<office-code>/embed that an office website puts in an iframe.
//
// Why this shape:
// - The figures are the kiosk's own report (kiosk/report, compute_report) computed at the
//   collector over the office's entries: this file never counts, it only chooses which
//   computed figures are public and how they read. So a figure on the website is the figure
//   in the office's report, to the last digit.
// - Published: the last completed fiscal half and the current half to date, each with the
//   overall figure, every service point and every dimension — respondents, mean, level and
//   ร้อยละ. Nothing else of the report is even copied into PublicResults: no comment, no
//   complaint, no device, channel, month or hour. What the model cannot hold no page can leak.
// - The small-numbers rule: every row of fewer than kMinAnswers (5) answers — the overall
//   figure, a service point, a dimension — is published as "น้อยกว่า 5" / "fewer than 5"
//   without any figure (not even its count), so a figure can never point at one or two
//   visitors. A row with no answers says so ("-"): it points at nobody. It is the kiosk's
//   public-edition threshold (report::kSmallSlice), applied to every row rather than only to
//   slices, because a website is more public than a printed notice board.
// - Rendering is pure (model in, text out), so tests check the JSON and the HTML without a
//   server; PublicPages (public_pages.h) adds routes, headers and the cache.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/period.h"
#include "report/report.h"

namespace feedback::publicresults {

// Fewer answers than this and a row is published without figures.
inline constexpr std::int64_t kMinAnswers = report::kSmallSlice;
static_assert(kMinAnswers == 5, "the public pages and README say 'fewer than 5'");

// True when a row of `answers` answers must be published without figures (1..4).
bool suppressed(std::int64_t answers);

// One published row: the overall figure, a service point or a dimension.
struct Row {
    std::string id;           // "" for the overall row and for "service point not specified"
    std::string label_th;
    std::string label_en;
    bool suppressed = false;  // 1..4 answers: n and every figure are withheld
    std::int64_t n = 0;       // answers (respondents for the overall row); 0 when suppressed
    double mean = 0.0;        // unrounded; meaningful when n > 0 and not suppressed
    int level = 0;            // 1..5 (band of the printed mean); 0 when none
    double percent_of_max = 0.0;  // ร้อยละ of the printed mean
    bool has_figures() const { return !suppressed && n > 0; }
};

struct Half {
    core::Period period;      // the whole fiscal half ("2569-H2")
    bool complete = false;    // false: the current half, figures up to `to_date`
    core::CivilDate to_date;  // last day counted: period.last when complete, else today
    Row overall;
    std::vector<Row> service_points;  // the report's order: survey order, then others
    std::vector<Row> dimensions;
};

struct Results {
    std::string office_code;
    std::string office_name_th;
    std::string office_name_en;
    std::int64_t generated_utc_ms = 0;
    std::vector<Half> halves;  // last completed half first, then the current one
};

// The row of a computed statistic, the rule above applied.
Row row_from(const std::string& id, const core::LocalText& label, const report::Stats& stats);
// The public part of a computed report (never its comments, complaints, devices or months).
Half half_from(const report::Report& report, bool complete, core::CivilDate to_date);

// The last completed fiscal half and the current one on office-local day `today`.
struct Periods {
    core::Period last_completed;
    core::Period current;
};
Periods periods_on(core::CivilDate today);

// The JSON document (README.md, "Public results"): UTF-8, members in a fixed order.
std::string to_json(const Results& results);

// The full page (Thai first; `english` for ?lang=en) and the embeddable fragment. Both are
// complete HTML documents without scripts or outside resources. `base_path` is
// "/public/<code>", used for the language switch and the fragment's link to the page.
std::string page_html(const Results& results, bool english);
std::string embed_html(const Results& results, bool english);
// The one answer for an unknown and an unpublished office alike.
std::string not_found_html();

}  // namespace feedback::publicresults
