// The renderers over the hand-computed fixture: CSV (BOM, RFC 4180, formula neutralisation,
// Thai round trip through a strict reader, no contact details), JSON (the documented fields,
// the same digits as the other formats), HTML (self-contained, escaped, Thai digits) and XLSX
// (read back with unzip and with openpyxl), and the atomic file writer under them.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "core/complaint.h"
#include "core/demo_data.h"
#include "core/likert.h"
#include "core/period.h"
#include "core/utf8.h"
#include "process.h"
#include "report/store_input.h"
#include "report/atomic_file.h"
#include "report/csv_export.h"
#include "report/entry_rows.h"
#include "report/export.h"
#include "report/html_export.h"
#include "report/json_export.h"
#include "report/report.h"
#include "report/xlsx_export.h"
#include "report_fixture.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::TempDir;
namespace fs = std::filesystem;

namespace {

struct Fixture {
    TempDir dir;
    store::Store store{dir / "report.db"};
    core::Survey survey = core::default_survey();
    Fixture() { testing::fill_report_fixture(store); }
    report::Report report(const std::string& period, report::ReportOptions options = {}) {
        options.office_name = "องค์การบริหารส่วนตำบลทดสอบ";
        options.office_name_en = "Test SAO";
        options.generated_utc_ms = testing::local_ms(2026, 4, 2, 9);
        return report::compute_report(store, core::parse_period(period), survey, core::LikertScale(), options);
    }
};

// A strict RFC 4180 reader: fails the test on anything a lenient reader would guess at (a
// quote inside an unquoted field, text after a closing quote, a missing CRLF).
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '"') {
            ++i;
            while (true) {
                REQUIRE(i < text.size());
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
            REQUIRE(i < text.size());
            REQUIRE((text[i] == ',' || text[i] == '\r'));
        } else {
            while (i < text.size() && text[i] != ',' && text[i] != '\r') {
                REQUIRE(text[i] != '"');
                REQUIRE(text[i] != '\n');
                field += text[i++];
            }
        }
        REQUIRE(i < text.size());
        row.push_back(std::move(field));
        field.clear();
        if (text[i] == ',') {
            ++i;
        } else {
            REQUIRE(text.substr(i, 2) == "\r\n");
            i += 2;
            rows.push_back(std::move(row));
            row.clear();
        }
    }
    return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& key) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i].find("(" + key + ")") != std::string::npos) return i;
    FAIL("no column " << key);
    return 0;
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("csv_cell quotes per RFC 4180 and neutralises formulas", "[report][csv]") {
    CHECK(report::csv_cell("ok") == "ok");
    CHECK(report::csv_cell("") == "");
    CHECK(report::csv_cell("a,b") == "\"a,b\"");
    CHECK(report::csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(report::csv_cell("two\nlines") == "\"two\nlines\"");
    CHECK(report::csv_cell("=SUM(A1)") == "'=SUM(A1)");
    CHECK(report::csv_cell("+66") == "'+66");
    CHECK(report::csv_cell("-1") == "'-1");
    CHECK(report::csv_cell("@cmd") == "'@cmd");
    CHECK(report::csv_cell("\tx") == "'\tx");
    CHECK(report::csv_cell("=a,b") == "\"'=a,b\"");
    CHECK(report::csv_cell("a=b") == "a=b");
    CHECK(report::csv_cell("รอนาน") == "รอนาน");
}

TEST_CASE("csv_cell finds a character that needs quotes wherever it is", "[report][csv]") {
    // The export checks eight bytes at a time: put each special character at every position of
    // cells of every length around a word, among ASCII and Thai bytes, and compare with the
    // rule written out plainly.
    const auto reference = [](const std::string& text) {
        const bool neutralise = !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string::npos;
        const bool quote = text.find_first_of(",\"\r\n") != std::string::npos;
        std::string out;
        if (quote) out += '"';
        if (neutralise) out += '\'';
        for (const char c : text) {
            if (quote && c == '"') out += '"';
            out += c;
        }
        if (quote) out += '"';
        return out;
    };
    for (const std::string filler : {"a", "ก", " ", "~", "+"}) {
        for (std::size_t length = 0; length <= 26; ++length) {
            std::string plain;
            while (plain.size() < length) plain += filler;
            plain.resize(length);  // may cut a Thai letter: bytes are bytes here
            CHECK(report::csv_cell(plain) == reference(plain));
            for (std::size_t at = 0; at < length; ++at) {
                for (const char special : {',', '"', '\r', '\n', '\t', '=', '-', '.', '\x80'}) {
                    std::string text = plain;
                    text[at] = special;
                    CHECK(report::csv_cell(text) == reference(text));
                }
            }
        }
    }
}

TEST_CASE("CSV: BOM, one row per entry, Thai intact through a strict reader", "[report][csv]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    const auto path = f.dir / "out.csv";
    CHECK(report::export_csv(f.store, r, path) == 17);
    const std::string bytes = testing::read_file(path);
    REQUIRE(bytes.substr(0, 3) == "\xEF\xBB\xBF");

    const auto rows = parse_csv(std::string_view(bytes).substr(3));
    REQUIRE(rows.size() == 1 + 17);
    const auto& header = rows[0];
    CHECK(header.size() == 9 + 4 + 10);
    CHECK(header[0] == "รหัสรายการ (id)");
    for (const auto& row : rows) CHECK(row.size() == header.size());

    const auto comment = column(header, "comment");
    const auto date = column(header, "local_date");
    const auto time = column(header, "local_time");
    const auto sp = column(header, "service_point");
    const auto reasons = column(header, "reasons");
    const auto misuse = column(header, "misuse");
    const auto kind = column(header, "kind");
    const auto channel = column(header, "channel");
    const auto staff = column(header, "dimension:staff");
    const auto description = column(header, "complaint_description");
    const auto category = column(header, "complaint_category");

    // Oldest first: R1 at local midnight opens the period, R12 a millisecond before its end.
    CHECK(rows[1][date] == "2025-10-01");
    CHECK(rows[1][time] == "00:00:00");
    CHECK(rows[1][sp] == "สำนักปลัดฯ");
    CHECK(rows[1][reasons] == "รวดเร็ว; เป็นกันเอง");
    CHECK(rows[1][staff] == "5");
    CHECK(rows.back()[date] == "2026-03-31");
    CHECK(rows.back()[time] == "23:59:59");

    std::size_t misuse_rows = 0, complaints = 0, paper = 0;
    bool r9 = false, r5 = false, c3 = false, c2 = false;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& row = rows[i];
        misuse_rows += row[misuse] == "1";
        complaints += row[kind] == "complaint";
        paper += row[channel] == "paper";
        r9 = r9 || row[comment] == testing::kR9Comment;  // comma, quotes and a line break survive
        r5 = r5 || row[comment] == "'" + testing::kR5Comment;
        c3 = c3 || row[description] == "'" + testing::kC3Description;
        if (row[category] == "เรียกรับเงินหรือสินบน") {
            c2 = true;
            CHECK(row[description] == "(sensitive)");
        }
    }
    CHECK(misuse_rows == 2);  // listed in the raw data, flagged
    CHECK(complaints == 3);
    CHECK(paper == 4);  // R4, R7, R10 and M2
    CHECK(r9);
    CHECK(r5);
    CHECK(c3);
    CHECK(c2);
    // Personal data never leaves in an export; nor does a sensitive complaint's text.
    CHECK(bytes.find("สมชาย") == std::string::npos);
    CHECK(bytes.find("0812345678") == std::string::npos);
    CHECK(bytes.find(testing::kC2Description) == std::string::npos);
}

