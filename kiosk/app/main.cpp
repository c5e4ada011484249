// feedback-kiosk: the kiosk program's entry point. The command line lives in cli.cpp; this file
// only hands it the window, which is the one part that needs SDL and ImGui.
#include "app/commands.h"
#include "app/kiosk_window.h"

int main(int argc, char** argv) {
    return feedback::app::run_cli(argc, argv, feedback::app::run_window, feedback::app::check_display);
}
