// The kiosk window and its main loop — for now a minimal Welcome screen (five answers that
// are stored for real) until the visitor-experience issue brings the full screens in kiosk/ui.
//
// Why the loop looks like this: a kiosk sits idle most of the day, so it must not render
// continuously. It blocks in SDL_WaitEventTimeout until input arrives or the next deadline
// (the thank-you screen's return) is due, then draws a couple of frames so ImGui settles.
#include "app/window.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/log.h"
#include "core/clock.h"

namespace feedback::app {
namespace {

constexpr const char* kDefaultFont = FEEDBACK_DEFAULT_FONT;  // fonts/CMakeLists.txt

struct SdlSession {
    SdlSession() {
        // Present through the software renderer, not OpenGL (see window.h).
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        ok = SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) == 0;
    }
    ~SdlSession() { SDL_Quit(); }
    bool ok = false;
};

}  // namespace

int run_window(const Context& context, store::Store& store, const RunOptions& options) {
    SdlSession sdl;
    if (!sdl.ok) {
        log_error(std::string("cannot start SDL video: ") + SDL_GetError());
        return 1;
    }
    const bool windowed = options.windowed;
    SDL_Window* window = SDL_CreateWindow(
        "feedback-kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1366, 768,
        SDL_WINDOW_ALLOW_HIGHDPI | (windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP));
    if (!window) {
        log_error(std::string("cannot open the kiosk window: ") + SDL_GetError());
        return 1;
    }
    SDL_Renderer* renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer) {
        log_error(std::string("cannot create a renderer: ") + SDL_GetError());
        SDL_DestroyWindow(window);
        return 1;
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk keeps no per-user layout state
    const std::string font = context.config().display.font.empty()
                                 ? kDefaultFont
                                 : context.config().display.font.string();
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0E00, 0x0E7F, 0};
    if (!std::filesystem::exists(font) ||
        !io.Fonts->AddFontFromFileTTF(font.c_str(), 40.0f * static_cast<float>(context.config().display.scale), nullptr, ranges))
        log_warning("font " + font + " not found; using ImGui's built-in font (no Thai)");
    ImGui_ImplSDL2_InitForSDLRenderer(window);
    ImGui_ImplSDLRenderer_Init(renderer);

    const auto& survey = context.survey;
    const std::string& lang = context.config().display.language;
    std::int64_t thank_you_until = 0;
    int frames_to_draw = 2;
    bool quit = false;
    while (!quit) {
        const std::int64_t now = core::now_utc_ms();
        int wait_ms = -1;
        if (thank_you_until > now) wait_ms = static_cast<int>(thank_you_until - now);
        if (frames_to_draw > 0) wait_ms = 0;
        SDL_Event event;
        if (wait_ms != 0 ? SDL_WaitEventTimeout(&event, wait_ms) : SDL_PollEvent(&event)) {
            do {
                ImGui_ImplSDL2_ProcessEvent(&event);
                if (event.type == SDL_QUIT) quit = true;
                frames_to_draw = 2;
            } while (SDL_PollEvent(&event));
        }
        if (thank_you_until != 0 && core::now_utc_ms() >= thank_you_until) {
            thank_you_until = 0;
            frames_to_draw = 2;
        }
        if (frames_to_draw == 0) continue;
        --frames_to_draw;

        ImGui_ImplSDLRenderer_NewFrame();
        ImGui_ImplSDL2_NewFrame();
        ImGui::NewFrame();
        const ImGuiViewport* viewport = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(viewport->Pos);
        ImGui::SetNextWindowSize(viewport->Size);
        ImGui::Begin("welcome", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings);
        ImGui::TextUnformatted(lang == "en" ? context.config().office.name_en.c_str()
                                            : context.config().office.name.c_str());
        if (thank_you_until != 0) {
            ImGui::TextUnformatted(lang == "en" ? "Thank you" : "ขอบคุณ");
        } else {
            ImGui::TextUnformatted(survey.main_question.text.in(lang).c_str());
            const float width = (viewport->Size.x - 6 * ImGui::GetStyle().ItemSpacing.x) / 5;
            for (const auto& level : survey.levels) {
                ImGui::PushID(level.value);
                if (ImGui::Button(level.label.in(lang).c_str(), ImVec2(width, viewport->Size.y / 3))) {
                    auto entry = core::make_rating_entry(level.value, context.config().device.id,
                                                         survey.version, lang);
                    entry.state = core::SessionState::Closed;
                    try {
                        store.add_entry(entry);  // durable before the next screen is drawn
                        thank_you_until = core::now_utc_ms() + context.config().session.thank_you_s * 1000;
                    } catch (const std::exception& e) {
                        log_error(std::string("could not store the answer: ") + e.what());
                    }
                }
                ImGui::PopID();
                ImGui::SameLine();
            }
        }
        ImGui::End();
        ImGui::Render();
        SDL_SetRenderDrawColor(renderer, 245, 245, 240, 255);
        SDL_RenderClear(renderer);
        ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
        SDL_RenderPresent(renderer);
    }

    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_DestroyRenderer(renderer);
    SDL_DestroyWindow(window);
    return 0;
}

}  // namespace feedback::app
