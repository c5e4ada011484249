// The collector's protocol logic (see collector.h for why it is a pure request -> response
// function, and sync/PROTOCOL.md for the rules it implements).
//
// Order of checks for a batch, chosen so each answer is the most useful one:
//   route (404/405) -> injected fault that needs no processing -> throttle on wrong tokens
//   (429) -> bearer token (401) -> content type and encoding (415) -> body size and
//   inflating (413/400) -> envelope decode (400/422/413) -> device of the token vs the batch
//   (403) -> Idempotency-Key (400 on mismatch, replay on repeat) -> each entry's device vs the
//   token's, and an id held by another device (rejected) -> store and acknowledge (200).
// Authentication comes before anything about the body, so an unauthenticated caller learns
// nothing about what the collector would have accepted; everything up to 415 needs headers
// only, and screen() lets the HTTP layer apply it before reading the body at all.
#include "collector.h"
#include "combined_report.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "combined_view.h"
#include "console_store.h"
#include "dates.h"
#include "storage.h"
#include "tokens.h"
#include "track_page.h"
#include "common/log.h"
#include "common/text.h"

namespace feedback::collector {
namespace {

using common::lower;

std::string_view trim(std::string_view text) { return common::trim(text, " \t"); }

// Text from the network made safe for a one-line log: no control characters, bounded length.
std::string printable(std::string_view text, std::size_t max = 120) {
    std::string out;
    for (const char c : text.substr(0, max)) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F) ? '?' : c;
    }
    if (text.size() > max) out += "...";
    return out;
}

std::string header(const Request& request, const char* name) {
    const auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string() : std::string(trim(it->second));
}

Response json_response(int status, std::string body) {
    Response response;
    response.status = status;
    response.headers["Content-Type"] = "application/json";
    response.body = std::move(body);
    return response;
}

Response with_retry_after(Response response, int seconds) {
    response.headers["Retry-After"] = std::to_string(seconds);
    return response;
}

// "192.0.2.7" from "192.0.2.7:50000" (and "::1" from "::1:50000").
std::string address_of_peer(const std::string& peer) {
    const auto colon = peer.rfind(':');
    return colon == std::string::npos ? peer : peer.substr(0, colon);
}

// What a captive portal or a misconfigured proxy sends instead of our JSON.
constexpr const char* kHtmlPage =
    "<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head>\n"
    "<body><h1>Welcome</h1><p>Please accept the terms of use to continue.</p></body></html>\n";

}  // namespace

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
    });
}

std::string_view to_string(Fault fault) {
    switch (fault) {
        case Fault::Status500: return "500";
        case Fault::Status503: return "503";
        case Fault::Status429: return "429";
        case Fault::Stall: return "stall";
        case Fault::Drop: return "drop";
        case Fault::DropAfterStore: return "drop-after-store";
        case Fault::Partial: return "partial";
        case Fault::Html: return "html";
        case Fault::Garbage: return "garbage";
    }
    return "?";
}

std::optional<Fault> fault_from(std::string_view word) {
    for (const Fault f : {Fault::Status500, Fault::Status503, Fault::Status429, Fault::Stall, Fault::Drop,
                          Fault::DropAfterStore, Fault::Partial, Fault::Html, Fault::Garbage})
        if (to_string(f) == word) return f;
    return std::nullopt;
}

std::vector<Fault> parse_faults(std::string_view list) {
    std::vector<Fault> faults;
    if (trim(list).empty()) return faults;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const std::string_view word = trim(list.substr(start, comma == std::string_view::npos ? comma : comma - start));
        const auto fault = fault_from(word);
        if (!fault)
            throw std::invalid_argument("unknown fault \"" + printable(word, 40) +
                                        "\" (expected 500, 503, 429, stall, drop, drop-after-store, "
                                        "partial, html or garbage)");
        faults.push_back(*fault);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return faults;
}

Response error_response(int status, std::string_view word, std::string_view reason) {
    return json_response(status, protocol::encode(protocol::ErrorBody{std::string(word), std::string(reason)}));
}

