// The presentation record, stored as a small JSON object in the settings table under
// "display.presentation" (kiosk/store/SCHEMA.md). JSON rather than several keys so that one
// write replaces the whole record: a reader never sees the path of one start beside the
// renderer of another.
#include "app/presentation_record.h"

#include <nlohmann/json.hpp>

namespace feedback::app {
namespace {
constexpr const char* kKey = "display.presentation";
}

void save_presentation_record(store::Store& store, const PresentationRecord& record) {
    const nlohmann::json json = {{"path", record.path},       {"description", record.description},
                                 {"renderer", record.renderer}, {"passed_over", record.passed_over},
                                 {"failure", record.failure},   {"since_utc", record.since_utc}};
    store.set_setting(kKey, json.dump());
}

std::optional<PresentationRecord> load_presentation_record(store::Store& store) {
    const auto text = store.setting(kKey);
    if (!text) return std::nullopt;
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) return std::nullopt;
    PresentationRecord record;
    record.path = json.value("path", "");
    record.description = json.value("description", "");
    record.renderer = json.value("renderer", "");
    record.passed_over = json.value("passed_over", std::vector<std::string>{});
    record.failure = json.value("failure", "");
    record.since_utc = json.value("since_utc", "");
    return record;
}

std::string summary_line(const PresentationRecord& record) {
    if (record.path.empty()) return "no window could open (" + record.failure + "), at " + record.since_utc;
    std::string line = record.path + " — renderer " + record.renderer + ", since " + record.since_utc;
    for (std::size_t i = 0; i < record.passed_over.size(); ++i)
        line += (i ? ", " : "; passed over ") + record.passed_over[i];
    return line;
}

}  // namespace feedback::app
