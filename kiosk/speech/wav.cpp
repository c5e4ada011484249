#include "speech/wav.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "common/file.h"

namespace feedback::speech {
namespace {

std::uint32_t le32(const std::string& b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}
std::uint16_t le16(const std::string& b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}
void put32(std::string& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put16(std::string& b, std::uint16_t v) {
    b.push_back(static_cast<char>(v & 0xFF));
    b.push_back(static_cast<char>(v >> 8));
}

std::int16_t clamp16(double v) {
    return static_cast<std::int16_t>(std::clamp(std::lround(v), -32768L, 32767L));
}

}  // namespace

Pcm parse_wav(const std::string& b) {
    if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WAVE") != 0)
        throw WavError("not a WAV file (no RIFF/WAVE header)");
    std::size_t at = 12;
    int format = 0, channels = 0, bits = 0;
    std::uint32_t rate = 0;
    bool have_fmt = false;
    while (at + 8 <= b.size()) {
        const std::string id = b.substr(at, 4);
        const std::uint32_t size = le32(b, at + 4);
        const std::size_t body = at + 8;
        if (id == "fmt ") {
            if (size < 16 || body + 16 > b.size()) throw WavError("truncated fmt chunk");
            format = le16(b, body);
            channels = le16(b, body + 2);
            rate = le32(b, body + 4);
            bits = le16(b, body + 14);
            if (format == 0xFFFE && size >= 26) format = le16(b, body + 24);  // WAVE_FORMAT_EXTENSIBLE
            have_fmt = true;
        } else if (id == "data") {
            if (!have_fmt) throw WavError("data chunk before fmt chunk");
            if (format != 1) throw WavError("not integer PCM (format " + std::to_string(format) + "); save as PCM WAV");
            if (channels < 1 || rate < 1000 || rate > 192000 || (bits != 8 && bits != 16 && bits != 24 && bits != 32))
                throw WavError("unsupported WAV format (" + std::to_string(channels) + " channels, " +
                               std::to_string(rate) + " Hz, " + std::to_string(bits) + " bits)");
            const std::size_t bytes = std::min<std::size_t>(size, b.size() - body);
            const std::size_t width = static_cast<std::size_t>(bits / 8);
            const std::size_t frame = width * static_cast<std::size_t>(channels);
            Pcm pcm;
            pcm.rate = static_cast<int>(rate);
            pcm.samples.reserve(bytes / frame);
            for (std::size_t f = body; f + frame <= body + bytes; f += frame) {
                double sum = 0;
                for (int c = 0; c < channels; ++c) {
                    const std::size_t s = f + static_cast<std::size_t>(c) * width;
                    double v = 0;
                    if (bits == 8) v = (static_cast<unsigned char>(b[s]) - 128) * 256.0;
                    else if (bits == 16) v = static_cast<std::int16_t>(le16(b, s));
                    else if (bits == 24)
                        v = static_cast<std::int32_t>((static_cast<std::uint32_t>(le16(b, s + 1)) << 16 |
                                                       static_cast<unsigned char>(b[s]) << 8)) / 65536.0;
                    else v = static_cast<std::int32_t>(le32(b, s)) / 65536.0;
                    sum += v;
                }
                pcm.samples.push_back(clamp16(sum / channels));
            }
            return pcm;
        }
        at = body + size + (size & 1);
    }
    throw WavError("no data chunk");
}

Pcm read_wav(const std::filesystem::path& file) {
    try {
        return parse_wav(common::read_file(file));
    } catch (const common::FileError& e) {
        throw WavError(e.what());
    }
}

std::string wav_bytes(const Pcm& pcm) {
    const auto data = static_cast<std::uint32_t>(pcm.samples.size() * 2);
    std::string b;
    b.reserve(44 + data);
    b += "RIFF";
    put32(b, 36 + data);
    b += "WAVEfmt ";
    put32(b, 16);
    put16(b, 1);  // PCM
    put16(b, 1);  // mono
    put32(b, static_cast<std::uint32_t>(pcm.rate));
    put32(b, static_cast<std::uint32_t>(pcm.rate) * 2);
    put16(b, 2);
    put16(b, 16);
    b += "data";
    put32(b, data);
    for (auto s : pcm.samples) put16(b, static_cast<std::uint16_t>(s));
    return b;
}

void write_wav_atomically(const std::filesystem::path& file, const Pcm& pcm) {
    const std::string bytes = wav_bytes(pcm);
    const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw WavError("cannot create " + dir.string() + ": " + ec.message());
    std::string tmp = (dir / ("." + file.filename().string() + ".XXXXXX")).string();
    const int fd = mkstemp(tmp.data());
    if (fd < 0) throw WavError("cannot create a file in " + dir.string() + ": " + std::strerror(errno));
    common::UniqueFd owned(fd);
    auto fail = [&](const std::string& what) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw WavError(what + " " + tmp + ": " + std::strerror(err));
    };
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) fail("cannot sync");
    if (::rename(tmp.c_str(), file.c_str()) != 0) fail("cannot rename");
    common::UniqueFd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (d) (void)::fsync(d.get());
}