Collector::Collector(Options options) : options_(std::move(options)) {
    if (!options_.log)
        // The shared log (common/log.h): "feedback-collector: …" as before, and under systemd
        // a "warning: …" line at warning priority (the log writes that label back itself).
        options_.log = [](const std::string& line) {
            constexpr std::string_view kWarning = "warning: ";
            if (std::string_view(line).starts_with(kWarning))
                common::log_warning(std::string_view(line).substr(kWarning.size()));
            else
                common::log_info(line);
        };
    if (options_.faults.every == 0) throw std::invalid_argument("--fault-every must be at least 1");
    if (options_.max_body == 0) throw std::invalid_argument("--max-body must be at least 1 byte");
    metrics_allow_ = parse_cidr_list(options_.metrics_allow);
    storage_ = std::make_unique<Storage>(options_.database);
    if (options_.tokens) {
        tokens_ = std::make_unique<TokenFile>(TokenFile::load(*options_.tokens));
        if (tokens_->size() == 0)
            log("warning: " + options_.tokens->string() + " names no device: every request will be refused (401)");
        if (tokens_->too_open())
            log("warning: " + options_.tokens->string() + " is readable by other users; chmod 600 it");
    } else {
        log("WARNING: no --tokens file: running OPEN, accepting batches from any device without "
            "authentication. Use this only on a private test machine.");
    }
    // The console's store on the same database (migrated by Storage above), and the devices'
    // offices from the token file, so complaints arriving from now on get their office.
    console_store_ = console::open_console_store(options_.database);
    {
        const auto map = tokens_ ? tokens_->device_offices() : std::vector<std::pair<std::string, std::string>>{};
        const auto offices = console_store_->offices();
        for (const auto& [device, office] : map) {
            bool known = false;
            for (const auto& o : offices) known = known || o.code == office;
            if (!known)
                log("warning: the token file gives device " + device + " the office " + office +
                    ", which does not exist (add-office); its complaints are seen only by users of office '*'");
        }
        if (const auto assigned = console_store_->set_device_offices(map); assigned > 0)
            log("gave " + std::to_string(assigned) + " complaint(s) without an office the office of their device");
    }
    if (!options_.console.log) options_.console.log = [this](const std::string& line) { log(line); };
    heard_ = std::make_unique<console::HeardTimes>(options_.now);
    options_.console.heard = heard_.get();
    // The office's combined report (issue 19): the kiosk's report code over this storage.
    // The survey is loaded once for it and for the public results' labels.
    survey_ = std::make_shared<const core::Survey>(
        options_.survey_file.empty() ? core::default_survey() : core::load_survey_file(options_.survey_file));
    if (!options_.console.combined_report) {
        auto survey = survey_;
        options_.console.combined_report = [this, survey](const console::CombinedQuery& query) {
            return combined_page(*storage_, *console_store_, *survey, options_.console.target_days, query);
        };
    }
    console_ = std::make_unique<console::Console>(*console_store_, options_.console);
    // The public tracking page: the tracking key is a wire field, so the lookup is the
    // protocol storage's; the status history is the console's.
    track_ = std::make_unique<console::TrackPage>(
        [this](const std::string& reference) { return storage_->tracked_complaints(reference); }, *console_store_,
        console::TrackPolicy{options_.track_lookups_per_minute}, options_.now);
    // The public results: the published flag is the console store's; the figures are the kiosk's
    // report over the office's entries, supplied by whoever builds the collector's report.
    {
        publicresults::PublicOptions public_options;
        public_options.cache_seconds = options_.public_cache_seconds;
        public_options.now_utc_ms = options_.public_now_utc_ms;
        public_options.now = options_.now;
        public_ = std::make_unique<publicresults::PublicPages>(
            [this](const std::string& code) -> std::optional<publicresults::PublishedOffice> {
                const auto office = console_store_->published_office(code);
                if (!office) return std::nullopt;
                return publicresults::PublishedOffice{office->code, office->name_th, office->name_en};
            },
            [this](const std::string& code, const core::Period& period) {
                if (options_.public_figures) return options_.public_figures(code, period);
                return public_figures(code, period);
            },
            std::move(public_options));
    }
    if (!options_.faults.modes.empty()) {
        std::string modes;
        for (const Fault f : options_.faults.modes) modes += (modes.empty() ? "" : ",") + std::string(to_string(f));
        log("fault injection ON: " + modes + " on every " + std::to_string(options_.faults.every) +
            ". batch request");
    }
}

