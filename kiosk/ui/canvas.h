// The per-frame drawing and touch context every view draws into.
//
// Why not ImGui's own widgets: a kiosk needs big touch targets, Thai text shaped before it is
// drawn, and taps that are deterministic for the scripted UI driver. So views draw with
// ImDrawList and ask the Canvas "was this rectangle tapped?". A tap is a press and release
// inside the same rectangle; hover does not exist (a finger that lifted leaves no highlight).
// Every tappable widget registers its id and rectangle each frame: that registry is how the
// UI driver finds `rating.5` or `key.ก` on screen, and how tests know what was visible.
#pragma once

#include <imgui.h>

#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "ui/fonts.h"
#include "ui/theme.h"

namespace feedback::ui {

struct Rect {
    ImVec2 min, max;
    float width() const { return max.x - min.x; }
    float height() const { return max.y - min.y; }
    ImVec2 center() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
    bool contains(ImVec2 p) const { return p.x >= min.x && p.x < max.x && p.y >= min.y && p.y < max.y; }
    Rect inset(float d) const { return {{min.x + d, min.y + d}, {max.x - d, max.y - d}}; }
};

struct Tap {
    ImVec2 down, up;
};

struct WidgetInfo {
    std::string id;
    Rect rect;
};

enum class Align { Left, Center };
enum class ButtonStyle { Normal, Primary, Selected, Quiet };

class Canvas {
public:
    Canvas(ImDrawList& list, const Metrics& metrics, const FontSet& fonts, bool high_contrast,
           bool large_text, std::optional<Tap> tap, std::optional<ImVec2> pressed_at);

    const Metrics& metrics() const { return metrics_; }
    const Palette& colors() const { return palette_; }
    ImDrawList& list() { return list_; }
    bool large_text() const { return large_; }
    ImFont* font(FontRole role) const { return fonts_.get(role, large_); }
    float font_size(FontRole role) const { return font(role)->FontSize; }
    float mm(float v) const { return metrics_.mm(v); }

    // Shapes logical Thai for display and draws one line; returns its width.
    float text(FontRole role, ImVec2 pos, ImU32 color, std::string_view logical);
    float text_width(FontRole role, std::string_view logical) const;
    // Word-wrapped (at libthai word boundaries) inside width; returns the height used.
    float paragraph(FontRole role, Rect area, ImU32 color, std::string_view logical, Align align);
    float paragraph_height(FontRole role, float width, std::string_view logical) const;
    // True when every word (text between line-break opportunities) fits in width, so wrapping
    // never has to cut a word.
    bool words_fit(FontRole role, float width, std::string_view logical) const;

    // A tappable rectangle with a label; true when tapped this frame.
    bool button(const std::string& id, Rect rect, std::string_view label, ButtonStyle style,
                FontRole role = FontRole::Body);
    // A tappable rectangle the caller draws itself (faces); true when tapped.
    bool hit(const std::string& id, Rect rect);
    bool pressed(Rect rect) const { return pressed_at_ && rect.contains(*pressed_at_); }
    // Consumes the tap so nothing else reacts to it (an overlay over a screen).
    void swallow_tap() { tap_.reset(); }
    bool has_tap() const { return tap_.has_value(); }
    // Lets an overlay hold the tap back while the screen beneath it is drawn.
    std::optional<Tap> take_tap() { return std::exchange(tap_, std::nullopt); }
    void give_tap(std::optional<Tap> tap) { tap_ = tap; }
    // True when some widget reacted to a tap this frame (the screen may have changed).
    bool acted() const { return acted_; }
    // Personal data (complaint contact details) is drawn as bullets in this frame — set for
    // the scripted driver's screenshots, which may end up in bug reports and documentation.
    void set_redact_personal(bool redact) { redact_personal_ = redact; }
    bool redact_personal() const { return redact_personal_; }

    const std::vector<WidgetInfo>& widgets() const { return widgets_; }

private:
    ImDrawList& list_;
    Metrics metrics_;
    const FontSet& fonts_;
    const Palette& palette_;
    TextCache& cache_;
    bool large_;
    std::optional<Tap> tap_;
    std::optional<ImVec2> pressed_at_;
    std::vector<WidgetInfo> widgets_;
    bool acted_ = false;
    bool redact_personal_ = false;
};

}  // namespace feedback::ui
