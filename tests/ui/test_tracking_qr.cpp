// The reference screen's QR code with complaint.tracking_url's {ref} and {key} (issue 18): the
// code decoded from a screenshot is the URL with the stored reference and tracking key, and the
// key itself is never drawn as text (the screenshot's only copy is inside the QR code).
#include <catch2/catch.hpp>

#include "kiosk_fixture.h"
#include "process.h"
#include "store/store.h"
#include "store/tracking_key.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;

namespace {

std::string decode_qr(const std::filesystem::path& png) {
    const auto r = run({"/usr/bin/zbarimg", "--quiet", "--raw", png.string()});
    REQUIRE(r.exit_code == 0);
    std::string text = r.out;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

const std::string kAnonymousComplaint =
    "tap complaint.start\ntap complaint.category.delay\ntap complaint.next\ntap complaint.chip.waited_long\n"
    "tap complaint.next\ntap complaint.anonymous\nexpect-screen complaint-done\n";

}  // namespace

TEST_CASE("the reference QR code carries the reference and its tracking key", "[ui][complaint][tracking]") {
    testing::ScriptedKiosk kiosk({"FEEDBACK_DEVICE_CODE=KT1",
                                  "FEEDBACK_COMPLAINT_TRACKING_URL=https://central.example.go.th/track/{ref}?k={key}"});
    const auto r = kiosk.script(kAnonymousComplaint + kiosk.shot("done.png"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    const auto complaint = db.find_complaint(db.database().query_text("SELECT id FROM entries"));
    REQUIRE(complaint);
    REQUIRE(store::is_tracking_key(complaint->tracking_key));
    CHECK(decode_qr(kiosk / "done.png") ==
          "https://central.example.go.th/track/" + complaint->reference + "?k=" + complaint->tracking_key);
    CHECK(r.err.find(complaint->tracking_key) == std::string::npos);  // not in the kiosk's log
}

TEST_CASE("a tracking URL without placeholders is shown as it is", "[ui][complaint][tracking]") {
    testing::ScriptedKiosk kiosk({"FEEDBACK_DEVICE_CODE=KT1",
                                  "FEEDBACK_COMPLAINT_TRACKING_URL=https://www.example.go.th/complaints"});
    const auto r = kiosk.script(kAnonymousComplaint + kiosk.shot("done.png"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(decode_qr(kiosk / "done.png") == "https://www.example.go.th/complaints");
}
