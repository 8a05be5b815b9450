// Loading ViT checkpoints of every supported family into the one ViT module, and saving the
// project's own format (one safetensors file whose metadata holds the architecture).
//
// Loading runs in named phases: locate files → detect family → read config → map keys →
// check shapes → copy. Errors are lrc::InputError naming the file and the key.
#pragma once

#include <string>
#include <vector>

#include <torch/types.h>

#include "io/json.h"
#include "io/safetensors.h"
#include "model/vit.h"
#include "model/vit_config.h"

namespace lrc {

// The files behind a model path: a folder (config.json + model.safetensors, optionally
// preprocessor_config.json) or a single .safetensors file (config.json beside it is used).
struct ModelFiles {
  std::string weights;
  std::string config_json;        // empty if absent
  std::string preprocessor_json;  // empty if absent
};
ModelFiles locate_model_files(const std::string& path);

// Which family a weights file belongs to, and the key prefix of its vision tower
// ("vision_model." for HF CLIP, "vit." or "" for HF ViT, "" otherwise).
struct FamilyMatch {
  ModelFamily family = ModelFamily::Native;
  std::string prefix;
};
// Throws InputError when the keys match no supported ViT layout.
FamilyMatch detect_family(const SafetensorsFile& file);

// One model parameter and the checkpoint key(s) it is read from. Several sources are
// concatenated along dim 0 (separate q, k, v into the fused qkv). `optional` sources may be
// absent (then the parameter is zero), e.g. qkv biases of HF ViTs with qkv_bias = false.
struct KeyMapping {
  std::string param;
  std::vector<std::string> sources;
  std::vector<int64_t> source_shape;  // the shape each source must have
  bool optional = false;
};
std::vector<KeyMapping> checkpoint_key_map(const ViTConfig& config, const FamilyMatch& match);

// The architecture from config.json / preprocessor_config.json (either may be null) and the
// tensor shapes. Values missing from the config are inferred from shapes; `notes` says which.
ViTConfig read_model_config(const SafetensorsFile& file, const FamilyMatch& match,
                            const Json* config, const Json* preprocessor,
                            std::vector<std::string>& notes);

struct LoadedModel {
  ViT model{nullptr};
  std::string path;  // the weights file
  FamilyMatch match;
  std::vector<std::string>
      ignored_keys;  // not part of the vision tower (text tower, heads, buffers)
  std::vector<std::string> notes;
  std::string fingerprint;
};

// Everything load_model checks, without reading the weights: family, architecture, that every
// vision key exists with the right shape, and which keys are ignored.
struct ModelProbe {
  ViTConfig config;
  FamilyMatch match;
  std::string path;
  std::vector<std::string> ignored_keys;
  std::vector<std::string> notes;
};
ModelProbe probe_model(const std::string& path);

// Loads a model in eval mode with frozen weights (float32) on `device`.
LoadedModel load_model(const std::string& path, torch::Device device = torch::kCPU);

// Saves in the project's format (keys = registered names; dtype F32, F16 or BF16).
// Extra metadata (e.g. training provenance) is stored under "lrc.extra".
void save_model(ViTImpl& model, const std::string& path, c10::ScalarType dtype = torch::kFloat,
                const Json& extra = Json::object());

// The metadata key and format tag of the project's files.
constexpr const char* kMetaKey = "lrc";
constexpr const char* kModelFormatTag = "lrc-model";
constexpr const char* kAdapterFormatTag = "lrc-adapter";

// Reads the JSON under metadata key "lrc", or returns null Json when absent.
Json read_lrc_metadata(const SafetensorsFile& file);

}  // namespace lrc
