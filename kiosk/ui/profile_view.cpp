// Profile (issue 17): the optional questions about the respondent that Thai satisfaction reports
// open with (ข้อมูลทั่วไปของผู้ตอบแบบสอบถาม — sex, age group, occupation …), from the survey's
// [[profile]] blocks. Shown once, after Follow-up, only when the survey asks any: never before
// the rating, so one tap on Welcome stays a complete answer. Every tap is stored at once
// (core::Session::answer_profile); Skip and Done both close the session, and the follow-up's
// short countdown (issue 16) closes it with what was chosen.
//
// Its own file and strings (rather than the shared strings.h table) so it can change without
// touching the screens other work is changing; profile_view_strings() feeds the font atlas.
#include <algorithm>
#include <cstdio>

#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {
namespace {

constexpr Text kProfileTitle{"ข้อมูลทั่วไปของผู้ตอบ (ไม่บังคับ)", "About you (optional)"};
constexpr Text kProfileIntro{"ช่วยให้สำนักงานนำผลไปปรับปรุงบริการ ไม่ต้องการตอบ แตะ \"ข้าม\" ได้",
                             "It helps the office improve its service. Tap \"Skip\" if you prefer not to say."};

}  // namespace

std::vector<std::string> profile_view_strings() {
    std::vector<std::string> out;
    for (const Text* t : {&kProfileTitle, &kProfileIntro}) {
        out.emplace_back(t->th);
        out.emplace_back(t->en);
    }
    return out;
}

void ProfileView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const auto& session = ctx.session;
    const auto& survey = session.survey();
    const auto& entry = *session.entry();
    const float margin = c.mm(6);
    const float y = draw_top_bar(ctx, true) + c.mm(4);  // with the large-text and contrast toggles

    // Everything between the top bar and the bottom bar scrolls when a small screen or large
    // text cannot hold it (issue 16): no question is ever left out for want of room.
    const float bar_h = std::max(c.mm(17), c.line_height(FontRole::Heading) + c.mm(4));
    const float content_bottom = m.height - margin - bar_h - c.mm(4);
    const Rect area = c.begin_scroll("profile", {{margin, y}, {m.width - margin, content_bottom}});
    float ly = area.min.y;
    ly += c.paragraph(FontRole::Heading, {{area.min.x, ly}, area.max}, c.colors().text, kProfileTitle.in(lang),
                      Align::Left);
    ly += c.paragraph(FontRole::Body, {{area.min.x, ly}, area.max}, c.colors().muted_text, kProfileIntro.in(lang),
                      Align::Left);
    // The previous visitor's screen until it closes (issue 16: one visitor, one entry): the
    // follow-up's short countdown runs here too, visible, and closes the entry as it stands.
    if (session.followup_countdown()) {
        char countdown[160];
        std::snprintf(countdown, sizeof countdown, strings::kFollowupCountdown.in(lang),
                      session.followup_seconds_left(ctx.now));
        ly += c.paragraph(FontRole::Small, {{area.min.x, ly}, area.max}, c.colors().muted_text, countdown, Align::Left);
    }
    ly += c.mm(4);
    for (const auto& q : survey.profile) {
        ly += c.paragraph(FontRole::Body, {{area.min.x, ly}, area.max}, c.colors().text, q.text.in(lang), Align::Left);
        const auto chosen = entry.profile.find(q.id);
        ly += chip_flow(c, {{area.min.x, ly}, area.max}, q.options,
                        [&](const core::ProfileOption& o) { return o.label.in(lang); },
                        [&](const core::ProfileOption& o) { return "profile." + q.id + "." + o.id; },
                        [&](const core::ProfileOption& o) { return chosen != entry.profile.end() && chosen->second == o.id; },
                        [&](const core::ProfileOption& o) { ctx.session.answer_profile(q.id, o.id, ctx.now); }) +
              c.mm(5);
    }
    c.end_scroll(ly);

    // Bottom bar: skip, done (both close the session; the answers are already stored).
    const float bar_y = m.height - margin - bar_h;
    const float gap = c.mm(4);
    const float w = (m.width - 2 * margin - gap) / 2;
    if (c.button("profile.skip", {{margin, bar_y}, {margin + w, bar_y + bar_h}}, strings::kSkip.in(lang),
                 ButtonStyle::Quiet, FontRole::Heading))
        ctx.session.finish(ctx.now);
    if (c.button("profile.done", {{margin + w + gap, bar_y}, {m.width - margin, bar_y + bar_h}}, strings::kDone.in(lang),
                 ButtonStyle::Primary, FontRole::Heading))
        ctx.session.finish(ctx.now);
    if (!session.last_error().empty())
        c.paragraph(FontRole::Body, {{margin, bar_y - c.mm(10)}, {m.width - margin, bar_y}}, c.colors().error_text,
                    strings::kStoreError.in(lang), Align::Center);
}

}  // namespace feedback::ui
