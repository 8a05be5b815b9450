#include "io/text.h"

#include <algorithm>
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

std::string printable(std::string_view text, size_t max_bytes, bool keep_newlines) {
  std::string out;
  const size_t n = std::min(text.size(), max_bytes);
  out.reserve(n + 16);
  auto hex = [&](unsigned char c) {
    static const char digits[] = "0123456789abcdef";
    out += "\\x";
    out += digits[c >> 4];
    out += digits[c & 15];
  };
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xC2 && i + 1 < n && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;  // U+0080..U+009F
    if ((c < 0x20 && !(keep_newlines && c == '\n') && c != '\t') || c == 0x7F) {
      hex(c);
    } else if (c1) {
      hex(static_cast<unsigned char>(text[++i]));
    } else {
      out += char(c);
    }
  }
  if (text.size() > n) out += "… (" + std::to_string(text.size()) + " bytes)";
  return out;
}

}  // namespace lrc
