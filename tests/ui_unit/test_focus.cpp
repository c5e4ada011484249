// The focus navigator (issue 21) on a real Canvas, without SDL: what the app's accessibility
// hooks hear (the speech module relies on them), the reading order, and that a key's tap takes
// the Canvas's tap path.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "text/font_check.h"
#include "ui/focus.h"
#include "ui/fonts.h"

using namespace feedback::ui;
using feedback::core::Screen;

namespace {

struct Gui {
    Gui() {
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        ImGui::GetIO().DisplaySize = ImVec2(800, 600);
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        fonts = load_fonts(feedback::text::default_thai_font(), metrics, {"มาก น้อย Alpha Beta Gamma ย้อนกลับ"});
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Gui() { ImGui::DestroyContext(); }
    Gui(const Gui&) = delete;
    Gui& operator=(const Gui&) = delete;

    Metrics metrics = Metrics::from(96, 1.0f, 800, 600);
    FontSet fonts;
    ScrollStates scroll;
    FocusNavigator focus{scroll};
    std::vector<std::string> tapped;

    // One frame: a second row drawn before the first (reading order is by place, not by the
    // order of drawing), a face-like target whose label the view draws itself, and a back button.
    void frame(Screen screen = Screen::ComplaintWhen) {
        ImGui::NewFrame();
        Canvas c(*ImGui::GetBackgroundDrawList(), metrics, fonts, false, false, std::nullopt, std::nullopt);
        focus.begin_frame(c);
        if (c.button("row2.gamma", {{10, 200}, {200, 260}}, "Gamma", ButtonStyle::Normal)) tapped.push_back("row2.gamma");
        if (c.button("row1.beta", {{300, 100}, {500, 160}}, "Beta", ButtonStyle::Normal)) tapped.push_back("row1.beta");
        if (c.button("row1.alpha", {{10, 100}, {200, 160}}, "Alpha", ButtonStyle::Normal)) tapped.push_back("row1.alpha");
        const Rect face{{300, 200}, {500, 300}};
        c.paragraph(FontRole::Body, {{300, 260}, {500, 300}}, c.colors().text, "มาก", Align::Center);
        if (c.hit("rating.4", face)) tapped.push_back("rating.4");
        if (c.button("complaint.back", {{10, 500}, {200, 560}}, "ย้อนกลับ", ButtonStyle::Normal)) tapped.push_back("complaint.back");
        focus.end_frame(c, screen);
        ImGui::Render();
    }
};

}  // namespace

TEST_CASE("focus: Tab follows the reading order and on_focus hears each widget's visible label", "[focus]") {
    Gui gui;
    std::vector<std::string> heard;
    int keys = 0;
    gui.focus.hooks().on_focus = [&](std::string_view id, std::string_view label) {
        heard.push_back(std::string(id) + "=" + std::string(label));
    };
    gui.focus.hooks().on_key_input = [&] { ++keys; };
    gui.frame();
    CHECK(gui.focus.focused().empty());  // no ring before a key
    for (int i = 0; i < 5; ++i) {
        gui.focus.key({Key::Tab}, Screen::ComplaintWhen);
        gui.frame();
    }
    CHECK(heard == std::vector<std::string>{"row1.alpha=Alpha", "row1.beta=Beta", "row2.gamma=Gamma", "rating.4=มาก",
                                            "complaint.back=ย้อนกลับ"});
    CHECK(keys == 5);
    // Frames without keys move nothing and announce nothing again.
    gui.frame();
    gui.frame();
    CHECK(heard.size() == 5);
    CHECK(gui.focus.focused() == "complaint.back");
    gui.focus.key({Key::Tab}, Screen::ComplaintWhen);  // wraps
    gui.frame();
    CHECK(gui.focus.focused() == "row1.alpha");
    gui.focus.key({Key::BackTab}, Screen::ComplaintWhen);
    gui.frame();
    CHECK(gui.focus.focused() == "complaint.back");
}

TEST_CASE("focus: arrows move like the screen looks and Enter taps through the Canvas", "[focus]") {
    Gui gui;
    gui.frame();
    gui.focus.key({Key::Tab}, Screen::ComplaintWhen);
    gui.frame();
    gui.focus.key({Key::Right}, Screen::ComplaintWhen);
    gui.frame();
    CHECK(gui.focus.focused() == "row1.beta");
    gui.focus.key({Key::Down}, Screen::ComplaintWhen);
    gui.frame();
    CHECK(gui.focus.focused() == "rating.4");
    gui.focus.key({Key::Left}, Screen::ComplaintWhen);
    gui.frame();
    CHECK(gui.focus.focused() == "row2.gamma");
    CHECK(gui.tapped.empty());
    CHECK(gui.focus.key({Key::Enter}, Screen::ComplaintWhen));  // it will tap
    gui.frame();
    CHECK(gui.tapped == std::vector<std::string>{"row2.gamma"});
    gui.frame();
    CHECK(gui.tapped.size() == 1);  // one key, one tap
}

TEST_CASE("focus: 0 and star call on_repeat and tap nothing, Escape taps the screen's back widget", "[focus]") {
    Gui gui;
    int repeats = 0;
    gui.focus.hooks().on_repeat = [&] { ++repeats; };
    gui.frame();
    CHECK_FALSE(gui.focus.key({Key::Digit, 0}, Screen::ComplaintWhen));
    CHECK_FALSE(gui.focus.key({Key::Star}, Screen::ComplaintWhen));
    gui.frame();
    CHECK(repeats == 2);
    CHECK(gui.tapped.empty());
    CHECK(gui.focus.key({Key::Escape}, Screen::ComplaintWhen));
    gui.frame();
    CHECK(gui.tapped == std::vector<std::string>{"complaint.back"});
    // Digits 1-5 rate on Welcome only (here: the face drawn as rating.4).
    CHECK_FALSE(gui.focus.key({Key::Digit, 4}, Screen::ComplaintWhen));
    gui.frame();
    CHECK(gui.tapped.size() == 1);
    gui.frame(Screen::Welcome);  // a new screen no key opened (a timer, a touch): no ring
    CHECK(gui.focus.focused().empty());
    CHECK(gui.focus.key({Key::Digit, 4}, Screen::Welcome));
    gui.frame(Screen::Welcome);
    CHECK(gui.tapped.back() == "rating.4");
}

TEST_CASE("focus: empty hooks are simply not called", "[focus]") {
    Gui gui;
    gui.frame();
    gui.focus.key({Key::Star}, Screen::ComplaintWhen);
    gui.focus.key({Key::Tab}, Screen::ComplaintWhen);
    gui.frame();
    CHECK(gui.focus.focused() == "row1.alpha");
}

TEST_CASE("focus ring colours: at least 3:1 against every surface of their theme, and their own colour", "[focus][theme]") {
    for (const bool contrast : {false, true}) {
        INFO(contrast);
        const Palette& p = palette(contrast);
        const FocusColors f = focus_colors(contrast);
        // The band against the screen's background and a widget's surface (WCAG 1.4.11).
        CHECK(contrast_ratio(f.ring, p.background) >= 3.0);
        CHECK(contrast_ratio(f.ring, p.surface) >= 3.0);
        // Where the band meets a filled button (primary, selected), the edge line stands out.
        CHECK(std::max(contrast_ratio(f.ring, p.primary), contrast_ratio(f.edge, p.primary)) >= 3.0);
        CHECK(std::max(contrast_ratio(f.ring, p.selected), contrast_ratio(f.edge, p.selected)) >= 3.0);
        // The ring's colour is no other colour of the theme (tests find the ring by it).
        for (const ImU32 other : {p.background, p.surface, p.text, p.muted_text, p.border, p.primary, p.on_primary,
                                  p.selected, p.on_selected, p.warning_bg, p.on_warning, p.error_text, p.face_ink})
            CHECK(other != f.ring);
    }
}
