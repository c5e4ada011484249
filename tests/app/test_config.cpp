// Configuration tests: the built-in defaults, the documented assets/kiosk.toml (which must be
// exactly the defaults and mention every key), each kind of error with the exact file:line:key
// IT would see, and the environment overrides that systemd units and tests rely on.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

#include <toml++/toml.h>

#include "app/config.h"
#include "app/config_edit.h"
#include "app/paths.h"
#include "core/errors.h"
#include "core/survey.h"

using namespace feedback::app;
using feedback::SourceError;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

// A file under the temp directory, removed at the end of the test.
class TempFile {
public:
    explicit TempFile(const std::string& content, const std::string& name = "kiosk.toml") {
        static std::atomic<int> counter{0};
        dir_ = fs::temp_directory_path() / ("feedback-test-config-" + std::to_string(::getpid()) +
                                            "-" + std::to_string(counter++));
        fs::create_directories(dir_);
        path_ = dir_ / name;
        std::ofstream(path_, std::ios::binary) << content;
    }
    ~TempFile() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const fs::path& path() const { return path_; }
    const fs::path& dir() const { return dir_; }

private:
    fs::path dir_;
    fs::path path_;
};

// Sets an environment variable for the scope of a test, restoring the old value afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = ::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

const fs::path kAssetConfig = FEEDBACK_ASSETS_DIR "/kiosk.toml";

// Loads `content` as a file and returns the error, after checking that it names that file,
// the line and the key, and that what() starts with "<path>:<line>: <key>: ".
SourceError expect_error(const std::string& content, int line, const std::string& key) {
    TempFile file(content);
    try {
        load_config(file.path(), {});
    } catch (const SourceError& e) {
        CHECK(e.file() == file.path().string());
        CHECK(e.line() == line);
        CHECK(e.key() == key);
        const std::string prefix = file.path().string() + ":" + std::to_string(line) + ": " +
                                   (key.empty() ? "" : key + ": ");
        CHECK_THAT(e.what(), StartsWith(prefix));
        return e;
    }
    FAIL("the configuration was accepted: " << content);
    throw std::logic_error("unreachable");
}

std::string problem_of(const SourceError& e) {
    const std::string what = e.what();
    const std::string marker = e.key().empty() ? ": " : e.key() + ": ";
    return what.substr(what.find(marker) + marker.size());
}

SourceError env_error(const std::map<std::string, std::string>& env) {
    TempFile file("");
    try {
        load_config(file.path(), env);
    } catch (const SourceError& e) {
        return e;
    }
    FAIL("the environment was accepted");
    throw std::logic_error("unreachable");
}

// A value as an environment variable would spell it.
std::string env_text(const ConfigKey& key, Config& config) {
    return std::visit(
        [&](auto ref) -> std::string {
            const auto& v = ref(config);
            using T = std::decay_t<decltype(v)>;
            std::ostringstream out;
            if constexpr (std::is_same_v<T, std::string>) out << v;
            else if constexpr (std::is_same_v<T, fs::path>) out << v.string();
            else if constexpr (std::is_same_v<T, bool>) out << (v ? "true" : "false");
            else if constexpr (std::is_same_v<T, int> || std::is_same_v<T, double>) out << v;
            else
                for (std::size_t i = 0; i < v.size(); ++i) out << (i ? "," : "") << v[i];
            return out.str();
        },
        key.field);
}

