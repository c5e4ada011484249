// The main loop, in the straight-line style of Dear ImGui's examples.
//
// Why it looks like this:
// - Quiet when idle: the loop blocks in SDL_WaitEventTimeout until input arrives or the
//   session's next deadline (idle warning, its countdown seconds, the thank-you return; on
//   Welcome the office opening or closing and the closed screen dimming). On Welcome with
//   nothing pending it waits forever: no frames, no CPU.
// - ImGui is used only to draw (draw lists, font atlas); touch handling is ours (ui::Canvas),
//   so the ImGui SDL platform backend is not needed and there is no hover state.
// - The same loop serves the scripted UI driver (--script): the driver injects taps and
//   advances the idle clock through DriverHost, and every frame is the real screen.
// - Run by systemd (Type=notify, WatchdogSec=; core/service_notify.h): READY=1 once the first
//   frame is on screen, WATCHDOG=1 from this loop itself — never from another thread, so a hung
//   loop stops the pings and systemd restarts the kiosk — and STOPPING=1 on a clean exit. The
//   wait wakes for a due ping without drawing: an idle Welcome costs one wake-up per half
//   watchdog timeout (15 s with WatchdogSec=30) and no frame.
#include "app/kiosk_window.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <thread>

#include "app/log.h"
#include "app/admin_backend.h"
#include "app/store_sink.h"
#include "core/clock.h"
#include "core/reference.h"
#include "core/service_notify.h"
#include "text/font_check.h"
#include "text/unicode.h"
#include "ui/driver.h"
#include "ui/fonts.h"
#include "ui/kiosk_ui.h"

namespace feedback::app {
namespace {

core::SessionSettings session_settings(const Config& config) {
    core::SessionSettings s;
    s.device_id = config.device.id;
    s.default_language = config.display.language;
    s.default_large_text = config.display.large_text;
    s.default_high_contrast = config.display.high_contrast;
    s.idle_timeout_ms = config.session.idle_timeout_s * 1000LL;
    s.idle_warning_ms = config.session.idle_warning_s * 1000LL;
    s.thank_you_ms = config.session.thank_you_s * 1000LL;
    s.misuse_interval_ms = config.session.misuse_interval_s * 1000LL;
    s.service_points = config.survey.service_points;
    s.office_hours = office_hours(config);
    s.dim_when_closed_ms = config.display.dim_when_closed_s * 1000LL;
    return s;
}

std::string device_code(const Config& config) {
    return config.device.code.empty() ? core::default_device_code(config.device.id) : config.device.code;
}

class KioskWindow : public ui::DriverHost {
public:
    KioskWindow(const Context& context, store::Store& store, const RunOptions& options)
        : context_(context), options_(options), store_(store), admin_(context, store),
          sink_(store, device_code(context.config())),
          session_(context.survey, session_settings(context.config()), sink_),
          ui_(ui_office(), admin_) {}

    ~KioskWindow() override {
        if (backend_ready_) ImGui_ImplSDLRenderer_Shutdown();
        if (imgui_ready_) ImGui::DestroyContext();
        if (renderer_) SDL_DestroyRenderer(renderer_);
        if (window_) SDL_DestroyWindow(window_);
        if (sdl_ready_) SDL_Quit();
    }