TEST_CASE("CSV: two threads write byte for byte what one pass writes", "[report][csv][snapshot]") {
    Fixture f;
    // Demo answers on weekdays (so some ranges are empty), the fixture's complaints and odd rows
    // among them, and complaints spread over the half-year.
    core::DemoParams params;
    params.count = 3000;
    params.first = {2025, 10, 1};
    params.last = {2026, 3, 31};
    core::DemoGenerator generator(f.survey, params);
    {
        store::Store::BulkWriter writer(f.store);
        while (generator.has_next()) writer.add(generator.next());
        writer.finish();
    }
    for (int i = 0; i < 40; ++i) {
        core::Complaint c;
        c.category = i % 3 == 0 ? "bribery" : "rude";
        c.description = i % 2 == 0 ? "ช้า, \"มาก\"" : "=1+1";
        c.sensitive = i % 3 == 0;
        testing::add_complaint(f.store, testing::local_ms(2025, 10, 1) + i * 390'000'000LL + 7, c);
    }
    const auto r = f.report("2569-H1");

    const auto export_with = [&](const std::string& name, const report::CsvThreading* threading) {
        const auto path = f.dir / name;
        const auto rows = threading ? report::export_csv(f.store, r, path, *threading)
                                    : report::export_csv(f.store, r, path);
        CHECK(rows == r.entries);
        return testing::read_file(path);
    };
    // Inside a transaction the export did not start there is no twin: one pass, one thread.
    f.store.database().exec("BEGIN");
    {
        const report::ReadSnapshot nested(f.store);
        CHECK(nested.twin() == nullptr);
    }
    const auto one_pass = export_with("one.csv", nullptr);
    f.store.database().exec("COMMIT");
    REQUIRE(r.entries > 3000);
    CHECK(parse_csv(std::string_view(one_pass).substr(3)).size() == static_cast<std::size_t>(1 + r.entries));

    CHECK(export_with("default.csv", nullptr) == one_pass);
    // Everything tiny: a write per row, a range held in memory waits for its turn at once, and
    // ranges of under a day, many of them empty.
    const report::CsvThreading tiny{.ranges = 300, .flush_bytes = 1, .max_held_bytes = 1};
    CHECK(export_with("tiny.csv", &tiny) == one_pass);
    const report::CsvThreading held{.ranges = 7, .flush_bytes = 4096, .max_held_bytes = 64 * 1024};
    CHECK(export_with("held.csv", &held) == one_pass);
    const report::CsvThreading whole{.ranges = 1};
    CHECK(export_with("whole.csv", &whole) == one_pass);
}