// A configuration with every key different from its default.
Config non_default_config() {
    Config c;
    c.office.name = "องค์การบริหารส่วนตำบลดงมูลเหล็ก";
    c.office.name_en = "Dong Mun Lek SAO";
    c.office.channels_url = "https://lin.ee/AbCdEfG";
    c.office.hours = "mon-fri 08:30-12:00, 13:00-16:30; sat 09:00-12:00";
    c.office.closed_dates = {"2026-04-13", "2026-04-14"};
    c.device.id = "dml-counter-1";
    c.device.name = "เคาน์เตอร์กองคลัง";
    c.survey.file = "/etc/feedback-kiosk/survey.toml";
    c.survey.service_points = {"palad", "finance"};
    c.session.idle_timeout_s = 90;
    c.session.idle_warning_s = 30;
    c.session.thank_you_s = 7;
    c.session.misuse_interval_s = 0;
    c.display.language = "en";
    c.display.scale = 1.25;
    c.display.font = "/usr/share/fonts/truetype/tlwg/Garuda.ttf";
    c.display.large_text = true;
    c.display.high_contrast = true;
    c.display.dim_when_closed_s = 0;
    c.store.database = "/var/lib/feedback-kiosk/feedback.db";
    c.sync.endpoint = "https://feedback.example.go.th/v1/batches";
    c.sync.token_file = "/etc/feedback-kiosk/token";
    c.sync.proxy = "http://proxy.example.go.th:3128";
    c.sync.batch_size = 500;
    c.sync.heartbeat_s = 600;
    c.sync.ca_bundle = "/etc/feedback-kiosk/ca.pem";
    c.sync.pinned_public_key = "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=";
    c.retention.contact_days = 14;
    c.report.likert_upper_bounds = {1.5, 2.5, 3.5, 4.5};
    c.accessibility.speech = "always";
    return c;
}

}  // namespace

TEST_CASE("built-in defaults", "[config]") {
    const Config c;
    CHECK(c.office.name == "สำนักงาน");
    CHECK(c.office.name_en == "Office");
    CHECK(c.office.channels_url.empty());
    CHECK(c.office.hours.empty());
    CHECK(c.office.closed_dates.empty());
    CHECK(office_hours(c).always_open());
    CHECK_THAT(c.device.id, StartsWith("kiosk"));
    CHECK(c.device.id.size() <= 64);
    CHECK(c.survey.file.empty());
    CHECK(c.survey.service_points.empty());
    CHECK(c.session.idle_timeout_s == 60);
    CHECK(c.session.idle_warning_s == 20);
    CHECK(c.session.thank_you_s == 5);
    CHECK(c.session.misuse_interval_s == 10);
    CHECK(c.display.language == "th");
    CHECK(c.display.scale == 1.0);
    CHECK(c.display.font.empty());
    CHECK_FALSE(c.display.large_text);
    CHECK_FALSE(c.display.high_contrast);
    CHECK(c.display.dim_when_closed_s == 120);
    CHECK(c.store.database.empty());
    CHECK(c.sync.endpoint == "http://127.0.0.1:8787/v1/batches");
    CHECK(c.sync.token_file.empty());
    CHECK(c.sync.proxy.empty());
    CHECK(c.sync.batch_size == 200);
    CHECK(c.sync.heartbeat_s == 300);
    CHECK(c.sync.ca_bundle.empty());
    CHECK(c.sync.pinned_public_key.empty());
    CHECK(c.retention.contact_days == 30);
    CHECK(c.report.likert_upper_bounds == std::array<double, 4>{1.80, 2.60, 3.40, 4.20});
    CHECK(effective_database_path(c) == default_database_path());
}

TEST_CASE("no file anywhere: built-in defaults and a note", "[config]") {
    TempFile empty_dir("");
    const ScopedEnv xdg("XDG_CONFIG_HOME", empty_dir.dir().string());
    const LoadedConfig loaded = load_config(std::nullopt, {});
    CHECK(loaded.from_defaults);
    CHECK(loaded.source.empty());
    CHECK(loaded.config == Config{});
    REQUIRE(loaded.notes.size() == 1);
    CHECK(loaded.notes[0] == "no configuration file at " +
                                 (empty_dir.dir() / "feedback-kiosk" / "kiosk.toml").string() +
                                 " or /etc/feedback-kiosk/kiosk.toml; using built-in defaults");
}

TEST_CASE("the default path is used when it exists", "[config]") {
    TempFile file("[sync]\nbatch_size = 42\n", "kiosk.toml");
    fs::create_directories(file.dir() / "feedback-kiosk");
    fs::copy_file(file.path(), file.dir() / "feedback-kiosk" / "kiosk.toml");
    const ScopedEnv xdg("XDG_CONFIG_HOME", file.dir().string());
    CHECK(default_config_path() == file.dir() / "feedback-kiosk" / "kiosk.toml");
    const LoadedConfig loaded = load_config(std::nullopt, {});
    CHECK_FALSE(loaded.from_defaults);
    CHECK(loaded.source == default_config_path());
    CHECK(loaded.config.sync.batch_size == 42);
    CHECK(loaded.notes.empty());
}

