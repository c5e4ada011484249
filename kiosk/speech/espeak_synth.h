// English speech for prompts without a recorded clip: libespeak-ng, synthesized into memory
// (AUDIO_OUTPUT_SYNCHRONOUS: no audio device of its own; the player plays the buffer).
//
// Never Thai: synthesize() refuses language != "en" and any text holding a Thai code point,
// before libespeak-ng is even initialised. espeak-ng's state is process-wide, so one mutex
// serialises every use; it is loaded on the first English line, not at start (memory, start-up).
#pragma once

#include <atomic>

#include "speech/voice.h"

namespace feedback::speech {

class EspeakSynthesizer : public Synthesizer {
public:
    std::optional<Pcm> synthesize(std::string_view text, std::string_view language) override;
    // How many texts were handed to libespeak-ng by any instance (tests: Thai never is).
    static long texts_synthesized();
};

}  // namespace feedback::speech
