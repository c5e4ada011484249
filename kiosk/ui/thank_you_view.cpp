// Thank-you: the session is already closed and stored; this screen returns to Welcome by
// itself after session.thank_you_s, or at once when tapped.
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

void ThankYouView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(8);
    float y = m.height * 0.28f;
    y += c.paragraph(FontRole::Title, {{margin, y}, {m.width - margin, m.height}}, c.colors().text,
                     strings::kThankYou.in(lang), Align::Center);
    y += c.mm(4);
    c.paragraph(FontRole::Heading, {{margin, y}, {m.width - margin, m.height}}, c.colors().muted_text,
                strings::kThankYouDetail.in(lang), Align::Center);
    const float w = std::min(m.width - 2 * margin, c.mm(90)), h = c.mm(17);
    if (c.button("thanks.done", {{(m.width - w) / 2, m.height - margin - h}, {(m.width + w) / 2, m.height - margin}},
                 strings::kBackToStart.in(lang), ButtonStyle::Normal, FontRole::Heading))
        ctx.session.back_to_welcome(ctx.now);
}

}  // namespace feedback::ui
