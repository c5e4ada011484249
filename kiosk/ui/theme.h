// Colours and physical sizes (DESIGN.md §7).
//
// Sizes are in millimetres and turned into pixels from the display's DPI and the configured
// scale, like hello_imgui's font units: a 25 mm face is 25 mm on a 15" and a 24" screen alike,
// shrinking only when the window is too small to hold the layout. Colours: every text/background
// pair is at least 7:1 (WCAG AAA) in both themes — theme.cpp computes the ratios and a test
// checks them — and faces are told apart by shape and label, never by colour alone.
#pragma once

#include <imgui.h>

namespace feedback::ui {

struct Metrics {
    float px_per_mm = 96.0f / 25.4f;  // from DPI × scale
    float width = 1920, height = 1080;
    float mm(float millimetres) const { return millimetres * px_per_mm; }
    bool portrait() const { return height > width; }

    // dpi <= 0 means unknown (offscreen, some X servers): assume a typical 96-dpi touchscreen.
    static Metrics from(float dpi, float scale, float width, float height);
};

struct Palette {
    ImU32 background, surface, text, muted_text, border, primary, on_primary, selected,
        on_selected, warning_bg, on_warning, error_text;
    ImU32 face[5];       // fill for levels 1..5 (index 0 = level 1)
    ImU32 face_ink;      // eyes and mouth
};

const Palette& palette(bool high_contrast);

// The keyboard focus ring (issue 21): a thick band in `ring`, edged on both sides by thin lines
// in `edge`, so it shows on any fill of the theme (a blue primary button, a yellow selected
// chip). `ring` is a colour no screen uses otherwise (tests find the ring by it) and stands at
// least 3:1 against the background (WCAG non-text contrast).
struct FocusColors {
    ImU32 ring, edge;
};
FocusColors focus_colors(bool high_contrast);

// WCAG 2 contrast ratio of two opaque colours (1..21).
double contrast_ratio(ImU32 a, ImU32 b);

}  // namespace feedback::ui
