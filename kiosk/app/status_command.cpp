// `feedback-kiosk status [--json]`: what is in the database and what still waits for sync.
// The JSON form is a contract for monitoring scripts (documented in README.md); add fields,
// never rename or remove them.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/presentation_record.h"
#include "core/clock.h"
#include "store/outbox.h"

namespace feedback::app {

int status_command(const Context& context, const StatusOptions& options) {
    auto store = open_store(context);
    const auto st = store->status();
    const auto now = core::now_utc_ms();
    std::optional<std::int64_t> oldest_age_s;
    // Never negative (issue 14, defect 6): an entry stored while the clock ran fast, then
    // corrected, is pending since "now", not since the future.
    if (st.oldest_pending_utc_ms) oldest_age_s = std::max<std::int64_t>(0, (now - *st.oldest_pending_utc_ms) / 1000);
    // Sync health, as the sync daemon records it in the outbox (SCHEMA.md, "Sync health").
    store::Outbox outbox(*store);
    const auto health = outbox.health();
    const auto rejected = outbox.rejected(20);
    const auto display = load_presentation_record(*store);
    const auto text_or_null = [](const std::optional<std::string>& v) {
        return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };

    if (options.json) {
        nlohmann::json j;
        j["database"] = st.path.string();
        j["size_bytes"] = st.size_bytes;
        j["schema_version"] = st.schema_version;
        j["entries"] = {{"total", st.entries},           {"ratings", st.ratings},
                        {"complaints", st.complaints},   {"open_sessions", st.open_sessions},
                        {"misuse_flagged", st.misuse}};
        j["sync"] = {{"pending", st.sync.pending}, {"sent", st.sync.sent},
                     {"rejected", st.sync.rejected}};
        j["sync"]["alert"] = text_or_null(health.alert);
        j["sync"]["alert_utc"] = text_or_null(health.alert_utc);
        j["sync"]["last_error"] = text_or_null(health.last_error);
        j["sync"]["last_error_utc"] = text_or_null(health.last_error_utc);
        j["sync"]["last_success_utc"] = text_or_null(health.last_success_utc);
        j["sync"]["last_attempt_utc"] = text_or_null(health.last_attempt_utc);
        j["sync"]["rejected_entries"] = nlohmann::json::array();
        for (const auto& r : rejected)
            j["sync"]["rejected_entries"].push_back(
                {{"id", r.id}, {"created_utc", r.created_utc}, {"reason", r.reason}});
        j["pending"] = st.sync.pending;
        j["oldest_pending_utc"] = st.oldest_pending_utc_ms
                                      ? nlohmann::json(core::format_iso_utc(*st.oldest_pending_utc_ms))
                                      : nlohmann::json(nullptr);
        j["oldest_pending_age_s"] = oldest_age_s ? nlohmann::json(*oldest_age_s) : nlohmann::json(nullptr);
        if (display) {
            j["display"] = {{"path", display->path.empty() ? nlohmann::json(nullptr) : nlohmann::json(display->path)},
                            {"description", display->description},
                            {"renderer", display->renderer},
                            {"passed_over", display->passed_over},
                            {"failure", display->failure.empty() ? nlohmann::json(nullptr) : nlohmann::json(display->failure)},
                            {"since_utc", display->since_utc}};
        } else {
            j["display"] = nullptr;
        }
        // Databases set aside as damaged at open: their answers are neither synced nor reported
        // until merged back (`merge --from`) or dismissed (`set-aside dismiss`).
        j["set_aside"] = nlohmann::json::array();
        for (const auto& file : st.set_aside)
            j["set_aside"].push_back({{"path", file.path.string()}, {"size_bytes", file.size_bytes}});
        std::printf("%s\n", j.dump(2).c_str());
    } else {
        std::printf("database:        %s (%ju bytes, schema %d)\n", st.path.c_str(),
                    st.size_bytes, st.schema_version);
        std::printf("entries:         %lld (%lld ratings, %lld complaints, %lld open, %lld flagged as misuse)\n",
                    static_cast<long long>(st.entries), static_cast<long long>(st.ratings),
                    static_cast<long long>(st.complaints), static_cast<long long>(st.open_sessions),
                    static_cast<long long>(st.misuse));
        std::printf("sync:            %lld pending, %lld sent, %lld rejected\n",
                    static_cast<long long>(st.sync.pending), static_cast<long long>(st.sync.sent),
                    static_cast<long long>(st.sync.rejected));
        if (health.alert) std::printf("sync ALERT:      %s (since %s)\n", health.alert->c_str(),
                                      health.alert_utc.value_or("?").c_str());
        std::printf("last success:    %s\n", health.last_success_utc.value_or("never").c_str());
        if (health.last_error)
            std::printf("last error:      %s (%s)\n", health.last_error->c_str(),
                        health.last_error_utc.value_or("?").c_str());
        for (std::size_t i = 0; i < rejected.size() && i < 5; ++i)
            std::printf("rejected:        %s %s: %s\n", rejected[i].id.c_str(),
                        rejected[i].created_utc.c_str(), rejected[i].reason.c_str());
        if (st.sync.rejected > 5)
            std::printf("                 (%lld rejected in all; `status --json` lists 20)\n",
                        static_cast<long long>(st.sync.rejected));
        if (oldest_age_s)
            std::printf("oldest pending:  %s (%lld s ago)\n",
                        core::format_iso_utc(*st.oldest_pending_utc_ms).c_str(),
                        static_cast<long long>(*oldest_age_s));
        else
            std::printf("oldest pending:  none\n");
        std::printf("display:         %s\n", display ? summary_line(*display).c_str() : "no kiosk window has run yet");
        for (const auto& file : st.set_aside)
            std::printf("SET ASIDE:       %s (%ju bytes): damaged database kept aside; its answers are not synced "
                        "or reported until `merge --from` it, or `set-aside dismiss` it\n",
                        file.path.c_str(), file.size_bytes);
    }
    return kExitOk;
}

}  // namespace feedback::app
