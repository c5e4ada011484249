// The top strip shared by the screens. Language and accessibility toggles sit in the same
// place on every screen so a visitor who needs them finds them where they first saw them.
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

float draw_top_bar(ViewContext& ctx, bool with_accessibility) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const float margin = c.mm(6), h = c.mm(15), gap = c.mm(2);
    const auto& lang = ctx.lang();
    const std::string& office = lang == "en" ? ctx.office.name_en : ctx.office.name_th;

    // Right-aligned toggles: ไทย | English [| large text | high contrast]
    const float toggle_w = c.mm(30);
    const int toggles = with_accessibility ? 4 : 2;
    const float toggles_w = toggle_w * static_cast<float>(toggles) + gap * static_cast<float>(toggles - 1);
    const bool stacked = m.width - 2 * margin - toggles_w < c.mm(80);  // portrait: name on its own row
    float x = m.width - margin - toggles_w;
    const float y = stacked ? margin + c.font_size(FontRole::Heading) * 1.6f : margin;
    auto next = [&]() {
        Rect r{{x, y}, {x + toggle_w, y + h}};
        x += toggle_w + gap;
        return r;
    };
    if (c.button("lang.th", next(), strings::kLanguageThai.th, lang == "th" ? ButtonStyle::Selected : ButtonStyle::Normal))
        ctx.session.set_language("th", ctx.now);
    if (c.button("lang.en", next(), strings::kLanguageEnglish.en, lang == "en" ? ButtonStyle::Selected : ButtonStyle::Normal))
        ctx.session.set_language("en", ctx.now);
    if (with_accessibility) {
        if (c.button("a11y.large", next(), strings::kLargeText.in(lang),
                     ctx.session.large_text() ? ButtonStyle::Selected : ButtonStyle::Normal, FontRole::Small))
            ctx.session.toggle_large_text(ctx.now);
        if (c.button("a11y.contrast", next(), strings::kHighContrast.in(lang),
                     ctx.session.high_contrast() ? ButtonStyle::Selected : ButtonStyle::Normal, FontRole::Small))
            ctx.session.toggle_high_contrast(ctx.now);
    }
    const float name_w = stacked ? m.width - 2 * margin : m.width - 2 * margin - toggles_w - gap;
    const float name_y = stacked ? margin : margin + (h - c.font_size(FontRole::Heading) * 1.35f) / 2;
    c.paragraph(FontRole::Heading, {{margin, name_y}, {margin + name_w, name_y + h}}, c.colors().text, office,
                Align::Left);
    return y + h;
}

}  // namespace feedback::ui

namespace feedback::ui {

float draw_nav_bar(ViewContext& ctx, const char* next_id, std::string_view next_label, bool next_primary) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const float margin = c.mm(6), h = c.mm(17), gap = c.mm(4);
    const float y = m.height - margin - h;
    const float back_w = std::min(c.mm(70), (m.width - 2 * margin - gap) / 3);
    if (c.button("complaint.back", {{margin, y}, {margin + back_w, y + h}}, strings::kBack.in(ctx.lang()),
                 ButtonStyle::Quiet, FontRole::Heading))
        ctx.session.complaint_back(ctx.now);
    if (next_id && c.button(next_id, {{margin + back_w + gap, y}, {m.width - margin, y + h}}, next_label,
                            next_primary ? ButtonStyle::Primary : ButtonStyle::Normal, FontRole::Heading)) {
        const std::string id = next_id;
        if (id == "complaint.next") ctx.session.complaint_next(ctx.now);
        if (id == "complaint.submit") ctx.session.submit_contact(ctx.now);
    }
    return y;
}

}  // namespace feedback::ui
