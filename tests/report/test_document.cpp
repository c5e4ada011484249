// The report as a document (issue 17): respondent profile, the executive summary's sentences
// against the figures they quote, the comparison over three halves, masking of personal data in
// comments, and the public edition (approved comments only, small slices suppressed). Figures
// are worked out by hand in the comments beside each fixture.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/likert.h"
#include "core/period.h"
#include "core/survey.h"
#include "report/store_input.h"
#include "report/html_export.h"
#include "report/json_export.h"
#include "report/masking.h"
#include "report/report.h"
#include "report_fixture.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::local_ms;
using feedback::testing::TempDir;
using Catch::Contains;

namespace {

const report::SummarySentence* sentence(const report::Report& r, const std::string& id) {
    for (const auto& s : r.summary)
        if (s.id == id) return &s;
    return nullptr;
}

core::Survey survey_with_profile() {
    core::Survey survey = core::default_survey();
    core::ProfileQuestion sex{"sex", {"เพศ", "Sex"}, {{"male", {"ชาย", "Male"}}, {"female", {"หญิง", "Female"}}}};
    core::ProfileQuestion age{"age",
                              {"อายุ", "Age"},
                              {{"under_30", {"ต่ำกว่า 30 ปี", "Under 30"}},
                               {"30_59", {"30–59 ปี", "30–59"}},
                               {"60_plus", {"60 ปีขึ้นไป", "60 and over"}}}};
    survey.profile = {sex, age};
    return survey;
}

core::Entry rating_with_profile(std::int64_t utc_ms, int rating, std::map<std::string, std::string> profile,
                                bool misuse = false) {
    testing::RatingSpec spec{utc_ms, rating, "palad"};
    spec.misuse = misuse;
    core::Entry e = testing::make_rating(spec);
    e.profile = std::move(profile);
    return e;
}

}  // namespace

// Eight counted answers in 2569-H1 and one misuse tap:
//   sex: male 3, female 2, an old option "monk" 1, not answered 2  -> 37.50 / 25.00 / 12.50 / 25.00
//   age: under_30 0, 30_59 4, 60_plus 1, not answered 3           ->  0.00 / 50.00 / 12.50 / 37.50
// The misuse tap (female, 60_plus) counts nowhere.
TEST_CASE("profile: counts and per cent per option, old options and ไม่ระบุ", "[report][profile]") {
    TempDir dir;
    store::Store store(dir / "profile.db");
    const auto survey = survey_with_profile();
    const std::vector<std::map<std::string, std::string>> answers = {
        {{"sex", "male"}, {"age", "30_59"}}, {{"sex", "male"}, {"age", "30_59"}}, {{"sex", "male"}},
        {{"sex", "female"}, {"age", "30_59"}}, {{"sex", "female"}, {"age", "60_plus"}}, {{"sex", "monk"}, {"age", "30_59"}},
        {}, {}};
    for (std::size_t i = 0; i < answers.size(); ++i)
        store.add_entry(rating_with_profile(local_ms(2025, 11, 3, 9, static_cast<int>(i)), 4, answers[i]));
    store.add_entry(rating_with_profile(local_ms(2025, 11, 3, 10), 1, {{"sex", "female"}, {"age", "60_plus"}}, true));

    const auto r = report::compute_report(store, core::parse_period("2569-H1"), survey, core::LikertScale());
    REQUIRE(r.respondents() == 8);
    REQUIRE(r.profile.size() == 2);
    const auto& sex = r.profile[0];
    CHECK(sex.id == "sex");
    REQUIRE(sex.options.size() == 4);
    CHECK(sex.options[0].id == "male");
    CHECK(sex.options[0].count == 3);
    CHECK(core::format_2dp(sex.options[0].percent) == "37.50");
    CHECK(sex.options[1].id == "female");
    CHECK(sex.options[1].count == 2);
    CHECK(core::format_2dp(sex.options[1].percent) == "25.00");
    CHECK(sex.options[2].id == "monk");
    CHECK_FALSE(sex.options[2].in_survey);
    CHECK(sex.options[2].count == 1);
    CHECK(sex.options[3].id.empty());
    CHECK(sex.options[3].label.th == "ไม่ระบุ");
    CHECK(sex.options[3].count == 2);
    CHECK(core::format_2dp(sex.options[3].percent) == "25.00");
    const auto& age = r.profile[1];
    REQUIRE(age.options.size() == 4);
    CHECK(age.options[0].count == 0);
    CHECK(age.options[1].count == 4);
    CHECK(core::format_2dp(age.options[1].percent) == "50.00");
    CHECK(age.options[2].count == 1);
    CHECK(age.options[3].count == 3);
    CHECK(core::format_2dp(age.options[3].percent) == "37.50");

    const auto j = nlohmann::json::parse(report::render_json(r));
    REQUIRE(j["profile"].size() == 2);
    CHECK(j["profile"][0]["options"][0]["count"] == 3);
    CHECK(j["profile"][0]["options"][0]["percent"] == 37.5);
    CHECK(j["profile"][0]["options"][3]["id"].is_null());
    CHECK(j["profile"][0]["options"][3]["label_th"] == "ไม่ระบุ");
    const auto html = report::render_html(r);
    CHECK_THAT(html, Contains("ข้อมูลทั่วไปของผู้ตอบแบบสอบถาม"));
    CHECK_THAT(html, Contains("<td>  ไม่ระบุ</td><td class=\"num\">2</td><td class=\"num\">25.00</td>"));
}

