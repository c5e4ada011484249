// The complaint channel (DESIGN.md §3 step 6): category → when and where → description →
// anonymous or contact (after the PDPA notice) → reference number with a QR code.
// As with ratings, the first real answer (the category) is stored at once and every later step
// updates it, so a visitor who walks away leaves a complaint, never a half-typed name.
#include <cmath>
#include <cstdio>

#include "core/reference.h"
#include "text/thai_input.h"
#include "ui/qr_code.h"
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {
namespace {

// A text field that shows its logical text shaped and wrapped, the end kept visible.
void text_field(Canvas& c, Rect field, const std::string& text, const char* placeholder, bool focused, bool redacted) {
    c.list().AddRectFilled(field.min, field.max, c.colors().surface, c.mm(2));
    c.list().AddRect(field.min, field.max, focused ? c.colors().primary : c.colors().border, c.mm(2), 0,
                     std::max(2.0f, c.mm(focused ? 0.8f : 0.4f)));
    const Rect inner = field.inset(c.mm(3));
    if (text.empty()) {
        if (placeholder) c.paragraph(FontRole::Body, inner, c.colors().muted_text, placeholder, Align::Left);
        return;
    }
    // Screenshots made by the UI driver never show personal data (redaction is the default).
    std::string bullets;
    if (redacted)
        for (std::size_t i = 0; i < text::count_chars(text); ++i) bullets += "\u2022";
    const std::string& drawn = redacted ? bullets : text;
    draw_field_text(c, inner, drawn);
}

}  // namespace

void ComplaintCategoryView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(6);
    const float top = draw_top_bar(ctx, true) + c.mm(4);
    const float bar_top = draw_nav_bar(ctx, nullptr, {});
    // Listen (issue 21) where "Next" stands on the later screens: this is where a complaint starts.
    const float listen_w = std::min(c.mm(80), (m.width - 2 * margin) / 2);
    draw_listen_button(ctx, {{m.width - margin - listen_w, bar_top}, {m.width - margin, m.height - margin}});
    // Title, introduction and the categories scroll together when they do not fit.
    const Rect area = c.begin_scroll("complaint.category", {{margin, top}, {m.width - margin, bar_top - c.mm(3)}});
    float y = area.min.y;
    y += c.paragraph(FontRole::Title, {{area.min.x, y}, area.max}, c.colors().text, strings::kComplaintTitle.in(lang),
                     Align::Left);
    y += c.paragraph(FontRole::Body, {{area.min.x, y}, area.max}, c.colors().muted_text, strings::kComplaintIntro.in(lang),
                     Align::Left) + c.mm(4);
    const auto& categories = ctx.session.survey().complaint_categories;
    const float gap = c.mm(4);
    const int columns = area.width() >= c.mm(200) ? 2 : 1;
    const float w = (area.width() - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float h = c.mm(18);
    for (const auto& k : categories) h = std::max(h, button_height(c, FontRole::Heading, w, k.label.in(lang)));
    const auto* chosen = ctx.session.complaint() ? &ctx.session.complaint()->category : nullptr;
    float bottom = y;
    for (std::size_t i = 0; i < categories.size(); ++i) {
        const auto& k = categories[i];
        const float x = area.min.x + static_cast<float>(static_cast<int>(i) % columns) * (w + gap);
        const float row_top = y + static_cast<float>(static_cast<int>(i) / columns) * (h + gap);
        if (c.button("complaint.category." + k.id, {{x, row_top}, {x + w, row_top + h}}, k.label.in(lang),
                     chosen && *chosen == k.id ? ButtonStyle::Selected : ButtonStyle::Normal, FontRole::Heading))
            ctx.session.choose_complaint_category(k.id, ctx.now);
        bottom = row_top + h;
    }
    c.end_scroll(bottom);
}

void ComplaintWhenView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(6);
    const float top = draw_top_bar(ctx, true) + c.mm(4);
    const float bar_top = draw_nav_bar(ctx, "complaint.next", strings::kNext.in(lang));
    const Rect area = c.begin_scroll("complaint.when", {{margin, top}, {m.width - margin, bar_top - c.mm(3)}});
    float y = area.min.y;
    y += c.paragraph(FontRole::Title, {{area.min.x, y}, area.max}, c.colors().text, strings::kWhenTitle.in(lang),
                     Align::Left) + c.mm(2);
    struct When {
        const char* id;
        const Text* label;
    };
    const std::vector<When> whens = {{"today", &strings::kToday}, {"yesterday", &strings::kYesterday}, {"earlier", &strings::kEarlier}};
    y += chip_flow(c, {{area.min.x, y}, area.max}, whens, [&](const When& w) { return std::string(w.label->in(lang)); },
                   [](const When& w) { return std::string("complaint.when.") + w.id; },
                   [&](const When& w) { return ctx.session.complaint_when() == w.id; },
                   [&](const When& w) { ctx.session.choose_complaint_when(w.id, ctx.now); }) + c.mm(6);
    y += c.paragraph(FontRole::Title, {{area.min.x, y}, area.max}, c.colors().text, strings::kWhereTitle.in(lang),
                     Align::Left) + c.mm(2);
    const auto& points = ctx.session.survey().service_points;
    const std::string chosen = ctx.session.complaint() ? ctx.session.complaint()->service_point : "";
    y += chip_flow(c, {{area.min.x, y}, area.max}, points, [&](const core::ServicePoint& p) { return p.name.in(lang); },
                   [](const core::ServicePoint& p) { return "complaint.service." + p.id; },
                   [&](const core::ServicePoint& p) { return chosen == p.id; },
                   [&](const core::ServicePoint& p) { ctx.session.choose_complaint_service_point(p.id, ctx.now); });
    c.end_scroll(y);
}

