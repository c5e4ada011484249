#include "speech/espeak_synth.h"

#include <dlfcn.h>
#include <malloc.h>
#include <espeak-ng/speak_lib.h>

#include <mutex>
#include <string>

namespace feedback::speech {
namespace {

// libespeak-ng is opened with dlopen on the first English line, not linked: it and what it
// links (libpcaudio, libsonic, libpulse-simple) would otherwise be mapped into every kiosk from
// start, counting against the 32 MB PSS goal, though most offices record every prompt.
struct Espeak {
    decltype(&espeak_Initialize) initialize = nullptr;
    decltype(&espeak_SetVoiceByName) set_voice = nullptr;
    decltype(&espeak_SetSynthCallback) set_callback = nullptr;
    decltype(&espeak_SetParameter) set_parameter = nullptr;
    decltype(&espeak_Synth) synth = nullptr;
    decltype(&espeak_Terminate) terminate = nullptr;
    void* library = nullptr;
};

template <typename F>
bool resolve(void* library, const char* name, F& out) {
    out = reinterpret_cast<F>(dlsym(library, name));
    return out != nullptr;
}

std::mutex g_mutex;
Espeak g_espeak;
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

void EspeakSynthesizer::idle() {
#if defined(__SANITIZE_ADDRESS__)
    // The sanitizer build keeps espeak-ng mapped (see synthesize()); a library that cannot be
    // unmapped cannot be started afresh either (its statics survive espeak_Terminate), so there
    // it simply stays loaded.
    return;
#endif
    std::lock_guard lock(g_mutex);
    if (g_rate <= 0) return;
    g_espeak.terminate();
    dlclose(g_espeak.library);
    g_espeak = {};
    g_rate = 0;
    g_tried = false;  // loaded again by the next English line
    malloc_trim(0);
}

std::optional<Pcm> EspeakSynthesizer::synthesize(std::string_view text, std::string_view language) {
    if (language != "en" || has_thai(text) || text.empty()) return std::nullopt;
    std::lock_guard lock(g_mutex);
    if (!g_tried) {
        g_tried = true;
#if defined(__SANITIZE_ADDRESS__)
        // espeak-ng keeps a few allocations of its own for the process's life (its voice list).
        // The sanitizer build keeps the library mapped, so LeakSanitizer can name it in those
        // reports and the suppression (tests/catch_main.cpp, app/main.cpp) applies.
        constexpr int kKeepMapped = RTLD_NODELETE;
#else
        constexpr int kKeepMapped = 0;
#endif
        void* library = dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL | kKeepMapped);
        Espeak e;
        e.library = library;
        if (library && resolve(library, "espeak_Initialize", e.initialize) && resolve(library, "espeak_Terminate", e.terminate) &&
            resolve(library, "espeak_SetVoiceByName", e.set_voice) &&
            resolve(library, "espeak_SetSynthCallback", e.set_callback) &&
            resolve(library, "espeak_SetParameter", e.set_parameter) && resolve(library, "espeak_Synth", e.synth)) {
            const int rate = e.initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
            if (rate > 0 && e.set_voice("en") == EE_OK) {
                e.set_callback(on_samples);
                e.set_parameter(espeakRATE, 150, 0);  // a little slower than its 175 words a minute
                g_espeak = e;
                g_rate = rate;
            }
        }
        if (g_rate <= 0 && library) dlclose(library);  // kept only when it works; tried once
    }
    if (g_rate <= 0) return std::nullopt;
    Pcm pcm{g_rate, {}};
    g_target = &pcm;
    const std::string z(text);
    ++g_texts;
    const auto result = g_espeak.synth(z.c_str(), z.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
    g_target = nullptr;
    if (result != EE_OK || pcm.samples.empty()) return std::nullopt;
    return resample(pcm, kPlayRate);
}

}  // namespace feedback::speech