TEST_CASE("JSON: the documented fields with the hand-computed figures", "[report][json]") {
    Fixture f;
    const auto j = nlohmann::json::parse(report::render_json(f.report("2569-H1")));
    CHECK(j["format"] == "feedback-kiosk-report");
    CHECK(j["format_version"] == 1);
    CHECK(j["period"]["label"] == "2569-H1");
    CHECK(j["period"]["kind"] == "first_half");
    CHECK(j["period"]["fiscal_year_be"] == 2569);
    CHECK(j["period"]["first"] == "2025-10-01");
    CHECK(j["period"]["last"] == "2026-03-31");
    CHECK(j["period"]["first_th"] == "1 ต.ค. 2568");
    CHECK(j["period"]["start_utc"] == "2025-09-30T17:00:00.000Z");
    CHECK(j["period"]["end_utc"] == "2026-03-31T17:00:00.000Z");
    CHECK(j["period"]["title_th"] == "ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2569 (1 ต.ค. 2568 – 31 มี.ค. 2569)");
    CHECK(j["office"]["name"] == "องค์การบริหารส่วนตำบลทดสอบ");
    CHECK(j["generated_utc"] == "2026-04-02T02:00:00.000Z");

    CHECK(j["entries"]["total"] == 17);
    CHECK(j["entries"]["ratings"] == 14);
    CHECK(j["entries"]["respondents"] == 12);
    CHECK(j["entries"]["misuse_excluded"] == 2);
    CHECK(j["entries"]["open_sessions"] == 1);
    CHECK(j["entries"]["complaints"] == 3);

    const auto& main = j["questions"][0];
    CHECK(main["role"] == "main");
    CHECK(main["n"] == 12);
    CHECK(main["mean"].dump() == "3.83");
    CHECK(main["sd"].dump() == "1.34");
    CHECK(main["percent_of_max"].dump() == "76.6");
    CHECK(main["level"] == 4);
    CHECK(main["level_th"] == "มาก");
    CHECK(main["rank"].is_null());
    CHECK(main["levels"][0]["level"] == 5);
    CHECK(main["levels"][0]["count"] == 5);
    CHECK(main["levels"][0]["percent"].dump() == "41.67");
    CHECK(main["levels"][4]["percent"].dump() == "8.33");

    REQUIRE(j["questions"].size() == 5);
    const auto& quality = j["questions"][4];
    CHECK(quality["id"] == "quality");
    CHECK(quality["mean"].dump() == "2.33");
    CHECK(quality["sd"].dump() == "0.58");
    CHECK(quality["percent_of_max"].dump() == "46.6");
    CHECK(quality["rank"] == 4);
    CHECK(j["questions"][3]["rank"] == 2);  // facilities ties with process

    CHECK(j["scale"]["bands"][0]["min"].dump() == "4.21");
    CHECK(j["service_points"][3]["sd"].is_null());  // education: one answer
    CHECK(j["service_points"][4]["id"].is_null());  // not specified
    CHECK(j["channels"][0]["id"] == "kiosk");
    CHECK(j["channels"][0]["mean"].dump() == "3.78");
    CHECK(j["channels"][1]["share_percent"].dump() == "25.0");
    CHECK(j["months"][0]["label_th"] == "ต.ค. 2568");
    CHECK(j["months"][0]["mean"].dump() == "4.67");
    CHECK(j["months"][2]["sd"].is_null());
    CHECK(j["weekday_hour"]["weekdays_th"][0] == "จันทร์");
    CHECK(j["weekday_hour"]["counts"][0][9] == 2);
    CHECK(j["weekday_hour"]["counts"][1][23] == 1);
    CHECK(j["reasons"][0]["id"] == "long_wait");
    CHECK(j["reasons"][0]["percent"].dump() == "25.0");
    CHECK(j["complaints"]["total"] == 3);
    CHECK(j["complaints"]["sensitive"] == 1);
    CHECK(j["complaints"]["status_tracked"] == false);
    CHECK(j["complaints"]["summary_th"].is_null());
    CHECK(j["complaints"]["by_category"][1]["count"] == 2);
    REQUIRE(j["suggestions"].size() == 3);
    CHECK(j["suggestions"][0] == nlohmann::json{{"date", "2025-10-06"}, {"time", "09:15"}, {"rating", 5},
                                                {"service_point", "palad"}, {"channel", "kiosk"},
                                                {"language", "th"}, {"text", "บริการดีมาก"}, {"entry_id", j["suggestions"][0]["entry_id"]},
                           {"approved", false}});

    CHECK(j["suggestions_total"] == 3);
    report::ReportOptions two;
    two.suggestion_limit = 2;
    const auto limited = nlohmann::json::parse(report::render_json(f.report("2569-H1", two)));
    CHECK(limited["suggestions_total"] == 3);
    CHECK(limited["suggestions"].size() == 2);

    const auto h2 = nlohmann::json::parse(report::render_json(f.report("2569-H2")));
    CHECK(h2["complaints"]["total"] == 0);
    CHECK(h2["complaints"]["summary_th"] == "ไม่มีเรื่องร้องเรียน");
    CHECK(h2["questions"][1]["mean"].is_null());
}

