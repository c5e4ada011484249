// The paper template and the kiosk's CSV export read back into entries: what a clerk types is
// accepted in the forms Thai offices write it, anything wrong refuses the whole file with a
// message naming row and column in both languages, and ids are stable so importing twice adds
// nothing.
#include <catch2/catch.hpp>

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
