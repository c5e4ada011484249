// The follow-up's queue strip (issue 16, "one visitor, one entry"): at a counter the next
// visitor often finds the previous visitor's follow-up still on screen. Two things stop their
// taps landing on that entry:
// - a countdown, visible all the time, after which the follow-up returns to Welcome by itself
//   with the answer kept (session.followup_timeout_s), and a "more time" button for the
//   visitor who is still answering;
// - the five faces, small, with "next visitor? tap a face": one tap closes the previous entry
//   as it stands and stores this rating as a new entry (core::Session::start_new_answer).
// Widget ids: followup.more-time, followup.new.1 … followup.new.5 (5 = most satisfied,
// leftmost, as on Welcome).
#include <algorithm>
#include <cstdio>
#include <string>

#include "ui/faces.h"
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

float draw_followup_queue_strip(ViewContext& ctx, float y) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const auto& survey = ctx.session.survey();
    const float margin = c.mm(6), pad = c.mm(3), gap = c.mm(2);
    const float target = c.mm(15);  // the smallest touch target the kiosk uses (keys, chips)
    const float faces_w = 5 * target + 4 * gap;

    char countdown[160];
    std::snprintf(countdown, sizeof countdown, strings::kFollowupCountdown.in(lang),
                  ctx.session.followup_seconds_left(ctx.now));
    const char* more = strings::kMoreTimeShort.in(lang);
    const char* next = strings::kNextVisitor.in(lang);
    const float more_w = std::max(c.mm(30), c.text_width(FontRole::Body, more) + 2 * c.mm(5));
    // The countdown's width for the widest number it shows, so the button does not move.
    char widest[160];
    std::snprintf(widest, sizeof widest, strings::kFollowupCountdown.in(lang), 888);
    const float count_w = c.text_width(FontRole::Body, widest);
    const float next_w = c.text_width(FontRole::Body, next);

    const float inner_w = m.width - 2 * margin - 2 * pad;
    const float left_w = count_w + gap * 2 + more_w;
    const float right_w = next_w + gap * 2 + faces_w;
    const bool one_row = left_w + c.mm(8) + right_w <= inner_w;
    const bool caption_beside = one_row || right_w <= inner_w;
    const float row2_caption_h = caption_beside ? 0 : c.paragraph_height(FontRole::Body, inner_w, next) + gap;
    const float strip_h = one_row ? target + 2 * pad : 2 * target + 3 * pad + row2_caption_h;
    const Rect strip{{margin, y}, {m.width - margin, y + strip_h}};
    c.list().AddRectFilled(strip.min, strip.max, c.colors().surface, c.mm(2));
    c.list().AddRect(strip.min, strip.max, c.colors().muted_text, c.mm(2), 0, std::max(1.0f, c.mm(0.3f)));

    // Countdown and "more time".
    const float row1_y = strip.min.y + pad;
    const float text_h = c.font_size(FontRole::Body);
    c.text(FontRole::Body, {strip.min.x + pad, row1_y + (target - text_h) / 2}, c.colors().text, countdown);
    const float more_x = strip.min.x + pad + count_w + 2 * gap;
    if (c.button("followup.more-time", {{more_x, row1_y}, {more_x + more_w, row1_y + target}}, more,
                 ButtonStyle::Normal))
        ctx.session.more_time(ctx.now);

    // "Next visitor?" and the five small faces, on the right (or on a row of their own).
    float row2_y = one_row ? row1_y : row1_y + target + pad;
    float faces_x = strip.max.x - pad - faces_w;
    if (caption_beside) {
        c.text(FontRole::Body, {faces_x - 2 * gap - next_w, row2_y + (target - text_h) / 2}, c.colors().text, next);
    } else {
        c.paragraph(FontRole::Body, {{strip.min.x + pad, row2_y}, {strip.max.x - pad, strip.max.y}}, c.colors().text,
                    next, Align::Left);
        row2_y += row2_caption_h;
        faces_x = strip.min.x + pad;
    }
    for (int i = 0; i < 5; ++i) {
        const int level = survey.levels[static_cast<std::size_t>(i)].value;
        const float x = faces_x + static_cast<float>(i) * (target + gap);
        const Rect cell{{x, row2_y}, {x + target, row2_y + target}};
        draw_face(c.list(), cell.center(), target * 0.45f, level, c.colors(), c.pressed(cell));
        if (c.hit("followup.new." + std::to_string(level), cell)) ctx.session.start_new_answer(level, ctx.now);
    }
    return strip.max.y;
}

}  // namespace feedback::ui
