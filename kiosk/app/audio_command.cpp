#include "app/audio_command.h"

#include <cstdio>

#include "app/commands.h"
#include "app/log.h"

namespace feedback::app {

speech::PromptCatalogue prompt_catalogue(const Context& context) {
    return speech::PromptCatalogue(context.survey, {context.config().office.name, context.config().office.name_en});
}

namespace {

int list(const Context& context, const AudioOptions& options) {
    const auto catalogue = prompt_catalogue(context);
    const auto dirs = speech::clip_dirs_for(context.database_path);
    std::vector<std::string> languages = {"th", "en"};
    if (options.language) languages = {*options.language};
    // One line per prompt and language: LANGUAGE TAB ID TAB clip|missing TAB TEXT. The text is
    // last because it is the only field with spaces.
    for (const auto& language : languages)
        for (const auto& p : catalogue.all())
            std::printf("%s\t%s\t%s\t%s\n", language.c_str(), p.id.c_str(),
                        speech::find_clip(dirs, language, p.id) ? "clip" : "missing", p.text(language).c_str());
    return kExitOk;
}

const speech::Prompt& known_prompt(const speech::PromptCatalogue& catalogue, const std::string& id) {
    const auto* p = catalogue.find(id);
    if (!p) throw UsageError("--prompt: '" + id + "' is not a prompt id; `feedback-kiosk audio list` prints them");
    return *p;
}

int record(const Context& context, const AudioOptions& options, const AudioDevice* device) {
    const auto catalogue = prompt_catalogue(context);
    const auto& prompt = known_prompt(catalogue, options.prompt);
    if (!options.language) throw UsageError("audio record: --language th or en is required");
    speech::Pcm pcm;
    if (!options.input.empty()) {
        try {
            pcm = speech::read_wav(options.input);
        } catch (const speech::WavError& e) {
            log_error("cannot read " + options.input.string() + ": " + e.what());
            return kExitRuntimeError;
        }
    } else {
        if (!device || !device->capture) {
            log_error("this build has no audio (configured with FEEDBACK_BUILD_UI=OFF); use --input FILE.wav");
            return kExitRuntimeError;
        }
        std::fprintf(stderr, "Say now (%s): %s\n", options.language->c_str(), prompt.text(*options.language).c_str());
        std::string problem;
        auto captured = device->capture(options.seconds, problem);
        if (!captured) {
            log_error(problem);
            return kExitRuntimeError;
        }
        pcm = std::move(*captured);
    }
    pcm = speech::normalise_loudness(speech::trim_silence(speech::resample(pcm, speech::kPlayRate)));
    if (pcm.samples.empty()) {
        log_error("the recording is silent (nothing louder than -40 dBFS); nothing was stored");
        return kExitRuntimeError;
    }
    const auto dirs = speech::clip_dirs_for(context.database_path);
    const auto file = speech::recorded_clip_path(dirs, *options.language, prompt.id);
    try {
        speech::write_wav_atomically(file, pcm);
    } catch (const speech::WavError& e) {
        log_error(e.what());
        return kExitRuntimeError;
    }
    std::printf("%s\t%.2f s\n", file.c_str(), pcm.seconds());
    return kExitOk;
}

int play(const Context& context, const AudioOptions& options, const AudioDevice* device) {
    const auto catalogue = prompt_catalogue(context);
    const auto& prompt = known_prompt(catalogue, options.prompt);
    if (!device || !device->play) {
        log_error("this build has no audio (configured with FEEDBACK_BUILD_UI=OFF)");
        return kExitRuntimeError;
    }
    const std::string language = options.language.value_or(context.config().display.language);
    const speech::Utterance utterance{language, {{prompt.id, prompt.text(language)}}};
    const auto dirs = speech::clip_dirs_for(context.database_path);
    if (auto problem = device->play(utterance, dirs); !problem.empty()) {
        log_error(problem);
        return kExitRuntimeError;
    }
    return kExitOk;
}

}  // namespace

int audio_command(const Context& context, const AudioOptions& options, const AudioDevice* device) {
    if (options.action == "list") return list(context, options);
    if (options.action == "record") return record(context, options, device);
    return play(context, options, device);
}

}  // namespace feedback::app
