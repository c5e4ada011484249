// The speech module without a process: the prompt catalogue, WAV handling, the controller's
// modes, clip lookup and the never-Thai-to-espeak rule (a counting synthesizer, then the real
// libespeak-ng one).
#include <catch2/catch.hpp>

#include <set>

#include "core/survey.h"
#include "speech/controller.h"
#include "speech/espeak_synth.h"
#include "speech/prompts.h"
#include "speech/voice.h"
#include "speech/wav.h"
#include "speech_fixture.h"
#include "temp_dir.h"
#include "ui/strings.h"
#include "ui/views.h"

using namespace feedback;
using feedback::testing::sine;
using feedback::testing::TempDir;

namespace {

const core::Survey& survey() {
    static const core::Survey s = core::default_survey();
    return s;
}

speech::PromptCatalogue catalogue() { return speech::PromptCatalogue(survey(), {"อบต.ทดสอบ", "Test SAO"}); }

struct FakePlayer : speech::Player {
    std::vector<speech::Utterance> said;
    int stops = 0;
    void say(speech::Utterance u) override { said.push_back(std::move(u)); }
    void stop() override { ++stops; }
    std::vector<std::string> ids(std::size_t i) const {
        std::vector<std::string> out;
        for (const auto& l : said.at(i).lines) out.push_back(l.id);
        return out;
    }
};

struct CountingSynth : speech::Synthesizer {
    std::vector<std::string> texts;
    std::optional<speech::Pcm> synthesize(std::string_view text, std::string_view) override {
        texts.emplace_back(text);
        return sine(300, 100);
    }
};

}  // namespace

TEST_CASE("the catalogue: unique ids, every visitor screen, the survey's words", "[speech]") {
    const auto c = catalogue();
    std::set<std::string> ids;
    for (const auto& p : c.all()) {
        INFO(p.id);
        CHECK(ids.insert(p.id).second);
        CHECK_FALSE(p.th.empty());
        CHECK_FALSE(p.en.empty());
        CHECK_FALSE(speech::has_thai(p.en));
    }
    using core::Screen;
    for (auto screen : {Screen::Welcome, Screen::FollowUp, Screen::Comment, Screen::ThankYou, Screen::Profile,
                        Screen::ComplaintCategory, Screen::ComplaintWhen, Screen::ComplaintDescription,
                        Screen::ComplaintContactChoice, Screen::ComplaintPdpa, Screen::ComplaintContact,
                        Screen::ComplaintDone}) {
        const auto prompts = speech::PromptCatalogue::screen_prompts(screen);
        REQUIRE_FALSE(prompts.empty());
        for (const auto& id : prompts) CHECK(c.find(id));
    }
    CHECK(speech::PromptCatalogue::screen_prompts(Screen::Admin).empty());
    // Text from the survey and the screens, the office's name filled in.
    CHECK(c.find("screen.welcome")->th == survey().main_question.text.th);
    CHECK(c.find("rating.5")->th == survey().levels[0].label.th);
    CHECK(c.find("reason." + survey().reasons.at(0).id)->en == survey().reasons.at(0).label.en);
    CHECK(c.find("complaint.category." + survey().complaint_categories.at(0).id));
    CHECK(c.find("screen.complaint-done")->th.find("อบต.ทดสอบ") != std::string::npos);
    CHECK(c.find("confirm.rating")->th == ui::strings::kThanksForRating.th);
    CHECK(c.find("a11y.listen")->en == "Listen");
    // Widget ids are prompts; a dimension's level button says the level.
    CHECK(c.widget_prompt("rating.3") == "rating.3");
    CHECK(c.widget_prompt("dimension.staff.4") == "rating.4");
    CHECK(c.widget_prompt("key.ก").empty());
}

TEST_CASE("the profile screen's title is said as the screen shows it", "[speech]") {
    // Its strings live in profile_view.cpp; the catalogue repeats the title, this keeps them equal.
    const auto shown = ui::profile_view_strings();
    REQUIRE(shown.size() >= 2);
    CHECK(catalogue().find("screen.profile")->th == shown.at(0));
    CHECK(catalogue().find("screen.profile")->en == shown.at(1));
}

TEST_CASE("an edited survey changes the prompts' text, not their ids", "[speech]") {
    core::Survey edited = survey();
    edited.main_question.text.th = "ท่านพอใจบริการวันนี้เพียงใด";
    edited.reasons.at(0).label.en = "Fast";
    const speech::PromptCatalogue c(edited, {"x", "x"});
    CHECK(c.find("screen.welcome")->th == "ท่านพอใจบริการวันนี้เพียงใด");
    CHECK(c.find("reason." + edited.reasons.at(0).id)->en == "Fast");
    CHECK(c.all().size() == catalogue().all().size());
}

