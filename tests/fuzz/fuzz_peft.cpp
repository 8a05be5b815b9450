// libFuzzer target: PEFT adapter folders (lrc::read_adapter on adapter_config.json +
// adapter_model.safetensors). Input layout (tests/fuzz/pack_peft_seed.cpp writes seeds in it):
// 4 bytes little-endian length L of the config, L bytes of adapter_config.json, the rest is
// adapter_model.safetensors; L is clamped to what is there. Only lrc::Error may escape; anything
// else (a crash, a sanitizer report, another exception type, a hang) is a finding.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "fuzz_common.h"
#include "io/error.h"
#include "model/adapter_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string dir = [] {
    const std::string d = lrc::fuzz::scratch_path("peft");
    std::filesystem::create_directories(d);
    return d;
  }();
  if (size < 4) return 0;
  const uint32_t claimed = uint32_t(data[0]) | uint32_t(data[1]) << 8 | uint32_t(data[2]) << 16 |
                           uint32_t(data[3]) << 24;
  const size_t config_size = claimed < size - 4 ? claimed : size - 4;
  lrc::fuzz::write_file(dir + "/adapter_config.json", data + 4, config_size);
  lrc::fuzz::write_file(dir + "/adapter_model.safetensors", data + 4 + config_size,
                        size - 4 - config_size);
  try {
    const lrc::LoraAdapter a = lrc::read_adapter(dir);
    (void)a.max_rank();
    (void)a.num_parameters();
    (void)a.layers();
    (void)a.targets();
  } catch (const lrc::Error&) {
  }
  return 0;
}
