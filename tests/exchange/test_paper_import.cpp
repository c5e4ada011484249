// The paper template and the kiosk's CSV export read back into entries: what a clerk types is
// accepted in the forms Thai offices write it, anything wrong refuses the whole file with a
// message naming row and column in both languages, and ids are stable so importing twice adds
// nothing.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/clock.h"
#include "core/survey.h"
#include "core/uuid.h"
#include "exchange/paper_import.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::TempDir;

namespace {

const std::string kBom = "\xEF\xBB\xBF";
const std::string kHeader =
    "วันที่ / Date (date),เวลา / Time (time),จุดบริการ / Service point (service_point),"
    "ความพึงพอใจ (rating),ด้านกระบวนการ (dimension:process),ด้านเจ้าหน้าที่ (dimension:staff),"
    "ด้านสิ่งอำนวยความสะดวก (dimension:facilities),ด้านคุณภาพ (dimension:quality),"
    "เหตุผล / Reasons (reasons),ความคิดเห็น / Comment (comment)\r\n";

const core::Survey& survey() {
    static const core::Survey s = core::default_survey();
    return s;
}

exchange::ParsedAnswers parse(const std::string& body) {
    return exchange::parse_answers_csv(kBom + kHeader + body, survey(), {"office-1", survey().version});
}

std::string messages(const exchange::ParsedAnswers& p) {
    std::string out;
    for (const auto& problem : p.problems) out += problem.message() + "\n";
    return out;
}

}  // namespace

TEST_CASE("the shipped template imports its example row", "[exchange]") {
    const auto bytes = testing::read_file(std::string(FEEDBACK_ASSETS_DIR) + "/paper-answers-template.csv");
    REQUIRE(bytes.rfind(kBom, 0) == 0);
    const auto p = exchange::parse_answers_csv(bytes, survey(), {"office-1", survey().version});
    INFO(messages(p));
    REQUIRE(p.problems.empty());
    CHECK(p.kind == exchange::CsvKind::PaperTemplate);
    REQUIRE(p.entries.size() == 1);
    const auto& e = p.entries[0];
    CHECK(e.rating == 5);
    CHECK(e.service_point == "palad");
    CHECK(e.channel == "paper");
    CHECK(e.state == core::SessionState::Closed);
    CHECK(e.reasons == std::vector<std::string>{"fast", "friendly"});
    CHECK(e.dimensions.at("facilities") == 4);
    CHECK(core::format_iso_utc(e.created_utc_ms) == "2026-01-15T02:30:00.000Z");
}

TEST_CASE("template rows in B.E. and C.E., ISO, Thai digits, labels and empty optional cells", "[exchange]") {
    const auto p = parse(
        "15/01/2569,09:30,สำนักปลัดฯ,มาก,,,,,,\r\n"                      // B.E. dd/mm/yyyy, Thai label
        "1/2/2026,,finance,3,4,,,,long_wait; ขั้นตอนยุ่งยาก,\"รอนาน, แต่ดี\"\r\n"  // C.E., no time, ids and labels
        "2025-12-31,16:05,Public Works Division,Very dissatisfied,1,1,1,1,รอนาน,\r\n"  // ISO, English labels
        "๐๓/๐๓/๒๕๖๙,๑๐.๑๕,กองการศึกษา,๕,,,,,,\r\n"                   // Thai digits throughout
        ",,,,,,,,,\r\n");                                            // a blank row is skipped
    INFO(messages(p));
    REQUIRE(p.problems.empty());
    REQUIRE(p.entries.size() == 4);
    CHECK(p.rows == 4);
    CHECK(core::format_iso_utc(p.entries[0].created_utc_ms) == "2026-01-15T02:30:00.000Z");
    CHECK(p.entries[0].rating == 4);
    CHECK(p.entries[0].reasons.empty());
    CHECK(p.entries[0].dimensions.empty());
    CHECK(p.entries[0].comment.empty());
    // No time: 12:00 at +07:00.
    CHECK(core::format_iso_utc(p.entries[1].created_utc_ms) == "2026-02-01T05:00:00.000Z");
    CHECK(p.entries[1].service_point == "finance");
    CHECK(p.entries[1].reasons == std::vector<std::string>{"long_wait", "complicated_steps"});
    CHECK(p.entries[1].comment == "รอนาน, แต่ดี");
    CHECK(p.entries[1].dimensions.at("process") == 4);
    CHECK(core::format_iso_utc(p.entries[2].created_utc_ms) == "2025-12-31T09:05:00.000Z");
    CHECK(p.entries[2].service_point == "engineering");
    CHECK(p.entries[2].rating == 1);
    CHECK(core::format_iso_utc(p.entries[3].created_utc_ms) == "2026-03-03T03:15:00.000Z");
    CHECK(p.entries[3].rating == 5);
    for (const auto& e : p.entries) {
        CHECK(e.channel == "paper");
        CHECK(e.device_id == "office-1");
        CHECK(core::looks_like_uuid(e.id));
        CHECK(e.id[14] == '8');  // UUID version 8
    }
}

