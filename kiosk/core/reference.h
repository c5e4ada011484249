// Complaint reference numbers, made offline and unique across every kiosk of an office
// without coordination: <device code>-<B.E. yymmdd>-<per-device, per-day sequence>, e.g.
// "KTM-691127-0042". The device code is unique per kiosk (device.code, set by IT; see
// default_device_code), the date and sequence are unique within a kiosk, so the whole is unique.
//
// Read aloud and written down by hand: letters only in the device code and only from an
// alphabet without look-alikes (no O/I/L/Z/S/B/G/Q/U/V, which pass for 0/1/2/5/8/6/0/V/U),
// digits only in the date and the sequence, groups separated by hyphens.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/thai_calendar.h"

namespace feedback::core {

// Letters a device code may use.
inline constexpr std::string_view kReferenceLetters = "ACDEFHJKMNPRTWXY";

// A 3-letter code derived from the device id (FNV-1a hash): a usable default, but two kiosks
// of one office can collide (1 in 4096 per pair), so IT sets device.code explicitly.
std::string default_device_code(std::string_view device_id);
// True for 2..6 characters of kReferenceLetters or digits.
bool is_valid_device_code(std::string_view code);

// sequence starts at 1 each local day; at least four digits ("0042"), more past 9999.
std::string make_reference(std::string_view device_code, CivilDate local_date, int sequence);

// What the reference screen's QR code holds (complaint.tracking_url, issue 18): every "{ref}"
// replaced by the reference and every "{key}" by the tracking key, e.g.
// "https://central.example.go.th/track/{ref}?k={key}". An empty template gives the bare
// reference; a template without placeholders is used as it is (one fixed page for every
// complaint), as before placeholders existed. Both values are URL-safe by construction
// (A-Z, 0-9 and '-'), so nothing is escaped.
std::string tracking_url(std::string_view url_template, std::string_view reference, std::string_view tracking_key);

}  // namespace feedback::core
