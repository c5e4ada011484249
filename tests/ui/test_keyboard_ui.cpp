// Issue 16, item 4: the on-screen keyboard on the real screens, through the scripted driver —
// one-shot and locked Shift, clear with undo, visible feedback for a refused key (and แ offered
// for เ + เ), the English symbols, and the phone number's number pad. Checked through what is
// stored and through the screenshots' pixels.
#include <catch2/catch.hpp>

#include <string>

#include "kiosk_fixture.h"
#include "png_image.h"
#include "store/store.h"

using namespace feedback;
using feedback::testing::Image;
using feedback::testing::load_png;

namespace {

using Kiosk = testing::ScriptedKiosk;

std::string saved_comment(const std::string& db_path) {
    store::Store db(db_path);
    return db.database().query_text("SELECT comment FROM entries");
}

std::size_t differing_pixels(const Image& a, const Image& b) {
    REQUIRE(a.rgba.size() == b.rgba.size());
    std::size_t n = 0;
    for (std::size_t i = 0; i + 3 < a.rgba.size(); i += 4)
        if (a.rgba[i] != b.rgba[i] || a.rgba[i + 1] != b.rgba[i + 1] || a.rgba[i + 2] != b.rgba[i + 2]) ++n;
    return n;
}

}  // namespace

TEST_CASE("keyboard: Shift applies to one letter, a double tap locks it", "[ui][keyboard]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap rating.4\ntap comment.open\n"
        "tap key.layout\n"  // to English
        "tap key.shift\ntap key.A\ntap key.b\n"  // key.b is only there once Shift went off
        "tap key.shift\ntap key.shift\ntap key.C\ntap key.D\n"  // double tap: locked
        "tap key.shift\ntap key.e\n"
        "tap keyboard.done\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(saved_comment(kiosk.db) == "AbCDe");
}

TEST_CASE("keyboard: clear asks nothing and offers undo for a few seconds", "[ui][keyboard]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap rating.2\ntap comment.open\n"
        "type รอคิวนานมาก\n"
        "tap key.clear\n"
        "tap key.undo\n"  // back
        "tap key.clear\n"
        "idle 6\n"
        "tap key.clear\n"  // the clear key again: the undo offer has ended
        "type ช้า\n"
        "tap keyboard.done\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(saved_comment(kiosk.db) == "ช้า");

    Kiosk undone;
    REQUIRE(undone.script("tap rating.2\ntap comment.open\ntype รอคิวนานมาก\ntap key.clear\ntap key.undo\n"
                          "tap keyboard.done\n").exit_code == 0);
    CHECK(saved_comment(undone.db) == "รอคิวนานมาก");
}

TEST_CASE("keyboard: a refused tone mark shows why, then the screen is as before", "[ui][keyboard]") {
    Kiosk kiosk;
    const auto r = kiosk.script("tap rating.2\ntap comment.open\ntype ก่\n" + kiosk.shot("before.png") +
                                "tap key.้\n" + kiosk.shot("refused.png") + "idle 4\n" + kiosk.shot("after.png"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto before = load_png(kiosk / "before.png");
    // The bubble and the outlined key: thousands of pixels, not a flicker.
    CHECK(differing_pixels(before, load_png(kiosk / "refused.png")) > 5000);
    CHECK(differing_pixels(before, load_png(kiosk / "after.png")) == 0);
    CHECK(saved_comment(kiosk.db).empty());  // nothing saved yet; the draft was "ก่"
}

TEST_CASE("keyboard: เ after เ offers แ, which replaces it", "[ui][keyboard]") {
    Kiosk kiosk;
    const auto r = kiosk.script("tap rating.2\ntap comment.open\ntype เ\ntap key.เ\n" + kiosk.shot("suggest.png") +
                                "tap key.suggest\ntype ก้\ntap keyboard.done\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(saved_comment(kiosk.db) == "แก้");
}

TEST_CASE("keyboard: the English layer types ' @ : % ( ) ?", "[ui][keyboard]") {
    Kiosk kiosk;
    const auto r = kiosk.script("tap lang.en\ntap rating.4\ntap comment.open\ntype it's 100% (ok)? me@x.th: 9\n"
                                "tap keyboard.done\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(saved_comment(kiosk.db) == "it's 100% (ok)? me@x.th: 9");
}

TEST_CASE("keyboard: the phone number is typed on a large number pad", "[ui][keyboard][complaint]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap complaint.start\ntap complaint.category.delay\ntap complaint.next\ntap complaint.next\n"
        "tap complaint.with-contact\ntap pdpa.accept\n"
        "type สมชาย\n"
        "tap complaint.field.phone\n" + kiosk.shot("pad.png") +
        "tap key.0\ntap key.8\ntap key.1\ntap key.9\ntap key.backspace\ntap key.2\n"
        "type 345678\n"
        "tap complaint.submit\nexpect-screen complaint-done\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    const auto complaint = db.find_complaint(db.database().query_text("SELECT id FROM entries"));
    REQUIRE(complaint);
    CHECK(complaint->contact_phone == "0812345678");
    // No letter keys on the phone pad.
    const auto letters = kiosk.script("tap complaint.start\ntap complaint.category.delay\ntap complaint.next\n"
                                      "tap complaint.next\ntap complaint.with-contact\ntap pdpa.accept\n"
                                      "tap complaint.field.phone\ntap key.ก\n");
    CHECK(letters.exit_code == 1);
    CHECK_THAT(letters.err, Catch::Contains("no widget 'key.ก'"));
}

TEST_CASE("keyboard: the number pad takes digits only, also from the driver", "[ui][keyboard][complaint]") {
    Kiosk kiosk;
    const auto r = kiosk.script("tap complaint.start\ntap complaint.category.delay\ntap complaint.next\ntap complaint.next\n"
                                "tap complaint.with-contact\ntap pdpa.accept\ntap complaint.field.phone\ntype 081-2\n");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("'-' is not on the number pad"));
}
