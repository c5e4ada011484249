// Public results (issue 19, item 3) without a server: the small-numbers rule, the JSON
// document, the page and the fragment, and the routes with their headers and cache
// (sync/public). The figures are report::Report values built from level counts, as the kiosk's
// report computes them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "public_pages.h"
#include "public_results.h"

using namespace feedback;
using namespace feedback::publicresults;
using nlohmann::json;

namespace {

// counts[0] = level 1 … counts[4] = level 5
report::Stats stats(std::array<std::int64_t, 5> counts) { return report::stats_from_counts(counts, core::LikertScale{}); }

// A half with: overall 10 answers; service point "palad" 7 answers, "clinic" 3 (a slice of 3),
// "tax" none; dimension "staff" 10, "place" 4. A comment and a complaint that must never show.
report::Report sample_report(const core::Period& period) {
    report::Report r;
    r.period = period;
    r.main = {"overall", {"ความพึงพอใจโดยรวม", "Overall satisfaction"}, true, stats({0, 0, 1, 4, 5}), std::nullopt};
    r.service_points.push_back({"palad", {"สำนักปลัด", "Chief's office"}, true, stats({0, 0, 1, 2, 4}), 70.0, false});
    r.service_points.push_back({"clinic", {"ศูนย์สุขภาพ", "Health centre"}, true, stats({0, 0, 0, 2, 1}), 30.0, false});
    r.service_points.push_back({"tax", {"งานภาษี", "Tax"}, true, stats({0, 0, 0, 0, 0}), 0.0, false});
    r.dimensions.push_back({"staff", {"เจ้าหน้าที่", "Staff"}, true, stats({0, 0, 1, 4, 5}), 1});
    r.dimensions.push_back({"place", {"สถานที่", "Premises"}, true, stats({0, 1, 1, 1, 1}), 2});
    report::Suggestion s;
    s.text = "ความคิดเห็นลับ 0812345678";
    s.entry_id = "entry-secret";
    r.suggestions.push_back(s);
    r.channels.push_back({"kiosk", {"ตู้", "Kiosk"}, true, stats({0, 0, 1, 4, 5}), 100.0, false});
    r.complaints.total = 1;
    return r;
}

Results sample_results() {
    const auto periods = periods_on({2026, 12, 6});
    Results results;
    results.office_code = "north";
    results.office_name_th = "สำนักงานเหนือ";
    results.office_name_en = "North office";
    results.generated_utc_ms = 1'796'515'200'000;  // 2026-12-06T00:00:00Z
    results.halves.push_back(half_from(sample_report(periods.last_completed), true, periods.last_completed.last));
    results.halves.push_back(half_from(sample_report(periods.current), false, {2026, 12, 6}));
    return results;
}

}  // namespace

TEST_CASE("a row of 1 to 4 answers is withheld, none and 5 or more are not", "[public]") {
    CHECK_FALSE(suppressed(0));
    for (int n = 1; n <= 4; ++n) CHECK(suppressed(n));
    CHECK_FALSE(suppressed(5));
    CHECK_FALSE(suppressed(1000));

    const Row three = row_from("clinic", {"ศูนย์", "Centre"}, stats({0, 0, 0, 2, 1}));
    CHECK(three.suppressed);
    CHECK(three.n == 0);
    CHECK(three.mean == 0.0);
    CHECK(three.level == 0);
    CHECK(three.percent_of_max == 0.0);
    const Row five = row_from("palad", {"ปลัด", "Chief"}, stats({0, 0, 1, 2, 2}));
    CHECK_FALSE(five.suppressed);
    CHECK(five.n == 5);
    CHECK(five.mean == Approx(4.2));
    CHECK(five.level == 4);  // 4.20 is the top of มาก
}

TEST_CASE("the last completed half and the current one follow the fiscal calendar", "[public]") {
    const auto december = periods_on({2026, 12, 6});
    CHECK(december.current.label == "2570-H1");
    CHECK(december.last_completed.label == "2569-H2");
    const auto may = periods_on({2026, 5, 1});
    CHECK(may.current.label == "2569-H2");
    CHECK(may.last_completed.label == "2569-H1");
    const auto first_day = periods_on({2026, 10, 1});
    CHECK(first_day.current.label == "2570-H1");
    CHECK(first_day.last_completed.label == "2569-H2");
}

