#include "app/audio_device.h"

#include <SDL.h>

#include "speech/capture.h"
#include "speech/espeak_synth.h"
#include "speech/sdl_player.h"

namespace feedback::app {

const AudioDevice& sdl_audio_device() {
    static const AudioDevice device{
        [](int max_seconds, std::string& problem) {
            if (SDL_Init(0) != 0) {
                problem = std::string("cannot start SDL: ") + SDL_GetError();
                return std::optional<speech::Pcm>{};
            }
            auto pcm = speech::capture_from_microphone(max_seconds, problem);
            SDL_Quit();
            return pcm;
        },
        [](const speech::Utterance& utterance, const speech::ClipDirs& dirs) -> std::string {
            if (SDL_Init(0) != 0) return std::string("cannot start SDL: ") + SDL_GetError();
            std::string problem;
            {
                speech::EspeakSynthesizer synth;
                speech::SdlPlayer player(dirs, &synth);
                player.say(utterance);
                if (!player.wait_idle(60'000)) problem = "the prompt did not finish playing within 60 s";
                if (problem.empty()) problem = player.last_problem();
            }
            SDL_Quit();
            return problem;
        }};
    return device;
}

}  // namespace feedback::app
