#include "io/text.h"

#include <cmath>
#include <cstdio>

namespace lrc {

namespace {

// Beyond this (some 30 000 years) a duration is no clock reading and would overflow the rounding.
constexpr double kMaxDurationSeconds = 1e12;

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (size_t start = 0;;) {
    const size_t comma = text.find(separator, start);
    const size_t end = comma == std::string_view::npos ? text.size() : comma;
    out.emplace_back(trim_spaces(text.substr(start, end - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string format_duration(double seconds, std::string_view unknown) {
  if (!(seconds >= 0) || seconds > kMaxDurationSeconds) return std::string(unknown);
  const long long s = std::llround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
}

}  // namespace lrc