TEST_CASE("profile: no section when nobody answered the profile questions", "[report][profile]") {
    TempDir dir;
    store::Store store(dir / "profile.db");
    testing::fill_report_fixture(store);
    const auto r = report::compute_report(store, core::parse_period("2569-H1"), survey_with_profile(), core::LikertScale());
    CHECK_FALSE(r.has_profile_answers());
    CHECK_THAT(report::render_html(r), !Contains("ข้อมูลทั่วไปของผู้ตอบแบบสอบถาม"));
}

TEST_CASE("the store keeps profile answers through update_entry and reads them back", "[report][profile]") {
    TempDir dir;
    store::Store store(dir / "profile.db");
    auto e = rating_with_profile(local_ms(2025, 11, 3, 9), 5, {});
    e.state = core::SessionState::Open;
    store.add_entry(e);
    e.profile = {{"sex", "female"}, {"age", "60_plus"}};
    REQUIRE(store.update_entry(e));
    const auto back = store.find_entry(e.id);
    REQUIRE(back);
    CHECK(back->profile == e.profile);
}

// The summary quotes the fixture's hand-computed figures (report_fixture.h): n 12, mean 3.83,
// ร้อยละ 76.60, มาก; staff strongest 4.50 (90.00); quality weakest 2.33 (46.60); engineering the
// lowest service point 1.50 from 2; long_wait 3 (25.00), fast 3 (25.00), friendly 2 (16.67).
// Previous half 2568-H2 holds one answer (O1, rating 1): 1.00, 20.00 -> +56.60 points.
TEST_CASE("the executive summary's sentences quote the figures of the report", "[report][summary]") {
    TempDir dir;
    store::Store store(dir / "summary.db");
    testing::fill_report_fixture(store);
    const auto survey = core::default_survey();
    report::ReportOptions options;
    options.office_name = "องค์การบริหารส่วนตำบลบ้านทดสอบ";
    options.target_percent = 80.0;
    const auto r = report::compute_document(store, core::parse_period("2569-H1"), survey, core::LikertScale(), options);
    const auto j = nlohmann::json::parse(report::render_json(r));

    const auto* overall = sentence(r, "overall");
    REQUIRE(overall);
    CHECK_THAT(overall->text.th, Contains("จากผู้ตอบแบบประเมินจำนวน 12 ราย"));
    CHECK_THAT(overall->text.th, Contains("มีความพึงพอใจโดยรวมอยู่ในระดับมาก ค่าเฉลี่ย 3.83 คิดเป็นร้อยละ 76.60"));
    CHECK_THAT(overall->text.th, Contains(options.office_name));
    CHECK(j["questions"][0]["mean"] == 3.83);
    CHECK(j["questions"][0]["percent_of_max"] == 76.6);
    CHECK(j["entries"]["respondents"] == 12);
    CHECK_THAT(overall->text.en, Contains("mean 3.83, 76.60%"));

    const auto* strongest = sentence(r, "strongest");
    REQUIRE(strongest);
    CHECK(strongest->text.th ==
          "ด้านที่ผู้รับบริการพึงพอใจมากที่สุด ได้แก่ " + survey.find_dimension("staff")->text.th + " ค่าเฉลี่ย 4.50 (ร้อยละ 90.00)");
    const auto* weakest = sentence(r, "weakest");
    REQUIRE(weakest);
    CHECK(weakest->text.th == "ด้านที่ผู้รับบริการพึงพอใจน้อยที่สุด ได้แก่ " + survey.find_dimension("quality")->text.th +
                                  " ค่าเฉลี่ย 2.33 (ร้อยละ 46.60) เป็นประเด็นที่ควรปรับปรุง");
    const auto* lowest = sentence(r, "lowest_point");
    REQUIRE(lowest);
    CHECK(lowest->text.th == "จุดบริการที่มีค่าเฉลี่ยความพึงพอใจต่ำที่สุด คือ " +
                                 survey.find_service_point("engineering")->name.th + " ค่าเฉลี่ย 1.50 จากผู้ตอบ 2 ราย");
    const auto* reasons = sentence(r, "reasons");
    REQUIRE(reasons);
    CHECK(reasons->text.th == "เหตุผลที่ผู้รับบริการเลือกมากที่สุด ได้แก่ " + survey.find_reason("long_wait")->label.th +
                                  " (3 ครั้ง ร้อยละ 25.00) " + survey.find_reason("fast")->label.th +
                                  " (3 ครั้ง ร้อยละ 25.00) " + survey.find_reason("friendly")->label.th +
                                  " (2 ครั้ง ร้อยละ 16.67)");
    const auto* previous = sentence(r, "comparison_previous_half");
    REQUIRE(previous);
    CHECK_THAT(previous->text.th, Contains("ร้อยละความพึงพอใจเพิ่มขึ้น 56.60 จุด จากร้อยละ 20.00 เป็นร้อยละ 76.60"));
    // The same half of 2568 has no answers: no sentence rather than a made-up change.
    CHECK(sentence(r, "comparison_same_half_last_year") == nullptr);
    const auto* target = sentence(r, "target");
    REQUIRE(target);
    CHECK(target->text.th == "ผลการประเมินร้อยละ 76.60 ยังไม่บรรลุเป้าหมายที่หน่วยงานกำหนดไว้ที่ร้อยละ 80.00 "
                             "ควรนำผลไปปรับปรุงการให้บริการต่อไป");
    CHECK(j["target"]["met"] == false);
    CHECK(j["target"]["target_percent"] == 80.0);
    REQUIRE(j["summary"].size() == r.summary.size());
    CHECK(j["summary"][0]["id"] == "overall");

    // Met when the target is at or below the printed ร้อยละ.
    options.target_percent = 76.6;
    const auto met = report::compute_document(store, core::parse_period("2569-H1"), survey, core::LikertScale(), options);
    REQUIRE(sentence(met, "target"));
    CHECK(sentence(met, "target")->text.th == "ผลการประเมินร้อยละ 76.60 บรรลุเป้าหมายที่หน่วยงานกำหนดไว้ที่ร้อยละ 76.60");
    CHECK(met.target->met);
}

