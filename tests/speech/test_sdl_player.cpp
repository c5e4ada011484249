// The SDL audio worker, in-process, on SDL's disk audio driver: what reaches the "device" is
// exactly the clips' bytes, a new utterance cancels the current one, and once idle the audio
// subsystem is shut (no device, no audio thread).
#include <catch2/catch.hpp>

#include <SDL.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "speech/sdl_player.h"
#include "speech_fixture.h"
#include "temp_dir.h"

using namespace feedback;
using namespace feedback::testing;

namespace {

struct DiskAudio {
    TempDir dir;
    std::filesystem::path out = dir / "out.raw";
    std::filesystem::path log = dir / "play.log";
    speech::ClipDirs dirs{dir / "audio", dir / "none"};
    DiskAudio() {
        ::setenv("SDL_AUDIODRIVER", "disk", 1);
        ::setenv("SDL_DISKAUDIOFILE", out.c_str(), 1);
        ::setenv("FEEDBACK_AUDIO_LOG", log.c_str(), 1);
    }
    // The kiosk processes other tests start inherit this environment: leave none of it behind.
    ~DiskAudio() {
        for (const char* name : {"SDL_AUDIODRIVER", "SDL_DISKAUDIOFILE", "FEEDBACK_AUDIO_LOG"}) ::unsetenv(name);
    }
};

}  // namespace

TEST_CASE("the player plays an utterance's clips, in order, byte for byte, then closes the device", "[speech][sdl]") {
    DiskAudio disk;
    const auto a = sine(500, 150), b = sine(800, 250);
    speech::write_wav_atomically(disk.dirs.recorded / "th" / "screen.welcome.wav", a);
    speech::write_wav_atomically(disk.dirs.recorded / "th" / "welcome.hint.wav", b);
    {
        speech::SdlPlayer player(disk.dirs, nullptr);
        player.say({"th", {{"screen.welcome", "x"}, {"welcome.hint", "y"}}});
        REQUIRE(player.wait_idle(5000));
        CHECK(player.last_problem().empty());
        CHECK(SDL_WasInit(SDL_INIT_AUDIO) == 0);  // idle: no audio subsystem, no device
    }
    CHECK_PLAYED_EXACTLY(slurp(disk.out), pcm_bytes(a) + pcm_bytes(b));
    const auto log = lines_of(slurp(disk.log));
    REQUIRE(log.size() == 3);
    CHECK(log[0] == "say th screen.welcome,welcome.hint");
    CHECK(log[1].rfind("play th screen.welcome:clip,welcome.hint:clip " + std::to_string((a.samples.size() + b.samples.size()) * 2), 0) == 0);
    CHECK(log[2] == "done");
}

TEST_CASE("a new utterance cancels the one being said", "[speech][sdl]") {
    DiskAudio disk;
    const auto long_clip = sine(400, 4000), short_clip = sine(900, 100);
    speech::write_wav_atomically(disk.dirs.recorded / "th" / "screen.welcome.wav", long_clip);
    speech::write_wav_atomically(disk.dirs.recorded / "th" / "rating.5.wav", short_clip);
    const auto start = std::chrono::steady_clock::now();
    {
        speech::SdlPlayer player(disk.dirs, nullptr);
        player.say({"th", {{"screen.welcome", "x"}}});
        player.say({"th", {{"rating.5", "y"}}});
        REQUIRE(player.wait_idle(5000));
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(3000));  // the 4 s clip was cut
    CHECK_PLAYED_EXACTLY(slurp(disk.out), pcm_bytes(short_clip));
    const auto log = lines_of(slurp(disk.log));
    REQUIRE(log.size() >= 4);
    CHECK(std::count(log.begin(), log.end(), "done") == 1);
    CHECK(log.back() == "done");
    CHECK(log[log.size() - 2].rfind("play th rating.5:clip ", 0) == 0);
}

TEST_CASE("a Thai prompt without a clip plays the tone", "[speech][sdl]") {
    DiskAudio disk;
    {
        speech::SdlPlayer player(disk.dirs, nullptr);
        player.say({"th", {{"screen.thankyou", "ขอบคุณที่ใช้บริการ"}}});
        REQUIRE(player.wait_idle(5000));
    }
    CHECK_PLAYED_EXACTLY(slurp(disk.out), pcm_bytes(speech::tone()));
}

TEST_CASE("the play log never says which keyboard key was focused", "[speech][sdl]") {
    DiskAudio disk;
    {
        speech::SdlPlayer player(disk.dirs, nullptr);
        player.say({"th", {{"key.ก", "ก"}}});
        REQUIRE(player.wait_idle(5000));
        player.say({"th", {{"complaint.field.phone", "0"}}});
        REQUIRE(player.wait_idle(5000));
    }
    const std::string log = slurp(disk.log);
    CHECK(log.find("key.ก") == std::string::npos);
    CHECK(log.find("say th key.*\n") != std::string::npos);
    CHECK(log.find("say th complaint.field.*\n") != std::string::npos);
}

TEST_CASE("without an audio device the player logs once, skips utterances for a minute, then tries again",
          "[speech][sdl]") {
    DiskAudio disk;
    // SDL's disk driver cannot open its output in a directory that does not exist: no device.
    const auto nowhere = disk.dir / "no-such-dir" / "out.raw";
    ::setenv("SDL_DISKAUDIOFILE", nowhere.c_str(), 1);
    std::atomic<std::int64_t> advanced_ms{0};
    const auto start = std::chrono::steady_clock::now();
    const auto clip = sine(600, 100);
    speech::write_wav_atomically(disk.dirs.recorded / "th" / "rating.5.wav", clip);
    {
        speech::SdlPlayer player(disk.dirs, nullptr, [&] {
            return start + std::chrono::milliseconds(advanced_ms.load());
        });
        player.say({"th", {{"rating.5", "x"}}});
        REQUIRE(player.wait_idle(5000));
        CHECK_FALSE(player.last_problem().empty());
        // The device is back (the directory exists now), but the player rests for a minute.
        std::filesystem::create_directories(nowhere.parent_path());
        player.say({"th", {{"rating.5", "x"}}});
        REQUIRE(player.wait_idle(5000));
        advanced_ms = std::chrono::duration_cast<std::chrono::milliseconds>(speech::SdlPlayer::kRetryAfter).count() - 1;
        player.say({"th", {{"rating.5", "x"}}});
        REQUIRE(player.wait_idle(5000));
        CHECK_FALSE(std::filesystem::exists(nowhere));
        // A minute after the failure it tries again, and plays.
        advanced_ms = std::chrono::duration_cast<std::chrono::milliseconds>(speech::SdlPlayer::kRetryAfter).count();
        player.say({"th", {{"rating.5", "x"}}});
        REQUIRE(player.wait_idle(5000));
        CHECK(player.last_problem().empty());
    }
    CHECK_PLAYED_EXACTLY(slurp(nowhere), pcm_bytes(clip));
    const auto log = lines_of(slurp(disk.log));
    std::vector<std::string> outcomes;
    for (const auto& line : log)
        if (line.rfind("say ", 0) != 0 && line.rfind("play ", 0) != 0) outcomes.push_back(line.substr(0, line.find(' ')));
    // The failed one ends with "done" after its error, as any utterance; the two skipped are
    // neither rendered nor played; then the one that played.
    CHECK(outcomes == std::vector<std::string>{"error", "done", "skipped", "skipped", "done"});
    CHECK(std::count_if(log.begin(), log.end(), [](const std::string& l) { return l.rfind("play ", 0) == 0; }) == 2);
}
