// Small text helpers shared by the front ends and the core, so each is written once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lrc {

// "a, b,c" → {"a", "b", "c"}: split at commas, spaces around items trimmed, empty items kept
// (so "a,,b" reaches the caller's validation instead of vanishing). "" → {}. Other separators
// (e.g. ';' between groups) split the same way.
std::vector<std::string> split_list(std::string_view text, char separator = ',');

// Seconds as a clock reading, rounded to the second: "0:07", "4:05" below an hour, "1:02:03"
// from an hour on. Negative, infinite and NaN durations (an ETA not known yet) give `unknown`.
std::string format_duration(double seconds, std::string_view unknown = "?");

}  // namespace lrc
