// One clip from the default microphone through SDL audio capture (`feedback-kiosk audio record`).
// Recording stops 1.5 s after the speech ends (or at max_seconds); the caller trims and
// normalises. SDL's disk driver (SDL_AUDIODRIVER=disk, SDL_DISKAUDIOFILEIN=raw 16-bit mono at
// kPlayRate) stands in for a microphone in tests.
#pragma once

#include <optional>
#include <string>

#include "speech/wav.h"

namespace feedback::speech {

// Nothing and `problem` set when no capture device opens or nothing louder than silence came.
std::optional<Pcm> capture_from_microphone(int max_seconds, std::string& problem);

}  // namespace feedback::speech
