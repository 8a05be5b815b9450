#include "data/image.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "io/atomic_file.h"
#include "io/error.h"

namespace lrc {

namespace {

// OpenCV checks decoded sizes against this variable; its default (2^30 pixels) would let a tiny
// hostile PNG claim gigabytes. It is read once, so set it before the first decode.
void limit_decoder_pixels() {
  static std::once_flag once;
  std::call_once(once, [] {
    ::setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(kMaxImagePixels).c_str(), 0);
  });
}

}  // namespace

cv::Mat decode_image(const std::string& path) {
  limit_decoder_pixels();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(file_message(path, "no such image file"));
  auto size = std::filesystem::file_size(path, ec);
  if (size == 0) throw InputError(file_message(path, "empty file, not an image"));
  if (size > kMaxImageFileBytes)
    throw InputError(
        file_message(path, "file is " + std::to_string(size >> 20) + " MiB; images above " +
                               std::to_string(kMaxImageFileBytes >> 20) + " MiB are refused"));
  std::string bytes = read_text_file(path, kMaxImageFileBytes);
  cv::Mat raw(1, int(bytes.size()), CV_8UC1, bytes.data());
  cv::Mat bgr;
  try {
    bgr = cv::imdecode(raw, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    throw InputError(file_message(path, std::string("cannot decode the image (") + e.err + ")"));
  }
  if (bgr.empty())
    throw InputError(
        file_message(path, "not a readable image (unknown format, corrupt, or more than " +
                               std::to_string(kMaxImagePixels >> 20) + " Mpx)"));
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

torch::Tensor preprocess_image(const cv::Mat& rgb, const ViTConfig& config) {
  const int S = config.image_size;
  const auto& p = config.preprocess;
  const int interp = p.bicubic ? cv::INTER_CUBIC : cv::INTER_LINEAR;
  cv::Mat resized;
  if (p.resize == Preprocess::Resize::Stretch) {
    cv::resize(rgb, resized, cv::Size(S, S), 0, 0, interp);
  } else {
    const double scale = double(S) / std::min(rgb.cols, rgb.rows);
    const int w = std::max(S, int(std::lround(rgb.cols * scale))),
              h = std::max(S, int(std::lround(rgb.rows * scale)));
    cv::Mat scaled;
    cv::resize(rgb, scaled, cv::Size(w, h), 0, 0, interp);
    resized = scaled(cv::Rect((w - S) / 2, (h - S) / 2, S, S)).clone();
  }
  auto t = torch::from_blob(resized.data, {S, S, 3}, torch::kUInt8)
               .to(torch::kFloat)
               .div_(255.0)
               .permute({2, 0, 1});
  auto mean = torch::tensor({p.mean[0], p.mean[1], p.mean[2]}).view({3, 1, 1});
  auto std = torch::tensor({p.std[0], p.std[1], p.std[2]}).view({3, 1, 1});
  return ((t - mean) / std).contiguous();
}

torch::Tensor load_images(const std::vector<std::string>& paths, const ViTConfig& config) {
  if (paths.empty()) throw InputError("no images given");
  std::vector<torch::Tensor> items;
  items.reserve(paths.size());
  for (const auto& path : paths) items.push_back(preprocess_image(decode_image(path), config));
  return torch::stack(items);
}

}  // namespace lrc
