// `feedback-kiosk set-pin`: sets the staff PIN non-interactively (stdin or --pin-file), so IT
// can provision many kiosks from a script. The PIN is never echoed, logged or stored in clear.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/commands.h"
#include "store/admin_pin.h"

namespace feedback::app {

int set_pin_command(const Context& context, const SetPinOptions& options) {
    std::string pin;
    if (!options.pin_file.empty()) {
        std::ifstream in(options.pin_file);
        std::getline(in, pin);
    } else {
        std::getline(std::cin, pin);
    }
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == '\n' || pin.back() == ' ')) pin.pop_back();
    auto store = open_store(context);
    try {
        store::set_admin_pin(*store, pin, "cli");
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("set-pin: ") + e.what());
    }
    std::printf("staff PIN set\n");
    return kExitOk;
}

}  // namespace feedback::app
