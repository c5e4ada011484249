#include "ui/qr_code.h"

#include <qrencode.h>

#include <memory>
#include <vector>

namespace feedback::ui {
namespace {

struct QrMatrix {
    int width = 0;
    std::vector<bool> dark;
};

// Frames are drawn on every input; encoding once per distinct text keeps them cheap.
const QrMatrix* encode(const std::string& text) {
    static std::string cached_text;
    static QrMatrix cached;
    if (cached.width > 0 && cached_text == text) return &cached;
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                         &QRcode_free);
    if (!code) return nullptr;
    cached.width = code->width;
    cached.dark.assign(static_cast<std::size_t>(code->width * code->width), false);
    for (int i = 0; i < code->width * code->width; ++i) cached.dark[static_cast<std::size_t>(i)] = (code->data[i] & 1) != 0;
    cached_text = text;
    return &cached;
}

}  // namespace

float qr_code_drawn_size(float size, const std::string& text) {
    const QrMatrix* m = text.empty() ? nullptr : encode(text);
    if (!m) return 0;
    const int modules = m->width + 8;
    return static_cast<float>(static_cast<int>(size / static_cast<float>(modules))) * static_cast<float>(modules);
}

bool draw_qr_code(ImDrawList& list, ImVec2 top_left, float size, const std::string& text, ImU32 dark, ImU32 light) {
    const QrMatrix* m = text.empty() ? nullptr : encode(text);
    if (!m) return false;
    const int modules = m->width + 8;  // quiet zone: 4 modules each side
    const float unit = static_cast<float>(static_cast<int>(size / static_cast<float>(modules)));  // whole pixels: crisp edges
    const float drawn = unit * static_cast<float>(modules);
    list.AddRectFilled(top_left, {top_left.x + drawn, top_left.y + drawn}, light);
    for (int y = 0; y < m->width; ++y)
        for (int x = 0; x < m->width; ++x)
            if (m->dark[static_cast<std::size_t>(y * m->width + x)]) {
                const ImVec2 a{top_left.x + unit * static_cast<float>(x + 4), top_left.y + unit * static_cast<float>(y + 4)};
                list.AddRectFilled(a, {a.x + unit, a.y + unit}, dark);
            }
    return true;
}

}  // namespace feedback::ui
