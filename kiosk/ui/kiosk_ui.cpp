#include "ui/kiosk_ui.h"

#include "ui/strings.h"

namespace feedback::ui {

void KioskUi::frame(Canvas& canvas, core::Session& session, core::Instant now) {
    // A new text field starts on the layout of the visitor's language, unshifted.
    if (session.screen() != last_screen_ || session.large_text() != last_large_) scroll_.clear();
    last_large_ = session.large_text();
    canvas.set_scroll_states(&scroll_);
    focus_.begin_frame(canvas);  // a key's tap, before an overlay may take it
    if (session.screen() != last_screen_ || session.active_field() != last_field_) {
        if (session.active_field() != core::Field::None) keyboard_.reset(session.language());
        last_screen_ = session.screen();
        last_field_ = session.active_field();
    }
    keyboard_.set_now(now.mono_ms);  // the undo offer and refusal bubble are timed
    // The background is not drawn here: the host clears to palette().background, which on
    // SDL's software renderer costs a memset instead of two textured full-screen triangles.
    ViewContext ctx{canvas, session, now, office_};
    canvas.set_large_text(draws_large_text(session));
    const bool warning = session.idle_warning();
    // A dimmed Welcome draws beneath its veil without the tap: the touch that wakes the screen
    // must not also answer.
    const bool dimmed = session.dimmed();
    const auto tap = warning || dimmed ? canvas.take_tap() : std::nullopt;
    switch (session.screen()) {
        case core::Screen::Welcome: welcome_.draw(ctx); break;
        case core::Screen::FollowUp: followup_.draw(ctx); break;
        case core::Screen::Comment: comment_.draw(ctx, keyboard_); break;
        case core::Screen::ThankYou: thank_you_.draw(ctx); break;
        case core::Screen::Profile: profile_.draw(ctx); break;
        case core::Screen::ComplaintCategory: complaint_category_.draw(ctx); break;
        case core::Screen::ComplaintWhen: complaint_when_.draw(ctx); break;
        case core::Screen::ComplaintDescription: complaint_description_.draw(ctx, keyboard_); break;
        case core::Screen::ComplaintContactChoice: complaint_contact_choice_.draw(ctx); break;
        case core::Screen::ComplaintPdpa: pdpa_.draw(ctx); break;
        case core::Screen::ComplaintContact: complaint_contact_.draw(ctx, keyboard_); break;
        case core::Screen::ComplaintDone: complaint_done_.draw(ctx); break;
        case core::Screen::AdminPin: admin_pin_.draw(ctx, admin_); break;
        case core::Screen::Admin: admin_view_.draw(ctx, admin_); break;
    }
    if (warning) {
        canvas.begin_overlay();
        canvas.give_tap(tap);
        idle_.draw(ctx);
    }
    if (dimmed) {
        canvas.begin_overlay();
        canvas.give_tap(tap);
        dim_.draw(ctx);
    }
    focus_.end_frame(canvas, session.screen());  // the ring over everything
}

std::vector<std::string> texts_for_atlas(const core::Survey& survey, const OfficeInfo& office) {
    std::vector<std::string> texts = all_chrome_strings();
    texts.push_back(office.name_th);
    texts.push_back(office.name_en);
    texts.push_back(office.pdpa_notice_th);
    texts.push_back(office.pdpa_notice_en);
    texts.push_back(office.hours_th);
    texts.push_back(office.hours_en);
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
    for (const auto& k : survey.complaint_chips) add(k.label);
    for (const auto& q : survey.profile) {
        add(q.text);
        for (const auto& o : q.options) add(o.label);
    }
    for (auto& s : profile_view_strings()) texts.push_back(std::move(s));
    return texts;
}

}  // namespace feedback::ui
