// The office's combined report at the centre (issue 19): the collector computes the kiosk's
// report (kiosk/report, linked) over the entries it received, through CollectorReportInput.
//
// The contract tested first: for the same entries — a kiosk database whose entries were
// delivered to a collector exactly as feedback-sync sends them (Outbox::next_batch, to_wire,
// Storage::store_batch) — the collector's JSON equals the kiosk's JSON apart from generated_utc
// and the complaints' handling figures (status_tracked, handling). Then: which entries belong to
// an office (its kiosks and its paper questionnaires, never another office's), --device, and the
// handling figures from the console's case statuses.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "combined_report.h"
#include "core/clock.h"
#include "core/demo_data.h"
#include "core/uuid.h"
#include "core/survey.h"
#include "report/json_export.h"
#include "report/store_input.h"
#include "console_store.h"
#include "test_database.h"
#include "storage.h"
#include "store/outbox.h"
#include "store/store.h"
#include "batch.h"
#include "temp_dir.h"

using namespace feedback;
using nlohmann::json;

namespace {

constexpr std::int64_t kGenerated = 1'767'225'600'000;  // fixed, so only the figures can differ

report::ReportOptions fixed_options() {
    report::ReportOptions options;
    options.office_name = "สำนักงานเหนือ";
    options.office_name_en = "North office";
    options.generated_utc_ms = kGenerated;
    options.target_percent = 80.0;
    return options;
}

// A kiosk database with a realistic half-year and the awkward cases: entries outside the period,
// misuse taps, a comment with a phone number (masked in every edition), a profile answer, an id
// of a service point no survey has, complaints of a plain and of a sensitive category.
void fill_kiosk(store::Store& kiosk, const core::Survey& survey, const std::string& device, unsigned seed,
                int complaints_from) {
    core::DemoParams params;
    params.count = 1500;
    params.first = {2025, 9, 20};  // some before 2569-H1 (it starts 2025-10-01)
    params.last = {2026, 4, 10};   // and some after it
    params.device_id = device;
    params.seed = seed;
    core::DemoGenerator demo(survey, params);
    {
        store::Store::BulkWriter writer(kiosk);
        while (demo.has_next()) {
            auto e = demo.next();
            e.state = core::SessionState::Closed;
            writer.add(e);
        }
        writer.finish();
    }
    auto special = core::make_rating_entry(2, device, survey.version, "th");
    special.created_utc_ms = 1'767'600'000'000;  // 2026-01-05
    special.service_point = "old-counter";
    special.comment = "โทรกลับ 081-234-5678 ด้วย";
    special.profile = {{"age", "30-39"}};
    special.state = core::SessionState::Closed;
    kiosk.add_entry(special);
    for (int i = 0; i < 4; ++i) {
        core::Entry e = core::make_rating_entry(5, device, survey.version, "th");
        e.kind = core::EntryKind::Complaint;
        e.rating.reset();
        e.created_utc_ms = 1'762'000'000'000 + i * 86'400'000LL;  // November 2025
        e.state = core::SessionState::Closed;
        core::Complaint c;
        c.category = i == 3 ? "bribery" : "delay";
        c.description = "รอนาน " + std::to_string(i);
        c.reference = "REF-" + device + "-" + std::to_string(complaints_from + i);
        c.sensitive = i == 3;
        kiosk.add_complaint(e, c);
    }
}

// Everything the kiosk would send, delivered as feedback-sync delivers it.
void deliver(store::Store& kiosk, collector::Storage& storage, const std::string& device) {
    store::Outbox outbox(kiosk);
    const auto pending = outbox.next_batch(1'000'000);
    REQUIRE(pending.size() > 1000);
    protocol::Batch batch;
    batch.batch_id = core::make_uuid_v7(core::now_utc_ms());
    batch.device_id = device;
    batch.app_version = "0.2.0";
    batch.sent_utc = "2026-04-11T03:00:00.000Z";
    for (const auto& entry : pending) batch.entries.push_back(sync::to_wire(entry));
    const auto response = storage.store_batch(device, batch, batch.entries, {}, std::nullopt);
    for (const auto& ack : response.results) REQUIRE(ack.status == protocol::AckStatus::Accepted);
}

json without_handling(json j) {
    j.erase("generated_utc");
    j["complaints"].erase("status_tracked");
    j["complaints"].erase("handling");
    return j;
}

struct Centre {
    testing::TempDir dir;
    std::filesystem::path kiosk_n_db = dir / "kiosk-n.db", kiosk_s_db = dir / "kiosk-s.db";
    std::string db = testing::test_db(dir / "collector.db");  // a file, or a PostgreSQL URI in the -pg run
    core::Survey survey = core::default_survey();
    store::Store kiosk_n{kiosk_n_db};
    store::Store kiosk_s{kiosk_s_db};
    collector::Storage storage{db};
    std::unique_ptr<console::ConsoleStore> console_owned = console::open_console_store(db);
    console::ConsoleStore& console = *console_owned;

