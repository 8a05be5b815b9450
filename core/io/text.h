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

// Text from a file made safe for a terminal: control characters (ESC, BEL, CR, the C1 range…)
// shown as \xNN so a tensor name cannot move the cursor or recolour the screen; text longer
// than max_bytes is cut with a note of its length. Newlines are kept when keep_newlines is set
// (for whole messages); other bytes pass unchanged.
std::string printable(std::string_view text, size_t max_bytes = 4096, bool keep_newlines = false);

}  // namespace lrc
