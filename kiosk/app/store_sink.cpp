#include "app/store_sink.h"

#include <stdexcept>

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

}  // namespace feedback::app
