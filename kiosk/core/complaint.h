// A complaint about unfair or improper service (DESIGN.md §3 step 6): the details that travel
// with an entry of kind "complaint".
//
// Contact details are personal data under the PDPA: they exist only when the visitor chose to
// leave them after reading the notice, are never logged, and are erased from the kiosk a set
// number of days after the collector acknowledged the complaint (the complaint itself stays).
#pragma once

#include <optional>
#include <string>

namespace feedback::core {

struct Complaint {
    std::string category;       // survey complaint-category id
    std::string occurred;       // when it happened, as chosen on screen (ISO date or ""), optional
    std::string service_point;  // survey service-point id, optional
    std::string description;    // logical UTF-8: chips joined and/or typed text
    bool anonymous = true;
    std::string contact_name;   // empty when anonymous (or erased)
    std::string contact_phone;  // normalised digits, e.g. "0812345678"
    std::string reference;      // readable reference number shown to the visitor
    bool sensitive = false;     // e.g. bribery: counts only on the kiosk's admin screen
    // Random secret given with the reference (issue 18), so that only the visitor can open the
    // public tracking page: the reference alone is guessable (kiosk code, date, sequence).
    std::string tracking_key;
    bool operator==(const Complaint&) const = default;
};

}  // namespace feedback::core
