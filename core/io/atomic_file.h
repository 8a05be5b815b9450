// Atomic file writes: data goes to a temporary file in the target's folder, is flushed to disk,
// then renamed over the target, so a crash or a full disk never leaves a half-written file where
// a good one stood.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lrc {

// Writes `size` bytes to `path` atomically. Throws lrc::Error naming the file on any failure;
// the temporary file is removed then. Thread-safe for distinct paths.
void write_file_atomic(const std::string& path, const void* data, size_t size);
inline void write_file_atomic(const std::string& path, std::string_view text) {
  write_file_atomic(path, text.data(), text.size());
}

// Reads a whole (small) file. Throws lrc::InputError naming the file when it cannot be read or
// is larger than max_bytes.
std::string read_text_file(const std::string& path, size_t max_bytes = size_t(64) << 20);

}  // namespace lrc
