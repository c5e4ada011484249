// Prometheus text for IT (see metrics.h for why these counters and the allow-list).
#include "metrics.h"

#include <arpa/inet.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace feedback::collector {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// IPv4 as IPv4-mapped IPv6; brackets around IPv6 are allowed. nullopt when not an address.
std::optional<std::array<unsigned char, 16>> parse_address(std::string_view text, bool* v4 = nullptr) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    const std::string s(text);
    std::array<unsigned char, 16> out{};
    in_addr a4{};
    if (inet_pton(AF_INET, s.c_str(), &a4) == 1) {
        out[10] = out[11] = 0xFF;
        std::memcpy(out.data() + 12, &a4, 4);
        if (v4) *v4 = true;
        return out;
    }
    in6_addr a6{};
    if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
        std::memcpy(out.data(), &a6, 16);
        if (v4) *v4 = false;
        return out;
    }
    return std::nullopt;
}

// Label values escape \, " and newline (the exposition format's rule).
std::string label(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string number(double v) {
    char b[64];
    std::snprintf(b, sizeof b, "%.9g", v);
    return b;
}

const char* endpoint_name(Metrics::Endpoint e) {
    switch (e) {
        case Metrics::Endpoint::Batch: return "batch";
        case Metrics::Endpoint::Heartbeat: return "heartbeat";
        case Metrics::Endpoint::Console: return "console";
        case Metrics::Endpoint::Track: return "track";
        case Metrics::Endpoint::Metrics: return "metrics";
        case Metrics::Endpoint::Other: break;
    }
    return "other";
}

}  // namespace

