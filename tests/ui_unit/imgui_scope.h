// An ImGui context for the length of a test case: the font atlas lives in its IO, so loading
// fonts needs one, and each case starts from an empty atlas.
#pragma once

#include <imgui.h>

namespace feedback::testing {

struct ImGuiScope {
    ImGuiScope() { ImGui::CreateContext(); }
    ~ImGuiScope() { ImGui::DestroyContext(); }
    ImGuiScope(const ImGuiScope&) = delete;
    ImGuiScope& operator=(const ImGuiScope&) = delete;
};

}  // namespace feedback::testing
