// The ways the kiosk can put its frames on a screen ("presentation paths"), and the order in
// which it tries them. Pure data and parsing: no SDL here, so configuration loading can check
// `display.presentation` without a display (kiosk_config builds and is tested without SDL).
//
// Why a list rather than one fixed way: SDL 2.26 has no software window framebuffer under
// Wayland, so the software renderer the kiosk measured best on X11 cannot open there — inside
// `cage` the kiosk has to go through Xwayland, a GPU, or a GL rasteriser, and which of those
// exists differs from PC to PC. The order below is the measured one (deploy/README.md,
// "Presentation paths"); when a path cannot be opened the kiosk takes the next one instead of
// exiting, and says which one it uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedback::app {

struct PresentationPath {
    std::string_view id;            // as written in display.presentation and shown by status
    std::string_view video_driver;  // SDL video driver
    bool accelerated;               // SDL's accelerated (OpenGL/GLES) renderer, else its software one
    bool needs_real_gpu;            // refused on a software GL rasteriser (Mesa's llvmpipe: ~100 MB)
    std::string_view description;   // for logs, status and doctor
};

// Every known path, in the order "auto" tries them.
const std::vector<PresentationPath>& presentation_paths();

// The path for headless runs (tests, screenshots): SDL's offscreen driver, software renderer.
const PresentationPath& offscreen_presentation_path();

// Checks a display.presentation value: "auto", or ids from presentation_paths() separated by
// commas (e.g. "x11,wayland-gl"). Returns "" when valid, else what is wrong.
std::string check_presentation_setting(std::string_view value);

// The paths to try, in order, for a configured value (already checked). When the environment
// names an SDL video driver (SDL_VIDEODRIVER, e.g. from an older unit file or an IT drop-in),
// only paths on that driver are tried; a driver this list does not know gets a software path
// of its own, so an explicit choice is always honoured.
std::vector<PresentationPath> presentation_order(std::string_view configured, std::string_view sdl_videodriver_env);

}  // namespace feedback::app
