// Which presentation path the kiosk window uses, remembered in the database's settings so that
// the programs that do not open a window — `status`, `doctor`, and the staff screen's backend —
// can tell IT how the screen is drawn (and, when nothing could open, why the screen is black).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace feedback::app {

struct PresentationRecord {
    std::string path;                      // e.g. "x11"; "" when no path opened
    std::string description;               // the path in words
    std::string renderer;                  // SDL's renderer name (and GL's, if any)
    std::vector<std::string> passed_over;  // paths tried before it: "id: why"
    std::string failure;                   // when no path opened: why, else ""
    std::string since_utc;                 // ISO 8601 UTC time the window opened (or failed)
};

void save_presentation_record(store::Store& store, const PresentationRecord& record);

// nullopt when no kiosk window has run on this database yet (or the record is unreadable).
std::optional<PresentationRecord> load_presentation_record(store::Store& store);

// One line for people: "x11 — renderer software, since …; passed over wayland-gpu: …".
std::string summary_line(const PresentationRecord& record);

}  // namespace feedback::app
