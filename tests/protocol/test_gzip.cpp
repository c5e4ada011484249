// gzip/gunzip of request bodies: interoperable with GNU gzip, strict about damage, and hard
// capped so a decompression bomb is refused instead of filling memory.
#include <catch2/catch.hpp>

#include <random>

#include "protocol/protocol.h"

using namespace feedback::protocol;

namespace {

std::string bytes(std::initializer_list<unsigned char> list) { return std::string(list.begin(), list.end()); }

// `printf '{"a":1}' | gzip -n -9`
const std::string kFromGnuGzip = bytes({0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab,
                                        0x56, 0x4a, 0x54, 0xb2, 0x32, 0xac, 0x05, 0x00, 0xaf, 0xac, 0x1b,
                                        0x56, 0x07, 0x00, 0x00, 0x00});

}  // namespace

TEST_CASE("gzip round-trips and speaks RFC 1952", "[gzip]") {
    std::mt19937 random(7);
    std::string noise(1 << 20, '\0');
    for (char& c : noise) c = static_cast<char>(random());
    for (const std::string& data : {std::string(), std::string("{\"a\":1}"), std::string(3 << 20, 'x'), noise}) {
        const std::string packed = gzip(data);
        REQUIRE(packed.size() >= 18);
        CHECK(static_cast<unsigned char>(packed[0]) == 0x1f);
        CHECK(static_cast<unsigned char>(packed[1]) == 0x8b);
        const auto unpacked = gunzip(packed, data.size() + 1);
        REQUIRE(unpacked);
        CHECK(*unpacked == data);
    }
    CHECK(gunzip(kFromGnuGzip) == std::optional<std::string>("{\"a\":1}"));
    CHECK(gzip(std::string(1 << 20, ' ')).size() < 5000);
}

TEST_CASE("gunzip refuses damaged input", "[gzip]") {
    const std::string packed = gzip(std::string(10000, 'k') + "tail");
    std::string out = "stale";
    SECTION("not gzip at all") {
        CHECK_FALSE(gunzip("{\"version\":1}"));
        CHECK(gunzip_into("{\"version\":1}", out) == GunzipStatus::Corrupt);
        CHECK(out.empty());
    }
    SECTION("empty") { CHECK_FALSE(gunzip("")); }
    SECTION("truncated") {
        for (std::size_t cut : {std::size_t{5}, packed.size() / 2, packed.size() - 1})
            CHECK(gunzip_into(packed.substr(0, cut), out) == GunzipStatus::Corrupt);
    }
    SECTION("a flipped bit fails the CRC") {
        std::string damaged = packed;
        damaged[damaged.size() - 6] ^= 0x01;
        CHECK(gunzip_into(damaged, out) == GunzipStatus::Corrupt);
    }
    SECTION("bytes after the stream") { CHECK(gunzip_into(packed + "x", out) == GunzipStatus::Corrupt); }
}

TEST_CASE("gunzip refuses a decompression bomb", "[gzip]") {
    // 64 MiB of zeros packs into about 64 KiB; the default limit is 16 MiB after inflating.
    const std::string bomb = gzip(std::string(64u << 20, '\0'));
    CHECK(bomb.size() < 100'000);
    std::string out;
    CHECK(gunzip_into(bomb, out) == GunzipStatus::TooLarge);
    CHECK(out.empty());
    CHECK_FALSE(gunzip(bomb));

    SECTION("the limit is inclusive") {
        const std::string data(100'000, 'a');
        CHECK(gunzip(gzip(data), data.size()) == data);
        CHECK(gunzip_into(gzip(data), out, data.size() - 1) == GunzipStatus::TooLarge);
    }
}
