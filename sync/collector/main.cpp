// feedback-collector: the reference central endpoint of sync/PROTOCOL.md, for tests, for trying
// the kiosk on one machine, and as a model for an office's real server.
//
//   feedback-collector serve --listen 127.0.0.1:8787 --db FILE|URI [--tokens FILE]
//                            [--tls-cert F --tls-key F] [--max-body BYTES]
//                            [--fault MODE[,MODE…]] [--fault-every N] [--stall-seconds S]
//                            [--max-connections N] [--max-per-address N] [--header-timeout S]
//                            [--track-limit N] [--heartbeat-interval S] [--office-hours SPEC]
//                            [--metrics-allow CIDR[,CIDR…]] [--survey FILE] [--public-cache-seconds S]
//   feedback-collector export --db FILE [--out FILE] [--sensitive-out FILE]
//   feedback-collector add-token --tokens FILE --device ID [--office CODE] [--db FILE]
//   feedback-collector add-office --db FILE --code CODE --name-th NAME [--name-en NAME]
//   feedback-collector add-user --db FILE --user NAME --office CODE|'*' --role officer|executive|it
//   feedback-collector set-password --db FILE --user NAME
//   feedback-collector remove-user --db FILE --user NAME
//   feedback-collector fleet --db FILE [--office CODE] [--json] [--heartbeat-interval S]
//                            [--office-hours SPEC]
//   feedback-collector publish --db FILE --office CODE on|off
//   feedback-collector complaints-report --db FILE --office CODE|'*' --month YYYY-MM
//                            --format json|html|csv [--out FILE] [--include-sensitive] [--lang th|en]
//   feedback-collector report --db FILE --office CODE|'*' --period P --format json|html|xlsx|csv
//                            [--device ID] [--out FILE] [--survey FILE] [--edition internal|public]
//   feedback-collector import --db FILE --office CODE --csv FILE [--survey FILE] [--dry-run]
//   (report and import: report_commands.cpp)
//
// Every --db takes a SQLite file or a PostgreSQL URI ("postgresql://user@host/dbname", libpq
// syntax; issue 20). The database password is never on the command line: libpq's ~/.pgpass or
// PGPASSFILE, or --db-password-file FILE (0600, the password on its first line; a file other
// users may read is refused). A URI carrying a password is refused.
//
// Passwords (add-user, set-password) are read from stdin, one line, never from the command line
// (which other users can see in ps); on a terminal the typing is not echoed.
//
// Exit codes follow feedback-kiosk: 0 success, 1 runtime error, 2 usage error.
// `serve` prints "listening on HOST:PORT" as its first line on stdout (flushed) so scripts and
// tests can start it with port 0 and learn the port; everything else goes to stderr.
// SIGTERM and SIGINT stop it cleanly: a dedicated thread waits for them (they are blocked in
// every other thread), so stopping runs as ordinary code rather than in a signal handler.
#include <cerrno>
#include <cstring>
#include <CLI/CLI.hpp>
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "auth.h"
#include "collector.h"
#include "complaint_report.h"
#include "core/survey.h"
#include "dates.h"
#include "export.h"
#include "console_store.h"
#include "fleet.h"
#include "pg.h"
#include "http_server.h"
#include "report_commands.h"
#include "storage.h"
#include "tokens.h"

namespace {

using namespace feedback::collector;

constexpr int kExitRuntimeError = 1;
constexpr int kExitUsageError = 2;

constexpr const char* kExitCodes =
    "\nExit codes: 0 success, 1 runtime error (database, token file, address or TLS problem), "
    "2 usage error (unknown command, bad flag or value).";

void error(const std::string& message) { std::fprintf(stderr, "feedback-collector: error: %s\n", message.c_str()); }

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "127.0.0.1:8787", "[::1]:8787", "localhost:0".
std::pair<std::string, int> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw UsageError("--listen: expected HOST:PORT, e.g. 127.0.0.1:8787");
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port_text = text.substr(colon + 1);
    if (port_text.find_first_not_of("0123456789") != std::string::npos || port_text.size() > 5 ||
        std::stoi(port_text) > 65535)
        throw UsageError("--listen: the port must be a number from 0 to 65535");
    return {host, std::stoi(port_text)};
}

