// The complaint state machine (see case_status.h for the order and why it is a table).
#include "case_status.h"

#include <array>

#include "common/text.h"

namespace feedback::console {
namespace {

constexpr std::array<Transition, 4> kTransitions{{
    {"accept", "new", "accepted"},
    {"start", "accepted", "in_progress"},
    {"resolve", "in_progress", "resolved"},
    {"refer", "in_progress", "referred"},
}};

bool blank(std::string_view text) { return common::trim(text, " \t\r\n").empty(); }

}  // namespace

std::vector<Transition> next_actions(std::string_view status) {
    std::vector<Transition> out;
    for (const auto& t : kTransitions)
        if (t.from == status) out.push_back(t);
    return out;
}

std::optional<Transition> transition_for(std::string_view status, std::string_view action) {
    for (const auto& t : kTransitions)
        if (t.from == status && t.action == action) return t;
    return std::nullopt;
}

std::string change_problem(std::string_view status, std::string_view action, std::string_view public_response,
                           std::string_view referred_to) {
    if (!transition_for(status, action)) return "order";
    if (blank(public_response)) return "response";
    if (action == "refer" && blank(referred_to)) return "referred_to";
    return "";
}

bool is_status(std::string_view status) {
    return status == "new" || status == "accepted" || status == "in_progress" || status == "resolved" ||
           status == "referred";
}

bool is_closed(std::string_view status) { return status == "resolved" || status == "referred"; }

}  // namespace feedback::console
