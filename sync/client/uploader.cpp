// libcurl behind the Uploader; the choices are explained in uploader.h. This is the only file
// of the kiosk that includes curl.
#include "uploader.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "common/text.h"


namespace feedback::sync {
namespace {

// A response larger than this is not a response to a batch (the collector's answer to 5,000
// entries is a few hundred KB); reading on would only fill memory.
constexpr std::size_t kMaxResponseBytes = 8 * 1024 * 1024;

// A Retry-After beyond a year is read as a year (the policy then caps it far lower): keeps the
// conversion to milliseconds from overflowing whatever number a reply carries.
constexpr curl_off_t kMaxRetryAfterSeconds = 366LL * 86'400;

struct EasyDeleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct MultiDeleter {
    void operator()(CURLM* m) const noexcept { curl_multi_cleanup(m); }
};
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;

struct SlistDeleter {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
// RAII for curl's header lists; append() keeps the list valid if curl_slist_append fails.
class HeaderList {
public:
    void append(const std::string& line) {
        curl_slist* next = curl_slist_append(list_.get(), line.c_str());
        if (!next) throw std::bad_alloc();
        list_.release();
        list_.reset(next);
    }
    curl_slist* get() const noexcept { return list_.get(); }

private:
    std::unique_ptr<curl_slist, SlistDeleter> list_;
};

// curl_global_init once per process, before the first handle; never cleaned up, because other
// libraries in the process (none today) might still use OpenSSL at exit.
void global_init() {
    static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK)
        throw std::runtime_error(std::string("libcurl cannot be initialised: ") + curl_easy_strerror(rc));
}

bool is_tls_problem(CURLcode code) {
    switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_CRL_BADFILE: return true;
        default: return false;
    }
}

using common::lower;
using common::trim;  // header values: every ASCII blank, as std::isspace did

}  // namespace

struct Uploader::Impl {
    UploaderSettings settings;
    std::string heartbeat_url;
    const std::atomic<bool>* stop = nullptr;
    // The multi handle owns the connection cache; the one easy handle is added for each
    // request and removed when it is done. Declared before `easy` so it is destroyed after.
    MultiHandle multi;
    EasyHandle easy;
    char error_buffer[CURL_ERROR_SIZE] = {};

    // The request in flight (between begin() and finish()): curl reads the body and the
    // header list from these until the transfer is done.
    bool in_flight = false;
    std::string request_body;
    HeaderList request_headers;
    std::string request_batch_id;

