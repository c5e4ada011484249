// Benchmark (issue 18): the server time of the console's complaint queue page with 100,000
// complaints — the database query, the count for paging and the HTML — measured in-process
// around Console::handle, as the collector serves it (the network adds only the transfer).
// Goal: under 300 ms. Prints the median and worst of 15 requests for several views and exits
// 1 when a median misses the goal.
//
// The data: two offices (kiosks in each), six categories, one complaint in twenty sensitive,
// filed over two years, a third resolved and a third in progress, received through the
// protocol's storage (so the cases trigger and indexes do the same work as in service).
//
//   bench_console WORKDIR
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "auth.h"
#include "common/sqlite.h"
#include "console.h"
#include "sqlite_console_store.h"
#include "storage.h"

using namespace feedback;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kComplaints = 100'000;
constexpr double kGoalMs = 300;

std::string uuid(int n) {
    char text[64];
    std::snprintf(text, sizeof text, "0190f3c2-7a1b-7c3d-8e4f-%012d", n);
    return text;
}

std::string iso(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    return text;
}

void fill(const std::filesystem::path& db) {
    collector::Storage storage(db);
    console::SqliteConsoleStore store(db);
    store.add_office({"north", "สำนักงานเหนือ", "North"});
    store.add_office({"south", "สำนักงานใต้", "South"});
    store.set_device_offices({{"kiosk-n1", "north"}, {"kiosk-n2", "north"}, {"kiosk-s1", "south"}});
    const char* categories[] = {"unfair", "rude", "delay", "bribery", "facilities", "other"};
    const char* devices[] = {"kiosk-n1", "kiosk-n2", "kiosk-s1"};
    const std::int64_t start = 1'735'689'600;  // 2025-01-01
    const auto began = Clock::now();
    for (int b = 0; b < kComplaints / 1000; ++b) {
        const std::string device = devices[b % 3];
        protocol::Batch batch;
        batch.batch_id = uuid(900'000'000 + b);
        batch.device_id = device;
        std::vector<protocol::WireEntry> entries;
        for (int i = 0; i < 1000; ++i) {
            const int n = b * 1000 + i;
            protocol::WireEntry e;
            e.id = uuid(n);
            e.kind = "complaint";
            e.created_utc = iso(start + static_cast<std::int64_t>(n) * 630);  // two years
            e.utc_offset_min = 420;
            e.device_id = device;
            e.service_point = "finance";
            e.language = "th";
            e.survey_version = "2026.1";
            e.channel = "kiosk";
            protocol::WireComplaint c;
            c.category = categories[n % 6];
            c.sensitive = n % 20 == 0;
            c.service_point = "finance";
            c.description = "ให้บริการล่าช้า รอนานเกินกว่าที่ประกาศไว้ เรื่องที่ " + std::to_string(n);
            c.reference = "BEN-" + std::to_string(n);
            e.complaint = c;
            entries.push_back(std::move(e));
        }
        storage.store_batch(device, batch, entries, {}, std::nullopt);
    }
    sqlite::Database raw(db.string(), SQLITE_OPEN_READWRITE);
    raw.exec("UPDATE cases SET status = 'resolved', closed_utc = created_utc WHERE entry_seq % 3 = 0");
    raw.exec("UPDATE cases SET status = 'in_progress', started_utc = created_utc WHERE entry_seq % 3 = 1");
    raw.exec("ANALYZE");
    std::printf("filled %d complaints in %.1f s\n", kComplaints,
                std::chrono::duration<double>(Clock::now() - began).count());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_console WORKDIR\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto db = dir / "collector.db";
    fill(db);

    console::SqliteConsoleStore store(db);
    const std::string hash = console::hash_password("benchmark password");
    store.add_user({"officer", "north", console::Role::Officer, hash});
    store.add_user({"admin", "*", console::Role::Executive, hash});
    store.add_user({"executive", "north", console::Role::Executive, hash});
    console::Console console(store, {});

    const auto sign_in = [&](const std::string& user) {
        console::ConsoleRequest get{"GET", "/console/login", "", "", "", "", "127.0.0.1", false};
        const auto page = console.handle(get);
        std::string csrf;
        for (const auto& [name, value] : page.headers)
            if (name == "Set-Cookie" && value.rfind("console_csrf=", 0) == 0) csrf = value.substr(13, 64);
        console::ConsoleRequest post{"POST", "/console/login", "", "console_csrf=" + csrf, "",
                                     "csrf=" + csrf + "&user=" + user + "&password=benchmark+password",
                                     "127.0.0.1", false};
        for (const auto& [name, value] : console.handle(post).headers)
            if (name == "Set-Cookie" && value.rfind("console_session=", 0) == 0)
                return "console_session=" + value.substr(16, 64);
        std::fprintf(stderr, "sign-in failed\n");
        std::exit(1);
    };

    struct View {
        const char* what;
        std::string user;
        std::string query;
    };
    const std::vector<View> views{
        {"officer, own office, first page", "officer", ""},
        {"officer, open complaints", "officer", "status=open"},
        {"officer, one category and a date range", "officer", "category=delay&from=2026-01-01&to=2026-06-30"},
        {"officer, one kiosk, page 40", "officer", "kiosk=kiosk-n2&page=40"},
        {"executive, own office, first page", "executive", ""},
        {"every office (executive), first page", "admin", ""},
        {"every office (executive), last page", "admin", "page=2000"},
    };
    bool met = true;
    std::printf("complaint queue page, server time over 15 requests (goal < %.0f ms):\n", kGoalMs);
    for (const auto& view : views) {
        const std::string cookie = sign_in(view.user);
        std::vector<double> ms;
        std::size_t bytes = 0;
        for (int i = 0; i < 15; ++i) {
            console::ConsoleRequest r{"GET", "/console/complaints", view.query, cookie, "", "", "127.0.0.1", false};
            const auto t0 = Clock::now();
            const auto response = console.handle(r);
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            if (response.status != 200) {
                std::fprintf(stderr, "%s: status %d\n", view.what, response.status);
                return 1;
            }
            bytes = response.body.size();
        }
        std::sort(ms.begin(), ms.end());
        const double median = ms[ms.size() / 2];
        met = met && median < kGoalMs;
        std::printf("  %-45s median %7.1f ms  worst %7.1f ms  (%zu bytes)\n", view.what, median, ms.back(), bytes);
    }
    std::printf("goal %s\n", met ? "met" : "MISSED");
    return met ? 0 : 1;
}