void ComplaintDescriptionView::draw(ViewContext& ctx, Keyboard& keyboard) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(6);
    float y = draw_top_bar(ctx, true, strings::kDescribeTitle.in(lang)) + c.mm(2);
    const auto& session = ctx.session;
    const auto chips = session.survey().chips_for(session.complaint() ? session.complaint()->category : "");
    const auto& selected = session.complaint_chips();
    const std::string& draft = session.field_text(core::Field::Description);
    char counter[64];
    std::snprintf(counter, sizeof counter, strings::kCharactersShort.in(lang), text::count_chars(draft),
                  session.field_limit(core::Field::Description));
    const float bar_top = draw_nav_bar(ctx, "complaint.next", strings::kNext.in(lang), true, counter);
    // The keyboard takes what one line of the field leaves (up to its largest size); the
    // chips and the field share the rest, and when both cannot fit the chips scroll above
    // the field, which shows first (issue 16: the box once shrank to a sliver).
    const float pad = c.mm(3), line = c.line_height(FontRole::Body);
    const float keyboard_h = std::clamp(bar_top - c.mm(3) - y - (line + 2 * pad) - c.mm(2), Keyboard::min_height(c),
                                        Keyboard::max_height(c));
    const Rect keyboard_area{{margin, bar_top - c.mm(3) - keyboard_h}, {m.width - margin, bar_top - c.mm(3)}};
    const Rect region{{margin, y}, {m.width - margin, std::max(y + line + 2 * pad, keyboard_area.min.y - c.mm(2))}};
    auto label = [&](const core::ComplaintChip* k) { return k->label.in(lang); };
    auto id = [](const core::ComplaintChip* k) { return "complaint.chip." + k->id; };
    auto is_selected = [&](const core::ComplaintChip* k) {
        return std::find(selected.begin(), selected.end(), k->id) != selected.end();
    };
    auto toggle = [&](const core::ComplaintChip* k) { ctx.session.toggle_complaint_chip(k->id, ctx.now); };
    const Rect area = c.begin_scroll("complaint.description", region, true);
    float cy = area.min.y;
    if (!chips.empty()) cy += chip_flow(c, area, chips, label, id, is_selected, toggle) + c.mm(3);
    // Whole lines, at least one, as many as the region holds below the chips.
    const float lines = std::max(1.0f, std::floor((region.max.y - cy - 2 * pad) / line));
    const Rect field{{area.min.x, cy}, {area.max.x, cy + lines * line + 2 * pad}};
    text_field(c, field, draft, strings::kCommentPlaceholder.in(lang), true, false);
    c.end_scroll(field.max.y);
    std::string edited = draft;
    keyboard.draw(c, keyboard_area, edited, session.field_limit(core::Field::Description), lang);
    if (edited != draft) ctx.session.set_field_text(core::Field::Description, edited, ctx.now);
    // What is typed is what must show: a change of the text (from the keyboard or the driver)
    // brings the field back into view. Only its length is kept here, never the text.
    const std::size_t size = session.field_text(core::Field::Description).size();
    if (size != last_size_) {
        if (last_size_ != static_cast<std::size_t>(-1)) c.scroll_to_end("complaint.description");
        last_size_ = size;
    }
}

