// Comment: a text field showing the draft shaped and word-wrapped, a visible counter against
// the length limit, and the on-screen keyboard. The draft lives in core::Session; Save stores
// it on the entry, Cancel drops it.
//
// Layout (issue 16): the field always shows whole lines of text (at least two), so no mark
// above or below a line is cut by its edge; the keyboard takes the rest (layout_entry).
#include <cstdio>

#include "text/thai_input.h"
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

void CommentView::draw(ViewContext& ctx, Keyboard& keyboard) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(6);
    const float y = draw_top_bar(ctx, true, strings::kCommentTitle.in(lang)) + c.mm(2);

    const std::size_t limit = ctx.session.settings().max_comment_chars;
    const std::string& draft = ctx.session.draft_comment();
    // The count sits between Cancel and Save: it costs no height (issue 16).
    char counter[96];
    std::snprintf(counter, sizeof counter, strings::kCharacters.in(lang), text::count_chars(draft), limit);
    const float counter_w = c.text_width(FontRole::Small, counter);
    const float gap = c.mm(4);
    const float w = (m.width - 2 * margin - counter_w - 2 * gap) / 2;
    const float bar_h = std::max({c.mm(16), button_height(c, FontRole::Heading, w, strings::kCancel.in(lang)),
                                  button_height(c, FontRole::Heading, w, strings::kSave.in(lang))});
    const float bar_y = m.height - margin - bar_h;
    const EntryLayout layout =
        layout_entry(c, margin, m.width - margin, y, bar_y - c.mm(3), 2, ctx.session.followup_countdown());
    const Rect& field = layout.field;

    c.list().AddRectFilled(field.min, field.max, c.colors().surface, c.mm(2));
    c.list().AddRect(field.min, field.max, c.colors().primary, c.mm(2), 0, std::max(2.0f, c.mm(0.7f)));
    const Rect inner = field.inset(c.mm(3));
    if (draft.empty()) {
        c.paragraph(FontRole::Body, inner, c.colors().muted_text, strings::kCommentPlaceholder.in(lang), Align::Left);
    } else {
        draw_field_text(c, inner, draft);
    }

    c.text(FontRole::Small, {margin + w + gap, bar_y + (bar_h - c.line_height(FontRole::Small)) / 2}, c.colors().muted_text,
           counter);
    // Until the first key, the follow-up's short countdown runs here too (a visitor who opened
    // the comment and walked away must not leave it for the next one); once typing has begun
    // the usual idle warning takes over. It has a line of its own under the field.
    if (ctx.session.followup_countdown()) {
        char countdown[160];
        std::snprintf(countdown, sizeof countdown, strings::kFollowupCountdown.in(lang),
                      ctx.session.followup_seconds_left(ctx.now));
        c.text(FontRole::Small, {field.min.x, layout.counter_y}, c.colors().muted_text, countdown);
    }

    std::string edited = draft;
    keyboard.draw(c, layout.keyboard, edited, limit, lang);
    if (edited != draft) ctx.session.set_draft_comment(edited, ctx.now);

    if (c.button("keyboard.cancel", {{margin, bar_y}, {margin + w, bar_y + bar_h}}, strings::kCancel.in(lang),
                 ButtonStyle::Quiet, FontRole::Heading))
        ctx.session.cancel_comment(ctx.now);
    if (c.button("keyboard.done", {{m.width - margin - w, bar_y}, {m.width - margin, bar_y + bar_h}}, strings::kSave.in(lang),
                 ButtonStyle::Primary, FontRole::Heading))
        ctx.session.save_comment(ctx.now);
}

}  // namespace feedback::ui
