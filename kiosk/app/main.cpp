// feedback-kiosk: the kiosk program's entry point. The command line lives in cli.cpp; this file
// only hands it the window and the audio device, the parts that need SDL and ImGui.
#include "app/audio_device.h"
#include "app/commands.h"
#include "app/kiosk_window.h"
#include "common/lsan_suppressions.h"

FEEDBACK_LSAN_SUPPRESSIONS()

int main(int argc, char** argv) {
    return feedback::app::run_cli(argc, argv, feedback::app::run_window, feedback::app::check_display,
                                  &feedback::app::sdl_audio_device());
}
