// The five rating faces, drawn as vectors with ImDrawList so they are crisp at any size.
// Each level differs in shape — mouth curve, eyebrows, open mouth for the extremes — so they
// are told apart without colour (colour-blind safe); the label under each says it in words.
#pragma once

#include <imgui.h>

namespace feedback::ui {

struct Palette;

void draw_face(ImDrawList& list, ImVec2 center, float radius, int level, const Palette& colors,
               bool pressed);

}  // namespace feedback::ui
