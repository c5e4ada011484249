// Comment: a text field showing the draft shaped and word-wrapped, a visible counter against
// the length limit, and the on-screen keyboard. The draft lives in core::Session; Save stores
// it on the entry, Cancel drops it.
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
    float y = draw_top_bar(ctx, true) + c.mm(3);
    y += c.paragraph(FontRole::Heading, {{margin, y}, {m.width - margin, m.height}}, c.colors().text,
                     strings::kCommentTitle.in(lang), Align::Left);

    const std::size_t limit = ctx.session.settings().max_comment_chars;
    const float bar_h = c.mm(16);
    const float keyboard_h = std::min(m.height * 0.55f, c.mm(6 * 25.0f));
    const float bar_y = m.height - margin - bar_h;
    const float keyboard_top = bar_y - c.mm(3) - keyboard_h;
    const Rect field{{margin, y + c.mm(1)}, {m.width - margin, keyboard_top - c.mm(10)}};

    c.list().AddRectFilled(field.min, field.max, c.colors().surface, c.mm(2));
    c.list().AddRect(field.min, field.max, c.colors().primary, c.mm(2), 0, std::max(2.0f, c.mm(0.7f)));
    const std::string& draft = ctx.session.draft_comment();
    const Rect inner = field.inset(c.mm(3));
    if (draft.empty()) {
        c.paragraph(FontRole::Body, inner, c.colors().muted_text, strings::kCommentPlaceholder.in(lang), Align::Left);
    } else {
        draw_field_text(c, inner, draft);
    }

    char counter[96];
    std::snprintf(counter, sizeof counter, strings::kCharacters.in(lang), text::count_chars(draft), limit);
    const float counter_w = c.text_width(FontRole::Small, counter);
    c.text(FontRole::Small, {field.max.x - counter_w, field.max.y + c.mm(1)}, c.colors().muted_text, counter);

    std::string edited = draft;
    keyboard.draw(c, {{margin, keyboard_top}, {m.width - margin, keyboard_top + keyboard_h}}, edited, limit, lang);
    if (edited != draft) ctx.session.set_draft_comment(edited, ctx.now);

    const float gap = c.mm(4);
    const float w = (m.width - 2 * margin - gap) / 2;
    if (c.button("keyboard.cancel", {{margin, bar_y}, {margin + w, bar_y + bar_h}}, strings::kCancel.in(lang),
                 ButtonStyle::Quiet, FontRole::Heading))
        ctx.session.cancel_comment(ctx.now);
    if (c.button("keyboard.done", {{margin + w + gap, bar_y}, {m.width - margin, bar_y + bar_h}}, strings::kSave.in(lang),
                 ButtonStyle::Primary, FontRole::Heading))
        ctx.session.save_comment(ctx.now);
}

}  // namespace feedback::ui
