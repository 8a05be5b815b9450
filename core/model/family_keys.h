// The key names each checkpoint family uses for the parts of a ViT block, in both directions:
// building checkpoint keys (model loading, PEFT writing) and parsing module paths found in
// adapter files back to (layer, target).
#pragma once

#include <optional>
#include <string>

#include "model/lora.h"
#include "model/vit_config.h"

namespace lrc {

// Parts of a block with weights. Q/K/V exist separately in HF families, fused (Qkv) in timm and
// the project's own format.
enum class BlockPart { Norm1, Q, K, V, Qkv, Out, Norm2, Fc1, Fc2 };

// Module path (no ".weight") of `part` of block `layer`, e.g. HF CLIP, Q, 3 →
// "vision_model.encoder.layers.3.self_attn.q_proj". `prefix` is the family's vision-tower prefix.
// Returns "" when the family has no such module (Q in timm, Qkv in HF CLIP).
std::string block_module(ModelFamily family, const std::string& prefix, int layer, BlockPart part);

// The LoRA target a block part corresponds to (Norm1/Norm2 have none).
std::optional<LoraTarget> part_target(BlockPart part);
BlockPart target_part(LoraTarget t);

// A module path found in an adapter file, understood.
struct ParsedModule {
  ModelFamily family = ModelFamily::Native;
  int layer = 0;
  LoraTarget target = LoraTarget::Q;
  bool vision = true;  // false for e.g. CLIP's text tower
};
// Parses paths such as "base_model.model.vision_model.encoder.layers.3.self_attn.q_proj";
// std::nullopt when the path is no attention/MLP projection of a transformer block.
std::optional<ParsedModule> parse_block_module(const std::string& module_path);

}  // namespace lrc
