// A PNG (a kiosk screenshot) as RGBA pixels, for tests that check what the screen showed.
// Needs stb_image (PkgConfig::STB) and Catch2.
#pragma once

#include <catch2/catch.hpp>
#include <stb_image.h>

#include <cstddef>
#include <filesystem>
#include <vector>

namespace feedback::testing {

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
    bool operator==(const Image&) const = default;
};

inline Image load_png(const std::filesystem::path& file) {
    Image img;
    int channels = 0;
    unsigned char* data = stbi_load(file.c_str(), &img.width, &img.height, &channels, 4);
    REQUIRE(data);
    img.rgba.assign(data, data + static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4);
    stbi_image_free(data);
    return img;
}

}  // namespace feedback::testing