TEST_CASE("assets/kiosk.toml loads and equals the built-in defaults", "[config]") {
    const LoadedConfig loaded = load_config(kAssetConfig, {});
    CHECK_FALSE(loaded.from_defaults);
    CHECK(loaded.source == kAssetConfig);
    CHECK(loaded.config == Config{});
    CHECK(loaded.notes.empty());
}

TEST_CASE("assets/kiosk.toml documents every key", "[config]") {
    const toml::table doc = toml::parse_file(kAssetConfig.string());
    std::ifstream in(kAssetConfig);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    for (const ConfigKey& key : config_keys()) {
        INFO(key.dotted());
        if (key.dotted() == "device.id") {
            // Host-dependent default: shown commented out.
            CHECK_THAT(text, Contains("\n# id = \"kiosk-<host name>\"\n"));
        } else {
            CHECK(doc.at_path(key.dotted()));
        }
    }
}

TEST_CASE("the key table: unique names and environment variables", "[config]") {
    std::set<std::string> dotted, env;
    for (const ConfigKey& key : config_keys()) {
        CHECK(dotted.insert(key.dotted()).second);
        CHECK(env.insert(key.env_var()).second);
        CHECK_FALSE(key.doc.empty());
    }
    CHECK(dotted.size() == 48);
    CHECK(env.count("FEEDBACK_ACCESSIBILITY_SPEECH"));  // issue 21: spoken prompts
    CHECK(env.count("FEEDBACK_DISPLAY_DPI"));  // issue 16: for displays that report a wrong DPI
    CHECK(env.count("FEEDBACK_SESSION_IDLE_TIMEOUT_S"));
    CHECK(env.count("FEEDBACK_SYNC_ENDPOINT"));
    CHECK(env.count("FEEDBACK_REPORT_LIKERT_UPPER_BOUNDS"));
    // The report document's keys (issue 17).
    for (const char* name : {"FEEDBACK_REPORT_TARGET_PERCENT", "FEEDBACK_REPORT_ACTIONS_TH", "FEEDBACK_REPORT_PREPARED_NAME",
                             "FEEDBACK_REPORT_PREPARED_POSITION", "FEEDBACK_REPORT_REVIEWED_NAME",
                             "FEEDBACK_REPORT_REVIEWED_POSITION", "FEEDBACK_REPORT_APPROVED_NAME",
                             "FEEDBACK_REPORT_APPROVED_POSITION"})
        CHECK(env.count(name));
}

TEST_CASE("describe() prints every key and loads back to the same configuration", "[config]") {
    for (const Config& c : {Config{}, non_default_config()}) {
        const std::string text = describe(c);
        for (const ConfigKey& key : config_keys())
            CHECK_THAT(text, Contains("\n" + std::string(key.name) + " = "));
        CHECK(parse_config(text, "describe") == c);
    }
    CHECK_THAT(describe(Config{}), Contains("database = \"\"  # in effect: " +
                                            default_database_path().string()));
    CHECK_THAT(describe(Config{}), Contains("\nlikert_upper_bounds = [1.8, 2.6, 3.4, 4.2]\n"));
    CHECK_THAT(describe(Config{}), Contains("\nscale = 1.0\n"));
    CHECK_THAT(describe(Config{}), Contains("\nname = \"สำนักงาน\"\n"));
}

TEST_CASE("describe() never prints a password inside a URL", "[config]") {
    Config c;
    c.sync.proxy = "http://kiosk:s3cret@proxy.example:3128";
    c.sync.endpoint = "https://user:hunter2@collector.example/v1/batches";
    c.office.channels_url = "https://example.go.th/contact";
    const std::string text = describe(c);
    CHECK_THAT(text, !Contains("s3cret"));
    CHECK_THAT(text, !Contains("hunter2"));
    CHECK_THAT(text, Contains("proxy = \"http://kiosk:***@proxy.example:3128\""));
    CHECK_THAT(text, Contains("endpoint = \"https://user:***@collector.example/v1/batches\""));
    CHECK_THAT(text, Contains("channels_url = \"https://example.go.th/contact\""));
}