TEST_CASE("the summary of a period without answers says so and quotes nothing", "[report][summary]") {
    TempDir dir;
    store::Store store(dir / "empty.db");
    const auto r = report::compute_document(store, core::parse_period("2570-H1"), core::default_survey(),
                                            core::LikertScale());
    REQUIRE(r.summary.size() == 1);
    CHECK(r.summary[0].id == "no_answers");
}

// Three halves:
//   2568-H1 (1 Oct 2567 .. 31 Mar 2568): 3, 4 (the 4 at 31 Mar 2025 23:59:59.999 +07:00)
//                                        n 2, mean 3.50, ร้อยละ 70.00
//   2568-H2 (1 Apr .. 30 Sep 2568):      4, 4, 5 (the first at 1 Apr 2025 00:00 +07:00)
//                                        n 3, mean 13/3 = 4.33, ร้อยละ 86.60
//   2569-H1:                             5, 5, 4, 4  n 4, mean 4.50, ร้อยละ 90.00
// 2569-H1 vs previous half: mean +0.17, ร้อยละ +3.40, n +1; vs same half last year: +1.00,
// +20.00, +2. Fiscal year 2569 (= 2569-H1 here) vs 2568 (3,4,4,4,5: 4.00, 80.00): +0.50, +10.00.
TEST_CASE("comparison with the previous half, the same half last year and the previous year", "[report][comparison]") {
    TempDir dir;
    store::Store store(dir / "halves.db");
    const std::vector<std::pair<std::int64_t, int>> answers = {
        {local_ms(2024, 11, 5, 10), 3},  {local_ms(2025, 3, 31, 23, 59, 59, 999), 4}, {local_ms(2025, 4, 1), 4},
        {local_ms(2025, 6, 2, 9), 4},    {local_ms(2025, 9, 1, 9), 5},                {local_ms(2025, 10, 7, 9), 5},
        {local_ms(2025, 12, 1, 9), 5},   {local_ms(2026, 2, 2, 9), 4},                {local_ms(2026, 3, 3, 9), 4}};
    for (const auto& [when, rating] : answers) store.add_entry(testing::make_rating({when, rating, "palad"}));
    const auto survey = core::default_survey();

    const auto r = report::compute_document(store, core::parse_period("2569-H1"), survey, core::LikertScale());
    REQUIRE(r.comparisons.size() == 2);
    const auto& previous = r.comparisons[0];
    CHECK(previous.kind == "previous_half");
    CHECK(previous.period.label == "2568-H2");
    CHECK(previous.stats.n == 3);
    CHECK(core::format_2dp(previous.stats.mean) == "4.33");
    CHECK(core::format_2dp(previous.stats.percent_of_max) == "86.60");
    CHECK(core::format_2dp(*previous.mean_change) == "0.17");
    CHECK(core::format_2dp(*previous.percent_change) == "3.40");
    CHECK(previous.n_change == 1);
    const auto& last_year = r.comparisons[1];
    CHECK(last_year.kind == "same_half_last_year");
    CHECK(last_year.period.label == "2568-H1");
    CHECK(last_year.stats.n == 2);
    CHECK(core::format_2dp(last_year.stats.mean) == "3.50");
    CHECK(core::format_2dp(*last_year.mean_change) == "1.00");
    CHECK(core::format_2dp(*last_year.percent_change) == "20.00");
    CHECK(last_year.n_change == 2);

    const auto j = nlohmann::json::parse(report::render_json(r));
    REQUIRE(j["comparisons"].size() == 2);
    CHECK(j["comparisons"][0]["kind"] == "previous_half");
    CHECK(j["comparisons"][0]["period"]["label"] == "2568-H2");
    CHECK(j["comparisons"][0]["n"] == 3);
    CHECK(j["comparisons"][0]["mean"] == 4.33);
    CHECK(j["comparisons"][0]["percent_of_max"] == 86.6);
    CHECK(j["comparisons"][0]["mean_change"] == 0.17);
    CHECK(j["comparisons"][0]["percent_change"] == 3.4);
    CHECK(j["comparisons"][0]["n_change"] == 1);
    CHECK(j["comparisons"][1]["percent_change"] == 20.0);
    const auto html = report::render_html(r);
    CHECK_THAT(html, Contains("เปรียบเทียบกับช่วงก่อนหน้าและเป้าหมาย"));
    CHECK_THAT(html, Contains("<td class=\"num\">+3.40</td>"));
    CHECK_THAT(html, Contains("<td class=\"num\">+20.00</td>"));

    // The second half compares with the first half of the same year and 2568-H2.
    const auto h2 = report::compute_document(store, core::parse_period("2569-H2"), survey, core::LikertScale());
    REQUIRE(h2.comparisons.size() == 2);
    CHECK(h2.comparisons[0].period.label == "2569-H1");
    CHECK(h2.comparisons[1].period.label == "2568-H2");
    CHECK_FALSE(h2.comparisons[0].mean_change);  // nothing in 2569-H2: no change to print
    CHECK(h2.comparisons[0].n_change == -4);

    const auto year = report::compute_document(store, core::parse_period("2569"), survey, core::LikertScale());
    REQUIRE(year.comparisons.size() == 1);
    CHECK(year.comparisons[0].kind == "previous_year");
    CHECK(year.comparisons[0].stats.n == 5);
    CHECK(core::format_2dp(*year.comparisons[0].mean_change) == "0.50");
    CHECK(core::format_2dp(*year.comparisons[0].percent_change) == "10.00");

    const auto range = report::compute_document(store, core::parse_period("2026-01-01..2026-01-31"), survey,
                                                core::LikertScale());
    CHECK(range.comparisons.empty());
}

