// The PNG writer's files decoded by OpenCV (cv::imdecode over libpng, through the core's own
// image loader): pixels must match exactly. The loader is asked for an identity preprocessing
// (stretch to the same size, mean 0, std 1), so its float output is the decoded bytes / 255.
#include <torch/torch.h>

#include "data/image.h"
#include "harness.h"
#include "io/png.h"

using namespace lrc;

namespace {

// (S, S, 3) uint8 RGB as OpenCV decodes the file.
torch::Tensor decode_with_opencv(const std::string& path, int64_t side) {
  ViTConfig c;
  c.image_size = int(side), c.patch_size = int(side);
  c.preprocess.resize = Preprocess::Resize::Stretch;  // same size: OpenCV copies, no resampling
  c.preprocess.bicubic = false;
  c.preprocess.mean = {0.f, 0.f, 0.f};
  c.preprocess.std = {1.f, 1.f, 1.f};
  auto unit = load_images({path}, c)[0];  // (3, S, S) in [0, 1]
  return unit.mul(255).round().to(torch::kUInt8).permute({1, 2, 0}).contiguous();
}

}  // namespace

LRC_TEST(opencv_decodes_rgb_exactly) {
  torch::manual_seed(11);
  for (int64_t side : {1, 13, 224}) {
    auto image = torch::randint(0, 256, {side, side, 3}, torch::kUInt8);
    const std::string path = test::scratch_dir() + "/rgb" + std::to_string(side) + ".png";
    write_png(path, image);
    CHECK(torch::equal(decode_with_opencv(path, side), image));
  }
}

LRC_TEST(opencv_decodes_grey_exactly) {
  torch::manual_seed(12);
  auto image = torch::randint(0, 256, {31, 31}, torch::kUInt8);
  const std::string path = test::scratch_dir() + "/grey.png";
  write_png(path, image);
  auto rgb = decode_with_opencv(path, 31);  // OpenCV replicates grey into three channels
  for (int64_t ch = 0; ch < 3; ++ch) CHECK(torch::equal(rgb.select(2, ch), image));
}
