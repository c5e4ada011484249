// The real screens, headless (SDL's offscreen driver), driven by the scripted UI driver —
// checked through the database and through the pixels of screenshots.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <set>
#include <sstream>
#include <thread>

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

// Number of distinct colours: a blank or failed frame has one or two.
std::size_t distinct_colours(const Image& img) {
    std::set<std::uint32_t> colours;
    for (std::size_t i = 0; i + 3 < img.rgba.size(); i += 4 * 7)
        colours.insert(static_cast<std::uint32_t>(img.rgba[i]) << 16 | img.rgba[i + 1] << 8 | img.rgba[i + 2]);
    return colours.size();
}

using Kiosk = testing::ScriptedKiosk;

}  // namespace

TEST_CASE("one tap stores a rating before the next screen", "[ui]") {
    Kiosk kiosk;
    const auto r = kiosk.script("expect-screen welcome\ntap rating.4\nexpect-screen followup\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    REQUIRE(db.status().entries == 1);
    // No later step ran: the entry is in the database, still open, from the tap alone.
    CHECK(db.database().query_int("SELECT rating FROM entries") == 4);
    CHECK(db.database().query_text("SELECT session_state FROM entries") == "open");
}

TEST_CASE("a session left open by a crash is closed at the next start", "[ui]") {
    Kiosk kiosk;
    REQUIRE(kiosk.script("tap rating.2\ntap reason.long_wait\n").exit_code == 0);  // exits mid-session
    {
        store::Store db(kiosk.db);
        REQUIRE(db.status().open_sessions == 1);
    }
    const auto r = kiosk.script("expect-screen welcome\n");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("closed 1 session(s) left open"));
    store::Store db(kiosk.db);
    CHECK(db.status().open_sessions == 0);
    CHECK(db.database().query_text("SELECT reasons FROM entries") == "[\"long_wait\"]");
}

TEST_CASE("full flow with reasons and a typed Thai comment stores exactly that", "[ui]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap rating.2\n"
        "tap reason.long_wait\n"
        "tap reason.complicated_steps\n"
        "tap dimension.staff.2\n"
        "tap comment.open\n"
        "expect-screen comment\n"
        "type รอนานมาก ควรเพิ่มเจ้าหน้าที่\n"
        "tap key.space\n"
        "tap key.ก\n"
        "tap key.่\n"
        "tap key.backspace\n"
        "tap key.้\n"
        "tap keyboard.done\n"
        "expect-screen followup\n"
        "tap followup.done\n"
        "expect-screen thankyou\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    REQUIRE(db.status().entries == 1);
    const auto id = db.database().query_text("SELECT id FROM entries");
    const auto e = db.find_entry(id);
    REQUIRE(e);
    CHECK(e->rating == 2);
    CHECK(e->reasons == std::vector<std::string>{"long_wait", "complicated_steps"});
    CHECK(e->dimensions == std::map<std::string, int>{{"staff", 2}});
    CHECK(e->comment == "รอนานมาก ควรเพิ่มเจ้าหน้าที่ ก้");  // logical Unicode, as typed
    CHECK(e->language == "th");
    CHECK(e->state == core::SessionState::Closed);
}

TEST_CASE("idle warning then reset leaves no trace of the visitor", "[ui]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "screenshot " + (kiosk / "welcome-before.png").string() + "\n"
        "tap a11y.large\n"
        "tap rating.3\n"
        "tap reason.long_wait\n"
        "tap comment.open\n"
        "type ยังพิมพ์ไม่เสร็จ\n"
        "idle 59\n"
        "expect-screen comment\n"
        "idle 1\n"
        "expect-screen idle-warning\n"
        "screenshot " + (kiosk / "warning.png").string() + "\n"
        "idle 19\n"
        "expect-screen idle-warning\n"
        "idle 1\n"
        "expect-screen welcome\n"
        "screenshot " + (kiosk / "welcome-after.png").string() + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The Welcome screen after the reset is pixel-identical to the one before the visitor.
    const auto before = load_png(kiosk / "welcome-before.png");
    const auto after = load_png(kiosk / "welcome-after.png");
    CHECK(before.width == 1366);
    CHECK(distinct_colours(before) > 20);
    CHECK(before == after);
    CHECK_FALSE(load_png(kiosk / "warning.png") == before);

    store::Store db(kiosk.db);
    const auto e = db.find_entry(db.database().query_text("SELECT id FROM entries"));
    CHECK(e->state == core::SessionState::Closed);
    CHECK(e->reasons == std::vector<std::string>{"long_wait"});
    CHECK(e->comment.empty());  // an unsaved draft is not kept
}