TEST_CASE("wrong type and out of range name file, line and key", "[config]") {
    auto e = expect_error("[office]\nname = \"อบต.ทดสอบ\"\n\n[sync]\nbatch_size = \"abc\"\n", 5,
                          "sync.batch_size");
    CHECK(problem_of(e) == "expected an integer from 1 to 5000, got \"abc\"");

    e = expect_error("[sync]\nendpoint = \"http://x/\"\nbatch_size = 0\n", 3, "sync.batch_size");
    CHECK(problem_of(e) == "expected an integer from 1 to 5000, got 0");

    e = expect_error("[session]\nidle_warning_s = 10\n", 2, "session.idle_warning_s");
    CHECK(problem_of(e) == "expected an integer from 20 to 120, got 10");

    e = expect_error("# comment\n[display]\nlarge_text = \"yes\"\n", 3, "display.large_text");
    CHECK(problem_of(e) == "expected true or false, got \"yes\"");

    e = expect_error("[display]\nlanguage = \"fr\"\n", 2, "display.language");
    CHECK(problem_of(e) == "expected \"th\" or \"en\", got \"fr\"");

    // issue 21: accessibility.speech takes exactly its three words.
    e = expect_error("[accessibility]\nspeech = \"on\"\n", 2, "accessibility.speech");
    CHECK(problem_of(e) == "expected \"off\", \"on-request\" or \"always\", got \"on\"");
    CHECK(parse_config("[accessibility]\nspeech = \"off\"\n", "t").accessibility.speech == "off");
    CHECK(Config{}.accessibility.speech == "on-request");

    e = expect_error("[display]\nscale = 5.0\n", 2, "display.scale");
    CHECK(problem_of(e) == "expected a number from 0.5 to 3.0, got 5.0");

    e = expect_error("[sync]\nendpoint = \"ftp://collector\"\n", 2, "sync.endpoint");
    CHECK_THAT(problem_of(e), StartsWith("expected an http:// or https:// URL"));

    e = expect_error("[sync]\nendpoint = \"\"\n", 2, "sync.endpoint");

    e = expect_error("[office]\nname = \"\"\n", 2, "office.name");

    e = expect_error("[device]\nid = \"counter 1\"\n", 2, "device.id");

    e = expect_error("[survey]\nservice_points = [\"palad\", \"Finance\"]\n", 2,
                     "survey.service_points");
    CHECK_THAT(problem_of(e), Contains("\"Finance\""));

    e = expect_error("[survey]\nservice_points = [\"palad\", \"palad\"]\n", 2,
                     "survey.service_points");
    CHECK_THAT(problem_of(e), Contains("listed twice"));

    e = expect_error("[survey]\nservice_points = \"palad\"\n", 2, "survey.service_points");

    e = expect_error("[report]\nlikert_upper_bounds = [1.8, 3.4, 2.6, 4.2]\n", 2,
                     "report.likert_upper_bounds");
    CHECK_THAT(problem_of(e), StartsWith("expected four numbers between 1 and 5"));

    e = expect_error("[report]\nlikert_upper_bounds = [1.8, 2.6, 3.4]\n", 2,
                     "report.likert_upper_bounds");
    e = expect_error("[report]\nlikert_upper_bounds = [1.0, 2.6, 3.4, 4.2]\n", 2,
                     "report.likert_upper_bounds");
    e = expect_error("[report]\nlikert_upper_bounds = [1.8, 2.6, 3.4, \"4.2\"]\n", 2,
                     "report.likert_upper_bounds");

    e = expect_error("sync = 5\n", 1, "sync");
    CHECK(problem_of(e) == "expected a table ([sync]), got 5");

    e = expect_error("[[sync]]\nbatch_size = 5\n", 1, "sync");
}

