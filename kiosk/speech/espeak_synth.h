// English speech for prompts without a recorded clip: libespeak-ng, synthesized into memory
// (AUDIO_OUTPUT_SYNCHRONOUS: no audio device of its own; the player plays the buffer).
//
// Never Thai: synthesize() refuses language != "en" and any text holding a Thai code point,
// before libespeak-ng is even initialised. espeak-ng's state is process-wide, so one mutex
// serialises every use. The library is dlopen()ed on the first English line (libespeak-ng.so.1,
// from libespeak-ng1), not linked: a kiosk whose prompts are all recorded never maps it. Without
// it (or without espeak-ng-data) synthesize() returns nothing and the tone is played.
#pragma once

#include <atomic>

#include "speech/voice.h"

namespace feedback::speech {

class EspeakSynthesizer : public Synthesizer {
public:
    std::optional<Pcm> synthesize(std::string_view text, std::string_view language) override;
    // Unloads libespeak-ng and its voice data (espeak_Terminate, dlclose, malloc_trim) until the
    // next English line: the kiosk's memory at rest stays what it is without speech.
    void idle() override;
    // How many texts were handed to libespeak-ng by any instance (tests: Thai never is).
    static long texts_synthesized();
};

}  // namespace feedback::speech
