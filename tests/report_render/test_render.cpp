// The HTML report as staff see it: rendered by headless Chromium (Debian's chromium) to a PNG
// and to a PDF, then checked with poppler's tools — pages exist and are A4, every glyph came
// from the Thai font (a missing glyph would pull in a fallback font or a .notdef box), no page
// ends on a section heading, and the screenshot is not blank and shows the charts' colours.
//
// The files are kept in FEEDBACK_RENDER_OUT_DIR (build/…/report-render) so a person can look
// at them. Without chromium (or poppler-utils) installed a test exits with 77, which CTest
// reports as skipped (SKIP_RETURN_CODE, tests/CMakeLists.txt) rather than passed: a pass would
// claim checks that never ran. deploy/install-deps.sh installs both, so CI runs them.
// FEEDBACK_TEST_CHROMIUM names another Chromium binary (or a missing one, to see the skip).
#include <catch2/catch.hpp>
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

#include "core/demo_data.h"
#include "core/likert.h"
#include "core/period.h"
#include "process.h"
#include "report/store_input.h"
#include "report/html_export.h"
#include "report/report.h"
#include "../report/report_fixture.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kChromium = std::getenv("FEEDBACK_TEST_CHROMIUM") ? std::getenv("FEEDBACK_TEST_CHROMIUM")
                                                                      : "/usr/bin/chromium";
constexpr int kSkipped = 77;  // CTest's SKIP_RETURN_CODE for these tests

// Ends the test run as skipped when a tool is missing (each test runs in its own process
// under CTest, so only this test is skipped).
void require_tool(const std::string& path) {
    if (fs::exists(path)) return;
    std::fprintf(stderr, "%s is not installed: the rendered-report checks are skipped "
                         "(deploy/install-deps.sh installs it)\n", path.c_str());
    std::exit(kSkipped);
}

// A realistic half-year: the fixture's edge cases plus 2,000 demo answers.
report::Report demo_report(store::Store& store, const core::Survey& survey, bool thai_digits) {
    testing::fill_report_fixture(store);
    core::DemoParams params;
    params.count = 2000;
    params.first = {2025, 10, 1};
    params.last = {2026, 3, 31};
    params.seed = 7;
    core::DemoGenerator generator(survey, params);
    store::Store::BulkWriter writer(store);
    while (generator.has_next()) writer.add(generator.next());
    writer.finish();
    report::ReportOptions options;
    options.office_name = "องค์การบริหารส่วนตำบลบ้านทดสอบ";
    options.office_name_en = "Ban Thotsop Subdistrict Administrative Organization";
    options.thai_digits = thai_digits;
    options.suggestion_limit = 60;
    options.generated_utc_ms = testing::local_ms(2026, 4, 2, 9);
    return report::compute_report(store, core::parse_period("2569-H1"), survey, core::LikertScale(), options);
}

testing::ProcessResult chromium(const fs::path& profile, const std::vector<std::string>& extra, const fs::path& html) {
    std::vector<std::string> argv = {kChromium,
                                     "--headless",
                                     "--no-sandbox",
                                     "--disable-gpu",
                                     "--disable-background-networking",
                                     "--disable-component-update",
                                     "--disable-sync",
                                     "--no-first-run",
                                     "--no-pdf-header-footer",
                                     "--user-data-dir=" + profile.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("file://" + html.string());
    return testing::run(argv);
}

int pdf_pages(const fs::path& pdf) {
    const auto info = testing::run({"/usr/bin/pdfinfo", pdf.string()});
    REQUIRE(info.exit_code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(info.out, m, std::regex("Pages:\\s+(\\d+)")));
    CHECK_THAT(info.out, Catch::Contains("(A4)"));
    return std::stoi(m[1]);
}

struct Render {
    fs::path html, png, pdf;
};

Render render(const report::Report& r, const std::string& name) {
    const fs::path dir = FEEDBACK_RENDER_OUT_DIR;
    fs::create_directories(dir);
    Render out{dir / (name + ".html"), dir / (name + ".png"), dir / (name + ".pdf")};
    fs::remove(out.png);
    fs::remove(out.pdf);
    report::export_html(r, out.html);
    TempDir profile;
    const auto shot = chromium(profile.path(), {"--screenshot=" + out.png.string(), "--window-size=1240,1754"}, out.html);
    INFO(shot.err);
    REQUIRE(shot.exit_code == 0);
    const auto print = chromium(profile.path(), {"--print-to-pdf=" + out.pdf.string()}, out.html);
    INFO(print.err);
    REQUIRE(print.exit_code == 0);
    REQUIRE(fs::exists(out.png));
    REQUIRE(fs::exists(out.pdf));
    return out;
}

void check_screenshot(const fs::path& png) {
    int width = 0, height = 0, channels = 0;
    unsigned char* pixels = stbi_load(png.c_str(), &width, &height, &channels, 3);
    REQUIRE(pixels != nullptr);
    CHECK(width == 1240);
    CHECK(height == 1754);
    std::size_t ink = 0, blue = 0, green = 0;
    for (int i = 0; i < width * height; ++i) {
        const int r = pixels[i * 3], g = pixels[i * 3 + 1], b = pixels[i * 3 + 2];
        if (r < 200 || g < 200 || b < 200) ++ink;
        if (b > r + 60 && b > g + 20) ++blue;    // the title colour, heading rules
        if (g > r + 40 && g > b + 40) ++green;   // มากที่สุด bars in the level chart
    }
    stbi_image_free(pixels);
    const double total = static_cast<double>(width) * height;
    CHECK(static_cast<double>(ink) / total > 0.03);  // text and charts, not a blank page
    CHECK(blue > 500);
    CHECK(green > 500);
}

void check_fonts(const fs::path& pdf) {
    const auto fonts = testing::run({"/usr/bin/pdffonts", pdf.string()});
    REQUIRE(fonts.exit_code == 0);
    std::istringstream lines(fonts.out);
    std::string line;
    int rows = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
        ++rows;
        INFO("font line: " << line);
        CHECK(line.find("Laksaman") != std::string::npos);  // nothing fell back to another font
    }
    CHECK(rows >= 1);
}