    // Returns an empty string on success, else what failed.
    std::string open() {
        if (options_.headless) setenv("SDL_VIDEODRIVER", "offscreen", 1);
        // Present through the software renderer, not OpenGL (see kiosk_window.h).
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
        if (SDL_Init(SDL_INIT_VIDEO) != 0) return std::string("cannot start SDL video: ") + SDL_GetError();
        sdl_ready_ = true;
        const bool fullscreen = !options_.windowed && !options_.headless && options_.width == 0;
        int w = options_.width, h = options_.height;
        if (w == 0) {
            w = options_.headless ? 1920 : 1366;
            h = options_.headless ? 1080 : 768;
        }
        window_ = SDL_CreateWindow("feedback-kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                   fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE);
        if (!window_) return std::string("cannot open the kiosk window: ") + SDL_GetError();
        renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
        if (!renderer_) return std::string("cannot create a renderer: ") + SDL_GetError();
        if (fullscreen) SDL_ShowCursor(SDL_DISABLE);  // a touchscreen kiosk shows no pointer

        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        imgui_ready_ = true;
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // a kiosk keeps no per-user layout state
        io.LogFilename = nullptr;
        update_metrics();
        const auto& configured = context_.config().display.font;
        const auto font = configured.empty() ? text::default_thai_font() : configured;
        try {
            fonts_ = ui::load_fonts(font, metrics_, ui::texts_for_atlas(context_.survey, ui_office()));
        } catch (const std::exception& e) {
            return e.what();
        }
        backend_ready_ = ImGui_ImplSDLRenderer_Init(renderer_);
        if (!backend_ready_) return "cannot start ImGui's SDL_Renderer backend";
        return {};
    }

    int run_interactive() {
        bool quit = false;
        while (!quit) {
            apply_retention_when_due();
            session_.tick(now());
            check_long_press();
            draw_frame();
            notify_alive();
            if (admin_.exit_requested()) break;
            const auto timeout = wait_ms();
            SDL_Event event;
            if (wait_event(event, timeout)) {
                do quit |= handle(event);
                while (SDL_PollEvent(&event));
            }
        }
        notifier_.stopping();
        return kExitOk;
    }

    // Under a supervisor (NOTIFY_SOCKET) a script behaves like the interactive loop: READY=1
    // after the first frame, WATCHDOG=1 while `wait` steps let time pass (tests prove with it
    // that nothing blocks the loop).
    int run_script(const std::vector<ui::Step>& steps) {
        apply_retention_when_due();
        session_.tick(now());
        draw_frame();
        notify_alive();
        const int result = ui::run_script(steps, *this);
        notifier_.stopping();
        return result;
    }

    // --- ui::DriverHost ---
    void tap_at(ImVec2 point) override {
        session_.touched(now());
        pointer_down_ = point;
        draw_frame();
        pointer_down_.reset();
        pending_tap_ = ui::Tap{point, point};
        draw_frame();
    }

    void press_at(ImVec2 point, std::int64_t ms) override {
        session_.touched(now());
        pointer_down_ = point;
        pointer_down_at_ms_ = now().mono_ms;
        long_press_fired_ = false;
        draw_frame();
        advance_both_clocks(ms);  // held for `ms` on the kiosk's clock
        check_long_press();
        session_.tick(now());
        draw_frame();
        if (!long_press_fired_) pending_tap_ = ui::Tap{point, point};
        pointer_down_.reset();
        draw_frame();
    }

    bool type_text(const std::string& text, std::string& why) override {
        const core::Field field = session_.active_field();
        if (field == core::Field::None) {
            why = "type needs a screen with a text field (showing " + screen_name() + ")";
            return false;
        }
        if (const auto bad = text::find_invalid_utf8(text); bad != std::string::npos) {
            why = "the text is not valid UTF-8 (byte " + std::to_string(bad) + ")";
            return false;
        }
        std::string draft = session_.field_text(field);
        std::size_t typed = 0;
        bool ok = true;
        for (char32_t c : text::decode_utf8(text)) {
            if (!ui_.keyboard().press_char(c, draft, session_.field_limit(field), why)) {
                why = "character " + std::to_string(typed + 1) + ": " + why;
                ok = false;
                break;
            }
            ++typed;
        }
        session_.set_field_text(field, draft, now());
        draw_frame();
        return ok;
    }

    void wait_real(int ms) override {
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (std::chrono::steady_clock::now() < until) {
            SDL_Event event;
            while (SDL_PollEvent(&event)) handle(event);
            session_.tick(now());
            draw_frame();
            notify_alive();
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(ms, 20)));
        }
    }

    void advance_idle_clock(std::int64_t ms) override {
        advance_both_clocks(ms);
        session_.tick(now());
        draw_frame();
    }

