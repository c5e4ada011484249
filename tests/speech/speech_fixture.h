// Shared by the speech tests: recognisable clips (a sine of its own frequency per prompt) and
// small readers for what the kiosk wrote.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "speech/wav.h"

namespace feedback::testing {

// `ms` of a sine at `hz`, 16-bit at kPlayRate, loud enough to be speech (about -12 dBFS).
inline speech::Pcm sine(double hz, int ms = 200, int rate = speech::kPlayRate, double amplitude = 8000) {
    speech::Pcm pcm{rate, {}};
    const auto n = static_cast<std::size_t>(rate) * static_cast<std::size_t>(ms) / 1000;
    for (std::size_t i = 0; i < n; ++i)
        pcm.samples.push_back(static_cast<std::int16_t>(amplitude * std::sin(2 * M_PI * hz * static_cast<double>(i) / rate)));
    return pcm;
}

inline std::string pcm_bytes(const speech::Pcm& pcm) {
    return std::string(reinterpret_cast<const char*>(pcm.samples.data()), pcm.samples.size() * 2);
}

inline std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// Where `output` (the disk driver's file) stops being `expected` with only silence around it:
// "" when it is exactly that, else what differs (for the failure message). Silence before the
// sound is allowed: SDL's audio thread writes silent buffers while the device is still paused,
// between opening it and starting it.
inline std::string played_difference(std::string output, std::string expected) {
    auto drop_leading_silence = [](std::string& s) {
        std::size_t at = 0;
        while (at + 1 < s.size() && s[at] == 0 && s[at + 1] == 0) at += 2;
        s.erase(0, at);
    };
    drop_leading_silence(output);
    drop_leading_silence(expected);
    for (std::size_t i = 0; i < output.size(); ++i) {
        const char want = i < expected.size() ? expected[i] : 0;
        if (output[i] != want)
            return "byte " + std::to_string(i) + " of " + std::to_string(output.size()) + " after the leading silence differs (expected " +
                   std::to_string(expected.size()) + " bytes of sound, then silence)";
    }
    if (output.size() < expected.size())
        return "only " + std::to_string(output.size()) + " of " + std::to_string(expected.size()) + " bytes played";
    return "";
}
#define CHECK_PLAYED_EXACTLY(output, expected) CHECK(feedback::testing::played_difference(output, expected) == "")

}  // namespace feedback::testing
