// Office hours on the real screens (headless, scripted): the closed banner, answers marked
// outside hours, the dimmed Welcome and the touch that only wakes it. The kiosk's clock is set
// with the driver's `clock` step; TZ pins the machine's zone to +07:00.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk_fixture.h"
#include "png_image.h"
#include "process.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::run;
using feedback::testing::TempDir;
using feedback::testing::write_file;
using feedback::testing::Image;
using feedback::testing::load_png;

namespace {

// Pixels of exactly this colour (the banner's fill is the theme's warning_bg, #FFF1C2).
std::size_t pixels_of(const Image& img, unsigned r, unsigned g, unsigned b) {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 3 < img.rgba.size(); i += 4)
        n += img.rgba[i] == r && img.rgba[i + 1] == g && img.rgba[i + 2] == b;
    return n;
}

double mean_brightness(const Image& img) {
    double sum = 0;
    for (std::size_t i = 0; i + 3 < img.rgba.size(); i += 4) sum += (img.rgba[i] + img.rgba[i + 1] + img.rgba[i + 2]) / 3.0;
    return sum / (static_cast<double>(img.rgba.size()) / 4);
}

struct Kiosk : testing::ScriptedKiosk {
    Kiosk()
        : ScriptedKiosk({"TZ=<+07>-7", "FEEDBACK_OFFICE_HOURS=mon-fri 08:30-16:30",
                         "FEEDBACK_OFFICE_CLOSED_DATES=2026-12-01", "FEEDBACK_DISPLAY_DIM_WHEN_CLOSED_S=120"}) {}
};

}  // namespace

TEST_CASE("closed: a banner on Welcome, answers marked, the screen dims and the first touch only wakes it",
          "[ui][office-hours]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "clock 2026-11-30T10:00:00+07:00\n"  // Monday, open
        + kiosk.shot("open.png") +
        "tap rating.4\n"
        "tap followup.done\n"
        "tap thanks.done\n"
        "clock 2026-11-30T20:00:00+07:00\n"  // the same evening: closed
        "expect-screen welcome\n"
        + kiosk.shot("closed-th.png") +
        "tap lang.en\n"
        + kiosk.shot("closed-en.png") +
        "tap rating.2\n"  // still taken
        "expect-screen followup\n"
        "tap followup.done\n"
        "tap thanks.done\n"
        "idle 100\n"
        + kiosk.shot("closed-later.png") +
        "idle 20\n"  // 120 s without a touch
        + kiosk.shot("dimmed.png") +
        "tap rating.5\n"  // wakes the screen, answers nothing
        "expect-screen welcome\n"
        + kiosk.shot("woken.png") +
        "tap rating.5\n"
        "expect-screen followup\n"
        "tap followup.skip\n"
        "tap thanks.done\n"
        "clock 2026-12-01T10:00:00+07:00\n"  // a Tuesday, but a closed date
        // A clock change is not time passing (timers are monotonic, issue 14 defect 6): the
        // screen dims 120 s after the last touch, as measured by `idle`.
        "idle 120\n"
        "tap screen.wake\n"
        + kiosk.shot("holiday.png") +
        "tap complaint.start\n"
        "tap complaint.category.rude\n"
        "tap complaint.back\n"
        "tap complaint.back\n"
        "clock 2026-12-02T08:30:00+07:00\n"  // opens
        + kiosk.shot("opened.png"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    store::Store db(kiosk.db);
    auto& sql = db.database();
    CHECK(sql.query_int("SELECT count(*) FROM entries") == 4);  // the waking tap stored nothing
    CHECK(sql.query_int("SELECT outside_hours FROM entries WHERE rating = 4") == 0);
    CHECK(sql.query_int("SELECT outside_hours FROM entries WHERE rating = 2") == 1);
    CHECK(sql.query_int("SELECT outside_hours FROM entries WHERE rating = 5") == 1);
    CHECK(sql.query_int("SELECT outside_hours FROM entries WHERE kind = 'complaint'") == 1);
    CHECK(sql.query_text("SELECT language FROM entries WHERE rating = 2") == "en");

    const auto open = load_png(kiosk / "open.png");
    const auto closed_th = load_png(kiosk / "closed-th.png");
    const auto closed_en = load_png(kiosk / "closed-en.png");
    // The banner is drawn only while closed, in the visitor's language.
    CHECK(pixels_of(open, 0xFF, 0xF1, 0xC2) == 0);
    CHECK(pixels_of(closed_th, 0xFF, 0xF1, 0xC2) > 10'000);
    CHECK(pixels_of(closed_en, 0xFF, 0xF1, 0xC2) > 10'000);
    CHECK_FALSE(closed_th == closed_en);
    CHECK(load_png(kiosk / "closed-later.png") == closed_th);
    CHECK(pixels_of(load_png(kiosk / "holiday.png"), 0xFF, 0xF1, 0xC2) > 10'000);
    CHECK(load_png(kiosk / "opened.png") == open);
    // Dimmed: much darker; after the waking touch, exactly the closed screen again.
    const auto dimmed = load_png(kiosk / "dimmed.png");
    CHECK(mean_brightness(dimmed) < mean_brightness(closed_th) * 0.35);
    CHECK(load_png(kiosk / "woken.png") == closed_th);
}

TEST_CASE("the closed banner fits every layout", "[ui][office-hours]") {
    for (const char* size : {"1920x1080", "1366x768", "1080x1920"}) {
        Kiosk kiosk;
        // Replaces the hours of the Kiosk's environment; never dims (the clock jumps days ahead).
        kiosk.env.erase(kiosk.env.begin() + 3, kiosk.env.end());
        kiosk.env.push_back("FEEDBACK_OFFICE_HOURS=mon-fri 08:30-12:00, 13:00-16:30; sat 09:00-12:00");
        kiosk.env.push_back("FEEDBACK_DISPLAY_DIM_WHEN_CLOSED_S=0");
        const auto r = kiosk.script("clock 2026-11-29T10:00:00+07:00\n" + kiosk.shot("th.png") +
                                        "tap a11y.large\n" + kiosk.shot("th-large.png") + "tap lang.en\n" +
                                        kiosk.shot("en-large.png") + "tap rating.1\nexpect-screen followup\n",
                                    size);
        INFO(size << "\n" << r.err);
        REQUIRE(r.exit_code == 0);
        for (const char* name : {"th.png", "th-large.png", "en-large.png"})
            CHECK(pixels_of(load_png(kiosk / name), 0xFF, 0xF1, 0xC2) > 10'000);
    }
}

TEST_CASE("a bad clock step is refused before anything runs", "[ui][office-hours]") {
    Kiosk kiosk;
    const auto r = kiosk.script("clock tomorrow\n");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("clock needs a time such as 2026-11-28T20:00:00+07:00"));
}
