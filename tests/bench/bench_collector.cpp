// Collector load benchmark (issue 20; ctest -L benchmark, or run bench_collector directly).
// Prints figures for each store; the goals are in README.md ("Load benchmark"): at least
// 5,000 entries/s sustained, batch latency p99 under 250 ms, zero errors, on SQLite and on
// PostgreSQL. Exits 1 when a request failed or an entry was not stored (errors are never a
// matter of machine speed); the rates are printed, not enforced, as in the other benchmarks.
//
// What it simulates: N kiosks (default 1,000), each with its own device token (written with the
// collector's own add_token, the code behind `feedback-collector add-token`), against a real
// `feedback-collector serve` process on 127.0.0.1 with that token file.
//
// Office-hours pacing, compressed in time: one office day (08:30-16:30) is played in
// --day-seconds of real time (default 30 s, i.e. 960x). Each kiosk records entries as a Poisson
// process whose rate follows an office-hours curve (quiet first half hour, morning peak
// 09:00-11:00, lunch dip 12:00-13:00, afternoon peak 13:00-15:00, tailing off until 16:30),
// scaled so that all kiosks together record --rate entries per second on average (default
// 6,000, which is 180 entries per kiosk per day with the defaults). Like feedback-sync, a
// kiosk sends what it has pending in batches of at most 50, one request at a time; its sync
// loop comes round every --sync-seconds (default 2 s = 32 office minutes), so batches hold 1 to
// 50 entries: small in quiet hours, larger at the peaks, and full 50s for the tenth of the
// kiosks that start the day with a backlog (50-500 entries from a night offline). Heartbeats
// are NOT compressed by the same factor (every 5 minutes at 960x would be 3,200/s): each kiosk
// sends one every --heartbeat-seconds of real time (default 5 s, 200/s for 1,000 kiosks, still
// 60 times the real rate).
//
// Why the client looks like this: all request bodies are built before the clock starts (the
// protocol encoder from sync/protocol and its gzip, exactly what feedback-sync sends), so the
// benchmark's own CPU during the run is libcurl only, on the same two cores as the collector.
// One libcurl multi handle drives every kiosk over a pool of --connections keep-alive
// connections (default 32, the collector's default per-address limit): the collector sees
// what it sees behind a reverse proxy (deploy/README.md), a few pooled connections from one
// address. Latency is measured from the moment a kiosk's batch is handed to libcurl (its due
// time, or when the kiosk's previous request ended if that was later) to the complete answer,
// so waiting for a pooled connection counts, as it would for the kiosk.
//
// A batch counts as an error unless the answer is 200 with every entry "accepted"; a heartbeat
// unless it is 204/200. After the run the stored entries are counted through the collector's
// own `export` command and must equal the entries sent.
//
// Usage: bench_collector [DIR] [--kiosks N] [--day-seconds S] [--rate R] [--sync-seconds S]
//                        [--heartbeat-seconds S] [--connections N] [--store sqlite|postgresql|both]
//                        [--pg-uri URI]
// DIR (default: the current directory) holds the SQLite database: put it on the disk the
// collector's database would live on. PostgreSQL: --pg-uri names an existing database;
// without it the benchmark starts a throwaway cluster (tests/support/pg_cluster.sh) when the
// PostgreSQL server binaries are installed, and says so when they are not.
#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "../sync/sync_harness.h"
#include "process.h"
#include "protocol/protocol.h"
#include "tokens.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace feedback;

