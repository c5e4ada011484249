// `feedback-kiosk audio list | record | play` (issue 21): the office records its own voice for
// every spoken prompt. list prints what to say; record stores one clip (trimmed, normalised,
// written atomically into <data dir>/audio/<th|en>/<prompt-id>.wav); play says a prompt as the
// kiosk would.
//
// The microphone and the speaker need SDL audio, which only the window's executable links: it
// hands them in as an AudioDevice (kiosk/app/audio_device.cpp). `audio list` and
// `audio record --input FILE.wav` need neither and work in every build.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "app/context.h"
#include "speech/voice.h"

namespace feedback::app {

struct AudioOptions {
    std::string action;                   // list, record, play
    std::string prompt;                   // record, play
    std::optional<std::string> language;  // list: both when absent; record: required; play: display.language
    std::filesystem::path input;          // record: a WAV file instead of the microphone
    int seconds = 10;                     // record: longest take from the microphone
};

struct AudioDevice {
    // Records from the default microphone; nullopt and `problem` set when it cannot.
    std::function<std::optional<speech::Pcm>(int max_seconds, std::string& problem)> capture;
    // Says the utterance and returns when it has been played; "" or the problem.
    std::function<std::string(const speech::Utterance&, const speech::ClipDirs&)> play;
};

// The catalogue for this kiosk's survey and office.
speech::PromptCatalogue prompt_catalogue(const Context& context);

int audio_command(const Context& context, const AudioOptions& options, const AudioDevice* device);

}  // namespace feedback::app