TEST_CASE("unknown keys and sections name file, line and key", "[config]") {
    auto e = expect_error("[session]\nidle_timeout_s = 30\nidle_timout_s = 30\n", 3,
                          "session.idle_timout_s");
    CHECK_THAT(problem_of(e), StartsWith("unknown key; [session] has: idle_timeout_s, "));

    e = expect_error("[office]\nname = \"x\"\n\n[syncc]\nbatch_size = 3\n", 4, "syncc");
    CHECK_THAT(problem_of(e), StartsWith("unknown section; expected one of: office, device"));

    e = expect_error("batch_size = 3\n", 1, "batch_size");
    CHECK_THAT(problem_of(e), StartsWith("unknown key; every key belongs in a section"));

    e = expect_error("[sync.tls]\nverify = false\n", 1, "sync.tls");

    // The earliest problem in the file is the one reported.
    e = expect_error("[sync]\nbatch_size = 0\n[office]\nnmae = \"x\"\n", 2, "sync.batch_size");
}

TEST_CASE("TOML syntax errors name file and line", "[config]") {
    auto e = expect_error("[sync]\nbatch_size = 200\nendpoint = \n", 3, "");
    CHECK_THAT(problem_of(e), StartsWith("TOML syntax error"));
    e = expect_error("[office]\nname = \"a\"\nname = \"b\"\n", 3, "");
    e = expect_error("\n\n[sync\n", 3, "");
    // A file saved in TIS-620 (สำนักงาน) rather than UTF-8.
    e = expect_error("[office]\nname = \"\xCA\xD3\xB9\xD1\xA1\xA7\xD2\xB9\"\n", 2, "");
    CHECK_THAT(problem_of(e), Contains("save the file as UTF-8"));
}

TEST_CASE("accepted spellings: integer for a number, empty lists", "[config]") {
    TempFile file("[display]\nscale = 2\n[survey]\nservice_points = []\n"
                  "[report]\nlikert_upper_bounds = [1.5, 2.5, 3.5, 4.5]\n");
    const Config c = load_config(file.path(), {}).config;
    CHECK(c.display.scale == 2.0);
    CHECK(c.survey.service_points.empty());
    CHECK(c.report.likert_upper_bounds == std::array<double, 4>{1.5, 2.5, 3.5, 4.5});
}

TEST_CASE("office hours and closed dates: accepted spellings and errors", "[config][office-hours]") {
    TempFile file("[office]\nhours = \"Mon-Fri 08:30-12:00, 13:00-16:30; sat 9:00-12:00;\"\n"
                  "closed_dates = [\"2026-04-13\", 2026-04-14]\n[display]\ndim_when_closed_s = 0\n");
    const Config c = load_config(file.path(), {}).config;
    CHECK(c.office.closed_dates == std::vector<std::string>{"2026-04-13", "2026-04-14"});
    CHECK(c.display.dim_when_closed_s == 0);
    const auto hours = office_hours(c);
    CHECK(hours.describe("en") == "Mon\u2013Fri 08:30\u201312:00, 13:00\u201316:30, Sat 09:00\u201312:00");

    auto e = expect_error("[office]\nname = \"x\"\nhours = \"mon-fri 8.30-16:30\"\n", 3, "office.hours");
    CHECK(problem_of(e) == "\"8.30\" is not a time; write 24-hour HH:MM, e.g. 08:30 or 16:30 "
                           "(got \"mon-fri 8.30-16:30\")");
    e = expect_error("[office]\nhours = \"mon-fir 08:30-16:30\"\n", 2, "office.hours");
    CHECK_THAT(problem_of(e), StartsWith("unknown day \"fir\"; days are mon, tue"));
    e = expect_error("[office]\nhours = \"mon-fri\"\n", 2, "office.hours");
    CHECK_THAT(problem_of(e), Contains("has no times"));
    e = expect_error("[office]\nhours = \"mon-fri 16:30-08:30\"\n", 2, "office.hours");
    CHECK_THAT(problem_of(e), Contains("the end must be after the start"));
    e = expect_error("[office]\nhours = 8\n", 2, "office.hours");
    CHECK_THAT(problem_of(e), StartsWith("expected office hours such as"));
    e = expect_error("[office]\nclosed_dates = [\"2026-04-13\", \"2569-04-14\"]\n", 2, "office.closed_dates");
    CHECK_THAT(problem_of(e), Contains("Buddhist Era year"));
    e = expect_error("[office]\nclosed_dates = [\"2026-02-30\"]\n", 2, "office.closed_dates");
    CHECK(problem_of(e) == "\"2026-02-30\" is not a date; write YYYY-MM-DD (C.E.), e.g. \"2026-04-13\"");
    e = expect_error("[office]\nclosed_dates = \"2026-04-13\"\n", 2, "office.closed_dates");
    CHECK_THAT(problem_of(e), StartsWith("expected a list of dates"));
    e = expect_error("[display]\ndim_when_closed_s = -1\n", 2, "display.dim_when_closed_s");
    CHECK(problem_of(e) == "expected an integer from 0 to 86400, got -1");

    // The environment: the same rules, lists comma-separated.
    const auto env = load_config(file.path(), {{"FEEDBACK_OFFICE_HOURS", "mon-sat 07:00-19:00"},
                                               {"FEEDBACK_OFFICE_CLOSED_DATES", "2026-12-31, 2027-01-01"}});
    CHECK(env.config.office.hours == "mon-sat 07:00-19:00");
    CHECK(env.config.office.closed_dates == std::vector<std::string>{"2026-12-31", "2027-01-01"});
    e = env_error({{"FEEDBACK_OFFICE_HOURS", "weekdays 08:30-16:30"}});
    CHECK(e.key() == "FEEDBACK_OFFICE_HOURS");
    CHECK_THAT(e.what(), Contains("unknown day \"weekdays\""));
}

