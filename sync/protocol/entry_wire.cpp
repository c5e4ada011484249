// See entry_wire.h.
#include "protocol/entry_wire.h"

#include "core/clock.h"

namespace feedback::protocol {

WireEntry to_wire(const core::Entry& e) {
    WireEntry w;
    w.id = e.id;
    w.kind = std::string(core::to_string(e.kind));
    w.created_utc = core::format_iso_utc(e.created_utc_ms);
    w.utc_offset_min = e.utc_offset_min;
    w.device_id = e.device_id;
    w.service_point = e.service_point;
    w.rating = e.rating;
    w.dimensions = e.dimensions;
    w.reasons = e.reasons;
    w.profile = e.profile;
    w.comment = e.comment;
    w.language = e.language;
    w.misuse = e.misuse;
    w.survey_version = e.survey_version;
    w.channel = e.channel;
    return w;
}

}  // namespace feedback::protocol