namespace {

struct Settings {
    fs::path dir = fs::current_path();
    int kiosks = 1000;
    double day_seconds = 30;
    double rate = 6000;
    double sync_seconds = 2;
    double heartbeat_seconds = 5;
    long connections = 32;
    std::string store = "both";
    std::string pg_uri;
};

// Relative recording rate over the office day, x in [0, 1) for 08:30-16:30; mean 1.
double office_hours(double x) {
    const double h = 8.5 + 8 * x;
    double w = 0.7;                 // 15:00-16:30
    if (h < 9) w = 0.5;             // doors open
    else if (h < 11) w = 1.45;      // morning peak
    else if (h < 12) w = 1.0;
    else if (h < 13) w = 0.45;      // lunch
    else if (h < 15) w = 1.35;      // afternoon peak
    // Mean of the weights over the 8 hours: (0.5*0.5 + 1.45*2 + 1 + 0.45 + 1.35*2 + 0.7*1.5) / 8.
    constexpr double mean = (0.25 + 2.9 + 1.0 + 0.45 + 2.7 + 1.05) / 8;
    return w / mean;
}

std::string uuid4(std::mt19937_64& rng) {
    static const char* hex = "0123456789abcdef";
    std::string s(36, '-');
    const std::uint64_t a = rng(), b = rng();
    for (int i = 0, bit = 0; i < 36; ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) continue;
        const std::uint64_t word = bit < 16 ? a : b;
        s[static_cast<std::size_t>(i)] = hex[(word >> ((bit % 16) * 4)) & 0xf];
        ++bit;
    }
    s[14] = '4';
    s[19] = hex[8 + (b & 3)];
    return s;
}

