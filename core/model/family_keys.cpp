#include "model/family_keys.h"

#include <regex>

namespace lrc {

namespace {

const char* clip_part(BlockPart p) {
  switch (p) {
    case BlockPart::Norm1:
      return "layer_norm1";
    case BlockPart::Q:
      return "self_attn.q_proj";
    case BlockPart::K:
      return "self_attn.k_proj";
    case BlockPart::V:
      return "self_attn.v_proj";
    case BlockPart::Out:
      return "self_attn.out_proj";
    case BlockPart::Norm2:
      return "layer_norm2";
    case BlockPart::Fc1:
      return "mlp.fc1";
    case BlockPart::Fc2:
      return "mlp.fc2";
    case BlockPart::Qkv:
      break;
  }
  return nullptr;
}

const char* hf_vit_part(BlockPart p) {
  switch (p) {
    case BlockPart::Norm1:
      return "layernorm_before";
    case BlockPart::Q:
      return "attention.attention.query";
    case BlockPart::K:
      return "attention.attention.key";
    case BlockPart::V:
      return "attention.attention.value";
    case BlockPart::Out:
      return "attention.output.dense";
    case BlockPart::Norm2:
      return "layernorm_after";
    case BlockPart::Fc1:
      return "intermediate.dense";
    case BlockPart::Fc2:
      return "output.dense";
    case BlockPart::Qkv:
      break;
  }
  return nullptr;
}

// timm and the native format differ only in the attention output's name.
const char* fused_part(BlockPart p, bool timm) {
  switch (p) {
    case BlockPart::Norm1:
      return "norm1";
    case BlockPart::Qkv:
      return "attn.qkv";
    case BlockPart::Out:
      return timm ? "attn.proj" : "attn.out";
    case BlockPart::Norm2:
      return "norm2";
    case BlockPart::Fc1:
      return "mlp.fc1";
    case BlockPart::Fc2:
      return "mlp.fc2";
    default:
      break;
  }
  return nullptr;
}

}  // namespace

std::string block_module(ModelFamily family, const std::string& prefix, int layer, BlockPart part) {
  const std::string i = std::to_string(layer);
  const char* name = nullptr;
  std::string base;
  switch (family) {
    case ModelFamily::HfClip:
      name = clip_part(part), base = prefix + "encoder.layers." + i + ".";
      break;
    case ModelFamily::HfVit:
      name = hf_vit_part(part), base = prefix + "encoder.layer." + i + ".";
      break;
    case ModelFamily::Timm:
      name = fused_part(part, true), base = prefix + "blocks." + i + ".";
      break;
    case ModelFamily::Native:
      name = fused_part(part, false), base = prefix + "blocks." + i + ".";
      break;
  }
  return name ? base + name : std::string();
}

std::optional<LoraTarget> part_target(BlockPart part) {
  switch (part) {
    case BlockPart::Q:
      return LoraTarget::Q;
    case BlockPart::K:
      return LoraTarget::K;
    case BlockPart::V:
      return LoraTarget::V;
    case BlockPart::Qkv:
      return LoraTarget::Qkv;
    case BlockPart::Out:
      return LoraTarget::Out;
    case BlockPart::Fc1:
      return LoraTarget::Fc1;
    case BlockPart::Fc2:
      return LoraTarget::Fc2;
    default:
      return std::nullopt;
  }
}

BlockPart target_part(LoraTarget t) {
  switch (t) {
    case LoraTarget::Q:
      return BlockPart::Q;
    case LoraTarget::K:
      return BlockPart::K;
    case LoraTarget::V:
      return BlockPart::V;
    case LoraTarget::Qkv:
      return BlockPart::Qkv;
    case LoraTarget::Out:
      return BlockPart::Out;
    case LoraTarget::Fc1:
      return BlockPart::Fc1;
    case LoraTarget::Fc2:
      return BlockPart::Fc2;
  }
  return BlockPart::Q;
}

std::optional<ParsedModule> parse_block_module(const std::string& path) {
  struct Pattern {
    std::regex re;
    ModelFamily family;
  };
  // Group 1: everything before the block list (tells vision from text tower); group 2: layer;
  // group 3: the projection's own name.
  static const Pattern patterns[] = {
      {std::regex(R"(^(.*?)encoder\.layers\.(\d+)\.(self_attn\.(?:q|k|v|out)_proj|mlp\.fc[12])$)"),
       ModelFamily::HfClip},
      {std::regex(
           R"(^(.*?)encoder\.layer\.(\d+)\.(attention\.attention\.(?:query|key|value)|attention\.output\.dense|intermediate\.dense|output\.dense)$)"),
       ModelFamily::HfVit},
      {std::regex(R"(^(.*?)blocks\.(\d+)\.(attn\.(?:qkv|proj)|mlp\.fc[12])$)"), ModelFamily::Timm},
      {std::regex(R"(^(.*?)blocks\.(\d+)\.(attn\.out)$)"), ModelFamily::Native},
  };
  for (const auto& p : patterns) {
    std::smatch m;
    if (!std::regex_match(path, m, p.re)) continue;
    ParsedModule out;
    out.family = p.family;
    const std::string prefix = m[1].str(), part = m[3].str();
    out.vision = prefix.find("text") == std::string::npos;
    try {
      out.layer = std::stoi(m[2].str());
    } catch (...) {
      return std::nullopt;
    }
    static const std::pair<const char*, LoraTarget> names[] = {
        {"self_attn.q_proj", LoraTarget::Q},
        {"self_attn.k_proj", LoraTarget::K},
        {"self_attn.v_proj", LoraTarget::V},
        {"self_attn.out_proj", LoraTarget::Out},
        {"mlp.fc1", LoraTarget::Fc1},
        {"mlp.fc2", LoraTarget::Fc2},
        {"attention.attention.query", LoraTarget::Q},
        {"attention.attention.key", LoraTarget::K},
        {"attention.attention.value", LoraTarget::V},
        {"attention.output.dense", LoraTarget::Out},
        {"intermediate.dense", LoraTarget::Fc1},
        {"output.dense", LoraTarget::Fc2},
        {"attn.qkv", LoraTarget::Qkv},
        {"attn.proj", LoraTarget::Out},
        {"attn.out", LoraTarget::Out}};
    for (const auto& [n, t] : names)
      if (part == n) {
        out.target = t;
        return out;
      }
  }
  return std::nullopt;
}

}  // namespace lrc
