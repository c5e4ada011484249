// All the screens together: picks the view for the session's screen, draws the idle overlay
// above it, and keeps the keyboard's layout in step with the visitor's language.
#pragma once

#include <cstdint>

#include "core/session.h"
#include "ui/canvas.h"
#include "ui/focus.h"
#include "ui/keyboard.h"
#include "ui/views.h"

namespace feedback::ui {

class KioskUi {
public:
    KioskUi(OfficeInfo office, AdminActions& admin) : office_(std::move(office)), admin_(admin) {}

    // Draws one frame of the current screen; taps in `canvas` act on `session`.
    void frame(Canvas& canvas, core::Session& session, core::Instant now);

    Keyboard& keyboard() { return keyboard_; }

    // Whether the next frame draws in large text: the visitor's choice, except on the staff
    // screens, which keep their layout. The host builds the font atlas in this size first.
    static bool draws_large_text(const core::Session& session) {
        return session.large_text() && session.screen() != core::Screen::AdminPin && session.screen() != core::Screen::Admin;
    }

    // A keypad or keyboard key (issue 21; focus.h): moves the focus ring, or taps a widget in
    // the next frame. A key that taps nothing still counts as the visitor's input.
    void key(KeyPress press, core::Session& session, core::Instant now) {
        if (!focus_.key(press, session.screen())) session.touched(now);
    }
    // The callbacks the app may set (speech); empty ones are not called.
    AccessibilityHooks& accessibility_hooks() { return focus_.hooks(); }
    const FocusNavigator& focus() const { return focus_; }
    // The office logo, once the renderer has made it a texture (null: none).
    void set_logo(ImTextureID texture, int width, int height) {
        office_.logo = texture;
        office_.logo_width = static_cast<float>(width);
        office_.logo_height = static_cast<float>(height);
    }
    const Keyboard& keyboard() const { return keyboard_; }

private:
    OfficeInfo office_;
    AdminActions& admin_;
    AdminPinView admin_pin_;
    AdminView admin_view_;
    Keyboard keyboard_;
    WelcomeView welcome_;
    FollowUpView followup_;
    CommentView comment_;
    ThankYouView thank_you_;
    ProfileView profile_;
    ComplaintCategoryView complaint_category_;
    ComplaintWhenView complaint_when_;
    ComplaintDescriptionView complaint_description_;
    ComplaintContactChoiceView complaint_contact_choice_;
    PdpaNoticeView pdpa_;
    ComplaintContactView complaint_contact_;
    ComplaintDoneView complaint_done_;
    core::Field last_field_ = core::Field::None;
    IdleOverlay idle_;
    DimOverlay dim_;
    core::Screen last_screen_ = core::Screen::Welcome;
    ScrollStates scroll_;  // every screen starts at its top
    FocusNavigator focus_{scroll_};
    bool last_large_ = false;
};

// Every string the screens may draw for this survey (for the font atlas).
std::vector<std::string> texts_for_atlas(const core::Survey& survey, const OfficeInfo& office);

}  // namespace feedback::ui
