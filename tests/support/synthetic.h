// Small synthetic worlds for engine tests: a tiny ViT config and labeled image sets whose
// classes differ by a fixed pattern under strong per-image nuisance (global colour shifts and
// noise), so that learning helps and a random backbone alone is mediocre.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "data/dataset.h"
#include "model/vit_config.h"

namespace lrc::test {

inline ViTConfig tiny_vit_config() {
  ViTConfig c;
  c.name = "tiny-test-vit";
  c.image_size = 16, c.patch_size = 4, c.width = 32, c.depth = 2, c.heads = 4, c.mlp_dim = 64;
  return c;
}

// `classes` classes × `per_class` images of 16×16 RGB, deterministic in `seed`.
inline std::shared_ptr<Dataset> synthetic_dataset(int classes, int per_class, uint64_t seed,
                                                  double pattern = 50.0, double shift = 60.0,
                                                  double noise = 25.0) {
  torch::manual_seed(seed);
  auto patterns = torch::rand({classes, 16, 16, 3}) * 2 - 1;
  std::vector<torch::Tensor> images;
  std::vector<int64_t> labels;
  std::vector<std::string> names;
  for (int c = 0; c < classes; ++c) {
    names.push_back("class" + std::to_string(c));
    for (int i = 0; i < per_class; ++i) {
      auto colour = (torch::rand({1, 1, 3}) * 2 - 1) * shift;
      auto img = 128 + pattern * patterns[c] + colour + noise * (torch::rand({16, 16, 3}) * 2 - 1);
      images.push_back(img.clamp(0, 255).round().to(torch::kUInt8));
      labels.push_back(c);
    }
  }
  return make_tensor_dataset(torch::stack(images), torch::tensor(labels, torch::kLong), names,
                             "synthetic-" + std::to_string(seed));
}

}  // namespace lrc::test
