#include "app/office_logo.h"

#include <stb_image.h>

#include <cstring>
#include <memory>
#include <system_error>

#include "common/file.h"

namespace feedback::app {

std::optional<LogoImage> load_office_logo(const std::filesystem::path& file, std::string& why) {
    const std::string where = "office.logo " + file.string() + ": ";
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        why = where + ec.message();
        return std::nullopt;
    }
    if (size > kMaxLogoBytes) {
        why = where + "larger than " + std::to_string(kMaxLogoBytes / (1024 * 1024)) + " MB";
        return std::nullopt;
    }
    std::string bytes;
    try {
        bytes = common::read_file(file);
    } catch (const std::exception& e) {
        why = where + e.what();
        return std::nullopt;
    }
    static constexpr unsigned char kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (bytes.size() < 8 || std::memcmp(bytes.data(), kPngSignature, 8) != 0) {
        why = where + "not a PNG file";
        return std::nullopt;
    }
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int length = static_cast<int>(bytes.size());
    int w = 0, h = 0, channels = 0;
    // The header first: a huge image is refused before its pixels are allocated.
    if (!stbi_info_from_memory(data, length, &w, &h, &channels)) {
        why = where + "damaged PNG (" + stbi_failure_reason() + ")";
        return std::nullopt;
    }
    if (w <= 0 || h <= 0 || w > kMaxLogoSide || h > kMaxLogoSide) {
        why = where + std::to_string(w) + "×" + std::to_string(h) + " pixels; at most " +
              std::to_string(kMaxLogoSide) + "×" + std::to_string(kMaxLogoSide);
        return std::nullopt;
    }
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(data, length, &w, &h, &channels, 4),
                                                     stbi_image_free);
    if (!pixels) {
        why = where + "damaged PNG (" + stbi_failure_reason() + ")";
        return std::nullopt;
    }
    LogoImage logo;
    logo.width = w;
    logo.height = h;
    logo.rgba.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    return logo;
}

}  // namespace feedback::app
