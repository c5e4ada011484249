#include "ui/canvas.h"


namespace feedback::ui {

Canvas::Canvas(ImDrawList& list, const Metrics& metrics, const FontSet& fonts, bool high_contrast,
               bool large_text, std::optional<Tap> tap, std::optional<ImVec2> pressed_at)
    : list_(list), metrics_(metrics), fonts_(fonts), palette_(palette(high_contrast)),
      cache_(*fonts.text), large_(large_text), tap_(tap), pressed_at_(pressed_at) {
    cache_.trim();  // between frames: nothing handed out by the cache is in use
}

float Canvas::text(FontRole role, ImVec2 pos, ImU32 color, std::string_view logical) {
    ImFont* f = font(role);
    const TextCache::Shaped& shaped = cache_.shaped(f, logical);
    list_.AddText(f, f->FontSize, pos, color, shaped.display.data(), shaped.display.data() + shaped.display.size());
    return shaped.width;
}

float Canvas::text_width(FontRole role, std::string_view logical) const {
    return cache_.shaped(font(role), logical).width;
}

float Canvas::paragraph_height(FontRole role, float width, std::string_view logical) const {
    const auto& lines = cache_.wrapped(font(role), width, logical).lines;
    // Thai needs room above and below the line for stacked marks: 1.35 em per line.
    return static_cast<float>(lines.size()) * font_size(role) * 1.35f;
}

float Canvas::paragraph(FontRole role, Rect area, ImU32 color, std::string_view logical, Align align) {
    // The cache is trimmed only between frames, so `lines` stays valid while text() adds entries.
    const auto& lines = cache_.wrapped(font(role), area.width(), logical).lines;
    const float line_height = font_size(role) * 1.35f;
    float y = area.min.y + font_size(role) * 0.15f;
    for (const auto& line : lines) {
        float x = area.min.x;
        if (align == Align::Center) x += (area.width() - text_width(role, line)) / 2;
        text(role, {x, y}, color, line);
        y += line_height;
    }
    return static_cast<float>(lines.size()) * line_height;
}

bool Canvas::words_fit(FontRole role, float width, std::string_view logical) const {
    return cache_.words_fit(font(role), width, logical);
}

bool Canvas::hit(const std::string& id, Rect rect) {
    widgets_.push_back({id, rect});
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
        // A label whose longest word is wider than the button gets a smaller font rather than
        // a word cut in two (a Thai word split mid-way reads as a different word).
        while (role != FontRole::Small && !words_fit(role, inner.width(), label))
            role = static_cast<FontRole>(static_cast<int>(role) - 1);
        // Last resort in large-text mode: the normal small size.
        const bool was_large = large_;
        if (!words_fit(role, inner.width(), label)) large_ = false;
        const float h = paragraph_height(role, inner.width(), label);
        paragraph(role, {{inner.min.x, rect.center().y - h / 2}, {inner.max.x, inner.max.y}}, ink,
                  label, Align::Center);
        large_ = was_large;
    }
    return tapped;
}

}  // namespace feedback::ui