TEST_CASE("relative paths in a file are relative to the file's directory", "[config]") {
    TempFile file("[survey]\nfile = \"surveys/office.toml\"\n[store]\ndatabase = \"/abs/x.db\"\n");
    const Config c = load_config(file.path(), {}).config;
    CHECK(c.survey.file == fs::absolute(file.dir()) / "surveys" / "office.toml");
    CHECK(c.store.database == "/abs/x.db");
    CHECK(effective_database_path(c) == "/abs/x.db");
}

TEST_CASE("the environment wins over the file", "[config]") {
    TempFile file("[sync]\nbatch_size = 50\nheartbeat_s = 60\n[display]\nlarge_text = false\n");
    const LoadedConfig loaded =
        load_config(file.path(), {{"FEEDBACK_SYNC_BATCH_SIZE", "75"},
                                  {"FEEDBACK_DISPLAY_LARGE_TEXT", "1"},
                                  {"FEEDBACK_SURVEY_SERVICE_POINTS", "palad, finance"},
                                  {"FEEDBACK_REPORT_LIKERT_UPPER_BOUNDS", "1.5,2.5,3.5,4.5"},
                                  {"FEEDBACK_SYNC_ENDPOINT", "https://c.example/v1/batches"}});
    CHECK(loaded.config.sync.batch_size == 75);
    CHECK(loaded.config.sync.heartbeat_s == 60);  // from the file, not overridden
    CHECK(loaded.config.display.large_text);
    CHECK(loaded.config.survey.service_points == std::vector<std::string>{"palad", "finance"});
    CHECK(loaded.config.report.likert_upper_bounds == std::array<double, 4>{1.5, 2.5, 3.5, 4.5});
    CHECK(loaded.config.sync.endpoint == "https://c.example/v1/batches");
    CHECK(loaded.origins.at("sync.batch_size").key == "FEEDBACK_SYNC_BATCH_SIZE");
    CHECK(loaded.origins.at("sync.heartbeat_s").line == 3);
    CHECK(loaded.origins.at("office.name").file == "built-in defaults");
    // Notes say which variables overrode what, never the values.
    bool noted = false;
    for (const auto& note : loaded.notes) {
        CHECK_THAT(note, !Contains("c.example"));
        noted = noted || note == "FEEDBACK_SYNC_BATCH_SIZE overrides sync.batch_size";
    }
    CHECK(noted);
    // An empty list variable clears the list.
    CHECK(load_config(file.path(), {{"FEEDBACK_SURVEY_SERVICE_POINTS", ""}})
              .config.survey.service_points.empty());
}

TEST_CASE("every key can be set from the environment", "[config]") {
    Config wanted = non_default_config();
    std::map<std::string, std::string> env;
    for (const ConfigKey& key : config_keys()) env[key.env_var()] = env_text(key, wanted);
    TempFile file("");
    CHECK(load_config(file.path(), env).config == wanted);
}

