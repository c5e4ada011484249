// Survey tests: the shipped default survey says what DESIGN.md §3 and §5 promise, and every kind
// of broken survey is refused with a message naming file, line and dotted key — checked against
// exact line numbers, because "somewhere in the file" is no help to the office editing it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/default_survey.h"
#include "core/errors.h"
#include "core/survey.h"

using namespace feedback::core;
using feedback::SourceError;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// A small valid survey, one line per element so that tests can edit a line by number.
std::vector<std::string> base_lines() {
    return {
        R"(version = "t1")",                                                     // 1
        R"(title = { th = "แบบประเมิน", en = "Survey" })",                       // 2
        R"(main_question = { id = "overall", th = "คำถาม", en = "Question" })",  // 3
        R"(levels = [)",                                                         // 4
        R"(  { value = 5, th = "มากที่สุด", en = "Very satisfied" },)",          // 5
        R"(  { value = 4, th = "มาก", en = "Satisfied" },)",                     // 6
        R"(  { value = 3, th = "ปานกลาง", en = "Neutral" },)",                   // 7
        R"(  { value = 2, th = "น้อย", en = "Dissatisfied" },)",                 // 8
        R"(  { value = 1, th = "น้อยที่สุด", en = "Very dissatisfied" },)",       // 9
        R"(])",                                                                  // 10
        R"([[reasons]])",                                                        // 11
        R"(id = "long_wait")",                                                   // 12
        R"(th = "รอนาน")",                                                       // 13
        R"(en = "Long wait")",                                                   // 14
        R"(ratings = [1, 2])",                                                   // 15
        R"([[reasons]])",                                                        // 16
        R"(id = "fast")",                                                        // 17
        R"(th = "รวดเร็ว")",                                                     // 18
        R"(en = "Quick")",                                                       // 19
        R"(ratings = [4, 5])",                                                   // 20
        R"([[complaint_categories]])",                                           // 21
        R"(id = "other")",                                                       // 22
        R"(th = "อื่น ๆ")",                                                      // 23
        R"(en = "Other")",                                                       // 24
    };
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
}

// The base with line `number` (1-based) replaced by `text`.
std::string with_line(int number, const std::string& text) {
    auto lines = base_lines();
    lines.at(static_cast<std::size_t>(number - 1)) = text;
    return join(lines);
}

std::string without_lines(int first, int last) {
    auto lines = base_lines();
    lines.erase(lines.begin() + (first - 1), lines.begin() + last);
    return join(lines);
}

std::string with_inserted(int before, const std::string& text) {
    auto lines = base_lines();
    lines.insert(lines.begin() + (before - 1), text);
    return join(lines);
}

SourceError error_of(const std::string& text) {
    try {
        parse_survey(text, "test.toml");
    } catch (const SourceError& e) {
        return e;
    }
    FAIL("the survey was accepted");
    throw std::logic_error("unreachable");
}

