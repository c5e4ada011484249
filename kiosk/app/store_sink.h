// Connects the session state machine (core) to the database (store) without either knowing
// the other: the session hands entries to an EntrySink; this one makes them durable.
#pragma once

#include "core/session.h"
#include "store/store.h"

namespace feedback::app {

class StoreSink : public core::EntrySink {
public:
    explicit StoreSink(store::Store& store) : store_(store) {}
    void add(const core::Entry& entry) override { store_.add_entry(entry); }
    void update(const core::Entry& entry) override;
    void close(const core::Entry& entry) override;

private:
    store::Store& store_;
};

}  // namespace feedback::app
