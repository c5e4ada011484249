// The idle warning over whatever screen the visitor left: a countdown and a large
// "ต้องการเวลาเพิ่ม" button. Any tap answers it (the session treats every touch as presence).
#include <cstdio>

#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

void IdleOverlay::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    c.list().AddRectFilled({0, 0}, {m.width, m.height}, IM_COL32(0, 0, 0, 170));
    const float w = std::min(m.width - c.mm(12), c.mm(180)), h = std::min(m.height - c.mm(12), c.mm(110));
    const Rect panel{{(m.width - w) / 2, (m.height - h) / 2}, {(m.width + w) / 2, (m.height + h) / 2}};
    c.list().AddRectFilled(panel.min, panel.max, c.colors().warning_bg, c.mm(4));
    c.list().AddRect(panel.min, panel.max, c.colors().on_warning, c.mm(4), 0, std::max(2.0f, c.mm(0.8f)));
    const Rect inner = panel.inset(c.mm(8));
    float y = inner.min.y;
    y += c.paragraph(FontRole::Title, {{inner.min.x, y}, inner.max}, c.colors().on_warning,
                     strings::kIdleQuestion.in(lang), Align::Center);
    char countdown[160];
    std::snprintf(countdown, sizeof countdown, strings::kIdleCountdown.in(lang),
                  ctx.session.warning_seconds_left(ctx.now));
    y += c.mm(2);
    c.paragraph(FontRole::Heading, {{inner.min.x, y}, inner.max}, c.colors().on_warning, countdown, Align::Center);
    const float bh = c.mm(24);
    if (c.button("more-time", {{inner.min.x, inner.max.y - bh}, inner.max}, strings::kMoreTime.in(lang),
                 ButtonStyle::Primary, FontRole::Title))
        ctx.session.more_time(ctx.now);
    if (c.has_tap()) ctx.session.more_time(ctx.now);  // a tap anywhere also means "still here"
    c.swallow_tap();
}

}  // namespace feedback::ui
