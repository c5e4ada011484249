// Issue 21 on the real screens: a USB keypad or keyboard alongside touch. The scripted driver's
// `key <name>` sends the SDL key event a keypad sends; the tests check the database (a rating by
// `key 4`, a follow-up and an anonymous complaint by keys alone) and the pixels of the focus
// ring on every screen in both themes.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>

#include "kiosk_fixture.h"
#include "png_image.h"
#include "process.h"
#include "store/admin_pin.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::Image;
using feedback::testing::load_png;
using feedback::testing::write_file;

namespace {

struct Rgb {
    int r, g, b;
};
// ui::focus_colors(): the ring's band in each theme.
constexpr Rgb kRingNormal{0xC4, 0x3B, 0x00};
constexpr Rgb kRingContrast{0x00, 0xFF, 0xFF};

bool near(const Image& img, int x, int y, Rgb c, int tolerance = 16) {
    if (x < 0 || y < 0 || x >= img.width || y >= img.height) return false;
    const auto* p = &img.rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) + static_cast<std::size_t>(x)) * 4];
    return std::abs(p[0] - c.r) <= tolerance && std::abs(p[1] - c.g) <= tolerance && std::abs(p[2] - c.b) <= tolerance;
}

struct Box {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Pixels of the ring's colour: how many, and how many lie farther than `reach` from `box`.
std::pair<long, long> ring_pixels(const Image& img, Rgb c, Box box, int reach) {
    long all = 0, away = 0;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            if (near(img, x, y, c)) {
                ++all;
                if (x < box.x0 - reach || x > box.x1 + reach || y < box.y0 - reach || y > box.y1 + reach) ++away;
            }
    return {all, away};
}

// The ring's band crosses each side's middle just outside the widget.
int sides_ringed(const Image& img, Rgb c, Box b) {
    const int cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
    int sides = 0;
    const auto found = [&](int dx, int dy, int x, int y) {
        for (int d = 1; d <= 12; ++d)
            if (near(img, x + dx * d, y + dy * d, c, 8)) return true;
        return false;
    };
    sides += found(0, -1, cx, b.y0);
    sides += found(0, 1, cx, b.y1);
    sides += found(-1, 0, b.x0, cy);
    sides += found(1, 0, b.x1, cy);
    return sides;
}

// "script line N: key K: ok; focus ID (x0,y0)-(x1,y1) on the S screen" → by line number.
struct Focus {
    std::string id, screen;
    Box box;
};
std::map<int, Focus> focus_lines(const std::string& err) {
    std::map<int, Focus> out;
    const std::regex line(R"(script line (\d+): key [^:]+: ok; focus (\S+) \((-?\d+),(-?\d+)\)-\((-?\d+),(-?\d+)\) on the (\S+) screen)");
    std::istringstream in(err);
    std::string l;
    std::smatch m;
    while (std::getline(in, l))
        if (std::regex_search(l, m, line))
            out[std::stoi(m[1])] = {m[2], m[7], {std::stoi(m[3]), std::stoi(m[4]), std::stoi(m[5]), std::stoi(m[6])}};
    return out;
}

// The default survey plus a profile question, so the profile screen shows too.
std::string survey_with_profile() {
    std::string text = testing::read_file(std::string(FEEDBACK_ASSETS_DIR) + "/surveys/default.toml");
    text += R"(
[[profile]]
id = "age"
th = "อายุ"
en = "Age"
options = [ { id = "under_30", th = "ต่ำกว่า 30 ปี", en = "Under 30" }, { id = "30_plus", th = "30 ปีขึ้นไป", en = "30 and over" } ]
)";
    return text;
}

std::string times(int n, const std::string& step) {
    std::string s;
    for (int i = 0; i < n; ++i) s += step;
    return s;
}

using Kiosk = testing::ScriptedKiosk;

}  // namespace