Collector::~Collector() = default;

console::ConsoleStore& Collector::console_store() noexcept { return *console_store_; }

namespace {

console::ConsoleRequest to_console(const Request& request) {
    console::ConsoleRequest in;
    in.method = request.method == "HEAD" ? "GET" : request.method;
    in.path = request.path;
    in.query = request.query;
    if (const auto it = request.headers.find("Cookie"); it != request.headers.end()) in.cookies = it->second;
    if (const auto it = request.headers.find("Content-Type"); it != request.headers.end()) in.content_type = it->second;
    in.body = request.body;
    in.body_too_large = request.body_state == BodyState::TooLarge;
    in.address = address_of_peer(request.peer);
    in.tls = request.tls;
    return in;
}

Response from_console(console::ConsoleResponse out) {
    Response response;
    response.status = out.status;
    response.headers["Content-Type"] = out.content_type;
    response.body = std::move(out.body);
    response.repeated_headers = std::move(out.headers);
    return response;
}

}  // namespace

Response Collector::handle_console(const Request& request) { return from_console(console_->handle(to_console(request))); }

Response Collector::handle_public(const Request& request, const std::string& what) {
    // A web page for everyone, not the protocol: GET (and HEAD) only; never a cookie.
    if (request.method != "GET" && request.method != "HEAD") {
        log(what + ": 405");
        Response response = error_response(405, "method_not_allowed", "use GET");
        response.headers["Allow"] = "GET, HEAD";
        return response;
    }
    auto out = public_->handle(request.path, request.query);
    Response response;
    response.status = out.status;
    response.headers["Content-Type"] = out.content_type;
    for (auto& [name, value] : out.headers) response.headers[name] = std::move(value);
    response.body = std::move(out.body);
    log(what + ": " + std::to_string(response.status));
    return response;
}

report::Report Collector::public_figures(const std::string& office, const core::Period& period) {
    // The combined report's own selection of the office's entries (its kiosks and its paper
    // questionnaires), read by the kiosk's compute_report. One reader: a page anyone on the
    // internet can ask for should not take both cores from the kiosks' uploads; the cache in
    // PublicPages keeps it to one computation per office per cache period. No comparisons or
    // document parts: the pages show none of them.
    CombinedReportRequest request;
    request.office = office;
    request.period = period;
    request.survey = *survey_;
    const auto selection = combined_selection(*console_store_, request);
    CollectorReportInput input(*storage_, selection.sources, 1);
    report::ReportOptions report_options;
    report_options.office_name = selection.office_name_th;
    report_options.office_name_en = selection.office_name_en;
    report_options.comparisons = false;
    return report::compute_report(input, period, request.survey, request.scale, report_options);
}

void Collector::log(const std::string& line) const { options_.log(line); }

std::optional<Fault> Collector::next_fault() {
    const std::uint64_t n = ++batch_requests_;
    const auto& plan = options_.faults;
    if (plan.modes.empty() || n % plan.every != 0) return std::nullopt;
    return plan.modes[static_cast<std::size_t>((n / plan.every - 1) % plan.modes.size())];
}

Response Collector::handle(const Request& request) {
    // Timed on the real steady clock (not options_.now, which tests step) and counted for
    // /metrics. Requests screen() refuses before their body is read are counted there.
    const auto start = std::chrono::steady_clock::now();
    Response response = dispatch(request);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    using E = Metrics::Endpoint;
    const E endpoint = request.path == protocol::kBatchPath       ? E::Batch
                       : request.path == protocol::kHeartbeatPath ? E::Heartbeat
                       : console::is_console_path(request.path)   ? E::Console
                       : console::TrackPage::handles(request.path) ? E::Track
                       : request.path == "/metrics"               ? E::Metrics
                                                                  : E::Other;
    metrics_.request(endpoint, response.status, seconds);
    return response;
}

