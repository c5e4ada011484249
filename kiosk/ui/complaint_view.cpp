// Complaint: the button on Welcome must lead somewhere honest until the complaint flow lands,
// so this screen says the channel opens soon and how to complain meanwhile.
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

void ComplaintView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(8);
    float y = draw_top_bar(ctx, false) + c.mm(12);
    y += c.paragraph(FontRole::Title, {{margin, y}, {m.width - margin, m.height}}, c.colors().text,
                     strings::kComplaintTitle.in(lang), Align::Center);
    y += c.mm(6);
    const float text_w = std::min(m.width - 2 * margin, c.mm(220));
    c.paragraph(FontRole::Heading, {{(m.width - text_w) / 2, y}, {(m.width + text_w) / 2, m.height}}, c.colors().text,
                strings::kComplaintSoon.in(lang), Align::Center);
    const float w = std::min(m.width - 2 * margin, c.mm(90)), h = c.mm(17);
    if (c.button("complaint.back", {{(m.width - w) / 2, m.height - margin - h}, {(m.width + w) / 2, m.height - margin}},
                 strings::kBackToStart.in(lang), ButtonStyle::Primary, FontRole::Heading))
        ctx.session.back_to_welcome(ctx.now_ms);
}

}  // namespace feedback::ui