    // Moves the wall clock only, as NTP or IT setting the time does: timers keep their
    // monotonic deadlines (core/clock.h).
    void set_clock(std::int64_t utc_ms) override {
        wall_offset_ms_ = utc_ms - core::now_utc_ms();
        session_.tick(now());
        draw_frame();
    }

    std::string screen_name() override {
        return session_.idle_warning() ? "idle-warning" : std::string(core::to_string(session_.screen()));
    }

    const std::vector<ui::WidgetInfo>& widgets() override { return widgets_; }

    bool screenshot(const std::filesystem::path& file, std::string& why) override {
        capture_to_ = file;
        draw_frame();
        if (!capture_error_.empty()) {
            why = capture_error_;
            capture_error_.clear();
            return false;
        }
        return true;
    }

private:
    // The kiosk's clocks: the real ones plus what the script driver added (`idle`, `press`
    // advance both; `clock` moves the wall clock only).
    core::Instant now() const { return {core::now_utc_ms() + wall_offset_ms_, core::boot_ms() + mono_offset_ms_}; }
    void advance_both_clocks(std::int64_t ms) {
        wall_offset_ms_ += ms;
        mono_offset_ms_ += ms;
    }

    ui::OfficeInfo ui_office() const {
        const Config& c = context_.config();
        auto with_days = [&](std::string text) {
            const std::string days = std::to_string(c.retention.contact_days);
            for (auto at = text.find("{days}"); at != std::string::npos; at = text.find("{days}", at + days.size()))
                text.replace(at, 6, days);
            return text;
        };
        const auto hours = office_hours(c);
        return {c.office.name, c.office.name_en, with_days(c.complaint.pdpa_notice_th),
                with_days(c.complaint.pdpa_notice_en), c.complaint.policy_url, c.complaint.tracking_url,
                hours.describe("th"), hours.describe("en")};
    }

    void update_metrics() {
        int w = 0, h = 0;
        SDL_GetRendererOutputSize(renderer_, &w, &h);
        float hdpi = 0;
        const int display = SDL_GetWindowDisplayIndex(window_);
        if (options_.headless || SDL_GetDisplayDPI(display, nullptr, &hdpi, nullptr) != 0) hdpi = 0;
        metrics_ = ui::Metrics::from(hdpi, static_cast<float>(context_.config().display.scale), static_cast<float>(w),
                                     static_cast<float>(h));
    }

    // The hidden staff gesture: hold the top-left corner of Welcome for three seconds.
    static constexpr std::int64_t kLongPressMs = 3000;
    ui::Rect admin_corner() const { return {{0, 0}, {metrics_.mm(15), metrics_.mm(15)}}; }

    void check_long_press() {
        if (!pointer_down_ || long_press_fired_ || session_.screen() != core::Screen::Welcome) return;
        if (!admin_corner().contains(*pointer_down_) || now().mono_ms - pointer_down_at_ms_ < kLongPressMs) return;
        long_press_fired_ = true;
        store_.audit("staff", "admin-gesture");
        session_.open_admin(now());
    }

    // PDPA retention (retention.contact_days): at start and then once a day.
    void apply_retention_when_due() {
        const auto t = now();
        if (t.mono_ms < next_retention_ms_) return;
        try {
            const auto erased = store_.erase_expired_contacts(t.wall_ms, context_.config().retention.contact_days);
            if (erased > 0) log_note("erased the contact details of " + std::to_string(erased) + " acknowledged complaint(s)");
        } catch (const std::exception& e) {
            log_error(std::string("could not apply the contact retention rule: ") + e.what());
        }
        next_retention_ms_ = t.mono_ms + 24LL * 3600 * 1000;
    }

