// Shared helpers of the libFuzzer targets: a scratch location per process (inputs that the
// parsers only take as paths are written there before each run).
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace lrc::fuzz {

// $TMPDIR, else /dev/shm (no disk writes), else /tmp; one fixed name per process and target.
inline std::string scratch_path(const std::string& name) {
  namespace fs = std::filesystem;
  std::string base;
  if (const char* t = std::getenv("TMPDIR"); t && *t) {
    base = t;
  } else {
    std::error_code ec;
    base = fs::is_directory("/dev/shm", ec) ? "/dev/shm" : "/tmp";
  }
  return (fs::path(base) / ("lrc-fuzz-" + std::to_string(::getpid()) + "-" + name)).string();
}

// Replaces the file at `path` with exactly `size` bytes; aborts when it cannot (a broken setup
// is not a finding, but must not look like one either).
inline void write_file(const std::string& path, const uint8_t* data, size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || (size > 0 && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
    std::perror(path.c_str());
    std::abort();
  }
}

}  // namespace lrc::fuzz
