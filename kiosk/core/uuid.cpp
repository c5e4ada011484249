#include "core/uuid.h"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace feedback::core {

std::string make_uuid_v7(std::int64_t utc_ms) {
    // Random bytes come from the kernel (getrandom) in blocks of 4 KiB: one system call per
    // 256 ids keeps demo-data and imports fast. getrandom() blocks only before the kernel's
    // pool is first seeded (early boot); failure means a broken system, so throw.
    thread_local std::array<unsigned char, 4096> pool{};
    thread_local std::size_t used = pool.size();
    if (used + 16 > pool.size()) {
        if (getrandom(pool.data(), pool.size(), 0) != static_cast<ssize_t>(pool.size()))
            throw std::runtime_error("getrandom() failed: cannot make an entry id");
        used = 0;
    }
    std::array<unsigned char, 16> b{};
    std::copy_n(pool.begin() + static_cast<std::ptrdiff_t>(used), 16, b.begin());
    std::fill_n(pool.begin() + static_cast<std::ptrdiff_t>(used), 16, 0);  // never hand out twice
    used += 16;
    const auto ms = static_cast<std::uint64_t>(utc_ms);
    for (int i = 0; i < 6; ++i) b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ms >> (40 - 8 * i));
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x70);  // version 7
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 9562 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += kHex[b[i] >> 4];
        out += kHex[b[i] & 0x0F];
    }
    return out;
}

}  // namespace feedback::core