std::string iso(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

// One request of the plan, built before the clock starts.
struct Request {
    double due = 0;            // seconds from the start
    bool heartbeat = false;
    std::size_t entries = 0;   // batch size
    std::string batch_id;
    std::string body;          // gzip'ed batch JSON, or the heartbeat JSON
};

struct Kiosk {
    std::string device;
    std::string auth;  // "Authorization: Bearer …"
    std::vector<Request> plan;  // in due order
    std::size_t next = 0;
    bool busy = false;
};

protocol::WireEntry make_entry(std::mt19937_64& rng, const std::string& device, std::int64_t ms) {
    protocol::WireEntry e;
    e.id = uuid4(rng);
    e.created_utc = iso(ms);
    e.utc_offset_min = 420;
    e.device_id = device;
    e.service_point = "counter-" + std::to_string(rng() % 4 + 1);
    e.language = rng() % 5 == 0 ? "en" : "th";
    e.survey_version = "2026.1";
    if (rng() % 20 == 0) {
        e.kind = "complaint";
        protocol::WireComplaint c;
        c.category = "waiting_time";
        c.service_point = e.service_point;
        c.description = "รอคิวนานเกินไป";
        c.anonymous = true;
        static unsigned serial = 0;
        c.reference = "R" + std::to_string(++serial);
        e.complaint = c;
    } else {
        e.kind = "rating";
        e.rating = static_cast<int>(rng() % 5) + 1;
        e.dimensions = {{"speed", static_cast<int>(rng() % 5) + 1}, {"courtesy", static_cast<int>(rng() % 5) + 1}};
        if (*e.rating <= 2) e.reasons = {"slow"};
    }
    if (const auto problem = protocol::validate(e); !problem.empty())
        throw std::logic_error("bench_collector makes an invalid entry: " + problem);
    return e;
}

// The whole day's requests for every kiosk; returns the number of entries.
std::size_t plan_day(std::vector<Kiosk>& kiosks, const Settings& s) {
    std::mt19937_64 rng(2569);
    std::uniform_real_distribution<double> unit(0, 1);
    const double per_kiosk = s.rate / static_cast<double>(kiosks.size());
    const std::int64_t day_start_ms = 1'796'000'000'000;  // a fixed day, so runs are comparable
    std::size_t total = 0;
    for (auto& k : kiosks) {
        std::size_t pending = 0;
        // A tenth start with a backlog from a night offline.
        if (unit(rng) < 0.1) pending = 50 + static_cast<std::size_t>(unit(rng) * 450);
        auto send_pending = [&](double t) {
            while (pending > 0) {
                const std::size_t n = std::min<std::size_t>(pending, 50);
                protocol::Batch b;
                b.batch_id = uuid4(rng);
                b.device_id = k.device;
                b.app_version = "bench";
                const auto ms = day_start_ms + static_cast<std::int64_t>(t / s.day_seconds * 8 * 3600 * 1000);
                b.sent_utc = iso(ms);
                for (std::size_t i = 0; i < n; ++i) b.entries.push_back(make_entry(rng, k.device, ms - 1000 * static_cast<std::int64_t>(i)));
                Request r;
                r.due = t;
                r.entries = n;
                r.batch_id = b.batch_id;
                r.body = protocol::gzip(protocol::encode(b));
                k.plan.push_back(std::move(r));
                pending -= n;
                total += n;
            }
        };
        const double phase = unit(rng) * s.sync_seconds;
        double next_hb = unit(rng) * s.heartbeat_seconds;
        for (double t = phase; t < s.day_seconds; t += s.sync_seconds) {
            while (next_hb <= t) {
                protocol::Heartbeat hb;
                hb.device_id = k.device;
                hb.app_version = "bench";
                hb.pending = static_cast<std::int64_t>(pending);
                hb.kiosk_clock_utc = iso(day_start_ms + static_cast<std::int64_t>(next_hb / s.day_seconds * 8 * 3600 * 1000));
                Request r;
                r.due = next_hb;
                r.heartbeat = true;
                r.body = protocol::encode(hb);
                k.plan.push_back(std::move(r));
                next_hb += s.heartbeat_seconds;
            }
            const double mean = per_kiosk * office_hours(t / s.day_seconds) * s.sync_seconds;
            pending += static_cast<std::size_t>(std::poisson_distribution<long>(mean)(rng));
            send_pending(t);
        }
    }
    return total;
}

struct Transfer {
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::string answer;
    Kiosk* kiosk = nullptr;
    const Request* request = nullptr;
    Clock::time_point started;
};

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

struct Result {
    double seconds = 0;
    std::size_t entries_accepted = 0, batches = 0, heartbeats = 0, errors = 0;
    std::vector<double> latency_ms;  // batches only
    double max_lag_ms = 0;           // how late a request went out against its due time
    std::map<std::string, int> error_kinds;
    std::size_t min_batch = 50, max_batch = 0;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
}

// Plays the plan against the collector at `port`.
Result play(std::vector<Kiosk>& kiosks, int port, const Settings& s) {
    for (auto& k : kiosks) {
        k.next = 0;
        k.busy = false;
    }
    const std::string batches_url = "http://127.0.0.1:" + std::to_string(port) + "/v1/batches";
    const std::string heartbeat_url = "http://127.0.0.1:" + std::to_string(port) + "/v1/heartbeat";
    CURLM* multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, s.connections);
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, s.connections);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, s.connections);
    std::vector<CURL*> idle;
    // (due, kiosk index) of every kiosk's next request, earliest first.
    using Due = std::pair<double, std::size_t>;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> queue;
    for (std::size_t i = 0; i < kiosks.size(); ++i)
        if (!kiosks[i].plan.empty()) queue.emplace(kiosks[i].plan[0].due, i);

    Result result;
    const auto start = Clock::now();
    auto now_s = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    int running = 0;
    std::size_t in_flight = 0;
    while (!queue.empty() || in_flight > 0) {
        const double now = now_s();
        while (!queue.empty() && queue.top().first <= now) {
            const auto [due, index] = queue.top();
            queue.pop();
            Kiosk& k = kiosks[index];
            const Request& r = k.plan[k.next];
            result.max_lag_ms = std::max(result.max_lag_ms, (now - r.due) * 1000);
            CURL* easy = idle.empty() ? curl_easy_init() : idle.back();
            if (!idle.empty()) idle.pop_back();
            auto* t = new Transfer{easy, nullptr, {}, &k, &r, Clock::now()};
            t->headers = curl_slist_append(t->headers, "Content-Type: application/json");
            t->headers = curl_slist_append(t->headers, "Expect:");
            t->headers = curl_slist_append(t->headers, k.auth.c_str());
            if (!r.heartbeat) {
                t->headers = curl_slist_append(t->headers, "Content-Encoding: gzip");
                t->headers = curl_slist_append(t->headers, ("Idempotency-Key: " + r.batch_id).c_str());
            }
            curl_easy_setopt(easy, CURLOPT_URL, r.heartbeat ? heartbeat_url.c_str() : batches_url.c_str());
            curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
            curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
            curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
            curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t->answer);
            curl_easy_setopt(easy, CURLOPT_PRIVATE, t);
            curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 30'000L);
            curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(easy, CURLOPT_PROXY, "");
            curl_multi_add_handle(multi, easy);
            k.busy = true;
            ++in_flight;
        }
        curl_multi_perform(multi, &running);
        int left = 0;
        while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
            if (m->msg != CURLMSG_DONE) continue;
            Transfer* t;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
            long code = 0;
            curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &code);
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t->started).count();
            const Request& r = *t->request;
            std::string error;
            if (m->data.result != CURLE_OK) {
                error = std::string("network: ") + curl_easy_strerror(m->data.result);
            } else if (r.heartbeat) {
                ++result.heartbeats;
                if (code != 204 && code != 200) error = "heartbeat HTTP " + std::to_string(code);
            } else {
                ++result.batches;
                result.latency_ms.push_back(ms);
                result.min_batch = std::min(result.min_batch, r.entries);
                result.max_batch = std::max(result.max_batch, r.entries);
                if (code != 200) {
                    error = "batch HTTP " + std::to_string(code);
                } else {
                    const auto decoded = protocol::decode_response(t->answer);
                    const auto* response = std::get_if<protocol::BatchResponse>(&decoded);
                    std::size_t accepted = 0;
                    std::string refused;  // the first reason an entry was not accepted
                    if (response)
                        for (const auto& ack : response->results) {
                            accepted += ack.status == protocol::AckStatus::Accepted;
                            if (ack.status != protocol::AckStatus::Accepted && refused.empty())
                                refused = std::string(protocol::to_string(ack.status)) + " " + ack.reason;
                        }
                    result.entries_accepted += accepted;
                    if (!response) error = "malformed answer";
                    else if (accepted != r.entries) error = "entries not accepted: " + refused;
                }
            }
            if (!error.empty()) {
                ++result.errors;
                ++result.error_kinds[error];
            }
            curl_multi_remove_handle(multi, m->easy_handle);
            curl_slist_free_all(t->headers);
            idle.push_back(m->easy_handle);
            Kiosk& k = *t->kiosk;
            k.busy = false;
            --in_flight;
            if (++k.next < k.plan.size())
                queue.emplace(std::max(k.plan[k.next].due, now_s()), static_cast<std::size_t>(&k - kiosks.data()));
            delete t;
        }
        // Sleep in libcurl until a socket is ready or the next request is due.
        int wait_ms = 50;
        if (!queue.empty()) wait_ms = std::clamp(static_cast<int>((queue.top().first - now_s()) * 1000), 0, 50);
        if (wait_ms > 0 || running > 0) curl_multi_poll(multi, nullptr, 0, wait_ms, nullptr);
    }
    result.seconds = now_s();
    for (CURL* e : idle) curl_easy_cleanup(e);
    curl_multi_cleanup(multi);
    return result;
}

