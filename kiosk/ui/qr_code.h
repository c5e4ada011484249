// QR codes drawn as vector squares (libqrencode builds the matrix), so they are sharp at any
// size and need no image. Used for the complaint reference (tracking URL) and the PDPA policy.
#pragma once

#include <imgui.h>

#include <string>

namespace feedback::ui {

// Draws `text` as a QR code (error correction M) filling `size`×`size` at `top_left`, with a
// light quiet zone of four modules. Returns false when the text cannot be encoded.
bool draw_qr_code(ImDrawList& list, ImVec2 top_left, float size, const std::string& text, ImU32 dark, ImU32 light);
// The side draw_qr_code really covers for `size` (whole pixels per module make it a little
// smaller), for centring; 0 when the text cannot be encoded.
float qr_code_drawn_size(float size, const std::string& text);

}  // namespace feedback::ui
