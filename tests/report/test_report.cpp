// compute_report() against the hand-computed fixture (report_fixture.h holds the arithmetic):
// counts, means, sample S.D., percentages, ranks, the +07:00 period boundaries at midnight on
// 1 Oct and 1 Apr, and what is excluded and counted.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/likert.h"
#include "core/period.h"
#include "core/survey.h"
#include "core/demo_data.h"
#include "report/store_input.h"
#include "report/entry_rows.h"
#include "report/json_export.h"
#include "report/report.h"
#include "report_fixture.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::TempDir;

namespace {

struct Fixture {
    TempDir dir;
    store::Store store{dir / "report.db"};
    core::Survey survey = core::default_survey();
    core::LikertScale scale;
    Fixture() { testing::fill_report_fixture(store); }
    report::Report report(const std::string& period) {
        return report::compute_report(store, core::parse_period(period), survey, scale);
    }
};

const report::QuestionResult& dimension(const report::Report& r, const std::string& id) {
    for (const auto& q : r.dimensions)
        if (q.id == id) return q;
    FAIL("no dimension " << id);
    throw std::logic_error("unreachable");
}

const report::GroupResult& group(const std::vector<report::GroupResult>& groups, const std::string& id) {
    for (const auto& g : groups)
        if (g.id == id) return g;
    FAIL("no group " << id);
    throw std::logic_error("unreachable");
}

std::int64_t cell(const report::Report& r, int weekday_row, int hour) {
    return r.weekday_hour[static_cast<std::size_t>(weekday_row)][static_cast<std::size_t>(hour)];
}

}  // namespace

TEST_CASE("sample size, exclusions and the main question match the hand computation", "[report]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    CHECK(r.entries == 17);
    CHECK(r.ratings == 14);
    CHECK(r.misuse_excluded == 2);
    CHECK(r.invalid_excluded == 0);
    CHECK(r.open_sessions == 1);
    CHECK(r.respondents() == 12);

    const auto& s = r.main.stats;
    CHECK(r.main.id == "overall");
    CHECK(s.counts == std::array<std::int64_t, 5>{1, 1, 2, 3, 5});
    CHECK(report::format_mean(s) == "3.83");
    CHECK(report::format_sd(s) == "1.34");
    CHECK(s.level == 4);
    CHECK(core::level_name_th(s.level) == "มาก");
    CHECK(core::format_2dp(s.percent_of_max) == "76.60");
    CHECK(core::format_2dp(s.level_percent(5)) == "41.67");
    CHECK(core::format_2dp(s.level_percent(4)) == "25.00");
    CHECK(core::format_2dp(s.level_percent(3)) == "16.67");
    CHECK(core::format_2dp(s.level_percent(2)) == "8.33");
    CHECK(core::format_2dp(s.level_percent(1)) == "8.33");
    CHECK_FALSE(r.main.rank);
}

TEST_CASE("dimensions: n, mean, sample S.D., ร้อยละ, level and competition ranks", "[report]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    REQUIRE(r.dimensions.size() == 4);
    CHECK(r.dimensions[0].id == "process");  // survey order
    CHECK(r.dimensions[3].id == "quality");

    const auto& process = dimension(r, "process").stats;
    CHECK(process.n == 3);
    CHECK(report::format_mean(process) == "4.00");
    CHECK(report::format_sd(process) == "1.00");
    CHECK(core::format_2dp(process.percent_of_max) == "80.00");
    CHECK(process.level == 4);
    CHECK(core::format_2dp(process.level_percent(5)) == "33.33");

    const auto& staff = dimension(r, "staff").stats;
    CHECK(staff.n == 4);
    CHECK(report::format_mean(staff) == "4.50");
    CHECK(report::format_sd(staff) == "0.58");
    CHECK(core::format_2dp(staff.percent_of_max) == "90.00");
    CHECK(staff.level == 5);

    const auto& facilities = dimension(r, "facilities").stats;
    CHECK(facilities.n == 2);
    CHECK(report::format_mean(facilities) == "4.00");
    CHECK(report::format_sd(facilities) == "1.41");

    const auto& quality = dimension(r, "quality").stats;
    CHECK(quality.n == 3);
    CHECK(report::format_mean(quality) == "2.33");
    CHECK(report::format_sd(quality) == "0.58");
    CHECK(core::format_2dp(quality.percent_of_max) == "46.60");
    CHECK(quality.level == 2);
    CHECK(core::level_name_th(quality.level) == "น้อย");

    CHECK(dimension(r, "staff").rank == 1);
    CHECK(dimension(r, "process").rank == 2);
    CHECK(dimension(r, "facilities").rank == 2);
    CHECK(dimension(r, "quality").rank == 4);
}