TEST_CASE("more time keeps the session", "[ui]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap rating.5\n"
        "tap reason.fast\n"
        "tap comment.open\n"
        "type ดี\n"  // typing has begun: the idle warning, not the follow-up's countdown
        "idle 60\n"
        "expect-screen idle-warning\n"
        "tap more-time\n"
        "expect-screen comment\n"
        "idle 25\n"
        "expect-screen comment\n"
        "tap keyboard.cancel\n"
        "tap reason.friendly\n"
        "tap followup.done\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    REQUIRE(db.status().entries == 1);
    const auto e = db.find_entry(db.database().query_text("SELECT id FROM entries"));
    CHECK(e->reasons == std::vector<std::string>{"fast", "friendly"});
    CHECK(e->state == core::SessionState::Closed);
}

TEST_CASE("an answer right after the previous one is stored and flagged as misuse", "[ui]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "tap rating.5\n"
        "tap followup.skip\n"
        "tap thanks.done\n"
        "tap rating.1\n"
        "tap followup.skip\n"
        "tap thanks.done\n"
        "idle 30\n"
        "tap rating.4\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    CHECK(db.status().entries == 3);
    CHECK(db.database().query_text("SELECT group_concat(rating || ':' || misuse, ' ') FROM (SELECT * FROM entries ORDER BY seq)") ==
          "5:0 1:1 4:0");
}

TEST_CASE("switching to English changes the screen and is recorded with the answer", "[ui]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "screenshot " + (kiosk / "th.png").string() + "\n"
        "tap lang.en\n"
        "screenshot " + (kiosk / "en.png").string() + "\n"
        "tap rating.5\n"
        "tap followup.done\n"
        "tap thanks.done\n"
        "screenshot " + (kiosk / "th-again.png").string() + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(load_png(kiosk / "th.png") == load_png(kiosk / "en.png"));
    CHECK(load_png(kiosk / "th.png") == load_png(kiosk / "th-again.png"));  // next visitor starts in Thai
    store::Store db(kiosk.db);
    CHECK(db.database().query_text("SELECT language FROM entries") == "en");
}