TEST_CASE("a bad environment value names the variable", "[config]") {
    auto e = env_error({{"FEEDBACK_SYNC_BATCH_SIZE", "abc"}});
    CHECK(e.file() == "environment");
    CHECK(e.line() == 0);
    CHECK(e.key() == "FEEDBACK_SYNC_BATCH_SIZE");
    CHECK(std::string(e.what()) ==
          "environment: FEEDBACK_SYNC_BATCH_SIZE: expected an integer from 1 to 5000, got \"abc\"");

    e = env_error({{"FEEDBACK_SESSION_IDLE_TIMEOUT_S", "5"}});
    CHECK(e.key() == "FEEDBACK_SESSION_IDLE_TIMEOUT_S");
    CHECK_THAT(e.what(), Contains("from 10 to 600, got \"5\""));

    e = env_error({{"FEEDBACK_DISPLAY_HIGH_CONTRAST", "yes"}});
    CHECK(e.key() == "FEEDBACK_DISPLAY_HIGH_CONTRAST");

    e = env_error({{"FEEDBACK_REPORT_LIKERT_UPPER_BOUNDS", "1.8,2.6,x,4.2"}});
    CHECK(e.key() == "FEEDBACK_REPORT_LIKERT_UPPER_BOUNDS");

    e = env_error({{"FEEDBACK_DISPLAY_SCALE", "1.0x"}});
    CHECK(e.key() == "FEEDBACK_DISPLAY_SCALE");
}

TEST_CASE("unknown FEEDBACK_ variables: an error in our sections, ignored otherwise", "[config]") {
    const auto e = env_error({{"FEEDBACK_SYNC_ENDPIONT", "https://x/"}});
    CHECK(e.file() == "environment");
    CHECK(e.key() == "FEEDBACK_SYNC_ENDPIONT");
    CHECK_THAT(e.what(), Contains("unknown setting"));
    CHECK_THAT(e.what(), Contains("FEEDBACK_SYNC_ENDPOINT"));

    TempFile file("");
    const LoadedConfig loaded = load_config(
        file.path(), {{"FEEDBACK_COLLECTOR_PORT", "8787"}, {"FEEDBACK_LOG", "debug"}});
    CHECK(loaded.config == Config{});
    CHECK(loaded.notes.empty());
}

TEST_CASE("a missing explicit file is an error", "[config]") {
    const fs::path missing =
        fs::temp_directory_path() / ("feedback-test-missing-" + std::to_string(::getpid()) + ".toml");
    try {
        load_config(missing, {});
        FAIL("no error");
    } catch (const SourceError& e) {
        CHECK(e.file() == missing.string());
        CHECK(e.line() == 0);
        CHECK(std::string(e.what()) == missing.string() + ": configuration file not found");
    }
}

TEST_CASE("service points are checked against the survey where they were set", "[config]") {
    const auto survey = feedback::core::default_survey();
    TempFile file("[survey]\n\nservice_points = [\"palad\", \"parks\"]\n");
    const LoadedConfig loaded = load_config(file.path(), {});
    try {
        check_against_survey(loaded, survey);
        FAIL("no error");
    } catch (const SourceError& e) {
        CHECK(e.file() == file.path().string());
        CHECK(e.line() == 3);
        CHECK(e.key() == "survey.service_points");
        CHECK_THAT(e.what(), Contains("\"parks\""));
        CHECK_THAT(e.what(), Contains("palad, finance, engineering, education"));
    }
    const LoadedConfig from_env =
        load_config(file.path(), {{"FEEDBACK_SURVEY_SERVICE_POINTS", "finance,nope"}});
    try {
        check_against_survey(from_env, survey);
        FAIL("no error");
    } catch (const SourceError& e) {
        CHECK(e.file() == "environment");
        CHECK(e.key() == "FEEDBACK_SURVEY_SERVICE_POINTS");
    }
    CHECK_NOTHROW(check_against_survey(
        load_config(file.path(), {{"FEEDBACK_SURVEY_SERVICE_POINTS", "finance"}}), survey));
}

