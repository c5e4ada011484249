#include "ui/canvas.h"

#include <algorithm>
#include <cmath>

#include "ui/views.h"


namespace feedback::ui {

Canvas::Canvas(ImDrawList& list, const Metrics& metrics, const FontSet& fonts, bool high_contrast,
               bool large_text, std::optional<Tap> tap, std::optional<ImVec2> pressed_at, Script script)
    : list_(list), metrics_(metrics), fonts_(fonts), palette_(palette(high_contrast)),
      cache_(*fonts.text), large_(large_text), script_(script), tap_(tap), pressed_at_(pressed_at) {
    cache_.trim();  // between frames: nothing handed out by the cache is in use
}

Canvas::LineBox Canvas::line_box(FontRole role) const {
    // ImGui places a glyph at pen.y + Y0 (the baseline sits at pen.y + Ascent). Marks stacked
    // above a tall vowel may reach above the pen (Y0 < 0) and vowels below below FontSize.
    const ImFont* f = font(role);
    float top = 0, bottom = f->FontSize;
    for (const auto& g : f->Glyphs) {
        if (g.Y1 <= g.Y0) continue;  // blank (space)
        // English screens reserve no room for Thai marks (their fonts carry Thai glyphs only
        // for "ไทย" and the like, which have no stacked marks).
        if (script_ == Script::Latin && g.Codepoint >= 0x0E00) continue;
        top = std::min(top, g.Y0);
        bottom = std::max(bottom, g.Y1);
    }
    return {-top, bottom - top};
}

float Canvas::line_height(FontRole role) const { return line_box(role).height; }

void Canvas::push_clip(Rect r) {
    clips_.push_back(r);
    list_.PushClipRect(r.min, r.max, true);
}

void Canvas::pop_clip() {
    clips_.pop_back();
    list_.PopClipRect();
}

float Canvas::text(FontRole role, ImVec2 pos, ImU32 color, std::string_view logical) {
    ImFont* f = font(role);
    const TextCache::Shaped& shaped = cache_.shaped(f, logical);
    const LineBox lb = line_box(role);
    // `pos` is the top of the line box: the pen goes below it by what marks need above.
    const int vertices = list_.VtxBuffer.Size;
    list_.AddText(f, f->FontSize, {pos.x, pos.y + lb.above}, color, shaped.display.data(),
                  shaped.display.data() + shaped.display.size());
    last_drawn_ = list_.VtxBuffer.Size > vertices || shaped.display.find_first_not_of(' ') == std::string::npos;
    if (!recording_) {
        const Rect line{{pos.x, pos.y}, {pos.x + shaped.width, pos.y + lb.height}};
        texts_.push_back({owner_, line, line, current_clip(), false,
                          false, layer_, std::string(logical), last_drawn_});
    }
    return shaped.width;
}

float Canvas::text_width(FontRole role, std::string_view logical) const {
    return cache_.shaped(font(role), logical).width;
}

float Canvas::paragraph_height(FontRole role, float width, std::string_view logical) const {
    const auto& lines = cache_.wrapped(font(role), width, logical).lines;
    return static_cast<float>(lines.size()) * line_height(role);
}

float Canvas::paragraph(FontRole role, Rect area, ImU32 color, std::string_view logical, Align align) {
    // The cache is trimmed only between frames, so `lines` stays valid while text() adds entries.
    const auto& wrapped = cache_.wrapped(font(role), area.width(), logical);
    const LineBox lb = line_box(role);
    float y = area.min.y;
    for (std::size_t i = 0; i < wrapped.lines.size(); ++i) {
        const auto& line = wrapped.lines[i];
        // Trailing spaces and the newline take no room at the end of a line.
        std::string_view body = line;
        while (!body.empty() && (body.back() == ' ' || body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
        const float w = text_width(role, body);
        float x = area.min.x;
        if (align == Align::Center) x += (area.width() - w) / 2;
        recording_ = true;
        text(role, {x, y}, color, body);
        recording_ = false;
        texts_.push_back({owner_, owner_.empty() ? area : record_box_, {{x, y}, {x + w, y + lb.height}},
                          current_clip(), false, wrapped.cut[i], layer_,
                          std::string(body), last_drawn_});
        y += lb.height;
    }
    return static_cast<float>(wrapped.lines.size()) * lb.height;
}

FontRole Canvas::fit_words(FontRole role, float width, std::string_view logical) {
    if (words_fit(role, width, logical)) return role;
    if (large_) {
        large_ = false;
        if (words_fit(role, width, logical)) return role;
    }
    while (role != FontRole::Small && !words_fit(role, width, logical)) role = static_cast<FontRole>(static_cast<int>(role) - 1);
    return role;
}

float Canvas::fitted_paragraph(FontRole role, Rect area, ImU32 color, std::string_view logical, Align align) {
    const bool was_large = large_;
    const FontRole r = fit_words(role, area.width(), logical);
    const float h = paragraph(r, area, color, logical, align);
    large_ = was_large;
    return h;
}

float Canvas::fitted_paragraph_height(FontRole role, float width, std::string_view logical) {
    const bool was_large = large_;
    const FontRole r = fit_words(role, width, logical);
    const float h = paragraph_height(r, width, logical);
    large_ = was_large;
    return h;
}

bool Canvas::words_fit(FontRole role, float width, std::string_view logical) const {
    return cache_.words_fit(font(role), width, logical);
}

Rect Canvas::begin_scroll(const std::string& id, Rect window, bool start_at_end) {
    ScrollStates& states = scroll_states_ ? *scroll_states_ : own_scroll_states_;
    ScrollState& st = states[id];
    const bool bar = st.content > window.height() + 0.5f;
    if (start_at_end && !st.placed && st.content > 0) {
        st.offset = st.content;  // clamped to the end below
        st.placed = true;
    }
    st.offset = std::clamp(st.offset, 0.0f, std::max(0.0f, st.content - window.height()));
    OpenScroll open{id, window, st.offset, list_.VtxBuffer.Size, widgets_.size(), texts_.size(), {}, false, {}, start_at_end};
    if (tap_) {
        if (window.contains(tap_->down) && window.contains(tap_->up)) {
            tap_->down.y += st.offset;
            tap_->up.y += st.offset;
            open.tap_moved = true;
        } else {
            open.held_tap = std::exchange(tap_, std::nullopt);
        }
    }
    if (pressed_at_) {
        if (window.contains(*pressed_at_)) pressed_at_->y += st.offset;
        else open.held_press = std::exchange(pressed_at_, std::nullopt);
    }
    // Drawing happens in layout coordinates, moved up at the end: ImGui culls text lines
    // outside the clip rectangle as they are added, so the clip is the window in layout
    // coordinates now (not intersected with the screen) and is moved with the vertices.
    clips_.push_back(window);
    list_.PushClipRect({window.min.x, window.min.y + st.offset}, {window.max.x, window.max.y + st.offset}, false);
    open.cmd_start = list_.CmdBuffer.Size - 1;
    scroll_ = std::move(open);
    scroll_clip_depth_ = clips_.size();
    Rect layout = window;
    layout.max.y = window.min.y + 100000.0f;  // no bottom: the content's height is measured
    // The strip: ▲ over ▼, or side by side in a window too low for two buttons.
    const bool side_by_side = window.height() < 2 * mm(15) + mm(3);
    if (bar) layout.max.x -= (side_by_side ? 2 * mm(18) + mm(3) : mm(18)) + mm(3);
    return layout;
}

void Canvas::end_scroll(float content_bottom) {
    if (!scroll_) return;
    OpenScroll open = std::move(*scroll_);
    scroll_.reset();
    for (int i = std::max(0, open.cmd_start); i < list_.CmdBuffer.Size; ++i) {
        list_.CmdBuffer[i].ClipRect.y -= open.offset;
        list_.CmdBuffer[i].ClipRect.w -= open.offset;
    }
    pop_clip();
    scroll_clip_depth_ = 0;
    ScrollStates& states = scroll_states_ ? *scroll_states_ : own_scroll_states_;
    ScrollState& st = states[open.id];
    const Rect& window = open.window;
    scroll_windows_.emplace_back(open.id, window);
    const float content = content_bottom - window.min.y;
    if (std::abs(content - st.content) > 0.5f) {
        // The bar appears or goes, or the content moved: lay the frame out again.
        if ((content > window.height() + 0.5f) != (st.content > window.height() + 0.5f) || (open.start_at_end && !st.placed)) acted_ = true;
        st.content = content;
    }
    const float dy = open.offset;
    for (int i = open.vtx_start; i < list_.VtxBuffer.Size; ++i) list_.VtxBuffer[i].pos.y -= dy;
    for (std::size_t i = open.widget_start; i < widgets_.size(); ++i) {
        auto& w = widgets_[i];
        w.rect.min.y -= dy;
        w.rect.max.y -= dy;
        w.full = w.rect;
        w.scroll_region = open.id;
        if (w.rect.max.y <= window.min.y + 1) w.scrolled_out = -1;
        else if (w.rect.min.y >= window.max.y - 1) w.scrolled_out = 1;
        else {
            w.rect.min.y = std::max(w.rect.min.y, window.min.y);
            w.rect.max.y = std::min(w.rect.max.y, window.max.y);
        }
    }
    for (std::size_t i = open.text_start; i < texts_.size(); ++i) {
        auto& t = texts_[i];
        for (Rect* r : {&t.line, &t.box}) {
            r->min.y -= dy;
            r->max.y -= dy;
        }
        if (t.clip) {
            // A field inside the region: its own clip, cut by the window where scrolled out.
            Rect own = *t.clip;
            own.min.y -= dy;
            own.max.y -= dy;
            const Rect cut{{std::max(own.min.x, window.min.x), std::max(own.min.y, window.min.y)},
                           {std::min(own.max.x, window.max.x), std::min(own.max.y, window.max.y)}};
            t.scrolled = cut.min.y != own.min.y || cut.max.y != own.max.y;
            t.clip = cut;
        } else {
            t.clip = window;
            t.scrolled = true;
        }
    }
    if (open.tap_moved && tap_) {
        tap_->down.y -= dy;
        tap_->up.y -= dy;
    }
    if (open.held_tap) tap_ = open.held_tap;
    if (pressed_at_ && !open.held_press) pressed_at_->y -= dy;
    if (open.held_press) pressed_at_ = open.held_press;

    if (st.content <= window.height() + 0.5f) return;
    // The strip: ▲ at the top, ▼ at the bottom, where the content is between them.
    const float bw = mm(18), gap = mm(3);
    const float x = window.max.x - bw;
    const bool side_by_side = window.height() < 2 * mm(15) + gap;
    // Never under the touch minimum: a window too low even for one button shows as buttons
    // over other widgets, which the layout check reports.
    const float bh = side_by_side ? std::max(mm(15), window.height()) : std::min(mm(22), (window.height() - gap) / 2);
    const float page = std::max(mm(15), window.height() * 0.8f);
    const float max_offset = st.content - window.height();
    const Rect up = side_by_side ? Rect{{x - bw - gap, window.min.y}, {x - gap, window.min.y + bh}}
                                 : Rect{{x, window.min.y}, {window.max.x, window.min.y + bh}};
    const Rect down = side_by_side ? Rect{{x, window.min.y}, {window.max.x, window.min.y + bh}}
                                   : Rect{{x, window.max.y - bh}, {window.max.x, window.max.y}};
    const bool can_up = st.offset > 0.5f, can_down = st.offset < max_offset - 0.5f;
    const auto arrow = [&](Rect r, bool pointing_up, bool enabled) {
        const ImVec2 c = r.center();
        const float a = std::min(r.width(), r.height()) * 0.28f;
        const ImU32 ink = enabled ? palette_.text : palette_.border;
        if (pointing_up) list_.AddTriangleFilled({c.x, c.y - a * 0.6f}, {c.x + a, c.y + a * 0.6f}, {c.x - a, c.y + a * 0.6f}, ink);
        else list_.AddTriangleFilled({c.x - a, c.y - a * 0.6f}, {c.x + a, c.y - a * 0.6f}, {c.x, c.y + a * 0.6f}, ink);
    };
    if (button("scroll." + open.id + ".up", up, "", can_up ? ButtonStyle::Normal : ButtonStyle::Quiet) && can_up) {
        st.offset = std::max(0.0f, st.offset - page);
        acted_ = true;
    }
    arrow(up, true, can_up);
    if (button("scroll." + open.id + ".down", down, "", can_down ? ButtonStyle::Normal : ButtonStyle::Quiet) && can_down) {
        st.offset = std::min(max_offset, st.offset + page);
        acted_ = true;
    }
    arrow(down, false, can_down);
    // Where the window is within the content.
    const float track_top = up.max.y + gap, track_bottom = down.min.y - gap;
    if (!side_by_side && track_bottom - track_top > mm(6)) {
        const float cx = x + bw / 2;
        list_.AddRectFilled({cx - mm(0.6f), track_top}, {cx + mm(0.6f), track_bottom}, palette_.border);
        const float span = track_bottom - track_top;
        const float thumb = std::max(mm(6), span * window.height() / st.content);
        const float ty = track_top + (span - thumb) * (max_offset > 0 ? st.offset / max_offset : 0);
        list_.AddRectFilled({cx - mm(1.8f), ty}, {cx + mm(1.8f), ty + thumb}, palette_.text, mm(1.8f));
    }
}

bool Canvas::hit(const std::string& id, Rect rect) {
    widgets_.push_back({id, rect, layer_, 0, {}, false, rect});
    if (tap_ && rect.contains(tap_->down) && rect.contains(tap_->up)) {
        tap_.reset();  // one tap, one widget
        acted_ = true;
        return true;
    }
    return false;
}

bool Canvas::button(const std::string& id, Rect rect, std::string_view label, ButtonStyle style,
                    FontRole role) {
    const bool tapped = hit(id, rect);
    const auto& c = palette_;
    ImU32 fill = c.surface, ink = c.text, border = c.border;
    switch (style) {
        case ButtonStyle::Primary: fill = c.primary; ink = c.on_primary; border = c.primary; break;
        case ButtonStyle::Selected: fill = c.selected; ink = c.on_selected; border = c.selected; break;
        case ButtonStyle::Quiet: fill = c.background; break;
        case ButtonStyle::Normal: break;
    }
    const float rounding = mm(2.5f);
    if (pressed(rect)) {
        // Visible feedback while the finger is down, gone when it lifts.
        std::swap(fill, ink);
        if (style == ButtonStyle::Normal || style == ButtonStyle::Quiet) fill = c.border, ink = c.surface;
    }
    list_.AddRectFilled(rect.min, rect.max, fill, rounding);
    list_.AddRect(rect.min, rect.max, border, rounding, 0, std::max(2.0f, mm(0.6f)));
    if (!label.empty()) {
        const Rect inner = rect.inset(mm(2));
        // A label whose longest word is wider than the button, or whose lines are taller than
        // it, gets a smaller font rather than a word cut in two (a Thai word split mid-way
        // reads as a different word) or marks outside the button.
        const auto fits = [&](FontRole r) {
            return words_fit(r, inner.width(), label) && paragraph_height(r, inner.width(), label) <= rect.height() + 0.5f;
        };
        while (role != FontRole::Small && !fits(role)) role = static_cast<FontRole>(static_cast<int>(role) - 1);
        // Last resort in large-text mode: the normal small size.
        const bool was_large = large_;
        if (!fits(role)) large_ = false;
        const float h = paragraph_height(role, inner.width(), label);
        owner_ = id;
        record_box_ = rect;
        paragraph(role, {{inner.min.x, rect.center().y - h / 2}, {inner.max.x, inner.max.y}}, ink,
                  label, Align::Center);
        owner_.clear();
        large_ = was_large;
    }
    return tapped;
}

}  // namespace feedback::ui

namespace feedback::ui {

void draw_field_text(Canvas& c, Rect inner, std::string_view text) {
    const float line_h = c.line_height(FontRole::Body);
    const float h = c.paragraph_height(FontRole::Body, inner.width(), text);
    // As many whole lines as the field holds (at least one), the last line at the bottom.
    const float shown = std::max(1.0f, std::floor(inner.height() / line_h)) * line_h;
    const float top = std::min(inner.min.y, inner.min.y + shown - h);
    c.push_clip({{inner.min.x, inner.min.y}, {inner.max.x, std::max(inner.max.y, inner.min.y + line_h)}});
    c.paragraph(FontRole::Body, {{inner.min.x, top}, {inner.max.x, top + h}}, c.colors().text, text, Align::Left);
    c.pop_clip();
}

}  // namespace feedback::ui

#include "ui/keyboard.h"

namespace feedback::ui {

EntryLayout layout_entry(const Canvas& c, float left, float right, float top, float bottom, int min_lines,
                         bool with_counter) {
    const float pad = c.mm(3);
    const float line = c.line_height(FontRole::Body);
    const float gap = c.mm(2);
    const float counter_h = with_counter ? c.line_height(FontRole::Small) + gap : 0.0f;
    const float field_min = static_cast<float>(min_lines) * line + 2 * pad;
    const float room = bottom - top;
    EntryLayout out;
    // The keyboard takes what the field's minimum leaves, up to its largest size; with too
    // little room the field makes do with one line.
    float field_need = field_min;
    if (room - field_need - counter_h - gap < Keyboard::min_height(c)) field_need = line + 2 * pad;
    const float keyboard_h = std::clamp(room - field_need - counter_h - gap, Keyboard::min_height(c), Keyboard::max_height(c));
    out.keyboard = {{left, bottom - keyboard_h}, {right, bottom}};
    const float field_bottom = out.keyboard.min.y - gap - counter_h;
    // Whole lines only: the field's inside is a multiple of the line height.
    const float lines = std::max(1.0f, std::floor((field_bottom - top - 2 * pad) / line));
    out.field = {{left, top}, {right, top + lines * line + 2 * pad}};
    out.fits = field_bottom - top >= line + 2 * pad - 0.5f;
    out.counter_y = out.field.max.y + gap;
    return out;
}

}  // namespace feedback::ui
