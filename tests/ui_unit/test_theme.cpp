// Colours and sizes the screens promise: 7:1 text contrast in both themes, physical sizes from
// DPI and scale.
#include <catch2/catch.hpp>

#include "ui/theme.h"

using namespace feedback::ui;

TEST_CASE("every text colour has at least 7:1 contrast on its background, in both themes", "[theme]") {
    for (bool high_contrast : {false, true}) {
        const Palette& p = palette(high_contrast);
        INFO((high_contrast ? "high contrast" : "normal"));
        CHECK(contrast_ratio(p.text, p.background) >= 7.0);
        CHECK(contrast_ratio(p.text, p.surface) >= 7.0);
        CHECK(contrast_ratio(p.muted_text, p.background) >= 7.0);
        CHECK(contrast_ratio(p.on_primary, p.primary) >= 7.0);
        CHECK(contrast_ratio(p.on_selected, p.selected) >= 7.0);
        CHECK(contrast_ratio(p.on_warning, p.warning_bg) >= 7.0);
        CHECK(contrast_ratio(p.error_text, p.background) >= 7.0);
        for (ImU32 face : p.face) CHECK(contrast_ratio(p.face_ink, face) >= 7.0);
    }
}

TEST_CASE("contrast ratio matches WCAG reference values", "[theme]") {
    CHECK(contrast_ratio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == Approx(21.0));
    CHECK(contrast_ratio(IM_COL32(255, 255, 255, 255), IM_COL32(255, 255, 255, 255)) == Approx(1.0));
    // #777777 on white is the classic 4.48:1.
    CHECK(contrast_ratio(IM_COL32(0x77, 0x77, 0x77, 255), IM_COL32(255, 255, 255, 255)) == Approx(4.48).epsilon(0.01));
}

TEST_CASE("sizes follow the display's DPI and the scale setting", "[theme]") {
    const auto m = Metrics::from(160.0f, 1.0f, 1920, 1200);
    CHECK(m.mm(25.4f) == Approx(160.0f));
    CHECK(Metrics::from(160.0f, 1.5f, 1920, 1200).mm(25.4f) == Approx(240.0f));
    CHECK(Metrics::from(0.0f, 1.0f, 1366, 768).mm(25.4f) == Approx(96.0f));  // unknown DPI
    CHECK(Metrics::from(96.0f, 1.0f, 1080, 1920).portrait());
}
