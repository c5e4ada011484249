// The real feedback-kiosk with SDL's disk audio driver: a scripted visit says the expected
// prompts in order and the disk output is the last clip's bytes; speech off says nothing;
// on-request speaks after Listen and stops at the next visitor; `audio list/record/play` and
// `doctor`.
#include <catch2/catch.hpp>

#include "kiosk_fixture.h"
#include "speech/wav.h"
#include "speech_fixture.h"

using namespace feedback;
using namespace feedback::testing;

namespace {

struct SpeakingKiosk : ScriptedKiosk {
    explicit SpeakingKiosk(const std::string& mode) : ScriptedKiosk({"FEEDBACK_ACCESSIBILITY_SPEECH=" + mode, "SDL_AUDIODRIVER=disk"}) {
        // The disk driver's output and the play log inside this kiosk's own temp dir.
        env.push_back("SDL_DISKAUDIOFILE=" + (dir / "out.raw").string());
        env.push_back("FEEDBACK_AUDIO_LOG=" + (dir / "play.log").string());
    }
    // A clip of its own tone for a prompt, in <data dir>/audio (the database is in dir).
    speech::Pcm clip(const std::string& id, double hz, const std::string& lang = "th") {
        auto pcm = sine(hz, 150);
        speech::write_wav_atomically(dir / "audio" / lang / (id + ".wav"), pcm);
        return pcm;
    }
    std::vector<std::string> log() { return lines_of(slurp(dir / "play.log")); }
    std::vector<std::string> said() {
        std::vector<std::string> out;
        for (const auto& l : log())
            if (l.rfind("say ", 0) == 0) out.push_back(l);
        return out;
    }
    ProcessResult kiosk(std::vector<std::string> args) {
        args.insert(args.begin(), FEEDBACK_KIOSK_BIN);
        args.push_back("--db");
        args.push_back(db);
        return run(args, env);
    }
};

}  // namespace

TEST_CASE("speech always: a scripted visit says title, confirmation and titles in order", "[speech][kiosk]") {
    SpeakingKiosk k("always");
    k.clip("screen.welcome", 300);
    k.clip("welcome.hint", 350);
    k.clip("confirm.rating", 400);
    k.clip("screen.followup", 450);
    const auto thanks = k.clip("screen.thankyou", 500);
    const auto r = k.script("expect-screen welcome\ntap rating.4\nexpect-screen followup\ntap followup.done\n"
                            "expect-screen thankyou\n");
    REQUIRE(r.exit_code == 0);
    CHECK(k.said() == std::vector<std::string>{"say th screen.welcome,welcome.hint",
                                               "say th confirm.rating,screen.followup", "say th screen.thankyou"});
    const auto log = k.log();
    REQUIRE(log.size() >= 2);
    CHECK(log.back() == "done");
    CHECK(log[log.size() - 2].rfind("play th screen.thankyou:clip ", 0) == 0);
    // The device was opened per utterance; what it played last is the thank-you clip, exactly.
    CHECK_PLAYED_EXACTLY(slurp(k / "out.raw"), pcm_bytes(thanks));
}

TEST_CASE("speech off: a whole visit plays nothing and opens no audio device", "[speech][kiosk]") {
    SpeakingKiosk k("off");
    k.clip("screen.welcome", 300);
    const auto r = k.script("expect-screen welcome\ntap rating.4\nexpect-screen followup\ntap followup.done\n"
                            "expect-screen thankyou\n");
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(std::filesystem::exists(k / "play.log"));
    CHECK_FALSE(std::filesystem::exists(k / "out.raw"));
}

TEST_CASE("speech on-request: silent until Listen, then on until the next visitor", "[speech][kiosk]") {
    SpeakingKiosk k("on-request");
    const auto r = k.script("expect-screen welcome\ntap a11y.listen\ntap rating.4\nexpect-screen followup\n"
                            "tap followup.done\nexpect-screen thankyou\nidle 6\nexpect-screen welcome\n"
                            "tap rating.2\nexpect-screen followup\n");
    REQUIRE(r.exit_code == 0);
    // Nothing before Listen; nothing for the next visitor (rating.2), whose speech was never asked.
    CHECK(k.said() == std::vector<std::string>{"say th screen.welcome,welcome.hint",
                                               "say th confirm.rating,screen.followup", "say th screen.thankyou"});
    // No clips: Thai is the tone, never espeak-ng. (The bytes are checked in the `always` visit:
    // here the next visitor stops the thank-you tone, wherever it has got to.)
    int plays = 0;
    for (const auto& l : k.log()) {
        CHECK(l.find(":espeak") == std::string::npos);
        if (l.rfind("play ", 0) == 0) {
            ++plays;
            CHECK(l.find(":clip") == std::string::npos);
            CHECK(l.find(":tone") != std::string::npos);
        }
    }
    CHECK(plays >= 1);
}

