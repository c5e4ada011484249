// Issue 16, item 5: the very-satisfied face looks happy (its brows are raised arcs, not the
// worried inner-raised slant), and the staff screen's sync errors read in the screen's language.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/faces.h"
#include "ui/staff_messages.h"
#include "ui/strings.h"
#include "ui/theme.h"

using namespace feedback::ui;

namespace {

struct ImGuiContextFixture {
    ImGuiContextFixture() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(400, 400);
        io.DeltaTime = 1.0f / 60.0f;
        io.Fonts->AddFontDefault();
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~ImGuiContextFixture() { ImGui::DestroyContext(); }
    ImGuiContextFixture(const ImGuiContextFixture&) = delete;
    ImGuiContextFixture& operator=(const ImGuiContextFixture&) = delete;
};

// The ink vertices of the left eyebrow of a face drawn at (200, 200) with radius 100: above the
// eye (eye centre at y = 178, radius 9) and well inside the outline.
std::vector<ImVec2> left_brow(int level) {
    ImGuiContextFixture context;
    ImGui::NewFrame();
    ImDrawList& list = *ImGui::GetBackgroundDrawList();
    const Palette& colors = palette(false);
    draw_face(list, {200, 200}, 100, level, colors, false);
    std::vector<ImVec2> out;
    for (const ImDrawVert& v : list.VtxBuffer) {
        const float dx = v.pos.x - 200, dy = v.pos.y - 200;
        if (v.col == colors.face_ink && v.pos.x < 200 && v.pos.y < 178 - 12 && std::sqrt(dx * dx + dy * dy) < 85)
            out.push_back(v.pos);
    }
    ImGui::Render();
    return out;
}

}  // namespace

TEST_CASE("the very-satisfied face has raised, relaxed brows: highest in the middle, ends level", "[faces][issue16]") {
    const auto brow = left_brow(5);
    REQUIRE(brow.size() >= 4);
    const auto [min_x, max_x] = std::minmax_element(brow.begin(), brow.end(), [](ImVec2 a, ImVec2 b) { return a.x < b.x; });
    const auto top = std::min_element(brow.begin(), brow.end(), [](ImVec2 a, ImVec2 b) { return a.y < b.y; });
    const float width = max_x->x - min_x->x;
    // The highest point is in the middle third, not at the inner (right-hand) end.
    CHECK(top->x > min_x->x + width / 3);
    CHECK(top->x < max_x->x - width / 3);
    // And the inner end is not raised above the outer end (that reads as worry).
    CHECK(max_x->y >= min_x->y - 1.0f);
}

TEST_CASE("the very-dissatisfied face keeps its brows slanted down to the middle", "[faces][issue16]") {
    const auto brow = left_brow(1);
    REQUIRE_FALSE(brow.empty());
    const auto [min_x, max_x] = std::minmax_element(brow.begin(), brow.end(), [](ImVec2 a, ImVec2 b) { return a.x < b.x; });
    CHECK(max_x->y > min_x->y);  // the inner end lower: a frown
}

TEST_CASE("sync errors on the staff screen read in the screen's language, the raw text kept", "[staff][issue16]") {
    const std::string curl = "network: Couldn't connect to server: Failed to connect to 10.0.0.5 port 443: Connection refused";
    const auto th = describe_sync_error(curl, "th");
    CHECK(th.headline == strings::kSyncErrorConnect.th);
    CHECK(th.detail == curl);
    CHECK(describe_sync_error(curl, "en").headline == strings::kSyncErrorConnect.en);
    CHECK(describe_sync_error("network: Couldn't resolve host name: Could not resolve host: x", "th").headline ==
          strings::kSyncErrorDns.th);
    CHECK(describe_sync_error("network: Timeout was reached: Connection timed out after 10001 ms", "th").headline ==
          strings::kSyncErrorTimeout.th);
    CHECK(describe_sync_error("TLS: SSL peer certificate or SSH remote key was not OK", "th").headline ==
          strings::kSyncErrorTls.th);
    CHECK(describe_sync_error("HTTP 503 from the collector", "th").headline == strings::kSyncErrorServer.th);
    CHECK(describe_sync_error("HTTP 401 from the collector", "th").headline == strings::kAdminAuthAlert.th);
    CHECK(describe_sync_error("HTTP 413 from the collector (too large)", "en").headline == strings::kSyncErrorRefused.en);
    CHECK(describe_sync_error("malformed reply (HTTP 200, not JSON)", "th").headline == strings::kSyncErrorReply.th);
    CHECK(describe_sync_error("something new", "th").headline == strings::kSyncErrorOther.th);
    // No Thai headline is left in English.
    for (const auto* text : {&strings::kSyncErrorConnect, &strings::kSyncErrorDns, &strings::kSyncErrorTls,
                             &strings::kSyncErrorOther})
        CHECK(std::string(text->th).find("connect") == std::string::npos);
}

TEST_CASE("the office's name goes where the screens named \"the office\"", "[strings][issue16]") {
    CHECK(with_office_name(strings::kComplaintReceived.th, "อบต.ดงมูลเหล็ก") == "อบต.ดงมูลเหล็ก ได้รับเรื่องร้องเรียนของท่านแล้ว");
    CHECK(with_office_name(strings::kContactChoiceTitle.en, "Dong Mun Lek SAO") ==
          "Would you like Dong Mun Lek SAO to contact you?");
    for (const auto& s : all_chrome_strings()) CHECK(s.find("สำนักงาน") == std::string::npos);
}