// The content lines of one PDF page (trimmed, empty ones dropped, the page number dropped).
std::vector<std::string> page_lines(const fs::path& pdf, int page) {
    const auto text = testing::run({"/usr/bin/pdftotext", "-layout", "-f", std::to_string(page), "-l",
                                    std::to_string(page), pdf.string(), "-"});
    REQUIRE(text.exit_code == 0);
    std::vector<std::string> out;
    std::istringstream lines(text.out);
    std::string line;
    // The page number sits at the right of the last line; pdftotext may put other text there too.
    const std::regex page_number("\\s*([0-9]+|[๐-๙]+) ?/ ?([0-9]+|[๐-๙]+)\\s*$");
    while (std::getline(lines, line)) {
        line = std::regex_replace(line, page_number, "");
        const auto start = line.find_first_not_of(" \f");
        if (start == std::string::npos) continue;
        out.push_back(line.substr(start, line.find_last_not_of(' ') - start + 1));
    }
    return out;
}

// What a print stylesheet must prevent: a section heading alone at the foot of a page, and a
// piece of a line left behind when the line moved to the next page (Thai marks above a box
// are painted on the previous page: the text then shows up at the foot of both pages).
void check_page_ends(const fs::path& pdf, int pages) {
    const std::regex heading("^(\\d+|[๐-๙]+)\\. \\S");
    std::vector<std::vector<std::string>> all;
    for (int page = 1; page <= pages; ++page) all.push_back(page_lines(pdf, page));
    for (int page = 1; page <= pages; ++page) {
        const auto& lines = all[static_cast<std::size_t>(page - 1)];
        if (lines.empty()) continue;
        const std::string& last = lines.back();
        INFO("page " << page << " ends with: " << last);
        CHECK_FALSE(std::regex_search(last, heading));
        if (page < pages && !all[static_cast<std::size_t>(page)].empty()) {
            const std::string& next_first = all[static_cast<std::size_t>(page)].front();
            INFO("page " << page + 1 << " starts with: " << next_first);
            CHECK(next_first.find(last) == std::string::npos);
        }
    }
}

}  // namespace

TEST_CASE("the HTML report renders in Chromium to a clean A4 PDF and a non-blank PNG", "[render]") {
    require_tool(kChromium);
    require_tool("/usr/bin/pdfinfo");
    TempDir dir;
    store::Store store(dir / "demo.db");
    const auto survey = core::default_survey();
    const auto r = demo_report(store, survey, false);
    REQUIRE(r.respondents() > 1900);

    const auto out = render(r, "report-2569-H1");
    const int pages = pdf_pages(out.pdf);
    CHECK(pages >= 3);
    CHECK(pages <= 12);
    check_fonts(out.pdf);
    check_page_ends(out.pdf, pages);
    check_screenshot(out.png);
    // Page images for a person to look at (and proof that the PDF rasterises).
    const auto ppm = testing::run({"/usr/bin/pdftoppm", "-png", "-r", "60", out.pdf.string(),
                                   (out.pdf.parent_path() / "report-2569-H1-page").string()});
    CHECK(ppm.exit_code == 0);
}

TEST_CASE("Thai digits and a period without complaints render too", "[render]") {
    require_tool(kChromium);
    require_tool("/usr/bin/pdfinfo");
    TempDir dir;
    store::Store store(dir / "demo.db");
    const auto survey = core::default_survey();
    auto r = demo_report(store, survey, true);
    const auto out = render(r, "report-2569-H1-thai-digits");
    const int pages = pdf_pages(out.pdf);
    CHECK(pages >= 3);
    check_fonts(out.pdf);
    check_page_ends(out.pdf, pages);
    const auto text = testing::run({"/usr/bin/pdftotext", "-f", "1", "-l", "1", out.pdf.string(), "-"});
    CHECK(text.out.find("๒๕๖๙") != std::string::npos);

    const auto empty = report::compute_report(store, core::parse_period("2569-H2"), survey, core::LikertScale(), {});
    const auto none = render(empty, "report-2569-H2-empty");
    CHECK(pdf_pages(none.pdf) >= 1);
    check_fonts(none.pdf);
    const auto none_text = testing::run({"/usr/bin/pdftotext", none.pdf.string(), "-"});
    CHECK(none_text.out.find("ไม่มีเรื่องร้องเรียน") != std::string::npos);
}
