// `feedback-collector import` and `report` (issue 19) as a person runs them: the paper template's
// checks and the all-or-nothing rule of the kiosk's import, --dry-run, re-import, the refusal of
// a kiosk's export, and the report's formats, exit codes and office rules.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "process.h"
#include "console_store.h"
#include "test_database.h"
#include "storage.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;

namespace {

const std::string kBin = FEEDBACK_COLLECTOR_BIN;

std::string template_header() {
    std::ifstream in(std::string(FEEDBACK_ASSETS_DIR) + "/paper-answers-template.csv", std::ios::binary);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;  // with the BOM
}

void write(const std::filesystem::path& path, const std::vector<std::string>& rows) {
    std::ofstream out(path, std::ios::binary);
    out << template_header() << "\r\n";
    for (const auto& row : rows) out << row << "\r\n";
}

std::int64_t entries(const std::string& db) { return collector::Storage(db).entry_count(); }

struct World {
    testing::TempDir dir;
    std::string db = testing::test_db(dir / "collector.db");  // a file, or a PostgreSQL URI in the -pg run
    World() {
        collector::Storage storage(db);
        const auto owned = console::open_console_store(db);
        auto& store = *owned;
        store.add_office({"DML", "อบต.ดงมูลเหล็ก", "Dong Mun Lek"});
        store.add_office({"OTH", "อบต.อื่น", "Other"});
    }
};

}  // namespace

TEST_CASE("collector import: the kiosk's template and checks, all or nothing, paper:CODE") {
    World w;
    const auto good = w.dir / "good.csv";
    write(good, {"15/01/2569,09:30,สำนักปลัดฯ,5,5,5,4,5,รวดเร็ว,ดีมาก", "16/01/2569,10:30,สำนักปลัดฯ,3,,,,,,"});
    const auto bad = w.dir / "bad.csv";
    write(bad, {"15/01/2569,09:30,สำนักปลัดฯ,5,5,5,4,5,รวดเร็ว,", "16/01/2569,10:30,สำนักปลัดฯ,7,,,,,,"});

    auto r = run({kBin, "import", "--db", w.db, "--office", "DML", "--csv", bad.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("แถว 3") != std::string::npos);   // the row as the spreadsheet numbers it
    CHECK(r.err.find("row 3") != std::string::npos);
    CHECK(r.err.find("nothing was imported") != std::string::npos);
    CHECK(entries(w.db) == 0);  // the good first row did not go in either

    r = run({kBin, "import", "--db", w.db, "--office", "DML", "--csv", good.string(), "--dry-run"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("2 would be imported") != std::string::npos);
    CHECK(entries(w.db) == 0);

    r = run({kBin, "import", "--db", w.db, "--office", "DML", "--csv", good.string()});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("2 imported, 0 already present") != std::string::npos);
    r = run({kBin, "import", "--db", w.db, "--office", "DML", "--csv", good.string()});
    CHECK(r.out.find("0 imported, 2 already present") != std::string::npos);
    CHECK(entries(w.db) == 2);
    std::vector<collector::StoredEntry> stored;
    collector::Storage(w.db).for_each_entry([&](const collector::StoredEntry& e) { stored.push_back(e); });
    REQUIRE(stored.size() == 2);
    for (const auto& e : stored) {
        CHECK(e.entry.device_id == "paper:DML");
        CHECK(e.received_from == "paper:DML");
        CHECK(e.entry.channel == "paper");
    }

    r = run({kBin, "import", "--db", w.db, "--office", "NOPE", "--csv", good.string()});
    CHECK(r.exit_code == 2);
    // No kiosk may take the paper's device id: its answers would count as paper.
    r = run({kBin, "add-token", "--tokens", (w.dir / "tokens").string(), "--device", "paper:DML"});
    CHECK(r.exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(w.dir / "tokens"));

    // A kiosk's own export belongs to feedback-sync, not to the centre's import.
    const auto exported = w.dir / "export.csv";
    {
        std::ofstream out(exported, std::ios::binary);
        out << "\xEF\xBB\xBFรหัสรายการ (id),เวลาบันทึก UTC (created_utc),ประเภท (kind),ช่องทาง (channel),"
               "เครื่อง (device_id),จุดบริการ (service_point),คะแนนความพึงพอใจ (rating)\r\n"
               "0190f3c2-7a1b-7c3d-8e4f-000000000001,2026-01-15T02:30:00.000Z,rating,kiosk,kiosk-a,finance,5\r\n";
    }
    r = run({kBin, "import", "--db", w.db, "--office", "DML", "--csv", exported.string()});
    CHECK(r.exit_code != 0);
    CHECK(entries(w.db) == 2);
}

TEST_CASE("collector report: formats, the office's paper only, exit codes") {
    World w;
    const auto paper = w.dir / "paper.csv";
    write(paper, {"15/01/2569,09:30,สำนักปลัดฯ,5,5,5,4,5,รวดเร็ว,", "16/01/2569,10:30,สำนักปลัดฯ,3,,,,,,"});
    REQUIRE(run({kBin, "import", "--db", w.db, "--office", "DML", "--csv", paper.string()}).exit_code == 0);

    auto r = run({kBin, "report", "--db", w.db, "--office", "DML", "--period", "2569-H1", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["entries"]["respondents"] == 2);
    CHECK(j["office"]["name_en"] == "Dong Mun Lek");
    CHECK(j["complaints"]["status_tracked"] == true);

    r = run({kBin, "report", "--db", w.db, "--office", "OTH", "--period", "2569-H1", "--format", "json"});
    CHECK(nlohmann::json::parse(r.out)["entries"]["respondents"] == 0);
    r = run({kBin, "report", "--db", w.db, "--office", "*", "--period", "2569-H1", "--format", "json"});
    CHECK(nlohmann::json::parse(r.out)["entries"]["respondents"] == 2);
    r = run({kBin, "report", "--db", w.db, "--office", "DML", "--period", "2569-H1", "--format", "json",
             "--device", "paper:DML"});
    CHECK(nlohmann::json::parse(r.out)["entries"]["respondents"] == 2);

    for (const std::string format : {"csv", "xlsx", "html"}) {
        const auto out = w.dir / ("r." + format);
        r = run({kBin, "report", "--db", w.db, "--office", "DML", "--period", "2569-H1", "--format", format,
                 "--out", out.string()});
        CHECK(r.exit_code == 0);
        CHECK(std::filesystem::file_size(out) > 100);
    }
    // The HTML prints the handling statuses where the kiosk's says they are not recorded.
    std::ifstream html(w.dir / "r.html");
    const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
    CHECK(page.find("สถานะการดำเนินการ") != std::string::npos);
    CHECK(page.find("ระบบยังไม่บันทึกสถานะการดำเนินการ") == std::string::npos);

    CHECK(run({kBin, "report", "--db", w.db, "--office", "NOPE", "--period", "2569-H1", "--format", "json"})
              .exit_code == 2);
    CHECK(run({kBin, "report", "--db", w.db, "--office", "DML", "--period", "2569-H9", "--format", "json"})
              .exit_code == 2);
    CHECK(run({kBin, "report", "--db", w.db, "--office", "DML", "--period", "2569-H1", "--format", "json",
               "--device", "kiosk-of-another"})
              .exit_code == 2);
    CHECK(run({kBin, "report", "--db", (w.dir / "missing.db").string(), "--office", "DML", "--period", "2569-H1",
               "--format", "json"})
              .exit_code == 1);
}
