// Issue 17 from the command line: `export --format pdf`, the public edition, the report.* keys
// from the environment, and `suggestions list|approve|revoke` managing what the public edition
// may publish. The real binary over the hand-computed fixture (tests/report/report_fixture.h),
// whose three comments are R2 "บริการดีมาก", R5 and R9.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

#include "../report/report_fixture.h"
#include "process.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;
using feedback::testing::TempDir;
using Catch::Contains;

namespace {
const std::string kKiosk = FEEDBACK_KIOSK_BIN;

struct DocFixture {
    TempDir dir;
    std::string db = (dir / "fixture.db").string();
    DocFixture() {
        store::Store store(db);
        testing::fill_report_fixture(store);
    }
    std::vector<std::string> env() const {
        return {"XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string(),
                "FEEDBACK_REPORT_TARGET_PERCENT=75", "FEEDBACK_REPORT_APPROVED_NAME=นายประเสริฐ มั่นคง",
                "FEEDBACK_REPORT_ACTIONS_TH=จัดเก้าอี้รอเพิ่ม"};
    }
    nlohmann::json report(const std::string& edition) const {
        const auto r = run({kKiosk, "report", "--period", "2569-H1", "--edition", edition, "--db", db}, env());
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return nlohmann::json::parse(r.out);
    }
};
}  // namespace

TEST_CASE("suggestions approve/revoke decide what the public edition publishes", "[cli][report][edition]") {
    DocFixture f;
    CHECK(f.report("public")["suggestions"].empty());
    CHECK(f.report("public")["suggestions_withheld"] == 3);
    CHECK(f.report("internal")["suggestions"].size() == 3);

    const auto list = run({kKiosk, "suggestions", "list", "--period", "2569-H1", "--db", f.db}, f.env());
    INFO(list.err);
    REQUIRE(list.exit_code == 0);
    CHECK_THAT(list.out, Contains("3 comment(s)"));
    std::string prefix;
    std::istringstream lines(list.out);
    for (std::string line; std::getline(lines, line);)
        if (line.find("บริการดีมาก") != std::string::npos) prefix = line.substr(0, 13);
    REQUIRE(prefix.size() == 13);

    const auto approve = run({kKiosk, "suggestions", "approve", prefix, "--db", f.db}, f.env());
    INFO(approve.err);
    REQUIRE(approve.exit_code == 0);
    CHECK_THAT(approve.out, Contains("approved 1"));
    const auto pub = f.report("public");
    REQUIRE(pub["suggestions"].size() == 1);
    CHECK(pub["suggestions"][0]["text"] == "บริการดีมาก");
    CHECK(pub["suggestions_withheld"] == 2);
    CHECK(pub["target"]["met"] == true);  // 76.60 >= 75 from FEEDBACK_REPORT_TARGET_PERCENT
    CHECK(pub["actions_th"] == "จัดเก้าอี้รอเพิ่ม");
    CHECK(pub["signatories"][2]["name"] == "นายประเสริฐ มั่นคง");

    // An id that is no comment is a usage error and changes nothing.
    const auto wrong = run({kKiosk, "suggestions", "approve", "ffffffff-ffff", "--db", f.db}, f.env());
    CHECK(wrong.exit_code == 2);
    const auto revoke = run({kKiosk, "suggestions", "revoke", prefix, "--db", f.db}, f.env());
    REQUIRE(revoke.exit_code == 0);
    CHECK(f.report("public")["suggestions"].empty());
}

TEST_CASE("export --format pdf writes an A4 PDF, and the public edition refuses raw formats", "[cli][report][pdf]") {
    DocFixture f;
    const auto pdf = f.dir / "report.pdf";
    const auto r = run({kKiosk, "export", "--period", "2569-H1", "--format", "pdf", "--edition", "public", "--out",
                        pdf.string(), "--db", f.db},
                       f.env());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("wrote "));
    CHECK(testing::read_file(pdf).rfind("%PDF-", 0) == 0);
    if (std::filesystem::exists("/usr/bin/pdfinfo"))
        CHECK_THAT(run({"/usr/bin/pdfinfo", pdf.string()}).out, Contains("(A4)"));
    store::Store store(f.db);
    bool audited = false;
    for (const auto& a : store.audit_log(20)) audited = audited || (a.action == "export" && a.detail == "2569-H1 pdf");
    CHECK(audited);

    for (const char* format : {"csv", "xlsx"}) {
        const auto refused = run({kKiosk, "export", "--period", "2569-H1", "--format", format, "--edition", "public",
                                  "--out", (f.dir / "x").string(), "--db", f.db},
                                 f.env());
        CHECK(refused.exit_code == 2);
        CHECK_THAT(refused.err, Contains("--edition public"));
        CHECK_FALSE(std::filesystem::exists(f.dir / "x"));
    }
    const auto bad = run({kKiosk, "report", "--period", "2569-H1", "--edition", "secret", "--db", f.db}, f.env());
    CHECK(bad.exit_code == 2);
}

// Nothing collected is lost between kiosks: a kiosk's CSV export carries the profile
// ("(profile:<id>)" columns, the option's Thai label) and `import` reads it back, so the report
// made from the import has the same profile section.
TEST_CASE("profile answers survive export --format csv and import into another kiosk", "[cli][report][profile]") {
    TempDir dir;
    std::string survey = testing::read_file(std::string(FEEDBACK_ASSETS_DIR) + "/surveys/default.toml");
    survey += "\n[[profile]]\nid = \"sex\"\nth = \"เพศ\"\nen = \"Sex\"\n"
              "options = [ { id = \"male\", th = \"ชาย\", en = \"Male\" }, { id = \"female\", th = \"หญิง\", en = \"Female\" } ]\n";
    testing::write_file(dir / "survey.toml", survey);
    const std::vector<std::string> env = {"XDG_CONFIG_HOME=" + (dir / "config").string(),
                                          "XDG_DATA_HOME=" + (dir / "data").string(),
                                          "FEEDBACK_SURVEY_FILE=" + (dir / "survey.toml").string()};
    const std::string a = (dir / "a.db").string(), b = (dir / "b.db").string();
    {
        store::Store store(a);
        const std::vector<std::string> sexes = {"female", "female", "male", ""};
        for (std::size_t i = 0; i < sexes.size(); ++i) {
            auto e = testing::make_rating({testing::local_ms(2025, 11, 3, 9, static_cast<int>(i)), 4, "palad"});
            if (!sexes[i].empty()) e.profile["sex"] = sexes[i];
            store.add_entry(e);
        }
    }
    const auto csv = dir / "a.csv";
    REQUIRE(run({kKiosk, "export", "--period", "2569-H1", "--format", "csv", "--out", csv.string(), "--db", a}, env)
                .exit_code == 0);
    CHECK_THAT(testing::read_file(csv), Contains("เพศ (profile:sex)"));
    const auto imported = run({kKiosk, "import", "--csv", csv.string(), "--db", b}, env);
    INFO(imported.err);
    REQUIRE(imported.exit_code == 0);
    const auto report = [&](const std::string& db) {
        const auto r = run({kKiosk, "report", "--period", "2569-H1", "--db", db}, env);
        REQUIRE(r.exit_code == 0);
        return nlohmann::json::parse(r.out)["profile"];
    };
    const auto before = report(a);
    REQUIRE(before.size() == 1);
    CHECK(before[0]["options"][0]["count"] == 1);  // male
    CHECK(before[0]["options"][1]["count"] == 2);  // female
    CHECK(before[0]["options"][2]["count"] == 1);  // ไม่ระบุ
    CHECK(report(b) == before);
}