    // Milliseconds until something is due (the session's next deadline, the countdown's next
    // second, the daily retention run).
    int wait_ms() const {
        const auto t = now().mono_ms;  // every deadline here is monotonic
        std::int64_t deadline = next_retention_ms_;
        // A USB export on its worker: redraw its progress a few times a second.
        if (admin_.export_running()) deadline = std::min(deadline, t + 250);
        if (pointer_down_ && !long_press_fired_ && admin_corner().contains(*pointer_down_))
            deadline = std::min(deadline, pointer_down_at_ms_ + kLongPressMs);
        if (const auto session_deadline = session_.next_deadline()) {
            deadline = std::min(deadline, *session_deadline);
            if (session_.idle_warning()) {
                // The countdown shows whole seconds: wake at the next second boundary.
                const std::int64_t next_second = t + 1000 - ((t - *session_deadline) % 1000 + 1000) % 1000;
                deadline = std::min(deadline, next_second);
            }
        }
        return static_cast<int>(std::clamp<std::int64_t>(deadline - t, 0, 24 * 3600 * 1000));
    }

    // READY=1 after the first frame was presented, then WATCHDOG=1 whenever one is due.
    void notify_alive() {
        if (!ready_sent_) {
            ready_sent_ = true;
            if (!notifier_.problem().empty())
                log_warning(notifier_.problem() + "; systemd is not told that the kiosk runs");
            notifier_.ready("showing the kiosk screens");
        }
        notifier_.ping_if_due();
    }

    // SDL_WaitEventTimeout(timeout_ms) (0: a poll), cut into slices that end when a watchdog
    // ping is due; the ping is sent here, inside this loop's wait, and no frame is drawn for it.
    bool wait_event(SDL_Event& event, int timeout_ms) {
        if (timeout_ms == 0) return SDL_PollEvent(&event) != 0;
        const std::int64_t until = core::monotonic_ms() + timeout_ms;
        for (;;) {
            notifier_.ping_if_due();
            const std::int64_t t = core::monotonic_ms();
            std::int64_t slice = until - t;
            if (slice <= 0) return false;
            if (const auto ping = notifier_.ms_until_ping(t)) slice = std::clamp<std::int64_t>(*ping, 1, slice);
            if (SDL_WaitEventTimeout(&event, static_cast<int>(slice))) return true;
        }
    }

    // True when the program should quit.
    bool handle(const SDL_Event& event) {
        switch (event.type) {
            case SDL_QUIT: return true;
            case SDL_MOUSEBUTTONDOWN:
                if (event.button.button == SDL_BUTTON_LEFT) {
                    pointer_down_ = ImVec2(static_cast<float>(event.button.x), static_cast<float>(event.button.y));
                    pointer_down_at_ms_ = now().mono_ms;
                    long_press_fired_ = false;
                    session_.touched(now());
                }
                break;
            case SDL_MOUSEBUTTONUP:
                if (event.button.button == SDL_BUTTON_LEFT && pointer_down_) {
                    // A long press that opened the PIN pad is not also a tap.
                    if (!long_press_fired_)
                        pending_tap_ = ui::Tap{*pointer_down_, {static_cast<float>(event.button.x), static_cast<float>(event.button.y)}};
                    pointer_down_.reset();
                }
                break;
            case SDL_WINDOWEVENT:
                if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) update_metrics();
                break;
            case SDL_KEYDOWN:
                // Only a window on a desktop can be closed from a keyboard; the kiosk session cannot.
                if (options_.windowed && event.key.keysym.sym == SDLK_ESCAPE) return true;
                break;
            default: break;
        }
        return false;
    }

    // Draws the current screen; if a tap changed something, draws again so the new state shows.
    void draw_frame() {
        const auto cpu_before = process_cpu_us();
        for (int pass = 0; pass < 3; ++pass) {
            const bool acted = draw_once();
            if (!acted) break;
        }
        // FEEDBACK_UI_TIMING=1 prints figures for the UI benchmark (tests/bench/bench_ui.cpp).
        if (timing_) {
            if (!first_frame_reported_) {
                std::fprintf(stderr, "ui-timing first-frame-unix-ms=%lld\n", static_cast<long long>(core::now_utc_ms()));
                first_frame_reported_ = true;
            }
            std::fprintf(stderr, "ui-timing frame-cpu-us=%lld\n", static_cast<long long>(process_cpu_us() - cpu_before));
        }
    }

