// IDX files (MNIST layout) and in-memory uint8 datasets: the real Fashion-MNIST test split from
// Debian's package, and malformed files written here, each giving an InputError naming the file.
// Reference numbers for Fashion-MNIST were read independently with Python's gzip module.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <torch/torch.h>

#include "data/dataset.h"
#include "harness.h"
#include "io/error.h"

using namespace lrc;
namespace fs = std::filesystem;

namespace {

const std::string kFashion = "/usr/share/datasets/fashion-mnist";

// Skips the calling test when Debian's Fashion-MNIST package is absent.
void require_fashion() {
  if (!fs::exists(kFashion + "/t10k-images-idx3-ubyte.gz"))
    LRC_SKIP(kFashion + " not installed (apt-get install dataset-fashion-mnist)");
}

void put_be32(std::string& s, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) s += char((v >> shift) & 0xff);
}

// An IDX file: magic, dims, then `payload` bytes (pass fewer or more to corrupt it).
std::string write_idx(const std::string& name, uint32_t magic, const std::vector<uint32_t>& dims,
                      const std::string& payload) {
  std::string bytes;
  put_be32(bytes, magic);
  for (uint32_t d : dims) put_be32(bytes, d);
  bytes += payload;
  const std::string path = lrc::test::scratch_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string bytes_0_to(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += char(i % 256);
  return s;
}

}  // namespace

LRC_TEST(reads_fashion_mnist_t10k) {
  require_fashion();
  auto data = load_idx_dataset(kFashion + "/t10k-images-idx3-ubyte.gz",
                               kFashion + "/t10k-labels-idx1-ubyte.gz");
  CHECK_EQ(data->size(), 10000);
  CHECK_EQ(data->num_classes(), 10);
  CHECK_EQ(data->label(0), 9);  // python: gzip.open(...).read()[8] == 9
  CHECK_EQ(data->class_names()[size_t(data->label(0))], std::string("Ankle boot"));
  CHECK_EQ(data->class_names()[0], std::string("T-shirt/top"));
  CHECK_EQ(data->label(9999), 5);
  for (const auto& members : data->indices_by_class()) CHECK_EQ(members.size(), size_t(1000));
  ViTConfig config;
  config.image_size = 28;  // no resize: the image is exactly the file's bytes, normalized
  auto img = data->image(0, config);
  CHECK_EQ(img.size(0), 3);
  CHECK_EQ(img.size(1), 28);
  CHECK_EQ(img.size(2), 28);
  CHECK_NEAR(img.mean().item<double>(), -0.665306122, 1e-6);  // byte sum 33456 over 784 pixels
  CHECK_NEAR(img[2][14][14].item<double>(), 2.0 * 110 / 255 - 1, 1e-6);  // pixel (14, 14) = 110
  CHECK_EQ(data->item_name(3).find("t10k-images-idx3-ubyte.gz#3") != std::string::npos, true);
}

LRC_TEST(finds_the_test_split_in_a_folder_and_prefixes) {
  require_fashion();
  auto pair = find_idx_pair(kFashion);
  CHECK(pair.has_value());
  CHECK_EQ(fs::path(pair->images).filename().string(), std::string("t10k-images-idx3-ubyte.gz"));
  CHECK_EQ(fs::path(pair->labels).filename().string(), std::string("t10k-labels-idx1-ubyte.gz"));
  auto train = find_idx_pair(kFashion + "/train");
  CHECK(train.has_value());
  CHECK_EQ(fs::path(train->labels).filename().string(), std::string("train-labels-idx1-ubyte.gz"));
  CHECK(!find_idx_pair(lrc::test::scratch_dir() + "/nothing-here").has_value());
}

LRC_TEST(truncated_gzip_names_the_file) {
  require_fashion();
  std::ifstream in(kFashion + "/t10k-labels-idx1-ubyte.gz", std::ios::binary);
  std::string head(2000, '\0');
  in.read(head.data(), std::streamsize(head.size()));
  const std::string cut = lrc::test::scratch_dir() + "/cut-labels-idx1-ubyte.gz";
  std::ofstream(cut, std::ios::binary) << head;
  const std::string images =
      write_idx("ok-images-idx3-ubyte", 0x803, {10000, 1, 1}, bytes_0_to(10000));
  CHECK_THROWS_WITH(load_idx_dataset(images, cut), cut + ": ");
  CHECK_THROWS_WITH(load_idx_dataset(images, cut), "truncated");
}

LRC_TEST(small_idx_pair_round_trips) {
  const auto images = write_idx("small-images-idx3-ubyte", 0x803, {3, 2, 2}, bytes_0_to(12));
  const auto labels =
      write_idx("small-labels-idx1-ubyte", 0x801, {3}, std::string("\x02\x00\x01", 3));
  auto data = load_idx_dataset(images, labels);
  CHECK_EQ(data->size(), 3);
  CHECK_EQ(data->num_classes(), 3);  // "0".."max label"
  CHECK_EQ(data->class_names()[2], std::string("2"));
  CHECK_EQ(data->label(0), 2);
  ViTConfig config;
  config.image_size = 2;
  CHECK_NEAR(data->image(1, config)[0][1][1].item<double>(), 2.0 * 7 / 255 - 1,
             1e-6);  // bytes 4..7
  auto named = load_idx_dataset(images, labels, {"x", "y", "z"});
  CHECK_EQ(named->class_names()[0], std::string("x"));
}

