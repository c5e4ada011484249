// The complaint channel on the real screens, driven by the scripted UI driver: what is stored,
// what is shown (the QR code decoded from a screenshot), and what is never kept.
#include <catch2/catch.hpp>

#include "kiosk_fixture.h"
#include "process.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;
using feedback::testing::TempDir;
using feedback::testing::write_file;

namespace {

struct Kiosk : testing::ScriptedKiosk {
    Kiosk() : ScriptedKiosk({"FEEDBACK_DEVICE_CODE=KT1"}) {}
};

std::string decode_qr(const std::filesystem::path& png) {
    const auto r = run({"/usr/bin/zbarimg", "--quiet", "--raw", png.string()});
    REQUIRE(r.exit_code == 0);
    std::string text = r.out;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

const std::string kToDescription =
    "tap complaint.start\n"
    "tap complaint.category.rude\n"
    "tap complaint.when.today\n"
    "tap complaint.service.palad\n"
    "tap complaint.next\n"
    "tap complaint.chip.impolite_words\n"
    "type ขึ้นเสียงใส่ผู้สูงอายุ\n"
    "tap complaint.next\n"
    "expect-screen complaint-contact-choice\n";

}  // namespace

TEST_CASE("an anonymous complaint is stored with its reference, shown as a QR code", "[ui][complaint]") {
    Kiosk kiosk;
    const auto r = kiosk.script(kToDescription + "tap complaint.anonymous\nexpect-screen complaint-done\nscreenshot " +
                                (kiosk / "done.png").string() + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    const auto id = db.database().query_text("SELECT id FROM entries WHERE kind = 'complaint'");
    const auto complaint = db.find_complaint(id);
    REQUIRE(complaint);
    CHECK(complaint->category == "rude");
    CHECK(complaint->service_point == "palad");
    CHECK(complaint->description == "เจ้าหน้าที่พูดจาไม่สุภาพ; ขึ้นเสียงใส่ผู้สูงอายุ");
    CHECK(complaint->anonymous);
    CHECK(complaint->contact_name.empty());
    CHECK_FALSE(complaint->sensitive);
    CHECK(complaint->reference.rfind("KT1-", 0) == 0);
    CHECK(db.find_entry(id)->state == core::SessionState::Closed);
    CHECK(db.status().sync.pending == 1);
    // With no tracking URL configured, the QR code is the bare reference number.
    CHECK(decode_qr(kiosk / "done.png") == complaint->reference);
}

TEST_CASE("a complaint with contact details: PDPA first, invalid phone refused, tracking QR", "[ui][complaint]") {
    Kiosk kiosk;
    kiosk.env.push_back("FEEDBACK_COMPLAINT_TRACKING_URL=https://www.example.go.th/track?ref={ref}");
    kiosk.env.push_back("FEEDBACK_COMPLAINT_POLICY_URL=https://www.example.go.th/privacy");
    const auto r = kiosk.script(kToDescription +
                                "tap complaint.with-contact\n"
                                "expect-screen complaint-pdpa\n"
                                "screenshot " + (kiosk / "pdpa.png").string() + "\n"
                                "tap pdpa.accept\n"
                                "expect-screen complaint-contact\n"
                                "type สมหญิง ใจดี\n"
                                "tap complaint.field.phone\n"
                                "type 0812\n"
                                "tap complaint.submit\n"
                                "expect-screen complaint-contact\n"
                                "screenshot " + (kiosk / "contact.png").string() + "\n"
                                "type 345678\n"
                                "tap complaint.submit\n"
                                "expect-screen complaint-done\n"
                                "screenshot " + (kiosk / "done.png").string() + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(decode_qr(kiosk / "pdpa.png") == "https://www.example.go.th/privacy");
    store::Store db(kiosk.db);
    const auto complaint = db.find_complaint(db.database().query_text("SELECT id FROM entries"));
    REQUIRE(complaint);
    CHECK_FALSE(complaint->anonymous);
    CHECK(complaint->contact_name == "สมหญิง ใจดี");
    CHECK(complaint->contact_phone == "0812345678");
    CHECK(decode_qr(kiosk / "done.png") == "https://www.example.go.th/track?ref=" + complaint->reference);
    // Nothing personal reached the log.
    CHECK(r.err.find("0812") == std::string::npos);
    CHECK(r.err.find("สมหญิง") == std::string::npos);
}

TEST_CASE("the contact fields stay disabled until the PDPA notice is accepted", "[ui][complaint]") {
    Kiosk kiosk;
    const auto r = kiosk.script(kToDescription + "tap complaint.with-contact\ntype สมชาย\n");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("needs a screen with a text field"));
    const auto back = kiosk.script(kToDescription + "tap complaint.with-contact\ntap pdpa.decline\n"
                                                    "expect-screen complaint-contact-choice\n");
    CHECK(back.exit_code == 0);
}

TEST_CASE("idle in the middle of a complaint keeps it, closed, and shows the next visitor nothing", "[ui][complaint]") {
    Kiosk kiosk;
    const auto r = kiosk.script("screenshot " + (kiosk / "before.png").string() + "\n" + kToDescription +
                                "tap complaint.with-contact\ntap pdpa.accept\ntype ชื่อที่ยังไม่ส่ง\n"
                                "idle 60\nexpect-screen idle-warning\nidle 20\nexpect-screen welcome\n"
                                "screenshot " + (kiosk / "after.png").string() + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(testing::read_file(kiosk / "before.png") == testing::read_file(kiosk / "after.png"));
    store::Store db(kiosk.db);
    const auto id = db.database().query_text("SELECT id FROM entries");
    CHECK(db.find_entry(id)->state == core::SessionState::Closed);
    const auto complaint = db.find_complaint(id);
    CHECK(complaint->category == "rude");
    CHECK(complaint->description == "เจ้าหน้าที่พูดจาไม่สุภาพ; ขึ้นเสียงใส่ผู้สูงอายุ");
    CHECK(complaint->contact_name.empty());  // never submitted, never stored
}

TEST_CASE("a bribery complaint is marked sensitive", "[ui][complaint]") {
    Kiosk kiosk;
    const auto r = kiosk.script("tap complaint.start\ntap complaint.category.bribery\ntap complaint.next\n"
                                "tap complaint.chip.asked_money\ntap complaint.next\ntap complaint.anonymous\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    const auto complaint = db.find_complaint(db.database().query_text("SELECT id FROM entries"));
    CHECK(complaint->sensitive);
    CHECK(complaint->category == "bribery");
}
