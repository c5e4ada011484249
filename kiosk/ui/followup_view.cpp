// Follow-up: optional reason chips for the rating given, the service point (when this kiosk
// serves several), the dimension questions on the same five levels, a comment, Skip and Done.
// Every tap updates the stored entry at once (core::Session), so leaving early loses nothing.
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
    float y = draw_top_bar(ctx, false) + c.mm(4);

    // Header: the chosen face, small, with "your answer has been saved"; beside it, when the
    // width allows, the countdown back to Welcome and the next visitor's faces
    // (followup_queue.cpp), else those on a row of their own below.
    const float face = c.mm(16);
    const float text_x = margin + face + c.mm(4);
    const float header_text_w = std::max(c.text_width(FontRole::Heading, strings::kThanksForRating.in(lang)),
                                         c.text_width(FontRole::Body, strings::kTellUsMore.in(lang)));
    const float strip_w = followup_queue_strip_one_row_width(ctx);
    const bool strip_beside = text_x + header_text_w + c.mm(6) + strip_w <= m.width - margin;
    const float header_right = strip_beside ? m.width - margin - strip_w - c.mm(6) : m.width - margin;
    draw_face(c.list(), {margin + face / 2, y + face / 2}, face / 2, entry.rating.value_or(3), c.colors(), false);
    float hy = y;
    hy += c.paragraph(FontRole::Heading, {{text_x, hy}, {header_right, m.height}}, c.colors().text,
                      strings::kThanksForRating.in(lang), Align::Left);
    hy += c.paragraph(FontRole::Body, {{text_x, hy}, {header_right, m.height}}, c.colors().muted_text,
                      strings::kTellUsMore.in(lang), Align::Left);
    if (strip_beside) {
        const float strip_bottom = draw_followup_queue_strip(ctx, {{m.width - margin - strip_w, y}, {m.width - margin, m.height}});
        y = std::max({y + face, hy, strip_bottom}) + c.mm(4);
    } else {
        y = std::max(y + face, hy) + c.mm(3);
        y = draw_followup_queue_strip(ctx, {{margin, y}, {m.width - margin, m.height}}) + c.mm(4);
    }

    const float bar_h = c.mm(17);
    const float content_bottom = m.height - margin - bar_h - c.mm(4);
    const bool two_columns = !m.portrait();
    const float col_gap = c.mm(8);
    const float col_w = two_columns ? (m.width - 2 * margin - col_gap) / 2 : m.width - 2 * margin;
    Rect left{{margin, y}, {margin + col_w, content_bottom}};
    Rect right = two_columns ? Rect{{margin + col_w + col_gap, y}, {m.width - margin, content_bottom}} : left;

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

    // Dimensions: each question with five level buttons (5 on the left, like the faces). When
    // the question-above-buttons layout does not fit (large text on a small screen), each
    // question goes beside its buttons instead.
    float ry = two_columns ? right.min.y : ly;
    if (!survey.dimensions.empty()) {
        ry += c.paragraph(FontRole::Heading, {{right.min.x, ry}, right.max}, c.colors().text, strings::kDimensions.in(lang), Align::Left);
        const float gap = c.mm(2);
        const float btn_h = c.mm(15);
        float stacked_h = 0;
        for (const auto& q : survey.dimensions)
            stacked_h += c.paragraph_height(FontRole::Body, right.width(), q.text.in(lang)) + btn_h + c.mm(3);
        const bool inline_labels = ry + stacked_h > right.max.y;
        const float label_w = inline_labels ? right.width() * 0.32f : 0;
        const float buttons_x = right.min.x + label_w;
        const float btn_w = (right.width() - label_w - 4 * gap) / 5;
        for (const auto& q : survey.dimensions) {
            float row_h = btn_h;
            if (inline_labels) {
                const float lh = c.paragraph_height(FontRole::Small, label_w - gap, q.text.in(lang));
                row_h = std::max(btn_h, lh);
                c.paragraph(FontRole::Small, {{right.min.x, ry + (row_h - lh) / 2}, {buttons_x - gap, ry + row_h}},
                            c.colors().text, q.text.in(lang), Align::Left);
            } else {
                ry += c.paragraph(FontRole::Body, {{right.min.x, ry}, right.max}, c.colors().text, q.text.in(lang), Align::Left);
            }
            const auto it = entry.dimensions.find(q.id);
            for (int i = 0; i < 5; ++i) {
                const auto& level = survey.levels[static_cast<std::size_t>(i)];
                const float x = buttons_x + static_cast<float>(i) * (btn_w + gap);
                const bool chosen = it != entry.dimensions.end() && it->second == level.value;
                const float by = ry + (row_h - btn_h) / 2;
                if (c.button("dimension." + q.id + "." + std::to_string(level.value), {{x, by}, {x + btn_w, by + btn_h}},
                             level.label.in(lang), chosen ? ButtonStyle::Selected : ButtonStyle::Normal, FontRole::Small))
                    ctx.session.answer_dimension(q.id, level.value, ctx.now);
            }
            ry += row_h + c.mm(3);
        }
    }

    // Bottom bar: comment, skip, done.
    const float bar_y = m.height - margin - bar_h;
    const float gap = c.mm(4);
    const float w = (m.width - 2 * margin - 2 * gap) / 3;
    const bool has_comment = !entry.comment.empty();
    if (c.button("comment.open", {{margin, bar_y}, {margin + w, bar_y + bar_h}},
                 (has_comment ? strings::kEditComment : strings::kAddComment).in(lang), ButtonStyle::Normal, FontRole::Heading))
        ctx.session.open_comment(ctx.now);
    if (c.button("followup.skip", {{margin + w + gap, bar_y}, {margin + 2 * w + gap, bar_y + bar_h}},
                 strings::kSkip.in(lang), ButtonStyle::Quiet, FontRole::Heading))
        ctx.session.finish(ctx.now);
    if (c.button("followup.done", {{margin + 2 * (w + gap), bar_y}, {m.width - margin, bar_y + bar_h}},
                 strings::kDone.in(lang), ButtonStyle::Primary, FontRole::Heading))
        ctx.session.finish(ctx.now);
    if (!session.last_error().empty())
        c.paragraph(FontRole::Body, {{margin, bar_y - c.mm(10)}, {m.width - margin, bar_y}}, c.colors().error_text,
                    strings::kStoreError.in(lang), Align::Center);
}

}  // namespace feedback::ui