void ComplaintContactChoiceView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(6);
    const float top = draw_top_bar(ctx, true) + c.mm(4);
    float bar_top = draw_nav_bar(ctx, nullptr, {});
    if (!ctx.session.last_error().empty()) {
        const float eh = c.paragraph_height(FontRole::Body, m.width - 2 * margin, strings::kStoreError.in(lang));
        c.paragraph(FontRole::Body, {{margin, bar_top - c.mm(2) - eh}, {m.width - margin, bar_top}}, c.colors().error_text,
                    strings::kStoreError.in(lang), Align::Center);
        bar_top -= eh + c.mm(2);
    }
    const Rect area = c.begin_scroll("complaint.contact-choice", {{margin, top}, {m.width - margin, bar_top - c.mm(3)}});
    float y = area.min.y;
    y += c.paragraph(FontRole::Title, {{area.min.x, y}, area.max}, c.colors().text, with_office_name(strings::kContactChoiceTitle.in(lang), ctx.office.name(lang)),
                     Align::Left) + c.mm(4);
    const float gap = c.mm(6);
    const bool stacked = (area.width() - gap) / 2 < c.mm(110);
    const float w = stacked ? area.width() : (area.width() - gap) / 2;
    // Each choice is as tall as its heading and explanation need, at least 30 mm.
    const auto need = [&](const Text& head, const Text& detail) {
        return c.paragraph_height(FontRole::Title, w - c.mm(12), head.in(lang)) +
               c.paragraph_height(FontRole::Body, w - c.mm(12), detail.in(lang)) + c.mm(12);
    };
    float h = std::max({c.mm(30), need(strings::kAnonymous, strings::kAnonymousDetail),
                        need(strings::kWithContact, strings::kWithContactDetail)});
    const float fill = stacked ? (area.max.y - y - gap) / 2 : area.max.y - y;
    if (area.max.y < 50000) h = std::max(h, std::min(c.mm(60), fill));
    h = std::max(h, std::min(c.mm(60), (stacked ? (bar_top - c.mm(3) - y - gap) / 2 : bar_top - c.mm(3) - y)));
    const Rect anonymous{{area.min.x, y}, {area.min.x + w, y + h}};
    const Rect contact = stacked ? Rect{{area.min.x, y + h + gap}, {area.min.x + w, y + 2 * h + gap}}
                                 : Rect{{area.min.x + w + gap, y}, {area.max.x, y + h}};
    if (c.button("complaint.anonymous", anonymous, "", ButtonStyle::Normal)) ctx.session.complain_anonymously(ctx.now);
    if (c.button("complaint.with-contact", contact, "", ButtonStyle::Normal)) ctx.session.want_to_leave_contact(ctx.now);
    for (const auto& [rect, head, detail] : {std::tuple{anonymous, &strings::kAnonymous, &strings::kAnonymousDetail},
                                             std::tuple{contact, &strings::kWithContact, &strings::kWithContactDetail}}) {
        const Rect inner = rect.inset(c.mm(6));
        const float th = c.paragraph_height(FontRole::Title, inner.width(), head->in(lang));
        const float dh = c.paragraph_height(FontRole::Body, inner.width(), detail->in(lang));
        float ty = rect.center().y - (th + dh) / 2;
        ty += c.paragraph(FontRole::Title, {{inner.min.x, ty}, inner.max}, c.colors().text, head->in(lang), Align::Center);
        c.paragraph(FontRole::Body, {{inner.min.x, ty}, inner.max}, c.colors().muted_text, detail->in(lang), Align::Center);
    }
    c.end_scroll(stacked ? contact.max.y : anonymous.max.y);
}

