// The complaint channel (DESIGN.md §3 step 6): category → when and where → description →
// anonymous or contact (after the PDPA notice) → reference number with a QR code.
// As with ratings, the first real answer (the category) is stored at once and every later step
// updates it, so a visitor who walks away leaves a complaint, never a half-typed name.
#include <cstdio>

#include "text/thai_input.h"
#include "ui/qr_code.h"
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {
namespace {

float title(ViewContext& ctx, float y, const Text& text) {
    Canvas& c = ctx.canvas;
    const float margin = c.mm(6);
    return y + c.paragraph(FontRole::Title, {{margin, y}, {c.metrics().width - margin, c.metrics().height}},
                           c.colors().text, text.in(ctx.lang()), Align::Left);
}

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
    // The chips get what the field (at least one whole line, issue 16: the box once shrank
    // to a sliver) and the smallest keyboard leave; more chips than that scroll.
    const float entry_min = c.line_height(FontRole::Body) + c.mm(6) + c.mm(2) + Keyboard::min_height(c);
    const float room = bar_top - c.mm(3) - y - entry_min - c.mm(3);
    auto label = [&](const core::ComplaintChip* k) { return k->label.in(lang); };
    auto id = [](const core::ComplaintChip* k) { return "complaint.chip." + k->id; };
    auto is_selected = [&](const core::ComplaintChip* k) {
        return std::find(selected.begin(), selected.end(), k->id) != selected.end();
    };
    auto toggle = [&](const core::ComplaintChip* k) { ctx.session.toggle_complaint_chip(k->id, ctx.now); };
    const float chips_h = chip_flow(c, {{margin, y}, {m.width - margin, m.height}}, chips, label, id, is_selected, toggle, false);
    if (chips_h <= room) {
        y += chip_flow(c, {{margin, y}, {m.width - margin, m.height}}, chips, label, id, is_selected, toggle) + c.mm(3);
    } else if (!chips.empty()) {
        const float window_h = std::max(room, std::min(chips_h, c.mm(15)));
        const Rect area = c.begin_scroll("complaint.chips", {{margin, y}, {m.width - margin, y + window_h}});
        c.end_scroll(area.min.y + chip_flow(c, area, chips, label, id, is_selected, toggle));
        y += window_h + c.mm(3);
    }
    const EntryLayout layout = layout_entry(c, margin, m.width - margin, y, bar_top - c.mm(3), 2);
    text_field(c, layout.field, draft, strings::kCommentPlaceholder.in(lang), true, false);
    std::string edited = draft;
    keyboard.draw(c, layout.keyboard, edited, session.field_limit(core::Field::Description), lang);
    if (edited != draft) ctx.session.set_field_text(core::Field::Description, edited, ctx.now);
}

void ComplaintContactChoiceView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(6);
    float y = draw_top_bar(ctx, true) + c.mm(6);
    y = title(ctx, y, strings::kContactChoiceTitle) + c.mm(6);
    const float bar_top = draw_nav_bar(ctx, nullptr, {});
    const bool stacked = m.portrait();
    const float gap = c.mm(6);
    const float w = stacked ? m.width - 2 * margin : (m.width - 2 * margin - gap) / 2;
    const float h = std::min(c.mm(60), stacked ? (bar_top - y - gap - c.mm(6)) / 2 : bar_top - y - c.mm(6));
    const Rect anonymous{{margin, y}, {margin + w, y + h}};
    const Rect contact = stacked ? Rect{{margin, y + h + gap}, {margin + w, y + 2 * h + gap}}
                                 : Rect{{margin + w + gap, y}, {m.width - margin, y + h}};
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
    if (!ctx.session.last_error().empty())
        c.paragraph(FontRole::Body, {{margin, bar_top - c.mm(10)}, {m.width - margin, bar_top}}, c.colors().error_text,
                    strings::kStoreError.in(lang), Align::Center);
}

void PdpaNoticeView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(6);
    float y = draw_top_bar(ctx, true) + c.mm(4);
    y = title(ctx, y, strings::kPdpaTitle) + c.mm(3);
    const float bar_top = draw_nav_bar(ctx, nullptr, {});
    const bool qr = !ctx.office.policy_url.empty();
    const float qr_size = qr ? std::min(c.mm(45), m.width * 0.25f) : 0;
    // Lines of a readable length (at most ~230 mm), in the larger text size: this is the one
    // screen a visitor is asked to read before agreeing.
    const float text_right = std::min(m.width - margin - (qr ? qr_size + c.mm(6) : 0), margin + c.mm(230));
    const Rect text_area{{margin, y}, {text_right, bar_top - c.mm(24)}};
    const std::string& notice = lang == "en" ? ctx.office.pdpa_notice_en : ctx.office.pdpa_notice_th;
    const FontRole role = c.paragraph_height(FontRole::Heading, text_area.width(), notice) < text_area.height()
                              ? FontRole::Heading
                              : FontRole::Body;
    c.paragraph(role, text_area, c.colors().text, notice, Align::Left);
    if (qr) {
        const ImVec2 at{m.width - margin - qr_size, y};
        draw_qr_code(c.list(), at, qr_size, ctx.office.policy_url, IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255));
        c.paragraph(FontRole::Small, {{at.x, at.y + qr_size + c.mm(1)}, {at.x + qr_size, at.y + qr_size + c.mm(12)}},
                    c.colors().muted_text, strings::kPdpaPolicyQr.in(lang), Align::Center);
    }
    const float h = c.mm(17), gap = c.mm(4);
    const float by = bar_top - c.mm(4) - h;
    const float w = (m.width - 2 * margin - gap) / 2;
    if (c.button("pdpa.decline", {{margin, by}, {margin + w, by + h}}, strings::kPdpaDecline.in(lang), ButtonStyle::Normal,
                 FontRole::Heading))
        ctx.session.complaint_back(ctx.now);
    if (c.button("pdpa.accept", {{margin + w + gap, by}, {m.width - margin, by + h}}, strings::kPdpaAccept.in(lang),
                 ButtonStyle::Primary, FontRole::Heading))
        ctx.session.accept_pdpa(ctx.now);
}

