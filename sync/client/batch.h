// Between the outbox and the wire: store rows -> a protocol::Batch, and the collector's
// acknowledgements -> per-entry results for the outbox.
//
// Why a separate, pure file: the mapping decides what "sent" means for every entry (accepted
// and duplicate are sent, rejected is kept with its reason, an entry the reply does not mention
// stays pending), which is the heart of "no gap, no duplicate, nothing dropped". It is tested
// on its own, without a network.
#pragma once

#include <string>
#include <vector>

#include "protocol/protocol.h"
#include "store/outbox.h"

namespace feedback::sync {

protocol::WireEntry to_wire(const store::OutgoingEntry& entry);

protocol::Batch make_batch(const std::vector<store::OutgoingEntry>& entries, std::string batch_id,
                           std::string device_id, std::string app_version, std::string sent_utc);

struct ResultMapping {
    std::vector<store::EntryResult> results;  // one per entry of the batch, in batch order
    std::size_t sent = 0;
    std::size_t rejected = 0;
    std::size_t not_acknowledged = 0;
    std::size_t unknown_ids = 0;  // acknowledgements for ids that were not in the batch (ignored)
};

ResultMapping map_results(const std::vector<store::OutgoingEntry>& entries,
                          const protocol::BatchResponse& response);

}  // namespace feedback::sync
