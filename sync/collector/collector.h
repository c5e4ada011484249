// The reference collector's request handling: the central end of sync/PROTOCOL.md.
//
// Why a pure `Response handle(const Request&)`: every rule of the protocol (routing, bearer
// token, size limits, encodings, version, per-entry acknowledgement, Idempotency-Key replay,
// and the injected faults) is decided here, on plain values, so unit tests exercise all of it
// without a socket. The HTTP layer (http_server.h) only moves bytes and carries out the two
// things a value cannot: closing a connection without an answer, and stalling.
//
// Errors at this boundary are values: handle() never throws. Anything unexpected (a full disk,
// a locked database) becomes a 5xx the client treats as transient, and is logged. Constructing
// a Collector throws std::runtime_error when its database or token file cannot be used, because
// that is a start-up problem for a person to fix.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "console.h"
#include "fleet.h"
#include "metrics.h"
#include "core/survey.h"
#include "public_pages.h"
#include "protocol/protocol.h"

namespace feedback::console {
class ConsoleStore;
class TrackPage;
}

namespace feedback::collector {

class Storage;
class TokenFile;

// HTTP header names compare without regard to case.
struct CaseInsensitiveLess {
    bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

// What the HTTP layer did with the body before handing it over.
enum class BodyState {
    Raw,         // bytes as sent; Content-Encoding still applies
    Decoded,     // the HTTP layer already undid Content-Encoding (cpp-httplib inflates gzip)
    TooLarge,    // reading stopped at max_body bytes (sent or inflated)
    Unreadable,  // the transfer or its encoding broke while reading
};

struct Request {
    std::string method;
    std::string path;
    Headers headers;
    std::string body;
    BodyState body_state = BodyState::Raw;
    std::string peer;  // "address:port", for the log and the console's lockout
    std::string query; // the target after '?', undecoded (the console's pages use it)
    bool tls = false;  // arrived over HTTPS (the console's cookies get Secure)
};

// How the HTTP layer must deliver a response. Only injected faults ask for anything but Send.
enum class Delivery {
    Send,           // write status, headers and body
    Drop,           // close the connection without writing anything
    StallThenDrop,  // hold the connection silently for the stall time, then close it
};

struct Response {
    int status = 200;
    Headers headers;
    std::string body;
    Delivery delivery = Delivery::Send;
    // Headers that may repeat (the console's Set-Cookie), sent after `headers`.
    std::vector<std::pair<std::string, std::string>> repeated_headers;
};

// Misbehaviour on purpose, so the sync client is tested against real failures (PROTOCOL.md,
// "Fault injection"). Faults apply to batch requests only, never to heartbeats.
enum class Fault {
    Status500,       // "500": 500 with an error body, nothing stored
    Status503,       // "503": 503 + Retry-After: 1, nothing stored
    Status429,       // "429": 429 + Retry-After: 1, nothing stored
    Stall,           // "stall": nothing stored, the connection held silently, then closed
    Drop,            // "drop": nothing stored, connection closed without a response
    DropAfterStore,  // "drop-after-store": stored as usual, then closed without a response
    Partial,         // "partial": only the first half (rounded down) of the valid entries are
                     //   stored and listed; the rest are neither (not kept for replay)
    Html,            // "html": 200 with an HTML page, nothing stored (a captive portal)
    Garbage,         // "garbage": stored as usual, then 200 with the JSON answer cut in half
};

std::string_view to_string(Fault fault);
std::optional<Fault> fault_from(std::string_view word);
// "500,drop-after-store" -> the list; throws std::invalid_argument naming an unknown word.
std::vector<Fault> parse_faults(std::string_view list);

// Which batch requests misbehave: the every-th, 2×every-th, … (counting from 1). With several
// modes they take turns: `--fault 500,drop --fault-every 2` answers 500 to the 2nd request,
// drops the 4th, answers 500 to the 6th, and so on.
struct FaultPlan {
    std::vector<Fault> modes;
    std::uint64_t every = 1;
};

// Slowing down wrong tokens (issue 14): after `free_failures` requests without a valid token
// from one address within `window`, each further failure makes that address wait
// 1, 2, 4, … up to `max_delay` seconds, answered 429 with Retry-After, without its token being
// checked. Tokens are 256 random bits, so this is not what keeps them secret: it keeps a
// guessing or misconfigured client from costing the collector work and filling its log.
struct ThrottlePolicy {
    unsigned free_failures = 5;
    std::chrono::seconds window{600};
    std::chrono::seconds max_delay{256};
};

struct Options {
    std::filesystem::path database;  // a SQLite file, or a PostgreSQL URI (Storage, issue 20)
    std::optional<std::filesystem::path> tokens;  // no file: open access, no authentication
    std::size_t max_body = protocol::kMaxBodyBytes;
    FaultPlan faults;
    ThrottlePolicy throttle;
    // Public tracking page (/track/<reference>?k=<key>, sync/console/track_page.h): lookups per
    // address per rolling minute before 429; 0 = unlimited (tests only).
    unsigned track_lookups_per_minute = 10;
    // The survey TOML the offices' kiosks use, for the labels of the combined report
    // (/console/combined, issue 19); empty: the built-in survey (ids it lacks show as ids).
    std::filesystem::path survey_file;
    // The clock the throttle runs on; tests replace it to step through the delays.
    std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
    // One line per call, no trailing newline; default writes "feedback-collector: …" to stderr.
    // Never receives a token or personal data.
    std::function<void(const std::string&)> log;
    // The staff console under /console/ (issue 18); its log is the collector's. Its `fleet`
    // policy is also what /metrics reports states with; its `heard` is set by the Collector.
    console::ConsoleOptions console;
    // GET /metrics (issue 19) answers only these networks (parse_cidr_list; throws
    // std::invalid_argument from the constructor when unreadable); others get 403.
    std::string metrics_allow = std::string(kDefaultMetricsAllow);
    // Public results under /public/ (issue 19, sync/public/public_pages.h): how long an office's
    // computed figures are reused (serve --public-cache-seconds), and where the figures come
    // from: unset, the kiosk's report over the office's entries (combined_report.h) with the
    // labels of survey_file; tests may put fixed figures here.
    unsigned public_cache_seconds = 300;
    publicresults::FiguresSource public_figures;
    // Wall clock for "today" on the public pages (tests fix it); default the system's.
    std::function<std::int64_t()> public_now_utc_ms;
};

class Collector {
public:
    explicit Collector(Options options);
    ~Collector();
    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;

