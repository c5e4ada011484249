#include "speech/voice.h"

#include <system_error>

#ifndef FEEDBACK_SHIPPED_AUDIO_DIR
#define FEEDBACK_SHIPPED_AUDIO_DIR "/usr/share/feedback-kiosk/audio"
#endif

namespace feedback::speech {

ClipDirs clip_dirs_for(const std::filesystem::path& database) {
    const auto dir = database.has_parent_path() ? database.parent_path() : std::filesystem::path(".");
    return {dir / "audio", FEEDBACK_SHIPPED_AUDIO_DIR};
}

std::filesystem::path recorded_clip_path(const ClipDirs& dirs, std::string_view language, std::string_view id) {
    return dirs.recorded / std::string(language) / (std::string(id) + ".wav");
}

std::optional<std::filesystem::path> find_clip(const ClipDirs& dirs, std::string_view language, std::string_view id) {
    // An id is ours (catalogue or widget ids), but never let one climb out of the directory.
    if (id.empty() || id.find('/') != std::string_view::npos || id.find("..") != std::string_view::npos) return {};
    for (const auto& root : {dirs.recorded, dirs.shipped}) {
        if (root.empty()) continue;
        const auto file = root / std::string(language) / (std::string(id) + ".wav");
        std::error_code ec;
        if (std::filesystem::is_regular_file(file, ec)) return file;
    }
    return {};
}

std::vector<std::string> missing_clips(const PromptCatalogue& catalogue, const ClipDirs& dirs, std::string_view language) {
    std::vector<std::string> out;
    for (const auto& p : catalogue.all())
        if (!find_clip(dirs, language, p.id)) out.push_back(p.id);
    return out;
}

bool has_thai(std::string_view s) {
    // U+0E00–U+0E7F is E0 B8 80 – E0 B9 BF in UTF-8.
    for (std::size_t i = 0; i + 1 < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) == 0xE0 &&
            (static_cast<unsigned char>(s[i + 1]) == 0xB8 || static_cast<unsigned char>(s[i + 1]) == 0xB9))
            return true;
    return false;
}

std::string_view to_string(Source source) {
    switch (source) {
        case Source::Clip: return "clip";
        case Source::Synthesized: return "espeak";
        case Source::Tone: return "tone";
    }
    return "?";
}

Rendered render(const Utterance& utterance, const ClipDirs& dirs, Synthesizer* synth, std::vector<std::string>* problems) {
    Rendered out;
    auto append = [&](const Pcm& pcm) {
        const Pcm at_rate = resample(pcm, kPlayRate);
        out.pcm.samples.insert(out.pcm.samples.end(), at_rate.samples.begin(), at_rate.samples.end());
    };
    for (const auto& line : utterance.lines) {
        if (const auto file = find_clip(dirs, utterance.language, line.id)) {
            try {
                append(read_wav(*file));
                out.parts.emplace_back(line.id, Source::Clip);
                continue;
            } catch (const WavError& e) {
                if (problems) problems->push_back(file->string() + ": " + e.what());
            }
        }
        if (utterance.language == "en" && synth && !line.text.empty() && !has_thai(line.text)) {
            if (auto pcm = synth->synthesize(line.text, "en")) {
                append(*pcm);
                out.parts.emplace_back(line.id, Source::Synthesized);
                continue;
            }
        }
        append(tone());
        out.parts.emplace_back(line.id, Source::Tone);
    }
    return out;
}

}  // namespace feedback::speech