Response Collector::dispatch(const Request& request) {
    const std::string what = printable(request.method, 10) + " " + printable(request.path) + " from " + request.peer;
    try {
        if (console::is_console_path(request.path)) return handle_console(request);
        if (request.path == "/metrics") return handle_metrics(request);
        if (request.path == kHealthPath) return handle_health(request);
        const bool batch = request.path == protocol::kBatchPath;
        const bool heartbeat = request.path == protocol::kHeartbeatPath;
        if (console::TrackPage::handles(request.path)) {
            // A web page for people, not the protocol: GET (and HEAD) only, HTML answers.
            if (request.method != "GET" && request.method != "HEAD") {
                log(what + ": 405");
                Response response = error_response(405, "method_not_allowed", "use GET");
                response.headers["Allow"] = "GET, HEAD";
                return response;
            }
            Response response = from_console(track_->handle(to_console(request)));
            log(what + ": " + std::to_string(response.status));  // the path only: never the key
            return response;
        }
        if (publicresults::PublicPages::handles(request.path)) return handle_public(request, what);
        if (!batch && !heartbeat) {
            log(what + ": 404");
            return error_response(404, "not_found", "no such endpoint; batches go to POST /v1/batches");
        }
        if (request.method != "POST") {
            log(what + ": 405");
            Response response = error_response(405, "method_not_allowed", "use POST");
            response.headers["Allow"] = "POST";
            return response;
        }
        return heartbeat ? handle_heartbeat(request) : handle_batch(request, next_fault());
    } catch (const StorageError& e) {
        metrics_.store_error(e.transient());
        log(what + ": storage failure: " + e.what());
        if (e.transient())
            return with_retry_after(
                error_response(503, "storage_unavailable", "the collector cannot store right now; try again later"), 10);
        return error_response(500, "internal_error", "the collector's database failed; try again later");
    } catch (const console::StoreError& e) {  // the fleet's query for /metrics
        metrics_.store_error(false);
        log(what + ": storage failure: " + e.what());
        return error_response(500, "internal_error", "the collector's database failed; try again later");
    } catch (const std::exception& e) {
        log(what + ": internal error: " + e.what());
        return error_response(500, "internal_error", "the collector failed; try again later");
    }
}