void PdpaNoticeView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(6);
    const float top = draw_top_bar(ctx, true) + c.mm(4);
    const float bar_top = draw_nav_bar(ctx, nullptr, {});
    // Decline and accept above the back bar, as tall as their labels need.
    const float gap = c.mm(4);
    const float w = (m.width - 2 * margin - gap) / 2;
    const float h = std::max({c.mm(17), button_height(c, FontRole::Heading, w, strings::kPdpaDecline.in(lang)),
                              button_height(c, FontRole::Heading, w, strings::kPdpaAccept.in(lang))});
    // Where the buttons would leave the notice less than 40 mm (large text on a 768-px
    // screen), they follow the notice inside the scrolling part instead of staying put.
    const bool buttons_fixed = bar_top - c.mm(4) - h - c.mm(3) - top >= c.mm(40);
    const float by = buttons_fixed ? bar_top - c.mm(4) - h : bar_top + c.mm(1);
    if (buttons_fixed) {
        if (c.button("pdpa.decline", {{margin, by}, {margin + w, by + h}}, strings::kPdpaDecline.in(lang),
                     ButtonStyle::Normal, FontRole::Heading))
            ctx.session.complaint_back(ctx.now);
        if (c.button("pdpa.accept", {{margin + w + gap, by}, {m.width - margin, by + h}}, strings::kPdpaAccept.in(lang),
                     ButtonStyle::Primary, FontRole::Heading))
            ctx.session.accept_pdpa(ctx.now);
    }

    // The title, the notice and its QR code scroll when they do not fit (a long notice in
    // large text on a small screen).
    const Rect area = c.begin_scroll("complaint.pdpa", {{margin, top}, {m.width - margin, by - c.mm(3)}});
    float y = area.min.y;
    y += c.paragraph(FontRole::Title, {{area.min.x, y}, area.max}, c.colors().text, strings::kPdpaTitle.in(lang),
                     Align::Left) + c.mm(3);
    const bool qr = !ctx.office.policy_url.empty();
    const float qr_size = qr ? std::min(c.mm(45), area.width() * 0.25f) : 0;
    // Lines of a readable length (at most ~230 mm), in the larger text size: this is the one
    // screen a visitor is asked to read before agreeing.
    const float text_right = std::min(area.max.x - (qr ? qr_size + c.mm(6) : 0), area.min.x + c.mm(230));
    const std::string& notice = lang == "en" ? ctx.office.pdpa_notice_en : ctx.office.pdpa_notice_th;
    const float room = by - c.mm(3) - y;
    const FontRole role = c.paragraph_height(FontRole::Heading, text_right - area.min.x, notice) <= room ? FontRole::Heading
                                                                                                    : FontRole::Body;
    float bottom = y + c.paragraph(role, {{area.min.x, y}, {text_right, area.max.y}}, c.colors().text, notice, Align::Left);
    if (qr) {
        const ImVec2 at{area.max.x - qr_size, y};
        draw_qr_code(c.list(), at, qr_size, ctx.office.policy_url, IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255));
        const float caption = c.paragraph(FontRole::Small, {{at.x, at.y + qr_size + c.mm(1)}, {at.x + qr_size, area.max.y}},
                                          c.colors().muted_text, strings::kPdpaPolicyQr.in(lang), Align::Center);
        bottom = std::max(bottom, at.y + qr_size + c.mm(1) + caption);
    }
    if (!buttons_fixed) {
        // Laid out across the scrolling part's width (beside its scroll buttons).
        const float sw = (area.width() - gap) / 2;
        const float sy = bottom + c.mm(4);
        if (c.button("pdpa.decline", {{area.min.x, sy}, {area.min.x + sw, sy + h}}, strings::kPdpaDecline.in(lang),
                     ButtonStyle::Normal, FontRole::Heading))
            ctx.session.complaint_back(ctx.now);
        if (c.button("pdpa.accept", {{area.min.x + sw + gap, sy}, {area.max.x, sy + h}}, strings::kPdpaAccept.in(lang),
                     ButtonStyle::Primary, FontRole::Heading))
            ctx.session.accept_pdpa(ctx.now);
        bottom = sy + h;
    }
    c.end_scroll(bottom);
}