TEST_CASE("WAV: written atomically, read back, trim, normalise, resample", "[speech][wav]") {
    TempDir dir;
    speech::Pcm quiet_speech = sine(440, 500, 22050, 1000);
    speech::Pcm padded{22050, std::vector<std::int16_t>(22050, 0)};  // 1 s silence
    padded.samples.insert(padded.samples.end(), quiet_speech.samples.begin(), quiet_speech.samples.end());
    padded.samples.insert(padded.samples.end(), 22050, 0);
    const auto file = dir / "a" / "b.wav";
    speech::write_wav_atomically(file, padded);
    const auto back = speech::read_wav(file);
    CHECK(back.rate == 22050);
    CHECK(back.samples == padded.samples);
    CHECK(std::distance(std::filesystem::directory_iterator(dir / "a"), {}) == 1);  // no temporary left

    const auto trimmed = speech::trim_silence(back);
    CHECK(trimmed.seconds() == Approx(0.5 + 0.16).margin(0.02));  // the speech and 80 ms either side
    const auto loud = speech::normalise_loudness(trimmed);
    const auto speech_only = speech::trim_silence(loud);
    CHECK(speech::rms_dbfs(sine(440, 500, 22050, 1000)) < -25);
    CHECK(speech::rms_dbfs({22050, {loud.samples.begin() + 1764, loud.samples.end() - 1764}}) == Approx(-20).margin(0.5));
    CHECK(speech::trim_silence({22050, std::vector<std::int16_t>(22050, 3)}).samples.empty());

    const auto down = speech::resample(sine(440, 1000, 44100), 22050);
    CHECK(down.rate == 22050);
    CHECK(down.samples.size() == Approx(22050).margin(2));
    CHECK_THROWS_AS(speech::parse_wav("RIFF....WAVEjunk"), speech::WavError);
}

TEST_CASE("speech off: nothing is ever said", "[speech][controller]") {
    const auto c = catalogue();
    FakePlayer player;
    speech::SpeechController s(speech::Mode::Off, c, player, [] { return std::string("th"); });
    s.screen_shown(core::Screen::Welcome);
    s.key_input();
    s.listen_button();
    s.repeat();
    s.focused("rating.5", "มากที่สุด");
    s.confirmed();
    s.screen_shown(core::Screen::FollowUp);
    s.flush();
    CHECK(player.said.empty());
    CHECK_FALSE(s.speaking_enabled());
}

TEST_CASE("on-request: a key or Listen turns speech on for this visitor only", "[speech][controller]") {
    const auto c = catalogue();
    FakePlayer player;
    std::string lang = "th";
    speech::SpeechController s(speech::Mode::OnRequest, c, player, [&] { return lang; });
    s.screen_shown(core::Screen::Welcome);
    s.focused("rating.5", "x");
    CHECK(player.said.empty());
    s.key_input();  // the visitor asks: told where they are
    REQUIRE(player.said.size() == 1);
    CHECK(player.ids(0) == std::vector<std::string>{"screen.welcome", "welcome.hint"});
    CHECK(player.said[0].lines[0].text == survey().main_question.text.th);
    s.key_input();  // already on: not said again
    CHECK(player.said.size() == 1);
    s.focused("rating.4", "มาก");
    CHECK(player.ids(1) == std::vector<std::string>{"rating.4"});
    s.confirmed();
    s.screen_shown(core::Screen::FollowUp);
    s.flush();
    CHECK(player.ids(2) == std::vector<std::string>{"confirm.rating", "screen.followup"});
    lang = "en";
    s.repeat();
    CHECK(player.ids(3) == std::vector<std::string>{"confirm.rating", "screen.followup"});
    CHECK(player.said[3].language == "en");
    CHECK(player.said[3].lines[1].text == ui::strings::kTellUsMore.en);
    s.visitor_reset();  // the next visitor: silent again, the last one's speech stopped
    CHECK(player.stops == 1);
    s.screen_shown(core::Screen::Welcome);
    CHECK(player.said.size() == 4);
    s.listen_button();
    CHECK(player.said.size() == 5);
    CHECK(player.ids(4) == std::vector<std::string>{"screen.welcome", "welcome.hint"});
}

TEST_CASE("always: every screen, confirmation and focus is said", "[speech][controller]") {
    const auto c = catalogue();
    FakePlayer player;
    speech::SpeechController s(speech::Mode::Always, c, player, [] { return std::string("th"); });
    s.screen_shown(core::Screen::Welcome);
    s.confirmed();
    s.screen_shown(core::Screen::FollowUp);
    s.focused("key.x", "x");  // not a prompt: read from its label under its widget id
    s.visitor_reset();
    s.screen_shown(core::Screen::Welcome);
    REQUIRE(player.said.size() == 4);
    CHECK(player.ids(1) == std::vector<std::string>{"confirm.rating", "screen.followup"});
    CHECK(player.said[2].lines.at(0).id == "key.x");
    CHECK(player.said[2].lines.at(0).text == "x");
    CHECK(player.stops == 0);  // always stays on
}