std::vector<Cidr> parse_cidr_list(std::string_view list) {
    std::vector<Cidr> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const std::string_view item = trim(list.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (!item.empty()) {
            const auto slash = item.find('/');
            bool v4 = false;
            const auto address = parse_address(item.substr(0, slash), &v4);
            if (!address) throw std::invalid_argument("\"" + std::string(item) + "\" is not an IP address or network");
            Cidr c;
            c.address = *address;
            const int max = v4 ? 32 : 128;
            int prefix = max;
            if (slash != std::string_view::npos) {
                const std::string bits(item.substr(slash + 1));
                if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos ||
                    std::stoi(bits) > max)
                    throw std::invalid_argument("\"" + std::string(item) + "\": the prefix length must be 0 to " +
                                                std::to_string(max));
                prefix = std::stoi(bits);
            }
            c.prefix = v4 ? prefix + 96 : prefix;
            out.push_back(c);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

bool cidr_allows(const std::vector<Cidr>& networks, std::string_view address) {
    const auto a = parse_address(address);
    if (!a) return false;
    for (const auto& n : networks) {
        int bits = n.prefix;
        bool match = true;
        for (std::size_t i = 0; i < 16 && bits > 0 && match; ++i, bits -= 8) {
            const unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
            match = ((*a)[i] & mask) == (n.address[i] & mask);
        }
        if (match) return true;
    }
    return false;
}

void Metrics::request(Endpoint endpoint, int status, double seconds) {
    const std::lock_guard lock(mutex_);
    if (endpoint == Endpoint::Batch) ++batches_[status];
    if (endpoint == Endpoint::Heartbeat) ++heartbeats_[status];
    Histogram& h = latency_[endpoint];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) {
            ++h.buckets[i];
            break;
        }
    ++h.count;
    h.sum += seconds;
}

void Metrics::entries(std::uint64_t accepted, std::uint64_t duplicate, std::uint64_t rejected) {
    const std::lock_guard lock(mutex_);
    entries_[0] += accepted;
    entries_[1] += duplicate;
    entries_[2] += rejected;
}

void Metrics::store_error(bool transient) {
    const std::lock_guard lock(mutex_);
    ++store_errors_[transient ? 0 : 1];
}

std::string Metrics::render(const std::vector<console::KioskStatus>& kiosks) const {
    std::string out;
    const auto family = [&](const char* name, const char* type, const char* help) {
        out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    };
    const std::lock_guard lock(mutex_);
    family("feedback_collector_batches_total", "counter", "Batch requests answered, by HTTP status code.");
    if (batches_.empty()) out += "feedback_collector_batches_total{code=\"200\"} 0\n";
    for (const auto& [code, n] : batches_)
        out += "feedback_collector_batches_total{code=\"" + std::to_string(code) + "\"} " + std::to_string(n) + "\n";
    family("feedback_collector_heartbeats_total", "counter", "Heartbeat requests answered, by HTTP status code.");
    if (heartbeats_.empty()) out += "feedback_collector_heartbeats_total{code=\"204\"} 0\n";
    for (const auto& [code, n] : heartbeats_)
        out += "feedback_collector_heartbeats_total{code=\"" + std::to_string(code) + "\"} " + std::to_string(n) + "\n";
    family("feedback_collector_entries_total", "counter", "Entries in stored batches, by the result each was acknowledged with.");
    const char* results[] = {"accepted", "duplicate", "rejected"};
    for (std::size_t i = 0; i < 3; ++i)
        out += std::string("feedback_collector_entries_total{result=\"") + results[i] + "\"} " +
               std::to_string(entries_[i]) + "\n";
    family("feedback_collector_store_errors_total", "counter",
           "Failures of the collector's database while answering (transient: answered 503; permanent: 500).");
    out += "feedback_collector_store_errors_total{kind=\"transient\"} " + std::to_string(store_errors_[0]) + "\n";
    out += "feedback_collector_store_errors_total{kind=\"permanent\"} " + std::to_string(store_errors_[1]) + "\n";
    family("feedback_collector_request_duration_seconds", "histogram",
           "Time from a request's arrival (headers and body read) to its answer, by endpoint.");
    for (const auto& [endpoint, h] : latency_) {
        const std::string e = endpoint_name(endpoint);
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += h.buckets[i];
            out += "feedback_collector_request_duration_seconds_bucket{endpoint=\"" + e + "\",le=\"" +
                   number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
        }
        out += "feedback_collector_request_duration_seconds_bucket{endpoint=\"" + e + "\",le=\"+Inf\"} " +
               std::to_string(h.count) + "\n";
        out += "feedback_collector_request_duration_seconds_sum{endpoint=\"" + e + "\"} " + number(h.sum) + "\n";
        out += "feedback_collector_request_duration_seconds_count{endpoint=\"" + e + "\"} " + std::to_string(h.count) +
               "\n";
    }
    family("feedback_collector_heartbeat_age_seconds", "gauge",
           "Seconds since each kiosk's last heartbeat arrived (kiosks never heard from are left out).");
    for (const auto& k : kiosks)
        if (k.heartbeat_age_s)
            out += "feedback_collector_heartbeat_age_seconds{device=\"" + label(k.row.device_id) + "\",office=\"" +
                   label(k.row.office) + "\"} " + std::to_string(*k.heartbeat_age_s) + "\n";
    family("feedback_collector_kiosk_state", "gauge",
           "1 for each kiosk's computed fleet state (ok, silent, clock, auth, backlog), 0 for the others.");
    for (const auto& k : kiosks)
        for (const auto s : {console::KioskState::Ok, console::KioskState::Silent, console::KioskState::WrongClock,
                             console::KioskState::Auth, console::KioskState::Backlog})
            out += "feedback_collector_kiosk_state{device=\"" + label(k.row.device_id) + "\",office=\"" +
                   label(k.row.office) + "\",state=\"" + std::string(console::to_string(s)) + "\"} " +
                   (k.state == s ? "1" : "0") + "\n";
    family("feedback_collector_kiosk_clock_offset_seconds", "gauge",
           "Each kiosk's clock minus the collector's when its last heartbeat arrived.");
    for (const auto& k : kiosks)
        if (k.row.clock_offset_ms)
            out += "feedback_collector_kiosk_clock_offset_seconds{device=\"" + label(k.row.device_id) + "\",office=\"" +
                   label(k.row.office) + "\"} " + number(static_cast<double>(*k.row.clock_offset_ms) / 1000.0) + "\n";
    return out;
}

}  // namespace feedback::collector