void ComplaintContactView::draw(ViewContext& ctx, Keyboard& keyboard) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const auto& session = ctx.session;
    const float margin = c.mm(6);
    const float top = draw_top_bar(ctx, true, strings::kWithContact.in(lang)) + c.mm(2);
    const float bar_top = draw_nav_bar(ctx, "complaint.submit", strings::kSubmit.in(lang));
    // A field holds one whole line (issue 16: 15 mm was less than a line of large text, so
    // the typed name lost its marks); the keyboard takes what a label and a field leave, and
    // the fields scroll above it when both (and their error lines) cannot show at once.
    const float pad = c.mm(3);
    const float field_h = c.line_height(FontRole::Body) + 2 * pad;
    const float label_h = c.line_height(FontRole::Heading);
    const float keyboard_h = std::clamp(bar_top - c.mm(3) - top - label_h - field_h - c.mm(3), Keyboard::min_height(c),
                                        Keyboard::max_height(c));
    const Rect keyboard_area{{margin, bar_top - c.mm(3) - keyboard_h}, {m.width - margin, bar_top - c.mm(3)}};
    const Rect region{{margin, top}, {m.width - margin, std::max(top + field_h, keyboard_area.min.y - c.mm(3))}};
    const Rect area = c.begin_scroll("complaint.contact", region);
    const bool side_by_side = (area.width() - c.mm(6)) / 2 >= c.mm(100);
    const float gap = c.mm(6);
    const float w = side_by_side ? (area.width() - gap) / 2 : area.width();
    struct FieldInfo {
        core::Field field;
        const Text* label;
        const char* id;
    };
    int index = 0;
    float y = area.min.y, bottom = y;
    for (const FieldInfo& f : {FieldInfo{core::Field::Name, &strings::kName, "complaint.field.name"},
                               FieldInfo{core::Field::Phone, &strings::kPhone, "complaint.field.phone"}}) {
        const float x = side_by_side ? area.min.x + static_cast<float>(index) * (w + gap) : area.min.x;
        float fy = side_by_side ? area.min.y : y;
        fy += c.paragraph(FontRole::Heading, {{x, fy}, {x + w, area.max.y}}, c.colors().text, f.label->in(lang), Align::Left);
        const Rect rect{{x, fy}, {x + w, fy + field_h}};
        if (c.hit(f.id, rect)) ctx.session.focus_field(f.field, ctx.now);
        text_field(c, rect, session.field_text(f.field), nullptr, session.active_field() == f.field, c.redact_personal());
        fy = rect.max.y + c.mm(1);
        const bool error = (f.field == core::Field::Name && session.contact_error() == core::Session::ContactError::Name) ||
                           (f.field == core::Field::Phone && session.contact_error() == core::Session::ContactError::Phone);
        if (error)
            fy += c.paragraph(FontRole::Small, {{x, fy}, {x + w, area.max.y}}, c.colors().error_text,
                              (f.field == core::Field::Name ? strings::kNameError : strings::kPhoneError).in(lang), Align::Left);
        bottom = std::max(bottom, fy);
        y = fy + c.mm(3);
        ++index;
    }
    c.end_scroll(bottom);
    const core::Field active = session.active_field();
    const std::string& text = session.field_text(active);
    std::string edited = text;
    // The phone number gets a large number pad: digits are all it takes.
    if (active == core::Field::Phone)
        keyboard.draw_number_pad(c, keyboard_area, edited, session.field_limit(active));
    else
        keyboard.draw(c, keyboard_area, edited, session.field_limit(active), lang);
    if (edited != text) ctx.session.set_field_text(active, edited, ctx.now);
}

