#include "app/key_input.h"

namespace feedback::app {

std::optional<ui::KeyPress> key_press(SDL_Keycode key, Uint16 mod) {
    using ui::Key;
    if (key >= SDLK_0 && key <= SDLK_9) {
        // Shift+8 is * on a US keyboard's top row.
        if (key == SDLK_8 && (mod & KMOD_SHIFT)) return ui::KeyPress{Key::Star, 0};
        return ui::KeyPress{Key::Digit, static_cast<int>(key - SDLK_0)};
    }
    if (key >= SDLK_KP_1 && key <= SDLK_KP_9) return ui::KeyPress{Key::Digit, static_cast<int>(key - SDLK_KP_1) + 1};
    switch (key) {
        case SDLK_KP_0: return ui::KeyPress{Key::Digit, 0};
        case SDLK_ASTERISK:
        case SDLK_KP_MULTIPLY: return ui::KeyPress{Key::Star, 0};
        case SDLK_TAB: return ui::KeyPress{(mod & KMOD_SHIFT) ? Key::BackTab : Key::Tab, 0};
        case SDLK_RETURN:
        case SDLK_RETURN2:
        case SDLK_KP_ENTER:
        case SDLK_SPACE: return ui::KeyPress{Key::Enter, 0};
        case SDLK_ESCAPE:
        case SDLK_AC_BACK: return ui::KeyPress{Key::Escape, 0};
        case SDLK_UP: return ui::KeyPress{Key::Up, 0};
        case SDLK_DOWN: return ui::KeyPress{Key::Down, 0};
        case SDLK_LEFT: return ui::KeyPress{Key::Left, 0};
        case SDLK_RIGHT: return ui::KeyPress{Key::Right, 0};
        default: return std::nullopt;
    }
}

std::optional<SDL_Keysym> keysym_for(const std::string& name) {
    SDL_Keysym k{};
    k.mod = KMOD_NONE;
    if (name.size() == 1 && name[0] >= '0' && name[0] <= '9') {
        k.sym = SDLK_0 + (name[0] - '0');
    } else if (name.size() == 4 && name.rfind("KP_", 0) == 0 && name[3] >= '0' && name[3] <= '9') {
        k.sym = name[3] == '0' ? SDLK_KP_0 : SDLK_KP_1 + (name[3] - '1');
    } else if (name == "Return") {
        k.sym = SDLK_RETURN;
    } else if (name == "KP_Enter") {
        k.sym = SDLK_KP_ENTER;
    } else if (name == "Tab") {
        k.sym = SDLK_TAB;
    } else if (name == "Shift+Tab") {
        k.sym = SDLK_TAB;
        k.mod = KMOD_LSHIFT;
    } else if (name == "Up") {
        k.sym = SDLK_UP;
    } else if (name == "Down") {
        k.sym = SDLK_DOWN;
    } else if (name == "Left") {
        k.sym = SDLK_LEFT;
    } else if (name == "Right") {
        k.sym = SDLK_RIGHT;
    } else if (name == "Escape") {
        k.sym = SDLK_ESCAPE;
    } else if (name == "asterisk") {
        k.sym = SDLK_ASTERISK;
    } else if (name == "KP_Multiply") {
        k.sym = SDLK_KP_MULTIPLY;
    } else {
        return std::nullopt;
    }
    k.scancode = SDL_GetScancodeFromKey(k.sym);
    return k;
}

}  // namespace feedback::app
