// Plays utterances through SDL audio on a worker thread (issue 21).
//
// - A frame never waits for audio: say() stores the utterance and wakes the worker; reading
//   clips and synthesizing English happen on the worker.
// - The audio device is open only while speaking: the worker opens it for an utterance, queues
//   the sound, waits for it to drain and closes it (the audio subsystem is started and quit around
//   it too), so an idle kiosk has no audio thread and uses no CPU for sound.
// - A new utterance cancels the current one: the queue is cleared and the device closed at once.
// - The device is opened at kPlayRate, 16-bit mono — the clips' own format — so SDL's disk
//   driver (SDL_AUDIODRIVER=disk, tests) writes the clips' bytes exactly.
// - FEEDBACK_AUDIO_LOG=FILE (tests) appends one line per event:
//     say <lang> <id,id,…>                       when say() is called (the UI thread's order)
//     play <lang> <id:source,…> <bytes> <fnv1a>  when the device starts with that sound
//     done | cancelled | error <reason>
//     skipped no audio device                    an utterance while the device rests (instead
//                                                of play/done: nothing rendered or opened)
// - No audio device (a counter PC without a sound card, a USB speaker unplugged): the first
//   failure is logged once on stderr and the device is left alone for kRetryAfter — utterances
//   in that time are skipped, not attempted — because every attempt starts SDL audio, and
//   alsa-lib then prints its own lines on stderr for a missing card: a visitor using the keypad
//   would fill the journal with them at every focus move. Retried after kRetryAfter (on the
//   monotonic clock), so a speaker plugged in later is used within that time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "speech/controller.h"
#include "speech/voice.h"

namespace feedback::speech {

class SdlPlayer : public Player {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    static constexpr std::chrono::seconds kRetryAfter{60};

    // `now`: the monotonic clock (tests pass a fake one to step past kRetryAfter).
    SdlPlayer(ClipDirs dirs, Synthesizer* synth, Clock now = std::chrono::steady_clock::now);
    ~SdlPlayer() override;  // stops what is being said and joins the worker
    SdlPlayer(const SdlPlayer&) = delete;
    SdlPlayer& operator=(const SdlPlayer&) = delete;

    void say(Utterance utterance) override;
    void stop() override;
    // Waits (bounded) until nothing is pending or playing; false on timeout. For `audio play`
    // and scripted runs that must not cut the last prompt off.
    bool wait_idle(int timeout_ms);
    // The current playback problem (no audio device …), "" when none or once playing works again.
    std::string last_problem();

private:
    void run();
    // Plays `sound`; returns false when cancelled (a newer utterance, stop, or shutdown).
    bool play(const Pcm& sound, std::uint64_t generation);
    void log(const std::string& line);

    ClipDirs dirs_;
    Synthesizer* synth_;
    Clock now_;
    // Set when the device could not be opened: no attempt before this time. Worker thread only.
    std::optional<std::chrono::steady_clock::time_point> resting_until_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<Utterance> pending_;
    std::uint64_t generation_ = 0;  // bumped by say() and stop(): the playing one is stale
    bool busy_ = false;
    bool quit_ = false;
    std::string problem_;
    std::mutex log_mutex_;
    std::ofstream log_;
    std::thread worker_;
};

// FNV-1a of the sound's bytes, as logged.
std::uint64_t fnv1a(const Pcm& pcm);

}  // namespace feedback::speech