TEST_CASE("HTML: self-contained, escaped, the same figures, Thai digits on request", "[report][html]") {
    Fixture f;
    const auto html = report::render_html(f.report("2569-H1"));
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<html lang=\"th\">") != std::string::npos);
    // Nothing fetched from anywhere: no scripts, no links, no URLs at all.
    CHECK(html.find("http") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    CHECK(html.find("Laksaman, 'TH Sarabun New', Sarabun, Garuda, Loma, sans-serif") != std::string::npos);
    CHECK(html.find("@page { size: A4; margin: 15mm; }") != std::string::npos);
    CHECK(html.find("page-break-inside: avoid") != std::string::npos);
    CHECK(count_of(html, "<svg") == 4);  // levels, means, months, heat map
    CHECK(html.find("class=\"heatmap\"") != std::string::npos);

    CHECK(html.find("องค์การบริหารส่วนตำบลทดสอบ") != std::string::npos);
    CHECK(html.find("ครึ่งปีแรก ปีงบประมาณ พ.ศ. 2569 (1 ต.ค. 2568 – 31 มี.ค. 2569)") != std::string::npos);
    CHECK(html.find("ค่าเฉลี่ย <strong>3.83</strong> · S.D. 1.34 · ร้อยละ 76.60 · ระดับความพึงพอใจ <strong>มาก</strong>") !=
          std::string::npos);
    CHECK(html.find("<td class=\"num\">41.67</td>") != std::string::npos);
    CHECK(html.find("<td class=\"num\">46.60</td>") != std::string::npos);
    CHECK(html.find("ต.ค. 2568") != std::string::npos);
    CHECK(html.find("เรื่องร้องเรียนทั้งหมด <strong>3</strong>") != std::string::npos);
    CHECK(html.find("ไม่มีเรื่องร้องเรียน") == std::string::npos);
    // Visitor text is escaped; a sensitive complaint's text and contact details never appear.
    CHECK(html.find("=1+1 &lt;ขอบคุณ&gt;") != std::string::npos);
    CHECK(html.find("<ขอบคุณ>") == std::string::npos);
    CHECK(html.find("&quot;ทางเข้า&quot;") != std::string::npos);
    CHECK(html.find("ไม่ควรนับ") == std::string::npos);  // M1's comment: misuse
    CHECK(html.find(testing::kC2Description) == std::string::npos);
    CHECK(html.find("สมชาย") == std::string::npos);
    CHECK(html.find(report::kStatusNotTrackedTh) != std::string::npos);

    const auto none = report::render_html(f.report("2569-H2"));
    CHECK(none.find("<p class=\"none\">ไม่มีเรื่องร้องเรียน</p>") != std::string::npos);

    report::ReportOptions thai;
    thai.thai_digits = true;
    const auto thai_html = report::render_html(f.report("2569-H1", thai));
    CHECK(thai_html.find("ค่าเฉลี่ย <strong>๓.๘๓</strong> · S.D. ๑.๓๔ · ร้อยละ ๗๖.๖๐") != std::string::npos);
    CHECK(thai_html.find("ปีงบประมาณ พ.ศ. ๒๕๖๙") != std::string::npos);
    CHECK(thai_html.find("=1+1 &lt;ขอบคุณ&gt;") != std::string::npos);  // visitors' digits stay
    CHECK(thai_html.find("counter(page, thai)") != std::string::npos);
}

