// The shared layer (common/): the one trim, lower, TOML quoter, UUID check and file reader every
// program uses, and the log's syslog priorities — present when stderr is the journal stream
// that JOURNAL_STREAM names (as under systemd), absent anywhere else so terminal output and
// the other tests' expectations stay as they were.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <string>

#include "common/file.h"
#include "common/log.h"
#include "common/text.h"
#include "common/uuid.h"
#include "temp_dir.h"

using namespace feedback::common;

namespace {

// What `write` sends to stderr, with JOURNAL_STREAM set to `journal_stream(file)` (nullptr:
// unset) where `file` is the file stderr points to meanwhile.
std::string stderr_of(const std::function<void()>& write,
                      const std::function<std::string(const std::string&)>& journal_stream) {
    feedback::testing::TempDir dir;
    const std::string file = (dir.path() / "stderr").string();
    const UniqueFd out(::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    REQUIRE(out);
    const UniqueFd saved(::dup(2));
    REQUIRE(::dup2(out.get(), 2) == 2);
    const std::string value = journal_stream(file);
    if (value.empty())
        ::unsetenv("JOURNAL_STREAM");
    else
        ::setenv("JOURNAL_STREAM", value.c_str(), 1);
    write();
    ::unsetenv("JOURNAL_STREAM");
    ::dup2(saved.get(), 2);
    return read_file(file);
}

std::string dev_ino(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

void write_all_levels() {
    log_error("disk full");
    log_warning("token file missing");
    log_info("started");
    set_verbose(true);
    log_debug("batch sent");
    set_verbose(false);
    log_debug("not shown");
}

}  // namespace

TEST_CASE("log lines carry syslog priorities when stderr is the journal stream") {
    const std::string p = program_invocation_short_name;
    const auto text = stderr_of(write_all_levels, dev_ino);
    CHECK(text == "<3>" + p + ": error: disk full\n<4>" + p + ": warning: token file missing\n<6>" + p +
                      ": started\n<7>" + p + ": batch sent\n");
}

TEST_CASE("log lines are plain text when stderr is not the journal stream") {
    const std::string p = program_invocation_short_name;
    const std::string plain = p + ": error: disk full\n" + p + ": warning: token file missing\n" + p +
                              ": started\n" + p + ": batch sent\n";
    SECTION("JOURNAL_STREAM unset (a terminal, a test)") {
        CHECK(stderr_of(write_all_levels, [](const std::string&) { return std::string(); }) == plain);
    }
    SECTION("JOURNAL_STREAM names another file (stderr redirected by a child of the service)") {
        CHECK(stderr_of(write_all_levels, [](const std::string&) { return std::string("1:1"); }) == plain);
    }
    SECTION("JOURNAL_STREAM malformed") {
        CHECK(stderr_of(write_all_levels, [](const std::string&) { return std::string("journal"); }) == plain);
    }
}

TEST_CASE("trim keeps each caller's set of blanks") {
    CHECK(trim(" \t\v a b \r\n\f") == "a b");
    CHECK(trim(" \t\v a b \r\n", " \t") == "\v a b \r\n");
    CHECK(trim("   ").empty());
    CHECK(trim("").empty());
    CHECK(trim_left("  x  ") == "x  ");
}

TEST_CASE("lower changes ASCII letters only") {
    CHECK(lower("Content-Type: TEXT/CSV") == "content-type: text/csv");
    CHECK(lower("ÄÖ กขค") == "ÄÖ กขค");
}

TEST_CASE("toml_quote escapes as a person would type it") {
    CHECK(toml_quote("เทศบาล \"ทดสอบ\" \\ 1") == "\"เทศบาล \\\"ทดสอบ\\\" \\\\ 1\"");
    CHECK(toml_quote("a\nb\tc\rd") == "\"a\\nb\\tc\\rd\"");
    CHECK(toml_quote(std::string("\x01\x1f\x7f\b\f", 5)) == "\"\\u0001\\u001F\\u007F\\u0008\\u000C\"");
}

TEST_CASE("html_escape makes typed text inert in element content and attributes, Thai unchanged") {
    CHECK(html_escape("<script>alert('x')</script>") == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK(html_escape("a=\"1\" & b") == "a=&quot;1&quot; &amp; b");
    CHECK(html_escape("รอคิวนานมาก เจ้าหน้าที่น้อย") == "รอคิวนานมาก เจ้าหน้าที่น้อย");
    CHECK(html_escape("&amp;") == "&amp;amp;");  // escaped once more, never taken as already safe
}

TEST_CASE("is_uuid accepts the canonical lower-case form only") {
    CHECK(is_uuid("0190f3c2-7a1b-7c3d-8e4f-000000000001"));
    CHECK_FALSE(is_uuid("0190F3C2-7A1B-7C3D-8E4F-000000000001"));
    CHECK_FALSE(is_uuid("0190f3c2x7a1b-7c3d-8e4f-000000000001"));
    CHECK_FALSE(is_uuid("0190f3c2-7a1b-7c3d-8e4f-00000000000"));
}

TEST_CASE("read_file reads every byte and names the reason it cannot") {
    feedback::testing::TempDir dir;
    const auto file = dir.path() / "data";
    const std::string bytes("a\0b\r\nค", 8);
    std::ofstream(file, std::ios::binary) << bytes;
    CHECK(read_file(file) == bytes);
    CHECK_THROWS_WITH(read_file(dir.path()), "it is a directory");
    CHECK_THROWS_WITH(read_file(dir.path() / "missing"), "No such file or directory");
}
