// The presentation paths and their order; see presentation_paths.h for why there is a list.
//
// The order of "auto", from the measurements in deploy/README.md ("Presentation paths"):
//  1. wayland-gpu — only where a real GPU driver answers: drawing costs the CPU nothing.
//     It is refused on Mesa's software rasteriser, which would cost ~100 MB and more CPU than
//     path 2 (checked before any GL library is loaded: no GPU render node, no attempt).
//  2. x11 — SDL's software renderer presenting through X11 shared memory: under cage this is
//     Xwayland (started by cage on the first X client), on a desktop the X server. The lowest
//     memory and first-frame time measured on a PC without a GPU driver.
//  3. wayland-gl — SDL's accelerated renderer on whatever GL Mesa offers (llvmpipe without a
//     GPU): heavy, but it draws where Xwayland is missing.
//  4. kmsdrm — no compositor at all (the kiosk started straight on a console): SDL drives the
//     display itself through DRM/GBM. Last, because it only opens when nothing above answers
//     (inside cage the compositor holds the display).
#include "app/presentation_paths.h"
#include "common/text.h"

#include <algorithm>
#include <deque>
#include <string>

namespace feedback::app {
namespace {

std::string_view trim(std::string_view text) { return common::trim(text, " \t"); }

std::vector<std::string_view> split_commas(std::string_view text) {
    std::vector<std::string_view> parts;
    for (;;) {
        const auto comma = text.find(',');
        parts.push_back(trim(text.substr(0, comma)));
        if (comma == std::string_view::npos) return parts;
        text.remove_prefix(comma + 1);
    }
}

const PresentationPath* find_path(std::string_view id) {
    const auto& all = presentation_paths();
    const auto it = std::find_if(all.begin(), all.end(), [&](const PresentationPath& p) { return p.id == id; });
    return it == all.end() ? nullptr : &*it;
}

}  // namespace

const std::vector<PresentationPath>& presentation_paths() {
    static const std::vector<PresentationPath> paths = {
        {"wayland-gpu", "wayland", true, true, "Wayland with SDL's accelerated renderer on a GPU driver"},
        {"x11", "x11", false, false, "X11 (Xwayland under cage) with SDL's software renderer"},
        {"wayland-gl", "wayland", true, false, "Wayland with SDL's accelerated renderer on any GL, software included"},
        {"kmsdrm", "kmsdrm", true, false, "KMS/DRM without a compositor, SDL's accelerated renderer"},
    };
    return paths;
}

const PresentationPath& offscreen_presentation_path() {
    static const PresentationPath path{"offscreen", "offscreen", false, false, "SDL's offscreen driver (headless)"};
    return path;
}

std::string check_presentation_setting(std::string_view value) {
    if (trim(value) == "auto") return {};
    for (const auto id : split_commas(value)) {
        if (id.empty()) return "an empty path name";
        if (!find_path(id)) return "unknown path \"" + std::string(id) + "\"";
    }
    return {};
}

std::vector<PresentationPath> presentation_order(std::string_view configured, std::string_view sdl_videodriver_env) {
    std::vector<PresentationPath> order;
    if (trim(configured) == "auto" || trim(configured).empty()) {
        order = presentation_paths();
    } else {
        for (const auto id : split_commas(configured))
            if (const auto* path = find_path(id)) order.push_back(*path);
    }
    const auto driver = trim(sdl_videodriver_env);
    if (driver.empty()) return order;
    std::vector<PresentationPath> on_driver;
    for (const auto& path : order)
        if (path.video_driver == driver) on_driver.push_back(path);
    if (on_driver.empty()) {
        for (const auto& path : presentation_paths())
            if (path.video_driver == driver) on_driver.push_back(path);
    }
    if (on_driver.empty()) {
        // A driver this list does not know (e.g. "dummy"): honour it with the software renderer.
        static std::deque<std::string> named;  // never moves its strings: the views stay valid
        named.emplace_back(driver);
        on_driver.push_back({named.back(), named.back(), false, false, "the SDL_VIDEODRIVER named in the environment"});
    }
    return on_driver;
}

}  // namespace feedback::app
