// Small text helpers shared by the front ends and the core, so each is written once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lrc {

// "a, b,c" → {"a", "b", "c"}: split at commas, spaces around items trimmed, empty items kept
// (so "a,,b" reaches the caller's validation instead of vanishing). "" → {}.
std::vector<std::string> split_list(std::string_view text);

}  // namespace lrc
