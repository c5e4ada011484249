// One HTTPS exchange with the collector: POST a gzip'ed batch (or heartbeat), get a status, a
// body and a few headers back. Built on libcurl; curl's headers stay inside uploader.cpp.
//
// Design choices:
// - One curl easy handle (in a multi handle, so a request can be in flight while the daemon
//   prepares the next batch) for the life of the Uploader, reused for every request: libcurl keeps
//   the connection (and the TLS session) open between requests to the same host, which is most
//   of the cost of a 200-entry batch on a slow line, and is what makes a backlog drain fast.
//   Exception: after an error status the next request opens a new connection, because a
//   server that refused a body without reading it all (413) may read its rest as our next
//   request.
// - CURLOPT_NOSIGNAL: the daemon owns signal handling (SIGTERM must stop it cleanly), and curl
//   must not use SIGALRM for DNS timeouts behind its back.
// - Timeouts for each way a request can hang: connect (connect_timeout), a stalled transfer
//   (less than 1 byte/s for stall_time — the collector or a proxy that accepted and went
//   silent), and the whole request (request_timeout).
// - Certificate and host-name verification are always on; sync.ca_bundle adds a CA file and
//   sync.pinned_public_key pins the collector's key. There is deliberately no switch to turn
//   verification off: a private CA goes in ca_bundle.
// - The proxy comes from sync.proxy; when it is empty libcurl's own handling of http_proxy /
//   https_proxy / no_proxy applies (the standard environment, as DESIGN.md §6 asks). A
//   configured proxy applies to every host (the environment's no_proxy does not override what
//   IT wrote in the configuration).
// - SIGTERM: a progress callback watches the stop flag. A request in flight is given
//   stop_grace to finish (so its acknowledgement can still be recorded); after that it is
//   abandoned. Abandoning is safe: the entries stay pending and the collector deduplicates
//   when they come again.
// - Outcomes are values, never exceptions: "the network is down" is the normal life of a
//   kiosk, not an error of this program. Only a broken libcurl installation throws.
// - No secret in any text this returns: curl's verbose trace (which would print the
//   Authorization header) is never enabled, and the URL in messages has its userinfo removed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/protocol.h"
#include "retry_policy.h"

namespace feedback::sync {

struct UploaderSettings {
    std::string endpoint;                  // sync.endpoint: where batches are POSTed
    std::string proxy;                     // sync.proxy; empty = the environment
    std::filesystem::path ca_bundle;       // sync.ca_bundle; empty = the system store only
    std::string pinned_public_key;         // sync.pinned_public_key; empty = no pin
    std::string user_agent = "feedback-sync";
    // Sent as X-Feedback-Device with every request (issue 19), so a collector that refuses the
    // token can still tell IT which kiosk it refused; "" = not sent.
    std::string device_id;
    Millis connect_timeout{10'000};
    std::chrono::seconds stall_time{30};
    Millis request_timeout{120'000};
    Millis stop_grace{2'000};
    // Called about every 100 ms while a request is in flight (a request may take up to
    // request_timeout): feedback-sync pings systemd's watchdog from it, so a slow collector is
    // not mistaken for a hung daemon. Must be quick; may be empty.
    std::function<void()> while_waiting;
};

// What happened on the wire.
struct HttpExchange {
    enum class Result {
        Response,        // a status line and body arrived
        TransportError,  // no (complete) response: see error
        Stopped,         // abandoned because a stop was requested
    };
    Result result = Result::TransportError;
    long status = 0;
    std::string body;                        // decompressed if the collector gzip'ed it
    std::string content_type;
    std::optional<Millis> retry_after;       // Retry-After as libcurl read it (a past date: 0)
    std::string error;                       // transport error, for a person
    bool tls_problem = false;                // certificate, host name or pin refused
    // Accounting, for the benchmark and the connection-reuse test.
    std::size_t request_header_bytes = 0;
    std::size_t request_body_bytes = 0;
    std::size_t response_header_bytes = 0;
    std::size_t response_body_bytes = 0;
    long new_connections = 0;                // 0 when an open connection was reused
};

// A batch upload, interpreted.
struct BatchUpload {
    HttpExchange http;
    std::optional<protocol::BatchResponse> response;  // 2xx with a valid response to this batch
    std::string problem;                 // why it is not a success; "" on success
    std::optional<Millis> retry_after;   // = http.retry_after
    Attempt attempt() const;             // the policy's view of it
};

class Uploader {
public:
    // stop may be null (no stop handling). Throws std::runtime_error only when libcurl cannot
    // be initialised at all.
    Uploader(UploaderSettings settings, const std::atomic<bool>* stop = nullptr);
    ~Uploader();
    Uploader(const Uploader&) = delete;
    Uploader& operator=(const Uploader&) = delete;

    const UploaderSettings& settings() const noexcept;
    const std::string& heartbeat_url() const noexcept;

    // POSTs an already gzip'ed JSON body. token "" = no Authorization header.
    HttpExchange post(const std::string& url, std::string_view gzip_body, const std::string& token,
                      const std::string& idempotency_key);

    // POSTs a gzip'ed batch (see encode_batch_body) and decodes the answer.
    BatchUpload send_batch(const std::string& batch_id, std::string_view gzip_body,
                           const std::string& token);

    // send_batch in two halves, so the caller can work while the collector does: begin_batch()
    // hands the request to the kernel and returns; finish_batch() waits for the answer. One
    // request at a time; every begin_batch() must be followed by finish_batch().
    void begin_batch(const std::string& batch_id, std::string gzip_body, const std::string& token);
    BatchUpload finish_batch();

    HttpExchange send_heartbeat(const protocol::Heartbeat& heartbeat, const std::string& token);

private:
    void begin(const std::string& url, std::string gzip_body, const std::string& token,
               const std::string& idempotency_key);
    HttpExchange finish();

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// gzip(encode(batch)): the exact bytes that go on the wire.
std::string encode_batch_body(const protocol::Batch& batch);

// The URL without "user:password@", for messages.
std::string redact_url(std::string_view url);

// At most max_chars of text with control characters replaced, for quoting a reply in a log.
std::string printable_excerpt(std::string_view text, std::size_t max_chars = 120);

}  // namespace feedback::sync
