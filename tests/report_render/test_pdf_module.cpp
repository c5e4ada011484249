// The PDF renderer is a module loaded on the first PDF (kiosk/report/pdf_module.h). When it is
// missing or is not a module, the PDF export fails with dlerror()'s reason and the path — the
// staff screen and `export --format pdf` show that text — and nothing else is affected: the
// real module still renders afterwards, in the same process.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "report/pdf_export.h"
#include "report/pdf_module.h"
#include "report/store_input.h"
#include "report/report.h"
#include "../report/report_fixture.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::TempDir;
namespace fs = std::filesystem;
using Catch::Contains;

namespace {

report::Report small_report(store::Store& store) {
    testing::fill_report_fixture(store);
    report::ReportOptions options;
    options.office_name = "องค์การบริหารส่วนตำบลบ้านทดสอบ";
    options.generated_utc_ms = testing::local_ms(2026, 4, 2, 9);
    return report::compute_document(store, core::parse_period("2569-H1"), core::default_survey(), core::LikertScale(),
                                    options);
}

std::string error_of(const fs::path& module, const report::Report& r) {
    try {
        report::render_pdf_with_module(module, r);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    FAIL("render_pdf_with_module(" << module << ") did not throw");
    return {};
}

}  // namespace

TEST_CASE("a missing PDF module fails the PDF with dlerror's reason, and the real module still renders after", "[pdf][module]") {
    TempDir dir;
    store::Store store(dir / "module.db");
    const auto r = small_report(store);

    const fs::path missing = dir / "lib" / "feedback-kiosk" / report::kPdfModuleFileName;
    const std::string error = error_of(missing, r);
    CHECK_THAT(error, Contains("the PDF renderer could not be loaded"));
    CHECK_THAT(error, Contains("โหลดส่วนสร้างไฟล์ PDF ไม่ได้"));
    CHECK_THAT(error, Contains(missing.string()));
    CHECK_THAT(error, Contains("cannot open shared object file"));

    // Nothing else broke: the module found by the kiosk's own search renders, and writes the file.
    const fs::path pdf = dir / "after.pdf";
    report::export_pdf(r, pdf);
    std::ifstream in(pdf, std::ios::binary);
    std::string head(5, '\0');
    in.read(head.data(), 5);
    CHECK(head == "%PDF-");
}

TEST_CASE("a file that is not a module fails the PDF with dlerror's reason", "[pdf][module]") {
    TempDir dir;
    store::Store store(dir / "module.db");
    const auto r = small_report(store);
    const fs::path fake = dir / report::kPdfModuleFileName;
    std::ofstream(fake) << "not a shared object\n";
    const std::string error = error_of(fake, r);
    CHECK_THAT(error, Contains("the PDF renderer could not be loaded"));
    CHECK_THAT(error, Contains(fake.string()));
    CHECK_THAT(error, Contains("invalid ELF header") || Contains("file too short"));
}

TEST_CASE("the PDF module is looked for beside the installed kiosk, then in the build tree", "[pdf][module]") {
    const auto candidates = report::pdf_module_candidates();
    REQUIRE(candidates.size() == 2);
    // This test binary's own directory stands for /usr/bin: the installed module is in ../lib.
    CHECK(candidates[0].parent_path().filename() == "feedback-kiosk");
    CHECK(candidates[0].parent_path().parent_path().filename() == "lib");
    CHECK(candidates[0].filename() == report::kPdfModuleFileName);
    CHECK(fs::exists(candidates[1]));
    CHECK(candidates[1].filename() == report::kPdfModuleFileName);
}
