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
    char countdown[160];
    std::snprintf(countdown, sizeof countdown, strings::kIdleCountdown.in(lang),
                  ctx.session.warning_seconds_left(ctx.now));
    // The panel is as tall as its text and button need (issue 16: with large text the
    // countdown ran under the button), within the window.
    const float w = std::min(m.width - c.mm(12), c.mm(180));
    const float inner_w = w - c.mm(16);
    const float q_h = c.paragraph_height(FontRole::Title, inner_w, strings::kIdleQuestion.in(lang));
    const float n_h = c.paragraph_height(FontRole::Heading, inner_w, countdown);
    const float bh = std::max(c.mm(24), button_height(c, FontRole::Title, inner_w, strings::kMoreTime.in(lang)));
    const float h = std::min(m.height - c.mm(12), std::max(c.mm(110), q_h + c.mm(2) + n_h + c.mm(6) + bh + c.mm(16)));
    const Rect panel{{(m.width - w) / 2, (m.height - h) / 2}, {(m.width + w) / 2, (m.height + h) / 2}};
    c.list().AddRectFilled(panel.min, panel.max, c.colors().warning_bg, c.mm(4));
    c.list().AddRect(panel.min, panel.max, c.colors().on_warning, c.mm(4), 0, std::max(2.0f, c.mm(0.8f)));
    const Rect inner = panel.inset(c.mm(8));
    float y = inner.min.y;
    y += c.paragraph(FontRole::Title, {{inner.min.x, y}, inner.max}, c.colors().on_warning,
                     strings::kIdleQuestion.in(lang), Align::Center);
    y += c.mm(2);
    c.paragraph(FontRole::Heading, {{inner.min.x, y}, inner.max}, c.colors().on_warning, countdown, Align::Center);
    if (c.button("more-time", {{inner.min.x, inner.max.y - bh}, inner.max}, strings::kMoreTime.in(lang),
                 ButtonStyle::Primary, FontRole::Title))
        ctx.session.more_time(ctx.now);
    if (c.has_tap()) ctx.session.more_time(ctx.now);  // a tap anywhere also means "still here"
    c.swallow_tap();
}

}  // namespace feedback::ui
