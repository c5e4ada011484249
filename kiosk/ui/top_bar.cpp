// The top strip shared by the screens. Language and accessibility toggles sit in the same
// place on every visitor screen (issue 16: the large-text toggle was on Welcome only) so a
// visitor who needs them finds them where they first saw them.
//
// Sizes follow the text (issue 16): each toggle is as wide as its label in the button size
// (never a fixed 30 mm that a larger font overflows), the office name takes what is left
// beside them, and when that is too little for a readable name — portrait, 4:3 screens,
// large text — the name gets its own row above the toggles. When even a row of its own is
// too narrow for the four toggles, they share the width equally and their labels wrap
// between words.
#include <algorithm>
#include <numeric>

#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

float draw_top_bar(ViewContext& ctx, bool with_accessibility, std::string_view title) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const float margin = c.mm(6), gap = c.mm(2), pad = c.mm(4);
    const auto& lang = ctx.lang();
    const std::string_view office = !title.empty() ? title : lang == "en" ? std::string_view(ctx.office.name_en)
                                                                            : std::string_view(ctx.office.name_th);
    const FontRole role = FontRole::Heading;

    struct Toggle {
        const char* id;
        std::string_view label;
        bool selected;
    };
    std::vector<Toggle> toggles = {{"lang.th", strings::kLanguageThai.th, lang == "th"},
                                   {"lang.en", strings::kLanguageEnglish.en, lang == "en"}};
    if (with_accessibility) {
        toggles.push_back({"a11y.large", strings::kLargeText.in(lang), ctx.session.large_text()});
        toggles.push_back({"a11y.contrast", strings::kHighContrast.in(lang), ctx.session.high_contrast()});
    }
    std::vector<float> widths;
    for (const auto& t : toggles) widths.push_back(std::max(c.mm(20), c.text_width(role, t.label) + 2 * pad));
    const float n = static_cast<float>(toggles.size());
    const float natural = std::accumulate(widths.begin(), widths.end(), 0.0f) + gap * (n - 1);
    const float full = m.width - 2 * margin;
    // The name needs room for its longest word and some more beside the toggles.
    const float name_beside = full - std::min(natural, full) - c.mm(6);
    // A screen title (text-entry screens) never takes a row of its own: it wraps beside the
    // toggles, or is left out when not even its words fit there (the field says what to do).
    const bool stacked = title.empty() && name_beside < std::max(c.mm(90), full * 0.3f);
    float h = std::max(c.mm(15), c.line_height(role) + c.mm(3));
    if (natural > full) {
        // Equal shares, labels wrapping between words: as tall as the tallest label needs.
        const float w = (full - gap * (n - 1)) / n;
        for (auto& width : widths) width = w;
        for (const auto& t : toggles) h = std::max(h, c.paragraph_height(role, w - c.mm(4), t.label) + c.mm(3));
    }
    const float row_w = std::min(natural, full);

    float name_bottom = margin;
    if (stacked) {
        name_bottom += c.paragraph(role, {{margin, margin}, {m.width - margin, m.height}}, c.colors().text, office,
                                   Align::Left) + c.mm(2);
    }
    const float y = stacked ? name_bottom : margin;
    float x = m.width - margin - row_w;
    for (std::size_t i = 0; i < toggles.size(); ++i) {
        const Rect r{{x, y}, {x + widths[i], y + h}};
        x += widths[i] + gap;
        if (c.button(toggles[i].id, r, toggles[i].label, toggles[i].selected ? ButtonStyle::Selected : ButtonStyle::Normal,
                     role)) {
            const std::string id = toggles[i].id;
            if (id == "lang.th") ctx.session.set_language("th", ctx.now);
            if (id == "lang.en") ctx.session.set_language("en", ctx.now);
            if (id == "a11y.large") ctx.session.toggle_large_text(ctx.now);
            if (id == "a11y.contrast") ctx.session.toggle_high_contrast(ctx.now);
        }
    }
    if (!stacked) {
        const float name_w = full - row_w - c.mm(6);
        if (name_w < c.mm(20) || !c.words_fit(role, name_w, office)) return y + h;
        float name_h = c.paragraph_height(role, name_w, office);
        if (!title.empty() && name_h > h) return y + h;
        c.paragraph(role, {{margin, margin + std::max(0.0f, (h - name_h) / 2)}, {margin + name_w, m.height}},
                    c.colors().text, office, Align::Left);
        return std::max(y + h, margin + name_h);
    }
    return y + h;
}

}  // namespace feedback::ui

namespace feedback::ui {

bool draw_listen_button(ViewContext& ctx, Rect rect) {
    if (!ctx.office.on_listen) return false;
    Canvas& c = ctx.canvas;
    const bool on = ctx.office.listening && ctx.office.listening();
    if (c.button("a11y.listen", rect, strings::kListen.th, on ? ButtonStyle::Selected : ButtonStyle::Normal,
                 FontRole::Heading)) {
        ctx.session.touched(ctx.now);
        ctx.office.on_listen();
    }
    return true;
}

float draw_nav_bar(ViewContext& ctx, const char* next_id, std::string_view next_label, bool next_primary,
                   std::string_view between) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const float margin = c.mm(6), gap = c.mm(4);
    const float h = std::max(c.mm(17), c.line_height(FontRole::Heading) + c.mm(4));
    const float y = m.height - margin - h;
    const float back_w = std::min(c.mm(70), (m.width - 2 * margin - gap) / 3);
    if (c.button("complaint.back", {{margin, y}, {margin + back_w, y + h}}, strings::kBack.in(ctx.lang()),
                 ButtonStyle::Quiet, FontRole::Heading))
        ctx.session.complaint_back(ctx.now);
    float next_x = margin + back_w + gap;
    if (!between.empty()) {
        const float tw = c.text_width(FontRole::Small, between);
        c.text(FontRole::Small, {next_x, y + (h - c.line_height(FontRole::Small)) / 2}, c.colors().muted_text, between);
        next_x += tw + gap;
    }
    if (next_id && c.button(next_id, {{next_x, y}, {m.width - margin, y + h}}, next_label,
                            next_primary ? ButtonStyle::Primary : ButtonStyle::Normal, FontRole::Heading)) {
        const std::string id = next_id;
        if (id == "complaint.next") ctx.session.complaint_next(ctx.now);
        if (id == "complaint.submit") ctx.session.submit_contact(ctx.now);
    }
    return y;
}

}  // namespace feedback::ui
