// libFuzzer target for everything in sync_protocol that reads bytes from the network: every
// decode_*, gunzip and the heartbeat URL. Built only with clang (FEEDBACK_FUZZ,
// see deploy/fuzz.sh), with AddressSanitizer and UndefinedBehaviorSanitizer, so a crash, a
// leak, an out-of-bounds read or an integer overflow in the decoder stops the run.
//
// Beyond "does not crash" it checks properties whose failure would be a real bug, by abort():
// - whatever decodes re-encodes to text that decodes to the same value (no field is lost or
//   altered on the way through, the encoder never produces what the decoder refuses);
// - the strict and the screened batch decoders agree on which bodies are fully valid;
// - gzip(gunzip(x)) round-trips.
// Inputs that inflate are decoded again, so compressed bodies are explored too; gunzip runs with
// a 1 MiB cap so bombs are refused quickly instead of slowing the fuzzer down.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/protocol.h"

namespace {

using namespace feedback::protocol;

void require(bool condition) {
    if (!condition) std::abort();
}

template <class T, class Decode>
void round_trips(const Decoded<T>& decoded, Decode decode) {
    if (const auto* value = std::get_if<T>(&decoded)) {
        const auto again = decode(encode(*value));
        require(std::holds_alternative<T>(again) && std::get<T>(again) == *value);
    }
}

void decode_everything(std::string_view text) {
    const auto batch = decode_batch(text);
    round_trips<Batch>(batch, [](std::string_view t) { return decode_batch(t); });
    const auto screened = decode_batch_screened(text);
    const bool clean = std::holds_alternative<ScreenedBatch>(screened) &&
                       std::get<ScreenedBatch>(screened).rejected.empty();
    require(std::holds_alternative<Batch>(batch) == clean);

    round_trips<BatchResponse>(decode_response(text), [](std::string_view t) { return decode_response(t); });
    round_trips<Heartbeat>(decode_heartbeat(text), [](std::string_view t) { return decode_heartbeat(t); });
    (void)decode_error(text);
    (void)heartbeat_url(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    decode_everything(text);
    std::string inflated;
    if (gunzip_into(text, inflated, 1u << 20) == GunzipStatus::Ok) {
        decode_everything(inflated);
        require(gunzip(gzip(inflated), inflated.size()) == inflated);
    }
    return 0;
}
