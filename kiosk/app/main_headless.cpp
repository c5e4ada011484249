// feedback-kiosk without a window (FEEDBACK_BUILD_UI=OFF): every command but `run` works,
// for servers and build machines without SDL or ImGui.
#include "app/commands.h"

int main(int argc, char** argv) { return feedback::app::run_cli(argc, argv, nullptr); }