std::filesystem::path unique_temp_path(const std::string& stem) {
    static std::atomic<int> counter{0};
    return std::filesystem::temp_directory_path() /
           ("feedback-test-survey-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter++) + "-" + stem);
}

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> ids_of(const std::vector<const Reason*>& reasons) {
    std::vector<std::string> out;
    for (const auto* r : reasons) out.push_back(r->id);
    return out;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("the default survey has the questions, levels and chips of the design", "[survey]") {
    const Survey s = default_survey();
    CHECK_FALSE(s.version.empty());
    CHECK(s.main_question.text.th == "ท่านพึงพอใจการให้บริการของเจ้าหน้าที่เพียงใด");
    CHECK_FALSE(s.main_question.text.en.empty());

    // Left to right: 5 … 1.
    const std::vector<std::string> labels = {"มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"};
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(s.levels[i].value == 5 - static_cast<int>(i));
        CHECK(s.levels[i].label.th == labels[i]);
        CHECK_FALSE(s.levels[i].label.en.empty());
    }
    REQUIRE(s.find_level(1) != nullptr);
    CHECK(s.find_level(1)->label.th == "น้อยที่สุด");

    const auto low = ids_of(s.reasons_for(1));
    CHECK(low.size() >= 5);
    for (const char* id : {"long_wait", "complicated_steps", "impolite_staff",
                           "unclear_documents", "repeat_visits"})
        CHECK(has(low, id));
    const auto high = ids_of(s.reasons_for(5));
    CHECK(high.size() >= 5);
    for (const char* id : {"fast", "friendly", "good_advice", "clear_steps", "convenient_place"})
        CHECK(has(high, id));
    CHECK_FALSE(has(high, "long_wait"));
    CHECK_FALSE(has(low, "fast"));
    const auto middle = ids_of(s.reasons_for(3));
    CHECK(has(middle, "long_wait"));
    CHECK_FALSE(has(middle, "impolite_staff"));
    REQUIRE(s.find_reason("long_wait") != nullptr);
    CHECK(s.find_reason("long_wait")->label.th == "รอนาน");
    CHECK(s.find_reason("fast")->label.th == "รวดเร็ว");
    CHECK(s.find_reason("nope") == nullptr);

    REQUIRE(s.dimensions.size() == 4);
    CHECK(s.dimensions[0].id == "process");
    CHECK(s.dimensions[0].text.th == "ด้านกระบวนการ/ขั้นตอนการให้บริการ");
    CHECK(s.dimensions[1].id == "staff");
    CHECK(s.dimensions[1].text.th == "ด้านเจ้าหน้าที่หรือบุคลากรผู้ให้บริการ");
    CHECK(s.dimensions[2].id == "facilities");
    CHECK(s.dimensions[2].text.th == "ด้านสิ่งอำนวยความสะดวก");
    CHECK(s.dimensions[3].id == "quality");
    CHECK(s.dimensions[3].text.th == "ด้านคุณภาพการให้บริการ");
    CHECK(s.find_dimension("staff") == &s.dimensions[1]);

    REQUIRE(s.service_points.size() == 4);
    CHECK(s.find_service_point("palad")->name.th == "สำนักปลัดฯ");
    CHECK(s.find_service_point("finance")->name.th == "กองคลัง");
    CHECK(s.find_service_point("engineering")->name.th == "กองช่าง");
    CHECK(s.find_service_point("education")->name.th == "กองการศึกษา");
    CHECK(s.find_service_point("Finance") == nullptr);

    std::vector<std::string> categories;
    for (const auto& c : s.complaint_categories) {
        categories.push_back(c.id);
        CHECK(c.sensitive == (c.id == "bribery"));
    }
    CHECK(categories ==
          std::vector<std::string>{"unfair", "rude", "delay", "bribery", "facilities", "other"});

    CHECK(s.title.in("th") != s.title.in("en"));
    CHECK(&s.title.in("en") == &s.title.en);
    CHECK(&s.title.in("th") == &s.title.th);
    CHECK(&s.title.in("xx") == &s.title.th);
}

TEST_CASE("the embedded default survey is exactly assets/surveys/default.toml", "[survey]") {
    const std::filesystem::path asset = FEEDBACK_ASSETS_DIR "/surveys/default.toml";
    CHECK(read_all(asset) == std::string(default_survey_toml()));
    const Survey from_file = load_survey_file(asset);
    CHECK(from_file.version == default_survey().version);
    CHECK(from_file.reasons.size() == default_survey().reasons.size());
}

TEST_CASE("a minimal survey loads, levels in display order whatever the file order", "[survey]") {
    auto lines = base_lines();
    std::swap(lines[4], lines[8]);  // value 1 first, value 5 last
    const Survey s = parse_survey(join(lines), "test.toml");
    CHECK(s.levels[0].value == 5);
    CHECK(s.levels[4].value == 1);
    CHECK(s.levels[4].label.en == "Very dissatisfied");
    CHECK(s.reasons.size() == 2);
    CHECK(s.dimensions.empty());
    CHECK(s.service_points.empty());
    CHECK(s.complaint_categories.size() == 1);
    CHECK_FALSE(s.complaint_categories[0].sensitive);
}

TEST_CASE("missing Thai or English text names the element and its line", "[survey]") {
    auto e = error_of(without_lines(13, 13));  // [[reasons]] at line 11 loses th
    CHECK(e.file() == "test.toml");
    CHECK(e.line() == 11);
    CHECK(e.key() == "reasons[1].th");
    CHECK_THAT(e.what(), StartsWith("test.toml:11: reasons[1].th: missing Thai text"));

    e = error_of(with_line(7, R"(  { value = 3, en = "Neutral" },)"));
    CHECK(e.line() == 7);
    CHECK(e.key() == "levels[3].th");

    e = error_of(with_line(19, R"(en = "  ")"));
    CHECK(e.line() == 19);
    CHECK(e.key() == "reasons[2].en");
    CHECK_THAT(e.what(), Contains("must not be empty"));

    e = error_of(with_line(2, R"(title = { th = "แบบประเมิน" })"));
    CHECK(e.line() == 2);
    CHECK(e.key() == "title.en");
}

TEST_CASE("duplicate ids are refused, pointing at both uses", "[survey]") {
    const auto e = error_of(with_line(17, R"(id = "long_wait")"));
    CHECK(e.line() == 17);
    CHECK(e.key() == "reasons[2].id");
    CHECK(std::string(e.what()) ==
          "test.toml:17: reasons[2].id: duplicate id \"long_wait\" (first used at line 12)");
}

TEST_CASE("ids must be short lower-case words", "[survey]") {
    const auto e = error_of(with_line(12, R"(id = "Long Wait")"));
    CHECK(e.line() == 12);
    CHECK(e.key() == "reasons[1].id");
    CHECK_THAT(e.what(), Contains("a-z 0-9 _ -"));
    CHECK_THAT(e.what(), Contains("\"Long Wait\""));
    CHECK(is_valid_survey_id("a_b-9"));
    CHECK_FALSE(is_valid_survey_id(""));
    CHECK_FALSE(is_valid_survey_id(std::string(33, 'a')));
    CHECK_FALSE(is_valid_survey_id("รอนาน"));
}

TEST_CASE("the level set must be exactly 5, 4, 3, 2, 1", "[survey]") {
    auto e = error_of(with_line(9, R"(  { value = 4, th = "น้อยที่สุด", en = "Very dissatisfied" },)"));
    CHECK(e.line() == 9);
    CHECK(e.key() == "levels[5].value");
    CHECK_THAT(e.what(), Contains("level 4 is listed twice (first at line 6)"));

    e = error_of(without_lines(9, 9));
    CHECK(e.line() == 4);
    CHECK(e.key() == "levels");
    CHECK_THAT(e.what(), Contains("missing 1"));

    e = error_of(with_line(9, R"(  { value = 6, th = "น้อยที่สุด", en = "Very dissatisfied" },)"));
    CHECK(e.line() == 9);
    CHECK(e.key() == "levels[5].value");
    CHECK_THAT(e.what(), Contains("expected an integer from 1 to 5, got 6"));

    e = error_of(with_inserted(10, R"(  { value = 3, th = "กลาง", en = "Middle" },)"));
    CHECK(e.line() == 10);
    CHECK(e.key() == "levels[6].value");
}

TEST_CASE("unknown keys are refused everywhere, including in arrays of tables", "[survey]") {
    auto e = error_of(with_inserted(15, R"(colour = "red")"));
    CHECK(e.line() == 15);
    CHECK(e.key() == "reasons[1].colour");
    CHECK_THAT(e.what(), Contains("unknown key; expected one of: id, th, en, ratings"));

    e = error_of(with_line(8, R"(  { value = 2, th = "น้อย", en = "Dissatisfied", emoji = ":(" },)"));
    CHECK(e.line() == 8);
    CHECK(e.key() == "levels[4].emoji");

    e = error_of(with_inserted(2, R"(author = "me")"));
    CHECK(e.line() == 2);
    CHECK(e.key() == "author");

    // A misspelt th is reported as unknown rather than as th missing.
    e = error_of(with_line(13, R"(tn = "รอนาน")"));
    CHECK(e.line() == 13);
    CHECK(e.key() == "reasons[1].tn");
}

TEST_CASE("wrong types name the key and show the value", "[survey]") {
    auto e = error_of(with_line(15, R"(ratings = "1,2")"));
    CHECK(e.line() == 15);
    CHECK(e.key() == "reasons[1].ratings");
    CHECK_THAT(e.what(), Contains("expected an array of ratings from 1 to 5"));
    CHECK_THAT(e.what(), Contains("got \"1,2\""));

    e = error_of(with_line(1, "version = 3"));
    CHECK(e.line() == 1);
    CHECK(e.key() == "version");
    CHECK_THAT(e.what(), Contains("got 3"));

    e = error_of(with_line(20, "ratings = [4, 7]"));
    CHECK(e.line() == 20);
    CHECK(e.key() == "reasons[2].ratings");
    CHECK_THAT(e.what(), Contains("from 1 to 5, got 7"));

    e = error_of(with_line(20, "ratings = []"));
    CHECK(e.line() == 20);
    CHECK(e.key() == "reasons[2].ratings");

    e = error_of(with_inserted(25, "sensitive = \"yes\""));
    CHECK(e.line() == 25);
    CHECK(e.key() == "complaint_categories[1].sensitive");
    CHECK_THAT(e.what(), Contains("expected true or false"));

    e = error_of(with_line(2, R"(title = "Survey")"));
    CHECK(e.line() == 2);
    CHECK(e.key() == "title");
    CHECK_THAT(e.what(), Contains("expected a table"));
}

TEST_CASE("TOML syntax errors give file and line", "[survey]") {
    const auto e = error_of(with_line(18, R"(th = "รวดเร็ว)"));
    CHECK(e.file() == "test.toml");
    CHECK(e.line() == 18);
    CHECK(e.key().empty());
    CHECK_THAT(e.what(), StartsWith("test.toml:18: TOML syntax error"));
}

TEST_CASE("structural limits: complaint categories and dimensions", "[survey]") {
    auto e = error_of(without_lines(21, 24));
    CHECK(e.key() == "complaint_categories");
    CHECK(e.line() == 0);
    CHECK_THAT(e.what(), StartsWith("test.toml: complaint_categories: missing"));

    e = error_of(without_lines(1, 1));
    CHECK(e.key() == "version");

    std::string nine = join(base_lines());
    for (int i = 1; i <= 9; ++i)
        nine += "[[dimensions]]\nid = \"d" + std::to_string(i) + "\"\nth = \"ด้าน\"\nen = \"D\"\n";
    e = error_of(nine);
    CHECK(e.key() == "dimensions[9]");
    CHECK(e.line() == 25 + 8 * 4);
    CHECK_THAT(e.what(), Contains("at most 8"));

    e = error_of(join(base_lines()) + "[[dimensions]]\nid = \"overall\"\nth = \"ก\"\nen = \"A\"\n");
    CHECK(e.line() == 26);
    CHECK(e.key() == "dimensions[1].id");
}

TEST_CASE("an unreadable survey file is an error with line 0", "[survey]") {
    const auto missing = unique_temp_path("missing.toml");
    try {
        load_survey_file(missing);
        FAIL("no error");
    } catch (const SourceError& e) {
        CHECK(e.file() == missing.string());
        CHECK(e.line() == 0);
        CHECK_THAT(e.what(), Contains("cannot read survey file"));
    }

    const auto broken = unique_temp_path("broken.toml");
    {
        std::ofstream out(broken);
        out << with_line(17, R"(id = "long_wait")");
    }
    try {
        load_survey_file(broken);
        FAIL("no error");
    } catch (const SourceError& e) {
        CHECK(e.file() == broken.string());
        CHECK(e.line() == 17);
    }
    std::filesystem::remove(broken);
}

// Issue 17: optional [[profile]] questions with their options; none by default.
TEST_CASE("profile questions: parsed in order, checked, none by default", "[survey][profile]") {
    CHECK(default_survey().profile.empty());
    const std::string profile = R"(
[[profile]]
id = "sex"
th = "เพศ"
en = "Sex"
options = [ { id = "male", th = "ชาย", en = "Male" }, { id = "female", th = "หญิง", en = "Female" } ]

[[profile]]
id = "visitor"
th = "ท่านเป็น"
en = "You are"
[[profile.options]]
id = "resident"
th = "ประชาชนในพื้นที่"
en = "A local resident"
[[profile.options]]
id = "business"
th = "ผู้ประกอบการ"
en = "A business"
)";
    const Survey s = parse_survey(join(base_lines()) + profile, "p.toml");
    REQUIRE(s.profile.size() == 2);
    CHECK(s.profile[0].id == "sex");
    CHECK(s.profile[0].text.th == "เพศ");
    REQUIRE(s.profile[0].options.size() == 2);
    CHECK(s.profile[0].options[1].label.en == "Female");
    CHECK(s.profile[1].options[0].id == "resident");
    CHECK(s.find_profile("visitor")->find_option("business")->label.th == "ผู้ประกอบการ");
    CHECK(s.find_profile("age") == nullptr);

    const auto error = [&](const std::string& text) {
        try {
            parse_survey(join(base_lines()) + text, "p.toml");
        } catch (const feedback::SourceError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(error("[[profile]]\nid = \"sex\"\nth = \"เพศ\"\nen = \"Sex\"\noptions = [ { id = \"m\", th = \"ชาย\", en = \"Male\" } ]\n"),
               Catch::Contains("profile[1].options: needs at least two options"));
    CHECK_THAT(error("[[profile]]\nid = \"sex\"\nth = \"เพศ\"\nen = \"Sex\"\n"), Catch::Contains("profile[1].options"));
    CHECK_THAT(error("[[profile]]\nid = \"sex\"\nth = \"เพศ\"\nen = \"Sex\"\noptions = [ { id = \"m\", th = \"ชาย\", en = \"Male\" }, "
                     "{ id = \"m\", th = \"ชาย\", en = \"Male\" } ]\n"),
               Catch::Contains("options[2]"));
    CHECK_THAT(error("[[profile]]\nid = \"sex\"\nth = \"เพศ\"\noptions = [ { id = \"a\", th = \"ก\", en = \"A\" }, "
                     "{ id = \"b\", th = \"ข\", en = \"B\" } ]\n"),
               Catch::Contains("missing English text"));
}
