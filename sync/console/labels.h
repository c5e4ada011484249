// Words the console shows for stored codes, in Thai and English.
//
// Why categories are listed here: the collector receives only a category's id; the kiosk's
// default survey (assets/surveys/default.toml) names its categories, and those names are
// repeated here so the console reads like the kiosk. An id the list does not know is shown
// as it is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedback::console {

std::string status_label(std::string_view status, bool english);
std::string category_label(std::string_view category, bool english);
// The default survey's category ids, in its order (for the queue's filter).
const std::vector<std::string>& known_categories();
// The statuses in their order: new, accepted, in_progress, resolved, referred.
const std::vector<std::string>& statuses();

// The console's Thai font stack: the kiosk HTML report's (kiosk/report/html_export.cpp).
inline constexpr const char* kFontStack = "Laksaman, 'TH Sarabun New', Sarabun, Garuda, Loma, sans-serif";

// HTML text and attribute escaping.
std::string escape(std::string_view text);
// Percent-encoding of everything but A-Z a-z 0-9 - _ . ~ (a path segment or query value).
std::string url_encode(std::string_view text);

}  // namespace feedback::console