TEST_CASE("HTML lists at most suggestion_limit suggestions and says how many there are", "[report][html]") {
    Fixture f;
    report::ReportOptions options;
    options.suggestion_limit = 2;
    const auto html = report::render_html(f.report("2569-H1", options));
    CHECK(html.find("ข้อเสนอแนะทั้งหมด 3 รายการ (แสดง 2 รายการแรก") != std::string::npos);
    CHECK(html.find("บริการดีมาก") != std::string::npos);
    CHECK(html.find("ควรแก้ไข") == std::string::npos);
}

TEST_CASE("XLSX: summary and raw sheets read back with unzip and openpyxl", "[report][xlsx]") {
    Fixture f;
    const auto r = f.report("2569-H1");
    const auto path = f.dir / "out.xlsx";
    CHECK(report::export_xlsx(f.store, r, path) == 17);

    const auto workbook = testing::run({"/usr/bin/unzip", "-p", path.string(), "xl/workbook.xml"});
    REQUIRE(workbook.exit_code == 0);
    CHECK(workbook.out.find("name=\"สรุป\"") != std::string::npos);
    CHECK(workbook.out.find("name=\"ข้อมูลดิบ\"") != std::string::npos);

    const auto summary = testing::run({"/usr/bin/unzip", "-p", path.string(), "xl/worksheets/sheet1.xml"});
    REQUIRE(summary.exit_code == 0);
    CHECK(summary.out.find("องค์การบริหารส่วนตำบลทดสอบ") != std::string::npos);
    CHECK(summary.out.find("ความพึงพอใจโดยรวมและรายด้าน") != std::string::npos);
    CHECK(summary.out.find("<v>3.83</v>") != std::string::npos);
    CHECK(summary.out.find("<v>1.34</v>") != std::string::npos);
    // 76.6 is not checked here: libxlsxwriter prints "%.16G" (76.59999999999999), the same
    // double, which openpyxl reads back as 76.6 below.
    CHECK(summary.out.find("<v>41.67</v>") != std::string::npos);
    CHECK(summary.out.find("ไม่มีเรื่องร้องเรียน") == std::string::npos);

    const auto raw = testing::run({"/usr/bin/unzip", "-p", path.string(), "xl/worksheets/sheet2.xml"});
    REQUIRE(raw.exit_code == 0);
    CHECK(raw.out.find("บริการดีมาก") != std::string::npos);
    CHECK(raw.out.find("(sensitive)") != std::string::npos);
    CHECK(raw.out.find(testing::kC2Description) == std::string::npos);
    CHECK(raw.out.find("สมชาย") == std::string::npos);
    CHECK(count_of(raw.out, "<row ") == 18);

    // A real reader, as an office's spreadsheet would open it.
    const std::string script =
        "import json, sys, openpyxl\n"
        "wb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
        "out = {'sheets': wb.sheetnames}\n"
        "out['summary'] = [[c for c in row] for row in wb['สรุป'].iter_rows(values_only=True)]\n"
        "raw = [[c for c in row] for row in wb['ข้อมูลดิบ'].iter_rows(values_only=True)]\n"
        "out['raw_header'] = raw[0]\n"
        "out['raw_rows'] = len(raw) - 1\n"
        "out['first_raw'] = [str(c) if c is not None else None for c in raw[1]]\n"
        "print(json.dumps(out, ensure_ascii=False))\n";
    testing::write_file(f.dir / "read.py", script);
    const auto read = testing::run({"/usr/bin/python3", (f.dir / "read.py").string(), path.string()});
    REQUIRE(read.exit_code == 0);
    const auto j = nlohmann::json::parse(read.out);
    CHECK(j["sheets"] == nlohmann::json{"สรุป", "ข้อมูลดิบ"});
    CHECK(j["raw_rows"] == 17);
    CHECK(j["raw_header"][0] == "รหัสรายการ (id)");
    CHECK(j["first_raw"][2] == "2025-10-01 00:00:00");  // a real date cell
    CHECK(j["first_raw"][8] == "5");
    bool main_row = false, respondents = false;
    for (const auto& row : j["summary"]) {
        if (row[0].is_string() && row[0].get<std::string>().rfind("ภาพรวม:", 0) == 0) {
            main_row = true;
            CHECK(row[1] == 12);
            CHECK(row[2].dump() == "3.83");
            CHECK(row[3].dump() == "1.34");
            CHECK(row[4].dump() == "76.6");
            CHECK(row[5] == "มาก");
            CHECK(row[6] == "-");
            CHECK(row[7] == 5);  // มากที่สุด count
            CHECK(row[8].dump() == "41.67");
        }
        if (row[0] == "จำนวนผู้ตอบที่นำมาวิเคราะห์ (n)") {
            respondents = true;
            CHECK(row[1] == 12);
        }
    }
    CHECK(main_row);
    CHECK(respondents);

    const auto none = f.dir / "h2.xlsx";
    report::export_xlsx(f.store, f.report("2569-H2"), none);
    const auto none_sheet = testing::run({"/usr/bin/unzip", "-p", none.string(), "xl/worksheets/sheet1.xml"});
    CHECK(none_sheet.out.find("ไม่มีเรื่องร้องเรียน") != std::string::npos);
}