bool loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

struct ServeArgs {
    std::string listen = "127.0.0.1:8787";
    std::string db;
    std::string tokens;
    std::string tls_cert, tls_key;
    std::size_t max_body = feedback::protocol::kMaxBodyBytes;
    std::string faults;
    std::uint64_t fault_every = 1;
    double stall_seconds = 30;
    std::size_t max_connections = 512;
    std::size_t max_per_address = 32;
    double header_timeout = 10;
    unsigned track_limit = 10;
    int target_days = 15;
    int lockout_seconds = 30;
    int heartbeat_interval = 300;
    std::string office_hours = "mon-fri 08:30-16:30 +07:00";
    std::string metrics_allow = std::string(kDefaultMetricsAllow);
    unsigned public_cache_seconds = 300;
    std::string survey;  // the combined report's labels (issue 19)
};

// --heartbeat-interval and --office-hours, shared by serve and fleet.
feedback::console::FleetPolicy fleet_policy(int heartbeat_interval, const std::string& office_hours) {
    feedback::console::FleetPolicy policy;
    policy.heartbeat_interval = std::chrono::seconds(heartbeat_interval);
    std::string problem;
    const auto hours = feedback::console::parse_office_hours(office_hours, &problem);
    if (!hours) throw UsageError("--office-hours: " + problem);
    policy.hours = *hours;
    return policy;
}

