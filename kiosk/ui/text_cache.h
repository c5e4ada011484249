// Shaped and wrapped text, kept between frames (issue 22).
//
// Why: every frame re-shaped (libthai, per cluster) and re-wrapped (libthai's dictionary word
// breaker) every label on the screen — the keyboard alone asks words_fit, paragraph_height and
// paragraph for each of its ~50 keys — although the strings change only when the visitor types.
// The results depend only on the string, the font (its size) and the width, so they are looked
// up here instead; a frame draws exactly the same strings at the same widths as before.
//
// Bounded: trim(), called as a frame starts (never during one, so references handed out stay
// valid for the frame), empties it when it holds more than kMaxEntries results — a long comment
// typed key by key adds a few per key — and the screen refills it in one uncached frame.
// Not thread-safe: one per UI thread (the kiosk has one).
#pragma once

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace feedback::ui {

class TextCache {
public:
    struct Shaped {
        std::string display;  // shaped for display (text::shape_utf8), at atlas codes (atlas_codes.h)
        float width = 0;      // its width in the font
    };
    struct Wrapped {
        std::vector<std::string> lines;  // logical lines (text::wrap_lines)
        // cut[i]: line i ends inside a word (wrap_lines had to break a word wider than the
        // line between clusters). The layout check reports these (issue 16).
        std::vector<bool> cut;
    };

    // Shaped `logical` and its width in `font`.
    const Shaped& shaped(ImFont* font, std::string_view logical);
    // `logical` wrapped to `width` in `font`.
    const Wrapped& wrapped(ImFont* font, float width, std::string_view logical);
    // Whether every word of `logical` fits in `width` (Canvas::words_fit).
    bool words_fit(ImFont* font, float width, std::string_view logical);

    std::size_t size() const { return shaped_.size() + wrapped_.size() + fits_.size(); }
    // Lookups that had to shape or wrap (for FEEDBACK_UI_TIMING and tests).
    std::size_t misses() const { return misses_; }
    // With timing on (FEEDBACK_UI_TIMING), the thread CPU time spent shaping and wrapping on
    // misses is added up here; off, no clock is read.
    void set_timing(bool on) { timing_ = on; }
    std::int64_t take_miss_cpu_ns() { return std::exchange(miss_cpu_ns_, 0); }
    void clear();
    // Empties the cache if it has grown past kMaxEntries. Call between frames only.
    void trim();

    static constexpr std::size_t kMaxEntries = 8192;

private:
    // One key type for all three maps: the font's identity and size, the width (0 when not
    // used), then the string.
    static std::string key(ImFont* font, float width, std::string_view logical);

    std::unordered_map<std::string, Shaped> shaped_;
    std::unordered_map<std::string, Wrapped> wrapped_;
    std::unordered_map<std::string, bool> fits_;
    std::size_t misses_ = 0;
    bool timing_ = false;
    int depth_ = 0;  // misses inside a miss (wrapping measures words) are timed once
    std::int64_t miss_cpu_ns_ = 0;
    friend class MissTimer;
};

}  // namespace feedback::ui
