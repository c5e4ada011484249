// The PDF the kiosk makes itself (issue 17: Cairo + Pango, no browser), checked with poppler:
// A4 pages with their numbers, the Thai font embedded and nothing else, Thai text extracted in
// logical order, the sections in the HTML's order, and the figures equal to the JSON's. The
// pages are rasterised (pdftoppm) into FEEDBACK_RENDER_OUT_DIR for a person to look at.
// Without poppler-utils the test exits 77 (skipped), like the HTML render tests.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "core/demo_data.h"
#include "core/likert.h"
#include "core/period.h"
#include "process.h"
#include "report/store_input.h"
#include "report/json_export.h"
#include "report/pdf_export.h"
#include "report/report.h"
#include "../report/report_fixture.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::TempDir;
namespace fs = std::filesystem;
using Catch::Contains;

namespace {

void require_poppler() {
    for (const char* tool : {"/usr/bin/pdfinfo", "/usr/bin/pdftotext", "/usr/bin/pdftoppm", "/usr/bin/pdffonts"}) {
        if (fs::exists(tool)) continue;
        std::fprintf(stderr, "%s is not installed: the PDF checks are skipped (deploy/install-deps.sh installs it)\n",
                     tool);
        std::exit(77);
    }
}

report::Report document(store::Store& store, bool demo, report::Edition edition = report::Edition::Internal) {
    testing::fill_report_fixture(store);
    const auto survey = core::default_survey();
    if (demo) {
        core::DemoParams params;
        params.count = 600;
        params.first = {2025, 4, 1};
        params.last = {2026, 3, 31};
        params.seed = 11;
        core::DemoGenerator generator(survey, params);
        store::Store::BulkWriter writer(store);
        while (generator.has_next()) writer.add(generator.next());
        writer.finish();
    }
    report::ReportOptions options;
    options.office_name = "องค์การบริหารส่วนตำบลบ้านทดสอบ";
    options.office_name_en = "Ban Thotsop Subdistrict Administrative Organization";
    options.suggestion_limit = 40;
    options.generated_utc_ms = testing::local_ms(2026, 4, 2, 9);
    options.target_percent = 80.0;
    options.edition = edition;
    options.actions_th = "เพิ่มเจ้าหน้าที่ช่วงเช้าวันจันทร์ และจัดทำแผนผังขั้นตอนการให้บริการ";
    options.signatories = {{{"ผู้จัดทำรายงาน", "Prepared by"}, "นางสาวสมศรี ใจดี", "นักวิเคราะห์นโยบายและแผน"},
                           {{"ผู้ตรวจสอบ", "Reviewed by"}, "", ""},
                           {{"ผู้อนุมัติ", "Approved by"}, "นายประเสริฐ มั่นคง", "นายกองค์การบริหารส่วนตำบล"}};
    return report::compute_document(store, core::parse_period("2569-H1"), survey, core::LikertScale(), options);
}

bool thai_at(const std::string& s, std::size_t i) {
    // U+0E00..U+0E7F is E0 B8 80 .. E0 B9 BF in UTF-8.
    return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE0 &&
           (static_cast<unsigned char>(s[i + 1]) == 0xB8 || static_cast<unsigned char>(s[i + 1]) == 0xB9);
}

// Text for comparing: line ends and runs of spaces become one space, and a space between two
// Thai characters is dropped. pdftotext guesses word gaps from glyph positions, and Laksaman
// moves an upper vowel left over ป, ฝ, ฟ (ปี, เป็น), which it reads as a gap ("ปี แรก"); the
// characters themselves, and their order, are what is compared.
std::string normalise(const std::string& text) {
    const std::string spaced = std::regex_replace(text, std::regex("[\\s\\f]+"), " ");
    std::string out;
    for (std::size_t i = 0; i < spaced.size(); ++i) {
        if (spaced[i] == ' ' && i >= 3 && thai_at(spaced, i - 3) && thai_at(spaced, i + 1)) continue;
        out += spaced[i];
    }
    return out;
}

// -raw: the text in content-stream order, which is Pango's logical order (a mark after its
// base), rather than poppler's reading-order guess from glyph positions.
std::string pdftotext(const fs::path& pdf, bool layout = false) {
    std::vector<std::string> argv = {"/usr/bin/pdftotext", layout ? "-layout" : "-raw", pdf.string(), "-"};
    const auto text = testing::run(argv);
    REQUIRE(text.exit_code == 0);
    return normalise(text.out);
}

}  // namespace

