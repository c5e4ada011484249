// `doctor`'s check that the kiosk session's video path can open a window.
//
// Why a child process: the check must open a real window the way `run` does (the presentation
// paths, SDL, Mesa, Xwayland), and none of that belongs in doctor's own process — it links no
// SDL, and a crash inside a video driver must become a FAIL line, not a crashed doctor. The
// child is `feedback-kiosk display-check`, which never opens the database.
//
// Where it looks: in the display doctor runs under (a desktop's DISPLAY / WAYLAND_DISPLAY), or,
// when there is none (IT over ssh, the usual case on a counter PC), inside the session's own
// compositor, `cage`, started with a headless output in a private runtime directory — so the
// check proves the same compositor + Xwayland + SDL path the kiosk session uses, without
// touching the screen the visitors see.
#pragma once

#include <string>

namespace feedback::app {

struct DisplayProbe {
    enum class Outcome { Opened, Failed, NotChecked } outcome = Outcome::NotChecked;
    std::string where;   // "under cage with a headless output", "on this desktop's display"
    std::string detail;  // the path used, or what failed, or why nothing was checked
};

DisplayProbe probe_session_display(const std::string& config_file);

}  // namespace feedback::app
