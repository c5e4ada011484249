// HTML of the console's pages (the ids and form fields are listed at the top of pages.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth.h"
#include "complaint_report.h"
#include "console_store.h"

namespace feedback::console {

struct PageContext {
    bool en = false;
    std::optional<Session> session;  // signed in: the nav and the sign-out form are shown
    std::string toggle_href;         // this page in the other language
};

enum class LoginState { Fresh, WrongPassword, LockedOut, SignedOut, Expired };

// A whole page: <head> with the console's style, the nav when signed in, then `body`.
std::string layout(const PageContext& ctx, const std::string& title, const std::string& body);

std::string login_body(const PageContext& ctx, const std::string& csrf, LoginState state,
                       std::int64_t lockout_seconds, const std::string& user);

std::string queue_body(const PageContext& ctx, const QueueFilter& filter, const QueuePage& page, int target_days,
                       std::int64_t now_utc);

struct CaseForm {
    std::string error;  // change_problem()'s key, "conflict" or ""
    std::string public_response, internal_note, referred_to;
};

std::string case_body(const PageContext& ctx, const CaseDetail& detail, const std::vector<HistoryItem>& history,
                      const std::optional<Contact>& contact, const CaseForm& form, int target_days,
                      std::int64_t now_utc);

std::string audit_body(const PageContext& ctx, const std::vector<AuditItem>& items);
std::string devices_body(const PageContext& ctx, const std::vector<DeviceRow>& devices);
std::string report_body(const PageContext& ctx, const MonthlyReport& report, const std::vector<Office>& offices,
                        bool any_office);

// A short page body with one message (not found, refused, …) under `id`.
std::string message_body(const std::string& id, const std::string& text);

// Whole days from `from_utc` to `to_utc` (0 when either is unreadable).
std::int64_t days_between(const std::string& from_utc, std::int64_t to_utc);

}  // namespace feedback::console