TEST_CASE("speech in English without clips: espeak-ng reads the prompts", "[speech][kiosk]") {
    SpeakingKiosk k("always");
    const auto r = k.script("expect-screen welcome\ntap lang.en\ntap rating.5\nexpect-screen followup\n");
    REQUIRE(r.exit_code == 0);
    const auto log = k.log();
    // Switching to English says Welcome again, in English.
    CHECK(k.said() == std::vector<std::string>{"say th screen.welcome,welcome.hint", "say en screen.welcome,welcome.hint",
                                               "say en confirm.rating,screen.followup"});
    CHECK(log[log.size() - 2].rfind("play en confirm.rating:espeak,screen.followup:espeak ", 0) == 0);
}

TEST_CASE("audio list, record --input, play and doctor", "[speech][cli]") {
    SpeakingKiosk k("on-request");
    auto list = k.kiosk({"audio", "list", "--language", "th"});
    REQUIRE(list.exit_code == 0);
    CHECK_THAT(list.out, Catch::Contains("th\trating.5\tmissing\tมากที่สุด\n"));
    CHECK_THAT(list.out, Catch::Contains("th\tconfirm.rating\tmissing\tบันทึกคำตอบของท่านแล้ว\n"));
    CHECK_THAT(k.kiosk({"audio", "list"}).out, Catch::Contains("en\tscreen.thankyou\tmissing\tThank you\n"));

    auto doctor = k.kiosk({"doctor"});
    CHECK_THAT(doctor.out, Catch::Contains("warning  speech-th") && Catch::Contains("a short tone plays instead") &&
                               Catch::Contains("warning  speech-en"));

    // A take at 44.1 kHz with a second of silence either side, quiet: stored trimmed and normalised.
    speech::Pcm take{44100, std::vector<std::int16_t>(44100, 0)};
    const auto voice = sine(440, 600, 44100, 1500);
    take.samples.insert(take.samples.end(), voice.samples.begin(), voice.samples.end());
    take.samples.insert(take.samples.end(), 44100, 0);
    speech::write_wav_atomically(k / "take.wav", take);
    auto rec = k.kiosk({"audio", "record", "--prompt", "rating.5", "--language", "th", "--input", (k / "take.wav").string()});
    REQUIRE(rec.exit_code == 0);
    const auto stored_file = k / "audio" / "th" / "rating.5.wav";
    CHECK_THAT(rec.out, Catch::StartsWith(stored_file.string()));
    const auto stored = speech::read_wav(stored_file);
    CHECK(stored.rate == speech::kPlayRate);
    CHECK(stored.seconds() == Approx(0.6 + 0.16).margin(0.03));
    CHECK(speech::rms_dbfs(stored) == Approx(-20).margin(1.5));
    CHECK_THAT(k.kiosk({"audio", "list", "--language", "th"}).out, Catch::Contains("th\trating.5\tclip\t"));

    CHECK(k.kiosk({"audio", "record", "--prompt", "no.such", "--language", "th", "--input", (k / "take.wav").string()}).exit_code == 2);
    CHECK(k.kiosk({"audio", "record", "--prompt", "rating.5", "--language", "th", "--input", (k / "none.wav").string()}).exit_code == 2);

    auto play = k.kiosk({"audio", "play", "--prompt", "rating.5", "--language", "th"});
    REQUIRE(play.exit_code == 0);
    CHECK_PLAYED_EXACTLY(slurp(k / "out.raw"), pcm_bytes(stored));
}

TEST_CASE("audio record from SDL's disk capture device", "[speech][cli]") {
    SpeakingKiosk k("on-request");
    // The "microphone": raw 16-bit mono at 22,050 Hz — 0.3 s of silence, then 0.5 s of a voice.
    speech::Pcm mic{speech::kPlayRate, std::vector<std::int16_t>(6615, 0)};
    const auto voice = sine(300, 500);
    mic.samples.insert(mic.samples.end(), voice.samples.begin(), voice.samples.end());
    write_file(k / "mic.raw", pcm_bytes(mic));
    k.env.push_back("SDL_DISKAUDIOFILEIN=" + (k / "mic.raw").string());
    auto rec = k.kiosk({"audio", "record", "--prompt", "screen.welcome", "--language", "th", "--seconds", "5"});
    INFO(rec.err);
    REQUIRE(rec.exit_code == 0);
    const auto stored = speech::read_wav(k / "audio" / "th" / "screen.welcome.wav");
    CHECK(stored.seconds() == Approx(0.5 + 0.16).margin(0.05));
}

TEST_CASE("keys alone: a key asks for speech, the focus ring's widget is said after the title, 0 repeats",
          "[speech][kiosk][keypad]") {
    SpeakingKiosk k("on-request");
    const auto r = k.script("expect-screen welcome\nkey Tab\nkey Right\nkey 0\nkey 4\nexpect-screen followup\n"
                            "key Escape\nexpect-screen thankyou\n");
    REQUIRE(r.exit_code == 0);
    INFO(r.err);
    // Tab asks for speech: the title, then the ring's first face, as one utterance. Right moves
    // the ring; 0 says it again. 4 rates: the confirmation, the follow-up's title and the
    // first reason the ring lands on. Escape skips: the thank-you screen and its button.
    CHECK(k.said() == std::vector<std::string>{"say th screen.welcome,welcome.hint,rating.5", "say th rating.4",
                                               "say th rating.4", "say th confirm.rating,screen.followup,reason.fast",
                                               "say th screen.thankyou,thanks.done"});
}
