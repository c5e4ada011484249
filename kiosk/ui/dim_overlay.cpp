// The closed Welcome screen after display.dim_when_closed_s without a touch: the screen stays
// readable beneath a dark veil (nothing moves, so the loop stays idle), with one quiet line
// saying a touch brings it back. The whole screen is one target: the first tap only wakes it.
#include <algorithm>
#include <string_view>

#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

void DimOverlay::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const Rect screen{{0, 0}, {m.width, m.height}};
    c.list().AddRectFilled(screen.min, screen.max, IM_COL32(0, 0, 0, 200));
    // The hint on a near-black pill in the middle, light grey (about 15:1), whatever is beneath.
    const std::string_view hint = strings::kTouchToWake.in(ctx.lang());
    const float pad = c.mm(5);
    const float w = std::min(m.width - c.mm(12), c.text_width(FontRole::Heading, hint) + 2 * pad);
    const float h = c.paragraph_height(FontRole::Heading, w - 2 * pad, hint) + 2 * pad;
    const Rect pill{{(m.width - w) / 2, (m.height - h) / 2}, {(m.width + w) / 2, (m.height + h) / 2}};
    c.list().AddRectFilled(pill.min, pill.max, IM_COL32(0x10, 0x10, 0x10, 0xF0), h / 2);
    c.paragraph(FontRole::Heading, pill.inset(pad), IM_COL32(0xDC, 0xDC, 0xDC, 0xFF), hint, Align::Center);
    if (c.hit("screen.wake", screen)) ctx.session.wake(ctx.now);
    c.swallow_tap();
}

}  // namespace feedback::ui
