#include "ui/theme.h"

#include <algorithm>
#include <cmath>

namespace feedback::ui {
namespace {

constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b) { return IM_COL32(r, g, b, 255); }

// Calm, legible, government-neutral: near-white background, near-black text, a deep blue for
// actions. Face fills are light tints so the dark ink of eyes and mouth stays above 7:1.
const Palette kNormal = {
    rgb(0xF7, 0xF5, 0xEF), rgb(0xFF, 0xFF, 0xFF), rgb(0x1A, 0x1A, 0x1A), rgb(0x3D, 0x3D, 0x3D),
    rgb(0x5A, 0x5A, 0x5A), rgb(0x0B, 0x3D, 0x91), rgb(0xFF, 0xFF, 0xFF), rgb(0x0B, 0x3D, 0x91),
    rgb(0xFF, 0xFF, 0xFF), rgb(0xFF, 0xF1, 0xC2), rgb(0x1A, 0x1A, 0x1A), rgb(0x9B, 0x00, 0x00),
    {rgb(0xF8, 0xC9, 0xC4), rgb(0xFB, 0xDD, 0xBF), rgb(0xFF, 0xF0, 0xB8), rgb(0xDC, 0xF0, 0xC8),
     rgb(0xC6, 0xEC, 0xD2)},
    rgb(0x1A, 0x1A, 0x1A)};

// High contrast: white and yellow on black; faces are outlined, not tinted.
const Palette kHighContrast = {
    rgb(0x00, 0x00, 0x00), rgb(0x00, 0x00, 0x00), rgb(0xFF, 0xFF, 0xFF), rgb(0xFF, 0xFF, 0x66),
    rgb(0xFF, 0xFF, 0xFF), rgb(0xFF, 0xFF, 0x00), rgb(0x00, 0x00, 0x00), rgb(0xFF, 0xFF, 0x00),
    rgb(0x00, 0x00, 0x00), rgb(0x00, 0x00, 0x00), rgb(0xFF, 0xFF, 0x00), rgb(0xFF, 0x99, 0x99),
    {rgb(0x00, 0x00, 0x00), rgb(0x00, 0x00, 0x00), rgb(0x00, 0x00, 0x00), rgb(0x00, 0x00, 0x00),
     rgb(0x00, 0x00, 0x00)},
    rgb(0xFF, 0xFF, 0xFF)};

double linear(unsigned channel) {
    const double c = channel / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(ImU32 c) {
    return 0.2126 * linear((c >> IM_COL32_R_SHIFT) & 0xFF) +
           0.7152 * linear((c >> IM_COL32_G_SHIFT) & 0xFF) +
           0.0722 * linear((c >> IM_COL32_B_SHIFT) & 0xFF);
}

}  // namespace

Metrics Metrics::from(float dpi, float scale, float width, float height) {
    Metrics m;
    m.width = width;
    m.height = height;
    const float effective_dpi = dpi > 30.0f ? dpi : 96.0f;
    m.px_per_mm = effective_dpi / 25.4f * std::clamp(scale, 0.5f, 3.0f);
    return m;
}

const Palette& palette(bool high_contrast) { return high_contrast ? kHighContrast : kNormal; }

// Normal: a deep orange-red, the one warm strong colour on the screens (the blue is taken by
// actions), white edges. High contrast: cyan, the one colour beside white and yellow, black edges.
FocusColors focus_colors(bool high_contrast) {
    return high_contrast ? FocusColors{rgb(0x00, 0xFF, 0xFF), rgb(0x00, 0x00, 0x00)}
                         : FocusColors{rgb(0xC4, 0x3B, 0x00), rgb(0xFF, 0xFF, 0xFF)};
}

double contrast_ratio(ImU32 a, ImU32 b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace feedback::ui
