// The sync protocol's messages and their JSON encoding, shared by the kiosk's sync client and
// the reference collector. sync/PROTOCOL.md is the normative description; this header is its
// C++ form. No curl, no HTTP server, no SQLite here: both ends and the fuzz target link it.
//
// Decoding never throws and never returns half a message: it yields either a complete,
// validated value or a DecodeError with a reason a person can read in a log.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/uuid.h"

namespace feedback::protocol {

// Bumped only for incompatible changes; the collector refuses versions it does not know.
inline constexpr int kVersion = 1;
// Upper bounds both ends enforce (the collector answers 413 above kMaxBodyBytes).
inline constexpr std::size_t kMaxEntriesPerBatch = 5000;
inline constexpr std::size_t kMaxBodyBytes = 16 * 1024 * 1024;  // after gunzip

// Complaint details that travel with a complaint entry (filled in by the complaint issue).
struct WireComplaint {
    std::string category;
    std::string occurred;        // free text or ISO date, may be empty
    std::string service_point;
    std::string description;
    bool anonymous = true;
    std::string contact_name;    // empty when anonymous or already erased
    std::string contact_phone;
    std::string reference;
    bool sensitive = false;
    // Optional on the wire (issue 18; PROTOCOL.md §2.2): the secret of the public tracking page.
    // "" when the kiosk sent none (an older kiosk, a complaint without a reference); the
    // encoder then leaves the field out. Never logged.
    std::string tracking_key;
    bool operator==(const WireComplaint&) const = default;
};

// One entry as it travels: everything the kiosk stores except kiosk-only bookkeeping
// (local seq, session state, sync state, updated time).
struct WireEntry {
    std::string id;              // UUID, the collector's idempotency key per entry
    std::string kind;            // "rating" | "complaint"
    std::string created_utc;     // ISO 8601 UTC with milliseconds
    int utc_offset_min = 0;
    std::string device_id;
    std::string service_point;   // "" when not asked
    std::optional<int> rating;   // 1..5
    std::map<std::string, int> dimensions;
    std::vector<std::string> reasons;
    std::string comment;
    std::string language;        // "th" | "en"
    bool misuse = false;
    std::string survey_version;
    std::string channel = "kiosk";
    std::optional<WireComplaint> complaint;
    // Optional respondent profile (question id -> option id, issue 17). Absent on the wire when
    // empty, so batches without profile answers are byte for byte what version 1 always sent.
    std::map<std::string, std::string> profile;
    bool operator==(const WireEntry&) const = default;
};

struct Batch {
    int version = kVersion;
    std::string batch_id;        // UUID; also sent as the Idempotency-Key header
    std::string device_id;
    std::string app_version;
    std::string sent_utc;        // kiosk clock when sent
    std::vector<WireEntry> entries;
    bool operator==(const Batch&) const = default;
};

enum class AckStatus { Accepted, Duplicate, Rejected };

struct Ack {
    std::string id;              // entry id
    AckStatus status = AckStatus::Accepted;
    std::string reason;          // required for Rejected, empty otherwise
    bool operator==(const Ack&) const = default;
};

struct BatchResponse {
    int version = kVersion;
    std::string batch_id;
    std::vector<Ack> results;    // one per entry the collector dealt with
    bool operator==(const BatchResponse&) const = default;
};

struct Heartbeat {
    int version = kVersion;
    std::string device_id;
    std::string app_version;
    std::int64_t pending = 0;
    std::optional<std::int64_t> oldest_pending_age_s;
    std::string last_error;      // "" when the last attempt succeeded
    std::string kiosk_clock_utc; // lets the centre spot kiosks with a wrong clock
    // Optional on the wire (issue 19; PROTOCOL.md §2.4): the kiosk's `device.name`, what staff
    // call it, shown on the centre's fleet page. "" = not sent (older kiosks); the encoder then
    // leaves the field out, so such a heartbeat is byte for byte what version 1 always sent.
    std::string device_name;
    bool operator==(const Heartbeat&) const = default;
};

// Error body the collector sends with 4xx/5xx: {"version":1,"error":"...","reason":"..."}.
struct ErrorBody {
    std::string error;           // machine word: "unauthorized", "unsupported_version", …
    std::string reason;          // sentence for a person
};

// What kind of problem a DecodeError is, so that the collector can answer with the right status
// (400, 422, 413) without parsing the reason text.
enum class DecodeProblem { Malformed, UnsupportedVersion, TooLarge };

struct DecodeError {
    std::string reason;          // e.g. "entries[3].rating: expected an integer from 1 to 5"
    DecodeProblem problem = DecodeProblem::Malformed;
};

template <class T>
using Decoded = std::variant<T, DecodeError>;

std::string encode(const Batch& batch);
std::string encode(const BatchResponse& response);
std::string encode(const Heartbeat& heartbeat);
std::string encode(const ErrorBody& error);

Decoded<Batch> decode_batch(std::string_view json);
Decoded<BatchResponse> decode_response(std::string_view json);
Decoded<Heartbeat> decode_heartbeat(std::string_view json);
Decoded<ErrorBody> decode_error(std::string_view json);

std::string_view to_string(AckStatus status);

// gzip (RFC 1952) for request bodies. gunzip refuses output larger than max_output (a
// decompression bomb) and malformed input, returning nullopt.
std::string gzip(std::string_view data);
std::optional<std::string> gunzip(std::string_view data, std::size_t max_output = kMaxBodyBytes);

// ---- Additions beyond the lead's first draft (all additive) ---------------------------------

// HTTP names both ends use, so that a typo cannot make them disagree.
inline constexpr std::string_view kBatchPath = "/v1/batches";
inline constexpr std::string_view kHeartbeatPath = "/v1/heartbeat";
inline constexpr std::string_view kContentType = "application/json";
inline constexpr std::string_view kIdempotencyKeyHeader = "Idempotency-Key";
// Optional request header (issue 19): the device_id the client speaks for, sent beside the bearer
// token so the collector can tell *which* kiosk's token it refused (a 401 is decided before the
// body is read). Never trusted for anything else: it authenticates nothing.
inline constexpr std::string_view kDeviceHeader = "X-Feedback-Device";

// Size limits of single fields (bytes of UTF-8). Identifiers are short machine words (device,
// service point, reason and dimension ids, versions); free text is what a person typed.
inline constexpr std::size_t kMaxIdBytes = 128;
inline constexpr std::size_t kMaxTextBytes = 8192;
inline constexpr std::size_t kMaxListItems = 64;      // reasons, dimensions per entry
inline constexpr int kMaxNestingDepth = 32;           // deeper JSON is refused before parsing

std::optional<AckStatus> ack_status_from(std::string_view text);

// The value rules the decoder applies to one entry, for callers holding a WireEntry (the
// client can refuse to queue what the collector would reject). "" when valid, else
// "<field>: <problem>", e.g. "rating: expected an integer from 1 to 5, got 7".
std::string validate(const WireEntry& entry);

// A complaint tracking key as the wire allows it (PROTOCOL.md §2.2): 16 to 64 characters of
// Crockford's base32 alphabet, upper case (0-9, A-Z without I, L, O, U). The kiosk makes 16
// (80 random bits); the collector refuses shorter ones, which would make the public tracking
// page guessable.
bool is_tracking_key(std::string_view key);

// Canonical lowercase 8-4-4-4-12 hex. Ids are compared as strings, so other spellings of the
// same UUID are refused rather than silently treated as different entries.
using common::is_uuid;
// "YYYY-MM-DDTHH:MM:SS[.fraction]Z" with real calendar values.
bool is_utc_timestamp(std::string_view text);

// The collector's view of a batch: the envelope (version, batch_id, device_id, sent_utc,
// the entries array and its size) is decoded strictly and its failure is a DecodeError for the
// whole body; each entry is then decoded on its own, and one that breaks a rule is listed in
// `rejected` (status Rejected, reason relative to the entry) instead of failing the batch.
// An entry whose `id` itself is unreadable cannot be acknowledged, so it fails the whole batch.
// decode_batch() is this plus "no entry may be rejected".
struct ScreenedBatch {
    Batch batch;                 // the envelope and the valid entries, in body order
    std::vector<Ack> rejected;   // one per invalid entry, in body order
};
Decoded<ScreenedBatch> decode_batch_screened(std::string_view json);

// The heartbeat URL for a batch endpoint: the endpoint's last path segment replaced with
// "heartbeat" (https://host/v1/batches -> https://host/v1/heartbeat). Query and fragment are
// dropped.
std::string heartbeat_url(std::string_view batch_endpoint);

// gunzip that tells a damaged stream from one that inflates past max_output, so the collector
// can answer 400 for the first and 413 (split the batch) for the second. `out` is replaced and
// holds the data only for Ok.
enum class GunzipStatus { Ok, Corrupt, TooLarge };
GunzipStatus gunzip_into(std::string_view data, std::string& out, std::size_t max_output = kMaxBodyBytes);

}  // namespace feedback::protocol
