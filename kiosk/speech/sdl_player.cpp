#include "speech/sdl_player.h"

#include <SDL.h>

#include <chrono>
#include <cstdlib>
#include <sstream>

#include "common/log.h"

namespace feedback::speech {

std::uint64_t fnv1a(const Pcm& pcm) {
    std::uint64_t h = 1469598103934665603ULL;
    for (auto s : pcm.samples) {
        const auto u = static_cast<std::uint16_t>(s);
        for (int i = 0; i < 2; ++i) {
            h ^= static_cast<std::uint8_t>((u >> (8 * i)) & 0xFF);
            h *= 1099511628211ULL;
        }
    }
    return h;
}

SdlPlayer::SdlPlayer(ClipDirs dirs, Synthesizer* synth, Clock now)
    : dirs_(std::move(dirs)), synth_(synth), now_(std::move(now)) {
    if (const char* file = std::getenv("FEEDBACK_AUDIO_LOG"); file && *file) log_.open(file, std::ios::app);
    worker_ = std::thread([this] { run(); });
}

SdlPlayer::~SdlPlayer() {
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
        ++generation_;
    }
    wake_.notify_all();
    worker_.join();
}

void SdlPlayer::log(const std::string& line) {
    std::lock_guard lock(log_mutex_);
    if (log_) log_ << line << '\n' << std::flush;
}

namespace {

// Keys of the on-screen keyboards and text fields are logged without which one: a run of focused
// keys would spell what a visitor typed (a name, a phone number).
std::string logged_id(const std::string& id) {
    for (std::string_view prefix : {"key.", "complaint.field."})
        if (id.rfind(prefix, 0) == 0) return std::string(prefix) + "*";
    return id;
}

}  // namespace

void SdlPlayer::say(Utterance utterance) {
    std::string ids;
    for (const auto& l : utterance.lines) ids += (ids.empty() ? "" : ",") + logged_id(l.id);
    log("say " + utterance.language + " " + ids);
    {
        std::lock_guard lock(mutex_);
        pending_ = std::move(utterance);
        ++generation_;
    }
    wake_.notify_all();
}

void SdlPlayer::stop() {
    {
        std::lock_guard lock(mutex_);
        pending_.reset();
        ++generation_;
    }
    wake_.notify_all();
}

bool SdlPlayer::wait_idle(int timeout_ms) {
    std::unique_lock lock(mutex_);
    return wake_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return !pending_ && !busy_; });
}

std::string SdlPlayer::last_problem() {
    std::lock_guard lock(mutex_);
    return problem_;
}

void SdlPlayer::run() {
    // SDL keeps its error text in thread-local storage that it frees only for threads it made
    // itself; this worker is a std::thread, so it frees it on the way out (LeakSanitizer found
    // the audio-open errors' text left behind when the kiosk has no sound card).
    struct SdlThreadCleanup {
        ~SdlThreadCleanup() { SDL_TLSCleanup(); }
    } cleanup;
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return quit_ || pending_; });
        if (quit_) return;
        Utterance utterance = std::move(*pending_);
        pending_.reset();
        const std::uint64_t generation = generation_;
        busy_ = true;
        lock.unlock();
        if (resting_until_ && now_() < *resting_until_) {
            // No device a moment ago: nothing is read, synthesized or opened (sdl_player.h).
            log("skipped no audio device");
            lock.lock();
            busy_ = false;
            wake_.notify_all();
            continue;
        }
        // Off the UI thread: files read, English synthesized.
        std::vector<std::string> problems;
        const Rendered rendered = render(utterance, dirs_, synth_, &problems);
        for (const auto& p : problems) log("error " + p);
        std::string parts;
        for (const auto& [id, source] : rendered.parts)
            parts += (parts.empty() ? "" : ",") + logged_id(id) + ":" + std::string(to_string(source));
        std::ostringstream line;
        line << "play " << utterance.language << " " << parts << " " << rendered.pcm.samples.size() * 2 << " "
             << std::hex << fnv1a(rendered.pcm);
        bool played = false;
        {
            std::lock_guard check(mutex_);
            played = generation == generation_;  // not already replaced while rendering
        }
        if (played) {
            log(line.str());
            played = play(rendered.pcm, generation);
            log(played ? "done" : "cancelled");
        } else {
            log("cancelled");
        }
        lock.lock();
        if (!pending_ && synth_) {
            // Nothing queued: the synthesizer may unload until the next English line.
            lock.unlock();
            synth_->idle();
            lock.lock();
        }
        busy_ = false;
        wake_.notify_all();
    }
}

bool SdlPlayer::play(const Pcm& sound, std::uint64_t generation) {
    auto fail = [&](const std::string& what) {
        log("error " + what);
        if (!resting_until_)  // once per run of failures, not per utterance
            common::log_warning("spoken prompts: " + what + "; trying again every " +
                                std::to_string(kRetryAfter.count()) + " s");
        resting_until_ = now_() + kRetryAfter;
        std::lock_guard lock(mutex_);
        problem_ = what;
        return true;  // nothing to cancel: it is over
    };
    const auto opened = [&] {
        if (resting_until_) common::log_info("spoken prompts: the audio device is back");
        resting_until_.reset();
        std::lock_guard lock(mutex_);
        problem_.clear();
    };
    // The audio subsystem only for as long as this utterance: no audio thread while idle.
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return fail(std::string("cannot start SDL audio: ") + SDL_GetError());
    struct AudioSubsystem {
        ~AudioSubsystem() { SDL_QuitSubSystem(SDL_INIT_AUDIO); }
    } subsystem;
    SDL_AudioSpec want{};
    want.freq = kPlayRate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    SDL_AudioSpec have{};
    const SDL_AudioDeviceID device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (device == 0) return fail(std::string("cannot open the audio device: ") + SDL_GetError());
    struct Device {
        SDL_AudioDeviceID id;
        ~Device() { SDL_CloseAudioDevice(id); }
    } owned{device};
    opened();
    if (SDL_QueueAudio(device, sound.samples.data(), static_cast<Uint32>(sound.samples.size() * 2)) != 0)
        return fail(std::string("cannot queue audio: ") + SDL_GetError());
    SDL_PauseAudioDevice(device, 0);
    // Until the queue is empty and the device's last buffer has been played; a newer utterance
    // or stop() ends it at once (the wait is on the same condition variable say() notifies).
    const auto buffer_ms = std::chrono::milliseconds(1000 * have.samples / kPlayRate + 20);
    std::unique_lock lock(mutex_);
    auto cancelled = [&] { return quit_ || generation != generation_; };
    while (SDL_GetQueuedAudioSize(device) > 0)
        if (wake_.wait_for(lock, std::chrono::milliseconds(10), cancelled)) {
            SDL_ClearQueuedAudio(device);
            return false;
        }
    if (wake_.wait_for(lock, buffer_ms, cancelled)) return false;
    return true;
}

}  // namespace feedback::speech