TEST_CASE("current_environment() returns FEEDBACK_ variables only", "[config]") {
    const ScopedEnv a("FEEDBACK_TEST_ONLY_VARIABLE", "x=y");
    const auto env = current_environment();
    CHECK(env.at("FEEDBACK_TEST_ONLY_VARIABLE") == "x=y");
    for (const auto& [name, value] : env) CHECK_THAT(name, StartsWith("FEEDBACK_"));
    CHECK(env.count("PATH") == 0);
}

TEST_CASE("default paths follow XDG, falling back to HOME", "[config]") {
    {
        const ScopedEnv data("XDG_DATA_HOME", "/xdg/data");
        const ScopedEnv config("XDG_CONFIG_HOME", "/xdg/config");
        CHECK(default_data_dir() == "/xdg/data/feedback-kiosk");
        CHECK(default_database_path() == "/xdg/data/feedback-kiosk/feedback.db");
        CHECK(default_config_path() == "/xdg/config/feedback-kiosk/kiosk.toml");
    }
    {
        const ScopedEnv data("XDG_DATA_HOME", "relative/ignored");
        const ScopedEnv config("XDG_CONFIG_HOME", "");
        const ScopedEnv home("HOME", "/home/kiosk");
        CHECK(default_data_dir() == "/home/kiosk/.local/share/feedback-kiosk");
        CHECK(default_config_path() == "/home/kiosk/.config/feedback-kiosk/kiosk.toml");
    }
}

static std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_CASE("setup's edits: replace the live or commented line, else append", "[config][setup]") {
    const std::string text =
        "# header\n[office]\n# Example: name = \"x\"\nname = \"old\"\n\n[device]\n"
        "# Example: id = \"dml-1\"\n# id = \"kiosk-<host name>\"\nname = \"\"\n\n[sync]\n";
    // A live assignment is replaced in place; the example line stays.
    auto edited = set_toml_value(text, "office", "name", toml_quote("อบต. ดงมูลเหล็ก"));
    CHECK(edited.find("name = \"อบต. ดงมูลเหล็ก\"\n\n[device]") != std::string::npos);
    CHECK(edited.find("# Example: name = \"x\"") != std::string::npos);
    CHECK(edited.find("\"old\"") == std::string::npos);
    // The commented default takes the value where its documentation is, not the example.
    edited = set_toml_value(edited, "device", "id", toml_quote("dml-counter-1"));
    CHECK(edited.find("# Example: id = \"dml-1\"\nid = \"dml-counter-1\"\nname") != std::string::npos);
    // A key the section lacks goes at the section's end; a missing section is appended.
    edited = set_toml_value(edited, "sync", "endpoint", toml_quote("https://c.example/v1/batches"));
    edited = set_toml_value(edited, "retention", "contact_days", "14");
    const auto config = parse_config(edited, "edited.toml", ".");
    CHECK(config.office.name == "อบต. ดงมูลเหล็ก");
    CHECK(config.device.id == "dml-counter-1");
    CHECK(config.sync.endpoint == "https://c.example/v1/batches");
    CHECK(config.retention.contact_days == 14);
}

TEST_CASE("setup's edits of assets/kiosk.toml keep every comment and load", "[config][setup]") {
    const std::string text = read_text(std::string(FEEDBACK_ASSETS_DIR) + "/kiosk.toml");
    std::string edited = set_toml_value(text, "office", "name", toml_quote("เทศบาล \"ทดสอบ\" \\ 1"));
    edited = set_toml_value(edited, "device", "id", toml_quote("kt-1"));
    edited = set_toml_value(edited, "survey", "service_points", "[\"palad\", \"finance\"]");
    const auto count_comments = [](const std::string& s) {
        std::size_t n = 0;
        for (std::size_t at = s.find("\n#"); at != std::string::npos; at = s.find("\n#", at + 1)) ++n;
        return n;
    };
    CHECK(count_comments(edited) + 1 == count_comments(text));  // only "# id = ..." became live
    const auto config = parse_config(edited, "kiosk.toml", FEEDBACK_ASSETS_DIR);
    CHECK(config.office.name == "เทศบาล \"ทดสอบ\" \\ 1");
    CHECK(config.device.id == "kt-1");
    CHECK(config.survey.service_points == std::vector<std::string>{"palad", "finance"});
}
