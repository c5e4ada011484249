// The office's logo (config office.logo): a PNG decoded to RGBA pixels for the thank-you screen.
//
// Why this is careful: the file comes from whoever set up the counter PC — a photo saved as
// .png, a truncated copy, a 20-megapixel scan. A logo is decoration; the kiosk must never fail
// to start or crash because of one. So the file is read whole with a size limit, its header is
// checked (PNG signature, dimensions) before anything is decoded, and every problem becomes a
// sentence the caller reports (`doctor`, the kiosk's log) while the screens go on without it.
// No SDL here: kiosk_window turns the pixels into a texture.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace feedback::app {

struct LogoImage {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;  // width × height × 4, rows top to bottom
};

inline constexpr std::uintmax_t kMaxLogoBytes = 8u * 1024 * 1024;
inline constexpr int kMaxLogoSide = 4096;

// The decoded logo, or nullopt with `why` set ("office.logo /path: not a PNG file"). Never
// throws for anything about the file.
std::optional<LogoImage> load_office_logo(const std::filesystem::path& file, std::string& why);

}  // namespace feedback::app