    Centre() {
        console.add_office({"north", "สำนักงานเหนือ", "North office"});
        console.add_office({"south", "สำนักงานใต้", "South office"});
        console.set_device_offices({{"kiosk-n", "north"}, {"kiosk-s", "south"}});
        fill_kiosk(kiosk_n, survey, "kiosk-n", 1, 1);
        fill_kiosk(kiosk_s, survey, "kiosk-s", 2, 100);
        deliver(kiosk_n, storage, "kiosk-n");
        deliver(kiosk_s, storage, "kiosk-s");
    }

    collector::CombinedReportRequest request(const std::string& office) {
        collector::CombinedReportRequest r;
        r.office = office;
        r.period = core::parse_period("2569-H1");
        r.survey = survey;
        r.options = fixed_options();
        return r;
    }

    json centre_json(const collector::CombinedReportRequest& r) {
        const auto selection = collector::combined_selection(console, r);
        collector::CollectorReportInput input(storage, selection.sources);
        return json::parse(report::render_json(collector::combined_document(input, console, r)));
    }
};

}  // namespace

TEST_CASE("the collector's JSON equals the kiosk's for the same entries, apart from generated_utc and handling") {
    Centre centre;
    const auto period = core::parse_period("2569-H1");
    const json kiosk = json::parse(report::render_json(
        report::compute_document(centre.kiosk_n, period, centre.survey, core::LikertScale(), fixed_options())));
    const json at_centre = centre.centre_json(centre.request("north"));

    // The fixture exercises what it claims to.
    REQUIRE(kiosk["entries"]["respondents"].get<int>() > 500);
    REQUIRE(kiosk["entries"]["misuse_excluded"].get<int>() > 0);
    REQUIRE(kiosk["complaints"]["total"] == 4);
    REQUIRE(kiosk["complaints"]["sensitive"] == 1);
    REQUIRE(kiosk["comparisons"].size() > 0);
    REQUIRE(kiosk.dump().find("081-234-5678") == std::string::npos);  // masked on both sides

    CHECK(kiosk["complaints"]["status_tracked"] == false);
    CHECK_FALSE(kiosk["complaints"].contains("handling"));
    CHECK(at_centre["complaints"]["status_tracked"] == true);
    REQUIRE(at_centre["complaints"].contains("handling"));
    CHECK(at_centre["complaints"]["handling"]["cases"] == 4);
    CHECK(at_centre["complaints"]["handling"]["by_status"]["new"] == 4);

    const json a = without_handling(kiosk), b = without_handling(at_centre);
    if (a != b) {
        // Name the first differing field rather than print two large documents.
        const json patch = json::diff(a, b);
        FAIL("the collector's JSON differs from the kiosk's: " << patch.dump().substr(0, 2000));
    }
    CHECK(a == b);
}

