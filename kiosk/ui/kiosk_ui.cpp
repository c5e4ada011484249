#include "ui/kiosk_ui.h"

#include "ui/strings.h"

namespace feedback::ui {

void KioskUi::frame(Canvas& canvas, core::Session& session, std::int64_t now_ms) {
    if (session.screen() != last_screen_) {
        if (session.screen() == core::Screen::Comment) keyboard_.reset(session.language());
        last_screen_ = session.screen();
    }
    // The background is not drawn here: the host clears to palette().background, which on
    // SDL's software renderer costs a memset instead of two textured full-screen triangles.
    ViewContext ctx{canvas, session, now_ms, office_};
    const bool warning = session.idle_warning();
    const auto tap = warning ? canvas.take_tap() : std::nullopt;
    switch (session.screen()) {
        case core::Screen::Welcome: welcome_.draw(ctx); break;
        case core::Screen::FollowUp: followup_.draw(ctx); break;
        case core::Screen::Comment: comment_.draw(ctx, keyboard_); break;
        case core::Screen::ThankYou: thank_you_.draw(ctx); break;
        case core::Screen::Complaint: complaint_.draw(ctx); break;
    }
    if (warning) {
        canvas.give_tap(tap);
        idle_.draw(ctx);
    }
}

std::vector<std::string> texts_for_atlas(const core::Survey& survey, const OfficeInfo& office) {
    std::vector<std::string> texts = all_chrome_strings();
    texts.push_back(office.name_th);
    texts.push_back(office.name_en);
    texts.push_back(Keyboard::all_key_labels());
    auto add = [&](const core::LocalText& t) {
        texts.push_back(t.th);
        texts.push_back(t.en);
    };
    add(survey.title);
    add(survey.main_question.text);
    for (const auto& l : survey.levels) add(l.label);
    for (const auto& r : survey.reasons) add(r.label);
    for (const auto& q : survey.dimensions) add(q.text);
    for (const auto& p : survey.service_points) add(p.name);
    for (const auto& k : survey.complaint_categories) add(k.label);
    return texts;
}

}  // namespace feedback::ui
