#include "speech/capture.h"

#include <SDL.h>

#include <chrono>
#include <cmath>
#include <thread>

namespace feedback::speech {

std::optional<Pcm> capture_from_microphone(int max_seconds, std::string& problem) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        problem = std::string("cannot start SDL audio: ") + SDL_GetError();
        return std::nullopt;
    }
    struct AudioSubsystem {
        ~AudioSubsystem() { SDL_QuitSubSystem(SDL_INIT_AUDIO); }
    } subsystem;
    SDL_AudioSpec want{};
    want.freq = kPlayRate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    SDL_AudioSpec have{};
    const SDL_AudioDeviceID device = SDL_OpenAudioDevice(nullptr, 1, &want, &have, 0);
    if (device == 0) {
        problem = std::string("cannot open a microphone: ") + SDL_GetError();
        return std::nullopt;
    }
    struct Device {
        SDL_AudioDeviceID id;
        ~Device() { SDL_CloseAudioDevice(id); }
    } owned{device};
    SDL_PauseAudioDevice(device, 0);

    Pcm pcm{kPlayRate, {}};
    const std::size_t max_samples = static_cast<std::size_t>(max_seconds) * kPlayRate;
    const std::size_t window = kPlayRate / 100;  // 10 ms
    const double threshold = 32768.0 * std::pow(10.0, -40.0 / 20.0);
    const std::size_t quiet_after = kPlayRate * 3 / 2;
    bool heard = false;
    std::size_t quiet = 0, scanned = 0;
    std::vector<std::int16_t> buffer(4096);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(max_seconds + 2);
    while (pcm.samples.size() < max_samples && std::chrono::steady_clock::now() < deadline) {
        const Uint32 got = SDL_DequeueAudio(device, buffer.data(), static_cast<Uint32>(buffer.size() * 2));
        if (got == 0) {
            // SDL capture offers no event to wait on; the device fills its queue every buffer.
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            continue;
        }
        pcm.samples.insert(pcm.samples.end(), buffer.begin(), buffer.begin() + got / 2);
        for (; scanned + window <= pcm.samples.size(); scanned += window) {
            double sum = 0;
            for (std::size_t i = scanned; i < scanned + window; ++i)
                sum += static_cast<double>(pcm.samples[i]) * pcm.samples[i];
            if (std::sqrt(sum / static_cast<double>(window)) > threshold) {
                heard = true;
                quiet = 0;
            } else {
                quiet += window;
            }
        }
        if (heard && quiet >= quiet_after) break;
    }
    if (!heard) {
        problem = "nothing was heard from the microphone (is it connected and unmuted?)";
        return std::nullopt;
    }
    return pcm;
}

}  // namespace feedback::speech