TEST_CASE("the public JSON: halves, rows, the slice of 3 as null figures, nothing private", "[public]") {
    const std::string text = to_json(sample_results());
    const json j = json::parse(text);
    CHECK(j["format"] == "feedback-public-results");
    CHECK(j["format_version"] == 1);
    CHECK(j["generated_utc"] == "2026-12-06T00:00:00.000Z");
    CHECK(j["office"] == json{{"code", "north"}, {"name_th", "สำนักงานเหนือ"}, {"name_en", "North office"}});
    CHECK(j["min_answers"] == 5);
    REQUIRE(j["halves"].size() == 2);

    const auto& done = j["halves"][0];
    CHECK(done["complete"] == true);
    CHECK(done["period"]["label"] == "2569-H2");
    CHECK(done["period"]["kind"] == "second_half");
    CHECK(done["period"]["fiscal_year_be"] == 2569);
    CHECK(done["period"]["first"] == "2026-04-01");
    CHECK(done["period"]["last"] == "2026-09-30");
    CHECK(done["to_date"] == "2026-09-30");
    CHECK(done["overall"] == json{{"suppressed", false}, {"n", 10}, {"mean", 4.4}, {"level", 5},
                                  {"level_th", "มากที่สุด"}, {"level_en", "Very high"}, {"percent_of_max", 88.0}});

    const auto& now = j["halves"][1];
    CHECK(now["complete"] == false);
    CHECK(now["period"]["label"] == "2570-H1");
    CHECK(now["to_date"] == "2026-12-06");
    REQUIRE(now["service_points"].size() == 3);
    const auto& palad = now["service_points"][0];
    CHECK(palad["id"] == "palad");
    CHECK(palad["label_th"] == "สำนักปลัด");
    CHECK(palad["label_en"] == "Chief's office");
    CHECK(palad["suppressed"] == false);
    CHECK(palad["n"] == 7);
    CHECK(palad["mean"] == 4.43);
    CHECK(palad["percent_of_max"] == 88.6);
    const auto& clinic = now["service_points"][1];
    CHECK(clinic == json{{"id", "clinic"}, {"label_th", "ศูนย์สุขภาพ"}, {"label_en", "Health centre"},
                         {"suppressed", true}, {"n", nullptr}, {"mean", nullptr}, {"level", nullptr},
                         {"level_th", nullptr}, {"level_en", nullptr}, {"percent_of_max", nullptr}});
    const auto& tax = now["service_points"][2];
    CHECK(tax["suppressed"] == false);
    CHECK(tax["n"] == 0);
    CHECK(tax["mean"] == nullptr);
    REQUIRE(now["dimensions"].size() == 2);
    CHECK(now["dimensions"][0]["id"] == "staff");
    CHECK(now["dimensions"][0]["text_th"] == "เจ้าหน้าที่");
    CHECK(now["dimensions"][0]["n"] == 10);
    CHECK(now["dimensions"][1]["id"] == "place");
    CHECK(now["dimensions"][1]["suppressed"] == true);  // 4 answers: a dimension is withheld too
    CHECK(now["dimensions"][1]["n"] == nullptr);

    // Only the members documented: no comment, complaint, channel or device.
    CHECK(text.find("ความคิดเห็นลับ") == std::string::npos);
    CHECK(text.find("0812345678") == std::string::npos);
    CHECK(text.find("entry-secret") == std::string::npos);
    CHECK(text.find("kiosk") == std::string::npos);
    CHECK(text.find("complaint") == std::string::npos);
    CHECK(now.size() == 6);
}