    // Per-request state the callbacks fill.
    std::string body;
    bool body_too_large = false;
    std::string content_type;
    // The final response has a Retry-After header: libcurl reads its value (seconds or an
    // HTTP-date, CURLINFO_RETRY_AFTER), this only tells "no header" from "0 / a date passed".
    bool retry_after_seen = false;
    std::optional<std::chrono::steady_clock::time_point> stop_seen;
    bool stopped = false;
    // After an error status the next request opens a new connection: a server that refused a
    // request before reading all of its body (a 413 does that) may still have the rest of it
    // in the connection, and would read it as the start of our next request.
    bool fresh_next = false;

    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
        auto* self = static_cast<Impl*>(user);
        const std::size_t n = size * count;
        if (self->body.size() + n > kMaxResponseBytes) {
            self->body_too_large = true;
            return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
        }
        self->body.append(data, n);
        return n;
    }

    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
        auto* self = static_cast<Impl*>(user);
        const std::size_t n = size * count;
        const std::string_view line(data, n);
        // A new status line starts a new response (a proxy's CONNECT reply, a 100 Continue):
        // only the final response's headers count.
        if (line.starts_with("HTTP/")) {
            self->retry_after_seen = false;
            self->content_type.clear();
            return n;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return n;
        const std::string name = lower(trim(line.substr(0, colon)));
        const std::string_view value = trim(line.substr(colon + 1));
        if (name == "retry-after") self->retry_after_seen = true;
        if (name == "content-type") self->content_type = std::string(value);
        return n;
    }

    static int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        auto* self = static_cast<Impl*>(user);
        if (!self->stop || !self->stop->load(std::memory_order_relaxed)) return 0;
        const auto now = std::chrono::steady_clock::now();
        if (!self->stop_seen) self->stop_seen = now;
        if (now - *self->stop_seen < self->settings.stop_grace) return 0;
        self->stopped = true;
        return 1;  // CURLE_ABORTED_BY_CALLBACK
    }

    void set(CURLoption option, long value) { check(curl_easy_setopt(easy.get(), option, value), option); }
    void set(CURLoption option, const char* value) {
        check(curl_easy_setopt(easy.get(), option, value), option);
    }
    void check(CURLcode rc, CURLoption option) {
        if (rc != CURLE_OK)
            throw std::runtime_error("libcurl refused option " + std::to_string(option) + ": " +
                                     curl_easy_strerror(rc));
    }

    void configure() {
        CURL* h = easy.get();
        set(CURLOPT_NOSIGNAL, 1L);
        check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer), CURLOPT_ERRORBUFFER);
        check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Impl::on_body), CURLOPT_WRITEFUNCTION);
        check(curl_easy_setopt(h, CURLOPT_WRITEDATA, this), CURLOPT_WRITEDATA);
        check(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Impl::on_header), CURLOPT_HEADERFUNCTION);
        check(curl_easy_setopt(h, CURLOPT_HEADERDATA, this), CURLOPT_HEADERDATA);
        check(curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &Impl::on_progress), CURLOPT_XFERINFOFUNCTION);
        check(curl_easy_setopt(h, CURLOPT_XFERINFODATA, this), CURLOPT_XFERINFODATA);
        set(CURLOPT_NOPROGRESS, 0L);
        set(CURLOPT_PROTOCOLS_STR, "http,https");
        set(CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is reported, not followed with our token
        set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings.connect_timeout.count()));
        set(CURLOPT_LOW_SPEED_LIMIT, 1L);
        set(CURLOPT_LOW_SPEED_TIME, static_cast<long>(settings.stall_time.count()));
        set(CURLOPT_TIMEOUT_MS, static_cast<long>(settings.request_timeout.count()));
        set(CURLOPT_TCP_KEEPALIVE, 1L);
        set(CURLOPT_SSL_VERIFYPEER, 1L);
        set(CURLOPT_SSL_VERIFYHOST, 2L);
        if (!settings.ca_bundle.empty()) set(CURLOPT_CAINFO, settings.ca_bundle.c_str());
        if (!settings.pinned_public_key.empty())
            set(CURLOPT_PINNEDPUBLICKEY, settings.pinned_public_key.c_str());
        if (!settings.proxy.empty()) {
            set(CURLOPT_PROXY, settings.proxy.c_str());
            set(CURLOPT_NOPROXY, "");  // the configured proxy applies to every host
        }
        set(CURLOPT_USERAGENT, settings.user_agent.c_str());
        // gzip only: a server that prefers brotli would compress every answer at brotli's
        // slowest level, which costs more than the bytes it saves on a 200-entry reply.
        set(CURLOPT_ACCEPT_ENCODING, "gzip");
        set(CURLOPT_POST, 1L);
    }
};

Attempt BatchUpload::attempt() const {
    if (http.result != HttpExchange::Result::Response) return Attempt::transport();
    Attempt a = Attempt::http(static_cast<int>(http.status), retry_after);
    if (http.status >= 200 && http.status < 300) {
        a.body_valid = response.has_value();
        a.progress = response && !response->results.empty();
    }
    return a;
}

Uploader::Uploader(UploaderSettings settings, const std::atomic<bool>* stop)
    : impl_(std::make_unique<Impl>()) {
    global_init();
    impl_->settings = std::move(settings);
    impl_->heartbeat_url = protocol::heartbeat_url(impl_->settings.endpoint);
    impl_->stop = stop;
    impl_->multi.reset(curl_multi_init());
    impl_->easy.reset(curl_easy_init());
    if (!impl_->multi || !impl_->easy) throw std::runtime_error("libcurl: cannot create a transfer handle");
    curl_multi_setopt(impl_->multi.get(), CURLMOPT_MAXCONNECTS, 1L);
    impl_->configure();
}

Uploader::~Uploader() {
    if (impl_->in_flight) curl_multi_remove_handle(impl_->multi.get(), impl_->easy.get());
}

const UploaderSettings& Uploader::settings() const noexcept { return impl_->settings; }
const std::string& Uploader::heartbeat_url() const noexcept { return impl_->heartbeat_url; }