TEST_CASE("each kind of mistake refuses the whole file, naming row and column in Thai and English",
          "[exchange]") {
    SECTION("bad rating") {
        const auto p = parse("15/01/2569,,palad,5,,,,,,\r\n15/01/2569,,palad,7,,,,,,\r\n");
        CHECK(p.entries.empty());
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0].row == 3);
        CHECK(p.problems[0].column == "ความพึงพอใจ (rating)");
        const auto m = p.problems[0].message();
        CHECK(m.find("แถว 3 คอลัมน์ \"ความพึงพอใจ (rating)\"") != std::string::npos);
        CHECK(m.find("row 3, column \"ความพึงพอใจ (rating)\": expected 1 to 5") != std::string::npos);
        CHECK(m.find("got \"7\"") != std::string::npos);
    }
    SECTION("unknown service point") {
        const auto p = parse("15/01/2569,,กองสวัสดิการ,5,,,,,,\r\n");
        CHECK(p.entries.empty());
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0].row == 2);
        CHECK(p.problems[0].column == "จุดบริการ / Service point (service_point)");
        CHECK(p.problems[0].message().find("ไม่รู้จักจุดบริการ") != std::string::npos);
        CHECK(p.problems[0].message().find("unknown service point") != std::string::npos);
    }
    SECTION("impossible date") {
        const auto p = parse("15/01/2569,,palad,5,,,,,,\r\n15/01/2569,,palad,5,,,,,,\r\n31/02/2569,,palad,5,,,,,,\r\n");
        CHECK(p.entries.empty());
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0].row == 4);
        CHECK(p.problems[0].column == "วันที่ / Date (date)");
        CHECK(p.problems[0].got == "31/02/2569");
        CHECK(p.problems[0].message().find("not a real date") != std::string::npos);
    }
    SECTION("broken quote") {
        const auto p = parse("15/01/2569,,palad,5,,,,,,ok\r\n15/01/2569,,palad,5,,,,,,\"ดี\"มาก\r\n");
        CHECK(p.entries.empty());
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0].row == 3);
        CHECK(p.problems[0].message().find("quote") != std::string::npos);
    }
    SECTION("an unterminated quote at the end of the file") {
        const auto p = parse("15/01/2569,,palad,5,,,,,,\"ไม่ปิด\r\n");
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0].row == 2);
    }
    SECTION("several problems are all reported") {
        const auto p = parse("31/02/2569,25:00,palad,0,6,,,,no_such_reason,\r\n");
        CHECK(p.problems.size() == 5);
    }
    SECTION("an unquoted comma that split a cell") {
        const auto p = parse("15/01/2569,,palad,5,,,,,รอนาน,ช้า,มาก\r\n15/01/2569,,palad,5,,,,,,,\r\n");
        CHECK(p.entries.empty());
        REQUIRE(p.problems.size() == 1);
        CHECK(p.problems[0].row == 2);
        CHECK(p.problems[0].message().find("more cells than headings") != std::string::npos);
    }
    SECTION("a misspelt heading") {
        const auto p = exchange::parse_answers_csv("date,ratting\r\n15/01/2569,5\r\n", survey(), {"d", "v"});
        CHECK(p.entries.empty());
        REQUIRE(p.problems.size() >= 2);  // unknown (ratting), no (rating)
        CHECK(p.problems[0].row == 1);
    }
}

