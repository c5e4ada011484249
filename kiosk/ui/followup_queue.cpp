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

namespace {

// The strip's parts and their widths, measured once per frame for both functions below.
struct StripParts {
    char countdown[160];
    const char* more;
    const char* next;
    float target, gap, pad, faces_w, more_w, count_w, next_w;
    float left_w() const { return count_w + gap * 2 + more_w; }
    float right_w() const { return next_w + gap * 2 + faces_w; }
};

StripParts measure(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& lang = ctx.lang();
    StripParts p{};
    p.pad = c.mm(3);
    p.gap = c.mm(2);
    p.target = c.mm(15);  // the smallest touch target the kiosk uses (keys, chips)
    p.faces_w = 5 * p.target + 4 * p.gap;
    std::snprintf(p.countdown, sizeof p.countdown, strings::kFollowupCountdown.in(lang),
                  ctx.session.followup_seconds_left(ctx.now));
    p.more = strings::kMoreTimeShort.in(lang);
    p.next = strings::kNextVisitor.in(lang);
    p.more_w = std::max(c.mm(30), c.text_width(FontRole::Body, p.more) + 2 * c.mm(5));
    // The countdown's width for the widest number it shows, so the button does not move.
    char widest[160];
    std::snprintf(widest, sizeof widest, strings::kFollowupCountdown.in(lang), 888);
    p.count_w = c.text_width(FontRole::Body, widest);
    p.next_w = c.text_width(FontRole::Body, p.next);
    return p;
}

}  // namespace

float followup_queue_strip_one_row_width(ViewContext& ctx) {
    const StripParts p = measure(ctx);
    return 2 * p.pad + p.left_w() + ctx.canvas.mm(8) + p.right_w();
}

float draw_followup_queue_strip(ViewContext& ctx, Rect area) {
    Canvas& c = ctx.canvas;
    const auto& survey = ctx.session.survey();
    const StripParts p = measure(ctx);
    const float pad = p.pad, gap = p.gap, target = p.target, faces_w = p.faces_w, more_w = p.more_w,
                count_w = p.count_w, next_w = p.next_w;
    const char* countdown = p.countdown;
    const char* more = p.more;
    const char* next = p.next;
    const float y = area.min.y;
    const float inner_w = area.width() - 2 * pad;
    const bool one_row = p.left_w() + c.mm(8) + p.right_w() <= inner_w + 0.5f;  // 0.5: rounding
    const bool caption_beside = one_row || p.right_w() <= inner_w;
    const float row2_caption_h = caption_beside ? 0 : c.paragraph_height(FontRole::Body, inner_w, next) + gap;
    // A row is as tall as a line of its text needs (large text), never under the touch target.
    const float row_h = std::max(target, c.line_height(FontRole::Body));
    const float strip_h = one_row ? row_h + 2 * pad : 2 * row_h + 3 * pad + row2_caption_h;
    const Rect strip{{area.min.x, y}, {area.max.x, y + strip_h}};
    c.list().AddRectFilled(strip.min, strip.max, c.colors().surface, c.mm(2));
    c.list().AddRect(strip.min, strip.max, c.colors().muted_text, c.mm(2), 0, std::max(1.0f, c.mm(0.3f)));

    // Countdown and "more time".
    const float row1_y = strip.min.y + pad;
    const float text_h = c.line_height(FontRole::Body);
    c.text(FontRole::Body, {strip.min.x + pad, row1_y + (row_h - text_h) / 2}, c.colors().text, countdown);
    const float more_x = strip.min.x + pad + count_w + 2 * gap;
    if (c.button("followup.more-time", {{more_x, row1_y}, {more_x + more_w, row1_y + row_h}}, more,
                 ButtonStyle::Normal))
        ctx.session.more_time(ctx.now);

    // "Next visitor?" and the five small faces, on the right (or on a row of their own).
    float row2_y = one_row ? row1_y : row1_y + row_h + pad;
    float faces_x = strip.max.x - pad - faces_w;
    if (caption_beside) {
        c.text(FontRole::Body, {faces_x - 2 * gap - next_w, row2_y + (row_h - text_h) / 2}, c.colors().text, next);
    } else {
        c.paragraph(FontRole::Body, {{strip.min.x + pad, row2_y}, {strip.max.x - pad, strip.max.y}}, c.colors().text,
                    next, Align::Left);
        row2_y += row2_caption_h;
        faces_x = strip.min.x + pad;
    }
    for (int i = 0; i < 5; ++i) {
        const int level = survey.levels[static_cast<std::size_t>(i)].value;
        const float x = faces_x + static_cast<float>(i) * (target + gap);
        const Rect cell{{x, row2_y + (row_h - target) / 2}, {x + target, row2_y + (row_h + target) / 2}};
        draw_face(c.list(), cell.center(), target * 0.45f, level, c.colors(), c.pressed(cell));
        if (c.hit("followup.new." + std::to_string(level), cell)) ctx.session.start_new_answer(level, ctx.now);
    }
    return strip.max.y;
}

}  // namespace feedback::ui