TEST_CASE("respondents per service point and per channel", "[report]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    REQUIRE(r.service_points.size() == 5);
    CHECK(r.service_points[0].id == "palad");
    CHECK(r.service_points[4].id.empty());  // not specified, last
    CHECK(r.service_points[4].label.th == "ไม่ระบุจุดบริการ");

    const auto& palad = group(r.service_points, "palad");
    CHECK(palad.stats.n == 4);
    CHECK(core::format_2dp(palad.share_percent) == "33.33");
    CHECK(report::format_mean(palad.stats) == "4.50");
    CHECK(report::format_sd(palad.stats) == "0.58");
    const auto& finance = group(r.service_points, "finance");
    CHECK(finance.stats.n == 3);
    CHECK(core::format_2dp(finance.share_percent) == "25.00");
    CHECK(report::format_mean(finance.stats) == "4.00");
    const auto& engineering = group(r.service_points, "engineering");
    CHECK(engineering.stats.n == 2);
    CHECK(report::format_mean(engineering.stats) == "1.50");
    CHECK(report::format_sd(engineering.stats) == "0.71");
    CHECK(engineering.stats.level == 1);
    const auto& education = group(r.service_points, "education");
    CHECK(education.stats.n == 1);
    CHECK(report::format_mean(education.stats) == "3.00");
    CHECK(report::format_sd(education.stats) == "-");  // no S.D. of one answer
    const auto& unspecified = group(r.service_points, "");
    CHECK(unspecified.stats.n == 2);
    CHECK(report::format_sd(unspecified.stats) == "0.00");

    REQUIRE(r.channels.size() == 2);
    const auto& kiosk = group(r.channels, "kiosk");
    CHECK(kiosk.stats.n == 9);
    CHECK(core::format_2dp(kiosk.share_percent) == "75.00");
    CHECK(report::format_mean(kiosk.stats) == "3.78");
    CHECK(report::format_sd(kiosk.stats) == "1.48");
    CHECK(kiosk.label.th == "ตู้รับฟังความคิดเห็น");
    const auto& paper = group(r.channels, "paper");
    CHECK(paper.stats.n == 3);
    CHECK(report::format_mean(paper.stats) == "4.00");
    CHECK(report::format_sd(paper.stats) == "1.00");
}

