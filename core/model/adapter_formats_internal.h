// Per-format readers and writers behind adapter_io.h (not part of the public API).
#pragma once

#include <string>

#include "io/safetensors.h"
#include "model/lora.h"

namespace lrc::detail {

LoraAdapter read_native_adapter(const SafetensorsFile& file);
LoraAdapter read_reference_adapter(const SafetensorsFile& file);
LoraAdapter read_peft_adapter(const std::string& dir);

// AdapterInfo ↔ the "lrc" metadata JSON, shared by the native and PEFT writers.
Json info_to_json(const AdapterInfo& info);
void info_from_json(const Json& j, AdapterInfo& info);

bool is_reference_key(const std::string& name);

}  // namespace lrc::detail
