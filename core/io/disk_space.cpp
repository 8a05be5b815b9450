#include "io/disk_space.h"

#include <filesystem>
#include <limits>

#include "io/error.h"

namespace lrc {

namespace fs = std::filesystem;

uint64_t free_bytes(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(path), ec);
  if (ec) return std::numeric_limits<uint64_t>::max();
  while (!p.empty() && !fs::exists(p, ec)) {
    if (p == p.parent_path()) break;
    p = p.parent_path();
  }
  const fs::space_info s = fs::space(p, ec);
  if (ec || s.available == static_cast<std::uintmax_t>(-1))
    return std::numeric_limits<uint64_t>::max();
  return uint64_t(s.available);
}

void check_free_space(const std::string& path, uint64_t needed, uint64_t available,
                      const std::string& what) {
  if (available >= needed) return;
  auto mb = [](uint64_t b) { return std::to_string((b + (1u << 20) - 1) >> 20) + " MB"; };
  throw InputError(path + ": not enough free disk space for " + what + ": about " + mb(needed) +
                   " needed, " + mb(available) + " free; free some space or choose another folder");
}

}  // namespace lrc
