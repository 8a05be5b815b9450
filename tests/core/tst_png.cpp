// The PNG writer as the engine sees it: bad tensors are input errors in every build; full builds
// write a PNG file whose header says what was asked for (its pixels are checked by OpenCV's
// decoder in tests/core_cv/tst_png_opencv.cpp); engine-only builds refuse with a clear error.
#include <cstdint>
#include <filesystem>
#include <string>
#include <tuple>

#include <torch/torch.h>

#include "harness.h"
#include "io/atomic_file.h"
#include "io/error.h"
#include "io/png.h"

using namespace lrc;

namespace {

uint32_t be32(const std::string& s, size_t at) {
  return uint32_t(uint8_t(s[at])) << 24 | uint32_t(uint8_t(s[at + 1])) << 16 |
         uint32_t(uint8_t(s[at + 2])) << 8 | uint32_t(uint8_t(s[at + 3]));
}

}  // namespace

LRC_TEST(bad_inputs_are_input_errors) {
  const std::string path = test::scratch_dir() + "/bad.png";
  CHECK_THROWS_WITH(write_png(path, torch::zeros({4, 4, 3})), "uint8");
  CHECK_THROWS_WITH(write_png(path, torch::zeros({4, 4, 4}, torch::kUInt8)), "(H, W, 3)");
  CHECK_THROWS_WITH(write_png(path, torch::zeros({0, 4, 3}, torch::kUInt8)), "empty");
  bool input_error = false;
  try {
    write_png(path, torch::zeros({4}, torch::kUInt8));
  } catch (const InputError&) {
    input_error = true;
  }
  CHECK(input_error);
  CHECK(!std::filesystem::exists(path));
}

LRC_TEST(engine_only_builds_say_why_they_write_no_png) {
  if (png_supported()) return;
  const std::string path = test::scratch_dir() + "/none.png";
  CHECK_THROWS_WITH(write_png(path, torch::zeros({2, 2, 3}, torch::kUInt8)), "no OpenCV");
  CHECK(!std::filesystem::exists(path));
}

LRC_TEST(header_gives_size_and_colour_type) {
  if (!png_supported()) return;  // engine-only builds: their refusal is tested above
  const std::string rgb = test::scratch_dir() + "/rgb.png", grey = test::scratch_dir() + "/g.png";
  write_png(rgb, torch::full({5, 7, 3}, 9, torch::kUInt8));
  write_png(grey, torch::full({9, 4}, 9, torch::kUInt8));
  for (const auto& [path, width, height, colour] :
       {std::tuple{rgb, 7u, 5u, 2}, std::tuple{grey, 4u, 9u, 0}}) {
    const std::string bytes = read_text_file(path);
    CHECK(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    CHECK(bytes.compare(12, 4, "IHDR") == 0);
    CHECK_EQ(be32(bytes, 16), uint32_t(width));
    CHECK_EQ(be32(bytes, 20), uint32_t(height));
    CHECK_EQ(int(uint8_t(bytes[24])), 8);  // bit depth
    CHECK_EQ(int(uint8_t(bytes[25])), colour);
  }
}

LRC_TEST(same_pixels_give_the_same_bytes) {
  if (!png_supported()) return;  // engine-only builds: their refusal is tested above
  torch::manual_seed(3);
  auto image = torch::randint(0, 256, {12, 10, 3}, torch::kUInt8);
  const std::string a = test::scratch_dir() + "/a.png", b = test::scratch_dir() + "/b.png";
  write_png(a, image);
  write_png(b, image.permute({1, 0, 2}).contiguous().permute({1, 0, 2}));  // a strided view
  CHECK(read_text_file(a) == read_text_file(b));
}

LRC_TEST(missing_folder_is_named) {
  if (!png_supported()) return;  // engine-only builds: their refusal is tested above
  CHECK_THROWS_WITH(
      write_png(test::scratch_dir() + "/no/such/folder/x.png", torch::zeros({2, 2}, torch::kUInt8)),
      "no/such/folder");
}
