// Which pixels of a frame can differ from the frame before it (issue 22).
//
// Why: on SDL's software renderer nearly all of a frame's CPU goes into rasterising triangles
// (SDL_RenderGeometryRaw → SDL_SW_BlitTriangle, per pixel), yet a tap on a key changes a few
// hundred pixels of a 1920×1080 screen. The kiosk draws into the window surface, which keeps the
// previous frame, so only the pixels that may change need to be drawn again.
//
// How it stays exact: the screen is cut into tiles. Each tile gets a hash of the clear colour and
// of the ordered sequence of every *group* of triangles that may touch it (its vertices —
// position, UV, colour — in index order, its texture and its clip rectangle). A group is a run of
// consecutive triangles that share vertices: one ImGui primitive (a glyph quad, a rounded-rect
// fan with its anti-aliased fringe). SDL's software path only ever pairs two triangles into one
// rectangle blit when they share two vertices, so how a group is drawn depends on the group alone,
// and a pixel's value depends only on the clear colour and the ordered groups covering it. A tile
// whose hash is unchanged therefore holds exactly the pixels a full redraw would give; the others
// are redrawn (cleared and every group that touches them drawn again, clipped to them).
//
// Bounding boxes are widened by a pixel each way to cover SDL's rounding. 64-bit hashes: a
// collision would leave one stale tile until the next change there.
//
// No SDL here: this decides what to draw; kiosk/app draws it.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

namespace feedback::ui {

struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // [x0, x1) × [y0, y1)
    bool empty() const { return x1 <= x0 || y1 <= y0; }
    long long area() const { return empty() ? 0 : static_cast<long long>(x1 - x0) * (y1 - y0); }
    bool intersects(const PixelRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
    PixelRect intersect(const PixelRect& o) const;
    bool operator==(const PixelRect&) const = default;
};

// The pixel rectangle a draw command's ClipRect stands for, exactly as ImGui's SDL_Renderer
// backend turns it into an SDL_Rect (clamped to the framebuffer, then truncated).
PixelRect clip_pixels(const ImVec4& clip, int fb_width, int fb_height);

class DamageTracker {
public:
    static constexpr int kTile = 32;

    // One group of triangles of a draw command: its indices are cmd.IdxOffset + [first, first+count).
    struct Group {
        int list = 0, cmd = 0;
        unsigned first = 0, count = 0;
        PixelRect bounds;  // widened, clipped to the command's clip rectangle
    };

    // Compares `data` (after ImGui::Render) with the previous frame given to update() and returns
    // the rectangles to redraw (disjoint, covering every tile that changed); empty when nothing
    // changed. The first frame, a new size or a colour change of the clear, and any frame after
    // invalidate() come back as the whole screen.
    std::vector<PixelRect> update(const ImDrawData& data, std::uint32_t clear_color, int width, int height);
    // The surface no longer holds the last frame (window resized or exposed): redraw everything.
    void invalidate() { valid_ = false; }

    // The groups of the frame last given to update(), in drawing order.
    const std::vector<Group>& groups() const { return groups_; }

private:
    std::vector<std::uint64_t> tiles_, previous_;
    std::vector<Group> groups_;
    int width_ = 0, height_ = 0, cols_ = 0, rows_ = 0;
    bool valid_ = false;
};

}  // namespace feedback::ui
