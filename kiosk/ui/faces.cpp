#include "ui/faces.h"

#include <algorithm>

#include "ui/theme.h"

namespace feedback::ui {

void draw_face(ImDrawList& list, ImVec2 c, float r, int level, const Palette& colors, bool pressed) {
    const int index = std::clamp(level, 1, 5) - 1;
    const ImU32 ink = colors.face_ink;
    const float stroke = std::max(2.0f, r * 0.07f);
    const float scale = pressed ? 0.94f : 1.0f;  // a finger on the face presses it in
    r *= scale;
    list.AddCircleFilled(c, r, colors.face[index], 64);
    list.AddCircle(c, r, ink, 64, stroke);

    // Eyes.
    const float eye_dx = r * 0.35f, eye_y = c.y - r * 0.22f, eye_r = r * 0.09f;
    list.AddCircleFilled({c.x - eye_dx, eye_y}, eye_r, ink, 24);
    list.AddCircleFilled({c.x + eye_dx, eye_y}, eye_r, ink, 24);

    // Eyebrows. 5: relaxed, raised arcs, both ends level and the middle highest — the brows of
    // a broad smile. (Straight brows with the inner ends raised read as worry, which is what
    // the very-satisfied face showed before issue 16.) 1: slanted down towards the middle
    // (anger/distress).
    if (level == 5) {
        const float by = eye_y - r * 0.2f, half = r * 0.15f, lift = r * 0.1f;
        for (const float side : {-1.0f, 1.0f}) {
            const float x = c.x + side * eye_dx;
            list.PathLineTo({x - half, by});
            list.PathBezierQuadraticCurveTo({x, by - 2 * lift}, {x + half, by}, 16);  // peak lift above the ends
            list.PathStroke(ink, 0, stroke * 0.8f);
        }
    } else if (level == 1) {
        const float by = eye_y - r * 0.2f, inner = r * 0.08f;
        list.AddLine({c.x - eye_dx - r * 0.14f, by - inner}, {c.x - eye_dx + r * 0.14f, by + inner}, ink, stroke * 0.8f);
        list.AddLine({c.x + eye_dx + r * 0.14f, by - inner}, {c.x + eye_dx - r * 0.14f, by + inner}, ink, stroke * 0.8f);
    }

    // Mouth: curvature from a big smile (5) to a deep frown (1); 3 is a straight line.
    static constexpr float kCurve[5] = {-0.34f, -0.18f, 0.0f, 0.18f, 0.34f};
    const float curve = kCurve[index] * r;
    const float mx = r * 0.45f, my = c.y + r * 0.32f;
    const ImVec2 left{c.x - mx, my - curve * 0.3f}, right{c.x + mx, my - curve * 0.3f};
    const ImVec2 ctrl{c.x, my + curve};
    if (level == 5 || level == 1) {
        // Open mouth: a filled half-moon (curve plus straight edge, so convex), unmistakable
        // even at a glance.
        list.PathLineTo(left);
        list.PathBezierQuadraticCurveTo(ctrl, right, 24);
        list.PathFillConvex(ink);
    } else {
        list.PathLineTo(left);
        list.PathBezierQuadraticCurveTo(ctrl, right, 24);
        list.PathStroke(ink, 0, stroke);
    }
}

}  // namespace feedback::ui