std::optional<Response> Collector::screen(const Request& request) {
    const std::string what = printable(request.method, 10) + " " + printable(request.path) + " from " + request.peer;
    try {
        const bool batch = request.path == protocol::kBatchPath;
        const bool heartbeat = request.path == protocol::kHeartbeatPath;
        // The console's forms are small; their body is read (up to max_body) and handle()
        // passes them on.
        if (console::is_console_path(request.path) && request.method == "POST") return std::nullopt;
        // Routing and methods are answered by handle(), which reads no body for them either.
        if ((!batch && !heartbeat) || request.method != "POST") return handle(request);
        const auto start = std::chrono::steady_clock::now();
        Response refused;
        if (admit(request, refused)) return std::nullopt;
        log(what + ": " + std::to_string(refused.status) + ", before reading the body");
        // Answered here, never by handle(): counted for /metrics here too.
        metrics_.request(batch ? Metrics::Endpoint::Batch : Metrics::Endpoint::Heartbeat, refused.status,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        return refused;
    } catch (const std::exception& e) {
        log(what + ": internal error: " + e.what());
        return error_response(500, "internal_error", "the collector failed; try again later");
    }
}

std::optional<Response> Collector::throttled(const Request& request) {
    if (!tokens_) return std::nullopt;
    const auto now = options_.now();
    const std::lock_guard lock(throttle_mutex_);
    const auto it = auth_failures_.find(address_of_peer(request.peer));
    if (it == auth_failures_.end() || now >= it->second.blocked_until) return std::nullopt;
    const auto left = std::chrono::ceil<std::chrono::seconds>(it->second.blocked_until - now).count();
    return with_retry_after(error_response(429, "too_many_requests",
                                           "too many requests without a valid token from this address; "
                                           "wait as Retry-After says"),
                            static_cast<int>(std::max<long long>(1, left)));
}

void Collector::note_auth_failure(const Request& request) {
    const auto now = options_.now();
    const auto& policy = options_.throttle;
    const std::string address = address_of_peer(request.peer);
    std::string note;
    {
        const std::lock_guard lock(throttle_mutex_);
        // Addresses quiet for a whole window are forgotten, so the map cannot grow without end.
        if (auth_failures_.size() > 10'000)
            for (auto it = auth_failures_.begin(); it != auth_failures_.end();)
                it = now - it->second.last > policy.window ? auth_failures_.erase(it) : std::next(it);
        AuthFailures& f = auth_failures_[address];
        if (f.count > 0 && now - f.last > policy.window) f = AuthFailures{};
        ++f.count;
        f.last = now;
        if (f.count > policy.free_failures) {
            const unsigned step = std::min(f.count - policy.free_failures - 1, 30u);
            const auto delay = std::min<std::chrono::seconds>(std::chrono::seconds(1LL << step), policy.max_delay);
            f.blocked_until = now + delay;
            note = "address " + printable(address, 60) + ": " + std::to_string(f.count) +
                   " requests without a valid token; its requests are refused (429) for " +
                   std::to_string(delay.count()) + " s";
        }
    }
    if (!note.empty()) log("warning: " + note);
}

std::optional<std::string> Collector::admit(const Request& request, Response& refused) {
    if (auto slow_down = throttled(request)) {
        refused = std::move(*slow_down);
        return std::nullopt;
    }
    auto device = authenticate(request, refused);
    if (!device) {
        note_auth_failure(request);
        note_refused_device(header(request, protocol::kDeviceHeader.data()), refused.status, request);
        return std::nullopt;
    }
    if (!acceptable_headers(request, refused)) return std::nullopt;
    return device;
}

std::optional<std::string> Collector::authenticate(const Request& request, Response& denied) const {
    if (!tokens_) return std::string();
    auto unauthorized = [&](const std::string& reason, bool invalid_token) {
        denied = error_response(401, "unauthorized", reason);
        denied.headers["WWW-Authenticate"] =
            invalid_token ? "Bearer realm=\"feedback-collector\", error=\"invalid_token\""
                          : "Bearer realm=\"feedback-collector\"";
        return std::nullopt;
    };
    const std::string authorization = header(request, "Authorization");
    if (authorization.empty()) return unauthorized("missing \"Authorization: Bearer <token>\" header", false);
    if (authorization.size() < 7 || lower(authorization.substr(0, 7)) != "bearer ")
        return unauthorized("the Authorization header is not a bearer token", false);
    const auto device = tokens_->device_for(trim(std::string_view(authorization).substr(7)));
    if (!device) return unauthorized("the token is not known to this collector", true);
    return device;
}

bool Collector::acceptable_headers(const Request& request, Response& refused) const {
    const std::string type = lower(header(request, "Content-Type"));
    const std::string media(trim(std::string_view(type).substr(0, type.find(';'))));
    if (!media.empty() && media != protocol::kContentType) {
        refused = error_response(415, "unsupported_media_type",
                                 "Content-Type \"" + printable(media, 60) + "\" is not supported; send application/json");
        return false;
    }
    const std::string encoding = lower(header(request, "Content-Encoding"));
    if (!encoding.empty() && encoding != "identity" && encoding != "gzip") {
        refused = error_response(415, "unsupported_encoding",
                                 "Content-Encoding \"" + printable(encoding, 60) + "\" is not supported; send gzip or none");
        return false;
    }
    return true;
}

namespace {

// RFC 1952's magic bytes. A JSON text never starts with them.
bool starts_as_gzip(std::string_view body) { return body.size() >= 2 && body[0] == '\x1f' && body[1] == '\x8b'; }

}  // namespace

std::optional<std::string> Collector::body_text(const Request& request, Response& refused) const {
    const std::string limit = std::to_string(options_.max_body) + " bytes";
    if (request.body_state == BodyState::TooLarge || request.body.size() > options_.max_body) {
        refused = error_response(413, "payload_too_large",
                                 "the body is larger than " + limit + "; send fewer entries per batch");
        return std::nullopt;
    }
    if (request.body_state == BodyState::Unreadable) {
        refused = error_response(400, "malformed", "the body could not be read (broken transfer or compression)");
        return std::nullopt;
    }
    if (!acceptable_headers(request, refused)) return std::nullopt;
    const std::string encoding = lower(header(request, "Content-Encoding"));
    // gzip inside gzip would let a small body inflate twice, each time up to the limit; the
    // protocol compresses once, so a decompressed body that is gzip again is refused.
    const auto nested = [&] {
        refused = error_response(400, "malformed", "the body is gzip inside gzip; compress it once");
        return std::nullopt;
    };
    if (encoding == "gzip" && request.body_state == BodyState::Decoded && starts_as_gzip(request.body))
        return nested();
    if (encoding == "gzip" && request.body_state == BodyState::Raw) {
        std::string text;
        switch (protocol::gunzip_into(request.body, text, options_.max_body)) {
            case protocol::GunzipStatus::Ok:
                if (starts_as_gzip(text)) return nested();
                return text;
            case protocol::GunzipStatus::TooLarge:
                refused = error_response(413, "payload_too_large",
                                         "the body inflates to more than " + limit + "; send fewer entries per batch");
                return std::nullopt;
            case protocol::GunzipStatus::Corrupt:
                refused = error_response(400, "malformed", "the body is not valid gzip");
                return std::nullopt;
        }
    }
    return request.body;
}

namespace {

Response decode_failure(const protocol::DecodeError& error) {
    switch (error.problem) {
        case protocol::DecodeProblem::UnsupportedVersion: return error_response(422, "unsupported_version", error.reason);
        case protocol::DecodeProblem::TooLarge: return error_response(413, "payload_too_large", error.reason);
        case protocol::DecodeProblem::Malformed: break;
    }
    return error_response(400, "malformed", error.reason);
}

}  // namespace

Response Collector::handle_batch(const Request& request, std::optional<Fault> fault) {
    std::string what = "batch from " + request.peer;
    const std::string fault_note = fault ? " [fault: " + std::string(to_string(*fault)) + "]" : "";

    // Faults that stand for a server or network failing before anything is processed.
    if (fault) {
        Response response;
        switch (*fault) {
            case Fault::Status500: response = error_response(500, "internal_error", "injected fault: 500"); break;
            case Fault::Status503:
                response = with_retry_after(error_response(503, "unavailable", "injected fault: 503"), 1);
                break;
            case Fault::Status429:
                response = with_retry_after(error_response(429, "too_many_requests", "injected fault: 429"), 1);
                break;
            case Fault::Stall: response.delivery = Delivery::StallThenDrop; break;
            case Fault::Drop: response.delivery = Delivery::Drop; break;
            case Fault::Html:
                response.headers["Content-Type"] = "text/html; charset=utf-8";
                response.body = kHtmlPage;
                break;
            case Fault::DropAfterStore:
            case Fault::Partial:
            case Fault::Garbage: break;
        }
        if (*fault != Fault::DropAfterStore && *fault != Fault::Partial && *fault != Fault::Garbage) {
            log(what + ": nothing stored" + fault_note);
            return response;
        }
    }

    Response refused;
    const auto device = admit(request, refused);
    if (!device) {
        log(what + ": " + std::to_string(refused.status) + fault_note);
        return refused;
    }
    const auto text = body_text(request, refused);
    if (!text) {
        log(what + ": " + std::to_string(refused.status) + fault_note);
        return refused;
    }
    auto decoded = protocol::decode_batch_screened(*text);
    if (const auto* error = std::get_if<protocol::DecodeError>(&decoded)) {
        Response response = decode_failure(*error);
        log(what + ": " + std::to_string(response.status) + " " + error->reason + fault_note);
        return response;
    }
    auto& screened = std::get<protocol::ScreenedBatch>(decoded);
    protocol::Batch& batch = screened.batch;
    what = "batch " + batch.batch_id + " from device " + batch.device_id + " (" + request.peer + ")";
    if (tokens_ && batch.device_id != *device) {
        note_refused_device(batch.device_id, 403, request);
        log(what + ": 403, the token belongs to device " + *device + fault_note);
        return error_response(403, "forbidden",
                              "this token belongs to device \"" + *device + "\", not to the batch's device_id");
    }
    const std::string key = header(request, protocol::kIdempotencyKeyHeader.data());
    if (!key.empty() && key != batch.batch_id) {
        log(what + ": 400, Idempotency-Key does not match batch_id" + fault_note);
        return error_response(400, "idempotency_key_mismatch", "the Idempotency-Key header must equal batch_id");
    }
    // A kiosk delivers only entries it made (issue 14): one carrying another device's name
    // would be counted for that device and could take an id the real device will send later.
    if (tokens_) {
        const auto foreign = std::stable_partition(batch.entries.begin(), batch.entries.end(),
                                                   [&](const protocol::WireEntry& e) { return e.device_id == *device; });
        for (auto it = foreign; it != batch.entries.end(); ++it) {
            log("warning: " + what + ": entry " + it->id + " names device " + printable(it->device_id, 130) +
                ", not the token's; rejected");
            screened.rejected.push_back(protocol::Ack{
                it->id, protocol::AckStatus::Rejected,
                "device_id: not the device this token belongs to; a kiosk sends only its own entries"});
        }
        batch.entries.erase(foreign, batch.entries.end());
    }

    // Keys are scoped per device, so one kiosk can never replay (or pre-empt) another's batch.
    const std::string owner = tokens_ ? *device : batch.device_id;
    const std::string body_hash = sha256_hex(*text);
    const bool partial = fault == Fault::Partial;
    std::optional<Response> answer;
    if (!partial) {
        if (const auto stored = storage_->find_batch(owner, batch.batch_id)) {
            if (stored->body_sha256 == body_hash) {
                log(what + ": 200, replayed the answer recorded for this Idempotency-Key" + fault_note);
                answer = json_response(200, stored->response_json);
            } else {
                log("warning: " + what + ": batch id re-used with a different body; processed afresh");
            }
        }
    }
    if (!answer) {
        protocol::BatchResponse response;
        std::vector<IdConflict> conflicts;
        if (partial) {
            const std::vector<protocol::WireEntry> first_half(
                batch.entries.begin(), batch.entries.begin() + static_cast<std::ptrdiff_t>(batch.entries.size() / 2));
            response = storage_->store_batch(owner, batch, first_half, {}, std::nullopt, &conflicts);
        } else {
            response = storage_->store_batch(owner, batch, batch.entries, screened.rejected, body_hash, &conflicts);
        }
        // For IT: ids only and device names, never an entry's content.
        for (const auto& c : conflicts)
            log("warning: " + what + ": entry " + c.id + " of device " + printable(c.device, 130) +
                " has the id of an entry already held from device " + printable(c.holder, 130) +
                "; rejected, the stored entry is kept");
        std::size_t accepted = 0, duplicate = 0, rejected = 0;
        for (const auto& ack : response.results) {
            if (ack.status == protocol::AckStatus::Accepted) ++accepted;
            if (ack.status == protocol::AckStatus::Duplicate) ++duplicate;
            if (ack.status == protocol::AckStatus::Rejected) ++rejected;
        }
        metrics_.entries(accepted, duplicate, rejected);
        log(what + ": 200 accepted=" + std::to_string(accepted) + " duplicate=" + std::to_string(duplicate) +
            " rejected=" + std::to_string(rejected) +
            (partial ? " unacknowledged=" + std::to_string(batch.entries.size() + screened.rejected.size() -
                                                           response.results.size())
                     : "") +
            fault_note);
        for (const auto& ack : response.results)
            if (ack.status == protocol::AckStatus::Rejected) log("rejected entry " + ack.id + ": " + ack.reason);
        answer = json_response(200, protocol::encode(response));
    }
    if (fault == Fault::DropAfterStore) answer->delivery = Delivery::Drop;
    if (fault == Fault::Garbage) answer->body.resize(answer->body.size() / 2);
    return *answer;
}

// GET /healthz (issue 20): for a reverse proxy or load balancer choosing among collectors, and
// for monitoring. 200 when this process serves and its database answers a read on the path
// every batch takes (on PostgreSQL a pooled connection, re-established if it was lost); 503 with
// Retry-After when the database does not answer, so the proxy sends kiosks to another
// collector. It does not write (a probe every few seconds must not grow the database) and does
// not check disk space. Answered without a token (it says nothing about entries or devices) and
// not logged when healthy, or a proxy's probes would fill the log.
Response Collector::handle_health(const Request& request) {
    if (request.method != "GET" && request.method != "HEAD") {
        Response response = error_response(405, "method_not_allowed", "use GET");
        response.headers["Allow"] = "GET, HEAD";
        return response;
    }
    Response response;
    response.headers["Content-Type"] = "application/json";
    response.headers["Cache-Control"] = "no-store";
    try {
        // A primary-key lookup that matches nothing: one round trip, no rows, no writes.
        (void)storage_->heartbeat("");
        response.body = R"({"version":1,"status":"ok","database":"ok"})";
    } catch (const std::exception& e) {
        log("GET /healthz from " + request.peer + ": 503, database: " + e.what());
        response = with_retry_after(error_response(503, "storage_unavailable", "the collector's database does not answer"), 5);
        response.headers["Cache-Control"] = "no-store";
    }
    return response;
}

Response Collector::handle_heartbeat(const Request& request) {
    const std::string what = "heartbeat from " + request.peer;
    Response refused;
    const auto device = admit(request, refused);
    if (!device) {
        log(what + ": " + std::to_string(refused.status));
        return refused;
    }
    const auto text = body_text(request, refused);
    if (!text) {
        log(what + ": " + std::to_string(refused.status));
        return refused;
    }
    auto decoded = protocol::decode_heartbeat(*text);
    if (const auto* error = std::get_if<protocol::DecodeError>(&decoded)) {
        Response response = decode_failure(*error);
        log(what + ": " + std::to_string(response.status) + " " + error->reason);
        return response;
    }
    const auto& heartbeat = std::get<protocol::Heartbeat>(decoded);
    if (tokens_ && heartbeat.device_id != *device) {
        note_refused_device(heartbeat.device_id, 403, request);
        log(what + ": 403, the token belongs to device " + *device);
        return error_response(403, "forbidden",
                              "this token belongs to device \"" + *device + "\", not to the heartbeat's device_id");
    }
    storage_->record_heartbeat(heartbeat.device_id, heartbeat, request.peer);
    heard_->heard(heartbeat.device_id);
    // last_error is stored but not logged: it is the kiosk's own text and may be long.
    log(what + ": device " + heartbeat.device_id + " pending=" + std::to_string(heartbeat.pending) +
        (heartbeat.oldest_pending_age_s ? " oldest_age_s=" + std::to_string(*heartbeat.oldest_pending_age_s) : "") +
        " clock=" + heartbeat.kiosk_clock_utc + (heartbeat.last_error.empty() ? "" : " (reports an error)"));
    Response response;
    response.status = 204;
    return response;
}

void Collector::note_refused_device(const std::string& claimed, int status, const Request& request) {
    // Only devices the token file knows, so a stranger cannot add rows. The claim itself is
    // unauthenticated: what the fleet shows is "a request claiming this device was refused",
    // which clears with the device's next accepted heartbeat or batch.
    if (!tokens_ || claimed.empty() || !tokens_->has_device(claimed)) return;
    try {
        storage_->record_auth_refusal(claimed, status, request.peer);
    } catch (const StorageError& e) {
        metrics_.store_error(e.transient());
        log("recording a refused request for device " + printable(claimed, 130) + ": " + e.what());
    }
}

Response Collector::handle_metrics(const Request& request) {
    const std::string what = printable(request.method, 10) + " /metrics from " + request.peer;
    if (!cidr_allows(metrics_allow_, address_of_peer(request.peer))) {
        log(what + ": 403, not in --metrics-allow");
        Response response;
        response.status = 403;
        response.headers["Content-Type"] = "text/plain; charset=utf-8";
        response.body = "403 forbidden: this address is not in the collector's --metrics-allow\n";
        return response;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        Response response = error_response(405, "method_not_allowed", "use GET");
        response.headers["Allow"] = "GET, HEAD";
        return response;
    }
    const auto& console_options = options_.console;
    const std::int64_t now = console_options.wall_now ? console_options.wall_now() : console::now_seconds();
    const auto view = console::fleet_view(*console_store_, "*", console_options.fleet, now, heard_.get(), false);
    Response response;
    response.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8";
    response.body = metrics_.render(view.kiosks);
    return response;
}

}  // namespace feedback::collector
