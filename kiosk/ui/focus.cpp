// Focus navigation (focus.h explains the design).
#include "ui/focus.h"

#include <algorithm>
#include <cmath>

namespace feedback::ui {
namespace {

// Widgets registered only so the scripted driver can find them (they do nothing when tapped)
// and the scroll strip's buttons (a focused widget is scrolled to instead) take no focus.
bool focusable(const WidgetInfo& w) {
    if (w.invisible) return false;
    if (w.id.rfind("scroll.", 0) == 0) return false;
    return w.id != "complaint.reference" && w.id != "thanks.channels-qr" && w.id != "admin.export.progress";
}

// Distance between two intervals (0 when they overlap).
float gap(float a0, float a1, float b0, float b1) { return std::max({0.0f, b0 - a1, a0 - b1}); }

}  // namespace

const char* FocusNavigator::back_widget(core::Screen screen) {
    using core::Screen;
    switch (screen) {
        case Screen::Welcome: return "";  // the first screen: nothing to go back to
        case Screen::FollowUp: return "followup.skip";  // the rating is kept; on to thank-you
        case Screen::Comment: return "keyboard.cancel";
        case Screen::ThankYou: return "thanks.done";
        case Screen::Profile: return "profile.skip";
        case Screen::ComplaintCategory:
        case Screen::ComplaintWhen:
        case Screen::ComplaintDescription:
        case Screen::ComplaintContactChoice:
        case Screen::ComplaintPdpa:
        case Screen::ComplaintContact: return "complaint.back";
        case Screen::ComplaintDone: return "complaint.finish";
        case Screen::AdminPin: return "pin.cancel";
        case Screen::Admin: return "admin.close";
    }
    return "";
}

const FocusNavigator::Target* FocusNavigator::find(const std::string& id) const {
    for (const auto& t : order_)
        if (t.id == id) return &t;
    return nullptr;
}

std::optional<Rect> FocusNavigator::focused_rect() const {
    if (const Target* t = find(focus_)) return t->rect;
    return std::nullopt;
}

std::optional<Rect> FocusNavigator::focus_on(const std::string& id) {
    const Target* t = find(id);
    if (!t) return std::nullopt;
    focus_ = id;
    Rect r = t->full;
    const auto window = std::find_if(windows_.begin(), windows_.end(), [&](const auto& w) { return w.first == t->region; });
    if (t->region.empty() || window == windows_.end()) return t->rect;
    const Rect& win = window->second;
    if (r.min.y >= win.min.y - 0.5f && r.max.y <= win.max.y + 0.5f) return t->rect;
    // Out of its region's window, wholly or in part: move the region so the widget shows
    // whole, a little in from the window's edge (as the ▲ / ▼ buttons would, without a page
    // at a time).
    ScrollState& st = scroll_[t->region];
    const float margin = std::min(8.0f, win.height() / 10);
    float delta = r.max.y > win.max.y ? r.max.y - (win.max.y - margin) : r.min.y - (win.min.y + margin);
    const float target = std::clamp(st.offset + delta, 0.0f, std::max(0.0f, st.content - win.height()));
    delta = target - st.offset;
    st.offset = target;
    r.min.y -= delta;
    r.max.y -= delta;
    // Visible part only (a widget taller than the window).
    r.min.y = std::max(r.min.y, win.min.y);
    r.max.y = std::min(r.max.y, win.max.y);
    return r;
}

void FocusNavigator::activate(const std::string& id) {
    if (const auto r = focus_on(id)) tap_ = r->center();
}

std::string FocusNavigator::first_content() const {
    // The top bar's language and display toggles are the same on every screen: the ring skips
    // them to start on what the screen asks (they come after the last widget, or Shift+Tab).
    // One in view: a region that opens at its end (the complaint description's field under its
    // chips) is not scrolled away from what the visitor sees.
    // The follow-up's countdown strip (more time, the next visitor's faces) is skipped too: it
    // is for whoever comes next, and a visitor who has just rated by key should land on the
    // first reason, not six Tabs before it (Shift+Tab still reaches the strip).
    const auto skipped = [](const std::string& id) {
        for (const char* prefix : {"lang.", "a11y.", "followup.more-time", "followup.new."})
            if (id.rfind(prefix, 0) == 0) return true;
        return false;
    };
    for (const bool in_view : {true, false})
        for (const auto& t : order_)
            if (!skipped(t.id) && (!in_view || t.scrolled_out == 0)) return t.id;
    return order_.empty() ? std::string() : order_.front().id;
}

void FocusNavigator::move(Key key) {
    if (order_.empty()) return;
    const Target* current = find(focus_);
    if (!current) {
        // The first key shows the ring where reading starts (or ends, going backwards).
        const bool backwards = key == Key::BackTab || key == Key::Up || key == Key::Left;
        focus_on(backwards ? order_.back().id : first_content());
        return;
    }
    const std::size_t at = static_cast<std::size_t>(current - order_.data());
    const std::size_t n = order_.size();
    const auto next = [&] { focus_on(order_[(at + 1) % n].id); };
    const auto previous = [&] { focus_on(order_[(at + n - 1) % n].id); };
    if (key == Key::Tab) return next();
    if (key == Key::BackTab) return previous();
    // Arrows: the nearest widget that way — Left/Right on the same row, Up/Down preferring one
    // in line with the current one — so the on-screen keyboard and
    // the faces move like they look; inside a scroll region, its own widgets first (the region
    // scrolls on before the focus leaves it). At an edge, the reading order's next or
    // previous, so arrows alone still reach every widget. Widgets scrolled out of view count
    // only from within their own region (on paper they lie under what is below or above it).
    const Rect cur = current->full;
    const ImVec2 c = cur.center();
    const auto nearest = [&](bool same_region_only) -> const Target* {
        const Target* best = nullptr;
        float best_score = 0;
        for (const auto& t : order_) {
            if (&t == current) continue;
            if (same_region_only && t.region != current->region) continue;
            if (t.scrolled_out != 0 && t.region != current->region) continue;
            const Rect& r = t.full;
            const ImVec2 p = r.center();
            float along = 0, across = 0;
            switch (key) {
                case Key::Down: along = p.y - c.y; across = gap(cur.min.x, cur.max.x, r.min.x, r.max.x); break;
                case Key::Up: along = c.y - p.y; across = gap(cur.min.x, cur.max.x, r.min.x, r.max.x); break;
                case Key::Right: along = p.x - c.x; across = gap(cur.min.y, cur.max.y, r.min.y, r.max.y); break;
                case Key::Left: along = c.x - p.x; across = gap(cur.min.y, cur.max.y, r.min.y, r.max.y); break;
                default: return nullptr;
            }
            if (along <= 1.0f) continue;
            // Left and Right stay on the row; past its end they read on like text (below).
            if (across > 0 && (key == Key::Left || key == Key::Right)) continue;
            const float score = along + (across > 0 ? 100000.0f + 2 * across : 0.0f);
            if (!best || score < best_score) best = &t, best_score = score;
        }
        return best;
    };
    const Target* best = current->region.empty() ? nullptr : nearest(true);
    if (!best) best = nearest(false);
    if (best) focus_on(best->id);
    else if (key == Key::Down || key == Key::Right) next();
    else previous();
}

bool FocusNavigator::key(KeyPress press, core::Screen screen) {
    fresh_key_ = true;
    tap_.reset();
    if (hooks_.on_key_input) hooks_.on_key_input();
    const bool overlay = layer_ > 0;
    const auto activate_overlay = [&] {
        // An overlay (the idle warning, the dimmed screen) is answered by any key but the
        // navigation keys, as a tap anywhere answers it.
        if (!order_.empty()) activate(find(focus_) ? focus_ : order_.front().id);
    };
    switch (press.key) {
        case Key::Star:
            if (hooks_.on_repeat) hooks_.on_repeat();
            break;
        case Key::Digit: {
            if (overlay) {
                activate_overlay();
                break;
            }
            // On the PIN pad a digit is the PIN's; everywhere else 0 repeats the prompt.
            if (screen == core::Screen::AdminPin) {
                activate("pin." + std::to_string(press.digit));
                break;
            }
            if (press.digit == 0) {
                if (hooks_.on_repeat) hooks_.on_repeat();
                break;
            }
            if (press.digit > 5) break;
            const std::string d = std::to_string(press.digit);
            if (screen == core::Screen::Welcome) {
                activate("rating." + d);
            } else if (screen == core::Screen::FollowUp) {
                // On a dimension's level buttons the digit answers that question; elsewhere on
                // Follow-up it is the next visitor's face (the small faces beside the countdown),
                // so a five-button box serves one visitor after another.
                if (focus_.rfind("dimension.", 0) == 0 && focus_.rfind('.') > 10)
                    activate(focus_.substr(0, focus_.rfind('.') + 1) + d);
                else
                    activate("followup.new." + d);
            }
            break;
        }
        case Key::Tab:
        case Key::BackTab:
        case Key::Up:
        case Key::Down:
        case Key::Left:
        case Key::Right: move(press.key); break;
        case Key::Enter:
            if (overlay) activate_overlay();
            else if (find(focus_)) activate(focus_);
            else move(Key::Tab);  // no ring yet: Enter shows it first, it never acts blind
            break;
        case Key::Escape:
            if (overlay) activate_overlay();
            else if (const std::string back = back_widget(screen); !back.empty()) {
                const std::string keep = focus_;
                activate(back);
                if (!tap_) focus_ = keep;
            }
            break;
    }
    return tap_.has_value();
}

void FocusNavigator::begin_frame(Canvas& canvas) {
    if (tap_ && !canvas.has_tap()) canvas.give_tap(Tap{*tap_, *tap_});
    tap_.reset();
}

void FocusNavigator::end_frame(Canvas& canvas, core::Screen screen) {
    // This frame's focusable widgets on the topmost layer, in reading order.
    const auto& widgets = canvas.widgets();
    int top = 0;
    for (const auto& w : widgets) top = std::max(top, w.layer);
    windows_ = canvas.scroll_windows();
    struct Block {
        Rect rect;
        std::vector<const WidgetInfo*> members;
        std::string region;
    };
    std::vector<Block> blocks;
    for (const auto& w : widgets) {
        if (w.layer != top || !focusable(w)) continue;
        if (!w.scroll_region.empty()) {
            auto b = std::find_if(blocks.begin(), blocks.end(), [&](const Block& x) { return x.region == w.scroll_region; });
            if (b == blocks.end()) {
                const auto win = std::find_if(windows_.begin(), windows_.end(), [&](const auto& x) { return x.first == w.scroll_region; });
                blocks.push_back({win != windows_.end() ? win->second : w.rect, {}, w.scroll_region});
                b = blocks.end() - 1;
            }
            b->members.push_back(&w);
        } else {
            blocks.push_back({w.rect, {&w}, {}});
        }
    }
    std::stable_sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) { return a.rect.min.y < b.rect.min.y; });
    // Rows: a block starting above the middle of the row's first block is beside it.
    std::vector<Target> order;
    for (std::size_t i = 0; i < blocks.size();) {
        std::size_t j = i + 1;
        while (j < blocks.size() && blocks[j].rect.min.y < blocks[i].rect.center().y) ++j;
        std::stable_sort(blocks.begin() + static_cast<std::ptrdiff_t>(i), blocks.begin() + static_cast<std::ptrdiff_t>(j),
                         [](const Block& a, const Block& b) { return a.rect.min.x < b.rect.min.x; });
        for (std::size_t k = i; k < j; ++k)
            for (const WidgetInfo* w : blocks[k].members) order.push_back({w->id, w->rect, w->full, w->scrolled_out, w->scroll_region});
        i = j;
    }
    order_ = std::move(order);

    // A new screen or overlay: the ring starts on its first widget if a key opened it, else
    // it waits for the next key. A focused widget that went away (a key replaced by another)
    // is treated the same way.
    if (screen != screen_ || top != layer_ || (!focus_.empty() && !find(focus_))) {
        first_pending_ = fresh_key_;
        focus_.clear();
        if (screen != screen_ || top != layer_) announced_.clear();
    }
    // Chosen again on every pass of the frame until it settles: a region that opens at its end
    // is moved there only once its content was measured (the first pass).
    if (first_pending_ && !order_.empty()) {
        focus_ = first_content();
        const Rect drawn = find(focus_)->rect;
        const auto shown = focus_on(focus_);
        if (shown && (shown->min.y != drawn.min.y || shown->max.y != drawn.max.y)) canvas.relayout();
    }
    if (!canvas.acted()) first_pending_ = false;
    screen_ = screen;
    layer_ = top;
    if (focus_.empty()) announced_.clear();

    if (const Target* t = find(focus_); t && t->scrolled_out == 0) {
        // Thick and high-contrast, just outside the widget so its own border and label stay
        // as they are: a band of the ring colour, thin edges of the other colour both sides.
        const FocusColors colors = focus_colors(&canvas.colors() == &palette(true));
        const float band = std::max(5.0f, canvas.mm(1.6f)), edge = std::max(2.0f, canvas.mm(0.5f));
        const float out = edge + band / 2;
        const Rect ring{{t->rect.min.x - out, t->rect.min.y - out}, {t->rect.max.x + out, t->rect.max.y + out}};
        const float rounding = canvas.mm(3.5f);
        auto& list = canvas.list();
        list.AddRect({ring.min.x - band / 2 - edge / 2, ring.min.y - band / 2 - edge / 2},
                     {ring.max.x + band / 2 + edge / 2, ring.max.y + band / 2 + edge / 2}, colors.edge, rounding + band / 2, 0, edge);
        list.AddRect({ring.min.x + band / 2 + edge / 2, ring.min.y + band / 2 + edge / 2},
                     {ring.max.x - band / 2 - edge / 2, ring.max.y - band / 2 - edge / 2}, colors.edge,
                     std::max(0.0f, rounding - band / 2), 0, edge);
        list.AddRect(ring.min, ring.max, colors.ring, rounding, 0, band);
    }

    if (!canvas.acted() && !focus_.empty() && focus_ != announced_ && find(focus_)) {
        announced_ = focus_;
        if (hooks_.on_focus) {
            // The widget's visible text: its own label, or the text a view drew inside it (a
            // face's level). Text in a field (what a visitor typed) is never passed on.
            const Target& t = *find(focus_);
            std::string label;
            const auto add = [&](const std::string& s) {
                if (s.empty()) return;
                if (!label.empty()) label += ' ';
                label += s;
            };
            for (const auto& text : canvas.texts())
                if (text.layer == top && text.owner == t.id) add(text.text);
            if (label.empty())
                for (const auto& text : canvas.texts()) {
                    if (text.layer != top || !text.owner.empty() || (text.clip && !text.scrolled)) continue;
                    const ImVec2 mid = text.line.center();
                    if (t.rect.contains(mid)) add(text.text);
                }
            hooks_.on_focus(t.id, label);
        }
    }
    if (!canvas.acted()) fresh_key_ = false;
}

}  // namespace feedback::ui
