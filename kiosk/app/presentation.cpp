// Opening window and renderer along the presentation paths; see presentation.h.
//
// How a path is tried:
//  - SDL's video subsystem is initialised with the path's driver forced by hint (override
//    priority: SDL_VIDEODRIVER in the environment has already narrowed the list instead), and
//    shut down again if anything below fails, so the next path starts clean.
//  - Software paths turn framebuffer acceleration off: otherwise SDL would present the
//    software renderer's pixels through an OpenGL window texture and load Mesa/LLVM
//    (DESIGN.md §7: 153 MB instead of 29 MB) — exactly the cost the path exists to avoid.
//  - A path that needs a real GPU is refused before any GL library is loaded when no GPU
//    render node exists (/sys/class/drm/renderD*, driven by something other than the virtual
//    vkms/vgem), and refused afterwards if GL still turns out to be a software rasteriser.
#include "app/presentation.h"
#include "common/text.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace feedback::app {
namespace {

// The kernel driver of a GPU render node, or "" when there is none that renders in hardware.
std::string gpu_render_driver() {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/sys/class/drm", ec)) {
        if (entry.path().filename().string().rfind("renderD", 0) != 0) continue;
        const auto driver = std::filesystem::read_symlink(entry.path() / "device" / "driver", ec);
        if (ec) continue;
        const auto name = driver.filename().string();
        if (name != "vkms" && name != "vgem") return name;
    }
    return {};
}

using common::lower;

// GL_RENDERER of the context the accelerated renderer just made current, or "".
std::string gl_renderer_string() {
    using GetString = const unsigned char* (*)(unsigned int);
    auto* get_string = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
    if (!get_string) return {};
    const unsigned char* text = get_string(0x1F01 /* GL_RENDERER */);
    return text ? reinterpret_cast<const char*>(text) : "";
}

bool is_software_rasteriser(const std::string& gl_renderer) {
    const auto name = lower(gl_renderer);
    for (const char* soft : {"llvmpipe", "softpipe", "swrast", "software rasterizer"})
        if (name.find(soft) != std::string::npos) return true;
    return false;
}

// Tries one path; "" on success.
std::string try_path(const PresentationPath& path, const WindowRequest& request, Presentation& out) {
    if (path.needs_real_gpu && gpu_render_driver().empty()) return "no GPU render node";
    const std::string driver(path.video_driver);
    SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, driver.c_str(), SDL_HINT_OVERRIDE);
    SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, path.accelerated ? "1" : "0", SDL_HINT_OVERRIDE);
    SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, path.accelerated ? "" : "software", SDL_HINT_OVERRIDE);
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) return std::string("cannot start SDL video: ") + SDL_GetError();
    std::string problem;
    // Full screen is asked of the window system; where nothing honours it (a bare X server
    // without a window manager) the kiosk window puts itself over the display's bounds once it
    // shows (kiosk_window.cpp, fit_to_display). Creating it at the bounds instead broke the
    // cage session's Xwayland (nothing drawn).
    SDL_Window* window = SDL_CreateWindow("feedback-kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                          request.width, request.height,
                                          request.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE);
    SDL_Renderer* renderer = nullptr;
    std::string renderer_name;
    if (!window) {
        problem = std::string("cannot open a window: ") + SDL_GetError();
    } else {
        renderer = SDL_CreateRenderer(window, -1, path.accelerated ? SDL_RENDERER_ACCELERATED : SDL_RENDERER_SOFTWARE);
        if (!renderer) {
            problem = std::string("cannot create a renderer: ") + SDL_GetError();
        } else {
            SDL_RendererInfo info{};
            SDL_GetRendererInfo(renderer, &info);
            renderer_name = info.name ? info.name : "?";
            if (path.accelerated) {
                const auto gl = gl_renderer_string();
                if (!gl.empty()) renderer_name += " on " + gl;
                if (path.needs_real_gpu && (gl.empty() || is_software_rasteriser(gl)))
                    problem = "GL is a software rasteriser (" + (gl.empty() ? std::string("unknown") : gl) + ")";
            }
        }
    }
    if (problem.empty()) {
        out.window = window;
        out.renderer = renderer;
        out.path = path.id;
        out.description = path.description;
        out.renderer_name = renderer_name;
        return {};
    }
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return problem;
}

}  // namespace

std::string open_presentation(const std::vector<PresentationPath>& order, const WindowRequest& request,
                              Presentation& out) {
    out = Presentation{};
    std::vector<std::string> passed_over;
    for (const auto& path : order) {
        const auto problem = try_path(path, request, out);
        if (problem.empty()) {
            out.passed_over = std::move(passed_over);
            return {};
        }
        passed_over.push_back(std::string(path.id) + ": " + problem);
    }
    std::string why = "no presentation path could open the kiosk window";
    for (const auto& line : passed_over) why += "; " + line;
    if (order.empty()) why += " (no path to try)";
    return why;
}

void close_presentation(Presentation& presentation) {
    if (presentation.renderer) SDL_DestroyRenderer(presentation.renderer);
    if (presentation.window) SDL_DestroyWindow(presentation.window);
    presentation.renderer = nullptr;
    presentation.window = nullptr;
}

std::string describe(const Presentation& presentation) {
    std::string text = presentation.path + " (" + presentation.description + "; renderer " + presentation.renderer_name;
    if (!presentation.passed_over.empty()) {
        text += "; passed over ";
        for (std::size_t i = 0; i < presentation.passed_over.size(); ++i)
            text += (i ? ", " : "") + presentation.passed_over[i];
    }
    return text + ")";
}

}  // namespace feedback::app
