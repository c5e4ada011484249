// The token file rules (DESIGN.md §6): only a file the service alone can read is used, and the
// token never appears in a message.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "temp_dir.h"
#include "token.h"

using namespace feedback;
using feedback::sync::TokenError;
using feedback::testing::TempDir;

namespace {

const std::string kSecret = "s3cr3t-Token_value.0123456789";

std::filesystem::path token_file(const TempDir& dir, const std::string& content, mode_t mode) {
    const auto path = dir / "token";
    testing::write_file(path, content);
    REQUIRE(::chmod(path.c_str(), mode) == 0);
    return path;
}

std::string error_of(const std::filesystem::path& path) {
    try {
        sync::read_token_file(path);
    } catch (const TokenError& e) {
        return e.what();
    }
    FAIL("the token file was accepted");
    return {};
}

}  // namespace

TEST_CASE("an owner-only token file is read, without surrounding whitespace", "[token]") {
    TempDir dir;
    CHECK(sync::read_token_file(token_file(dir, kSecret + "\n", 0600)) == kSecret);
    CHECK(sync::read_token_file(token_file(dir, "  " + kSecret + " \r\n\n", 0400)) == kSecret);
}

TEST_CASE("a token file others can read is refused, naming the file and the fix", "[token]") {
    TempDir dir;
    for (mode_t mode : {0644, 0640, 0604, 0660, 0666, 0601}) {
        const auto path = token_file(dir, kSecret, mode);
        const std::string message = error_of(path);
        CHECK_THAT(message, Catch::Contains(path.string()));
        CHECK_THAT(message, Catch::Contains("chmod 600 " + path.string()));
        CHECK_THAT(message, !Catch::Contains(kSecret));
    }
}

TEST_CASE("missing, empty and malformed token files are refused clearly", "[token]") {
    TempDir dir;
    CHECK_THAT(error_of(dir / "nope"), Catch::Contains((dir / "nope").string()) &&
                                            Catch::Contains("No such file"));
    CHECK_THAT(error_of(token_file(dir, " \n", 0600)), Catch::Contains("is empty"));
    // Two tokens, or one with a space, would be a header injection or a mistake.
    const auto two = error_of(token_file(dir, kSecret + "\n" + kSecret, 0600));
    CHECK_THAT(two, Catch::Contains("exactly one token"));
    CHECK_THAT(two, !Catch::Contains(kSecret));
    CHECK_THAT(error_of(token_file(dir, "abc def", 0600)), Catch::Contains("exactly one token"));
    CHECK_THAT(error_of(token_file(dir, std::string(5000, 'a'), 0600)), Catch::Contains("larger than"));
    CHECK_THAT(error_of(dir.path()), Catch::Contains("not a regular file"));
}

TEST_CASE("TokenFile picks up a replaced token and a fixed mode without a restart", "[token]") {
    TempDir dir;
    sync::TokenFile none({});
    CHECK_FALSE(none.configured());
    CHECK(none.current().empty());

    const auto path = token_file(dir, "first", 0600);
    sync::TokenFile token(path);
    CHECK(token.current() == "first");
    CHECK(token.current() == "first");

    testing::write_file(path, "second-token-longer");
    CHECK(token.current() == "second-token-longer");

    REQUIRE(::chmod(path.c_str(), 0644) == 0);
    CHECK_THROWS_AS(token.current(), TokenError);
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
    CHECK(token.current() == "second-token-longer");

    std::filesystem::remove(path);
    CHECK_THROWS_AS(token.current(), TokenError);
}
