// From prompt ids to sound: the clip for each prompt (the office's recording in the data dir,
// else one shipped with the package), else — English only — libespeak-ng, else a short tone.
//
// Thai never reaches a synthesizer (issue 21: espeak-ng reads Thai as spelled-out letters):
// render() hands a synthesizer only English lines, and EspeakSynthesizer refuses any text with a
// Thai code point as well, so both the caller and the callee keep the rule. The Synthesizer
// interface is the seam the tests count calls through.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "speech/prompts.h"
#include "speech/wav.h"

namespace feedback::speech {

// Where clips are looked for: the office's own recordings first, then the shipped ones.
struct ClipDirs {
    std::filesystem::path recorded;  // <data dir>/audio (beside the database)
    std::filesystem::path shipped;   // /usr/share/feedback-kiosk/audio (assets/audio in the source)
};

// <data dir>/audio for a database at `database`; shipped = the install's share directory.
ClipDirs clip_dirs_for(const std::filesystem::path& database);
// The clip file for a prompt in a language (<dir>/<th|en>/<id>.wav), recorded before shipped.
std::optional<std::filesystem::path> find_clip(const ClipDirs& dirs, std::string_view language, std::string_view id);
// Where `audio record` stores a clip.
std::filesystem::path recorded_clip_path(const ClipDirs& dirs, std::string_view language, std::string_view id);

// Prompt ids of the catalogue with no clip in `language`.
std::vector<std::string> missing_clips(const PromptCatalogue& catalogue, const ClipDirs& dirs, std::string_view language);

// True when the text holds a Thai code point (U+0E00–U+0E7F).
bool has_thai(std::string_view utf8);

class Synthesizer {
public:
    virtual ~Synthesizer() = default;
    // English text as speech at kPlayRate, or nothing when it cannot.
    virtual std::optional<Pcm> synthesize(std::string_view text, std::string_view language) = 0;
    // Nothing more to say for now: a synthesizer may give its memory back.
    virtual void idle() {}
};

// One thing to say: a line per prompt (its id, and its text in the utterance's language, which a
// synthesizer may read when the clip is missing).
struct Line {
    std::string id;
    std::string text;
};
struct Utterance {
    std::string language;  // "th" or "en"
    std::vector<Line> lines;
    bool operator==(const Utterance&) const = default;
};

// What render() used for each line, for the play log and tests.
enum class Source { Clip, Synthesized, Tone };
std::string_view to_string(Source source);

struct Rendered {
    Pcm pcm;  // every line at kPlayRate, one after another
    std::vector<std::pair<std::string, Source>> parts;  // line id and what said it
};

// Reads the clips (resampled to kPlayRate), asks `synth` (may be null) for English lines without
// one, and puts a tone for anything else. An unreadable clip is reported on `problems` and
// treated as missing.
Rendered render(const Utterance& utterance, const ClipDirs& dirs, Synthesizer* synth,
                std::vector<std::string>* problems = nullptr);

}  // namespace feedback::speech
