#include "data/image.h"

#include <filesystem>
#include <optional>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "data/image_header.h"
#include "io/atomic_file.h"
#include "io/error.h"

namespace lrc {

namespace {

// Sizes checked before decoding. OpenCV's own pixel limit (OPENCV_IO_MAX_IMAGE_PIXELS) is read
// when the library loads, before this program can set it, so the header is read here instead.
void check_claimed_size(const std::string& path, std::string_view bytes) {
  const std::optional<ImageHeader> h = read_image_header(bytes);
  if (!h)
    throw InputError(file_message(path,
                                  "not a readable image (supported: PNG, JPEG, BMP, WebP, "
                                  "PNM, TIFF; this file has none of their headers)"));
  if (h->width <= 0 || h->height <= 0)
    throw InputError(file_message(path, "not a readable image (" + h->format + " header claims " +
                                            std::to_string(h->width) + " x " +
                                            std::to_string(h->height) + " pixels)"));
  if (h->width * h->height > kMaxImagePixels)
    throw InputError(file_message(path, h->format + " image of " + std::to_string(h->width) +
                                            " x " + std::to_string(h->height) +
                                            " pixels; images above " +
                                            std::to_string(kMaxImagePixels >> 20) +
                                            " Mpx are refused (scale it down first)"));
}

}  // namespace

cv::Mat decode_image(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw InputError(file_message(path, "no such image file"));
  if (!std::filesystem::is_regular_file(path, ec))  // a FIFO would block the read forever
    throw InputError(file_message(path, "not a regular file"));
  auto size = std::filesystem::file_size(path, ec);
  if (size == 0) throw InputError(file_message(path, "empty file, not an image"));
  if (size > kMaxImageFileBytes)
    throw InputError(
        file_message(path, "file is " + std::to_string(size >> 20) + " MiB; images above " +
                               std::to_string(kMaxImageFileBytes >> 20) + " MiB are refused"));
  std::string bytes = read_text_file(path, kMaxImageFileBytes);
  check_claimed_size(path, bytes);
  cv::Mat raw(1, int(bytes.size()), CV_8UC1, bytes.data());
  cv::Mat bgr;
  try {
    bgr = cv::imdecode(raw, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    throw InputError(file_message(path, std::string("cannot decode the image (") + e.err + ")"));
  }
  if (bgr.empty())
    throw InputError(file_message(path, "not a readable image (corrupt or truncated)"));
  if (int64_t(bgr.cols) * bgr.rows > kMaxImagePixels)  // a header that lied about the size
    throw InputError(file_message(
        path, "decodes to more than " + std::to_string(kMaxImagePixels >> 20) + " Mpx"));
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
    // Beyond 4:1 only the centre survives the crop: cut the source to it (plus a margin for the
    // interpolation kernel) first, so a 999999 x 1 image is not upscaled to 224 million pixels.
    cv::Mat src = rgb;
    const int short_side = std::min(rgb.cols, rgb.rows), margin = 4;
    if (std::max(rgb.cols, rgb.rows) > 4 * short_side) {
      const int keep = short_side + 2 * margin;
      src = rgb.cols > rgb.rows ? rgb(cv::Rect((rgb.cols - keep) / 2, 0, keep, rgb.rows))
                                : rgb(cv::Rect(0, (rgb.rows - keep) / 2, rgb.cols, keep));
    }
    const double scale = double(S) / short_side;
    const int w = std::max(S, int(std::lround(src.cols * scale))),
              h = std::max(S, int(std::lround(src.rows * scale)));
    cv::Mat scaled;
    cv::resize(src, scaled, cv::Size(w, h), 0, 0, interp);
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