void ComplaintDoneView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(8);
    const auto& complaint = ctx.session.complaint();
    const std::string reference = complaint ? complaint->reference : "";
    const float bar_h = std::max(c.mm(17), c.line_height(FontRole::Heading) + c.mm(4));
    const float w = std::min(m.width - 2 * margin, c.mm(90));
    const float bar_y = m.height - margin - bar_h;
    if (c.button("complaint.finish", {{(m.width - w) / 2, bar_y}, {(m.width + w) / 2, m.height - margin}},
                 strings::kFinish.in(lang), ButtonStyle::Primary, FontRole::Heading))
        ctx.session.back_to_welcome(ctx.now);
    // The number, its QR code and the hint scroll above the button if a small screen with
    // large text cannot hold them (the QR code shrinks first, to 30 mm).
    const Rect area = c.begin_scroll("complaint.done", {{margin, c.mm(8)}, {m.width - margin, bar_y - c.mm(3)}});
    float y = area.min.y + c.mm(4);
    y += c.paragraph(FontRole::Title, {{area.min.x, y}, area.max}, c.colors().text, with_office_name(strings::kComplaintReceived.in(lang), ctx.office.name(lang)),
                     Align::Center) + c.mm(4);
    y += c.paragraph(FontRole::Heading, {{area.min.x, y}, area.max}, c.colors().muted_text,
                     strings::kReferenceLabel.in(lang), Align::Center) + c.mm(2);
    // The number, as large as the screen allows: it is read aloud and written down.
    ImFont* big = c.font(FontRole::Display);
    const ImVec2 size = big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, reference.c_str());
    const float cx = (area.min.x + area.max.x) / 2;
    c.list().AddText(big, big->FontSize, {cx - size.x / 2, y}, c.colors().text, reference.c_str());
    c.hit("complaint.reference", {{cx - size.x / 2, y}, {cx + size.x / 2, y + size.y}});
    y += size.y + c.mm(4);
    // complaint.tracking_url with {ref} and {key} filled in (core::tracking_url); the key is
    // only in the QR code, never drawn as text: it is the visitor's, not the next visitor's.
    const std::string qr_text =
        core::tracking_url(ctx.office.tracking_url, reference, complaint ? complaint->tracking_key : std::string());
    const float hint_h = c.paragraph_height(FontRole::Body, area.width(), strings::kReferenceHint.in(lang));
    const float qr_size = std::max(c.mm(30), std::min(c.mm(60), bar_y - c.mm(3) - c.mm(4) - hint_h - y));
    draw_qr_code(c.list(), {cx - qr_size / 2, y}, qr_size, qr_text, IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255));
    y += qr_size + c.mm(2);
    y += c.paragraph(FontRole::Body, {{area.min.x, y}, area.max}, c.colors().muted_text, strings::kReferenceHint.in(lang),
                     Align::Center);
    c.end_scroll(y);
}

}  // namespace feedback::ui