    // Thread-safe; never throws.
    Response handle(const Request& request);

    // What can be decided from the request line and headers alone — the route, the throttle
    // on wrong tokens, the bearer token, Content-Type and Content-Encoding — so the HTTP layer
    // can refuse before it reads (and inflates) a single body byte (issue 14: an
    // unauthenticated client must not cost the collector 16 MiB of inflating). nullopt: read
    // the body and call handle(), which checks all of this again. Thread-safe; never throws.
    std::optional<Response> screen(const Request& headers_only);

    bool open_access() const noexcept { return !tokens_; }
    std::size_t max_body() const noexcept { return options_.max_body; }
    Storage& storage() noexcept { return *storage_; }
    console::ConsoleStore& console_store() noexcept;

    // One line to the collector's log (the HTTP layer reports the connections it closes).
    void log(const std::string& line) const;

private:
    Response handle_batch(const Request& request, std::optional<Fault> fault);
    Response handle_heartbeat(const Request& request);
    Response handle_health(const Request& request);
    Response handle_console(const Request& request);
    Response handle_metrics(const Request& request);
    // handle() without the timing and counting around it.
    Response dispatch(const Request& request);
    // A request refused for its token (401/403) that names a device the token file knows.
    void note_refused_device(const std::string& claimed, int status, const Request& request);
    Response handle_public(const Request& request, const std::string& what);
    // The kiosk's report over an office's entries in a period (the public pages' figures).
    report::Report public_figures(const std::string& office, const core::Period& period);
    // The device a request may speak for: nullopt with `denied` filled when it may not.
    std::optional<std::string> authenticate(const Request& request, Response& denied) const;
    // Throttle, token, then the headers about the body: the device, or nullopt with `refused`.
    std::optional<std::string> admit(const Request& request, Response& refused);
    // Content type and encoding from the headers; false with `refused` filled.
    bool acceptable_headers(const Request& request, Response& refused) const;
    // Size and encoding; returns the JSON text or fills `refused`.
    std::optional<std::string> body_text(const Request& request, Response& refused) const;
    // 429 while the request's address is being slowed down for wrong tokens.
    std::optional<Response> throttled(const Request& request);
    void note_auth_failure(const Request& request);
    std::optional<Fault> next_fault();

    Options options_;
    std::unique_ptr<Storage> storage_;
    std::unique_ptr<TokenFile> tokens_;
    std::unique_ptr<console::TrackPage> track_;  // GET /track/… (issue 18)
    std::unique_ptr<console::ConsoleStore> console_store_;
    std::unique_ptr<console::Console> console_;
    std::unique_ptr<publicresults::PublicPages> public_;  // GET /public/… (issue 19)
    std::shared_ptr<const core::Survey> survey_;  // options_.survey_file, loaded once
    std::atomic<std::uint64_t> batch_requests_{0};
    std::unique_ptr<console::HeardTimes> heard_;  // heartbeats on the steady clock (fleet)
    std::vector<Cidr> metrics_allow_;
    Metrics metrics_;

    struct AuthFailures {
        unsigned count = 0;
        std::chrono::steady_clock::time_point last{};
        std::chrono::steady_clock::time_point blocked_until{};
    };
    std::mutex throttle_mutex_;
    std::map<std::string, AuthFailures> auth_failures_;  // by peer address
};

// The health check a reverse proxy probes (GET or HEAD): 200 when the database answers, else 503.
inline constexpr std::string_view kHealthPath = "/healthz";

// A JSON error answer: {"version":1,"error":word,"reason":reason}.
Response error_response(int status, std::string_view word, std::string_view reason);

}  // namespace feedback::collector
