// Connects the session state machine (core) to the database (store) without either knowing
// the other: the session hands entries to an EntrySink; this one makes them durable.
#pragma once

#include <string>

#include "core/session.h"
#include "store/store.h"

namespace feedback::app {

class StoreSink : public core::EntrySink {
public:
    // device_code: this kiosk's complaint reference prefix (device.code or its derived default).
    StoreSink(store::Store& store, std::string device_code) : store_(store), device_code_(std::move(device_code)) {}
    void add(const core::Entry& entry) override { store_.add_entry(entry); }
    void update(const core::Entry& entry) override;
    void close(const core::Entry& entry) override;
    void add_complaint(const core::Entry& entry, const core::Complaint& complaint) override {
        store_.add_complaint(entry, complaint);
    }
    void update_complaint(const core::Entry& entry, const core::Complaint& complaint) override;
    core::Complaint close_complaint(const core::Entry& entry, const core::Complaint& complaint, bool assign_reference,
                                    std::int64_t now_ms) override;

private:
    store::Store& store_;
    std::string device_code_;
};

}  // namespace feedback::app
