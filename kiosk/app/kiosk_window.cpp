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
// - Cheap frames (issue 22): SDL's software renderer rasterises every triangle per pixel, which
//   was nearly all of a frame's CPU. So a frame is rasterised only where it differs from the
//   one on screen (ui::DamageTracker: exact, per 32-px tile) and not at all when nothing
//   changed; a frame whose tap changed the screen is rebuilt before anything is rasterised
//   (the visitor never saw the half-updated one anyway); text is shaped and wrapped once per
//   string (ui::TextCache). FEEDBACK_UI_TIMING=1 prints where each frame's CPU goes;
//   FEEDBACK_UI_CHECK_DAMAGE=1 redraws every frame in full as well and reports any pixel that
//   differs (tests/ui).
#include "app/kiosk_window.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <chrono>
#include <memory>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <thread>

#include "app/log.h"
#include "app/admin_backend.h"
#include "app/key_input.h"
#include "app/office_logo.h"
#include "app/presentation.h"
#include "app/presentation_record.h"
#include "app/store_sink.h"
#include "app/audio_command.h"
#include "core/clock.h"
#include "core/reference.h"
#include "core/service_notify.h"
#include "text/font_check.h"
#include "text/line_break.h"
#include "text/unicode.h"
#include "ui/damage.h"
#include "ui/driver.h"
#include "ui/fonts.h"
#include "ui/kiosk_ui.h"
#include "speech/controller.h"
#include "speech/espeak_synth.h"
#include "speech/sdl_player.h"

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
    s.followup_timeout_ms = config.session.followup_timeout_s * 1000LL;
    s.thank_you_ms = config.session.thank_you_s * 1000LL;
    s.misuse_interval_ms = config.session.misuse_interval_s * 1000LL;
    s.service_points = config.survey.service_points;
    s.office_hours = office_hours(config);
    s.dim_when_closed_ms = config.display.dim_when_closed_s * 1000LL;
    return s;
}

