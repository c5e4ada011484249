// Keys from a USB keypad or keyboard, as the screens understand them (issue 21; ui/focus.h).
//
// Why apart from the window: the scripted driver's `key <name>` turns a name into the very SDL
// key event a keypad sends, and that event then takes the same path as a real one — so the
// names and the SDL keys live in one table here.
#pragma once

#include <SDL.h>

#include <optional>
#include <string>

#include "ui/focus.h"

namespace feedback::app {

// What a key does on the screens, or nothing (a letter on a keyboard: the on-screen keyboard
// is the way to type). Digits from the top row and the numeric keypad are the same.
std::optional<ui::KeyPress> key_press(SDL_Keycode key, Uint16 mod);

// The SDL key and modifiers for a name of ui::key_names() (`key Shift+Tab`), if known.
std::optional<SDL_Keysym> keysym_for(const std::string& name);

}  // namespace feedback::app