TEST_CASE("XLSX raw sheet stops at its row limit and says the CSV has the rest", "[report][xlsx]") {
    Fixture f;
    report::ReportOptions options;
    options.xlsx_raw_row_limit = 5;
    const auto path = f.dir / "capped.xlsx";
    CHECK(report::export_xlsx(f.store, f.report("2569-H1", options), path) == 5);
    const auto summary = testing::run({"/usr/bin/unzip", "-p", path.string(), "xl/worksheets/sheet1.xml"});
    CHECK(summary.out.find("แผ่นงานข้อมูลดิบแสดง 5 จาก 17 รายการแรก") != std::string::npos);
    const auto raw = testing::run({"/usr/bin/unzip", "-p", path.string(), "xl/worksheets/sheet2.xml"});
    CHECK(count_of(raw.out, "<row ") == 1 + 5 + 1);  // heading, rows, the note
    CHECK(raw.out.find("ข้อมูลครบทุกรายการอยู่ในไฟล์ CSV") != std::string::npos);
}

TEST_CASE("export_period writes the file and an audit record", "[report]") {
    Fixture f;
    const auto path = f.dir / "period.html";
    const auto result = report::export_period(f.store, core::parse_period("2569-H1"), f.survey, core::LikertScale(),
                                              {}, report::ExportFormat::Html, path, "staff");
    CHECK(result.report.respondents() == 12);
    CHECK(fs::exists(path));
    const auto log = f.store.audit_log(1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].actor == "staff");
    CHECK(log[0].action == "export");
    CHECK(log[0].detail == "2569-H1 html");
    CHECK(report::export_format_from("xlsx") == report::ExportFormat::Xlsx);
    CHECK(report::export_format_from("pdf") == report::ExportFormat::Pdf);
    CHECK_FALSE(report::export_format_from("docx"));
}

TEST_CASE("atomic writes replace the whole file or leave the old one", "[report][atomic]") {
    TempDir dir;
    const auto target = dir / "report.csv";
    testing::write_file(target, "old");
    report::atomic_write(target, "new content");
    CHECK(testing::read_file(target) == "new content");

    {
        report::AtomicFile unfinished(target);
        unfinished.write("half a rep");
        CHECK(fs::exists(unfinished.temp_path()));
        CHECK(unfinished.temp_path().parent_path() == target.parent_path());
    }  // destroyed without commit: the old file stays
    CHECK(testing::read_file(target) == "new content");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++files;
    CHECK(files == 1);  // no temporary left behind

    CHECK_THROWS_AS(report::atomic_write(dir / "no-such-dir" / "x.csv", "x"), std::system_error);
    try {
        report::atomic_write(dir / "no-such-dir" / "x.csv", "x");
    } catch (const std::system_error& e) {
        CHECK_THAT(e.what(), Catch::Contains("no-such-dir"));
    }
}

