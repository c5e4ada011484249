// One class per screen (ImHex-style): draw() reads the session and the canvas's taps and issues
// session commands. Views hold no visitor data of their own — everything a visitor entered
// lives in core::Session, so an idle reset there leaves no trace on any screen.
#pragma once

#include <cstdint>
#include <string>

#include "core/session.h"
#include "ui/canvas.h"
#include "ui/keyboard.h"

namespace feedback::ui {

struct OfficeInfo {
    std::string name_th;
    std::string name_en;
};

struct ViewContext {
    Canvas& canvas;
    core::Session& session;
    std::int64_t now_ms;
    const OfficeInfo& office;
    const std::string& lang() const { return session.language(); }
};

// The strip at the top of most screens: office name, language and accessibility toggles.
float draw_top_bar(ViewContext& ctx, bool with_accessibility);

class WelcomeView {
public:
    void draw(ViewContext& ctx);
};

class FollowUpView {
public:
    void draw(ViewContext& ctx);
};

class CommentView {
public:
    void draw(ViewContext& ctx, Keyboard& keyboard);
};

class ThankYouView {
public:
    void draw(ViewContext& ctx);
};

class ComplaintView {
public:
    void draw(ViewContext& ctx);
};

class IdleOverlay {
public:
    void draw(ViewContext& ctx);
};

}  // namespace feedback::ui