// A throwaway PostgreSQL cluster from the tests' own fixture (tests/support/pg_cluster.sh), with
// fsync and synchronous_commit back on: the fixture turns them off to make tests cheap, which
// here would compare a durable SQLite with a PostgreSQL that acknowledges before the disk.
class PgCluster {
public:
    explicit PgCluster(const fs::path& state) : state_(state) {
        const auto r = testing::run({"/bin/bash", FEEDBACK_PG_CLUSTER_SCRIPT, "start", state.string()},
                                    {"FEEDBACK_PG_OPTIONS=-c fsync=on -c synchronous_commit=on -c full_page_writes=on"});
        if (r.exit_code != 0) throw std::runtime_error("pg_cluster.sh start failed: " + r.err);
        std::string dir = testing::read_file(state);
        dir = dir.substr(0, dir.find('\n'));
        uri_ = "postgresql:///postgres?host=" + dir + "&user=postgres";
    }
    ~PgCluster() { testing::run({"/bin/bash", FEEDBACK_PG_CLUSTER_SCRIPT, "stop", state_.string()}); }
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;
    const std::string& uri() const { return uri_; }
    static bool available() {
        for (const auto& dir : fs::directory_iterator("/usr/lib/postgresql", std::filesystem::directory_options::skip_permission_denied))
            if (fs::exists(dir.path() / "bin" / "initdb")) return true;
        return false;
    }

private:
    fs::path state_;
    std::string uri_;
};