namespace {
// Sets the process umask for one scope (exports must not depend on it) and puts it back.
struct ScopedUmask {
    explicit ScopedUmask(mode_t mask) : old(::umask(mask)) {}
    ~ScopedUmask() { ::umask(old); }
    mode_t old;
};

unsigned file_mode(const fs::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}
}  // namespace

// Issue 14, defect 2: the temporary was created 0666 less the umask, so under a loose umask a
// watching local user could open it while the comments were written. It is 0600 from the
// moment it exists, and so is every export that carries visitor comments.
TEST_CASE("atomic files are 0600 from their first byte, whatever the umask", "[report][atomic][security]") {
    TempDir dir;
    const ScopedUmask loose(0);
    const auto target = dir / "secret.txt";
    report::AtomicFile file(target);
    CHECK(file_mode(file.temp_path()) == 0600);  // before anything is written
    file.write("comments");
    CHECK(file_mode(file.temp_path()) == 0600);
    file.commit();
    CHECK(file_mode(target) == 0600);
}

TEST_CASE("every export format is written 0600 under a loose umask", "[report][atomic][security]") {
    Fixture f;
    const ScopedUmask loose(0);
    for (const auto format : {report::ExportFormat::Csv, report::ExportFormat::Xlsx, report::ExportFormat::Html,
                              report::ExportFormat::Json}) {
        const auto path = f.dir / ("period." + std::string(report::export_format_name(format)));
        report::export_period(f.store, core::parse_period("2569-H1"), f.survey, core::LikertScale(), {}, format, path,
                              "cli");
        INFO(path);
        CHECK(file_mode(path) == 0600);
    }
}

TEST_CASE("a file meant for everyone gets exactly the mode it asks for, under any umask", "[report][atomic]") {
    TempDir dir;
    {
        const ScopedUmask strict(077);
        report::atomic_write(dir / "kiosk.toml", "x", 0644);  // setup's configuration file
        CHECK(file_mode(dir / "kiosk.toml") == 0644);
    }
    const ScopedUmask loose(0);
    report::atomic_write(dir / "kiosk.toml", "y", 0644);
    CHECK(file_mode(dir / "kiosk.toml") == 0644);
}

TEST_CASE("invalid UTF-8 already in the database never reaches an export", "[report][utf8]") {
    Fixture f;
    // Stored by an older release (or another tool) before inputs were checked: a comment and a
    // complaint description with bytes that are not UTF-8. Written with SQL, as the store's own
    // writers now refuse them.
    f.store.database().exec("UPDATE entries SET comment = CAST(X'E0B899FFFE41' AS TEXT) WHERE comment <> '' "
                            "AND seq = (SELECT min(seq) FROM entries WHERE comment <> '' AND kind = 'rating')");
    f.store.database().exec("UPDATE complaints SET description = CAST(X'C0AF4142' AS TEXT) "
                            "WHERE entry_seq = (SELECT min(entry_seq) FROM complaints c WHERE c.sensitive = 0)");
    const auto r = f.report("2569-H1");
    const auto check = [](const std::string& what, const std::string& bytes) {
        INFO(what);
        CHECK(core::is_valid_utf8(bytes));
        CHECK(bytes.find("\xEF\xBF\xBD") != std::string::npos);  // shown as U+FFFD, not dropped
    };
    {
        const auto path = f.dir / "r.csv";
        report::export_csv(f.store, r, path);
        check("csv", testing::read_file(path));
    }
    {
        const auto path = f.dir / "r.html";
        report::export_html(r, path);
        check("html", testing::read_file(path));
    }
    check("json", report::render_json(r));
    {
        const auto path = f.dir / "r.xlsx";
        report::export_xlsx(f.store, r, path);
        // Every XML part of the workbook (shared strings, sheets).
        const auto xml = testing::run({"/usr/bin/unzip", "-p", path.string()});
        REQUIRE(xml.exit_code == 0);
        check("xlsx", xml.out);
    }
}
