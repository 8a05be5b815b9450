// The surrogate-task pool: what LoRA Inversion produced for one adapter, stored on disk so
// meta-training (and the UI) can use it without inverting again.
//
// On disk, a folder: pool.safetensors (tensors below; pixels stored as F16) with the metadata
// JSON under "lrc", plus images/<class>/<k>.png and masked/<class>/<k>.png for people to look
// at, and losses.csv (the loss history). Writes are atomic per file.
#pragma once

#include <string>
#include <vector>

#include <torch/types.h>

#include "io/json.h"

namespace lrc {

struct SurrogatePool {
  std::string adapter_name;
  std::string adapter_path;
  std::vector<std::string> class_names;
  torch::Tensor pixels;      // (N, 3, S, S) float32, normalized model input
  torch::Tensor labels;      // (N) int64, index into class_names
  torch::Tensor patch_rank;  // (N, P) int64: patch indices from most to least important
  torch::Tensor
      mask;  // (N, P) uint8: 1 = patch survived the inversion's pruning (+ extra mask ratio)
  torch::Tensor confidence;       // (N) float32: teacher probability of the target class
  double teacher_accuracy = 0.0;  // share of images the teacher classifies as their target
  Json info = Json::object();     // settings, timings, loss summary

  int64_t size() const { return pixels.defined() ? pixels.size(0) : 0; }
  int64_t num_patches() const { return patch_rank.defined() ? patch_rank.size(1) : 0; }
  // (N, K) int64 patch indices to feed for a mask ratio: the K = P − ⌊ratio·P⌋ most important.
  torch::Tensor keep_for_ratio(double ratio) const;
  // (N, K) int64 indices of the stored mask's kept patches (K = the smallest kept count; the
  // most important ones when images kept different numbers).
  torch::Tensor keep_from_mask() const;
};

// Writes the folder described above; the PNGs only with `write_pngs` and where the build writes
// PNG (png_supported(): not in engine-only builds, whose pools are their tensors alone).
void save_pool(const SurrogatePool& pool, const std::string& dir, bool write_pngs = true);
// Accepts the folder or its pool.safetensors. Throws InputError naming the file on problems.
SurrogatePool load_pool(const std::string& path);

}  // namespace lrc
