// Staff screens: the PIN pad (reached by holding the top-left corner of Welcome for three
// seconds) and the dashboard. They time out to Welcome like any session. Sensitive complaints
// (bribery) appear only as a count here — never their text.
#include <cctype>
#include <cstdio>

#include "core/clock.h"
#include "ui/staff_messages.h"
#include "ui/strings.h"
#include "ui/views.h"

namespace feedback::ui {
namespace {

std::string human_bytes(std::uintmax_t bytes) {
    char buf[32];
    if (bytes >= 1024ull * 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
    else
        std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024));
    return buf;
}

}  // namespace

void AdminPinView::draw(ViewContext& ctx, AdminActions& actions) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const std::string& pin = ctx.session.field_text(core::Field::Pin);
    float y = c.mm(12);
    y += c.paragraph(FontRole::Title, {{c.mm(6), y}, {m.width - c.mm(6), m.height}}, c.colors().text,
                     strings::kAdminPinTitle.in(lang), Align::Center) + c.mm(4);
    std::string dots;
    for (std::size_t i = 0; i < pin.size(); ++i) dots += "\u2022 ";
    const float dots_w = c.text_width(FontRole::Title, dots);
    c.text(FontRole::Title, {(m.width - dots_w) / 2, y}, c.colors().text, dots);
    y += c.font_size(FontRole::Title) * 1.5f;
    if (!message_.empty())
        c.paragraph(FontRole::Body, {{c.mm(6), y}, {m.width - c.mm(6), m.height}}, c.colors().error_text, message_, Align::Center);
    y += c.mm(12);

    // Cancel at the bottom left, as wide as its label (issue 16: "Cancel" did not fit a key
    // and was cut in two); a 3×4 pad of keys of 15-22 mm, OK beside 0.
    const float cancel_w = std::max(c.mm(30), c.text_width(FontRole::Body, strings::kCancel.in(lang)) + c.mm(10));
    const float cancel_h = std::max(c.mm(17), c.line_height(FontRole::Body) + c.mm(4));
    if (c.button("pin.cancel", {{c.mm(6), m.height - c.mm(6) - cancel_h}, {c.mm(6) + cancel_w, m.height - c.mm(6)}},
                 strings::kCancel.in(lang), ButtonStyle::Quiet, FontRole::Body))
        ctx.session.leave_admin(ctx.now);
    const float gap = c.mm(3);
    const float key = std::clamp((m.height - y - c.mm(6) - 3 * gap) / 4, c.mm(15), c.mm(22));
    const float left = std::max(c.mm(6) + cancel_w + gap, (m.width - 3 * key - 2 * gap) / 2);
    const char* layout[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"", "0", "ok"}};
    for (int r = 0; r < 4; ++r)
        for (int col = 0; col < 3; ++col) {
            const std::string k = layout[r][col];
            const Rect rect{{left + static_cast<float>(col) * (key + gap), y + static_cast<float>(r) * (key + gap)},
                            {left + static_cast<float>(col) * (key + gap) + key, y + static_cast<float>(r) * (key + gap) + key}};
            if (k.empty()) {
                continue;
            } else if (k == "ok") {
                if (c.button("pin.ok", rect, "OK", ButtonStyle::Primary, FontRole::Heading)) {
                    const auto outcome = actions.check_pin(pin, ctx.now);
                    ctx.session.set_field_text(core::Field::Pin, "", ctx.now);
                    switch (outcome.kind) {
                        case PinOutcome::Kind::Accepted:
                            message_.clear();
                            ctx.session.admin_unlocked(ctx.now);
                            break;
                        case PinOutcome::Kind::NotSet: message_ = strings::kAdminPinNotSet.in(lang); break;
                        case PinOutcome::Kind::Wrong:
                        case PinOutcome::Kind::LockedOut: {
                            char text[200];
                            // A duration from the check, never a difference of wall times: a
                            // clock moved back must not turn 30 s into a day.
                            const auto wait_s = (outcome.wait_ms + 999) / 1000;
                            if (outcome.wait_ms > 0)
                                std::snprintf(text, sizeof text, strings::kAdminLocked.in(lang), static_cast<long long>(wait_s));
                            else
                                std::snprintf(text, sizeof text, "%s", strings::kAdminWrongPin.in(lang));
                            message_ = text;
                            break;
                        }
                    }
                }
            } else if (c.button("pin." + k, rect, k, ButtonStyle::Normal, FontRole::Title)) {
                if (pin.size() < 12) ctx.session.set_field_text(core::Field::Pin, pin + k, ctx.now);
            }
        }
    if (ctx.session.screen() != core::Screen::AdminPin) message_.clear();
}