TEST_CASE("every layout draws its screens at landscape and portrait sizes", "[ui]") {
    for (const std::string size : {"1920x1080", "1366x768", "1080x1920"}) {
        Kiosk kiosk;
        const auto r = kiosk.script("screenshot " + (kiosk / "w.png").string() +
                                        "\ntap rating.1\nscreenshot " + (kiosk / "f.png").string() +
                                        "\ntap comment.open\nscreenshot " + (kiosk / "c.png").string() + "\n",
                                    size);
        INFO(size << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        const auto w = load_png(kiosk / "w.png");
        CHECK(std::to_string(w.width) + "x" + std::to_string(w.height) == size);
        for (const char* name : {"w.png", "f.png", "c.png"}) CHECK(distinct_colours(load_png(kiosk / name)) > 20);
    }
}

TEST_CASE("hostile input gets a clear error and no crash", "[ui]") {
    Kiosk kiosk;
    SECTION("a megabyte typed into the comment") {
        const auto r = kiosk.script("tap rating.3\ntap comment.open\ntype " + std::string(1 << 20, 'a') + "\n");
        CHECK(r.exit_code == 1);
        CHECK(r.signal == 0);
        CHECK_THAT(r.err, Catch::Contains("comment limit of 500 characters"));
    }
    SECTION("a tap on a widget that is not on screen") {
        const auto r = kiosk.script("tap followup.done\n");
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("no widget 'followup.done' on the welcome screen"));
    }
    SECTION("an unknown step") {
        const auto r = kiosk.script("tap rating.3\nswipe left\n");
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("steps.txt:2: unknown step 'swipe'"));
        store::Store db(kiosk.db);
        CHECK(db.status().entries == 0);  // nothing ran
    }
    SECTION("a font file that is not a font") {
        write_file(kiosk / "fake.ttf", "this is not a font\n");
        auto env = kiosk.env;
        env.push_back("FEEDBACK_DISPLAY_FONT=" + (kiosk / "fake.ttf").string());
        write_file(kiosk / "s.txt", "expect-screen welcome\n");
        const auto r = run({FEEDBACK_KIOSK_BIN, "run", "--headless", "--script", (kiosk / "s.txt").string(), "--db", kiosk.db}, env);
        CHECK(r.exit_code == 1);
        CHECK(r.signal == 0);
        CHECK_THAT(r.err, Catch::Contains("fake.ttf"));
    }
    SECTION("a survey file with invalid UTF-8") {
        write_file(kiosk / "bad-survey.toml", "version = \"1\"\n[title]\nth = \"\xE0\xB8\"\n");
        auto env = kiosk.env;
        env.push_back("FEEDBACK_SURVEY_FILE=" + (kiosk / "bad-survey.toml").string());
        write_file(kiosk / "s.txt", "expect-screen welcome\n");
        const auto r = run({FEEDBACK_KIOSK_BIN, "run", "--headless", "--script", (kiosk / "s.txt").string(), "--db", kiosk.db}, env);
        CHECK(r.exit_code == 1);
        CHECK(r.signal == 0);
        CHECK_THAT(r.err, Catch::Contains("bad-survey.toml:3"));
    }
}

