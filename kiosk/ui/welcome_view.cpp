// Welcome (also the idle screen): the question, five faces with labels, the complaint button.
// A face is at least 25 mm across and the whole face plus its label is the touch target.
// Outside office hours a banner under the top bar says the office is closed, when it opens,
// and that answers are still welcome.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "ui/faces.h"
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {

void WelcomeView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const auto& survey = ctx.session.survey();
    const float margin = c.mm(6);
    // The staff gesture's target (held 3 s: see kiosk_window.cpp); a plain tap does nothing.
    c.gesture_area("admin.corner", {{0, 0}, {c.mm(15), c.mm(15)}});
    const float top = draw_top_bar(ctx, true) + c.mm(4);

    // The complaint button at the bottom, as tall as its label needs, centred; the Listen button
    // (spoken prompts, issue 21) at its left, as wide as its label on one line, pushing the
    // complaint button right when the centre is too close (so neither grows a second line and
    // takes height from the faces).
    const float gap_x = c.mm(4);
    const float listen_w =
        ctx.office.on_listen ? std::min((m.width - 2 * margin) * 0.4f, c.text_width(FontRole::Heading, strings::kListen.th) + c.mm(8))
                             : 0.0f;
    const float listen_room = ctx.office.on_listen ? listen_w + gap_x : 0.0f;
    const float complaint_w = std::min(m.width - 2 * margin - listen_room, c.mm(110));
    float complaint_h = std::max(c.mm(18), button_height(c, FontRole::Heading, complaint_w, strings::kComplaint.in(lang)));
    if (ctx.office.on_listen) complaint_h = std::max(complaint_h, button_height(c, FontRole::Heading, listen_w, strings::kListen.th));
    const float complaint_x = std::max((m.width - complaint_w) / 2, margin + listen_room);
    const Rect complaint{{complaint_x, m.height - margin - complaint_h}, {complaint_x + complaint_w, m.height - margin}};
    draw_listen_button(ctx, {{margin, complaint.min.y}, {margin + listen_w, complaint.max.y}});
    const float bottom = complaint.min.y - c.mm(4);
    const float full_w = m.width - 2 * margin;

    // Outside office hours: a banner saying so, when the office opens, and that answers are
    // still welcome.
    std::string banner;
    const float pad = c.mm(3);
    float banner_h = 0;
    if (!ctx.session.office_open(ctx.now)) {
        const std::string& hours = lang == "en" ? ctx.office.hours_en : ctx.office.hours_th;
        if (hours.empty()) {
            banner = strings::kOfficeClosedToday.in(lang);
        } else {
            std::vector<char> buffer(hours.size() + 256);
            std::snprintf(buffer.data(), buffer.size(), strings::kOfficeClosed.in(lang), hours.c_str());
            banner = buffer.data();
        }
        // Too long for one line: one line per part (closed · the hours · still welcome) rather
        // than a break wherever the width runs out, which could split ความคิดเห็น.
        if (c.text_width(FontRole::Body, banner) > full_w - 2 * pad)
            for (auto at = banner.find(" \u00B7 "); at != std::string::npos; at = banner.find(" \u00B7 ", at))
                banner.replace(at, std::string_view(" \u00B7 ").size(), "\n");
        banner_h = c.paragraph_height(FontRole::Body, full_w - 2 * pad, banner) + 2 * pad + c.mm(5);
    }

    // What the faces need below the question (issue 16: with large text on a 768-px screen
    // the faces and their labels ran off the window). The question shrinks to the heading
    // size, then the hint goes, before a face would go under 25 mm; when even that does not
    // fit, everything between the top bar and the complaint button scrolls.
    const std::string_view question = survey.main_question.text.in(lang);
    const std::string_view hint = strings::kTapAFace.in(lang);
    const float face_min = c.mm(25), gap = c.mm(4);
    const float cell_w = (full_w - 4 * gap) / 5;
    float label_h = 0;  // landscape: the tallest label under a face
    for (const auto& level : survey.levels)
        label_h = std::max(label_h, c.fitted_paragraph_height(FontRole::Heading, cell_w, level.label.in(lang)));
    const float faces_min = m.portrait() ? 5 * c.mm(28) + 4 * gap : face_min + c.mm(2) + label_h;
    FontRole question_role = FontRole::Title;
    bool with_hint = true;
    const auto head_h = [&]() {
        return c.paragraph_height(question_role, full_w, question) +
               (with_hint ? c.mm(2) + c.paragraph_height(FontRole::Body, full_w, hint) : 0.0f) + c.mm(4);
    };
    const float room_all = bottom - top - banner_h;
    if (room_all - head_h() < faces_min) question_role = FontRole::Heading;
    if (room_all - head_h() < faces_min) with_hint = false;
    const bool scroll = room_all - head_h() < faces_min;

    Rect area{{margin, top}, {m.width - margin, bottom}};
    if (scroll) area = c.begin_scroll("welcome", area);
    float y = area.min.y;
    if (!banner.empty()) {
        const Rect filled{{area.min.x, y}, {area.max.x, y + banner_h - c.mm(5)}};
        c.list().AddRectFilled(filled.min, filled.max, c.colors().warning_bg, c.mm(2.5f));
        c.list().AddRect(filled.min, filled.max, c.colors().on_warning, c.mm(2.5f), 0, std::max(2.0f, c.mm(0.5f)));
        c.paragraph(FontRole::Body, filled.inset(pad), c.colors().on_warning, banner, Align::Center);
        y = filled.max.y + c.mm(5);
    } else {
        y += c.mm(4);
    }
    y += c.paragraph(question_role, {{area.min.x, y}, {area.max.x, bottom}}, c.colors().text, question, Align::Center);
    if (with_hint) {
        y += c.mm(2);
        y += c.paragraph(FontRole::Body, {{area.min.x, y}, {area.max.x, bottom}}, c.colors().muted_text, hint,
                         Align::Center);
    }
    y += c.mm(4);
    const float room = scroll ? faces_min : bottom - y;
    float content_bottom = y;
    if (m.portrait()) {
        // Portrait: one face per row with its label beside it — bigger targets, the labels
        // read like a list from most to least satisfied.
        const float row_h = std::max(c.mm(28), (room - 4 * gap) / 5);
        const float diameter = std::max(face_min, std::min(row_h * 0.9f, c.mm(55)));
        const float row_w = std::min(area.width(), c.mm(190));
        const float left = area.min.x + (area.width() - row_w) / 2;
        for (int i = 0; i < 5; ++i) {
            const auto& level = survey.levels[static_cast<std::size_t>(i)];
            const float row_y = y + static_cast<float>(i) * (row_h + gap);
            const float text_x = left + diameter + c.mm(8);
            // The label in the title size when it fits the row, else the heading size.
            FontRole role = FontRole::Title;
            if (!c.words_fit(role, left + row_w - text_x, level.label.in(lang)) ||
                c.paragraph_height(role, left + row_w - text_x, level.label.in(lang)) > row_h)
                role = FontRole::Heading;
            const float text_h = c.paragraph_height(role, left + row_w - text_x, level.label.in(lang));
            const Rect row{{left, row_y}, {left + row_w, row_y + std::max(row_h, text_h)}};
            draw_face(c.list(), {left + diameter / 2, row.center().y}, diameter / 2, level.value, c.colors(), c.pressed(row));
            c.paragraph(role, {{text_x, row.center().y - text_h / 2}, row.max}, c.colors().text, level.label.in(lang),
                        Align::Left);
            if (c.hit("rating." + std::to_string(level.value), row)) ctx.session.rate(level.value, ctx.now);
            content_bottom = row.max.y;
        }
    } else {
        // Landscape: faces in one row, as large as the space allows (never under 25 mm).
        const float face_cell_w = (area.width() - 4 * gap) / 5;  // narrower beside a scroll strip
        if (scroll)
            for (const auto& level : survey.levels)
                label_h = std::max(label_h, c.fitted_paragraph_height(FontRole::Heading, face_cell_w, level.label.in(lang)));
        const float diameter = std::max(face_min, std::min({face_cell_w * 0.9f, room - label_h - c.mm(2), c.mm(70)}));
        const float row_top = y + std::max(0.0f, (room - diameter - c.mm(2) - label_h) / 2);
        for (int i = 0; i < 5; ++i) {
            const auto& level = survey.levels[static_cast<std::size_t>(i)];
            const float x = area.min.x + static_cast<float>(i) * (face_cell_w + gap);
            const Rect cell{{x, row_top}, {x + face_cell_w, row_top + diameter + c.mm(2) + label_h}};
            const ImVec2 center{cell.center().x, row_top + diameter / 2};
            draw_face(c.list(), center, diameter / 2, level.value, c.colors(), c.pressed(cell));
            c.fitted_paragraph(FontRole::Heading, {{x, row_top + diameter + c.mm(2)}, {x + face_cell_w, cell.max.y}},
                               c.colors().text, level.label.in(lang), Align::Center);
            if (c.hit("rating." + std::to_string(level.value), cell)) ctx.session.rate(level.value, ctx.now);
            content_bottom = cell.max.y;
        }
    }
    if (scroll) c.end_scroll(content_bottom);

    if (c.button("complaint.start", complaint, strings::kComplaint.in(lang), ButtonStyle::Normal, FontRole::Heading))
        ctx.session.start_complaint(ctx.now);

    if (!ctx.session.last_error().empty())
        c.paragraph(FontRole::Body, {{margin, complaint.min.y - c.mm(14)}, {m.width - margin, complaint.min.y}},
                    c.colors().error_text, strings::kStoreError.in(lang), Align::Center);
}

}  // namespace feedback::ui