Pcm resample(const Pcm& pcm, int rate) {
    if (pcm.rate == rate || pcm.samples.empty()) return {rate, pcm.samples};
    Pcm out{rate, {}};
    const double step = static_cast<double>(pcm.rate) / rate;
    const auto n = static_cast<std::size_t>(std::floor(static_cast<double>(pcm.samples.size() - 1) / step)) + 1;
    out.samples.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = static_cast<double>(i) * step;
        const auto j = static_cast<std::size_t>(x);
        const double f = x - static_cast<double>(j);
        const double a = pcm.samples[j];
        const double b = j + 1 < pcm.samples.size() ? pcm.samples[j + 1] : a;
        out.samples.push_back(clamp16(a + (b - a) * f));
    }
    return out;
}

Pcm trim_silence(const Pcm& pcm) {
    const std::size_t window = std::max<std::size_t>(1, static_cast<std::size_t>(pcm.rate / 100));
    const double threshold = 32768.0 * std::pow(10.0, -40.0 / 20.0);
    std::size_t first = pcm.samples.size(), last = 0;
    for (std::size_t at = 0; at < pcm.samples.size(); at += window) {
        const std::size_t end = std::min(pcm.samples.size(), at + window);
        double sum = 0;
        for (std::size_t i = at; i < end; ++i) sum += static_cast<double>(pcm.samples[i]) * pcm.samples[i];
        if (std::sqrt(sum / static_cast<double>(end - at)) > threshold) {
            first = std::min(first, at);
            last = end;
        }
    }
    if (first >= last) return {pcm.rate, {}};
    const std::size_t margin = static_cast<std::size_t>(pcm.rate) * 80 / 1000;
    first = first > margin ? first - margin : 0;
    last = std::min(pcm.samples.size(), last + margin);
    return {pcm.rate, {pcm.samples.begin() + static_cast<std::ptrdiff_t>(first),
                       pcm.samples.begin() + static_cast<std::ptrdiff_t>(last)}};
}

double rms_dbfs(const Pcm& pcm) {
    if (pcm.samples.empty()) return -INFINITY;
    double sum = 0;
    for (auto s : pcm.samples) sum += static_cast<double>(s) * s;
    const double rms = std::sqrt(sum / static_cast<double>(pcm.samples.size()));
    return rms > 0 ? 20 * std::log10(rms / 32768.0) : -INFINITY;
}

Pcm normalise_loudness(const Pcm& pcm) {
    if (pcm.samples.empty()) return pcm;
    // The loudness of the speech itself: 10 ms windows above -40 dBFS, not the pauses.
    const std::size_t window = std::max<std::size_t>(1, static_cast<std::size_t>(pcm.rate / 100));
    const double threshold = 32768.0 * std::pow(10.0, -40.0 / 20.0);
    double voiced_sum = 0;
    std::size_t voiced = 0;
    for (std::size_t at = 0; at < pcm.samples.size(); at += window) {
        const std::size_t end = std::min(pcm.samples.size(), at + window);
        double sum = 0;
        for (std::size_t i = at; i < end; ++i) sum += static_cast<double>(pcm.samples[i]) * pcm.samples[i];
        if (std::sqrt(sum / static_cast<double>(end - at)) > threshold) {
            voiced_sum += sum;
            voiced += end - at;
        }
    }
    if (voiced == 0) return pcm;
    const double rms = 20 * std::log10(std::sqrt(voiced_sum / static_cast<double>(voiced)) / 32768.0);
    int peak = 0;
    for (auto s : pcm.samples) peak = std::max(peak, std::abs(static_cast<int>(s)));
    const double by_rms = std::pow(10.0, (-20.0 - rms) / 20.0);
    const double by_peak = 32768.0 * std::pow(10.0, -1.0 / 20.0) / peak;
    const double gain = std::min(by_rms, by_peak);
    Pcm out{pcm.rate, {}};
    out.samples.reserve(pcm.samples.size());
    for (auto s : pcm.samples) out.samples.push_back(clamp16(s * gain));
    return out;
}

Pcm tone(int rate) {
    Pcm pcm{rate, {}};
    const auto n = static_cast<std::size_t>(rate) * 180 / 1000;
    const std::size_t fade = static_cast<std::size_t>(rate) * 15 / 1000;
    for (std::size_t i = 0; i < n; ++i) {
        double envelope = 1.0;
        if (i < fade) envelope = static_cast<double>(i) / static_cast<double>(fade);
        if (n - i < fade) envelope = static_cast<double>(n - i) / static_cast<double>(fade);
        pcm.samples.push_back(clamp16(0.3 * 32767 * envelope * std::sin(2 * M_PI * 660.0 * static_cast<double>(i) / rate)));
    }
    return pcm;
}

}  // namespace feedback::speech