TEST_CASE("a second `run` on the same database exits and leaves the first one's session alone", "[ui][lock]") {
    Kiosk kiosk;
    write_file(kiosk / "first.txt", "tap rating.4\nexpect-screen followup\nwait 8000\n");
    testing::Process first({FEEDBACK_KIOSK_BIN, "run", "--headless", "--size", "1366x768", "--script",
                            (kiosk / "first.txt").string(), "--db", kiosk.db},
                           kiosk.env);
    // Wait for the first window's visitor to be mid-session: the open entry is in the database.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool open = false;
    while (!open && std::chrono::steady_clock::now() < deadline) {
        if (std::filesystem::exists(kiosk.db)) {
            try {
                store::Store db(kiosk.db);
                open = db.status().open_sessions == 1;
            } catch (const store::StoreError&) {
            }
        }
        if (!open) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(open);

    const auto second = kiosk.script("expect-screen welcome\n");
    CHECK(second.exit_code == 1);
    CHECK_THAT(second.err, Catch::Contains("already running"));
    {
        store::Store db(kiosk.db);
        CHECK(db.status().open_sessions == 1);  // the first visitor's session was not closed
    }
    first.kill(SIGKILL);
    first.wait();
    // The lock goes with the process: the next start works (and closes the crashed session).
    const auto third = kiosk.script("expect-screen welcome\n");
    INFO(third.err);
    CHECK(third.exit_code == 0);
}

namespace {

// The values of `field=` on every stderr line that has `tag`.
std::vector<long long> timing_values(const std::string& err, const std::string& tag, const std::string& field) {
    std::vector<long long> out;
    std::istringstream lines(err);
    for (std::string line; std::getline(lines, line);) {
        if (line.find(tag) == std::string::npos) continue;
        const auto at = line.find(" " + field + "=");
        if (at != std::string::npos) out.push_back(std::stoll(line.substr(at + field.size() + 2)));
    }
    return out;
}

}  // namespace

// Issue 22: frames are rasterised only where they changed. FEEDBACK_UI_CHECK_DAMAGE=1 makes the
// kiosk redraw every frame in full as well (the way it always drew) and count the pixels that
// differ; a visit through every kind of screen, in both themes and text sizes, must find none.
TEST_CASE("redrawing only the damage gives the same pixels as a full redraw", "[ui]") {
    Kiosk kiosk;
    auto env = kiosk.env;
    env.push_back("FEEDBACK_UI_CHECK_DAMAGE=1");
    env.push_back("FEEDBACK_UI_TIMING=1");
    write_file(kiosk / "steps.txt",
               "tap admin.corner\ntap a11y.large\ntap a11y.contrast\ntap a11y.contrast\ntap a11y.large\n"
               "tap rating.2\ntap reason.long_wait\ntap dimension.staff.3\ntap comment.open\n"
               "tap key.ก\ntap key.ี\ntap key.space\ntap key.shift\ntap key.ฎ\ntap key.backspace\n"
               "type รอคิวนานเกือบหนึ่งชั่วโมง ควรเพิ่มช่องบริการ\ntap keyboard.done\ntap followup.done\n"
               "tap thanks.done\ntap lang.en\ntap complaint.start\ntap complaint.category.unfair\n"
               "tap complaint.when.today\ntap complaint.next\ntap complaint.chip.treated_differently\n"
               "type Rude at the counter\ntap complaint.next\nidle 60\ntap more-time\n");
    const auto r = run({FEEDBACK_KIOSK_BIN, "run", "--headless", "--size", "1366x768", "--script",
                        (kiosk / "steps.txt").string(), "--db", kiosk.db},
                       env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto differing = timing_values(r.err, "ui-damage-check", "differing");
    REQUIRE(differing.size() >= 40);  // every presented frame was checked
    for (const long long d : differing) CHECK(d == 0);

    // And the point of it: most frames redraw a small part of the screen, some nothing at all.
    const auto redrawn = timing_values(r.err, "ui-timing", "redrawn-px");
    REQUIRE(redrawn.size() >= 40);
    const long long full = 1366LL * 768;
    CHECK(std::count_if(redrawn.begin(), redrawn.end(), [&](long long px) { return px < full / 4; }) >
          static_cast<long>(redrawn.size() / 2));
    CHECK(std::count(redrawn.begin(), redrawn.end(), 0LL) >= 1);  // the staff corner's plain tap shows nothing new
}

TEST_CASE("FEEDBACK_UI_TIMING prints each frame's CPU by phase and the input-to-frame latency", "[ui]") {
    Kiosk kiosk;
    auto env = kiosk.env;
    env.push_back("FEEDBACK_UI_TIMING=1");
    write_file(kiosk / "steps.txt", "tap rating.4\ntap reason.fast\n");
    const auto r = run({FEEDBACK_KIOSK_BIN, "run", "--headless", "--size", "1366x768", "--script",
                        (kiosk / "steps.txt").string(), "--db", kiosk.db},
                       env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto frames = timing_values(r.err, "ui-timing", "frame-cpu-us");
    CHECK(frames.size() == 5);  // the first frame, then finger down and up for each tap
    for (const char* phase : {"layout-us", "text-us", "imgui-render-us", "damage-us", "raster-us", "present-us"})
        CHECK(timing_values(r.err, "ui-timing", phase).size() == frames.size());
    // A tap that changes the screen builds its frame twice and rasterises it once; the
    // follow-up at 768 px is taller than the window, so its first layout is built once more
    // with its scroll buttons (issue 16) — still rasterised once.
    CHECK(timing_values(r.err, "ui-timing", "builds") == std::vector<long long>{1, 1, 3, 1, 2});
    const auto latency = timing_values(r.err, "ui-timing", "input-to-frame-us");
    CHECK(latency.size() == 4);
    for (const long long us : latency) CHECK(us >= 0);
}
