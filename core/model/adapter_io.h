// Adapter files (docs/method.md §2.2, docs/formats.md): PEFT folders, the LoRA Recycle reference
// format and the project's own format, read into LoraAdapter and written back. Readers never
// build modules; the ViT applies what they return.
#pragma once

#include <optional>
#include <string>

#include "model/lora.h"
#include "model/vit_config.h"

namespace lrc {

enum class AdapterFormat { Native, Peft, Reference };
const char* adapter_format_name(AdapterFormat f);  // "native", "peft", "reference"

// Which adapter format PATH holds, judged from names and headers only (cheap; used by the
// collection scan). std::nullopt when it is not an adapter (maybe a model) or unreadable.
std::optional<AdapterFormat> sniff_adapter(const std::string& path);

// Reads an adapter of any format, without a model. Entries for modules outside the vision
// tower (or unknown modules) are listed in `warnings`, not returned. Throws InputError naming
// the file and the problem.
LoraAdapter read_adapter(const std::string& path);

// read_adapter() + the checks that it fits `config` (InputError "...; wrong base model?").
LoraAdapter load_adapter(const std::string& path, const ViTConfig& config);

// The project's format: one safetensors file with keys lora.{layer}.{target}.{A,B}, head.weight,
// head.bias and every piece of AdapterInfo in the metadata. Atomic; reloads bit-exactly.
void save_adapter(const LoraAdapter& adapter, const std::string& path);

// A PEFT folder (adapter_config.json + adapter_model.safetensors) with module names of `family`.
// Where the family fuses q, k and v (timm, native), q/k/v entries of a block are written as one
// exact fused qkv LoRA (A stacked, B block-diagonal, scales folded into B).
void save_adapter_peft(const LoraAdapter& adapter, const std::string& dir, ModelFamily family,
                       const std::string& base_model_name = "");

}  // namespace lrc