int serve(const ServeArgs& args) {
    const auto [host, port] = parse_listen(args.listen);
    Options options;
    options.database = args.db;
    if (!args.tokens.empty()) options.tokens = args.tokens;
    options.max_body = args.max_body;
    try {
        options.faults.modes = parse_faults(args.faults);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--fault: ") + e.what());
    }
    options.faults.every = args.fault_every;
    options.track_lookups_per_minute = args.track_limit;
    options.console.target_days = args.target_days;
    options.console.lockout.first = std::chrono::seconds(args.lockout_seconds);
    options.console.fleet = fleet_policy(args.heartbeat_interval, args.office_hours);
    options.metrics_allow = args.metrics_allow;
    try {
        parse_cidr_list(args.metrics_allow);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--metrics-allow: ") + e.what());
    }
    options.public_cache_seconds = args.public_cache_seconds;
    options.survey_file = args.survey;

    ServerOptions server_options;
    server_options.host = host;
    server_options.port = port;
    if (!args.tls_cert.empty()) server_options.tls_cert = args.tls_cert;
    if (!args.tls_key.empty()) server_options.tls_key = args.tls_key;
    server_options.stall = std::chrono::milliseconds(static_cast<long long>(args.stall_seconds * 1000));
    server_options.max_connections = args.max_connections;
    server_options.max_per_address = args.max_per_address;
    server_options.header_timeout = std::chrono::milliseconds(static_cast<long long>(args.header_timeout * 1000));

    // Block the stop signals before any thread exists, so that only the waiter sees them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    Collector collector(std::move(options));
    HttpServer server(collector, server_options);
    if (!server.tls() && !loopback(host))
        std::fprintf(stderr, "feedback-collector: warning: serving plain HTTP on %s: tokens and complaints "
                             "cross the network unencrypted; use --tls-cert/--tls-key\n", host.c_str());
    const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::printf("listening on %s:%d\n", shown_host.c_str(), server.port());
    std::fflush(stdout);
    std::fprintf(stderr, "feedback-collector: serving %s on %s:%d, database %s\n", server.tls() ? "HTTPS" : "HTTP",
                 shown_host.c_str(), server.port(), args.db.c_str());

    std::atomic<bool> done{false};
    std::thread waiter([&] {
        const timespec tick{0, 200'000'000};
        while (!done) {
            const int sig = sigtimedwait(&stop_signals, nullptr, &tick);
            if (sig == SIGTERM || sig == SIGINT) {
                std::fprintf(stderr, "feedback-collector: %s received, stopping\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
                server.stop();
                return;
            }
        }
    });
    const bool ok = server.run();
    done = true;
    waiter.join();
    if (!ok) {
        error("the server stopped unexpectedly");
        return kExitRuntimeError;
    }
    std::fprintf(stderr, "feedback-collector: stopped\n");
    return 0;
}

// Opens `path` for writing, created 0600 (exports hold complaint contact details).
std::ofstream private_file(const std::string& path) {
    const mode_t old = ::umask(0077);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    ::umask(old);
    if (!out) throw std::runtime_error("cannot write " + path);
    // An existing file keeps its old mode through the truncating open: make it private too.
    if (::chmod(path.c_str(), 0600) != 0)
        throw std::runtime_error("cannot make " + path + " private (0600): " + std::strerror(errno));
    return out;
}

std::string sensitive_name(const std::string& out) {
    const std::string stem = out.size() > 4 && out.substr(out.size() - 4) == ".csv" ? out.substr(0, out.size() - 4) : out;
    return stem + "-sensitive.csv";
}

int export_command(const std::string& db, const std::string& out_path, std::string sensitive_path) {
    Storage storage(db, Storage::Mode::ReadOnly);
    if (sensitive_path.empty() && !out_path.empty()) sensitive_path = sensitive_name(out_path);
    std::ofstream out_file, sensitive_file;
    if (!out_path.empty()) out_file = private_file(out_path);
    if (!sensitive_path.empty()) sensitive_file = private_file(sensitive_path);
    std::ostream& out = out_path.empty() ? std::cout : out_file;
    const auto counts = export_csv(storage, out, sensitive_path.empty() ? nullptr : &sensitive_file);
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + (out_path.empty() ? std::string("stdout") : out_path));
    if (!sensitive_path.empty()) {
        sensitive_file.flush();
        if (!sensitive_file) throw std::runtime_error("cannot write " + sensitive_path);
    }
    std::fprintf(stderr, "feedback-collector: exported %zu entries%s\n", counts.entries,
                 out_path.empty() ? "" : (" to " + out_path).c_str());
    if (counts.sensitive > 0 || !sensitive_path.empty()) {
        if (sensitive_path.empty())
            std::fprintf(stderr, "feedback-collector: %zu sensitive complaint(s) left out; use --out or "
                                 "--sensitive-out FILE to export them separately\n", counts.sensitive);
        else
            std::fprintf(stderr, "feedback-collector: %zu sensitive complaint(s) to %s\n", counts.sensitive,
                         sensitive_path.c_str());
    }
    return 0;
}

namespace console = feedback::console;

// The database's console store: the collector's Storage opens (and migrates) the database
// first. Only add-office creates a missing SQLite file; the other commands refuse one, so a
// mistyped path is an error rather than a new empty database. A PostgreSQL URI (issue 20)
// names a database that exists already (created by its administrator); it is migrated.
struct ConsoleDb {
    Storage storage;
    std::unique_ptr<console::ConsoleStore> owned;
    console::ConsoleStore& store;
    explicit ConsoleDb(const std::string& address, bool create = false)
        : storage(existing(address, create)), owned(console::open_console_store(address)), store(*owned) {}
    static const std::string& existing(const std::string& address, bool create) {
        if (!create && !feedback::pg::is_uri(address) && !std::filesystem::exists(address))
            throw std::runtime_error("no collector database at " + address);
        return address;
    }
};

