// Image features through the facade (core/api, plain types): the VFM, with an optional LoRA, over
// image files or a ready pixel tensor — what `lora-recycle-cli embed` prints or saves.
//
// Errors: InputError naming the setting or the file for bad input, lrc::Error for internal
// failures.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/session.h"

namespace lrc::api {

// Every option of an embedding, with the core's defaults.
struct EmbeddingSettings {
  std::string adapter_path;  // a LoRA applied to the VFM; empty: the plain VFM
  double lora_scale = 1.0;   // multiplier of the adapter's update
  // Fold the adapter into the weights for the forward passes (restored afterwards): the model's
  // weights change during the call, so no other job may use the same Model meanwhile.
  bool merge = false;
  // The inputs: a safetensors file with normalized floats "pixel_values" [B, 3, S, S] (skips
  // decoding and preprocessing), or image files — one of the two.
  std::string pixels_path;
  std::vector<std::string> image_paths;
  int batch = 64;                  // images per forward pass (at least 1)
  std::string precision = "auto";  // precision_options() (session.h)
  // When set, the features are saved there: key "features" (float32, B x D), metadata
  // "precision" (what the passes ran as).
  std::string out_path;
};

struct Embedding {
  int64_t rows = 0;                   // one per input image, in order
  int64_t dim = 0;                    // the model's feature dimension
  std::vector<float> features;        // rows x dim, row-major
  std::string precision;              // what the passes ran as: "fp32", "bf16" or "fp16"
  std::string saved_to;               // settings.out_path when saved
  std::vector<std::string> warnings;  // about the adapter (dropped modules, another family, …)
};

Embedding embed_images(const Model& model, const EmbeddingSettings& settings);

}  // namespace lrc::api