TEST_CASE("masking: phone numbers, national ID numbers, e-mail addresses and names", "[report][masking]") {
    using report::mask_personal_data;
    // Phones: mobile and fixed, with dashes, spaces, dots, +66 and Thai digits.
    CHECK(mask_personal_data("โทรกลับ 081-234-5678 ด้วย") == "โทรกลับ [เบอร์โทร] ด้วย");
    CHECK(mask_personal_data("เบอร์0812345678ค่ะ") == "เบอร์[เบอร์โทร]ค่ะ");
    CHECK(mask_personal_data("02 123 4567") == "[เบอร์โทร]");
    CHECK(mask_personal_data("call +66 81 234 5678.") == "call [เบอร์โทร].");
    CHECK(mask_personal_data("๐๘๑-๒๓๔-๕๖๗๘") == "[เบอร์โทร]");
    CHECK(mask_personal_data("081.234.5678") == "[เบอร์โทร]");
    // Thai national ID: 13 digits, grouped 1-2345-67890-12-3 or not.
    CHECK(mask_personal_data("บัตร 1-2345-67890-12-3 หาย") == "บัตร [เลขประจำตัว] หาย");
    CHECK(mask_personal_data("เลข 1234567890123") == "เลข [เลขประจำตัว]");
    CHECK(mask_personal_data("1 2345 67890 12 3") == "[เลขประจำตัว]");
    // E-mail.
    CHECK(mask_personal_data("ส่งมาที่ somchai.j@example.co.th ครับ") == "ส่งมาที่ [อีเมล] ครับ");
    CHECK(mask_personal_data("mail: a_b+c@mail.go.th.") == "mail: [อีเมล].");
    // Names after a title; the surname too after a formal title.
    CHECK(mask_personal_data("คุณสมศรีบริการดีมาก") == "คุณ[ชื่อ]");
    CHECK(mask_personal_data("ขอชมคุณ สมศรี ค่ะ") == "ขอชมคุณ [ชื่อ] ค่ะ");
    CHECK(mask_personal_data("นายสมชาย ใจดี พูดไม่สุภาพ") == "นาย[ชื่อ] [ชื่อ] พูดไม่สุภาพ");
    CHECK(mask_personal_data("นางสาวมาลี ดีใจ") == "นางสาว[ชื่อ] [ชื่อ]");
    CHECK(mask_personal_data("น.ส.มาลี") == "น.ส.[ชื่อ]");
    CHECK(mask_personal_data("เจ้าหน้าที่ชื่อสมปอง") == "เจ้าหน้าที่ชื่อ[ชื่อ]");
    CHECK(mask_personal_data("Mr. John Smith was kind") == "Mr. [ชื่อ] [ชื่อ] was kind");
    CHECK(mask_personal_data("Mr Smith was kind") == "Mr [ชื่อ] was kind");
    CHECK(mask_personal_data("my name is Anna") == "my name is [ชื่อ]");
    // Words that only begin like a title, and numbers that are not personal, stay.
    for (const std::string kept :
         {"ขอบคุณมากครับ", "คุณภาพการบริการดี", "นายกฯ มาเยี่ยม", "ทนายความให้คำปรึกษา", "นางพยาบาลใจดี",
          "รอ 30 นาที", "ค่าธรรมเนียม 1,500 บาท", "วันที่ 12/10/2568", "เวลา 09.30 - 10.45 น.", "ชื่อเสียงดี",
          "ลงชื่อแล้ว", "Mrs", "2568-10-01", "ห้อง 101 ชั้น 2"})
        CHECK(mask_personal_data(kept) == kept);
    // Several at once, and masking twice changes nothing more.
    const std::string both = "คุณสมศรี 0812345678 a@b.co";
    CHECK(mask_personal_data(both) == "คุณ[ชื่อ] [เบอร์โทร] [อีเมล]");
    CHECK(mask_personal_data(mask_personal_data(both)) == mask_personal_data(both));
}