    static std::int64_t process_cpu_us() {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
    }

    bool draw_once() {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(metrics_.width, metrics_.height);
        io.DeltaTime = 1.0f / 60.0f;
        ImGui_ImplSDLRenderer_NewFrame();
        ImGui::NewFrame();
        ui::Canvas canvas(*ImGui::GetBackgroundDrawList(), metrics_, fonts_, session_.high_contrast(),
                          session_.large_text(), std::exchange(pending_tap_, std::nullopt), pointer_down_);
        canvas.set_redact_personal(capture_to_.has_value());
        ui_.frame(canvas, session_, now());
        widgets_ = canvas.widgets();
        ImGui::Render();
        const ImU32 bg = ui::palette(session_.high_contrast()).background;
        SDL_SetRenderDrawColor(renderer_, (bg >> IM_COL32_R_SHIFT) & 0xFF, (bg >> IM_COL32_G_SHIFT) & 0xFF,
                               (bg >> IM_COL32_B_SHIFT) & 0xFF, 255);
        SDL_RenderClear(renderer_);
        ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
        if (!first_frame_done_) {
            // The atlas now lives in the renderer's texture; its CPU copy is dead weight.
            io.Fonts->ClearTexData();
            first_frame_done_ = true;
        }
        if (capture_to_) {
            capture(*capture_to_);
            capture_to_.reset();
        }
        SDL_RenderPresent(renderer_);
        return canvas.acted();
    }

    void capture(const std::filesystem::path& file) {
        int w = 0, h = 0;
        SDL_GetRendererOutputSize(renderer_, &w, &h);
        std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
        if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), w * 4) != 0) {
            capture_error_ = std::string("cannot read the frame: ") + SDL_GetError();
            return;
        }
        for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque PNG
        if (file.has_parent_path()) {
            std::error_code ec;
            std::filesystem::create_directories(file.parent_path(), ec);
        }
        if (!stbi_write_png(file.c_str(), w, h, 4, pixels.data(), w * 4))
            capture_error_ = "cannot write " + file.string();
    }

    const Context& context_;
    RunOptions options_;
    store::Store& store_;
    AdminBackend admin_;
    StoreSink sink_;
    core::Session session_;
    ui::KioskUi ui_;
    ui::FontSet fonts_;
    ui::Metrics metrics_;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    bool sdl_ready_ = false, imgui_ready_ = false, backend_ready_ = false, first_frame_done_ = false;
    const bool timing_ = std::getenv("FEEDBACK_UI_TIMING") != nullptr;
    bool first_frame_reported_ = false;
    std::int64_t wall_offset_ms_ = 0;
    std::int64_t mono_offset_ms_ = 0;
    std::int64_t next_retention_ms_ = 0;  // monotonic; 0: due at start
    std::optional<ImVec2> pointer_down_;
    std::int64_t pointer_down_at_ms_ = 0;  // monotonic
    bool long_press_fired_ = false;
    std::optional<ui::Tap> pending_tap_;
    std::vector<ui::WidgetInfo> widgets_;
    std::optional<std::filesystem::path> capture_to_;
    std::string capture_error_;
    // Read (and removed from the environment) before SDL starts any thread; see notify_alive().
    core::ServiceNotifier notifier_ =
        core::ServiceNotifier::from_environment({.launcher_may_own_watchdog = true});
    bool ready_sent_ = false;
};

}  // namespace

int run_window(const Context& context, store::Store& store, const RunOptions& options) {
    std::vector<ui::Step> steps;
    if (!options.script.empty()) {
        try {
            steps = ui::parse_script(options.script);
        } catch (const std::exception& e) {
            log_error(e.what());
            return kExitUsageError;
        }
    }
    KioskWindow window(context, store, options);
    if (auto problem = window.open(); !problem.empty()) {
        log_error(problem);
        return kExitRuntimeError;
    }
    return options.script.empty() ? window.run_interactive() : window.run_script(steps);
}

}  // namespace feedback::app
