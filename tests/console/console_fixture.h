// Shared by the console tests: a collector database with offices, users and complaints, and a
// small cookie-keeping browser on cpp-httplib's client for the real server over loopback.
#pragma once

#include <httplib.h>

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "../protocol/samples.h"
#include "auth.h"
#include "collector.h"
#include "http_server.h"
#include "console_store.h"
#include "storage.h"
#include "temp_dir.h"
#include "test_database.h"
#include "tokens.h"

namespace feedback::testing {

inline std::string uuid(int n) {
    char text[64];
    std::snprintf(text, sizeof text, "0190f3c2-7a1b-7c3d-8e4f-%012d", n);
    return text;
}

// A complaint numbered n (id from n, reference REF-<n>, description "รายละเอียด <n>").
inline protocol::WireEntry complaint(int n, const std::string& device = "kiosk-n", const std::string& category = "delay",
                                     const std::string& created_utc = "2026-11-27T07:05:09.123Z",
                                     bool sensitive = false, int utc_offset_min = 420) {
    auto e = samples::complaint_entry(uuid(n));
    e.device_id = device;
    e.created_utc = created_utc;
    e.utc_offset_min = utc_offset_min;
    e.complaint->category = category;
    e.complaint->sensitive = sensitive;
    e.complaint->reference = "REF-" + std::to_string(n);
    e.complaint->description = "รายละเอียด " + std::to_string(n);
    e.complaint->contact_phone = "08100000" + std::to_string(10 + n % 90);
    return e;
}

// Stores `entries` as if `device` had sent them in one batch.
inline void receive(collector::Storage& storage, const std::string& device,
                    const std::vector<protocol::WireEntry>& entries, int batch_number) {
    protocol::Batch batch;
    batch.batch_id = uuid(900'000'000 + batch_number);
    batch.device_id = device;
    batch.app_version = "0.1.0";
    batch.sent_utc = "2026-11-27T07:06:00.000Z";
    batch.entries = entries;
    storage.store_batch(device, batch, entries, {}, std::nullopt);
}

inline const std::string kPassword = "correct horse 1";

// Offices north and south; kiosk-n in north, kiosk-s in south (token file's third field);
// users officer-n, exec-n, it-n (north), officer-s (south), admin (*, executive).
struct ConsoleWorld {
    TempDir dir;
    std::string db = test_db(dir / "collector.db");  // a file, or a PostgreSQL URI in the -pg run
    std::filesystem::path tokens = dir / "tokens";

    ConsoleWorld() {
        collector::Storage storage(db);
        const auto owned = console::open_console_store(db);
        auto& store = *owned;
        store.add_office({"north", "สำนักงานเหนือ", "North office"});
        store.add_office({"south", "สำนักงานใต้", "South office"});
        // One hash for every user: Argon2id at interactive limits costs a tenth of a second.
        const std::string hash = console::hash_password(kPassword);
        store.add_user({"officer-n", "north", console::Role::Officer, hash});
        store.add_user({"exec-n", "north", console::Role::Executive, hash});
        store.add_user({"it-n", "north", console::Role::It, hash});
        store.add_user({"officer-s", "south", console::Role::Officer, hash});
        store.add_user({"admin", "*", console::Role::Executive, hash});
        collector::add_token(tokens, "kiosk-n", "north");
        collector::add_token(tokens, "kiosk-s", "south");
    }
};

// The collector in-process on 127.0.0.1 with a free port.
class LiveCollector {
public:
    explicit LiveCollector(ConsoleWorld& world, console::ConsoleOptions console = {}) {
        collector::Options options;
        options.database = world.db;
        options.tokens = world.tokens;
        options.console = std::move(console);
        options.log = [this](const std::string& line) {
            const std::lock_guard lock(mutex_);
            log_.push_back(line);
        };
        collector_ = std::make_unique<collector::Collector>(std::move(options));
        collector::ServerOptions server_options;
        server_options.port = 0;
        server_ = std::make_unique<collector::HttpServer>(*collector_, server_options);
        thread_ = std::thread([this] { server_->run(); });
    }
    ~LiveCollector() {
        server_->stop();
        thread_.join();
    }
    int port() const { return server_->port(); }
    collector::Collector& collector() { return *collector_; }
    std::vector<std::string> log() {
        const std::lock_guard lock(mutex_);
        return log_;
    }

private:
    std::unique_ptr<collector::Collector> collector_;
    std::unique_ptr<collector::HttpServer> server_;
    std::thread thread_;
    std::mutex mutex_;
    std::vector<std::string> log_;
};

// A browser in miniature: keeps cookies (honouring Max-Age=0), finds the page's CSRF token.
class Browser {
public:
    explicit Browser(int port) : client_("127.0.0.1", port) { client_.set_read_timeout(10, 0); }

    httplib::Result get(const std::string& path) {
        auto r = client_.Get(path.c_str(), headers());
        keep(r);
        if (r) last_body_ = r->body;
        return r;
    }
    httplib::Result post(const std::string& path, const std::map<std::string, std::string>& form,
                         bool with_csrf = true) {
        httplib::Params params(form.begin(), form.end());
        if (with_csrf && !form.count("csrf")) params.emplace("csrf", csrf());
        auto r = client_.Post(path.c_str(), headers(), params);
        keep(r);
        if (r) last_body_ = r->body;
        return r;
    }
    // Signs in through the form; returns the POST's answer.
    httplib::Result sign_in(const std::string& user, const std::string& password = kPassword) {
        get("/console/login");
        return post("/console/login", {{"user", user}, {"password", password}});
    }
    std::string csrf() const {
        static const std::regex field("name=\"csrf\" value=\"([0-9a-f]+)\"");
        std::smatch m;
        return std::regex_search(last_body_, m, field) ? m[1].str() : "";
    }
    std::string cookie(const std::string& name) const {
        const auto it = cookies_.find(name);
        return it == cookies_.end() ? "" : it->second;
    }
    std::vector<std::string> set_cookie_lines;  // every Set-Cookie seen, as sent

private:
    httplib::Headers headers() const {
        std::string jar;
        for (const auto& [name, value] : cookies_) jar += (jar.empty() ? "" : "; ") + name + "=" + value;
        return jar.empty() ? httplib::Headers{} : httplib::Headers{{"Cookie", jar}};
    }
    void keep(const httplib::Result& r) {
        if (!r) return;
        for (auto [it, end] = r->headers.equal_range("Set-Cookie"); it != end; ++it) {
            const std::string& line = it->second;
            set_cookie_lines.push_back(line);
            const auto eq = line.find('=');
            const auto semi = line.find(';');
            const std::string name = line.substr(0, eq);
            const std::string value = line.substr(eq + 1, semi == std::string::npos ? semi : semi - eq - 1);
            if (line.find("Max-Age=0") != std::string::npos) cookies_.erase(name);
            else cookies_[name] = value;
        }
    }
    httplib::Client client_;
    std::map<std::string, std::string> cookies_;
    std::string last_body_;
};

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace feedback::testing
