// The presentation paths' order and the display.presentation setting (issue #13): "auto" is the
// measured order, an explicit list is tried as written, SDL_VIDEODRIVER narrows the list to its
// driver (an older unit's "wayland" still finds a path that opens there), and a bad value is
// refused with the key named — in the file and in FEEDBACK_DISPLAY_PRESENTATION alike.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "app/config.h"
#include "app/presentation_paths.h"
#include "core/errors.h"

using namespace feedback::app;
using Catch::Matchers::Contains;

namespace {

std::vector<std::string> ids(const std::vector<PresentationPath>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) out.emplace_back(p.id);
    return out;
}

}  // namespace

TEST_CASE("auto tries a GPU first, then Xwayland, then any GL, then KMS/DRM", "[presentation]") {
    CHECK(ids(presentation_order("auto", "")) == std::vector<std::string>{"wayland-gpu", "x11", "wayland-gl", "kmsdrm"});
    CHECK(ids(presentation_order("", "")) == ids(presentation_order("auto", "")));
    const auto order = presentation_order("auto", "");
    CHECK(order[0].needs_real_gpu);       // never llvmpipe on the first path
    CHECK_FALSE(order[1].accelerated);    // x11: SDL's software renderer
    CHECK_FALSE(order[2].needs_real_gpu); // wayland-gl: the path that draws anywhere GL exists
}

TEST_CASE("an explicit list is tried as written", "[presentation]") {
    CHECK(ids(presentation_order("x11, wayland-gl", "")) == std::vector<std::string>{"x11", "wayland-gl"});
    CHECK(ids(presentation_order("kmsdrm", "")) == std::vector<std::string>{"kmsdrm"});
}

TEST_CASE("SDL_VIDEODRIVER narrows the paths to its driver", "[presentation]") {
    CHECK(ids(presentation_order("auto", "x11")) == std::vector<std::string>{"x11"});
    // The unit of release 0.2.0 set SDL_VIDEODRIVER=wayland: that must still find a path that opens.
    CHECK(ids(presentation_order("auto", "wayland")) == std::vector<std::string>{"wayland-gpu", "wayland-gl"});
    // A configured list without that driver: every path on the driver, rather than none.
    CHECK(ids(presentation_order("x11", "wayland")) == std::vector<std::string>{"wayland-gpu", "wayland-gl"});
    // A driver the list does not know is honoured with the software renderer.
    const auto dummy = presentation_order("auto", "dummy");
    REQUIRE(dummy.size() == 1);
    CHECK(dummy[0].video_driver == "dummy");
    CHECK_FALSE(dummy[0].accelerated);
}

TEST_CASE("headless runs draw offscreen with the software renderer", "[presentation]") {
    CHECK(offscreen_presentation_path().video_driver == "offscreen");
    CHECK_FALSE(offscreen_presentation_path().accelerated);
}

TEST_CASE("display.presentation: checked in the file and in the environment", "[presentation][config]") {
    CHECK(check_presentation_setting("auto").empty());
    CHECK(check_presentation_setting("x11,wayland-gl").empty());
    CHECK_THAT(check_presentation_setting("x11,vulkan"), Contains("vulkan"));
    CHECK_FALSE(check_presentation_setting("x11,").empty());

    CHECK(parse_config("", "kiosk.toml").display.presentation == "auto");
    CHECK(parse_config("[display]\npresentation = \"x11,wayland-gl\"\n", "kiosk.toml").display.presentation ==
          "x11,wayland-gl");
    try {
        (void)parse_config("[display]\npresentation = \"wayland-vulkan\"\n", "kiosk.toml");
        FAIL("an unknown path was accepted");
    } catch (const feedback::SourceError& e) {
        CHECK_THAT(std::string(e.what()), Contains("display.presentation"));
        CHECK_THAT(std::string(e.what()), Contains("wayland-vulkan"));
    }
    const auto loaded = load_config(std::nullopt, {{"FEEDBACK_DISPLAY_PRESENTATION", "x11"}});
    CHECK(loaded.config.display.presentation == "x11");
    CHECK_THROWS_AS(load_config(std::nullopt, {{"FEEDBACK_DISPLAY_PRESENTATION", "gpu"}}), feedback::SourceError);
}
