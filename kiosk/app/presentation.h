// Opening the kiosk's window and renderer along the first presentation path that works
// (app/presentation_paths.h has the paths and their measured order).
//
// Why fall back rather than exit: a kiosk that exits because one renderer is missing leaves a
// black screen on the counter and systemd restarting it for ever (issue #13: SDL 2.26's Wayland
// backend has no software framebuffer, so the software renderer cannot open under cage's
// Wayland). Each refused path is remembered with its reason, for the log, `status`, `doctor`
// and the staff screen.
#pragma once

#include <SDL.h>

#include <string>
#include <vector>

#include "app/presentation_paths.h"

namespace feedback::app {

struct WindowRequest {
    int width = 0, height = 0;
    // SDL_WINDOW_FULLSCREEN_DESKTOP. On a bare X server without a window manager nothing
    // honours it (a 1366×768 window sat at an offset on a 1920×1080 screen, issue 16): the
    // kiosk window then places itself over the display's bounds (kiosk_window.cpp).
    bool fullscreen = false;
};

struct Presentation {
    SDL_Window* window = nullptr;
    SDL_Renderer* renderer = nullptr;
    std::string path;                      // the path's id, e.g. "x11"
    std::string description;               // what the path is, in words
    std::string renderer_name;             // SDL's renderer name, and the GL renderer if any
    std::vector<std::string> passed_over;  // "wayland-gpu: no GPU render node", in order tried
};

// Initialises SDL video and opens window and renderer along the first path of `order` that
// works. SDL video must not be initialised yet. Returns "" on success (out is filled), else a
// sentence naming every path tried and why each failed (SDL video is then shut down again).
std::string open_presentation(const std::vector<PresentationPath>& order, const WindowRequest& request,
                              Presentation& out);

// Destroys renderer and window (SDL itself is left to SDL_Quit).
void close_presentation(Presentation& presentation);

// "x11 (X11 … software renderer; passed over wayland-gpu: no GPU render node)" — one line.
std::string describe(const Presentation& presentation);

}  // namespace feedback::app
