// /metrics for IT (issue 19): the collector's counters in Prometheus' text exposition format
// (version 0.0.4), served only to addresses in --metrics-allow.
//
// Why in-process counters rather than SQL: batches, entries by result, latencies and store
// errors are events of this process, cheap to count as they happen and meaningless to store
// (Prometheus computes rates from counters that restart at 0 with the process). Only the
// per-kiosk gauges (heartbeat age, state) come from the database, through the fleet's one query.
//
// Why an allow-list of networks and not a password: Prometheus scrapes from a fixed address,
// and the figures name devices and offices, which should not be public. The default is the
// machine itself (127.0.0.0/8 and ::1); anyone else gets 403.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "fleet.h"

namespace feedback::collector {

// One network of the allow-list: IPv4 addresses are kept as IPv4-mapped IPv6 (::ffff:a.b.c.d),
// so "127.0.0.0/8" also matches a peer the socket reports as "::ffff:127.0.0.1".
struct Cidr {
    std::array<unsigned char, 16> address{};
    int prefix = 128;
};

inline constexpr std::string_view kDefaultMetricsAllow = "127.0.0.0/8,::1";

// "127.0.0.0/8, 10.1.2.3, ::1, fd00::/8": a bare address is a single host. Throws
// std::invalid_argument naming the bad item.
std::vector<Cidr> parse_cidr_list(std::string_view list);
// Whether `address` (as in a peer "192.0.2.7" / "::1", without port or brackets) is inside one
// of the networks; an unreadable address never is.
bool cidr_allows(const std::vector<Cidr>& networks, std::string_view address);

class Metrics {
public:
    // What a request was, for the latency histogram's `endpoint` label.
    enum class Endpoint { Batch, Heartbeat, Console, Track, Metrics, Other };

    void request(Endpoint endpoint, int status, double seconds);
    void entries(std::uint64_t accepted, std::uint64_t duplicate, std::uint64_t rejected);
    void store_error(bool transient);

    // The exposition text, with one heartbeat-age and one state family over `kiosks`.
    std::string render(const std::vector<console::KioskStatus>& kiosks) const;

    static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

private:
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};  // cumulative at render time
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<int, std::uint64_t> batches_;     // by HTTP status
    std::map<int, std::uint64_t> heartbeats_;  // by HTTP status
    std::array<std::uint64_t, 3> entries_{};   // accepted, duplicate, rejected
    std::array<std::uint64_t, 2> store_errors_{};  // transient, permanent
    std::map<Endpoint, Histogram> latency_;
};

}  // namespace feedback::collector
