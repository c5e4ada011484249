// Thank-you: the session is already closed and stored; this screen returns to Welcome by
// itself after session.thank_you_s, or at once when tapped. It shows the office's logo
// (office.logo) and, when office.channels_url is set, a QR code to the office's other channels
// (LINE Official Account, website: ITA measure 12) with the office named under it.
// Widget ids: thanks.done, thanks.channels-qr (the QR code's area, for tests and the layout check).
// The top bar with its language, large-text and contrast toggles is here as on every visitor
// screen (issue 16): a visitor who needs large text to read "thank you" must be able to get it.
#include <algorithm>

#include "ui/qr_code.h"
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

void ThankYouView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(8);
    const float top = draw_top_bar(ctx, true) + c.mm(2);
    const float button_h = std::max(c.mm(17), c.line_height(FontRole::Heading) + c.mm(4));
    const float bottom = m.height - margin - button_h - c.mm(4);  // above the button
    const bool has_logo = ctx.office.logo && ctx.office.logo_width > 0 && ctx.office.logo_height > 0;
    const bool has_qr = !ctx.office.channels_url.empty();

    // Heights first, so the whole group is centred in the space above the button.
    const float text_w = m.width - 2 * margin;
    const std::string qr_caption = with_office_name(strings::kChannelsQr.in(lang), ctx.office.name(lang));
    const float title_h = c.paragraph_height(FontRole::Title, text_w, strings::kThankYou.in(lang));
    const float detail_h = c.paragraph_height(FontRole::Heading, text_w, strings::kThankYouDetail.in(lang));
    const float caption_h = has_qr ? c.paragraph_height(FontRole::Body, text_w, qr_caption) : 0;
    const float fixed = title_h + c.mm(4) + detail_h + (has_qr ? c.mm(6) + caption_h + c.mm(2) : 0);
    const float spare = std::max(0.0f, bottom - top - fixed);
    // The QR code gets what is left after the logo, between 25 mm (phones still read it) and 50 mm.
    float logo_h = has_logo ? std::clamp(spare * 0.3f, c.mm(12), c.mm(30)) : 0;
    float qr_size = has_qr ? std::clamp(spare - logo_h - (has_logo ? c.mm(5) : 0), c.mm(25), c.mm(50)) : 0;
    if (has_logo && logo_h + qr_size + c.mm(5) > spare) logo_h = std::max(0.0f, spare - qr_size - c.mm(5));
    const float group_h = fixed + (logo_h > 0 ? logo_h + c.mm(5) : 0) + qr_size;
    // Centred in the space between the bars; where even the smallest QR code does not fit
    // (a 768 px screen with large text), the group scrolls instead of running under the button.
    const Rect area = c.begin_scroll("thanks", {{margin, top}, {m.width - margin, bottom}});
    const float cx = (area.min.x + area.max.x) / 2;
    float y = area.min.y + std::max(0.0f, (bottom - top - group_h) / 2);

    if (has_logo && logo_h >= c.mm(8)) {
        const float logo_w = std::min(area.width(), logo_h * ctx.office.logo_width / ctx.office.logo_height);
        const float h = logo_w * ctx.office.logo_height / ctx.office.logo_width;  // kept in proportion
        const ImVec2 min{cx - logo_w / 2, y + (logo_h - h) / 2};
        c.list().AddImage(ctx.office.logo, min, {min.x + logo_w, min.y + h});
        y += logo_h + c.mm(5);
    }
    y += c.paragraph(FontRole::Title, {{area.min.x, y}, area.max}, c.colors().text,
                     strings::kThankYou.in(lang), Align::Center);
    y += c.mm(4);
    y += c.paragraph(FontRole::Heading, {{area.min.x, y}, area.max}, c.colors().muted_text,
                     strings::kThankYouDetail.in(lang), Align::Center);
    if (has_qr) {
        y += c.mm(6);
        const float drawn = qr_code_drawn_size(qr_size, ctx.office.channels_url);
        const ImVec2 at{cx - drawn / 2, y};
        // Black on white whatever the theme: phone cameras read it best so.
        if (drawn > 0 && draw_qr_code(c.list(), at, qr_size, ctx.office.channels_url, IM_COL32(0, 0, 0, 255),
                                      IM_COL32(255, 255, 255, 255))) {
            c.hit("thanks.channels-qr", {at, {at.x + drawn, at.y + drawn}});
            y += drawn + c.mm(2);
            y += c.paragraph(FontRole::Body, {{area.min.x, y}, area.max}, c.colors().muted_text, qr_caption,
                             Align::Center);
        }
    }
    c.end_scroll(y);

    const float w = std::min(m.width - 2 * margin, c.mm(90));
    if (c.button("thanks.done", {{(m.width - w) / 2, m.height - margin - button_h}, {(m.width + w) / 2, m.height - margin}},
                 strings::kBackToStart.in(lang), ButtonStyle::Normal, FontRole::Heading))
        ctx.session.back_to_welcome(ctx.now);
}

}  // namespace feedback::ui
