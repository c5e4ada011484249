// The kiosk window: SDL2 + Dear ImGui, redrawn only on input and deadlines, presented along the
// first presentation path that opens (app/presentation.h): on a PC without a GPU driver that is
// SDL's software renderer (DESIGN.md §7: 29 MB and no Mesa/LLVM, against 153 MB with OpenGL).
#pragma once

#include "app/commands.h"

namespace feedback::app {

int run_window(const Context& context, store::Store& store, const RunOptions& options);

// `display-check` (app/commands.h): the same presentation paths as run_window, one frame.
int check_display(const Context& context);

}  // namespace feedback::app