void AdminView::draw(ViewContext& ctx, AdminActions& actions) {
    Canvas& c = ctx.canvas;
    const auto& m = c.metrics();
    const auto& lang = ctx.lang();
    const float margin = c.mm(6);
    // The USB export runs beside this loop (AdminActions::start_export): its progress is drawn
    // every frame, its result once it has finished. Staff wait for the stick, so the screen
    // does not time out while it is being written.
    const ExportProgress progress = actions.export_progress(ctx.now);
    if (progress.result) {
        message_ = *progress.result;
        summary_.reset();
    }
    if (progress.running) ctx.session.touched(ctx.now);
    if (!summary_ || ctx.now.mono_ms - summary_at_ms_ > 5000 || summary_language_ != lang) {
        // Figures are read when the dashboard opens and after each action, not every frame.
        summary_ = actions.summary(lang, ctx.now);
        summary_at_ms_ = ctx.now.mono_ms;
        summary_language_ = lang;
    }
    const AdminSummary& s = *summary_;
    float y = draw_top_bar(ctx, false) + c.mm(2);
    y += c.paragraph(FontRole::Title, {{margin, y}, {m.width - margin, m.height}}, c.colors().text,
                     strings::kAdminTitle.in(lang), Align::Left);

    std::vector<std::string> lines;
    char buf[256];
    lines.push_back(s.period_title);
    std::snprintf(buf, sizeof buf, strings::kAdminAnswers.in(lang), static_cast<long long>(s.answers_today),
                  static_cast<long long>(s.answers_period), static_cast<long long>(s.misuse_period));
    lines.emplace_back(buf);
    if (s.mean_period) {
        std::snprintf(buf, sizeof buf, strings::kAdminMean.in(lang), *s.mean_period, s.level_period.c_str());
        lines.emplace_back(buf);
    }
    std::snprintf(buf, sizeof buf, strings::kAdminComplaints.in(lang), static_cast<long long>(s.complaints_period),
                  static_cast<long long>(s.sensitive_complaints_period));
    lines.emplace_back(buf);
    for (const auto& [label, count] : s.complaints_by_category) lines.push_back("    " + label + ": " + std::to_string(count));
    std::snprintf(buf, sizeof buf, strings::kAdminSync.in(lang), static_cast<long long>(s.pending),
                  s.oldest_pending_age_s ? static_cast<long long>(*s.oldest_pending_age_s / 60) : 0LL,
                  static_cast<long long>(s.rejected), s.last_success.empty() ? "-" : s.last_success.c_str());
    lines.emplace_back(buf);
    // The last sync error in the screen's language; the raw (English) text under it, smaller.
    std::optional<StaffMessage> last_error;
    if (!s.last_error.empty()) {
        last_error = describe_sync_error(s.last_error, lang);
        lines.push_back(std::string(strings::kAdminLastError.in(lang)) + last_error->headline);
    }
    const std::size_t last_error_line = last_error ? lines.size() - 1 : lines.size();
    std::snprintf(buf, sizeof buf, strings::kAdminStorage.in(lang), human_bytes(s.database_bytes).c_str(),
                  human_bytes(s.free_bytes).c_str());
    lines.emplace_back(buf);
    if (!s.display.empty()) lines.push_back(std::string(strings::kAdminDisplay.in(lang)) + s.display);
    if (s.clips_missing_th >= 0) {
        std::snprintf(buf, sizeof buf, strings::kAdminClips.in(lang), static_cast<long long>(s.clips_missing_th),
                      static_cast<long long>(s.clips_missing_en));
        lines.push_back(buf);
    }

    // Layout (issue 16): the buttons at the bottom as tall as their labels need, the export's
    // progress or result right above them, and the figures in a scroll region between the
    // title and that line — at 768 px "no USB drive" was drawn over the last-error line.
    const float gap = c.mm(4);
    const float w = (m.width - 2 * margin - 2 * gap) / 3;
    const float export_w = (m.width - 2 * margin - 3 * gap) / 4;
    float bar_h = c.mm(17);
    for (const char* format : {"csv", "xlsx", "html", "pdf"})
        bar_h = std::max(bar_h,
                         button_height(c, FontRole::Body, export_w, std::string(strings::kAdminExport.in(lang)) + " " + format));
    bar_h = std::max({bar_h, button_height(c, FontRole::Body, w, strings::kAdminExit.in(lang)),
                      button_height(c, FontRole::Heading, 2 * w + gap, strings::kAdminClose.in(lang))});
    const float buttons_top = m.height - margin - 2 * bar_h - gap;
    float status_top = buttons_top - c.mm(2);
    if (progress.running) {
        std::string format = progress.format;
        for (char& ch : format) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        std::snprintf(buf, sizeof buf, strings::kAdminExporting.in(lang), format.c_str(),
                      static_cast<long long>(progress.elapsed_ms / 1000));
        const float text_h = c.paragraph_height(FontRole::Body, m.width - 2 * margin, buf);
        status_top -= text_h + c.mm(6);
        c.paragraph(FontRole::Body, {{margin, status_top}, {m.width - margin, status_top + text_h}}, c.colors().text, buf,
                    Align::Left);
        // An indeterminate bar (how long a stick takes is unknown): a block that sweeps across.
        const Rect track{{margin, status_top + text_h + c.mm(1)}, {m.width - margin, status_top + text_h + c.mm(4)}};
        c.list().AddRectFilled(track.min, track.max, c.colors().border);
        const float block = track.width() / 5;
        const float phase = static_cast<float>(progress.elapsed_ms % 2000) / 2000.0f;
        const float x = track.min.x + phase * (track.width() - block);
        c.list().AddRectFilled({x, track.min.y}, {x + block, track.max.y}, c.colors().primary);
        c.hit("admin.export.progress", {{margin, status_top}, track.max});  // for the scripted driver
    }
    // The export's result above the buttons — or, where that would leave the figures less than
    // two lines (large text at 768 px), at the top of the figures, scrolling with them.
    bool message_in_region = false;
    if (!progress.running && !message_.empty()) {
        const float text_h = c.paragraph_height(FontRole::Body, m.width - 2 * margin, message_);
        if (status_top - text_h - y < 2 * c.line_height(FontRole::Body)) {
            message_in_region = true;
        } else {
            status_top -= text_h;
            c.paragraph(FontRole::Body, {{margin, status_top}, {m.width - margin, status_top + text_h}}, c.colors().text,
                        message_, Align::Left);
        }
    }

    const Rect area = c.begin_scroll("admin", {{margin, y}, {m.width - margin, status_top - c.mm(2)}});
    float ly = area.min.y;
    if (message_in_region)
        ly += c.paragraph(FontRole::Body, {{area.min.x, ly}, area.max}, c.colors().text, message_, Align::Left) + c.mm(2);
    if (s.auth_alert)
        ly += c.paragraph(FontRole::Heading, {{area.min.x, ly}, area.max}, c.colors().error_text,
                          strings::kAdminAuthAlert.in(lang), Align::Left);
    for (const auto& file : s.set_aside_files) {
        // Built without snprintf: the Thai sentence alone is over 200 bytes of UTF-8.
        std::string line = strings::kAdminSetAside.in(lang);
        line.replace(line.find("%s"), 2, file);
        ly += c.paragraph(FontRole::Body, {{area.min.x, ly}, area.max}, c.colors().error_text, line, Align::Left);
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        ly += c.paragraph(FontRole::Body, {{area.min.x, ly}, area.max}, c.colors().text, lines[i], Align::Left);
        if (i == last_error_line)
            ly += c.paragraph(FontRole::Small, {{area.min.x + c.mm(6), ly}, area.max}, c.colors().muted_text,
                              last_error->detail, Align::Left);
    }
    c.end_scroll(ly);

    // Exports to USB (only with a drive present), then close / exit. PDF (issue 17) is the
    // report made on the kiosk itself, the file staff can print anywhere without a browser.
    int i = 0;
    for (const char* format : {"csv", "xlsx", "html", "pdf"}) {
        const float x = margin + static_cast<float>(i++) * (export_w + gap);
        const std::string label = std::string(strings::kAdminExport.in(lang)) + " " + format;
        if (c.button(std::string("admin.export.") + format, {{x, buttons_top}, {x + export_w, buttons_top + bar_h}}, label,
                     s.usb_drive.empty() || progress.running ? ButtonStyle::Quiet : ButtonStyle::Normal)) {
            if (s.usb_drive.empty()) {
                message_ = strings::kAdminNoUsb.in(lang);
            } else if (!progress.running) {  // one export at a time
                message_.clear();
                actions.start_export(format, lang, ctx.now);
            }
        }
    }
    const float by = buttons_top + bar_h + gap;  // the second row
    if (c.button("admin.exit", {{margin, by}, {margin + w, by + bar_h}}, strings::kAdminExit.in(lang), ButtonStyle::Quiet))
        actions.exit_kiosk();
    if (c.button("admin.close", {{m.width - margin - 2 * w - gap, by}, {m.width - margin, by + bar_h}},
                 strings::kAdminClose.in(lang), ButtonStyle::Primary, FontRole::Heading)) {
        message_.clear();
        summary_.reset();
        ctx.session.leave_admin(ctx.now);
    }
}

}  // namespace feedback::ui
