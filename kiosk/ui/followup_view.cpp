// Follow-up: optional reason chips for the rating given, the service point (when this kiosk
// serves several), the dimension questions on the same five levels, a comment, Skip and Done.
// Every tap updates the stored entry at once (core::Session), so leaving early loses nothing.
//
// Layout (issue 16): everything between the top bar and the bottom bar is one scroll region,
// so on a 768-px-high screen or with large text the last rows scroll into view instead of
// slipping under the bottom bar (where a tap on "Write a comment" once reached a hidden
// service-point chip). Two columns when each is at least 120 mm wide, else one. The level
// buttons are as tall as their labels need when they wrap between words.
#include <algorithm>

#include "ui/faces.h"
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

void FollowUpView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const auto& session = ctx.session;
    const auto& survey = session.survey();
    const auto& entry = *session.entry();
    const float margin = c.mm(6);
    // The office's name only where it fits beside the toggles: the room goes to the questions.
    const float top = draw_top_bar(ctx, true, ctx.office.name(lang)) + c.mm(3);

    // Bottom bar: comment, skip, done — drawn first, so the scroll region ends above it.
    const float gap = c.mm(4);
    const float w = (m.width - 2 * margin - 2 * gap) / 3;
    const bool has_comment = !entry.comment.empty();
    const std::string_view comment_label = (has_comment ? strings::kEditComment : strings::kAddComment).in(lang);
    const float bar_h = std::max({c.mm(17), button_height(c, FontRole::Heading, w, comment_label),
                                  button_height(c, FontRole::Heading, w, strings::kSkip.in(lang)),
                                  button_height(c, FontRole::Heading, w, strings::kDone.in(lang))});
    const float bar_y = m.height - margin - bar_h;
    if (c.button("comment.open", {{margin, bar_y}, {margin + w, bar_y + bar_h}}, comment_label, ButtonStyle::Normal,
                 FontRole::Heading))
        ctx.session.open_comment(ctx.now);
    if (c.button("followup.skip", {{margin + w + gap, bar_y}, {margin + 2 * w + gap, bar_y + bar_h}},
                 strings::kSkip.in(lang), ButtonStyle::Quiet, FontRole::Heading))
        ctx.session.finish(ctx.now);
    if (c.button("followup.done", {{margin + 2 * (w + gap), bar_y}, {m.width - margin, bar_y + bar_h}},
                 strings::kDone.in(lang), ButtonStyle::Primary, FontRole::Heading))
        ctx.session.finish(ctx.now);
    float content_bottom = bar_y - c.mm(3);
    if (!session.last_error().empty()) {
        const float eh = c.paragraph_height(FontRole::Body, m.width - 2 * margin, strings::kStoreError.in(lang));
        c.paragraph(FontRole::Body, {{margin, content_bottom - eh}, {m.width - margin, content_bottom}},
                    c.colors().error_text, strings::kStoreError.in(lang), Align::Center);
        content_bottom -= eh + c.mm(2);
    }

    // The countdown back to Welcome, "more time" and the next visitor's small faces
    // (followup_queue.cpp) stay fixed under the top bar — the next visitor must see them at
    // once, however far the previous one scrolled; the rest scrolls below them.
    const float strip_bottom = draw_followup_queue_strip(ctx, {{margin, top}, {m.width - margin, content_bottom}}) + c.mm(3);
    const Rect area = c.begin_scroll("followup", {{margin, strip_bottom}, {m.width - margin, content_bottom}});
    float y = area.min.y;
    // Header: the chosen face, small, with "your answer has been saved".
    const float face = c.mm(16);
    const float text_x = area.min.x + face + c.mm(4);
    draw_face(c.list(), {area.min.x + face / 2, y + face / 2}, face / 2, entry.rating.value_or(3), c.colors(), false);
    float hy = y;
    hy += c.paragraph(FontRole::Heading, {{text_x, hy}, area.max}, c.colors().text, strings::kThanksForRating.in(lang),
                      Align::Left);
    hy += c.paragraph(FontRole::Body, {{text_x, hy}, area.max}, c.colors().muted_text, strings::kTellUsMore.in(lang),
                      Align::Left);
    y = std::max(y + face, hy) + c.mm(4);

    const float col_gap = c.mm(8), bgap = c.mm(2);
    // Five level buttons side by side only where every label's words fit a button: a word
    // is never cut ("Satisfie|d"); otherwise one column, and if even that is too narrow the
    // levels stack as full-width buttons.
    const auto levels_fit = [&](float width) {
        const float btn_w = (width - 4 * bgap) / 5;
        for (const auto& level : survey.levels)
            if (!c.words_fit(FontRole::Heading, btn_w - c.mm(4), level.label.in(lang))) return false;
        return true;
    };
    const bool two_columns = (area.width() - col_gap) / 2 >= c.mm(120) && levels_fit((area.width() - col_gap) / 2);
    const float col_w = two_columns ? (area.width() - col_gap) / 2 : area.width();
    const Rect left{{area.min.x, y}, {area.min.x + col_w, area.max.y}};
    const Rect right = two_columns ? Rect{{area.min.x + col_w + col_gap, y}, area.max} : left;

    // Reasons for this rating.
    const auto reasons = survey.reasons_for(entry.rating.value_or(3));
    float ly = left.min.y;
    if (!reasons.empty()) {
        ly += c.paragraph(FontRole::Heading, {{left.min.x, ly}, left.max}, c.colors().text, strings::kReasons.in(lang), Align::Left);
        ly += chip_flow(c, {{left.min.x, ly}, left.max}, reasons,
                        [&](const core::Reason* r) { return r->label.in(lang); },
                        [](const core::Reason* r) { return "reason." + r->id; },
                        [&](const core::Reason* r) {
                            return std::find(entry.reasons.begin(), entry.reasons.end(), r->id) != entry.reasons.end();
                        },
                        [&](const core::Reason* r) { ctx.session.toggle_reason(r->id, ctx.now); }) +
              c.mm(5);
    }
    // Service point, when this kiosk serves several.
    std::vector<const core::ServicePoint*> points;
    for (const auto& id : session.settings().service_points)
        if (const auto* sp = survey.find_service_point(id)) points.push_back(sp);
    if (!points.empty()) {
        ly += c.paragraph(FontRole::Heading, {{left.min.x, ly}, left.max}, c.colors().text, strings::kServicePoint.in(lang), Align::Left);
        ly += chip_flow(c, {{left.min.x, ly}, left.max}, points,
                        [&](const core::ServicePoint* p) { return p->name.in(lang); },
                        [](const core::ServicePoint* p) { return "service." + p->id; },
                        [&](const core::ServicePoint* p) { return entry.service_point == p->id; },
                        [&](const core::ServicePoint* p) { ctx.session.choose_service_point(p->id, ctx.now); }) +
              c.mm(5);
    }

    // Dimensions: each question above its five level buttons (5 on the left, like the faces).
    float ry = two_columns ? right.min.y : ly;
    if (!survey.dimensions.empty()) {
        ry += c.paragraph(FontRole::Heading, {{right.min.x, ry}, right.max}, c.colors().text, strings::kDimensions.in(lang),
                          Align::Left);
        const bool across = levels_fit(right.width());
        const float btn_w = across ? (right.width() - 4 * bgap) / 5 : right.width();
        float btn_h = c.mm(15);
        for (const auto& level : survey.levels) btn_h = std::max(btn_h, button_height(c, FontRole::Heading, btn_w, level.label.in(lang)));
        for (const auto& q : survey.dimensions) {
            ry += c.paragraph(FontRole::Body, {{right.min.x, ry}, right.max}, c.colors().text, q.text.in(lang), Align::Left);
            const auto it = entry.dimensions.find(q.id);
            for (int i = 0; i < 5; ++i) {
                const auto& level = survey.levels[static_cast<std::size_t>(i)];
                const float x = across ? right.min.x + static_cast<float>(i) * (btn_w + bgap) : right.min.x;
                const float by = across ? ry : ry + static_cast<float>(i) * (btn_h + bgap);
                const bool chosen = it != entry.dimensions.end() && it->second == level.value;
                if (c.button("dimension." + q.id + "." + std::to_string(level.value), {{x, by}, {x + btn_w, by + btn_h}},
                             level.label.in(lang), chosen ? ButtonStyle::Selected : ButtonStyle::Normal, FontRole::Heading))
                    ctx.session.answer_dimension(q.id, level.value, ctx.now);
            }
            ry += (across ? btn_h : 5 * btn_h + 4 * bgap) + c.mm(3);
        }
    }
    c.end_scroll(std::max(ly, ry));
}

}  // namespace feedback::ui
