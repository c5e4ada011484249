#include "ui/text_cache.h"

#include <algorithm>

#include <time.h>

#include <cstring>

#include "text/line_break.h"
#include "text/shaper.h"
#include "ui/atlas_codes.h"

namespace feedback::ui {

// Times one miss (outermost only) into TextCache::miss_cpu_ns_ when timing is on.
class MissTimer {
public:
    explicit MissTimer(TextCache& cache) : cache_(cache) {
        ++cache_.misses_;
        if (cache_.timing_ && cache_.depth_++ == 0) start_ = now_ns();
    }
    ~MissTimer() {
        if (cache_.timing_ && --cache_.depth_ == 0) cache_.miss_cpu_ns_ += now_ns() - start_;
    }
    MissTimer(const MissTimer&) = delete;
    MissTimer& operator=(const MissTimer&) = delete;

private:
    static std::int64_t now_ns() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
    }
    TextCache& cache_;
    std::int64_t start_ = 0;
};

std::string TextCache::key(ImFont* font, float width, std::string_view logical) {
    // Pointer and size both: a rebuilt atlas may hand out the same address for another size.
    std::string k(sizeof font + 2 * sizeof(float), '\0');
    const float size = font->FontSize;
    std::memcpy(k.data(), &font, sizeof font);
    std::memcpy(k.data() + sizeof font, &size, sizeof size);
    std::memcpy(k.data() + sizeof font + sizeof size, &width, sizeof width);
    k.append(logical);
    return k;
}

void TextCache::trim() {
    if (size() >= kMaxEntries) clear();
}

void TextCache::clear() {
    shaped_.clear();
    wrapped_.clear();
    fits_.clear();
}

const TextCache::Shaped& TextCache::shaped(ImFont* font, std::string_view logical) {
    auto k = key(font, 0, logical);
    if (auto it = shaped_.find(k); it != shaped_.end()) return it->second;
    MissTimer timer(*this);
    Shaped s;
    s.display = atlas_text(text::shape_utf8(logical));
    s.width = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.display.data(), s.display.data() + s.display.size()).x;
    return shaped_.emplace(std::move(k), std::move(s)).first->second;
}

const TextCache::Wrapped& TextCache::wrapped(ImFont* font, float width, std::string_view logical) {
    auto k = key(font, width, logical);
    if (auto it = wrapped_.find(k); it != wrapped_.end()) return it->second;
    MissTimer timer(*this);
    Wrapped w;
    // Segments are measured through the cache too: the same words recur across labels.
    w.lines = text::wrap_lines(logical, width, [this, font](std::string_view s) { return shaped(font, s).width; });
    // A line may end only at a break opportunity (or the end); anywhere else a word was cut.
    const auto breaks = text::break_opportunities(logical);
    std::size_t end = 0;
    for (const auto& line : w.lines) {
        end += line.size();
        w.cut.push_back(end < logical.size() && !std::binary_search(breaks.begin(), breaks.end(), end));
    }
    return wrapped_.emplace(std::move(k), std::move(w)).first->second;
}

bool TextCache::words_fit(ImFont* font, float width, std::string_view logical) {
    auto k = key(font, width, logical);
    if (auto it = fits_.find(k); it != fits_.end()) return it->second;
    MissTimer timer(*this);
    std::size_t start = 0;
    auto breaks = text::break_opportunities(logical);
    breaks.push_back(logical.size());
    bool fit = true;
    for (const std::size_t end : breaks) {
        if (end <= start) continue;
        std::string_view word = logical.substr(start, end - start);
        while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
        if (shaped(font, word).width > width) {
            fit = false;
            break;
        }
        start = end;
    }
    fits_.emplace(std::move(k), fit);
    return fit;
}

}  // namespace feedback::ui