TEST_CASE("the page: Thai first with B.E. years, English on the switch, fewer than 5 instead of figures",
          "[public]") {
    const Results results = sample_results();
    const std::string th = page_html(results, false);
    CHECK(th.find("<html lang=\"th\">") != std::string::npos);
    CHECK(th.find("สำนักงานเหนือ") != std::string::npos);
    CHECK(th.find("พ.ศ. 2569") != std::string::npos);                   // the completed half, B.E.
    CHECK(th.find("ข้อมูลถึงวันที่ 6 ธันวาคม 2569") != std::string::npos);  // to date, B.E.
    CHECK(th.find("href=\"/public/north?lang=en\"") != std::string::npos);
    CHECK(th.find("สำนักปลัด") != std::string::npos);
    CHECK(th.find("<td class=\"few\" colspan=\"4\">น้อยกว่า 5</td>") != std::string::npos);
    CHECK(th.find("<td class=\"num\">7</td><td class=\"num\">4.43</td><td>มากที่สุด</td><td class=\"num\">88.60</td>") !=
          std::string::npos);
    CHECK(th.find("ร้อยละ 88.00") != std::string::npos);
    CHECK(th.find("<script") == std::string::npos);
    CHECK(th.find("name=\"viewport\"") != std::string::npos);

    const std::string en = page_html(results, true);
    CHECK(en.find("<html lang=\"en\">") != std::string::npos);
    CHECK(en.find("North office") != std::string::npos);
    CHECK(en.find("fewer than 5") != std::string::npos);
    CHECK(en.find("Health centre") != std::string::npos);
    CHECK(en.find("href=\"/public/north\"") != std::string::npos);
    CHECK(en.find("6 December 2026") != std::string::npos);

    for (const auto& html : {th, en, embed_html(results, false), embed_html(results, true)}) {
        CHECK(html.find("ความคิดเห็นลับ") == std::string::npos);
        CHECK(html.find("0812345678") == std::string::npos);
    }
    const std::string embed = embed_html(results, false);
    CHECK(embed.find("น้อยกว่า 5") != std::string::npos);
    CHECK(embed.find("target=\"_top\"") != std::string::npos);
    CHECK(embed.size() < th.size());
}

TEST_CASE("the routes: 404 alike for unknown and unpublished offices, headers per form, figures cached",
          "[public]") {
    int computed = 0;
    std::vector<std::string> periods;
    auto clock = std::chrono::steady_clock::time_point{};
    PublicOptions options;
    options.cache_seconds = 300;
    options.now_utc_ms = [] { return std::int64_t{1'796'515'200'000}; };
    options.now = [&] { return clock; };
    PublicPages pages(
        [](const std::string& code) -> std::optional<PublishedOffice> {
            if (code == "north") return PublishedOffice{"north", "สำนักงานเหนือ", "North office"};
            return std::nullopt;  // "south" exists but is not published; "nowhere" does not exist
        },
        [&](const std::string& code, const core::Period& period) {
            CHECK(code == "north");
            ++computed;
            periods.push_back(period.label);
            return sample_report(period);
        },
        options);

    const auto unpublished = pages.handle("/public/south", "");
    const auto unknown = pages.handle("/public/nowhere", "");
    CHECK(unpublished.status == 404);
    CHECK(unknown.status == 404);
    CHECK(unpublished.body == unknown.body);
    CHECK(pages.handle("/public/south.json", "").status == 404);
    CHECK(pages.handle("/public/south/embed", "").status == 404);
    CHECK(pages.handle("/public/no%20such", "").status == 404);
    CHECK(pages.handle("/public/", "").status == 404);
    CHECK(computed == 0);

    auto header = [](const PublicResponse& r, const std::string& name) {
        for (const auto& [n, v] : r.headers)
            if (n == name) return v;
        return std::string();
    };
    const auto page = pages.handle("/public/north", "");
    CHECK(page.status == 200);
    CHECK(page.content_type == "text/html; charset=utf-8");
    CHECK(header(page, "Cache-Control") == "public, max-age=300");
    CHECK(header(page, "Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
    CHECK(header(page, "Set-Cookie").empty());
    CHECK(page.body.find("<html lang=\"th\">") != std::string::npos);
    CHECK(pages.handle("/public/north", "lang=en").body.find("<html lang=\"en\">") != std::string::npos);

    const auto data = pages.handle("/public/north.json", "");
    CHECK(data.status == 200);
    CHECK(data.content_type == "application/json; charset=utf-8");
    CHECK(header(data, "Access-Control-Allow-Origin") == "*");
    CHECK(json::parse(data.body)["office"]["code"] == "north");

    const auto embed = pages.handle("/public/north/embed", "lang=en");
    CHECK(embed.status == 200);
    CHECK(header(embed, "Content-Security-Policy").find("frame-ancestors *") != std::string::npos);
    CHECK(header(embed, "X-Frame-Options").empty());
    CHECK(embed.body.find("fewer than 5") != std::string::npos);

    // Two halves computed once for all of the above; again once the cache time has passed.
    CHECK(computed == 2);
    CHECK(periods == std::vector<std::string>{"2569-H2", "2570-H1"});
    clock += std::chrono::seconds(301);
    CHECK(pages.handle("/public/north.json", "").status == 200);
    CHECK(computed == 4);
}