// Entries the collector holds, counted through its own export command (CSV, one row each).
long long stored_entries(const std::string& db) {
    const auto r = testing::run({testing::kCollectorBin, "export", "--db", db});
    if (r.exit_code != 0) return -1;
    long long lines = 0;
    for (char c : r.out) lines += c == '\n';
    return lines - 1;  // header row
}

// Where the collector's threads spent the run (schedstat, summed over its threads): on the CPU,
// and runnable but waiting for a CPU. The second is the machine, not the collector: on a busy
// shared machine it is most of a request's latency.
struct SchedTimes {
    double on_cpu_s = 0, waiting_s = 0;
};
SchedTimes sched_times(pid_t pid) {
    SchedTimes t;
    std::error_code ec;
    for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        const auto text = testing::read_file(task.path() / "schedstat");
        unsigned long long cpu = 0, wait = 0;
        if (std::sscanf(text.c_str(), "%llu %llu", &cpu, &wait) == 2) {
            t.on_cpu_s += static_cast<double>(cpu) / 1e9;
            t.waiting_s += static_cast<double>(wait) / 1e9;
        }
    }
    return t;
}

double cpu_seconds(const struct rusage& u) {
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double load_average() {
    double load[1] = {0};
    return getloadavg(load, 1) == 1 ? load[0] : 0;
}

// One store: a fresh collector on `db`, the day played, the figures printed. false on errors.
bool run_store(const std::string& name, const std::string& db, std::vector<Kiosk>& kiosks, std::size_t planned,
               const fs::path& tokens, const fs::path& work, const Settings& s) {
    Result r;
    struct rusage before {}, after {}, self_before {}, self_after {};
    getrusage(RUSAGE_CHILDREN, &before);
    getrusage(RUSAGE_SELF, &self_before);
    SchedTimes sched;
    {
        testing::CollectorProcess collector(db, work / ("collector-" + name + ".log"), {"--tokens", tokens.string()});
        const auto sched_before = sched_times(collector.pid());
        r = play(kiosks, collector.port(), s);
        sched = sched_times(collector.pid());
        sched.on_cpu_s -= sched_before.on_cpu_s;
        sched.waiting_s -= sched_before.waiting_s;
        collector.stop();
    }
    getrusage(RUSAGE_CHILDREN, &after);
    getrusage(RUSAGE_SELF, &self_after);
    const long long stored = stored_entries(db);
    const double rate = static_cast<double>(r.entries_accepted) / r.seconds;
    const double p50 = percentile(r.latency_ms, 0.5), p99 = percentile(r.latency_ms, 0.99);
    std::printf("\n  %s (%s)\n", name.c_str(), db.c_str());
    std::printf("    %zu entries accepted in %zu batches (%zu-%zu entries each) + %zu heartbeats, %.2f s\n",
                r.entries_accepted, r.batches, r.min_batch, r.max_batch, r.heartbeats, r.seconds);
    std::printf("    entries/s: %.0f  (goal >= 5,000)%s\n", rate, rate >= 5000 ? "" : "  BELOW GOAL");
    std::printf("    batch latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms  (goal p99 < 250 ms)%s\n", p50, p99,
                percentile(r.latency_ms, 1.0), p99 < 250 ? "" : "  ABOVE GOAL");
    std::printf("    errors: %zu  (goal 0)\n", r.errors);
    for (const auto& [kind, n] : r.error_kinds) std::printf("      %d x %s\n", n, kind.c_str());
    std::printf("    latest start against the schedule: %.0f ms; collector CPU %.1f s (%.0f%% of one core)\n",
                r.max_lag_ms, cpu_seconds(after) - cpu_seconds(before),
                100 * (cpu_seconds(after) - cpu_seconds(before)) / r.seconds);
    std::printf("    collector threads: %.1f s on a CPU, %.1f s runnable but waiting for one; this benchmark's "
                "client %.1f s CPU; load average at the end %.1f (2 cores here)\n",
                sched.on_cpu_s, sched.waiting_s, cpu_seconds(self_after) - cpu_seconds(self_before), load_average());
    std::printf("    stored by the collector (export): %lld of %zu sent\n", stored, planned);
    return r.errors == 0 && r.entries_accepted == planned && stored == static_cast<long long>(planned);
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool value = i + 1 < argc;
        if (arg == "--kiosks" && value) s.kiosks = std::atoi(argv[++i]);
        else if (arg == "--day-seconds" && value) s.day_seconds = std::atof(argv[++i]);
        else if (arg == "--rate" && value) s.rate = std::atof(argv[++i]);
        else if (arg == "--sync-seconds" && value) s.sync_seconds = std::atof(argv[++i]);
        else if (arg == "--heartbeat-seconds" && value) s.heartbeat_seconds = std::atof(argv[++i]);
        else if (arg == "--connections" && value) s.connections = std::atol(argv[++i]);
        else if (arg == "--store" && value) s.store = argv[++i];
        else if (arg == "--pg-uri" && value) s.pg_uri = argv[++i];
        else if (arg.rfind("--", 0) == 0) {
            std::fprintf(stderr, "bench_collector: unknown option %s\n", arg.c_str());
            return 2;
        } else s.dir = arg;
    }
    if (s.kiosks < 1 || s.day_seconds <= 0 || s.rate <= 0 || s.sync_seconds <= 0 || s.heartbeat_seconds <= 0 ||
        s.connections < 1 || (s.store != "sqlite" && s.store != "postgresql" && s.store != "both")) {
        std::fprintf(stderr, "bench_collector: bad option value\n");
        return 2;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as each store finishes
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const fs::path work = s.dir / "bench-collector-run";
    fs::remove_all(work);
    fs::create_directories(work);

    std::printf("collector load benchmark: %d kiosks, an office day (08:30-16:30) in %.0f s (%.0fx), "
                "%.0f entries/s offered on average (plus morning backlogs), sync every %.1f s, heartbeat every %.1f s, "
                "%ld connections\n",
                s.kiosks, s.day_seconds, 8 * 3600 / s.day_seconds, s.rate, s.sync_seconds, s.heartbeat_seconds,
                s.connections);
    auto t = Clock::now();
    std::vector<Kiosk> kiosks(static_cast<std::size_t>(s.kiosks));
    const fs::path tokens = work / "tokens.txt";
    for (int i = 0; i < s.kiosks; ++i) {
        char device[32];
        std::snprintf(device, sizeof device, "kiosk-%04d", i + 1);
        kiosks[static_cast<std::size_t>(i)].device = device;
        kiosks[static_cast<std::size_t>(i)].auth = "Authorization: Bearer " + collector::add_token(tokens, device);
    }
    const std::size_t planned = plan_day(kiosks, s);
    std::printf("  %d tokens and %zu entries' request bodies prepared in %.1f s (not timed below)\n", s.kiosks,
                planned, std::chrono::duration<double>(Clock::now() - t).count());

    bool ok = true;
    if (s.store != "postgresql") ok = run_store("SQLite", (work / "collector.db").string(), kiosks, planned, tokens, work, s) && ok;
    if (s.store != "sqlite") {
        std::string uri = s.pg_uri;
        std::unique_ptr<PgCluster> cluster;
        if (uri.empty() && fs::exists("/usr/lib/postgresql") && PgCluster::available()) {
            cluster = std::make_unique<PgCluster>(work / "pg-state");
            uri = cluster->uri();
        }
        if (uri.empty())
            std::printf("\n  PostgreSQL: not run (no --pg-uri and no PostgreSQL server binaries for a throwaway "
                        "cluster)\n");
        else
            ok = run_store("PostgreSQL", uri, kiosks, planned, tokens, work, s) && ok;
    }
    fs::remove_all(work);
    curl_global_cleanup();
    return ok ? 0 : 1;
}
