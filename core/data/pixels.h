// Conversions between normalized model inputs and 8-bit pixels (no OpenCV: the engine uses
// them for inversion snapshots on GPU machines too).
#pragma once

#include <torch/types.h>

#include "model/vit_config.h"

namespace lrc {

// (3, H, W) or (B, 3, H, W) normalized → uint8 RGB (H, W, 3) or (B, H, W, 3) on the CPU,
// undoing mean/std and clamping to [0, 255].
torch::Tensor denormalize_to_u8(const torch::Tensor& pixels, const Preprocess& p);

// Lower and upper bounds of normalized pixels per channel, shaped (1, 3, 1, 1): the values that
// de-normalize to 0 and 1.
torch::Tensor normalized_min(const Preprocess& p, const torch::TensorOptions& o);
torch::Tensor normalized_max(const Preprocess& p, const torch::TensorOptions& o);

}  // namespace lrc