TEST_CASE("key 4 on Welcome stores a rating of 4 before the next screen, as a tap on that face does", "[ui][keypad]") {
    const auto [key, rating] = GENERATE(std::pair<const char*, int>{"4", 4}, std::pair<const char*, int>{"KP_2", 2},
                                        std::pair<const char*, int>{"5", 5});
    Kiosk kiosk;
    const auto r = kiosk.script(std::string("expect-screen welcome\nkey ") + key + "\nexpect-screen followup\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    REQUIRE(db.status().entries == 1);
    // No later step ran: the entry is in the database, still open, from the key alone.
    CHECK(db.database().query_int("SELECT rating FROM entries") == rating);
    CHECK(db.database().query_text("SELECT session_state FROM entries") == "open");
}

TEST_CASE("a full follow-up by keys alone: reasons, dimensions, a comment typed on the on-screen keyboard", "[ui][keypad]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "key KP_2\nexpect-screen followup\n"
        // A screen a key opened shows the ring on its first widget after the top bar and the
        // next visitor's countdown strip: the first reason.
        "expect-focus reason.long_wait\nkey Return\n"
        "key Tab\nexpect-focus reason.complicated_steps\nkey KP_Enter\n" +
        times(4, "key Tab\n") +
        // A digit on a dimension's level buttons answers that dimension.
        "expect-focus dimension.process.5\nkey 2\nexpect-focus dimension.process.2\n"
        "key Down\nexpect-focus dimension.staff.2\nkey Left\nkey Left\nexpect-focus dimension.staff.4\nkey Return\n"
        // Down the column, out of the scrolling questions to the bar under them.
        "key Down\nkey Down\nkey Down\n"
        "expect-focus comment.open\nkey Return\nexpect-screen comment\n"
        "expect-focus key.1\nkey Tab\nkey Tab\nkey Tab\nexpect-focus key.4\nkey Down\nexpect-focus key.ถ\nkey Return\n"
        "key Down\nkey Down\nkey Down\nkey Down\nkey Down\nexpect-focus keyboard.cancel\nkey Right\n"
        "expect-focus keyboard.done\nkey KP_Enter\nexpect-screen followup\n" +
        times(11, "key Shift+Tab\n") + "expect-focus followup.done\nkey Return\nexpect-screen thankyou\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    REQUIRE(db.status().entries == 1);
    const auto e = db.find_entry(db.database().query_text("SELECT id FROM entries"));
    REQUIRE(e);
    CHECK(e->rating == 2);
    CHECK(e->reasons == std::vector<std::string>{"long_wait", "complicated_steps"});
    CHECK(e->dimensions == std::map<std::string, int>{{"process", 2}, {"staff", 4}});
    CHECK(e->comment == "ถ");
    CHECK(e->state == core::SessionState::Closed);
}

TEST_CASE("an anonymous complaint by category with keys alone, the description left out", "[ui][keypad][complaint]") {
    Kiosk kiosk;
    kiosk.env.push_back("FEEDBACK_DEVICE_CODE=KT1");
    const auto r = kiosk.script(
        "key Shift+Tab\nexpect-focus complaint.start\nkey Return\nexpect-screen complaint-category\n"
        "expect-focus complaint.category.unfair\nkey Right\nexpect-focus complaint.category.rude\nkey KP_Enter\n"
        "expect-screen complaint-when\nexpect-focus complaint.when.today\nkey Return\n"
        "key Tab\nkey Tab\nkey Tab\nexpect-focus complaint.service.palad\nkey Return\n" +
        times(5, "key Tab\n") + "expect-focus complaint.next\nkey Return\nexpect-screen complaint-description\n"
        // Nothing typed: down the keyboard to the bar, then Next.
        + times(6, "key Down\n") + "expect-focus complaint.back\nkey Right\nexpect-focus complaint.next\nkey Return\n"
        "expect-screen complaint-contact-choice\nexpect-focus complaint.anonymous\nkey Return\n"
        "expect-screen complaint-done\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    const auto id = db.database().query_text("SELECT id FROM entries WHERE kind = 'complaint'");
    const auto complaint = db.find_complaint(id);
    REQUIRE(complaint);
    CHECK(complaint->category == "rude");
    CHECK(complaint->service_point == "palad");
    CHECK(complaint->description.empty());
    CHECK(complaint->anonymous);
    CHECK(complaint->reference.rfind("KT1-", 0) == 0);
    CHECK(db.find_entry(id)->state == core::SessionState::Closed);
}

TEST_CASE("Escape goes back, and the repeat keys 0 and asterisk act on nothing", "[ui][keypad]") {
    Kiosk kiosk;
    const auto r = kiosk.script(
        "key 0\nkey asterisk\nkey KP_Multiply\nkey KP_0\nexpect-screen welcome\nexpect-focus none\n"
        "key Escape\nexpect-screen welcome\n"
        "tap complaint.start\ntap complaint.category.rude\nexpect-screen complaint-when\n"
        "key Escape\nexpect-screen complaint-category\nkey Escape\nexpect-screen welcome\n"
        "key 3\nexpect-screen followup\nkey Escape\nexpect-screen thankyou\nkey Escape\nexpect-screen welcome\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    // The rating by key 3, closed by Escape (skip) on Follow-up; the complaint left at its
    // first screen is closed too; 0 and * stored nothing.
    CHECK(db.database().query_int("SELECT count(*) FROM entries WHERE kind = 'rating'") == 1);
    CHECK(db.database().query_int("SELECT rating FROM entries WHERE kind = 'rating'") == 3);
    CHECK(db.status().open_sessions == 0);
}

TEST_CASE("a five-button box that sends 1-5 answers for one visitor after another", "[ui][keypad]") {
    Kiosk kiosk;
    // On Follow-up a digit is the next visitor's face (the small faces beside the countdown);
    // after the thank-you's return the next digit rates on Welcome.
    const auto r = kiosk.script("key 5\nexpect-screen followup\nkey 3\nexpect-screen followup\nidle 200\n"
                                "expect-screen welcome\nkey 1\nexpect-screen followup\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    CHECK(db.database().query_text("SELECT group_concat(rating, ' ') FROM (SELECT rating FROM entries ORDER BY seq)") ==
          "5 3 1");
}

TEST_CASE("the staff PIN from the keypad's digits", "[ui][keypad][admin]") {
    Kiosk kiosk;
    {
        store::Store s(kiosk.db);
        store::set_admin_pin(s, "482915", "test");
    }
    const auto r = kiosk.script("press admin.corner 3000\nexpect-screen admin-pin\n"
                                "key KP_4\nkey 8\nkey 2\nkey KP_9\nkey 1\nkey 5\ntap pin.ok\nexpect-screen admin\n"
                                "key Escape\nexpect-screen welcome\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

TEST_CASE("the focus ring never shows or moves on its own", "[ui][keypad]") {
    Kiosk kiosk;
    const auto r = kiosk.script(kiosk.shot("untouched.png") +
                                "tap rating.4\nexpect-focus none\n" + kiosk.shot("tapped.png") +
                                "key Tab\nexpect-focus reason.fast\n"
                                // The follow-up's countdown and the reset happen with nobody there.
                                "idle 200\nexpect-screen welcome\nexpect-focus none\n" + kiosk.shot("after-reset.png"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* shot : {"untouched.png", "tapped.png", "after-reset.png"}) {
        INFO(shot);
        CHECK(ring_pixels(load_png(kiosk / shot), kRingNormal, {}, 0).first == 0);
    }
}

TEST_CASE("the focus ring shows around the focused widget on every screen, in both themes", "[ui][keypad][screenshot]") {
    const bool contrast = GENERATE(false, true);
    const Rgb ring = contrast ? kRingContrast : kRingNormal;
    Kiosk kiosk;
    {
        store::Store s(kiosk.db);
        store::set_admin_pin(s, "482915", "test");
    }
    write_file(kiosk / "survey.toml", survey_with_profile());
    kiosk.env.push_back("FEEDBACK_SURVEY_FILE=" + (kiosk / "survey.toml").string());
    if (contrast) kiosk.env.push_back("FEEDBACK_DISPLAY_HIGH_CONTRAST=true");
    // Each screen: reached (by taps, or keys), a key that shows or moves the ring, a screenshot.
    const std::vector<std::pair<std::string, std::string>> screens = {
        {"welcome", "key Tab\n"},
        {"followup", "key 4\nkey Tab\n"},
        {"comment", "tap comment.open\nkey Tab\n"},
        {"profile", "tap keyboard.cancel\ntap followup.done\nkey Down\n"},
        {"thankyou", "tap profile.done\nkey Tab\n"},
        {"complaint-category", "tap thanks.done\ntap complaint.start\nkey Tab\nkey Tab\n"},
        {"complaint-when", "tap complaint.category.delay\nkey Tab\n"},
        {"complaint-description", "tap complaint.next\nkey Tab\n"},
        {"complaint-contact-choice", "tap complaint.next\nkey Tab\n"},
        {"complaint-pdpa", "tap complaint.with-contact\nkey Tab\n"},
        {"complaint-contact", "tap pdpa.accept\nkey Tab\n"},
        {"complaint-done", "tap complaint.back\ntap complaint.anonymous\nkey Tab\n"},
        {"admin-pin", "tap complaint.finish\npress admin.corner 3000\nkey Tab\n"},
        {"admin", "key 4\nkey 8\nkey 2\nkey 9\nkey 1\nkey 5\ntap pin.ok\nkey Tab\n"},
    };
    std::string script;
    int line = 0;
    std::vector<std::pair<std::string, int>> shots;  // screen, the line of the key before it
    for (const auto& [screen, steps] : screens) {
        std::istringstream in(steps);
        for (std::string l; std::getline(in, l);) {
            script += l + "\n";
            ++line;
        }
        shots.emplace_back(screen, line);
        script += "expect-screen " + screen + "\n" + kiosk.shot(screen + ".png");
        line += 2;
    }
    const auto r = kiosk.script(script);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto focus = focus_lines(r.err);
    for (const auto& [screen, key_line] : shots) {
        INFO(screen);
        REQUIRE(focus.count(key_line) == 1);
        const Focus& f = focus.at(key_line);
        INFO(f.id);
        CHECK(f.screen == screen);
        const auto img = load_png(kiosk / (screen + ".png"));
        // The band on all four sides just outside the widget…
        CHECK(sides_ringed(img, ring, f.box) == 4);
        // …and the ring's colour nowhere else on the screen (it marks the focus alone).
        const auto [all, away] = ring_pixels(img, ring, f.box, 16);
        CHECK(all > 2 * ((f.box.x1 - f.box.x0) + (f.box.y1 - f.box.y0)) * 3);
        CHECK(away == 0);
    }
    if (const char* keep = std::getenv("FEEDBACK_TEST_KEEP_SHOTS"))
        for (const auto& [screen, key_line] : shots)
            std::filesystem::copy_file(kiosk / (screen + ".png"),
                                       std::filesystem::path(keep) / ((contrast ? "focus-contrast-" : "focus-") + screen + ".png"),
                                       std::filesystem::copy_options::overwrite_existing);
}

TEST_CASE("an unknown key name is refused before anything runs", "[ui][keypad]") {
    Kiosk kiosk;
    const auto r = kiosk.script("key 4\nkey F13\n");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("unknown key 'F13'"));
    store::Store db(kiosk.db);
    CHECK(db.status().entries == 0);
}

TEST_CASE("any key answers the idle warning as a touch does, and Enter there is its more-time button", "[ui][keypad]") {
    Kiosk kiosk;
    const auto r = kiosk.script("tap rating.5\ntap comment.open\ntype ดี\n"
                                "idle 60\nexpect-screen idle-warning\n"
                                // An idle warning comes by itself: it shows no ring.
                                "expect-focus none\n"
                                "key Return\nexpect-screen comment\n"
                                "idle 60\nexpect-screen idle-warning\nkey Tab\nexpect-screen comment\n"
                                "idle 60\nexpect-screen idle-warning\nkey 3\nexpect-screen comment\n"
                                "key Escape\nexpect-screen followup\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    store::Store db(kiosk.db);
    // Still the one visitor's entry, open, rated by the tap; the 3 answered the warning only.
    REQUIRE(db.status().entries == 1);
    CHECK(db.database().query_int("SELECT rating FROM entries") == 5);
    CHECK(db.database().query_text("SELECT session_state FROM entries") == "open");
}
