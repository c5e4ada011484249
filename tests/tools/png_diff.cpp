// png_diff: compares PNG screenshots pixel by pixel (RGBA after decoding, so two encodings of
// the same image are equal). Used by deploy/compare-screenshots.sh to show that a change to
// how frames are drawn leaves what visitors see unchanged (issue 22).
//
//   png_diff A.png B.png   prints "same" or "differ N pixels in [x0,y0]-[x1,y1]" (or a size
//                          mismatch); exit 0 when identical, 1 when not, 2 on a read error.
#include <stb_image.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

struct Image {
    int w = 0, h = 0;
    std::unique_ptr<unsigned char, void (*)(void*)> px{nullptr, stbi_image_free};
};

bool load(const char* file, Image& img) {
    int channels = 0;
    img.px.reset(stbi_load(file, &img.w, &img.h, &channels, 4));
    if (!img.px) std::fprintf(stderr, "png_diff: cannot read %s: %s\n", file, stbi_failure_reason());
    return img.px != nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: png_diff A.png B.png\n");
        return 2;
    }
    Image a, b;
    if (!load(argv[1], a) || !load(argv[2], b)) return 2;
    if (a.w != b.w || a.h != b.h) {
        std::printf("differ in size: %dx%d vs %dx%d\n", a.w, a.h, b.w, b.h);
        return 1;
    }
    long long n = 0;
    int x0 = a.w, y0 = a.h, x1 = -1, y1 = -1;
    for (int y = 0; y < a.h; ++y)
        for (int x = 0; x < a.w; ++x) {
            const auto at = (static_cast<std::size_t>(y) * static_cast<std::size_t>(a.w) + static_cast<std::size_t>(x)) * 4;
            if (std::equal(a.px.get() + at, a.px.get() + at + 4, b.px.get() + at)) continue;
            ++n;
            x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
        }
    if (n == 0) {
        std::printf("same\n");
        return 0;
    }
    std::printf("differ %lld pixels in [%d,%d]-[%d,%d]\n", n, x0, y0, x1, y1);
    return 1;
}
