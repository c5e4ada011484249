// `feedback-kiosk report` and `feedback-kiosk export` as IT and scripts run them: the real
// binary over the hand-computed fixture database (tests/report/report_fixture.h).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../report/report_fixture.h"
#include "process.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;
using feedback::testing::TempDir;

namespace {
const std::string kKiosk = FEEDBACK_KIOSK_BIN;

struct CliFixture {
    TempDir dir;
    std::string db = (dir / "fixture.db").string();
    CliFixture() {
        store::Store store(db);
        testing::fill_report_fixture(store);
    }
    // Isolated from the developer's own configuration; the office name comes from the
    // environment, as IT may set it in the kiosk's systemd unit.
    std::vector<std::string> env() const {
        return {"XDG_CONFIG_HOME=" + (dir / "config").string(), "XDG_DATA_HOME=" + (dir / "data").string(),
                "FEEDBACK_OFFICE_NAME=เทศบาลตำบลทดสอบ"};
    }
};
}  // namespace

TEST_CASE("report --format json prints the hand-computed figures", "[cli][report]") {
    CliFixture f;
    const auto r = run({kKiosk, "report", "--period", "2569-H1", "--format", "json", "--db", f.db}, f.env());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["office"]["name"] == "เทศบาลตำบลทดสอบ");
    CHECK(j["period"]["label"] == "2569-H1");
    CHECK(j["entries"]["respondents"] == 12);
    CHECK(j["entries"]["misuse_excluded"] == 2);
    CHECK(j["questions"][0]["mean"].dump() == "3.83");
    CHECK(j["questions"][0]["sd"].dump() == "1.34");
    CHECK(j["channels"][1]["id"] == "paper");
    CHECK(j["channels"][1]["n"] == 3);
    CHECK(j["complaints"]["total"] == 3);

    const auto out = f.dir / "report.json";
    const auto written = run({kKiosk, "report", "--period", "2569-H2", "--out", out.string(), "--db", f.db}, f.env());
    REQUIRE(written.exit_code == 0);
    CHECK(written.out.empty());
    const auto h2 = nlohmann::json::parse(testing::read_file(out));
    CHECK(h2["complaints"]["summary_th"] == "ไม่มีเรื่องร้องเรียน");
}

TEST_CASE("export writes CSV, XLSX and HTML files and audit-logs each", "[cli][report]") {
    CliFixture f;
    const auto csv = f.dir / "out.csv";
    const auto a = run({kKiosk, "export", "--period", "2569-H1", "--format", "csv", "--out", csv.string(), "--db", f.db},
                       f.env());
    INFO(a.err);
    REQUIRE(a.exit_code == 0);
    CHECK_THAT(a.out, Catch::Contains("wrote " + csv.string()));
    CHECK_THAT(a.out, Catch::Contains("12 respondents"));
    CHECK_THAT(a.out, Catch::Contains("17 rows"));
    CHECK(testing::read_file(csv).rfind("\xEF\xBB\xBF", 0) == 0);

    const auto xlsx = f.dir / "out.xlsx";
    REQUIRE(run({kKiosk, "export", "--period", "2569-H1", "--format", "xlsx", "--out", xlsx.string(), "--db", f.db},
                f.env())
                .exit_code == 0);
    CHECK(testing::read_file(xlsx).rfind("PK", 0) == 0);

    const auto html = f.dir / "out.html";
    REQUIRE(run({kKiosk, "export", "--period", "2569-H1", "--format", "html", "--out", html.string(), "--thai-digits",
                 "--db", f.db},
                f.env())
                .exit_code == 0);
    const auto page = testing::read_file(html);
    CHECK(page.find("เทศบาลตำบลทดสอบ") != std::string::npos);
    CHECK(page.find("ค่าเฉลี่ย <strong>๓.๘๓</strong>") != std::string::npos);

    store::Store store(f.db);
    const auto log = store.audit_log(10);
    std::vector<std::string> details;
    for (const auto& record : log)
        if (record.action == "export") details.push_back(record.actor + " " + record.detail);
    CHECK(details == std::vector<std::string>{"cli 2569-H1 html", "cli 2569-H1 xlsx", "cli 2569-H1 csv"});
}

TEST_CASE("a bad period or format is a usage error (exit 2) and writes nothing", "[cli][report]") {
    CliFixture f;
    const auto out = f.dir / "x.csv";
    const auto bad_period =
        run({kKiosk, "export", "--period", "2569-H3", "--format", "csv", "--out", out.string(), "--db", f.db}, f.env());
    CHECK(bad_period.exit_code == 2);
    CHECK_THAT(bad_period.err, Catch::Contains("invalid period \"2569-H3\""));
    CHECK_THAT(bad_period.err, Catch::Contains("H1 and H2"));
    CHECK_FALSE(std::filesystem::exists(out));

    const auto ce_year = run({kKiosk, "report", "--period", "2026", "--db", f.db}, f.env());
    CHECK(ce_year.exit_code == 2);

    const auto bad_format =
        run({kKiosk, "export", "--period", "2569-H1", "--format", "docx", "--out", out.string(), "--db", f.db}, f.env());
    CHECK(bad_format.exit_code == 2);
    CHECK(run({kKiosk, "export", "--period", "2569-H1", "--format", "csv", "--db", f.db}, f.env()).exit_code == 2);
    CHECK(run({kKiosk, "report", "--period", "2569-H1", "--format", "csv", "--db", f.db}, f.env()).exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(out));

    // An unwritable target is a runtime error (exit 1) naming the file.
    const auto nowhere = run({kKiosk, "export", "--period", "2569-H1", "--format", "html", "--out",
                              (f.dir / "missing-dir" / "r.html").string(), "--db", f.db},
                             f.env());
    CHECK(nowhere.exit_code == 1);
    CHECK_THAT(nowhere.err, Catch::Contains("missing-dir"));
}