TEST_CASE("trend by month covers every month of the period", "[report]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    REQUIRE(r.months.size() == 6);
    const std::vector<std::tuple<int, int, std::int64_t, std::string, std::string>> expected = {
        {2025, 10, 3, "4.67", "0.58"}, {2025, 11, 2, "4.00", "1.41"}, {2025, 12, 1, "2.00", "-"},
        {2026, 1, 2, "2.50", "2.12"},  {2026, 2, 2, "4.00", "1.41"},  {2026, 3, 2, "4.50", "0.71"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& [year, month, n, mean, sd] = expected[i];
        INFO("month " << i);
        CHECK(r.months[i].year == year);
        CHECK(r.months[i].month == month);
        CHECK(r.months[i].stats.n == n);
        CHECK(report::format_mean(r.months[i].stats) == mean);
        CHECK(report::format_sd(r.months[i].stats) == sd);
    }
    CHECK(report::month_label_th(2025, 10) == "ต.ค. 2568");
    CHECK(report::month_label_th(2026, 3) == "มี.ค. 2569");
}

TEST_CASE("heat map of answers by weekday (Monday first) and local hour", "[report]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    CHECK(report::weekday_row_name_th(0) == "จันทร์");
    CHECK(report::weekday_row_name_th(6) == "อาทิตย์");
    CHECK(cell(r, 0, 8) == 1);   // Mon 08:30 R7
    CHECK(cell(r, 0, 9) == 2);   // Mon 09:15 R2, 09:40 R3 (M1 at 09:16 is misuse)
    CHECK(cell(r, 0, 16) == 1);  // Mon 16:45 R8
    CHECK(cell(r, 1, 11) == 2);  // Tue R9, R10
    CHECK(cell(r, 1, 14) == 1);  // Tue R6
    CHECK(cell(r, 1, 23) == 1);  // Tue 31 Mar 23:59:59.999 R12
    CHECK(cell(r, 2, 0) == 1);   // Wed 1 Oct 00:00 R1
    CHECK(cell(r, 2, 10) == 2);  // Wed R4, R5
    CHECK(cell(r, 4, 15) == 1);  // Fri R11
    std::int64_t total = 0;
    for (const auto& row : r.weekday_hour)
        for (auto value : row) total += value;
    CHECK(total == 12);
}

TEST_CASE("reasons: counts and % of respondents, most chosen first, ties in survey order", "[report]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    REQUIRE(r.reasons.size() == 10);  // every chip of the survey, chosen or not
    const std::vector<std::pair<std::string, std::int64_t>> expected = {
        {"long_wait", 3},      {"fast", 3},           {"friendly", 2},     {"complicated_steps", 1},
        {"impolite_staff", 1}, {"unclear_documents", 1}, {"good_advice", 1}, {"repeat_visits", 0},
        {"clear_steps", 0},    {"convenient_place", 0}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("reason " << i);
        CHECK(r.reasons[i].id == expected[i].first);
        CHECK(r.reasons[i].count == expected[i].second);
    }
    CHECK(core::format_2dp(r.reasons[0].percent) == "25.00");
    CHECK(core::format_2dp(r.reasons[2].percent) == "16.67");
    CHECK(core::format_2dp(r.reasons[3].percent) == "8.33");
    CHECK(r.reasons[0].label.th == "รอนาน");
}

TEST_CASE("complaints: total, by category, sensitive, and none in the next half", "[report]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    CHECK(r.complaints.total == 3);
    CHECK(r.complaints.sensitive == 1);
    REQUIRE(r.complaints.by_category.size() == 6);
    std::map<std::string, std::int64_t> by_id;
    for (const auto& c : r.complaints.by_category) by_id[c.id] = c.count;
    CHECK(by_id == std::map<std::string, std::int64_t>{
                       {"unfair", 0}, {"rude", 2}, {"delay", 0}, {"bribery", 1}, {"facilities", 0}, {"other", 0}});
    CHECK(r.complaints.by_category[3].sensitive_category);

    const auto h2 = f.report("2569-H2");
    CHECK(h2.complaints.total == 0);
    CHECK(h2.complaints.sensitive == 0);
    CHECK(report::kNoComplaintsTh == "ไม่มีเรื่องร้องเรียน");
}

TEST_CASE("suggestions: non-empty comments of counted answers, oldest first", "[report]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    REQUIRE(r.suggestions.size() == 3);
    CHECK(r.suggestions[0].text == "บริการดีมาก");
    CHECK(r.suggestions[0].date == core::CivilDate{2025, 10, 6});
    CHECK(r.suggestions[0].hour == 9);
    CHECK(r.suggestions[0].minute == 15);
    CHECK(r.suggestions[0].rating == 5);
    CHECK(r.suggestions[0].service_point == "palad");
    CHECK(r.suggestions[1].text == testing::kR5Comment);
    CHECK(r.suggestions[2].text == testing::kR9Comment);
    CHECK(r.suggestions[2].rating == 3);
}

TEST_CASE("period boundaries are local midnight +07:00 on 1 Oct and 1 Apr", "[report][period]") {
    Fixture f;
    // 2568-H2 ends at 2025-09-30T17:00:00.000Z: O1 (23:59:59.999 local) is its last answer.
    const auto previous = f.report("2568-H2");
    CHECK(previous.respondents() == 1);
    CHECK(previous.complaints.total == 1);  // C0
    CHECK(previous.weekday_hour[1][23] == 1);  // Tue 30 Sep 2025, 23:xx

    // 2569-H2 starts at 2026-03-31T17:00:00.000Z: O2, stored by a kiosk whose clock was UTC.
    const auto next = f.report("2569-H2");
    CHECK(next.respondents() == 1);
    CHECK(next.entries == 1);
    CHECK(next.weekday_hour[2][0] == 1);  // Wed 1 Apr 2026, 00:00 office time
    CHECK(next.months.size() == 6);
    CHECK(next.months[0].stats.n == 1);  // April

    const auto year = f.report("2569");
    CHECK(year.respondents() == 13);
    CHECK(year.months.size() == 12);
    CHECK(year.misuse_excluded == 2);

    const auto day = f.report("2025-10-06..2025-10-06");
    CHECK(day.respondents() == 2);  // R2, R3; M1 misuse
    CHECK(day.misuse_excluded == 1);
    CHECK(day.months.size() == 1);

    const auto bounds = report::period_bounds(core::parse_period("2569-H1"));
    CHECK(bounds.lower == "2025-09-30T17:00:00.000Z");
    CHECK(bounds.upper == "2026-03-31T17:00:00.000Z");
}

TEST_CASE("an empty period gives zeros and no means", "[report]") {
    Fixture f;
    const auto r = f.report("2600-H1");
    CHECK(r.entries == 0);
    CHECK(r.respondents() == 0);
    CHECK(report::format_mean(r.main.stats) == "-");
    CHECK(report::format_sd(r.main.stats) == "-");
    CHECK(r.main.stats.level == 0);
    for (const auto& q : r.dimensions) CHECK_FALSE(q.rank);
    CHECK(r.service_points.size() == 4);  // survey points, no "not specified" row
    CHECK(r.complaints.total == 0);
    CHECK(r.suggestions.empty());
}

TEST_CASE("stats_from_counts agrees with core::summarize digit for digit", "[report]") {
    const core::LikertScale scale;
    const std::vector<std::vector<int>> samples = {
        {5, 5, 4, 3, 5, 2, 4, 1, 3, 5, 4, 5}, {4, 4, 4, 4}, {1}, {}, {5, 1}, {3, 4, 5, 5, 5, 2, 2, 1, 4}};
    for (const auto& answers : samples) {
        std::array<std::int64_t, 5> counts{};
        for (int a : answers) ++counts[static_cast<std::size_t>(a - 1)];
        const auto ours = report::stats_from_counts(counts, scale);
        const auto theirs = core::summarize(answers);
        CHECK(ours.n == theirs.n);
        CHECK(ours.mean == theirs.mean);
        CHECK(ours.sd == theirs.sd);
    }
}

TEST_CASE("a configurable scale changes the level, not the mean", "[report]") {
    Fixture f;
    const auto half = core::LikertScale::from_upper_bounds({1.50, 2.50, 3.50, 4.50});
    const auto r = report::compute_report(f.store, core::parse_period("2569-H1"), f.survey, half);
    CHECK(report::format_mean(r.main.stats) == "3.83");
    CHECK(r.main.stats.level == 4);                 // 3.51–4.50 มาก
    CHECK(dimension(r, "staff").stats.level == 4);  // 4.50 is the top of มาก in 0.5 bands
}

TEST_CASE("ids an older survey used still count, under their id", "[report]") {
    Fixture f;
    testing::RatingSpec old{testing::local_ms(2026, 3, 3, 10), 4, "old_counter", "kiosk",
                            {{"cleanliness", 5}}, {"parking"}};
    f.store.add_entry(testing::make_rating(old));
    const auto r = f.report("2569-H1");
    CHECK(r.respondents() == 13);
    const auto& sp = group(r.service_points, "old_counter");
    CHECK(sp.stats.n == 1);
    CHECK_FALSE(sp.in_survey);
    CHECK(sp.label.th == "old_counter");
    const auto& cleanliness = dimension(r, "cleanliness");
    CHECK_FALSE(cleanliness.in_survey);
    CHECK(cleanliness.rank == 1);  // 5.00 beats staff's 4.50, which now ranks 2
    CHECK(dimension(r, "staff").rank == 2);
    bool parking = false;
    for (const auto& reason : r.reasons) parking = parking || (reason.id == "parking" && reason.count == 1);
    CHECK(parking);
}

TEST_CASE("rows the store could not have written are excluded and counted, not fatal", "[report]") {
    Fixture f;
    // Written behind the store's back (as a damaged import might): a dimension level of 9.
    f.store.database().exec(
        "INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, rating, dimensions, "
        "reasons, language, session_state, survey_version, updated_utc) VALUES "
        "('00000000-0000-7000-8000-000000000001', 'rating', '2026-03-03T03:00:00.000Z', 420, 'x', 4, "
        "'{\"staff\":9}', '[]', 'th', 'closed', '1', '2026-03-03T03:00:00.000Z')");
    const auto r = f.report("2569-H1");
    CHECK(r.invalid_excluded == 1);
    CHECK(r.ratings == 15);
    CHECK(r.respondents() == 12);
    CHECK(report::format_mean(dimension(r, "staff").stats) == "4.50");
}

TEST_CASE("answer lists: the compact form and any other valid JSON read the same", "[report][json]") {
    const auto dims = [](std::string_view text) {
        std::vector<std::pair<std::string, int>> out;
        const bool ok = report::for_each_dimension(text, [&](std::string_view id, int level) {
            out.emplace_back(std::string(id), level);
        });
        return std::make_pair(ok, out);
    };
    using Dims = std::vector<std::pair<std::string, int>>;
    CHECK(dims("{}") == std::make_pair(true, Dims{}));
    CHECK(dims("{\"process\":4,\"staff\":5}") == std::make_pair(true, Dims{{"process", 4}, {"staff", 5}}));
    CHECK(dims("{ \"process\" : 4 , \"staff\": 5 }") == std::make_pair(true, Dims{{"process", 4}, {"staff", 5}}));
    CHECK(dims("{\"a\\\"b\":3}") == std::make_pair(true, Dims{{"a\"b", 3}}));
    CHECK_FALSE(dims("{\"a\":\"3\"}").first);
    CHECK_FALSE(dims("[1]").first);
    CHECK_FALSE(dims("{\"a\":3").first);
    CHECK(dims("{\"a\":3,\"b\":").second.empty());  // nothing handed out from a broken text

    const auto reasons = [](std::string_view text) {
        std::vector<std::string> out;
        const bool ok = report::for_each_reason(text, [&](std::string_view id) { out.emplace_back(id); });
        return std::make_pair(ok, out);
    };
    using Ids = std::vector<std::string>;
    CHECK(reasons("[]") == std::make_pair(true, Ids{}));
    CHECK(reasons("[\"fast\",\"friendly\"]") == std::make_pair(true, Ids{"fast", "friendly"}));
    CHECK(reasons("[ \"fast\" ]") == std::make_pair(true, Ids{"fast"}));
    CHECK(reasons("[\"\\u0e01\"]") == std::make_pair(true, Ids{"ก"}));
    CHECK_FALSE(reasons("[1]").first);
    CHECK_FALSE(reasons("{}").first);
}

TEST_CASE("number formatting shared by the renderers", "[report]") {
    CHECK(report::format_count(0) == "0");
    CHECK(report::format_count(999) == "999");
    CHECK(report::format_count(1000) == "1,000");
    CHECK(report::format_count(1234567) == "1,234,567");
    CHECK(report::default_file_name(core::parse_period("2569-H1"), "html") == "feedback-report-2569-H1.html");
    CHECK(report::default_file_name(core::parse_period("2026-01-01..2026-01-31"), "csv") ==
          "feedback-report-2026-01-01__2026-01-31.csv");
}

TEST_CASE("the two-thread pass counts exactly what one pass counts", "[report][snapshot]") {
    Fixture f;
    core::DemoParams params;
    params.count = 3000;
    params.first = {2025, 10, 1};
    params.last = {2026, 3, 31};
    core::DemoGenerator generator(f.survey, params);
    store::Store::BulkWriter writer(f.store);
    while (generator.has_next()) writer.add(generator.next());
    writer.finish();
    report::ReportOptions options;
    options.generated_utc_ms = 0;
    options.suggestion_limit = 0;
    const auto period = core::parse_period("2569-H1");

    std::string two_threads;
    {
        const report::ReadSnapshot snapshot(f.store);
        REQUIRE(snapshot.twin() != nullptr);
        two_threads = report::render_json(report::compute_report(f.store, period, f.survey, f.scale, options));
    }
    // Inside a transaction the report did not start there is no twin: one thread.
    f.store.database().exec("BEGIN");
    {
        const report::ReadSnapshot nested(f.store);
        CHECK(nested.twin() == nullptr);
    }
    const auto one_thread = report::render_json(report::compute_report(f.store, period, f.survey, f.scale, options));
    f.store.database().exec("COMMIT");
    CHECK(one_thread == two_threads);
    CHECK(nlohmann::json::parse(one_thread)["entries"]["respondents"].get<int>() > 2900);
}

TEST_CASE("a snapshot and its twin see the database as it was when the report began", "[report][snapshot]") {
    Fixture f;
    const report::ReadSnapshot snapshot(f.store);
    REQUIRE(snapshot.twin() != nullptr);
    // Another process (the kiosk) stores answers in both halves of the period meanwhile.
    store::Store kiosk(f.dir / "report.db");
    kiosk.add_entry(testing::make_rating({testing::local_ms(2025, 10, 2, 10), 5, "palad"}));
    kiosk.add_entry(testing::make_rating({testing::local_ms(2026, 3, 2, 10), 5, "palad"}));
    const auto r = f.report("2569-H1");
    CHECK(r.respondents() == 12);
    CHECK(r.entries == 17);
}

namespace {

// Fails every SELECT while `deny` is set (sqlite3_set_authorizer), standing in for a read that
// fails half-way through a report (an I/O error, a busy file).
int deny_selects(void* deny, int action, const char*, const char*, const char*, const char*) {
    return *static_cast<bool*>(deny) && action == SQLITE_SELECT ? SQLITE_DENY : SQLITE_OK;
}

}  // namespace

TEST_CASE("a failed read inside a report leaves the connection outside any transaction", "[report][snapshot]") {
    Fixture f;
    sqlite3* db = f.store.database().handle();
    const auto mmap_before = f.store.database().query_int("PRAGMA mmap_size");
    bool deny = false;
    sqlite3_set_authorizer(db, deny_selects, &deny);

    SECTION("the snapshot's own first read fails") {
        deny = true;
        CHECK_THROWS_AS(report::ReadSnapshot(f.store), store::StoreError);
    }
    SECTION("a read of the report fails while the snapshot is open") {
        CHECK_THROWS_AS(
            [&] {
                const report::ReadSnapshot snapshot(f.store);
                REQUIRE(sqlite3_get_autocommit(db) == 0);
                deny = true;
                return f.report("2569-H1");
            }(),
            store::StoreError);
    }
    deny = false;
    sqlite3_set_authorizer(db, nullptr, nullptr);
    CHECK(sqlite3_get_autocommit(db) != 0);
    CHECK(f.store.database().query_int("PRAGMA mmap_size") == mmap_before);
    // The connection still writes: a tap after a failed export is stored.
    f.store.add_entry(testing::make_rating({testing::local_ms(2025, 10, 2, 10), 5, "palad"}));
    CHECK(f.report("2569-H1").respondents() == 13);
}
