// The program side of the staff screens (ui::AdminActions): PIN check, dashboard figures,
// USB export and leaving kiosk mode — with the store, the report and the file system. Every
// action is written to the audit log.
#pragma once

#include <atomic>
#include <filesystem>
#include <vector>

#include "app/context.h"
#include "ui/admin_actions.h"

namespace feedback::app {

class AdminBackend : public ui::AdminActions {
public:
    AdminBackend(const Context& context, store::Store& store) : context_(context), store_(store) {}

    ui::PinOutcome check_pin(const std::string& pin, core::Instant now) override;
    ui::AdminSummary summary(const std::string& language, core::Instant now) override;
    std::string export_to_usb(const std::string& format, const std::string& language, core::Instant now) override;
    void exit_kiosk() override;

    bool exit_requested() const { return exit_requested_; }

    // The first writable mount point under the configured roots (admin.usb_roots): removable
    // drives appear as /media/<user>/<label> or /run/media/<user>/<label>.
    static std::filesystem::path find_usb_drive(const std::string& roots);

private:
    const Context& context_;
    store::Store& store_;
    bool exit_requested_ = false;
};

}  // namespace feedback::app
