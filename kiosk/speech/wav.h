// Clips as sound: 16-bit mono PCM, read from and written to RIFF WAV files, and the few sound
// operations recording needs (trim the silence around speech, normalise loudness, resample,
// a short tone). No SDL: the recorder and the tests use the same code.
//
// Why WAV only: it needs no decoder library (Debian's libvorbis would be a new dependency for
// .ogg); a spoken prompt of two seconds is ~90 KB at 22,050 Hz, so size does not matter.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace feedback::speech {

// The rate every clip is played at (libespeak-ng's own rate): one device format for a whole
// utterance, and the disk driver's output is the clips' bytes as they are.
inline constexpr int kPlayRate = 22050;

struct Pcm {
    int rate = kPlayRate;
    std::vector<std::int16_t> samples;  // mono
    double seconds() const { return rate > 0 ? static_cast<double>(samples.size()) / rate : 0.0; }
};

class WavError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads PCM WAV (8, 16, 24 or 32-bit integer, mono or more channels, which are mixed down).
// Throws WavError naming what is wrong (not a WAV, compressed, truncated …).
Pcm read_wav(const std::filesystem::path& file);
Pcm parse_wav(const std::string& bytes);
// 16-bit mono WAV bytes.
std::string wav_bytes(const Pcm& pcm);
// Writes through a temporary file in the same directory, fsync, rename, fsync of the directory:
// a clip is either the old one or the new one, never half written. Throws WavError.
void write_wav_atomically(const std::filesystem::path& file, const Pcm& pcm);

// Linear interpolation to `rate` (speech only needs to stay intelligible).
Pcm resample(const Pcm& pcm, int rate);
// Keeps what lies between the first and last 10 ms window louder than -40 dBFS, with 80 ms of
// margin either side; an all-quiet clip comes back empty.
Pcm trim_silence(const Pcm& pcm);
// Scales so the speech's RMS (over its 10 ms windows louder than -40 dBFS, not the pauses) is
// -20 dBFS, limited so the peak stays under -1 dBFS.
Pcm normalise_loudness(const Pcm& pcm);
// RMS of the whole clip in dBFS (-inf for silence), for tests and messages.
double rms_dbfs(const Pcm& pcm);
// The short tone said for a Thai prompt without a clip: 180 ms, 660 Hz, faded in and out.
Pcm tone(int rate = kPlayRate);

}  // namespace feedback::speech
