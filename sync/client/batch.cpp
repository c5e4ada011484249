// See batch.h.
#include "batch.h"

#include <unordered_map>

#include "core/clock.h"
#include "protocol/entry_wire.h"

namespace feedback::sync {

protocol::WireEntry to_wire(const store::OutgoingEntry& out) {
    protocol::WireEntry w = protocol::to_wire(out.entry);
    if (out.complaint) {
        const auto& c = *out.complaint;
        w.complaint = protocol::WireComplaint{c.category,    c.occurred,     c.service_point,
                                              c.description, c.anonymous,    c.contact_name,
                                              c.contact_phone, c.reference,  c.sensitive,
                                              c.tracking_key};
    }
    return w;
}

protocol::Batch make_batch(const std::vector<store::OutgoingEntry>& entries, std::string batch_id,
                           std::string device_id, std::string app_version, std::string sent_utc) {
    protocol::Batch b;
    b.version = protocol::kVersion;
    b.batch_id = std::move(batch_id);
    b.device_id = std::move(device_id);
    b.app_version = std::move(app_version);
    b.sent_utc = std::move(sent_utc);
    b.entries.reserve(entries.size());
    for (const auto& e : entries) b.entries.push_back(to_wire(e));
    return b;
}

ResultMapping map_results(const std::vector<store::OutgoingEntry>& entries,
                          const protocol::BatchResponse& response) {
    std::unordered_map<std::string_view, const protocol::Ack*> acks;
    acks.reserve(response.results.size());
    for (const auto& ack : response.results) acks.emplace(ack.id, &ack);

    ResultMapping m;
    m.results.reserve(entries.size());
    std::size_t matched = 0;
    for (const auto& e : entries) {
        const auto it = acks.find(e.entry.id);
        if (it == acks.end()) {
            m.results.push_back(store::EntryResult::not_acknowledged(e.seq));
            ++m.not_acknowledged;
            continue;
        }
        ++matched;
        const protocol::Ack& ack = *it->second;
        if (ack.status == protocol::AckStatus::Rejected) {
            m.results.push_back(store::EntryResult::rejected(
                e.seq, ack.reason.empty() ? std::string("rejected without a reason") : ack.reason));
            ++m.rejected;
        } else {
            m.results.push_back(store::EntryResult::sent(e.seq));
            ++m.sent;
        }
    }
    m.unknown_ids = acks.size() - matched;
    return m;
}

}  // namespace feedback::sync