TEST_CASE("an office's combined report counts its kiosks and its paper, never another office's") {
    Centre centre;
    // Paper questionnaires of the north office, imported at the centre (stored as device paper:north).
    auto paper = core::make_rating_entry(1, collector::paper_device_id("north"), centre.survey.version, "th");
    paper.created_utc_ms = 1'767'600'000'000;
    paper.channel = "paper";
    protocol::WireEntry wire;
    {
        store::Store scratch(centre.dir / "scratch.db");
        paper.state = core::SessionState::Closed;
        scratch.add_entry(paper);
        store::Outbox outbox(scratch);
        wire = sync::to_wire(outbox.next_batch(10).at(0));
    }
    protocol::Batch batch;
    batch.batch_id = core::make_uuid_v7(core::now_utc_ms());
    batch.device_id = collector::paper_device_id("north");
    centre.storage.store_batch(batch.device_id, batch, {wire}, {}, std::nullopt);

    const auto period = core::parse_period("2569-H1");
    const auto kiosk_n = report::compute_report(centre.kiosk_n, period, centre.survey, core::LikertScale());
    const auto kiosk_s = report::compute_report(centre.kiosk_s, period, centre.survey, core::LikertScale());

    const json north = centre.centre_json(centre.request("north"));
    CHECK(north["entries"]["respondents"] == kiosk_n.respondents() + 1);
    CHECK(north["entries"]["total"] == kiosk_n.entries + 1);
    for (const auto& channel : north["channels"])
        if (channel["id"] == "paper") CHECK(channel["n"] == 1);
    CHECK(north["office"]["name_en"] == "North office");

    const json south = centre.centre_json(centre.request("south"));
    CHECK(south["entries"]["respondents"] == kiosk_s.respondents());

    const json all = centre.centre_json(centre.request("*"));
    CHECK(all["entries"]["respondents"] == kiosk_n.respondents() + kiosk_s.respondents() + 1);
    CHECK(all["complaints"]["total"] == 8);

    auto only_paper = centre.request("north");
    only_paper.device = collector::paper_device_id("north");
    CHECK(centre.centre_json(only_paper)["entries"]["respondents"] == 1);

    auto wrong = centre.request("north");
    wrong.device = "kiosk-s";
    CHECK_THROWS_AS(collector::combined_selection(centre.console, wrong), std::invalid_argument);
    CHECK_THROWS_AS(collector::combined_selection(centre.console, centre.request("nowhere")), std::invalid_argument);
}

TEST_CASE("the handling figures come from the console's case statuses") {
    Centre centre;
    const auto cases = centre.console.queue({"north", true}, {}).rows;
    REQUIRE(cases.size() == 4);
    // One accepted, one resolved (accepted then resolved); the others stay new.
    console::HistoryItem accept{"accepted", "2025-11-03T03:00:00.000Z", "", "", "", "officer-n"};
    REQUIRE(centre.console.change_status(cases[0].seq, "new", accept));
    REQUIRE(centre.console.change_status(cases[1].seq, "new", accept));
    console::HistoryItem resolve{"resolved", "2025-11-06T03:00:00.000Z", "", "", "", "officer-n"};
    REQUIRE(centre.console.change_status(cases[1].seq, "accepted", resolve));

    const json h = centre.centre_json(centre.request("north"))["complaints"]["handling"];
    CHECK(h["cases"] == 4);
    CHECK(h["by_status"]["new"] == 2);
    CHECK(h["by_status"]["accepted"] == 1);
    CHECK(h["by_status"]["resolved"] == 1);
    CHECK(h["closed"] == 1);
    CHECK(h["closed_within_target"] == 1);
    CHECK(h["closed_within_target_percent"] == 25.0);
    CHECK(h["median_days_first_response"].is_number());
    CHECK(h["median_days_resolution"].is_number());
    // Another office's cases never count.
    CHECK(centre.centre_json(centre.request("south"))["complaints"]["handling"]["by_status"]["new"] == 4);
}