TEST_CASE("template row ids depend on the file and the row only", "[exchange]") {
    const std::string body = "15/01/2569,,palad,5,,,,,,\r\n15/01/2569,,palad,5,,,,,,\r\n";
    const auto a = parse(body);
    const auto b = parse(body);
    REQUIRE(a.entries.size() == 2);
    CHECK(a.entries[0].id == b.entries[0].id);
    CHECK(a.entries[0].id != a.entries[1].id);  // two identical answers are two answers
    const auto c = parse(body + "16/01/2569,,palad,4,,,,,,\r\n");
    CHECK(c.entries[0].id != a.entries[0].id);  // another file
    CHECK(exchange::stable_row_id("x", 2) == exchange::stable_row_id("x", 2));
}

TEST_CASE("a kiosk export is recognised by its header and keeps ids, times and channel", "[exchange]") {
    const std::string csv = kBom +
        "รหัสรายการ (id),เวลาบันทึก UTC (created_utc),วันที่ (local_date),เวลา (local_time),ประเภท (kind),"
        "ช่องทาง (channel),เครื่อง (device_id),จุดบริการ (service_point),คะแนนความพึงพอใจ (rating),"
        "ด้านเจ้าหน้าที่ (dimension:staff),ด้านอื่น (other_dimensions),เหตุผล (reasons),ความคิดเห็น (comment),"
        "ภาษา (language),กดซ้ำ ไม่นับในรายงาน (misuse),สถานะ (session_state)\r\n"
        "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b,2026-01-15T02:30:00.123Z,2026-01-15,09:30:00,rating,kiosk,k-7,"
        "กองคลัง,2,3,old_dim=4,รอนาน; retired_reason,'=1+1,en,1,closed\r\n"
        "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c,2026-01-15T02:31:00.000Z,2026-01-15,09:31:00,complaint,kiosk,k-7,"
        ",,,,,,th,0,closed\r\n";
    const auto p = exchange::parse_answers_csv(csv, survey(), {"here", "2025.1"});
    INFO(messages(p));
    REQUIRE(p.problems.empty());
    CHECK(p.kind == exchange::CsvKind::KioskExport);
    CHECK(p.complaint_rows == 1);
    REQUIRE(p.entries.size() == 1);
    const auto& e = p.entries[0];
    CHECK(e.id == "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    CHECK(core::format_iso_utc(e.created_utc_ms) == "2026-01-15T02:30:00.123Z");
    CHECK(e.device_id == "k-7");
    CHECK(e.channel == "kiosk");
    CHECK(e.service_point == "finance");
    CHECK(e.dimensions.at("staff") == 3);
    CHECK(e.dimensions.at("old_dim") == 4);
    CHECK(e.reasons == std::vector<std::string>{"long_wait", "retired_reason"});
    CHECK(e.comment == "=1+1");  // the export's formula guard is undone
    CHECK(e.language == "en");
    CHECK(e.misuse);
}

TEST_CASE("importing writes one transaction, queues for sync, and adds nothing the second time", "[exchange]") {
    TempDir dir;
    store::Store store(dir / "kiosk.db");
    const auto p = parse("15/01/2569,,palad,5,,,,,,\r\n16/01/2569,,finance,4,,,,,,\r\n");
    REQUIRE(p.entries.size() == 2);

    const auto dry = exchange::import_entries(store, p.entries, true);
    CHECK(dry.imported == 2);
    CHECK(store.status().entries == 0);

    const auto first = exchange::import_entries(store, p.entries, false);
    CHECK(first.imported == 2);
    CHECK(first.already_present == 0);
    const auto st = store.status();
    CHECK(st.entries == 2);
    CHECK(st.sync.pending == 2);
    CHECK(store.find_entry(p.entries[1].id)->channel == "paper");

    const auto second = exchange::import_entries(store, p.entries, false);
    CHECK(second.imported == 0);
    CHECK(second.already_present == 2);
    CHECK(store.status().entries == 2);
}

// Large files take other paths than the small ones above: rows are checked in two halves on two
// threads (from 2,000 rows) and written many per statement (32), with a look-up first after a
// batch that added nothing. These check that the results are those of one row at a time.
namespace {

// `rows` template rows, dates spread over 2025 so that ids are not in file order.
std::string big_template(int rows, int bad_row = 0) {
    std::string body;
    for (int i = 0; i < rows; ++i) {
        const int row = i + 2;  // as the spreadsheet numbers it
        body += row == bad_row ? "31/02/2569" : std::to_string(1 + i * 7 % 28) + "/" + std::to_string(1 + i % 12) + "/2568";
        body += ",,palad," + std::to_string(1 + i % 5) + ",,,,,,\r\n";
    }
    return body;
}

}  // namespace

TEST_CASE("a large file is read as one: every row, problems in row order, ids as for a small file",
          "[exchange]") {
    const std::string body = big_template(5000);
    const auto p = parse(body);
    INFO(messages(p));
    REQUIRE(p.problems.empty());
    REQUIRE(p.entries.size() == 5000);
    CHECK(p.rows == 5000);
    const std::string bytes = kBom + kHeader + body;
    for (const std::size_t i : {std::size_t{0}, std::size_t{2499}, std::size_t{2500}, std::size_t{4999}}) {
        const auto& e = p.entries[i];
        CHECK(e.rating == static_cast<int>(1 + i % 5));
        CHECK(e.id == exchange::stable_row_id(bytes, i + 2, e.created_utc_ms));  // row i + 2, in file order
    }

    // One problem in each half: both reported, the earlier row first, and no entries.
    const auto bad = parse(big_template(4999, 3) + "1/1/2568,,palad,9,,,,,,\r\n");
    CHECK(bad.entries.empty());
    REQUIRE(bad.problems.size() == 2);
    CHECK(bad.problems[0].row == 3);
    CHECK(bad.problems[0].column == "วันที่ / Date (date)");
    CHECK(bad.problems[1].row == 5001);
    CHECK(bad.problems[1].column == "ความพึงพอใจ (rating)");

    // Problems beyond kMaxProblems are dropped from the end, whichever half found them.
    std::string many_bad;
    for (int i = 0; i < 3000; ++i) many_bad += i % 10 == 0 ? "x,,palad,5,,,,,,\r\n" : "1/1/2568,,palad,5,,,,,,\r\n";
    const auto capped = parse(many_bad);
    REQUIRE(capped.problems.size() == exchange::kMaxProblems);
    CHECK(capped.problems.front().row == 2);
    CHECK(capped.problems.back().row == 2 + 10 * (exchange::kMaxProblems - 1));
}

TEST_CASE("a large import adds each new entry once, queued, whatever was there before", "[exchange]") {
    TempDir dir;
    store::Store store(dir / "kiosk.db");
    const auto p = parse(big_template(3000));
    REQUIRE(p.entries.size() == 3000);

    // Part of the file first (every third row), then all of it: only the rest is added.
    std::vector<core::Entry> part;
    for (std::size_t i = 0; i < p.entries.size(); i += 3) part.push_back(p.entries[i]);
    const auto first = exchange::import_entries(store, part, false);
    CHECK(first.imported == 1000);
    CHECK(first.already_present == 0);
    CHECK(exchange::import_entries(store, p.entries, true).imported == 2000);  // dry run
    const auto all = exchange::import_entries(store, p.entries, false);
    CHECK(all.imported == 2000);
    CHECK(all.already_present == 1000);
    const auto st = store.status();
    CHECK(st.entries == 3000);
    CHECK(st.sync.pending == 3000);
    const auto stored = store.find_entry(p.entries[1234].id);
    REQUIRE(stored);
    CHECK(stored->rating == p.entries[1234].rating);
    CHECK(stored->created_utc_ms == p.entries[1234].created_utc_ms);
    CHECK(stored->channel == "paper");

    // Again: nothing added, nothing queued twice.
    const auto again = exchange::import_entries(store, p.entries, false);
    CHECK(again.imported == 0);
    CHECK(again.already_present == 3000);
    CHECK(store.status().sync.pending == 3000);

    // The first half in id order (the order rows are written in), then all of it: batches that
    // are all there are looked up and skipped, then one half there, then new ones again.
    TempDir other;
    store::Store second(other / "kiosk.db");
    auto by_id = p.entries;
    std::sort(by_id.begin(), by_id.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    by_id.resize(1500);
    REQUIRE(exchange::import_entries(second, by_id, false).imported == 1500);
    const auto rest = exchange::import_entries(second, p.entries, false);
    CHECK(rest.imported == 1500);
    CHECK(rest.already_present == 1500);
    CHECK(second.status().entries == 3000);
    CHECK(second.status().sync.pending == 3000);
}

TEST_CASE("an id repeated within a file is imported once, its first copy", "[exchange]") {
    TempDir dir;
    store::Store store(dir / "kiosk.db");
    auto entries = parse(big_template(100)).entries;
    auto copy = entries[40];
    copy.comment = "the later copy";
    entries.push_back(copy);
    const auto r = exchange::import_entries(store, entries, false);
    CHECK(r.imported == 100);
    CHECK(r.already_present == 1);
    CHECK(store.find_entry(copy.id)->comment.empty());
    CHECK(store.status().sync.pending == 100);
}

TEST_CASE("an entry the store refuses fails the whole import, unless it is already there", "[exchange]") {
    TempDir dir;
    store::Store store(dir / "kiosk.db");
    const auto good = parse(big_template(100)).entries;
    auto bad = good;
    bad[70].device_id.clear();
    CHECK_THROWS_WITH(exchange::import_entries(store, bad, false),
                      Catch::Contains(bad[70].id) && Catch::Contains("device id is empty"));
    CHECK(store.status().entries == 0);  // nothing written

    // Once present, the same entry is only counted, as any entry already there.
    REQUIRE(exchange::import_entries(store, {good[70]}, false).imported == 1);
    const auto r = exchange::import_entries(store, bad, false);
    CHECK(r.imported == 99);
    CHECK(r.already_present == 1);
    CHECK(store.status().sync.pending == 100);
}

// Issue 17: the respondent profile in the paper template — optional "(profile:<id>)" columns
// holding the option's Thai or English label or its id; empty is ไม่ระบุ. A kiosk export's
// profile columns may carry an option an older survey had; the template's may not.
TEST_CASE("the template and the import accept profile columns", "[exchange][profile]") {
    core::Survey with_profile = survey();
    with_profile.profile = {{"sex", {"เพศ", "Sex"}, {{"male", {"ชาย", "Male"}}, {"female", {"หญิง", "Female"}}}},
                            {"age", {"อายุ", "Age"}, {{"under_30", {"ต่ำกว่า 30 ปี", "Under 30"}}, {"60_plus", {"60 ปีขึ้นไป", "60 and over"}}}}};
    const std::string header = "วันที่ / Date (date),ความพึงพอใจ (rating),จุดบริการ (service_point),"
                               "เพศ / Sex (profile:sex),อายุ / Age (profile:age)\r\n";
    const auto p = exchange::parse_answers_csv(kBom + header +
                                                   "15/01/2569,5,palad,หญิง,60 ปีขึ้นไป\r\n"
                                                   "15/01/2569,4,palad,Male,\r\n"
                                                   "15/01/2569,3,palad,,under_30\r\n",
                                               with_profile, {"office-1", with_profile.version});
    INFO(messages(p));
    REQUIRE(p.problems.empty());
    REQUIRE(p.entries.size() == 3);
    CHECK(p.entries[0].profile == std::map<std::string, std::string>{{"sex", "female"}, {"age", "60_plus"}});
    CHECK(p.entries[1].profile == std::map<std::string, std::string>{{"sex", "male"}});
    CHECK(p.entries[2].profile == std::map<std::string, std::string>{{"age", "under_30"}});

    // An answer that is not an option, and a question the survey does not ask, are refused
    // with the row and column named.
    const auto bad = exchange::parse_answers_csv(kBom + header + "15/01/2569,5,palad,ไม่ทราบ,\r\n", with_profile,
                                                 {"office-1", with_profile.version});
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].row == 2);
    CHECK_THAT(bad.problems[0].message(), Catch::Contains("ไม่รู้จักคำตอบนี้"));
    CHECK_THAT(bad.problems[0].message(), Catch::Contains("unknown answer"));
    CHECK(bad.entries.empty());
    const auto unknown = exchange::parse_answers_csv(kBom + header + "15/01/2569,5,palad,ชาย,\r\n", survey(),
                                                     {"office-1", survey().version});
    REQUIRE_FALSE(unknown.problems.empty());
    CHECK_THAT(unknown.problems[0].message(), Catch::Contains("[[profile]]"));

    // Imported entries keep their profile in the store.
    TempDir dir;
    store::Store store(dir / "import.db");
    store.add_entry(p.entries[0]);
    CHECK(store.find_entry(p.entries[0].id)->profile == p.entries[0].profile);
}