TEST_CASE("public edition: only approved comments, masked, small slices suppressed", "[report][edition]") {
    TempDir dir;
    store::Store store(dir / "edition.db");
    testing::fill_report_fixture(store);
    // A comment with a phone number and a name, approved; the fixture's three are not.
    testing::RatingSpec spec{local_ms(2026, 3, 25, 10), 5, "palad"};
    spec.comment = "คุณสมศรีช่วยเหลือดีมาก โทร 081-234-5678";
    const auto approved_entry = testing::make_rating(spec);
    store.add_entry(approved_entry);
    CHECK(store.approve_suggestions({approved_entry.id}, "test") == 1);
    CHECK(store.approve_suggestions({approved_entry.id}, "test") == 0);  // already approved
    CHECK_THROWS_AS(store.approve_suggestions({"00000000-0000-7000-8000-000000000000"}, "test"), std::invalid_argument);

    const auto survey = core::default_survey();
    const auto period = core::parse_period("2569-H1");
    report::ReportOptions options;
    options.edition = report::Edition::Internal;
    const auto internal = report::compute_document(store, period, survey, core::LikertScale(), options);
    REQUIRE(internal.suggestions.size() == 4);
    CHECK(internal.suggestions_withheld == 0);
    CHECK(internal.suggestions[3].text == "คุณ[ชื่อ] โทร [เบอร์โทร]");
    CHECK(internal.suggestions[3].approved);
    CHECK_FALSE(internal.suggestions[0].approved);

    options.edition = report::Edition::Public;
    const auto pub = report::compute_document(store, period, survey, core::LikertScale(), options);
    REQUIRE(pub.suggestions.size() == 1);
    CHECK(pub.suggestions[0].entry_id == approved_entry.id);
    CHECK(pub.suggestions_withheld == 3);
    const auto json = report::render_json(pub);
    const auto html = report::render_html(pub);
    for (const auto& text : {std::string("บริการดีมาก"), testing::kR5Comment, testing::kR9Comment,
                             std::string("081-234-5678"), std::string("สมศรี")}) {
        INFO(text);
        CHECK(json.find(text) == std::string::npos);
        CHECK(html.find(report::html_escape(text)) == std::string::npos);
    }
    const auto j = nlohmann::json::parse(json);
    CHECK(j["edition"] == "public");
    CHECK(j["suggestions_withheld"] == 3);
    REQUIRE(j["suggestions"].size() == 1);
    CHECK(j["suggestions"][0]["text"] == "คุณ[ชื่อ] โทร [เบอร์โทร]");
    // Service points: palad 5 (with the new answer) keeps its figures; finance 3, engineering 2,
    // education 1 and not specified 2 are suppressed.
    for (const auto& sp : j["service_points"]) {
        INFO(sp.dump());
        if (sp["id"] == "palad") {
            CHECK(sp["n"] == 5);
            CHECK_FALSE(sp["suppressed"].get<bool>());
        } else if (sp["suppressed"].get<bool>()) {
            CHECK(sp["n"].is_null());
            CHECK(sp["mean"].is_null());
            CHECK(sp["share_percent"].is_null());
        }
    }
    CHECK(pub.service_points.size() >= 5);
    int suppressed = 0;
    for (const auto& g : pub.service_points) suppressed += g.suppressed ? 1 : 0;
    CHECK(suppressed == 4);
    // Months with fewer than five answers too (every month of the fixture has 1 to 3); the
    // overall figure is never suppressed.
    for (const auto& m : pub.months) {
        CHECK(m.suppressed);
        CHECK(m.stats.n == 0);
    }
    for (const auto& m : internal.months) CHECK_FALSE(m.suppressed);
    CHECK(j["questions"][0]["n"] == 13);
    CHECK_THAT(html, Contains("น้อยกว่า 5"));
    CHECK_THAT(html, Contains("ฉบับเผยแพร่ต่อสาธารณะ"));

    // Revoked: the public edition then has no comment at all.
    CHECK(store.revoke_suggestions({approved_entry.id}, "test") == 1);
    const auto none = report::compute_document(store, period, survey, core::LikertScale(), options);
    CHECK(none.suggestions.empty());
    CHECK(none.suggestions_withheld == 4);
    // Both changes are in the audit log, by id only.
    const auto log = store.audit_log();
    int approvals = 0, revocations = 0;
    for (const auto& a : log) {
        if (a.action == "suggestion-approved") ++approvals;
        if (a.action == "suggestion-revoked") ++revocations;
        CHECK(a.detail.find("สมศรี") == std::string::npos);
    }
    CHECK(approvals == 1);
    CHECK(revocations == 1);
}