TEST_CASE("clips: recorded beats shipped, Thai without a clip is a tone, never the synthesizer", "[speech][voice]") {
    TempDir dir;
    const speech::ClipDirs dirs{dir / "data" / "audio", dir / "share" / "audio"};
    const auto recorded = sine(500), shipped = sine(700), english = sine(900);
    speech::write_wav_atomically(dirs.recorded / "th" / "rating.5.wav", recorded);
    speech::write_wav_atomically(dirs.shipped / "th" / "rating.5.wav", shipped);
    speech::write_wav_atomically(dirs.shipped / "th" / "rating.4.wav", shipped);
    speech::write_wav_atomically(dirs.recorded / "en" / "rating.5.wav", english);
    CountingSynth synth;

    const auto th = speech::render({"th", {{"rating.5", "มากที่สุด"}, {"rating.4", "มาก"}, {"rating.3", "ปานกลาง"},
                                           {"key.x", "English words on a Thai screen"}}},
                                   dirs, &synth);
    CHECK(synth.texts.empty());  // Thai: never, whatever the text
    REQUIRE(th.parts.size() == 4);
    CHECK(th.parts[0].second == speech::Source::Clip);
    CHECK(th.parts[1].second == speech::Source::Clip);
    CHECK(th.parts[2].second == speech::Source::Tone);
    CHECK(th.parts[3].second == speech::Source::Tone);
    std::vector<std::int16_t> expected = recorded.samples;
    expected.insert(expected.end(), shipped.samples.begin(), shipped.samples.end());
    const auto t = speech::tone();
    expected.insert(expected.end(), t.samples.begin(), t.samples.end());
    expected.insert(expected.end(), t.samples.begin(), t.samples.end());
    CHECK(th.pcm.samples == expected);

    const auto en = speech::render({"en", {{"rating.5", "Very satisfied"}, {"rating.4", "Satisfied"}, {"x", "ไทย"}}}, dirs, &synth);
    CHECK(en.parts[0].second == speech::Source::Clip);
    CHECK(en.parts[1].second == speech::Source::Synthesized);
    CHECK(en.parts[2].second == speech::Source::Tone);  // Thai text in an English line: not synthesized
    CHECK(synth.texts == std::vector<std::string>{"Satisfied"});

    const auto c = catalogue();
    const auto missing = speech::missing_clips(c, dirs, "th");
    CHECK(missing.size() == c.all().size() - 2);
    CHECK(std::find(missing.begin(), missing.end(), "rating.5") == missing.end());
    CHECK_FALSE(speech::find_clip(dirs, "th", "../th/rating.5"));
}

TEST_CASE("the real espeak-ng synthesizer refuses Thai and speaks English", "[speech][espeak]") {
    speech::EspeakSynthesizer synth;
    const long before = speech::EspeakSynthesizer::texts_synthesized();
    CHECK_FALSE(synth.synthesize("ท่านพึงพอใจ", "th"));
    CHECK_FALSE(synth.synthesize("ท่านพึงพอใจ", "en"));
    CHECK_FALSE(synth.synthesize("Satisfied", "th"));
    CHECK(speech::EspeakSynthesizer::texts_synthesized() == before);
    const auto pcm = synth.synthesize("Very satisfied", "en");
    REQUIRE(pcm);
    CHECK(speech::EspeakSynthesizer::texts_synthesized() == before + 1);
    CHECK(pcm->rate == speech::kPlayRate);
    CHECK(pcm->seconds() > 0.4);
    CHECK(speech::rms_dbfs(*pcm) > -40);
#if !defined(__SANITIZE_ADDRESS__)
    // Unloaded when idle, loaded again for the next English line: the same sound. (The
    // sanitizer build keeps espeak-ng loaded, see espeak_synth.cpp, so it has no fresh start.)
    synth.idle();
    const auto again = synth.synthesize("Very satisfied", "en");
    REQUIRE(again);
    CHECK(again->samples == pcm->samples);
#endif
}

TEST_CASE("held for a frame: what a key set off is one utterance, the title then the focused widget",
          "[speech][controller]") {
    const auto c = catalogue();
    FakePlayer player;
    speech::SpeechController s(speech::Mode::OnRequest, c, player, [] { return std::string("th"); });
    s.screen_shown(core::Screen::Welcome);
    s.hold();
    s.key_input();  // turns speech on: the title
    s.focused_after_current("rating.5", "มากที่สุด");
    CHECK(player.said.empty());  // nothing until the frame is over
    s.release();
    REQUIRE(player.said.size() == 1);
    CHECK(player.ids(0) == std::vector<std::string>{"screen.welcome", "welcome.hint", "rating.5"});
    s.hold();
    s.focused("rating.4", "มาก");
    s.focused("rating.3", "ปานกลาง");  // the later focus wins, as a new prompt cancels the current
    s.release();
    REQUIRE(player.said.size() == 2);
    CHECK(player.ids(1) == std::vector<std::string>{"rating.3"});
    s.release();  // nothing held: nothing said again
    CHECK(player.said.size() == 2);
}
