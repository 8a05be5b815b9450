#include "io/paths.h"

#include <filesystem>
#include <system_error>

namespace lrc {

std::string path_for_record(const std::string& target, const std::string& recording_file) {
  namespace fs = std::filesystem;
  if (target.empty()) return target;
  std::error_code ec;
  const fs::path abs_target = fs::weakly_canonical(fs::absolute(target, ec), ec);
  const fs::path from =
      fs::weakly_canonical(fs::absolute(fs::path(recording_file), ec).parent_path(), ec);
  if (ec) return fs::path(target).filename().string();
  fs::path rel = abs_target.lexically_relative(from);
  if (rel.empty()) return abs_target.filename().string();
  return rel.generic_string();
}

}  // namespace lrc