void ComplaintContactView::draw(ViewContext& ctx, Keyboard& keyboard) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const auto& session = ctx.session;
    const float margin = c.mm(6);
    float y = draw_top_bar(ctx, true) + c.mm(2);
    const float bar_top = draw_nav_bar(ctx, "complaint.submit", strings::kSubmit.in(lang));
    const float field_h = c.mm(15);
    const bool side_by_side = !m.portrait();
    const float gap = c.mm(6);
    const float w = side_by_side ? (m.width - 2 * margin - gap) / 2 : m.width - 2 * margin;
    struct FieldInfo {
        core::Field field;
        const Text* label;
        const char* id;
    };
    int index = 0;
    float fields_bottom = y;
    for (const FieldInfo& f : {FieldInfo{core::Field::Name, &strings::kName, "complaint.field.name"},
                               FieldInfo{core::Field::Phone, &strings::kPhone, "complaint.field.phone"}}) {
        const float x = side_by_side ? margin + static_cast<float>(index) * (w + gap) : margin;
        float fy = side_by_side ? y : y + static_cast<float>(index) * (field_h + c.mm(20));
        fy += c.paragraph(FontRole::Heading, {{x, fy}, {x + w, m.height}}, c.colors().text, f.label->in(lang), Align::Left);
        const Rect rect{{x, fy}, {x + w, fy + field_h}};
        if (c.hit(f.id, rect)) ctx.session.focus_field(f.field, ctx.now);
        text_field(c, rect, session.field_text(f.field), nullptr, session.active_field() == f.field, c.redact_personal());
        const bool error = (f.field == core::Field::Name && session.contact_error() == core::Session::ContactError::Name) ||
                           (f.field == core::Field::Phone && session.contact_error() == core::Session::ContactError::Phone);
        if (error)
            c.paragraph(FontRole::Small, {{x, rect.max.y + c.mm(1)}, {x + w, rect.max.y + c.mm(14)}}, c.colors().error_text,
                        (f.field == core::Field::Name ? strings::kNameError : strings::kPhoneError).in(lang), Align::Left);
        ++index;
        fields_bottom = std::max(fields_bottom, rect.max.y + c.mm(12));
    }
    // The keyboard takes what is left between the fields and the buttons (keys stay >= 15 mm).
    const float keyboard_top = std::max(fields_bottom, bar_top - c.mm(3) - c.mm(6 * 22.0f));
    const float keyboard_h = bar_top - c.mm(3) - keyboard_top;
    const core::Field active = session.active_field();
    const std::string& text = session.field_text(active);
    std::string edited = text;
    keyboard.draw(c, {{margin, keyboard_top}, {m.width - margin, keyboard_top + keyboard_h}}, edited, session.field_limit(active), lang);
    if (edited != text) ctx.session.set_field_text(active, edited, ctx.now);
}

void ComplaintDoneView::draw(ViewContext& ctx) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(8);
    const auto& complaint = ctx.session.complaint();
    const std::string reference = complaint ? complaint->reference : "";
    float y = c.mm(14);
    y += c.paragraph(FontRole::Title, {{margin, y}, {m.width - margin, m.height}}, c.colors().text,
                     strings::kComplaintReceived.in(lang), Align::Center) + c.mm(6);
    y += c.paragraph(FontRole::Heading, {{margin, y}, {m.width - margin, m.height}}, c.colors().muted_text,
                     strings::kReferenceLabel.in(lang), Align::Center) + c.mm(2);
    // The number, as large as the screen allows: it is read aloud and written down.
    ImFont* big = c.font(FontRole::Display);
    const ImVec2 size = big->CalcTextSizeA(big->FontSize, FLT_MAX, 0, reference.c_str());
    c.list().AddText(big, big->FontSize, {(m.width - size.x) / 2, y}, c.colors().text, reference.c_str());
    c.hit("complaint.reference", {{(m.width - size.x) / 2, y}, {(m.width + size.x) / 2, y + size.y}});
    y += size.y + c.mm(6);
    std::string qr_text = ctx.office.tracking_url;
    if (qr_text.empty()) {
        qr_text = reference;
    } else if (auto at = qr_text.find("{ref}"); at != std::string::npos) {
        qr_text.replace(at, 5, reference);
    }
    const float bar_h = c.mm(17);
    const float qr_size = std::max(c.mm(30), std::min(c.mm(60), m.height - margin - bar_h - c.mm(24) - y));
    draw_qr_code(c.list(), {(m.width - qr_size) / 2, y}, qr_size, qr_text, IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255));
    y += qr_size + c.mm(2);
    c.paragraph(FontRole::Body, {{margin, y}, {m.width - margin, m.height}}, c.colors().muted_text,
                strings::kReferenceHint.in(lang), Align::Center);
    const float w = std::min(m.width - 2 * margin, c.mm(90));
    if (c.button("complaint.finish", {{(m.width - w) / 2, m.height - margin - bar_h}, {(m.width + w) / 2, m.height - margin}},
                 strings::kFinish.in(lang), ButtonStyle::Primary, FontRole::Heading))
        ctx.session.back_to_welcome(ctx.now);
}

}  // namespace feedback::ui
