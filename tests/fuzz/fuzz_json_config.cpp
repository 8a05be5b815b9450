// libFuzzer target: lrc::Json::parse on arbitrary text, then model config parsing
// (lrc::ViTConfig::from_json) on the parsed value and a dump of both. Only lrc::Error may
// escape; anything else (a crash, a sanitizer report, another exception type, a hang) is a
// finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/error.h"
#include "io/json.h"
#include "model/vit_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const lrc::Json j = lrc::Json::parse(text);
    (void)j.dump();
    // A model's config.json may hold the config itself or nest it (native metadata "config").
    const lrc::Json* nested = j.is_object() ? j.find("config") : nullptr;
    for (const lrc::Json* v : {&j, nested}) {
      if (!v) continue;
      try {
        const lrc::ViTConfig c = lrc::ViTConfig::from_json(*v);
        (void)c.to_json().dump(2);
        (void)c.num_patches();
        (void)c.head_dim();
      } catch (const lrc::Error&) {
      }
    }
  } catch (const lrc::Error&) {
  }
  return 0;
}