// Short labels of the survey a line must never break inside (text::keep_words_whole).
std::vector<std::string> survey_terms(const core::Survey& survey) {
    std::vector<std::string> terms;
    for (const auto& l : survey.levels) terms.push_back(l.label.th);
    for (const auto& r : survey.reasons) terms.push_back(r.label.th);
    for (const auto& p : survey.service_points) terms.push_back(p.name.th);
    for (const auto& k : survey.complaint_categories) terms.push_back(k.label.th);
    for (const auto& k : survey.complaint_chips) terms.push_back(k.label.th);
    return terms;
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
        // The audio worker stops before SDL does.
        speech_.reset();
        player_.reset();
        logo_texture_.reset();  // before the renderer that owns it goes
        if (backend_ready_) ImGui_ImplSDLRenderer_Shutdown();
        if (imgui_ready_) ImGui::DestroyContext();
        close_presentation(presentation_);
        if (sdl_ready_) SDL_Quit();
    }

    // Returns an empty string on success, else what failed.
    std::string open() {
        // Headless runs (tests, screenshots) draw offscreen; otherwise the presentation paths in
        // their measured order (app/presentation_paths.h), narrowed by SDL_VIDEODRIVER if set.
        const char* driver_env = std::getenv("SDL_VIDEODRIVER");
        const auto order = options_.headless
                               ? std::vector<PresentationPath>{offscreen_presentation_path()}
                               : presentation_order(context_.config().display.presentation, driver_env ? driver_env : "");
        SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
        const bool fullscreen = !options_.windowed && !options_.headless && options_.width == 0;
        int w = options_.width, h = options_.height;
        if (w == 0) {
            w = options_.headless ? 1920 : 1366;
            h = options_.headless ? 1080 : 768;
        }
        if (SDL_Init(0) != 0) return std::string("cannot start SDL: ") + SDL_GetError();
        sdl_ready_ = true;
        PresentationRecord record;
        record.since_utc = core::format_iso_utc(core::now_utc_ms());
        if (auto problem = open_presentation(order, {w, h, fullscreen}, presentation_); !problem.empty()) {
            record.failure = problem;
            remember_presentation(record);
            return problem;
        }
        window_ = presentation_.window;
        renderer_ = presentation_.renderer;
        record.path = presentation_.path;
        record.description = presentation_.description;
        record.renderer = presentation_.renderer_name;
        record.passed_over = presentation_.passed_over;
        if (!options_.headless) log_note("display: " + describe(presentation_));
        remember_presentation(record);
        if (fullscreen) SDL_ShowCursor(SDL_DISABLE);  // a touchscreen kiosk shows no pointer

        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        imgui_ready_ = true;
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // a kiosk keeps no per-user layout state
        io.LogFilename = nullptr;
        update_metrics();
        // The office's name and the survey's terms stay whole when lines wrap (issue 16).
        if (auto problem = text::keep_words_whole({context_.config().office.name}, survey_terms(context_.survey));
            !problem.empty())
            log_warning(problem + "; lines may break inside the office's name");
        const auto& configured = context_.config().display.font;
        const auto font = configured.empty() ? text::default_thai_font() : configured;
        try {
            fonts_ = ui::load_fonts(font, metrics_, ui::texts_for_atlas(context_.survey, ui_office()), text_sizes());
        } catch (const std::exception& e) {
            return e.what();
        }
        backend_ready_ = ImGui_ImplSDLRenderer_Init(renderer_);
        if (!backend_ready_) return "cannot start ImGui's SDL_Renderer backend";
        load_logo();
        start_speech();
        return {};
    }

    // Spoken prompts (issue 21, kiosk/speech): nothing at all when accessibility.speech is off.
    // The worker thread only waits until there is something to say; the audio device is opened
    // by it per utterance.
    void start_speech() {
        const auto mode = speech::parse_mode(context_.config().accessibility.speech).value_or(speech::Mode::Off);
        if (mode == speech::Mode::Off) return;
        catalogue_.emplace(prompt_catalogue(context_));
        player_ = std::make_unique<speech::SdlPlayer>(speech::clip_dirs_for(context_.database_path), &synth_);
        speech_ = std::make_unique<speech::SpeechController>(mode, *catalogue_, *player_,
                                                              [this] { return session_.language(); });
        // The keypad's focus ring (kiosk/ui/focus.*) reports through these hooks. A key turns
        // speech on at once ("on request": the title is said); where the ring went is only
        // noted, and said after the frame by observe_for_speech(), so that a key which opens a
        // screen is answered by its title followed by the focused widget.
        auto& hooks = ui_.accessibility_hooks();
        hooks.on_key_input = [this] { speech_->key_input(); };
        hooks.on_repeat = [this] { speech_->repeat(); };
        hooks.on_focus = [this](std::string_view id, std::string_view label) {
            focus_to_say_ = std::pair{std::string(id), std::string(label)};
        };
        speech_->hold();  // released after each frame (observe_for_speech)
    }

    // After every frame: what the visitor now sees, said when speech is on. A new screen is a
    // new title; back on Welcome from anywhere is the next visitor; Welcome → follow-up is a
    // stored rating, confirmed before the follow-up's title.
    void observe_for_speech() {
        if (!speech_) return;
        const auto screen = session_.screen();
        // A visitor who switches language hears the screen again in it.
        const bool language_changed = spoken_once_ && session_.language() != spoken_language_;
        spoken_language_ = session_.language();
        // A key that turned speech on in this frame has just had the title said.
        bool title_this_frame = speech_->speaking_enabled() && !speaking_after_last_frame_;
        if (!spoken_once_ || screen != spoken_screen_ || language_changed) {
            title_this_frame = true;
            if (spoken_once_ && screen == core::Screen::Welcome) speech_->visitor_reset();
            if (spoken_once_ && spoken_screen_ == core::Screen::Welcome && screen == core::Screen::FollowUp)
                speech_->confirmed();
            speech_->screen_shown(screen);
            spoken_screen_ = screen;
            spoken_once_ = true;
        }
        const bool warning = session_.idle_warning();
        if (warning && !spoken_warning_) speech_->idle_warning_shown();
        spoken_warning_ = warning;
        speech_->flush();
        if (auto focus = std::exchange(focus_to_say_, std::nullopt)) {
            if (title_this_frame)
                speech_->focused_after_current(focus->first, focus->second);
            else
                speech_->focused(focus->first, focus->second);
        }
        speaking_after_last_frame_ = speech_->speaking_enabled();
        speech_->release();
        speech_->hold();
    }

    int run_interactive() {
        bool quit = false;
        fit_to_display(true);  // nothing may have honoured the full-screen request (bare X)
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
        // A script's last prompt is heard to its end (bounded), not cut off by the exit.
        if (player_ && !player_->wait_idle(10'000)) log_warning("speech: the last prompt was still playing at exit");
        notifier_.stopping();
        return result;
    }

    // --- ui::DriverHost ---
    void tap_at(ImVec2 point) override {
        session_.touched(now());
        pointer_down_ = point;
        input_at_us_ = monotonic_us();
        draw_frame();
        pointer_down_.reset();
        pending_tap_ = ui::Tap{point, point};
        input_at_us_ = monotonic_us();
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
        input_at_us_ = monotonic_us();
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

    // `key NAME`: the SDL event a keypad sends, through handle() like a real one.
    bool press_key(const std::string& name, std::string& why) override {
        const auto keysym = keysym_for(name);
        if (!keysym) {
            why = "no SDL key for '" + name + "'";
            return false;
        }
        SDL_Event event{};
        event.type = SDL_KEYDOWN;
        event.key.type = SDL_KEYDOWN;
        event.key.state = SDL_PRESSED;
        event.key.timestamp = SDL_GetTicks();
        event.key.keysym = *keysym;
        handle(event);
        session_.tick(now());
        draw_frame();
        return true;
    }

    std::string focused_widget() override { return ui_.focus().focused(); }

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
    const std::vector<ui::TextInfo>& texts() override { return texts_; }
    ImVec2 window_size() override { return {metrics_.width, metrics_.height}; }

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

    // For status, doctor and the staff screen; a failure to write it must not stop the kiosk.
    void remember_presentation(const PresentationRecord& record) {
        try {
            save_presentation_record(store_, record);
        } catch (const std::exception& e) {
            log_warning(std::string("could not record the display path: ") + e.what());
        }
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
        ui::OfficeInfo info{c.office.name, c.office.name_en, with_days(c.complaint.pdpa_notice_th),
                            with_days(c.complaint.pdpa_notice_en), c.complaint.policy_url, c.complaint.tracking_url,
                            hours.describe("th"), hours.describe("en"), c.office.channels_url};
        // The Listen button, unless speech is off (speech_ exists from open() on).
        if (speech::parse_mode(c.accessibility.speech).value_or(speech::Mode::Off) != speech::Mode::Off) {
            info.on_listen = [this] {
                if (speech_) speech_->listen_button();
            };
            info.listening = [this] { return speech_ && speech_->speaking_enabled(); };
        }
        return info;
    }

    // office.logo: decoration, so any problem is logged and the screens go on without it.
    void load_logo() {
        const auto& file = context_.config().office.logo;
        if (file.empty()) return;
        std::string why;
        const auto logo = load_office_logo(file, why);
        if (!logo) {
            log_warning(why + "; the thank-you screen is shown without a logo");
            return;
        }
        logo_texture_.reset(SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, logo->width,
                                              logo->height));
        if (!logo_texture_ || SDL_UpdateTexture(logo_texture_.get(), nullptr, logo->rgba.data(), logo->width * 4) != 0) {
            log_warning(std::string("office.logo: cannot make a texture of it: ") + SDL_GetError());
            logo_texture_.reset();
            return;
        }
        SDL_SetTextureBlendMode(logo_texture_.get(), SDL_BLENDMODE_BLEND);
        ui_.set_logo(static_cast<ImTextureID>(logo_texture_.get()), logo->width, logo->height);
    }

    void update_metrics() {
        int w = 0, h = 0;
        SDL_GetRendererOutputSize(renderer_, &w, &h);
        float hdpi = 0;
        const int display = SDL_GetWindowDisplayIndex(window_);
        if (options_.headless || SDL_GetDisplayDPI(display, nullptr, &hdpi, nullptr) != 0) hdpi = 0;
        // Many monitors report a made-up DPI (EDID sizes of 0 or 16:9 boxes): IT can set it.
        if (context_.config().display.dpi > 0) hdpi = static_cast<float>(context_.config().display.dpi);
        metrics_ = ui::Metrics::from(hdpi, static_cast<float>(context_.config().display.scale), static_cast<float>(w),
                                     static_cast<float>(h));
    }

    // Full screen follows the display (issue 16): when its bounds change (a new resolution, a
    // monitor swapped) and nothing resized the window — a bare X server has no window manager
    // to do it — the window is moved and sized to the display's bounds again. The layout then
    // follows the window's real size (update_metrics, also checked before every frame).
    void fit_to_display(bool force = false) {
        if (options_.headless || options_.windowed || options_.width != 0 || !window_) return;
        SDL_Rect bounds{};
        const int display = std::max(0, SDL_GetWindowDisplayIndex(window_));
        if (SDL_GetDisplayBounds(display, &bounds) != 0 || bounds.w <= 0 || bounds.h <= 0) return;
        int x = 0, y = 0, w = 0, h = 0;
        SDL_GetWindowPosition(window_, &x, &y);
        SDL_GetWindowSize(window_, &w, &h);
        // At start SDL reports a full-screen window at the display's size whether or not
        // anything made it so (force: place it anyway).
        if (!force && x == bounds.x && y == bounds.y && w == bounds.w && h == bounds.h) return;
        // A compositor or window manager that places the window itself (cage's Xwayland) must
        // not be fought: at most three corrections in ten seconds.
        const std::int64_t t = core::monotonic_ms();
        if (t - fit_window_start_ms_ > 10000) {
            fit_window_start_ms_ = t;
            fits_in_window_ = 0;
        }
        if (++fits_in_window_ > 3) return;
        // SDL ignores size and position for a full-screen window: leave full screen, place the
        // window over the display, and ask for full screen again (for a window manager).
        SDL_SetWindowFullscreen(window_, 0);
        SDL_SetWindowPosition(window_, bounds.x, bounds.y);
        SDL_SetWindowSize(window_, bounds.w, bounds.h);
        SDL_SetWindowFullscreen(window_, SDL_WINDOW_FULLSCREEN_DESKTOP);
        update_metrics();
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
        // The keyboard's undo offer and refusal bubble end on their own.
        if (const auto keys = ui_.keyboard().next_deadline()) deadline = std::min(deadline, *keys);
        if (const auto session_deadline = session_.next_deadline()) {
            deadline = std::min(deadline, *session_deadline);
            if (session_.idle_warning() || session_.followup_countdown()) {
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
                    note_input(event.button.timestamp);
                    pointer_down_ = ImVec2(static_cast<float>(event.button.x), static_cast<float>(event.button.y));
                    pointer_down_at_ms_ = now().mono_ms;
                    long_press_fired_ = false;
                    session_.touched(now());
                }
                break;
            case SDL_MOUSEBUTTONUP:
                if (event.button.button == SDL_BUTTON_LEFT && pointer_down_) {
                    note_input(event.button.timestamp);
                    // A long press that opened the PIN pad is not also a tap.
                    if (!long_press_fired_)
                        pending_tap_ = ui::Tap{*pointer_down_, {static_cast<float>(event.button.x), static_cast<float>(event.button.y)}};
                    pointer_down_.reset();
                }
                break;
            case SDL_DISPLAYEVENT:
                fit_to_display();
                damage_.invalidate();
                break;
            case SDL_WINDOWEVENT:
                if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) update_metrics();
                if (event.window.event == SDL_WINDOWEVENT_MOVED || event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                    fit_to_display();
                // Resized, exposed, shown…: the window surface may no longer hold the last frame.
                damage_.invalidate();
                break;
            case SDL_KEYDOWN: {
                // Only a window on a desktop can be closed from a keyboard (Ctrl+Q); the kiosk
                // session cannot. Escape is the visitor's "back" (issue 21).
                if (options_.windowed && event.key.keysym.sym == SDLK_q && (event.key.keysym.mod & KMOD_CTRL)) return true;
                // A held key repeats nothing: one press, one answer.
                if (event.key.repeat) break;
                if (const auto press = key_press(event.key.keysym.sym, event.key.keysym.mod)) {
                    note_input(event.key.timestamp);
                    ui_.key(*press, session_, now());
                }
                break;
            }
            default: break;
        }
        return false;
    }

    // Draws the current screen; if a tap changed something, builds it again so the new state
    // shows. Only the last build of a frame is rasterised: the ones before it showed the screen
    // as it was when the tap arrived, half changed by it, and were replaced at once anyway.
    void draw_frame() {
        const auto cpu_before = process_cpu_us();
        // The layout follows the real output size, whatever event told (or did not tell) of it.
        int out_w = 0, out_h = 0;
        SDL_GetRendererOutputSize(renderer_, &out_w, &out_h);
        if (static_cast<float>(out_w) != metrics_.width || static_cast<float>(out_h) != metrics_.height) {
            update_metrics();
            damage_.invalidate();
        }
        timing_ = {};
        fonts_.text->set_timing(timing_on_);
        for (int pass = 0; pass < 3; ++pass) {
            const bool acted = build_frame();
            if (!acted || pass == 2) {
                present_frame();
                break;
            }
        }
        // FEEDBACK_UI_TIMING=1 prints figures for the UI benchmark (tests/bench/bench_ui.cpp).
        if (timing_on_) {
            if (!first_frame_reported_) {
                std::fprintf(stderr, "ui-timing first-frame-unix-ms=%lld\n", static_cast<long long>(core::now_utc_ms()));
                first_frame_reported_ = true;
            }
            const std::int64_t text_us = fonts_.text->take_miss_cpu_ns() / 1000;
            std::fprintf(stderr,
                         "ui-timing frame-cpu-us=%lld layout-us=%lld text-us=%lld imgui-render-us=%lld damage-us=%lld "
                         "raster-us=%lld present-us=%lld builds=%d redrawn-px=%lld\n",
                         static_cast<long long>(process_cpu_us() - cpu_before),
                         static_cast<long long>(timing_.layout_us - text_us), static_cast<long long>(text_us),
                         static_cast<long long>(timing_.imgui_us), static_cast<long long>(timing_.damage_us),
                         static_cast<long long>(timing_.raster_us), static_cast<long long>(timing_.present_us),
                         timing_.builds, timing_.redrawn_px);
            if (input_at_us_ && timing_.shown)
                std::fprintf(stderr, "ui-timing input-to-frame-us=%lld\n",
                             static_cast<long long>(timing_.shown_at_us - *input_at_us_));
        }
        if (timing_.shown) input_at_us_.reset();
        observe_for_speech();
    }

    static std::int64_t process_cpu_us() {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
    }

    // Per-phase figures use this thread's CPU time: other processes share the cores.
    std::int64_t phase_us() const {
        if (!timing_on_) return 0;
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
    }

    static std::int64_t monotonic_us() {
        timespec ts{};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
    }

    // An input event's time (SDL ticks, ms) as the time it arrived, for input-to-frame latency.
    void note_input(Uint32 timestamp_ms) {
        const Uint32 age_ms = SDL_GetTicks() - timestamp_ms;
        if (!input_at_us_) input_at_us_ = monotonic_us() - static_cast<std::int64_t>(age_ms) * 1000;
    }

    // The text sizes the next frame may draw in: the normal ones, and the large ones while a
    // visitor has large text on (fonts.h says why the atlas does not always hold both).
    ui::TextSizes text_sizes() const {
        return ui::KioskUi::draws_large_text(session_) ? ui::TextSizes::Both : ui::TextSizes::Normal;
    }

    // A visitor turned large text on or off (or went to or from the staff screens): the atlas
    // is rebuilt with those sizes before the frame is laid out, and its texture made again by
    // the backend's NewFrame. The old fonts and their texture go with the old FontSet.
    void match_atlas_to_text_size() {
        const auto wanted = text_sizes();
        if (fonts_.sizes == wanted) return;
        ImGui_ImplSDLRenderer_DestroyFontsTexture();
        fonts_ = ui::build_fonts(fonts_.source, wanted);
        fonts_.text->set_timing(timing_on_);
        atlas_pixels_held_ = true;
        // The damage tracker knows draw commands by texture handle and UVs; a new texture may
        // reuse the old handle with other texels at the same UVs, so the whole screen is drawn.
        damage_.invalidate();
    }

    // Lays the screen out into ImGui's draw lists; true when a tap changed something.
    bool build_frame() {
        const auto t0 = phase_us();
        match_atlas_to_text_size();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(metrics_.width, metrics_.height);
        io.DeltaTime = 1.0f / 60.0f;
        ImGui_ImplSDLRenderer_NewFrame();
        ImGui::NewFrame();
        ui::Canvas canvas(*ImGui::GetBackgroundDrawList(), metrics_, fonts_, session_.high_contrast(),
                          session_.large_text(), std::exchange(pending_tap_, std::nullopt), pointer_down_,
                          session_.language() == "en" ? ui::Script::Latin : ui::Script::Thai);
        canvas.set_redact_personal(capture_to_.has_value());
        ui_.frame(canvas, session_, now());
        widgets_ = canvas.widgets();
        texts_ = canvas.texts();
        const auto t1 = phase_us();
        ImGui::Render();
        timing_.layout_us += t1 - t0;
        timing_.imgui_us += phase_us() - t1;
        ++timing_.builds;
        return canvas.acted();
    }

    // Rasterises the last built frame where it differs from the one on screen, and presents it.
    void present_frame() {
        ImDrawData* draw_data = ImGui::GetDrawData();
        int w = 0, h = 0;
        SDL_GetRendererOutputSize(renderer_, &w, &h);
        const ImU32 bg = ui::palette(session_.high_contrast()).background;
        const auto t0 = phase_us();
        // Drawing only the changed tiles needs a target that still holds the last frame: SDL's
        // software renderer draws into the window surface, which does; an accelerated
        // renderer's back buffer is undefined after a present, so there every frame is whole.
        if (!keeps_last_frame()) damage_.invalidate();
        const auto dirty = damage_.update(*draw_data, bg, w, h);
        const auto t1 = phase_us();
        timing_.damage_us += t1 - t0;
        if (dirty.empty() && !capture_to_ && first_frame_done_) {
            // The screen already shows this frame: nothing to draw or present.
            timing_.shown = true;
            timing_.shown_at_us = monotonic_us();
            return;
        }

        for (const auto& r : dirty) timing_.redrawn_px += r.area();
        draw_regions(*draw_data, dirty, bg);
        SDL_RenderFlush(renderer_);  // SDL queues drawing; this is where the pixels are made
        if (check_damage_) check_against_full_redraw(*draw_data, bg, w, h);
        const auto t2 = phase_us();
        timing_.raster_us += t2 - t1;
        ImGuiIO& io = ImGui::GetIO();
        if (atlas_pixels_held_) {
            // The atlas now lives in the renderer's texture; its CPU copy is dead weight.
            io.Fonts->ClearTexData();
            atlas_pixels_held_ = false;
        }
        first_frame_done_ = true;
        if (capture_to_) {
            capture(*capture_to_);
            capture_to_.reset();
        }
        SDL_RenderPresent(renderer_);
        timing_.present_us += phase_us() - t2;
        timing_.shown = true;
        timing_.shown_at_us = monotonic_us();
    }

    bool keeps_last_frame() {
        if (!keeps_last_frame_) {
            SDL_RendererInfo info{};
            keeps_last_frame_ = SDL_GetRendererInfo(renderer_, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
        }
        return *keeps_last_frame_;
    }

    // Clears each dirty rectangle to the background and draws, clipped to it, every group of
    // triangles that touches it — the same calls ImGui's SDL_Renderer backend makes (one
    // SDL_RenderGeometryRaw per draw command, the command's clip rectangle), restricted to the
    // rectangle. ui/damage.h explains why the result equals a full redraw there.
    void draw_regions(const ImDrawData& data, const std::vector<ui::PixelRect>& dirty, ImU32 bg) {
        SDL_RenderSetViewport(renderer_, nullptr);
        std::vector<ImDrawIdx> indices;
        const auto& groups = damage_.groups();
        for (const auto& r : dirty) {
            const SDL_Rect rect{r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0};
            // A fill without blending is what SDL_RenderClear does, limited to the rectangle.
            SDL_RenderSetClipRect(renderer_, &rect);
            SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
            SDL_SetRenderDrawColor(renderer_, (bg >> IM_COL32_R_SHIFT) & 0xFF, (bg >> IM_COL32_G_SHIFT) & 0xFF,
                                   (bg >> IM_COL32_B_SHIFT) & 0xFF, 255);
            SDL_RenderFillRect(renderer_, &rect);
            for (std::size_t g = 0; g < groups.size();) {
                const int list = groups[g].list, cmd_index = groups[g].cmd;
                const ImDrawList& cmd_list = *data.CmdLists[list];
                const ImDrawCmd& cmd = cmd_list.CmdBuffer[cmd_index];
                indices.clear();
                for (; g < groups.size() && groups[g].list == list && groups[g].cmd == cmd_index; ++g) {
                    if (!groups[g].bounds.intersects(r)) continue;
                    const ImDrawIdx* first = cmd_list.IdxBuffer.Data + cmd.IdxOffset + groups[g].first;
                    indices.insert(indices.end(), first, first + groups[g].count);
                }
                if (indices.empty()) continue;
                const auto clip = ui::clip_pixels(cmd.ClipRect, static_cast<int>(data.DisplaySize.x),
                                                  static_cast<int>(data.DisplaySize.y)).intersect(r);
                if (clip.empty()) continue;
                const SDL_Rect clip_rect{clip.x0, clip.y0, clip.x1 - clip.x0, clip.y1 - clip.y0};
                SDL_RenderSetClipRect(renderer_, &clip_rect);
                const ImDrawVert* vtx = cmd_list.VtxBuffer.Data + cmd.VtxOffset;
                SDL_RenderGeometryRaw(renderer_, static_cast<SDL_Texture*>(cmd.GetTexID()),
                                      reinterpret_cast<const float*>(reinterpret_cast<const char*>(vtx) + IM_OFFSETOF(ImDrawVert, pos)),
                                      static_cast<int>(sizeof(ImDrawVert)),
                                      reinterpret_cast<const SDL_Color*>(reinterpret_cast<const char*>(vtx) + IM_OFFSETOF(ImDrawVert, col)),
                                      static_cast<int>(sizeof(ImDrawVert)),
                                      reinterpret_cast<const float*>(reinterpret_cast<const char*>(vtx) + IM_OFFSETOF(ImDrawVert, uv)),
                                      static_cast<int>(sizeof(ImDrawVert)), cmd_list.VtxBuffer.Size - static_cast<int>(cmd.VtxOffset),
                                      indices.data(), static_cast<int>(indices.size()), static_cast<int>(sizeof(ImDrawIdx)));
            }
        }
        SDL_RenderSetClipRect(renderer_, nullptr);
    }

    // FEEDBACK_UI_CHECK_DAMAGE=1: reads the frame drawn from the damage, redraws it the way the
    // kiosk always did (clear, ImGui's backend over the whole draw data) and reports how many
    // pixels differ. Costs a full redraw per frame; for tests.
    void check_against_full_redraw(ImDrawData& data, ImU32 bg, int w, int h) {
        const auto size = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
        std::vector<Uint32> partial(size), full(size);
        SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ARGB8888, partial.data(), w * 4);
        SDL_SetRenderDrawColor(renderer_, (bg >> IM_COL32_R_SHIFT) & 0xFF, (bg >> IM_COL32_G_SHIFT) & 0xFF,
                               (bg >> IM_COL32_B_SHIFT) & 0xFF, 255);
        SDL_RenderClear(renderer_);
        ImGui_ImplSDLRenderer_RenderDrawData(&data);
        SDL_RenderFlush(renderer_);
        SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ARGB8888, full.data(), w * 4);
        std::size_t differ = 0;
        for (std::size_t i = 0; i < size; ++i) differ += (partial[i] & 0xFFFFFF) != (full[i] & 0xFFFFFF);
        std::fprintf(stderr, "ui-damage-check pixels=%zu differing=%zu\n", size, differ);
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
    // Spoken prompts; all null when accessibility.speech is off.
    speech::EspeakSynthesizer synth_;
    std::optional<speech::PromptCatalogue> catalogue_;
    std::unique_ptr<speech::SdlPlayer> player_;
    std::unique_ptr<speech::SpeechController> speech_;
    core::Screen spoken_screen_ = core::Screen::Welcome;
    std::string spoken_language_;
    bool spoken_once_ = false, spoken_warning_ = false;
    bool speaking_after_last_frame_ = false;
    // Where the keypad's focus ring went during this frame (widget id, label), said after it.
    std::optional<std::pair<std::string, std::string>> focus_to_say_;
    ui::FontSet fonts_;
    ui::Metrics metrics_;
    Presentation presentation_;  // owns window_ and renderer_
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    std::unique_ptr<SDL_Texture, void (*)(SDL_Texture*)> logo_texture_{nullptr, SDL_DestroyTexture};
    bool sdl_ready_ = false, imgui_ready_ = false, backend_ready_ = false, first_frame_done_ = false;
    // Font atlas pixels built and not yet cleared (ClearTexData once the texture holds them).
    bool atlas_pixels_held_ = true;
    const bool timing_on_ = std::getenv("FEEDBACK_UI_TIMING") != nullptr;
    const bool check_damage_ = std::getenv("FEEDBACK_UI_CHECK_DAMAGE") != nullptr;
    bool first_frame_reported_ = false;
    ui::DamageTracker damage_;
    std::optional<bool> keeps_last_frame_;  // the renderer is SDL's software one (present_frame)
    // This frame's figures for FEEDBACK_UI_TIMING (thread CPU µs).
    struct FrameTiming {
        std::int64_t layout_us = 0, imgui_us = 0, damage_us = 0, raster_us = 0, present_us = 0;
        int builds = 0;
        long long redrawn_px = 0;
        bool shown = false;            // on screen now (presented, or already there)
        std::int64_t shown_at_us = 0;  // monotonic
    } timing_;
    // When the oldest input not yet shown on screen arrived (monotonic µs).
    std::optional<std::int64_t> input_at_us_;
    std::int64_t wall_offset_ms_ = 0;
    std::int64_t mono_offset_ms_ = 0;
    std::int64_t next_retention_ms_ = 0;  // monotonic; 0: due at start
    std::optional<ImVec2> pointer_down_;
    std::int64_t pointer_down_at_ms_ = 0;  // monotonic
    bool long_press_fired_ = false;
    std::optional<ui::Tap> pending_tap_;
    std::vector<ui::WidgetInfo> widgets_;
    std::vector<ui::TextInfo> texts_;
    std::int64_t fit_window_start_ms_ = 0;  // fit_to_display's rate limit
    int fits_in_window_ = 0;
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

namespace feedback::app {

int check_display(const Context& context) {
    const char* driver_env = std::getenv("SDL_VIDEODRIVER");
    const auto order = presentation_order(context.config().display.presentation, driver_env ? driver_env : "");
    if (SDL_Init(0) != 0) {
        log_error(std::string("cannot start SDL: ") + SDL_GetError());
        return kExitRuntimeError;
    }
    Presentation presentation;
    if (auto problem = open_presentation(order, {320, 240, false}, presentation); !problem.empty()) {
        log_error(problem);
        SDL_Quit();
        return kExitRuntimeError;
    }
    // One real frame: a path that opens but cannot draw is no path.
    const bool drawn = SDL_SetRenderDrawColor(presentation.renderer, 0xF4, 0xF1, 0xEA, 255) == 0 &&
                       SDL_RenderClear(presentation.renderer) == 0;
    SDL_RenderPresent(presentation.renderer);
    std::printf("display: %s\n", describe(presentation).c_str());
    if (!drawn) log_error(std::string("the window opened but cannot be drawn: ") + SDL_GetError());
    close_presentation(presentation);
    SDL_Quit();
    return drawn ? kExitOk : kExitRuntimeError;
}

}  // namespace feedback::app
