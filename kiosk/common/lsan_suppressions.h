// LeakSanitizer suppressions for the sanitizer build, defined once by each program's main()
// (feedback-kiosk's app/main.cpp, the tests' catch_main.cpp) with FEEDBACK_LSAN_SUPPRESSIONS().
//
// Why these, and only these: they are allocations that system libraries keep for the life of
// the process by design, never ours.
// - fontconfig: Pango's default font map (the PDF module) holds fontconfig's configuration and
//   font cache; FcFini would free them but is unsafe while anything else may use fontconfig.
// - espeak-ng: keeps its voice list and a few buffers after espeak_Terminate. The sanitizer
//   build keeps the library mapped (RTLD_NODELETE in speech/espeak_synth.cpp) so the reports
//   can name it.
// Why a hook in main() and not a suppressions file or a library: LeakSanitizer asks the
// *executable* for __lsan_default_suppressions, a definition in a static library is linked only
// when something else in its object file is, and the hook then travels with the programs into
// ctest, a person's shell and CI alike.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define FEEDBACK_LSAN_SUPPRESSIONS()                                                          \
    extern "C" const char* __lsan_default_suppressions() {                                     \
        return "leak:libfontconfig.so\n"                                                      \
               "leak:libespeak-ng.so\n";                                                      \
    }
#else
#define FEEDBACK_LSAN_SUPPRESSIONS()
#endif