int add_token_command(const std::string& tokens, const std::string& device, std::string office,
                      const std::string& db) {
    // --office may be left out while the collector has exactly one office: the device then
    // belongs to it (and stays so in the token file's two-field form). With --db the choice is
    // checked against the offices; without it nothing is checked (the command as it was).
    if (!db.empty()) {
        ConsoleDb database(db);
        const auto offices = database.store.offices();
        if (office.empty() && offices.size() > 1)
            throw UsageError("--office: the collector has " + std::to_string(offices.size()) +
                             " offices; say which one device " + device + " serves");
        bool known = office.empty();
        for (const auto& o : offices) known = known || o.code == office;
        if (!known) throw UsageError("--office: no office " + office + " in " + db + " (add-office first)");
    }
    std::string token;
    try {
        token = add_token(tokens, device, office);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string(office.empty() ? "--device: " : "--device/--office: ") + e.what());
    }
    // The only time the token exists in clear: stdout for the person setting up the kiosk.
    std::printf("%s\n", token.c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "feedback-collector: added a token for device %s to %s; put the line above in the "
                         "kiosk's token file (it is not stored anywhere)\n", device.c_str(), tokens.c_str());
    return 0;
}

// One line from stdin; on a terminal, asked for without echo.
std::string read_password(const char* prompt) {
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios old{};
    if (terminal) {
        std::fprintf(stderr, "%s", prompt);
        ::tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fprintf(stderr, "\n");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (const auto problem = console::password_problem(line); !problem.empty())
        throw UsageError("password (stdin): " + problem);
    return line;
}

int add_office_command(const std::string& db, const std::string& code, const std::string& name_th,
                       const std::string& name_en) {
    if (const auto problem = office_code_problem(code); !problem.empty()) throw UsageError("--code: " + problem);
    if (name_th.empty()) throw UsageError("--name-th: the Thai name is empty");
    ConsoleDb database(db, true);
    try {
        database.store.add_office(console::Office{code, name_th, name_en.empty() ? name_th : name_en});
    } catch (const console::StoreError& e) {
        throw UsageError(std::string("--code: ") + e.what());
    }
    std::fprintf(stderr, "feedback-collector: added office %s to %s\n", code.c_str(), db.c_str());
    return 0;
}

int add_user_command(const std::string& db, const std::string& user, const std::string& office,
                     const std::string& role_word) {
    const auto role = console::role_from(role_word);
    if (!role) throw UsageError("--role: expected officer, executive or it");
    if (user.empty() || user.size() > 64 || user.find_first_of(" \t\r\n") != std::string::npos)
        throw UsageError("--user: 1 to 64 characters without spaces");
    ConsoleDb database(db);
    if (office != "*") {
        bool known = false;
        for (const auto& o : database.store.offices()) known = known || o.code == office;
        if (!known) throw UsageError("--office: no office " + office + " in " + db + " (add-office first, or '*')");
    }
    const std::string password = read_password("password (at least 10 characters): ");
    try {
        database.store.add_user(console::User{user, office, *role, console::hash_password(password)});
    } catch (const console::StoreError& e) {
        throw UsageError(std::string("--user: ") + e.what());
    }
    std::fprintf(stderr, "feedback-collector: added %s user %s for office %s\n", role_word.c_str(), user.c_str(),
                 office.c_str());
    return 0;
}

int set_password_command(const std::string& db, const std::string& user) {
    ConsoleDb database(db);
    if (!database.store.find_user(user)) throw UsageError("--user: no user " + user);
    const std::string password = read_password("new password (at least 10 characters): ");
    if (!database.store.set_password(user, console::hash_password(password))) throw UsageError("--user: no user " + user);
    std::fprintf(stderr, "feedback-collector: changed the password of %s\n", user.c_str());
    return 0;
}

int remove_user_command(const std::string& db, const std::string& user) {
    ConsoleDb database(db);
    if (!database.store.remove_user(user)) throw UsageError("--user: no user " + user);
    std::fprintf(stderr, "feedback-collector: removed user %s (signed-in sessions end at the next restart)\n",
                 user.c_str());
    return 0;
}

struct FleetArgs {
    std::string db, office;
    bool json = false;
    int heartbeat_interval = 300;
    std::string office_hours = "mon-fri 08:30-16:30 +07:00";
};

int fleet_command(const FleetArgs& args) {
    const auto policy = fleet_policy(args.heartbeat_interval, args.office_hours);
    ConsoleDb database(args.db);
    const std::string office = args.office.empty() ? "*" : args.office;
    if (office != "*") {
        bool known = false;
        for (const auto& o : database.store.offices()) known = known || o.code == office;
        if (!known) throw UsageError("--office: no office " + office + " in " + args.db);
    }
    // A separate process has not heard any heartbeat itself: ages come from the stored times.
    const auto view = console::fleet_view(database.store, office, policy, console::now_seconds());
    std::cout << (args.json ? console::fleet_json(view, policy) : console::fleet_table(view));
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write stdout");
    return 0;
}

// Publishing is a console change like the others: audited, with the command line as its user.
int publish_command(const std::string& db, const std::string& office, const std::string& state) {
    ConsoleDb database(db);
    const bool on = state == "on";
    if (!database.store.set_office_published(office, on))
        throw UsageError("--office: no office " + office + " in " + db + " (add-office first)");
    console::AuditItem item;
    item.user = "(command line)";
    item.action = "publish";
    item.target = "office " + office + (on ? " on" : " off");
    item.office = office;
    database.store.add_audit(item);
    std::fprintf(stderr, on ? "feedback-collector: the results of office %s are public at /public/%s\n"
                            : "feedback-collector: the results of office %s are no longer public (/public/%s answers 404)\n",
                 office.c_str(), office.c_str());
    return 0;
}

struct ReportArgs {
    std::string db, office, month, format, out, lang = "th";
    bool include_sensitive = false;
    int target_days = 15;
};

int complaints_report_command(const ReportArgs& args) {
    const auto month = console::parse_month(args.month);
    if (!month) throw UsageError("--month: expected YYYY-MM, e.g. 2026-11");
    ConsoleDb database(args.db);
    std::string name_th, name_en;
    bool known = args.office == "*";
    for (const auto& o : database.store.offices())
        if (o.code == args.office) {
            known = true;
            name_th = o.name_th;
            name_en = o.name_en;
        }
    if (!known) throw UsageError("--office: no office " + args.office + " in " + args.db);
    const console::Scope scope{args.office, args.include_sensitive};
    auto report = console::compute_report(
        database.store.cases_filed_before(scope, console::report_fetch_bound(month->first, month->second)),
        month->first, month->second, args.target_days);
    report.office = args.office;
    report.office_name = name_th;
    report.office_name_en = name_en;
    report.sensitive_included = args.include_sensitive;
    const std::string text = args.format == "json" ? console::report_json(report)
                             : args.format == "csv" ? console::report_csv(report)
                                                    : console::report_html(report, args.lang == "en");
    if (args.out.empty()) {
        std::cout << text;
        std::cout.flush();
        if (!std::cout) throw std::runtime_error("cannot write stdout");
    } else {
        std::ofstream out = private_file(args.out);
        out << text;
        out.flush();
        if (!out) throw std::runtime_error("cannot write " + args.out);
    }
    // Exports are audited like the console's.
    console::AuditItem item;
    item.user = "(command line)";
    item.action = "export";
    item.target = "report " + args.month + " " + args.office + " " + args.format +
                  (args.include_sensitive ? " with sensitive" : "");
    item.office = args.office;
    database.store.add_audit(item);
    std::fprintf(stderr, "feedback-collector: complaint report for %s, office %s: %d received%s\n", args.month.c_str(),
                 args.office.c_str(), report.received,
                 args.include_sensitive ? " (sensitive included)" : " (sensitive left out; --include-sensitive)");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"feedback-collector — reference central endpoint for feedback kiosks (sync/PROTOCOL.md)",
                 "feedback-collector"};
    app.footer(kExitCodes);
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(FEEDBACK_VERSION));
    // Given before or after the command (fallthrough): the password of a PostgreSQL --db.
    app.fallthrough();
    std::string db_password_file;
    app.add_option("--db-password-file", db_password_file,
                   "PostgreSQL --db: a file (mode 0600) whose first line is the database password "
                   "(else libpq's ~/.pgpass or PGPASSFILE)")
        ->envname("FEEDBACK_COLLECTOR_DB_PASSWORD_FILE");

    ServeArgs serve_args;
    auto* serve_cmd = app.add_subcommand("serve", "accept batches and heartbeats over HTTP(S)");
    serve_cmd->add_option("--listen", serve_args.listen, "HOST:PORT to listen on; port 0 picks a free one")
        ->capture_default_str();
    serve_cmd->add_option("--db", serve_args.db,
                          "SQLite database (created 0600 if missing) or PostgreSQL URI postgresql://USER@HOST/DB")
        ->required();
    serve_cmd->add_option("--tokens", serve_args.tokens,
                          "token file (lines \"device_id sha256hex\"); without it the collector runs OPEN");
    serve_cmd->add_option("--tls-cert", serve_args.tls_cert, "PEM certificate chain: serve HTTPS");
    serve_cmd->add_option("--tls-key", serve_args.tls_key, "PEM private key of --tls-cert");
    serve_cmd->add_option("--max-body", serve_args.max_body, "largest request body, sent or inflated (bytes)")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, feedback::protocol::kMaxBodyBytes * 64));
    serve_cmd->add_option("--fault", serve_args.faults,
                          "misbehave on purpose (tests): 500, 503, 429, stall, drop, drop-after-store, "
                          "partial, html, garbage; several separated by commas take turns");
    serve_cmd->add_option("--fault-every", serve_args.fault_every, "apply the fault to every Nth batch request")
        ->capture_default_str()
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000}));
    serve_cmd->add_option("--stall-seconds", serve_args.stall_seconds, "how long the stall fault holds a connection")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 3600.0));

    serve_cmd->add_option("--max-connections", serve_args.max_connections,
                          "most connections at once (each has a worker thread); the oldest idle are closed beyond it")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{900}));
    serve_cmd->add_option("--max-per-address", serve_args.max_per_address,
                          "most connections from one client address (a NAT shared by many kiosks needs more)")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{900}));
    serve_cmd->add_option("--header-timeout", serve_args.header_timeout,
                          "seconds a connection may take to send a request's headers (slow clients are closed)")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 3600.0));
    serve_cmd->add_option("--survey", serve_args.survey,
                          "the survey TOML the offices' kiosks use, for the labels of the combined report and the "
                          "public results "
                          "(default: the built-in survey)")
        ->envname("FEEDBACK_COLLECTOR_SURVEY");
    serve_cmd->add_option("--track-limit", serve_args.track_limit,
                          "public tracking page (/track/…): lookups per client address per minute before 429; "
                          "0 = no limit")
        ->capture_default_str()
        ->check(CLI::Range(0u, 100000u));

    std::string export_db, export_out, export_sensitive;
    auto* export_cmd = app.add_subcommand("export", "write every entry as CSV (UTF-8 with BOM)");
    export_cmd->add_option("--db", export_db, "the collector's database")->required();
    export_cmd->add_option("--out", export_out, "CSV file (default: stdout); created 0600");
    export_cmd->add_option("--sensitive-out", export_sensitive,
                           "CSV for sensitive complaints (default with --out: OUT-sensitive.csv; "
                           "without either they are left out)");

    serve_cmd->add_option("--target-days", serve_args.target_days,
                          "console.target_days: complaints open longer stand out in the console's queue and "
                          "count as late in its report")
        ->capture_default_str()
        ->envname("FEEDBACK_CONSOLE_TARGET_DAYS")
        ->check(CLI::Range(1, 365));
    // The first lockout's length: IT may want it longer, and the clock tests shorter than 30 s
    // so that waiting one out takes seconds (tests/console/test_clock_step.cpp).
    serve_cmd->add_option("--lockout-seconds", serve_args.lockout_seconds,
                          "console.lockout_seconds: console sign-in is locked this long after 5 wrong passwords, "
                          "doubling with each further one up to an hour")
        ->capture_default_str()
        ->envname("FEEDBACK_CONSOLE_LOCKOUT_SECONDS")
        ->check(CLI::Range(1, 3600));

    std::string token_file, device, token_office, token_db;
    auto* token_cmd = app.add_subcommand("add-token", "make a device token, print it once, store its hash");
    token_cmd->add_option("--tokens", token_file, "token file (created 0600 if missing)")->required();
    token_cmd->add_option("--device", device, "the kiosk's device.id")->required();
    token_cmd->add_option("--office", token_office,
                          "code of the office the kiosk serves (may be left out while there is exactly one office)");
    token_cmd->add_option("--db", token_db, "the collector's database, to check --office against its offices");

    std::string office_db, office_code, office_th, office_en;
    auto* office_cmd = app.add_subcommand("add-office", "add an office whose complaints the console handles");
    office_cmd->add_option("--db", office_db, "the collector's database (created 0600 if missing)")->required();
    office_cmd->add_option("--code", office_code, "short code: A-Z a-z 0-9 _ - ., e.g. tambon-nongbua")->required();
    office_cmd->add_option("--name-th", office_th, "the office's name in Thai")->required();
    office_cmd->add_option("--name-en", office_en, "the office's name in English (default: the Thai name)");

    std::string user_db, user_name, user_office, user_role;
    auto* user_cmd = app.add_subcommand("add-user", "add a console user; the password is read from stdin");
    user_cmd->add_option("--db", user_db, "the collector's database")->required();
    user_cmd->add_option("--user", user_name, "sign-in name")->required();
    user_cmd->add_option("--office", user_office, "office code, or '*' for every office")->required();
    user_cmd->add_option("--role", user_role, "officer, executive or it")->required();

    std::string password_db, password_user;
    auto* password_cmd = app.add_subcommand("set-password", "change a console user's password (read from stdin)");
    password_cmd->add_option("--db", password_db, "the collector's database")->required();
    password_cmd->add_option("--user", password_user, "sign-in name")->required();

    std::string remove_db, remove_user;
    auto* remove_cmd = app.add_subcommand("remove-user", "remove a console user");
    remove_cmd->add_option("--db", remove_db, "the collector's database")->required();
    remove_cmd->add_option("--user", remove_user, "sign-in name")->required();

    serve_cmd->add_option("--public-cache-seconds", serve_args.public_cache_seconds,
                          "public results (/public/…): seconds an office's figures are reused before they are "
                          "computed again, and the pages' Cache-Control max-age")
        ->capture_default_str()
        ->envname("FEEDBACK_PUBLIC_CACHE_SECONDS")
        ->check(CLI::Range(0u, 86400u));

    std::string publish_db, publish_office, publish_state;
    auto* publish_cmd = app.add_subcommand("publish", "show an office's satisfaction results at /public/CODE (on) or not (off)");
    publish_cmd->add_option("--db", publish_db, "the collector's database")->required();
    publish_cmd->add_option("--office", publish_office, "office code")->required();
    publish_cmd->add_option("state", publish_state, "on or off (every office starts off)")
        ->required()
        ->check(CLI::IsMember({"on", "off"}));

    ReportArgs report_args;
    auto* report_cmd = app.add_subcommand("complaints-report", "the monthly complaint report of one office");
    report_cmd->add_option("--db", report_args.db, "the collector's database")->required();
    report_cmd->add_option("--office", report_args.office, "office code, or '*' for every office")->required();
    report_cmd->add_option("--month", report_args.month, "YYYY-MM (Gregorian; the report shows B.E.)")->required();
    report_cmd->add_option("--format", report_args.format, "json, html (A4) or csv")
        ->required()
        ->check(CLI::IsMember({"json", "html", "csv"}));
    report_cmd->add_option("--out", report_args.out, "output file (default: stdout); created 0600");
    report_cmd->add_flag("--include-sensitive", report_args.include_sensitive,
                         "count sensitive complaints (bribery) too: for the executive's copy only");
    report_cmd->add_option("--lang", report_args.lang, "language of the HTML: th or en")
        ->capture_default_str()
        ->check(CLI::IsMember({"th", "en"}));
    report_cmd->add_option("--target-days", report_args.target_days, "console.target_days (see serve)")
        ->capture_default_str()
        ->envname("FEEDBACK_CONSOLE_TARGET_DAYS")
        ->check(CLI::Range(1, 365));

    serve_cmd->add_option("--heartbeat-interval", serve_args.heartbeat_interval,
                          "fleet.heartbeat_s: seconds between a kiosk's heartbeats (its sync.heartbeat_s); "
                          "3 of them without one in office hours make it silent")
        ->capture_default_str()
        ->envname("FEEDBACK_FLEET_HEARTBEAT_S")
        ->check(CLI::Range(1, 86400));
    serve_cmd->add_option("--office-hours", serve_args.office_hours,
                          "fleet.office_hours: when silence counts, e.g. \"mon-fri 08:30-16:30 +07:00\" or \"always\"")
        ->capture_default_str()
        ->envname("FEEDBACK_FLEET_OFFICE_HOURS");
    serve_cmd->add_option("--metrics-allow", serve_args.metrics_allow,
                          "metrics.allow: networks that may read /metrics (CIDR, comma-separated); others get 403")
        ->capture_default_str()
        ->envname("FEEDBACK_METRICS_ALLOW");

    FleetArgs fleet_args;
    auto* fleet_cmd = app.add_subcommand("fleet", "every kiosk's heartbeat, backlog, clock and computed state");
    fleet_cmd->add_option("--db", fleet_args.db, "the collector's database")->required();
    fleet_cmd->add_option("--office", fleet_args.office, "only this office's kiosks (default: every office)");
    fleet_cmd->add_flag("--json", fleet_args.json, "JSON (README.md, \"fleet --json\") instead of a table");
    fleet_cmd->add_option("--heartbeat-interval", fleet_args.heartbeat_interval, "fleet.heartbeat_s (see serve)")
        ->capture_default_str()
        ->envname("FEEDBACK_FLEET_HEARTBEAT_S")
        ->check(CLI::Range(1, 86400));
    fleet_cmd->add_option("--office-hours", fleet_args.office_hours, "fleet.office_hours (see serve)")
        ->capture_default_str()
        ->envname("FEEDBACK_FLEET_OFFICE_HOURS");

    const auto report_commands = add_report_commands(app);

    for (auto* sub : app.get_subcommands({})) sub->footer(kExitCodes);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitUsageError;
    }

    try {
        if (!db_password_file.empty()) feedback::pg::set_password_file(db_password_file);
        if (*serve_cmd) return serve(serve_args);
        if (*export_cmd) return export_command(export_db, export_out, export_sensitive);
        if (*token_cmd) return add_token_command(token_file, device, token_office, token_db);
        if (*office_cmd) return add_office_command(office_db, office_code, office_th, office_en);
        if (*user_cmd) return add_user_command(user_db, user_name, user_office, user_role);
        if (*password_cmd) return set_password_command(password_db, password_user);
        if (*remove_cmd) return remove_user_command(remove_db, remove_user);
        if (*fleet_cmd) return fleet_command(fleet_args);
        if (*publish_cmd) return publish_command(publish_db, publish_office, publish_state);
        if (const auto code = report_commands->run()) return *code;
        return complaints_report_command(report_args);
    } catch (const UsageError& e) {
        error(e.what());
        return kExitUsageError;
    } catch (const std::exception& e) {
        error(e.what());
        return kExitRuntimeError;
    }
}
