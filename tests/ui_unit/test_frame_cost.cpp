// What keeps a frame cheap (issue 22): the damage tracker's choice of what to redraw, and the
// text cache's reuse of shaped and wrapped strings. Pixels themselves are checked end to end in
// tests/ui ("redrawing only the damage gives the same pixels as a full redraw").
#include <catch2/catch.hpp>
#include <imgui.h>

#include "text/line_break.h"
#include "text/shaper.h"
#include "ui/damage.h"
#include "ui/text_cache.h"

using namespace feedback::ui;

namespace {

// An ImGui context with the built-in font, for draw lists and text measurement.
struct ImGuiFixture {
    ImGuiFixture() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(640, 480);
        io.DeltaTime = 1.0f / 60.0f;
        io.Fonts->AddFontDefault();
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~ImGuiFixture() { ImGui::DestroyContext(); }
    ImGuiFixture(const ImGuiFixture&) = delete;
    ImGuiFixture& operator=(const ImGuiFixture&) = delete;

    // One frame: two buttons-like rounded rectangles and a label; `pressed` recolours the second.
    ImDrawData& frame(bool pressed, const char* label = "OK") {
        ImGui::NewFrame();
        ImDrawList& list = *ImGui::GetBackgroundDrawList();
        list.AddRectFilled({20, 20}, {120, 80}, IM_COL32(200, 200, 200, 255), 8);
        list.AddRectFilled({300, 300}, {360, 340}, pressed ? IM_COL32(0, 0, 255, 255) : IM_COL32(200, 200, 200, 255), 8);
        list.AddText({30, 40}, IM_COL32(0, 0, 0, 255), label);
        ImGui::Render();
        return *ImGui::GetDrawData();
    }
};

long long total_area(const std::vector<PixelRect>& rects) {
    long long a = 0;
    for (const auto& r : rects) a += r.area();
    return a;
}

bool covers(const std::vector<PixelRect>& rects, PixelRect target) {
    long long covered = 0;
    for (const auto& r : rects) covered += r.intersect(target).area();
    return covered == target.area();  // the rectangles are disjoint
}

}  // namespace

TEST_CASE("damage: the first frame is redrawn in full, an unchanged one not at all", "[damage]") {
    ImGuiFixture gui;
    DamageTracker damage;
    const auto first = damage.update(gui.frame(false), 0xFFEEEEEE, 640, 480);
    REQUIRE(first.size() == 1);
    CHECK(first[0] == PixelRect{0, 0, 640, 480});
    CHECK(damage.update(gui.frame(false), 0xFFEEEEEE, 640, 480).empty());
}

TEST_CASE("damage: a recoloured shape is redrawn, the rest of the screen is not", "[damage]") {
    ImGuiFixture gui;
    DamageTracker damage;
    damage.update(gui.frame(false), 0xFFEEEEEE, 640, 480);
    const auto dirty = damage.update(gui.frame(true), 0xFFEEEEEE, 640, 480);
    REQUIRE_FALSE(dirty.empty());
    CHECK(covers(dirty, {300, 300, 360, 340}));
    // 299..362 × 299..342 once widened by SDL's rounding margin: 3 × 2 tiles of 32 px.
    CHECK(total_area(dirty) == 6 * DamageTracker::kTile * DamageTracker::kTile);
    // The first rectangle and the label (top left) are untouched.
    for (const auto& r : dirty) CHECK_FALSE(r.intersects({20, 20, 120, 80}));
}

TEST_CASE("damage: changed text, a new clear colour, a new size and invalidate() are redrawn", "[damage]") {
    ImGuiFixture gui;
    DamageTracker damage;
    damage.update(gui.frame(false, "OK"), 0xFFEEEEEE, 640, 480);
    const auto text = damage.update(gui.frame(false, "OK!"), 0xFFEEEEEE, 640, 480);
    REQUIRE_FALSE(text.empty());
    for (const auto& r : text) CHECK_FALSE(r.intersects({300, 300, 360, 340}));

    const auto clear = damage.update(gui.frame(false, "OK!"), 0xFF000000, 640, 480);
    CHECK(total_area(clear) == 640LL * 480);

    const auto resized = damage.update(gui.frame(false, "OK!"), 0xFF000000, 800, 600);
    REQUIRE(resized.size() == 1);
    CHECK(resized[0] == PixelRect{0, 0, 800, 600});

    damage.invalidate();
    const auto again = damage.update(gui.frame(false, "OK!"), 0xFF000000, 800, 600);
    REQUIRE(again.size() == 1);
    CHECK(again[0] == PixelRect{0, 0, 800, 600});
}

TEST_CASE("damage: each primitive is one group, in drawing order", "[damage]") {
    ImGuiFixture gui;
    DamageTracker damage;
    damage.update(gui.frame(false, "AB"), 0xFFEEEEEE, 640, 480);
    // Two rounded rectangles (fan plus fringe each) and two glyph quads.
    const auto& groups = damage.groups();
    REQUIRE(groups.size() == 4);
    CHECK(groups[0].bounds.intersects({20, 20, 120, 80}));
    CHECK(groups[1].bounds.intersects({300, 300, 360, 340}));
    CHECK(groups[2].count == 6);
    CHECK(groups[3].count == 6);
    CHECK(groups[2].first + groups[2].count == groups[3].first);
}

TEST_CASE("clip rectangles become the pixels ImGui's SDL_Renderer backend clips to", "[damage]") {
    CHECK(clip_pixels({10.5f, 20.25f, 100.75f, 50.5f}, 640, 480) == PixelRect{10, 20, 100, 50});
    CHECK(clip_pixels({-5, -5, 1000, 1000}, 640, 480) == PixelRect{0, 0, 640, 480});
    CHECK(clip_pixels({50, 50, 50, 60}, 640, 480).empty());
}

TEST_CASE("text cache: a string is shaped and wrapped once per font and width, with the same result", "[text-cache]") {
    ImGuiFixture gui;
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    TextCache cache;
    const std::string logical = "Helpful staff, but the queue was long";

    const auto& shaped = cache.shaped(font, logical);
    CHECK(shaped.display == feedback::text::shape_utf8(logical));
    CHECK(shaped.width == font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, shaped.display.c_str()).x);
    const auto misses = cache.misses();
    cache.shaped(font, logical);
    CHECK(cache.misses() == misses);

    const auto expected = feedback::text::wrap_lines(logical, 100, [&](std::string_view s) {
        const std::string d = feedback::text::shape_utf8(s);
        return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, d.data(), d.data() + d.size()).x;
    });
    CHECK(cache.wrapped(font, 100, logical).lines == expected);
    const auto after_wrap = cache.misses();
    CHECK(cache.wrapped(font, 100, logical).lines == expected);
    CHECK(cache.misses() == after_wrap);
    CHECK(cache.wrapped(font, 400, logical).lines.size() < expected.size());  // another width is its own entry
    CHECK(cache.misses() > after_wrap);

    CHECK(cache.words_fit(font, 1000, logical));
    CHECK_FALSE(cache.words_fit(font, 5, logical));
}

TEST_CASE("text cache: trim() empties it only past its bound", "[text-cache]") {
    ImGuiFixture gui;
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    TextCache cache;
    cache.shaped(font, "a");
    cache.trim();
    CHECK(cache.size() == 1);
    for (std::size_t i = 0; i < TextCache::kMaxEntries; ++i) cache.shaped(font, std::to_string(i));
    cache.trim();
    CHECK(cache.size() == 0);
}
