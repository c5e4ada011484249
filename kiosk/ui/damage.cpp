#include "ui/damage.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace feedback::ui {
namespace {

// FNV-1a's scheme over 32-bit words instead of bytes (4× fewer steps: every vertex of the frame
// goes through here), with a multiply-xorshift per word so that each word reaches all 64 bits.
struct Hasher {
    std::uint64_t h = 1469598103934665603ULL;
    void word(std::uint32_t w) {
        h ^= w;
        h *= 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    template <typename T>
    void value(const T& v) {
        static_assert(sizeof v % 4 == 0);
        std::uint32_t words[sizeof v / 4];
        std::memcpy(words, &v, sizeof v);
        for (const std::uint32_t w : words) word(w);
    }
};

std::uint64_t combine(std::uint64_t seed, std::uint64_t v) {
    seed ^= v + 0x9E3779B97F4A7C15ULL + (seed << 6) + (seed >> 2);
    return seed;
}

}  // namespace

PixelRect PixelRect::intersect(const PixelRect& o) const {
    return {std::max(x0, o.x0), std::max(y0, o.y0), std::min(x1, o.x1), std::min(y1, o.y1)};
}

PixelRect clip_pixels(const ImVec4& clip, int fb_width, int fb_height) {
    // Same arithmetic as imgui_impl_sdlrenderer.cpp (DisplayPos 0, scale 1).
    ImVec2 min(clip.x, clip.y), max(clip.z, clip.w);
    if (min.x < 0.0f) min.x = 0.0f;
    if (min.y < 0.0f) min.y = 0.0f;
    if (max.x > static_cast<float>(fb_width)) max.x = static_cast<float>(fb_width);
    if (max.y > static_cast<float>(fb_height)) max.y = static_cast<float>(fb_height);
    if (max.x <= min.x || max.y <= min.y) return {};
    const int x = static_cast<int>(min.x), y = static_cast<int>(min.y);
    return {x, y, x + static_cast<int>(max.x - min.x), y + static_cast<int>(max.y - min.y)};
}

std::vector<PixelRect> DamageTracker::update(const ImDrawData& data, std::uint32_t clear_color, int width,
                                             int height) {
    if (width != width_ || height != height_) {
        width_ = width;
        height_ = height;
        cols_ = (width + kTile - 1) / kTile;
        rows_ = (height + kTile - 1) / kTile;
        valid_ = false;
    }
    Hasher clear;
    clear.value(clear_color);
    tiles_.assign(static_cast<std::size_t>(cols_) * static_cast<std::size_t>(rows_), clear.h);
    groups_.clear();
    const PixelRect screen{0, 0, width, height};

    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList& list = *data.CmdLists[n];
        for (int c = 0; c < list.CmdBuffer.Size; ++c) {
            const ImDrawCmd& cmd = list.CmdBuffer[c];
            if (cmd.UserCallback) continue;  // the kiosk adds none
            const PixelRect clip = clip_pixels(cmd.ClipRect, width, height).intersect(screen);
            if (clip.empty()) continue;
            const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
            const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
            const ImTextureID texture = cmd.GetTexID();
            unsigned t = 0;
            while (t + 3 <= cmd.ElemCount) {
                // A group runs while the next triangle refers to a vertex at or below the highest
                // one used so far: ImGui writes each primitive's vertices in one block, so that
                // means "the same primitive".
                Group g{n, c, t, 0, {}};
                unsigned hi = std::max({idx[t], idx[t + 1], idx[t + 2]});
                t += 3;
                while (t + 3 <= cmd.ElemCount) {
                    const unsigned lo = std::min({idx[t], idx[t + 1], idx[t + 2]});
                    if (lo > hi) break;
                    hi = std::max<unsigned>({hi, idx[t], idx[t + 1], idx[t + 2]});
                    t += 3;
                }
                g.count = t - g.first;
                Hasher h;
                h.value(texture);
                h.value(clip);
                float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
                for (unsigned k = g.first; k < t; ++k) {
                    const ImDrawVert& v = vtx[idx[k]];
                    h.value(v.pos);
                    h.value(v.uv);
                    h.value(v.col);
                    x0 = std::min(x0, v.pos.x);
                    y0 = std::min(y0, v.pos.y);
                    x1 = std::max(x1, v.pos.x);
                    y1 = std::max(y1, v.pos.y);
                }
                if (!(x0 <= x1) || !(y0 <= y1)) continue;  // NaN positions: nothing SDL would draw
                const PixelRect box{static_cast<int>(std::floor(std::max(x0, -1e6f))) - 1,
                                    static_cast<int>(std::floor(std::max(y0, -1e6f))) - 1,
                                    static_cast<int>(std::ceil(std::min(x1, 1e6f))) + 2,
                                    static_cast<int>(std::ceil(std::min(y1, 1e6f))) + 2};
                g.bounds = box.intersect(clip);
                if (g.bounds.empty()) continue;
                groups_.push_back(g);
                for (int ty = g.bounds.y0 / kTile; ty <= (g.bounds.y1 - 1) / kTile; ++ty)
                    for (int tx = g.bounds.x0 / kTile; tx <= (g.bounds.x1 - 1) / kTile; ++tx) {
                        auto& tile = tiles_[static_cast<std::size_t>(ty) * static_cast<std::size_t>(cols_) +
                                            static_cast<std::size_t>(tx)];
                        tile = combine(tile, h.h);
                    }
            }
        }
    }

    std::vector<PixelRect> dirty;
    if (!valid_ || previous_.size() != tiles_.size()) {
        dirty.push_back(screen);
    } else {
        // Runs of changed tiles per row, then runs that repeat on the next row merged downwards.
        std::vector<PixelRect> open;
        for (int ty = 0; ty < rows_; ++ty) {
            std::vector<PixelRect> row;
            for (int tx = 0; tx < cols_;) {
                const auto at = static_cast<std::size_t>(ty) * static_cast<std::size_t>(cols_);
                if (tiles_[at + static_cast<std::size_t>(tx)] == previous_[at + static_cast<std::size_t>(tx)]) {
                    ++tx;
                    continue;
                }
                int end = tx;
                while (end < cols_ && tiles_[at + static_cast<std::size_t>(end)] != previous_[at + static_cast<std::size_t>(end)])
                    ++end;
                row.push_back({tx * kTile, ty * kTile, std::min(end * kTile, width), std::min((ty + 1) * kTile, height)});
                tx = end;
            }
            std::vector<PixelRect> next;
            for (auto& r : row) {
                auto same = std::find_if(open.begin(), open.end(),
                                         [&](const PixelRect& o) { return o.x0 == r.x0 && o.x1 == r.x1 && o.y1 == r.y0; });
                if (same != open.end()) {
                    r.y0 = same->y0;
                    open.erase(same);
                }
                next.push_back(r);
            }
            dirty.insert(dirty.end(), open.begin(), open.end());
            open = std::move(next);
        }
        dirty.insert(dirty.end(), open.begin(), open.end());
    }
    previous_.swap(tiles_);
    valid_ = true;
    return dirty;
}

}  // namespace feedback::ui
