// Image files → model input tensors, with OpenCV (the only place the core uses it besides the
// image-folder dataset). Decoding refuses non-images and images too large to be sensible with an
// InputError naming the file.
#pragma once

#include <string>
#include <vector>

#include <torch/types.h>

#include "model/vit_config.h"

namespace cv {
class Mat;
}

namespace lrc {

// Limits on what decode_image accepts.
constexpr uint64_t kMaxImageFileBytes = uint64_t(256) << 20;  // 256 MiB
constexpr int64_t kMaxImagePixels = int64_t(80) << 20;        // ~84 Mpx (e.g. 10k × 8k)

// Decodes PNG/JPEG/BMP/WebP/… into an 8-bit RGB image. Throws InputError for missing files,
// non-images and images beyond the limits.
cv::Mat decode_image(const std::string& path);

// Resizes / crops / normalizes an 8-bit RGB image as `config.preprocess` says: (3, S, S) float.
torch::Tensor preprocess_image(const cv::Mat& rgb, const ViTConfig& config);

// decode + preprocess for several files: (N, 3, S, S).
torch::Tensor load_images(const std::vector<std::string>& paths, const ViTConfig& config);

}  // namespace lrc