LRC_TEST(malformed_idx_files_name_the_file) {
  const auto labels = write_idx("m-labels-idx1-ubyte", 0x801, {3}, std::string("\x00\x01\x01", 3));
  const auto bad_magic = write_idx("magic-images-idx3-ubyte", 0x801, {3, 2, 2}, bytes_0_to(12));
  CHECK_THROWS_WITH(load_idx_dataset(bad_magic, labels),
                    bad_magic + ": bad IDX magic 0x00000801, expected 0x00000803");
  const auto truncated = write_idx("trunc-images-idx3-ubyte", 0x803, {3, 2, 2}, bytes_0_to(10));
  CHECK_THROWS_WITH(load_idx_dataset(truncated, labels),
                    truncated + ": truncated IDX data: header promises 12 bytes");
  const auto oversized = write_idx("big-images-idx3-ubyte", 0x803, {3, 2, 2}, bytes_0_to(13));
  CHECK_THROWS_WITH(load_idx_dataset(oversized, labels), oversized + ": oversized IDX data");
  const auto short_header = write_idx("hdr-images-idx3-ubyte", 0x803, {3}, "");
  CHECK_THROWS_WITH(load_idx_dataset(short_header, labels),
                    short_header + ": truncated IDX header");
  const auto huge =
      write_idx("huge-images-idx3-ubyte", 0x803, {0xffffffff, 0xffffffff, 0xffffffff}, "");
  CHECK_THROWS_WITH(load_idx_dataset(huge, labels),
                    huge + ": IDX dimensions describe more than 2 GiB");
  const auto images = write_idx("ok2-images-idx3-ubyte", 0x803, {2, 2, 2}, bytes_0_to(8));
  CHECK_THROWS_WITH(load_idx_dataset(images, labels),
                    labels + ": 3 labels but " + images + " has 2 images");
  const auto good = write_idx("ok3-images-idx3-ubyte", 0x803, {3, 2, 2}, bytes_0_to(12));
  CHECK_THROWS_WITH(load_idx_dataset(good, labels, {"only"}),
                    labels + ": label 1 is out of range: 1 classes");
  CHECK_THROWS_WITH(load_idx_dataset(good, lrc::test::scratch_dir() + "/absent"),
                    "absent: no such IDX file");
  bool input_error = false;
  try {
    load_idx_dataset(bad_magic, labels);
  } catch (const InputError&) {
    input_error = true;
  }
  CHECK(input_error);
}

LRC_TEST(idx_files_beside_labels_are_paired) {
  const std::string dir = lrc::test::scratch_dir() + "/pairs";
  fs::create_directories(dir);
  const auto only_images = write_idx("pairs/x-images-idx3-ubyte", 0x803, {1, 1, 1}, "a");
  CHECK_THROWS_WITH(find_idx_pair(dir), "IDX images without a labels file");
  write_idx("pairs/x-labels-idx1-ubyte", 0x801, {1}, std::string(1, '\0'));
  write_idx("pairs/y-images-idx3-ubyte", 0x803, {1, 1, 1}, "a");
  write_idx("pairs/y-labels-idx1-ubyte", 0x801, {1}, std::string(1, '\0'));
  CHECK_THROWS_WITH(find_idx_pair(dir), "holds several IDX pairs");
  const auto by_prefix = find_idx_pair(dir + "/y");
  CHECK(by_prefix && by_prefix->images == dir + "/y-images-idx3-ubyte");
  const auto by_file = find_idx_pair(only_images);
  CHECK(by_file && by_file->labels == dir + "/x-labels-idx1-ubyte");
}

LRC_TEST(tensor_images_resize_bilinear_and_turn_grey_into_rgb) {
  // A 2×2 grey image [[0, 255], [0, 255]] upsampled to 4×4 (align_corners = false): each row is
  // 0, 63.75, 191.25, 255, i.e. −1, −0.5, 0.5, 1 after normalizing with mean = std = 0.5.
  auto images = torch::tensor({0, 255, 0, 255}, torch::kUInt8).view({1, 2, 2});
  auto data = make_tensor_dataset(images, torch::tensor({0}, torch::kLong), {"only"}, "grey");
  ViTConfig config;
  config.image_size = 4;
  auto img = data->image(0, config);
  CHECK_EQ(img.size(0), 3);
  const double expected[] = {-1.0, -0.5, 0.5, 1.0};
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 4; ++x) CHECK_NEAR(img[c][y][x].item<double>(), expected[x], 1e-6);
  // RGB keeps its channels; custom mean/std apply per channel.
  auto rgb = torch::tensor({255, 0, 51}, torch::kUInt8).view({1, 1, 1, 3});
  auto colour = make_tensor_dataset(rgb, torch::tensor({0}, torch::kLong), {"c"}, "rgb");
  config.image_size = 1;
  config.preprocess.mean = {0.5f, 0.0f, 0.2f};
  config.preprocess.std = {0.5f, 1.0f, 0.1f};
  auto px = colour->image(0, config);
  CHECK_NEAR(px[0][0][0].item<double>(), 1.0, 1e-6);
  CHECK_NEAR(px[1][0][0].item<double>(), 0.0, 1e-6);
  CHECK_NEAR(px[2][0][0].item<double>(), 0.0, 1e-5);
  CHECK_THROWS_WITH(make_tensor_dataset(images.to(torch::kFloat), torch::tensor({0}), {"a"}, "f"),
                    "f: images must be a uint8");
  CHECK_THROWS_WITH(make_tensor_dataset(images, torch::tensor({0, 1}), {"a"}, "n"),
                    "n: 1 images but 2 labels");
  CHECK_THROWS_WITH(make_tensor_dataset(images, torch::tensor({3}), {"a"}, "r"),
                    "r: label 3 but only 1 class names");
}
