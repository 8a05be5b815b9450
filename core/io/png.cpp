// The PNG writer (contract in png.h). This is the engine's only file that sees OpenCV, and only in
// full builds (LRC_HAVE_OPENCV, set on this file by core/CMakeLists.txt), so engine-only builds
// still need nothing but LibTorch.
#include "io/png.h"

#include <vector>

#include <torch/torch.h>

#ifdef LRC_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#endif

#include "io/atomic_file.h"
#include "io/error.h"

namespace lrc {

namespace {

// The image as a contiguous CPU uint8 tensor (H, W, C), C = 3 (RGB) or 1 (grey).
torch::Tensor checked_pixels(const torch::Tensor& image) {
  const bool rgb = image.dim() == 3 && image.size(2) == 3;
  if (image.scalar_type() != torch::kUInt8 || !(rgb || image.dim() == 2))
    throw InputError("PNG writer needs a uint8 tensor (H, W, 3) or (H, W), got " +
                     std::string(c10::toString(image.scalar_type())) + " with " +
                     std::to_string(image.dim()) + " dimensions");
  if (image.size(0) < 1 || image.size(1) < 1)
    throw InputError("PNG writer: image size " + std::to_string(image.size(0)) + " x " +
                     std::to_string(image.size(1)) + " is empty");
  auto hwc = rgb ? image : image.unsqueeze(2);
  return hwc.to(torch::kCPU).contiguous();
}

}  // namespace

#ifdef LRC_HAVE_OPENCV

// The strongest zlib level: a few ms for a 224 px image and the smallest files, which matters for
// the thousands of Glyphs images.
constexpr int kPngCompression = 9;

bool png_supported() {
  return true;
}

void write_png(const std::string& path, const cv::Mat& image) {
  std::vector<uchar> bytes;
  if (!cv::imencode(".png", image, bytes, {cv::IMWRITE_PNG_COMPRESSION, kPngCompression}))
    throw Error(file_message(path, "cannot encode the PNG"));
  write_file_atomic(path, bytes.data(), bytes.size());
}

void write_png(const std::string& path, const torch::Tensor& image) {
  // OpenCV stores colour as BGR: reverse the channels (a no-op for grey).
  auto pixels = checked_pixels(image).flip(2).contiguous();
  const cv::Mat mat(int(pixels.size(0)), int(pixels.size(1)), CV_8UC(int(pixels.size(2))),
                    pixels.data_ptr<uint8_t>());
  write_png(path, mat);
}

#else

bool png_supported() {
  return false;
}

void write_png(const std::string& path, const torch::Tensor& image) {
  checked_pixels(image);  // the same InputErrors in every build
  throw Error(
      file_message(path,
                   "cannot write PNG files: this engine-only build has no OpenCV (pools keep their "
                   "tensors in pool.safetensors)"));
}

#endif

}  // namespace lrc