void Uploader::begin(const std::string& url, std::string gzip_body, const std::string& token,
                     const std::string& idempotency_key) {
    Impl& m = *impl_;
    if (m.in_flight) throw std::logic_error("Uploader: a request is already in flight");
    CURL* h = m.easy.get();
    m.body.clear();
    m.body_too_large = false;
    m.content_type.clear();
    m.retry_after_seen = false;
    m.stop_seen.reset();
    m.stopped = false;
    m.error_buffer[0] = '\0';

    // The header list lives until the transfer is done; the Authorization line is the only
    // place the token is ever copied to.
    m.request_headers = HeaderList();
    m.request_headers.append("Content-Type: application/json");
    m.request_headers.append("Content-Encoding: gzip");
    m.request_headers.append("Accept: application/json");
    m.request_headers.append("Expect:");  // no 100-continue round trip before each batch
    if (!idempotency_key.empty()) m.request_headers.append("Idempotency-Key: " + idempotency_key);
    if (!token.empty()) m.request_headers.append("Authorization: Bearer " + token);
    if (!m.settings.device_id.empty())
        m.request_headers.append(std::string(protocol::kDeviceHeader) + ": " + m.settings.device_id);
    m.request_body = std::move(gzip_body);

    m.set(CURLOPT_URL, url.c_str());
    m.set(CURLOPT_FRESH_CONNECT, m.fresh_next ? 1L : 0L);
    m.check(curl_easy_setopt(h, CURLOPT_HTTPHEADER, m.request_headers.get()), CURLOPT_HTTPHEADER);
    m.check(curl_easy_setopt(h, CURLOPT_POSTFIELDS, m.request_body.data()), CURLOPT_POSTFIELDS);
    m.check(curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(m.request_body.size())),
            CURLOPT_POSTFIELDSIZE_LARGE);
    const CURLMcode added = curl_multi_add_handle(m.multi.get(), h);
    if (added != CURLM_OK)
        throw std::runtime_error(std::string("libcurl: ") + curl_multi_strerror(added));
    m.in_flight = true;
    // Hand the request to the kernel now (on a reused connection it fits the socket buffer),
    // so the collector works on it while the caller does something else.
    int running = 0;
    curl_multi_perform(m.multi.get(), &running);
}

HttpExchange Uploader::finish() {
    Impl& m = *impl_;
    if (!m.in_flight) throw std::logic_error("Uploader: no request in flight");
    CURL* h = m.easy.get();
    CURLcode rc = CURLE_OK;
    for (bool done = false; !done;) {
        int running = 0;
        const CURLMcode pm = curl_multi_perform(m.multi.get(), &running);
        if (pm != CURLM_OK) {
            rc = CURLE_FAILED_INIT;
            std::snprintf(m.error_buffer, sizeof m.error_buffer, "%s", curl_multi_strerror(pm));
            break;
        }
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(m.multi.get(), &queued)) {
            if (msg->msg == CURLMSG_DONE && msg->easy_handle == h) {
                rc = msg->data.result;
                done = true;
            }
        }
        // At most 100 ms between looks, so a stop request is noticed promptly even when the
        // connection is silent; curl's own timeouts shorten the wait when they are due sooner.
        if (!done) curl_multi_poll(m.multi.get(), nullptr, 0, 100, nullptr);
        if (m.settings.while_waiting) m.settings.while_waiting();
    }
    curl_multi_remove_handle(m.multi.get(), h);
    m.in_flight = false;
    // curl must not keep pointing at the list and body, which are replaced by the next begin().
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);

    HttpExchange ex;
    long value = 0;
    if (curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &value) == CURLE_OK)
        ex.request_header_bytes = static_cast<std::size_t>(std::max(0L, value));
    curl_off_t size = 0;
    if (curl_easy_getinfo(h, CURLINFO_SIZE_UPLOAD_T, &size) == CURLE_OK)
        ex.request_body_bytes = static_cast<std::size_t>(size);
    if (curl_easy_getinfo(h, CURLINFO_HEADER_SIZE, &value) == CURLE_OK)
        ex.response_header_bytes = static_cast<std::size_t>(std::max(0L, value));
    if (curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &size) == CURLE_OK)
        ex.response_body_bytes = static_cast<std::size_t>(size);
    if (curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &value) == CURLE_OK) ex.new_connections = value;
    // CURLINFO_REQUEST_SIZE counts the body too when curl sent it with the headers.
    ex.request_header_bytes -= std::min(ex.request_header_bytes, ex.request_body_bytes);

    if (rc == CURLE_OK) {
        ex.result = HttpExchange::Result::Response;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ex.status);
        m.fresh_next = ex.status < 200 || ex.status >= 300;
        ex.body = std::move(m.body);
        ex.content_type = std::move(m.content_type);
        // libcurl parses Retry-After as delay-seconds or any HTTP-date form (RFC 9110 §10.2.3),
        // giving the seconds from now: negative for a date in the past (no wait), 0 for what
        // it cannot read. Bounded before the multiplication; the policy applies the real
        // clamp (max_retry_after).
        curl_off_t seconds = 0;
        if (m.retry_after_seen && curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &seconds) == CURLE_OK)
            ex.retry_after = Millis{std::clamp<curl_off_t>(seconds, 0, kMaxRetryAfterSeconds) * 1000};
        return ex;
    }
    if (rc == CURLE_ABORTED_BY_CALLBACK && m.stopped) {
        ex.result = HttpExchange::Result::Stopped;
        ex.error = "abandoned: the sync daemon is stopping";
        return ex;
    }
    ex.result = HttpExchange::Result::TransportError;
    ex.tls_problem = is_tls_problem(rc);
    ex.error = curl_easy_strerror(rc);
    if (m.body_too_large)
        ex.error = "the reply is larger than " + std::to_string(kMaxResponseBytes / (1024 * 1024)) +
                   " MB; it is not a response to a batch";
    else if (m.error_buffer[0] != '\0')
        ex.error += std::string(": ") + m.error_buffer;
    // curl's messages can quote the URL; never let a password in it reach the log.
    ex.error = redact_url(ex.error);
    return ex;
}

