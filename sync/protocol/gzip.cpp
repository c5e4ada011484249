// gzip (RFC 1952) for request bodies, over zlib.
//
// Why our own few lines and not cpp-httplib's compressor: the protocol library must build
// without any HTTP library (the fuzz target and the client link it), and the decoder side needs
// a hard cap on output that httplib does not offer. gunzip therefore counts every byte it
// inflates and gives up the moment the total would pass max_output: a 16 MiB body of zeros
// compressed to 16 KiB is refused after inflating 16 MiB, not after filling memory.
// Each z_stream lives in a small RAII holder so every exit path ends it.
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <new>

#include "protocol/protocol.h"

namespace feedback::protocol {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kMaxFeed = UINT_MAX;  // z_stream counts in uInt

class Deflater {
public:
    Deflater() {
        if (deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            throw std::bad_alloc();
    }
    ~Deflater() { deflateEnd(&stream_); }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;
    z_stream* get() { return &stream_; }

private:
    z_stream stream_{};
};

class Inflater {
public:
    Inflater() { ok_ = inflateInit2(&stream_, 15 + 16) == Z_OK; }  // 16: gzip wrapper only
    ~Inflater() {
        if (ok_) inflateEnd(&stream_);
    }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
    bool ok() const { return ok_; }
    z_stream* get() { return &stream_; }

private:
    z_stream stream_{};
    bool ok_ = false;
};

Bytef* bytes(const char* data) { return reinterpret_cast<Bytef*>(const_cast<char*>(data)); }

}  // namespace

std::string gzip(std::string_view data) {
    Deflater deflater;
    z_stream* zs = deflater.get();
    std::string out;
    char buffer[kChunk];
    std::size_t offset = 0;
    int flush = Z_NO_FLUSH;
    do {
        if (zs->avail_in == 0 && offset < data.size()) {
            const std::size_t feed = std::min(data.size() - offset, kMaxFeed);
            zs->next_in = bytes(data.data() + offset);
            zs->avail_in = static_cast<uInt>(feed);
            offset += feed;
        }
        flush = offset == data.size() ? Z_FINISH : Z_NO_FLUSH;
        zs->next_out = reinterpret_cast<Bytef*>(buffer);
        zs->avail_out = static_cast<uInt>(kChunk);
        const int rc = deflate(zs, flush);
        if (rc == Z_STREAM_ERROR) throw std::bad_alloc();  // only on a corrupted stream state
        out.append(buffer, kChunk - zs->avail_out);
        if (rc == Z_STREAM_END) break;
    } while (true);
    return out;
}

GunzipStatus gunzip_into(std::string_view data, std::string& out, std::size_t max_output) {
    out.clear();
    if (data.empty()) return GunzipStatus::Corrupt;
    Inflater inflater;
    if (!inflater.ok()) throw std::bad_alloc();  // inflateInit2 fails only for lack of memory
    z_stream* zs = inflater.get();
    char buffer[kChunk];
    std::size_t offset = 0;
    for (;;) {
        if (zs->avail_in == 0 && offset < data.size()) {
            const std::size_t feed = std::min(data.size() - offset, kMaxFeed);
            zs->next_in = bytes(data.data() + offset);
            zs->avail_in = static_cast<uInt>(feed);
            offset += feed;
        }
        zs->next_out = reinterpret_cast<Bytef*>(buffer);
        zs->avail_out = static_cast<uInt>(kChunk);
        const int rc = inflate(zs, Z_NO_FLUSH);
        const std::size_t produced = kChunk - zs->avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            out.clear();
            return GunzipStatus::Corrupt;
        }
        if (produced > max_output - out.size()) {  // a bomb, or simply too much
            out.clear();
            return GunzipStatus::TooLarge;
        }
        out.append(buffer, produced);
        if (rc == Z_STREAM_END) {
            // One member and nothing after it: trailing bytes mean a damaged or spliced body.
            if (zs->avail_in != 0 || offset != data.size()) {
                out.clear();
                return GunzipStatus::Corrupt;
            }
            return GunzipStatus::Ok;
        }
        // No progress and nothing left to feed: the stream is truncated.
        if (produced == 0 && zs->avail_in == 0 && offset == data.size()) {
            out.clear();
            return GunzipStatus::Corrupt;
        }
    }
}

std::optional<std::string> gunzip(std::string_view data, std::size_t max_output) {
    std::string out;
    if (gunzip_into(data, out, max_output) != GunzipStatus::Ok) return std::nullopt;
    return out;
}

}  // namespace feedback::protocol