TEST_CASE("the kiosk's own PDF: A4, numbered pages, Thai text in order, figures equal to the JSON", "[render][pdf]") {
    require_poppler();
    TempDir dir;
    store::Store store(dir / "pdf.db");
    const auto r = document(store, true);
    const fs::path out_dir = FEEDBACK_RENDER_OUT_DIR;
    fs::create_directories(out_dir);
    const fs::path pdf = out_dir / "kiosk-report-2569-H1.pdf";
    fs::remove(pdf);
    report::export_pdf(r, pdf);
    REQUIRE(fs::exists(pdf));

    // pdfinfo: A4 and the page count.
    const auto info = testing::run({"/usr/bin/pdfinfo", pdf.string()});
    REQUIRE(info.exit_code == 0);
    CHECK_THAT(info.out, Contains("(A4)"));
    std::smatch m;
    REQUIRE(std::regex_search(info.out, m, std::regex("Pages:\\s+(\\d+)")));
    const int pages = std::stoi(m[1]);
    CHECK(pages >= 4);
    CHECK(pages <= 20);

    // Only the Thai font is embedded: no fallback font, no missing glyph box.
    const auto fonts = testing::run({"/usr/bin/pdffonts", pdf.string()});
    REQUIRE(fonts.exit_code == 0);
    int font_rows = 0;
    std::istringstream font_lines(fonts.out);
    for (std::string line; std::getline(font_lines, line);) {
        if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
        ++font_rows;
        INFO(line);
        CHECK_THAT(line, Contains("Laksaman"));
        CHECK_THAT(line, Contains("yes yes"));  // embedded, subset
    }
    CHECK(font_rows >= 1);

    // Every page carries "หน้า n / N".
    for (int page = 1; page <= pages; ++page) {
        const auto text = testing::run({"/usr/bin/pdftotext", "-f", std::to_string(page), "-l", std::to_string(page),
                                        pdf.string(), "-"});
        REQUIRE(text.exit_code == 0);
        CHECK_THAT(text.out, Contains("หน้า " + std::to_string(page) + " / " + std::to_string(pages)));
    }

    // Thai text comes back in logical order (marks after their base: ผู้ = ผ ู ้), and the
    // sections in the HTML's order.
    const std::string text = pdftotext(pdf);
    CHECK_THAT(text, Contains("รายงานผลการประเมินความพึงพอใจของผู้มาติดต่อหรือรับบริการ"));
    CHECK_THAT(text, Contains("เพิ่มขึ้น"));  // ึ then ้: poppler's position guess reorders these
    CHECK_THAT(text, Contains("\u0E1C\u0E39\u0E49"));  // ผู้
    CHECK_THAT(text, Contains("ที่"));
    std::size_t last = 0;
    for (const std::string heading :
         {"บทสรุปสำหรับผู้บริหาร", "เปรียบเทียบกับช่วงก่อนหน้าและเป้าหมาย", "แนวทางการปรับปรุงการให้บริการ", "ผู้อนุมัติ",
          "1. ข้อมูลทั่วไป", "2. ความพึงพอใจโดยรวม", "3. ความพึงพอใจรายด้าน", "4. ผู้ตอบจำแนกตามจุดบริการ",
          "5. ผู้ตอบจำแนกตามช่องทาง", "6. แนวโน้มรายเดือน", "7. วันและช่วงเวลาที่ตอบแบบประเมิน", "8. เหตุผลที่ผู้ตอบเลือก",
          "9. เรื่องร้องเรียน", "10. ข้อเสนอแนะ", "หมายเหตุและเกณฑ์การแปลผล"}) {
        INFO(heading);
        const auto at = text.find(normalise(heading), last);
        REQUIRE(at != std::string::npos);
        last = at;
    }

    // The figures the PDF prints are the JSON's.
    const auto j = nlohmann::json::parse(report::render_json(r));
    const auto fmt = [](double v) { return core::format_2dp(v); };
    const auto& main = j["questions"][0];
    const std::string n = report::format_count(j["entries"]["respondents"].get<std::int64_t>());
    const std::string summary_line = "ค่าเฉลี่ย " + fmt(main["mean"].get<double>()) + " · S.D. " +
                                     fmt(main["sd"].get<double>()) + " · ร้อยละ " +
                                     fmt(main["percent_of_max"].get<double>()) + " · ระดับความพึงพอใจ " +
                                     main["level_th"].get<std::string>() + " · n = " + n;
    CHECK_THAT(text, Contains(normalise(summary_line)));
    CHECK_THAT(text, Contains(normalise("จากผู้ตอบแบบประเมินจำนวน " + n + " ราย")));
    const std::string flat = pdftotext(pdf, true);
    for (const auto& q : j["questions"]) {
        if (q["n"] == 0) continue;
        INFO(q["id"]);
        CHECK_THAT(flat, Contains(report::format_count(q["n"].get<std::int64_t>()) + " " + fmt(q["mean"].get<double>()) +
                                  " " + fmt(q["sd"].get<double>()) + " " + fmt(q["percent_of_max"].get<double>())));
    }
    for (const auto& c : j["comparisons"]) {
        if (c["n"] == 0) continue;
        CHECK_THAT(flat, Contains(report::format_count(c["n"].get<std::int64_t>()) + " " + fmt(c["mean"].get<double>()) +
                                  " " + fmt(c["percent_of_max"].get<double>())));
    }
    CHECK_THAT(text, Contains(j["target"]["met"].get<bool>() ? "บรรลุเป้าหมาย" : "ไม่บรรลุเป้าหมาย"));
    CHECK_THAT(text, Contains(normalise("นางสาวสมศรี ใจดี")));

    // Pages rasterise; the images are kept for a person to look at.
    const auto ppm = testing::run({"/usr/bin/pdftoppm", "-png", "-r", "70", pdf.string(),
                                   (out_dir / "kiosk-report-2569-H1-page").string()});
    CHECK(ppm.exit_code == 0);
    CHECK(fs::exists(out_dir / (pages >= 10 ? "kiosk-report-2569-H1-page-01.png" : "kiosk-report-2569-H1-page-1.png")));
}

TEST_CASE("the public PDF carries no unapproved comment", "[render][pdf]") {
    require_poppler();
    TempDir dir;
    store::Store store(dir / "public.db");
    const auto r = document(store, false, report::Edition::Public);
    const fs::path pdf = dir / "public.pdf";
    report::export_pdf(r, pdf);
    const std::string text = pdftotext(pdf);
    CHECK_THAT(text, Contains("ฉบับเผยแพร่ต่อสาธารณะ"));
    CHECK_THAT(text, Contains(normalise("ไม่แสดง 3 รายการ")));
    CHECK(text.find("บริการดีมาก") == std::string::npos);
    CHECK(text.find("ทางเข้า") == std::string::npos);
    CHECK_THAT(text, Contains("น้อยกว่า 5"));
}