HttpExchange Uploader::post(const std::string& url, std::string_view gzip_body,
                            const std::string& token, const std::string& idempotency_key) {
    begin(url, std::string(gzip_body), token, idempotency_key);
    return finish();
}

void Uploader::begin_batch(const std::string& batch_id, std::string gzip_body,
                           const std::string& token) {
    impl_->request_batch_id = batch_id;
    begin(impl_->settings.endpoint, std::move(gzip_body), token, batch_id);
}

BatchUpload Uploader::send_batch(const std::string& batch_id, std::string_view gzip_body,
                                 const std::string& token) {
    begin_batch(batch_id, std::string(gzip_body), token);
    return finish_batch();
}

BatchUpload Uploader::finish_batch() {
    const std::string batch_id = impl_->request_batch_id;
    BatchUpload up;
    up.http = finish();
    const auto& ex = up.http;
    up.retry_after = ex.retry_after;
    if (ex.result != HttpExchange::Result::Response) {
        up.problem = (ex.tls_problem ? "TLS: " : "network: ") + ex.error;
        return up;
    }
    if (ex.status >= 200 && ex.status < 300) {
        auto decoded = protocol::decode_response(ex.body);
        if (auto* error = std::get_if<protocol::DecodeError>(&decoded)) {
            up.problem = "malformed reply (HTTP " + std::to_string(ex.status) + ", " +
                         (ex.content_type.empty() ? "no content type" : ex.content_type) + "): " +
                         error->reason;
            return up;
        }
        auto& response = std::get<protocol::BatchResponse>(decoded);
        if (response.version != protocol::kVersion) {
            up.problem = "malformed reply: protocol version " + std::to_string(response.version) +
                         ", this kiosk speaks " + std::to_string(protocol::kVersion);
            return up;
        }
        if (response.batch_id != batch_id) {
            up.problem = "malformed reply: it answers batch " + printable_excerpt(response.batch_id, 40) +
                         ", not " + batch_id;
            return up;
        }
        if (response.results.empty()) {
            up.problem = "the collector acknowledged none of the entries (HTTP " +
                         std::to_string(ex.status) + ")";
            up.response = std::move(response);
            return up;
        }
        up.response = std::move(response);
        return up;
    }
    std::string detail;
    auto error = protocol::decode_error(ex.body);
    if (auto* body = std::get_if<protocol::ErrorBody>(&error)) {
        detail = body->error;
        if (!body->reason.empty()) detail += (detail.empty() ? "" : ": ") + body->reason;
        detail = printable_excerpt(detail, 300);
    } else if (!ex.body.empty()) {
        detail = "body: " + printable_excerpt(ex.body);
    }
    up.problem = "HTTP " + std::to_string(ex.status) + " from the collector";
    if (!detail.empty()) up.problem += " (" + detail + ")";
    return up;
}

HttpExchange Uploader::send_heartbeat(const protocol::Heartbeat& heartbeat, const std::string& token) {
    const std::string body = protocol::gzip(protocol::encode(heartbeat));
    return post(impl_->heartbeat_url, body, token, {});
}

std::string encode_batch_body(const protocol::Batch& batch) {
    return protocol::gzip(protocol::encode(batch));
}

std::string redact_url(std::string_view text) {
    // Any "scheme://user:pass@" in the text becomes "scheme://***@".
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto s = text.find("://", pos);
        if (s == std::string_view::npos) break;
        const auto host_start = s + 3;
        auto end = host_start;
        while (end < text.size() && text[end] != '/' && text[end] != ' ' && text[end] != '@' &&
               text[end] != '\'' && text[end] != '"')
            ++end;
        out.append(text.substr(pos, host_start - pos));
        if (end < text.size() && text[end] == '@') {
            out += "***@";
            pos = end + 1;
        } else {
            pos = host_start;
        }
    }
    out.append(text.substr(pos));
    return out;
}

std::string printable_excerpt(std::string_view text, std::size_t max_chars) {
    std::string out;
    for (const char c : text) {
        if (out.size() >= max_chars) {
            out += "…";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F) ? ' ' : c;
    }
    return out;
}

}  // namespace feedback::sync
