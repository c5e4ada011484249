// Issue 16, item 5: the thank-you screen shows the QR code of office.channels_url (ITA measure
// 12, decoded from a screenshot with zbarimg) and the office logo from office.logo (found by
// its colour in the screenshot); a missing or damaged logo is reported and never stops the
// kiosk. The office's name replaces a generic "the office" on the complaint's last screen.
#include <catch2/catch.hpp>
#include <stb_image_write.h>

#include <fstream>
#include <string>
#include <vector>

#include "kiosk_fixture.h"
#include "png_image.h"
#include "process.h"
#include "store/store.h"

using namespace feedback;
using feedback::testing::Image;
using feedback::testing::load_png;
using feedback::testing::run;

namespace {

using Kiosk = testing::ScriptedKiosk;

std::string decode_qr(const std::filesystem::path& png) {
    const auto r = run({"/usr/bin/zbarimg", "--quiet", "--raw", png.string()});
    REQUIRE(r.exit_code == 0);
    std::string text = r.out;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

// A 120×60 logo of one colour no screen uses.
constexpr unsigned char kLogo[3] = {201, 31, 122};
void write_logo(const std::filesystem::path& file) {
    std::vector<unsigned char> rgba;
    for (int i = 0; i < 120 * 60; ++i) rgba.insert(rgba.end(), {kLogo[0], kLogo[1], kLogo[2], 255});
    REQUIRE(stbi_write_png(file.c_str(), 120, 60, 4, rgba.data(), 120 * 4) != 0);
}

std::size_t logo_pixels(const Image& img) {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 3 < img.rgba.size(); i += 4)
        if (img.rgba[i] == kLogo[0] && img.rgba[i + 1] == kLogo[1] && img.rgba[i + 2] == kLogo[2]) ++n;
    return n;
}

const std::string kToThankYou = "tap rating.5\ntap followup.done\nexpect-screen thankyou\n";

}  // namespace

TEST_CASE("thank-you: the channels QR code and the office logo, in Thai and English", "[ui][thankyou]") {
    Kiosk kiosk;
    write_logo(kiosk / "logo.png");
    kiosk.env.push_back("FEEDBACK_OFFICE_CHANNELS_URL=https://lin.ee/AbCdEfG");
    kiosk.env.push_back("FEEDBACK_OFFICE_LOGO=" + (kiosk / "logo.png").string());
    const auto r = kiosk.script(kToThankYou + kiosk.shot("th.png") + "tap thanks.done\ntap lang.en\n" + kToThankYou +
                                kiosk.shot("en.png"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* shot : {"th.png", "en.png"}) {
        CHECK(decode_qr(kiosk / shot) == "https://lin.ee/AbCdEfG");
        CHECK(logo_pixels(load_png(kiosk / shot)) > 1000);  // drawn, not a stray pixel
    }
    CHECK(r.err.find("without a logo") == std::string::npos);  // a good logo draws no warning
}

TEST_CASE("thank-you without a channels URL or logo shows neither", "[ui][thankyou]") {
    Kiosk kiosk;
    const auto r = kiosk.script(kToThankYou + kiosk.shot("plain.png"));
    REQUIRE(r.exit_code == 0);
    CHECK(logo_pixels(load_png(kiosk / "plain.png")) == 0);
    CHECK(run({"/usr/bin/zbarimg", "--quiet", "--raw", (kiosk / "plain.png").string()}).exit_code != 0);
}

TEST_CASE("a damaged or missing logo is reported and the kiosk runs on without it", "[ui][thankyou]") {
    for (const std::string name : {"damaged.png", "truncated.png", "missing.png", "huge.png"}) {
        Kiosk kiosk;
        const auto file = kiosk / name;
        if (name == "damaged.png") {
            std::ofstream(file, std::ios::binary) << "\x89PNG\r\n\x1a\nnot really a PNG";
        } else if (name == "truncated.png") {
            write_logo(file);
            std::filesystem::resize_file(file, 60);
        } else if (name == "huge.png") {
            // A valid header claiming 100000 × 100000 pixels: refused before any pixel is allocated.
            const unsigned char header[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                            0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 6, 0, 0, 0, 0, 0, 0, 0};
            std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(header), sizeof header);
        }
        kiosk.env.push_back("FEEDBACK_OFFICE_LOGO=" + file.string());
        kiosk.env.push_back("FEEDBACK_OFFICE_CHANNELS_URL=https://example.go.th/line");
        const auto r = kiosk.script(kToThankYou + kiosk.shot("shot.png"));
        INFO(name << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.err, Catch::Contains("office.logo " + file.string()));
        CHECK_THAT(r.err, Catch::Contains("without a logo"));
        CHECK(decode_qr(kiosk / "shot.png") == "https://example.go.th/line");  // the rest of the screen is there
        const auto doctor = run({FEEDBACK_KIOSK_BIN, "doctor", "--db", kiosk.db}, kiosk.env);
        CHECK_THAT(doctor.out, Catch::Contains("warning  logo"));
    }
}
