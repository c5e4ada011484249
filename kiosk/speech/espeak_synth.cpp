#include "speech/espeak_synth.h"

#include <espeak-ng/speak_lib.h>

#include <mutex>
#include <string>

namespace feedback::speech {
namespace {

std::mutex g_mutex;
bool g_tried = false;
int g_rate = 0;  // 0: libespeak-ng could not start (no espeak-ng-data)
std::atomic<long> g_texts{0};
Pcm* g_target = nullptr;  // the buffer being filled, under g_mutex

int on_samples(short* wav, int count, espeak_EVENT*) {
    if (wav && count > 0 && g_target) g_target->samples.insert(g_target->samples.end(), wav, wav + count);
    return 0;  // go on
}

}  // namespace

long EspeakSynthesizer::texts_synthesized() { return g_texts.load(); }

std::optional<Pcm> EspeakSynthesizer::synthesize(std::string_view text, std::string_view language) {
    if (language != "en" || has_thai(text) || text.empty()) return std::nullopt;
    std::lock_guard lock(g_mutex);
    if (!g_tried) {
        g_tried = true;
        const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (rate > 0 && espeak_SetVoiceByName("en") == EE_OK) {
            espeak_SetSynthCallback(on_samples);
            espeak_SetParameter(espeakRATE, 150, 0);  // a little slower than its 175 words a minute
            g_rate = rate;
        }
    }
    if (g_rate <= 0) return std::nullopt;
    Pcm pcm{g_rate, {}};
    g_target = &pcm;
    const std::string z(text);
    ++g_texts;
    const auto result = espeak_Synth(z.c_str(), z.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
    g_target = nullptr;
    if (result != EE_OK || pcm.samples.empty()) return std::nullopt;
    return resample(pcm, kPlayRate);
}

}  // namespace feedback::speech
