#include "app/store_sink.h"

#include <stdexcept>

#include "core/clock.h"

namespace feedback::app {

void StoreSink::update(const core::Entry& entry) {
    // update_entry refuses closed entries; for the session that means its entry was closed
    // behind its back (e.g. by another process at start) — an error to show, not to ignore.
    if (!store_.update_entry(entry)) throw std::runtime_error("entry " + entry.id + " is no longer open");
}

void StoreSink::close(const core::Entry& entry) {
    core::Entry closed = entry;
    closed.state = core::SessionState::Closed;
    update(closed);
}

void StoreSink::update_complaint(const core::Entry& entry, const core::Complaint& complaint) {
    if (!store_.update_complaint(entry, complaint))
        throw std::runtime_error("complaint " + entry.id + " is no longer open");
}

core::Complaint StoreSink::close_complaint(const core::Entry& entry, const core::Complaint& complaint,
                                           bool assign_reference, std::int64_t now_ms) {
    // The reference carries the kiosk's local date: the day the visitor will remember.
    const auto local_date = core::local_date_of(now_ms, core::local_offset_min(now_ms));
    return store_.close_complaint(entry, complaint, assign_reference ? device_code_ : std::string(), local_date);
}

}  // namespace feedback::app
