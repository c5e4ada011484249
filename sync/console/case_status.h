// The order a complaint is handled in (issue 18), enforced on the server:
//
//   new --accept--> accepted --start--> in_progress --resolve--> resolved
//                                                    \--refer---> referred (naming to whom)
//
// Why a table of transitions rather than checks scattered over the pages: the case page shows
// only the buttons next_actions() allows, and the POST handler asks the same function, so a
// form replayed out of order (or hand-made) is refused with the same rule the page was built
// from. Each change needs a public response (what the visitor will read on the tracking page);
// the internal note is optional and never leaves the console.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::console {

struct Transition {
    std::string_view action;  // accept | start | resolve | refer (form value)
    std::string_view from;
    std::string_view to;
};

// The actions allowed from `status`, in the order the page shows them.
std::vector<Transition> next_actions(std::string_view status);

// The transition `action` makes from `status`, if it is allowed.
std::optional<Transition> transition_for(std::string_view status, std::string_view action);

// Why a change cannot be made ("" when it can), as a key the pages translate:
// "order" (not allowed from this status), "response" (no public response), "referred_to".
std::string change_problem(std::string_view status, std::string_view action, std::string_view public_response,
                           std::string_view referred_to);

bool is_status(std::string_view status);
bool is_closed(std::string_view status);  // resolved or referred

}  // namespace feedback::console
