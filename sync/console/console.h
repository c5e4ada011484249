// The web console for the people at the centre (issue 18): sign-in, the complaint queue, case
// handling, the monthly report, the audit trail and the kiosk list, under /console/ on the
// collector's own listener.
//
// Why a pure `ConsoleResponse handle(const ConsoleRequest&)`, like the collector's protocol
// logic: every rule — who is signed in, roles and offices, CSRF, lockout, the order of status
// changes, what is audited — is decided on plain values, so tests can drive it in-process with
// a fake clock as well as over HTTP. The console knows nothing of the kiosk's UI nor of
// cpp-httplib; the collector converts its requests (sync/collector/collector.cpp).
//
// Roles (enforced here, never only by hiding links):
//   officer    the ordinary complaints of their office (never sensitive ones)
//   executive  also the sensitive complaints (bribery), the audit trail, the kiosks and the fleet
//   it         the kiosks and the fleet of their office only; never a complaint, its text or
//              contact
// Office "*" is every office, including complaints that have no office yet.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <semaphore>
#include <string>
#include <utility>
#include <vector>

#include "auth.h"
#include "combined_page.h"
#include "console_store.h"
#include "fleet.h"

namespace feedback::console {

struct ConsoleRequest {
    std::string method;   // GET, HEAD or POST
    std::string path;     // "/console/complaints/ABC-691206-0001", without the query
    std::string query;    // "status=open&page=2", undecoded
    std::string cookies;  // the Cookie header
    std::string content_type;
    std::string body;     // application/x-www-form-urlencoded for POST
    std::string address;  // the client's IP address (lockout, audit)
    bool tls = false;     // the connection is HTTPS: cookies get Secure
    bool body_too_large = false;  // the HTTP layer stopped reading the body (413)
};

struct ConsoleResponse {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie may repeat
    std::string body;
};

struct ConsoleOptions {
    int target_days = 15;  // console.target_days: complaints open longer stand out
    std::chrono::minutes idle{30};
    LockoutPolicy lockout;
    // Sessions' idle time and lockouts: waits, so not the wall clock, but stored in the shared
    // database as milliseconds since 1970 (auth.h).
    Clock now = collector_clock;
    // One line per call; never receives a password, a description or contact details.
    std::function<void(const std::string&)> log = [](const std::string&) {};
    // The fleet page (issue 19): thresholds, office hours, and the serving process's record of
    // heartbeats on the steady clock (null: ages from the stored wall-clock times only).
    FleetPolicy fleet;
    const HeardTimes* heard = nullptr;
    // The collector's wall clock in epoch seconds (tests replace it).
    std::function<std::int64_t()> wall_now;
    // The office's combined report (/console/combined, issue 19), supplied by the collector;
    // unset: the page says the report is not available here.
    CombinedReportFn combined_report;
};

bool is_console_path(std::string_view path);

class Console {
public:
    Console(ConsoleStore& store, ConsoleOptions options);

    // Thread-safe; never throws (a store failure is a 500 page and a log line).
    ConsoleResponse handle(const ConsoleRequest& request);

private:
    struct Call;
    ConsoleResponse route(Call& call);
    ConsoleResponse login_page(Call& call, int state, std::int64_t lockout_seconds, const std::string& user);
    ConsoleResponse login(Call& call);
    ConsoleResponse logout(Call& call);
    ConsoleResponse complaints(Call& call);
    ConsoleResponse case_page(Call& call, const std::string& reference, bool show_contact);
    ConsoleResponse change_status(Call& call, const std::string& reference);
    ConsoleResponse report(Call& call);
    ConsoleResponse combined(Call& call);
    ConsoleResponse audit_page(Call& call);
    ConsoleResponse devices_page(Call& call);
    ConsoleResponse fleet_page(Call& call);
    ConsoleResponse page(Call& call, int status, const std::string& title, const std::string& body);
    ConsoleResponse message(Call& call, int status, const std::string& id, const char* th, const char* en);
    void audit(Call& call, const std::string& action, const std::string& target);

    ConsoleStore& store_;
    ConsoleOptions options_;
    LoginThrottle throttle_;
    Sessions sessions_;
    // Each password check takes 64 MiB and a tenth of a second (Argon2id): at most two at once,
    // so a burst of sign-ins on many connections cannot take the collector's memory.
    std::counting_semaphore<2> password_checks_{2};
};

}  // namespace feedback::console
