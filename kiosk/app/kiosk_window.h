// The kiosk window: SDL2 + Dear ImGui on SDL's software renderer (DESIGN.md §7: 29 MB and no
// Mesa/LLVM, against 153 MB with OpenGL), redrawn only on input and deadlines.
#pragma once

#include "app/commands.h"

namespace feedback::app {

int run_window(const Context& context, store::Store& store, const RunOptions& options);

}  // namespace feedback::app
