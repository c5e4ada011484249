// `feedback-kiosk text shape` and `text check-font`: the tools IT uses to see what the kiosk
// draws and to validate a font before setting display.font.
#include <catch2/catch.hpp>

#include "process.h"
#include "temp_dir.h"

using feedback::testing::run;

TEST_CASE("text shape prints display code points per line", "[cli][text]") {
    const std::string kiosk = FEEDBACK_KIOSK_BIN;
    const auto r = run({"/bin/sh", "-c", "printf 'ก่\\n\\nน้ำใจ\\nOK\\n' | '" + kiosk + "' text shape"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "0E01 F70A\n\n0E19 0E4D 0E49 0E32 0E43 0E08\n004F 004B\n");
}

TEST_CASE("text shape names the line with invalid UTF-8", "[cli][text]") {
    const std::string kiosk = FEEDBACK_KIOSK_BIN;
    const auto r = run({"/bin/sh", "-c", "printf 'ก\\n\\377\\n' | '" + kiosk + "' text shape"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("line 2"));
}

TEST_CASE("text check-font accepts Laksaman and refuses a monospace font and a non-font", "[cli][text]") {
    const std::string kiosk = FEEDBACK_KIOSK_BIN;
    const auto good = run({kiosk, "text", "check-font", "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"});
    CHECK(good.exit_code == 0);
    CHECK_THAT(good.out, Catch::Contains("Laksaman"));
    const auto mono = run({kiosk, "text", "check-font", "/usr/share/fonts/truetype/tlwg/TlwgMono.ttf"});
    CHECK(mono.exit_code == 1);
    CHECK_THAT(mono.out + mono.err, Catch::Contains("width"));
    feedback::testing::TempDir dir;
    feedback::testing::write_file(dir / "fake.ttf", "not a font");
    const auto fake = run({kiosk, "text", "check-font", (dir / "fake.ttf").string()});
    CHECK(fake.exit_code == 1);
    CHECK(fake.signal == 0);
}
