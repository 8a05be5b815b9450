// libFuzzer target: lrc::SafetensorsFile on arbitrary bytes (written to a scratch file, since
// the reader maps a path), then every tensor it lists is loaded. Only lrc::Error may escape the
// parser; anything else (a crash, a sanitizer report, another exception type, a hang) is a
// finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "io/error.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = lrc::fuzz::scratch_path("input.safetensors");
  lrc::fuzz::write_file(path, data, size);
  try {
    lrc::SafetensorsFile file(path);
    (void)file.file_size();
    for (const auto& [key, value] : file.metadata()) (void)file.metadata_value(key);
    for (const lrc::TensorRecord& r : file.records()) {
      if (file.find(r.name) == nullptr) __builtin_trap();  // a listed record it cannot find
      try {
        torch::Tensor t = file.load(r.name);
        if (t.numel() != r.numel()) __builtin_trap();  // load() disagrees with the header
      } catch (const lrc::Error&) {
      }
    }
  } catch (const lrc::Error&) {
  }
  return 0;
}
