// One class per screen (ImHex-style): draw() reads the session and the canvas's taps and issues
// session commands. Views hold no visitor data of their own — everything a visitor entered
// lives in core::Session, so an idle reset there leaves no trace on any screen.
#pragma once

#include <functional>

#include <cstdint>
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/session.h"
#include "ui/canvas.h"
#include "ui/admin_actions.h"
#include "ui/keyboard.h"

namespace feedback::ui {

// What the screens show that comes from configuration rather than the survey.
struct OfficeInfo {
    std::string name_th;
    std::string name_en;
    std::string pdpa_notice_th;  // {days} already replaced
    std::string pdpa_notice_en;
    std::string policy_url;      // QR on the PDPA notice; empty = none
    std::string tracking_url;    // {ref}/{key} template for the reference QR (core::tracking_url); empty = the number
    std::string hours_th;        // office hours for the closed banner (OfficeHours::describe);
    std::string hours_en;        // empty = no hours set (closed only on closed dates)
    std::string channels_url;    // the thank-you QR code (ITA measure 12); empty = none
    // The office logo as a texture of the renderer (the app loads it, office.logo); null = none.
    ImTextureID logo = nullptr;
    float logo_width = 0, logo_height = 0;  // its pixels, for the aspect ratio
    // The office's name in the screen's language.
    const std::string& name(const std::string& language) const { return language == "en" ? name_en : name_th; }
    // Spoken prompts (issue 21), set by the app unless accessibility.speech is off: the
    // "ฟังเสียง / Listen" button on the screens where a visitor starts (Welcome, the complaint's
    // first screen) calls on_listen; listening() shows it selected while speech is on.
    std::function<void()> on_listen = {};
    std::function<bool()> listening = {};
};


struct ViewContext {
    Canvas& canvas;
    core::Session& session;
    core::Instant now;  // wall clock for what is recorded, monotonic for timers
    const OfficeInfo& office;
    const std::string& lang() const { return session.language(); }
};

// The strip at the top of most screens: office name, language and accessibility toggles.
// `title`, when given, takes the office name's place (text-entry screens, where every
// millimetre goes to the field and the keyboard).
float draw_top_bar(ViewContext& ctx, bool with_accessibility, std::string_view title = {});

// The "ฟังเสียง / Listen" button (issue 21) in `rect`, when the app set office.on_listen (speech
// not off); false when not drawn. Where a visitor starts: beside the complaint button on Welcome,
// in the empty end of the complaint category screen's bar. Not in the top bar: with large text on
// a 1024-px screen a fifth toggle made the bar two rows of wrapped labels.
bool draw_listen_button(ViewContext& ctx, Rect rect);

class WelcomeView {
public:
    void draw(ViewContext& ctx);
};

class FollowUpView {
public:
    void draw(ViewContext& ctx);
};

class CommentView {
public:
    void draw(ViewContext& ctx, Keyboard& keyboard);
};

class ThankYouView {
public:
    void draw(ViewContext& ctx);
};

// The optional respondent profile after Follow-up (issue 17; profile_view.cpp).
class ProfileView {
public:
    void draw(ViewContext& ctx);
};
// Its chrome strings, for the font atlas.
std::vector<std::string> profile_view_strings();

class ComplaintCategoryView {
public:
    void draw(ViewContext& ctx);
};

class ComplaintWhenView {
public:
    void draw(ViewContext& ctx);
};

class ComplaintDescriptionView {
public:
    void draw(ViewContext& ctx, Keyboard& keyboard);

private:
    std::size_t last_size_ = static_cast<std::size_t>(-1);  // the description's length last frame
};

class ComplaintContactChoiceView {
public:
    void draw(ViewContext& ctx);
};

class PdpaNoticeView {
public:
    void draw(ViewContext& ctx);
};

class ComplaintContactView {
public:
    void draw(ViewContext& ctx, Keyboard& keyboard);
};

class ComplaintDoneView {
public:
    void draw(ViewContext& ctx);
};

class AdminPinView {
public:
    void draw(ViewContext& ctx, AdminActions& actions);

private:
    std::string message_;  // wrong PIN / locked out
};

class AdminView {
public:
    void draw(ViewContext& ctx, AdminActions& actions);

private:
    std::optional<AdminSummary> summary_;
    std::int64_t summary_at_ms_ = 0;  // monotonic
    std::string summary_language_;
    std::string message_;  // result of the last export
};

// Typed text in a field: the end kept visible (what is being typed), shown as whole lines —
// a line half under the field's edge loses its marks above or below (issue 16).
void draw_field_text(Canvas& c, Rect inner, std::string_view text);

// Where a text-entry screen puts its field and keyboard between `top` (below the title and
// anything above the field) and `bottom` (above the action buttons): the field gets at least
// `min_lines` whole lines of body text (so typed text is always visible — the complaint
// description box once shrank to a sliver), the counter a line under it, the keyboard the
// rest up to its largest size. When even the smallest keyboard leaves too little, the field
// keeps its lines and the keyboard's keys get smaller than ideal but never under 15 mm... and
// if that still does not fit, `fits` is false (the caller scrolls what is above).
struct EntryLayout {
    Rect field;
    float counter_y = 0;
    Rect keyboard;
    bool fits = true;
};
EntryLayout layout_entry(const Canvas& c, float left, float right, float top, float bottom, int min_lines,
                         bool with_counter = false);

// The follow-up's countdown, "more time" and the next visitor's small faces, from the top of
// `area` across its width (on one row, or two when narrow); returns its bottom
// (followup_queue.cpp). The width it needs to fit on one row:
float draw_followup_queue_strip(ViewContext& ctx, Rect area);
float followup_queue_strip_one_row_width(ViewContext& ctx);

// Back / primary action bar at the bottom of the complaint screens; returns its top.
// `between`, when given, is drawn between the two buttons (a text field's character count:
// there it costs no height on screens where the keyboard needs every millimetre).
float draw_nav_bar(ViewContext& ctx, const char* next_id, std::string_view next_label, bool next_primary = true,
                   std::string_view between = {});
// Chips laid out left to right, wrapping; returns the height used. A chip is as wide as its
// label in the button size; a label wider than the whole area wraps between words inside a
// chip as wide as the area, and the chip grows to hold its lines (issue 16).
// With draw = false nothing is drawn or registered: the height is only measured.
template <class Items, class Label, class Id, class Selected, class OnTap>
float chip_flow(Canvas& c, Rect area, const Items& items, Label label, Id id, Selected selected, OnTap on_tap,
                bool draw = true) {
    const FontRole role = FontRole::Heading;
    const float h = std::max(c.mm(15), c.line_height(role) + c.mm(3)), gap = c.mm(3), pad = c.mm(5);
    float x = area.min.x, y = area.min.y, row_h = 0;
    for (const auto& item : items) {
        const std::string text = label(item);
        const float natural = c.text_width(role, text) + 2 * pad;
        const float w = std::min(area.width(), std::max(c.mm(25), natural));
        const float chip_h = natural <= area.width() ? h : std::max(h, c.paragraph_height(role, w - c.mm(4), text) + c.mm(3));
        if (x > area.min.x && x + w > area.max.x) {
            x = area.min.x;
            y += row_h + gap;
            row_h = 0;
        }
        if (draw && c.button(id(item), {{x, y}, {x + w, y + chip_h}}, text,
                             selected(item) ? ButtonStyle::Selected : ButtonStyle::Normal, role))
            on_tap(item);
        row_h = std::max(row_h, chip_h);
        x += w + gap;
    }
    return items.empty() ? 0 : y + row_h - area.min.y;
}

// The height a button needs for `label` at `width` in `role`: one line and a margin, or as
// many lines as the label wraps to between words (never under 15 mm, the touch minimum).
inline float button_height(Canvas& c, FontRole role, float width, std::string_view label) {
    return std::max(c.mm(15), c.paragraph_height(role, width - c.mm(4), label) + c.mm(3));
}

class IdleOverlay {
public:
    void draw(ViewContext& ctx);
};

// The closed Welcome screen, dimmed after display.dim_when_closed_s without a touch: a dark
// veil over it and a quiet hint. The first tap anywhere only wakes it.
class DimOverlay {
public:
    void draw(ViewContext& ctx);
};

}  // namespace feedback::ui
