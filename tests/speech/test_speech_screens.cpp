// The Listen button and the staff screen's count of missing clips, on the real screens.
#include <catch2/catch.hpp>

#include "kiosk_fixture.h"
#include "png_image.h"
#include "speech/wav.h"
#include "speech_fixture.h"
#include "store/admin_pin.h"
#include "store/store.h"

using namespace feedback;
using namespace feedback::testing;

namespace {

ScriptedKiosk kiosk_with_speech(const std::string& mode) {
    return ScriptedKiosk({"FEEDBACK_ACCESSIBILITY_SPEECH=" + mode, "SDL_AUDIODRIVER=disk"});
}

std::size_t differing_pixels(const std::filesystem::path& a, const std::filesystem::path& b) {
    const auto x = load_png(a), y = load_png(b);
    if (x.rgba.size() != y.rgba.size()) return x.rgba.size() + y.rgba.size();
    std::size_t n = 0;
    for (std::size_t i = 0; i < x.rgba.size(); i += 4)
        if (x.rgba[i] != y.rgba[i] || x.rgba[i + 1] != y.rgba[i + 1] || x.rgba[i + 2] != y.rgba[i + 2]) ++n;
    return n;
}

}  // namespace

TEST_CASE("Listen is on Welcome and the complaint's first screen, laid out, and not there with speech off", "[speech][ui]") {
    for (const auto* size : {"1366x768", "1080x1920", "1024x768"}) {
        INFO(size);
        auto on = kiosk_with_speech("on-request");
        on.env.push_back("SDL_DISKAUDIOFILE=" + (on / "out.raw").string());
        on.env.push_back("FEEDBACK_AUDIO_LOG=" + (on / "play.log").string());
        const auto r = on.script("check-layout welcome\ntap complaint.start\nexpect-screen complaint-category\n"
                                 "check-layout complaint-category\ntap a11y.listen\n",
                                 size);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(lines_of(slurp(on / "play.log")).at(0) == "say th screen.complaint-category,complaint.intro");
    }
    auto off = kiosk_with_speech("off");
    CHECK(off.script("expect-screen welcome\ntap a11y.listen\n").exit_code == 1);  // no such widget
    auto followup = kiosk_with_speech("on-request");
    CHECK(followup.script("tap rating.5\nexpect-screen followup\ntap a11y.listen\n").exit_code == 1);
}

TEST_CASE("the staff screen says how many clips are missing", "[speech][ui][admin]") {
    auto shoot = [](const std::string& mode, bool all_th_clips, const std::string& name) {
        auto k = kiosk_with_speech(mode);
        {
            store::Store s(k.db);
            store::set_admin_pin(s, "482915", "test");
        }
        if (all_th_clips) {
            const auto list = run({FEEDBACK_KIOSK_BIN, "audio", "list", "--language", "th", "--db", k.db}, k.env);
            for (const auto& line : lines_of(list.out)) {
                const auto id = line.substr(3, line.find('\t', 3) - 3);
                speech::write_wav_atomically(k / "audio" / "th" / (id + ".wav"), sine(440, 50));
            }
        }
        const auto file = std::filesystem::temp_directory_path() / ("speech-admin-" + name + ".png");
        const auto r = k.script("press admin.corner 3000\ntap pin.4\ntap pin.8\ntap pin.2\ntap pin.9\ntap pin.1\n"
                                "tap pin.5\ntap pin.ok\nexpect-screen admin\ncheck-layout admin\nscreenshot " +
                                file.string() + "\n");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return file;
    };
    const auto off = shoot("off", false, "off");
    const auto missing = shoot("on-request", false, "missing");
    const auto recorded = shoot("on-request", true, "recorded");
    // The line is drawn when speech is on, and its Thai count changes when the clips exist.
    CHECK(differing_pixels(off, missing) > 500);
    CHECK(differing_pixels(missing, recorded) > 20);
    CHECK(differing_pixels(missing, recorded) < differing_pixels(off, missing));
    for (const auto& f : {off, missing, recorded}) std::filesystem::remove(f);
}
