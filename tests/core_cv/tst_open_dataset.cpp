// open_dataset() (--data, docs/method.md §7): image folders of PNGs in known colours (written
// by the core's write_png), CSV splits, IDX folders, and the errors for empty classes,
// stray files and bad CSVs.
#include <filesystem>
#include <fstream>

#include <torch/torch.h>

#include "data/dataset.h"
#include "harness.h"
#include "io/error.h"
#include "io/png.h"

using namespace lrc;
namespace fs = std::filesystem;

namespace {

// A solid 6×6 PNG of an RGB colour, written by the core's write_png (the tests do not see
// OpenCV's headers: the core links it privately).
void write_png(const fs::path& path, int r, int g, int b) {
  fs::create_directories(path.parent_path());
  auto rgb = torch::tensor({r, g, b}, torch::kUInt8).view({1, 1, 3}).expand({6, 6, 3}).contiguous();
  lrc::write_png(path.string(), rgb);
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

ViTConfig config_of_size(int s) {
  ViTConfig c;
  c.image_size = s;  // mean = std = 0.5: channel value v → 2v/255 − 1
  return c;
}

// "red" (2 images) and "blue" (1 image + a nested one), plus hidden things that must be skipped.
fs::path colour_folder(const std::string& name) {
  const fs::path root = fs::path(lrc::test::scratch_dir()) / name;
  write_png(root / "red" / "b.png", 255, 0, 0);
  write_png(root / "red" / "a.png", 255, 0, 0);
  write_png(root / "blue" / "x.png", 0, 0, 255);
  write_png(root / "blue" / "more" / "y.png", 0, 0, 255);
  write_text(root / "red" / ".DS_Store", "junk");
  write_png(root / ".hidden" / "z.png", 0, 255, 0);
  write_text(root / "README.txt", "loose files beside the class folders are ignored");
  return root;
}

}  // namespace

LRC_TEST(image_folder_sorts_classes_and_files) {
  const fs::path root = colour_folder("colours");
  auto data = open_dataset(root.string());
  CHECK_EQ(data->num_classes(), 2);
  CHECK_EQ(data->class_names()[0], std::string("blue"));
  CHECK_EQ(data->class_names()[1], std::string("red"));
  CHECK_EQ(data->size(), 4);
  CHECK_EQ(data->item_name(0), (root / "blue" / "more" / "y.png").string());
  CHECK_EQ(data->item_name(2), (root / "red" / "a.png").string());
  CHECK_EQ(data->label(0), 0);
  CHECK_EQ(data->label(3), 1);
  auto img = data->image(2, config_of_size(4));
  CHECK_EQ(img.size(0), 3);
  CHECK_EQ(img.size(1), 4);
  CHECK_NEAR(img[0].mean().item<double>(), 1.0, 1e-5);   // red
  CHECK_NEAR(img[2].mean().item<double>(), -1.0, 1e-5);  // no blue
  auto blue = data->images({0, 1}, config_of_size(4));
  CHECK_EQ(blue.size(0), 2);
  CHECK_NEAR(blue.select(1, 2).mean().item<double>(), 1.0, 1e-5);
}

LRC_TEST(cached_images_are_copies) {
  auto data = open_dataset(colour_folder("cache").string());
  auto first = data->image(3, config_of_size(4));
  first.fill_(42);  // a caller scribbling on its tensor must not reach the cache
  auto again = data->image(3, config_of_size(4));
  CHECK_NEAR(again[0].mean().item<double>(), 1.0, 1e-5);
  auto other = config_of_size(4);
  other.preprocess.mean = {0.f, 0.f, 0.f};
  other.preprocess.std = {1.f, 1.f, 1.f};
  CHECK_NEAR(data->image(3, other)[0].mean().item<double>(), 1.0,
             1e-5);  // other preprocessing, other entry
  CHECK_NEAR(data->image(3, other)[1].mean().item<double>(), 0.0, 1e-5);
  CHECK_EQ(data->image(3, config_of_size(8)).size(1), 8);
}

LRC_TEST(csv_split_resolves_relative_paths_and_keeps_label_order) {
  const fs::path root = colour_folder("csv");
  write_png(root / "odd, name.png", 0, 255, 0);
  write_text(root / "split.csv",
             "path,label\n"
             "red/a.png,warm\n"
             "\n"
             "blue/x.png,cold\r\n"
             "\"odd, name.png\",green\n" +
                 (root / "red" / "b.png").string() + ",warm\n");
  auto data = open_dataset((root / "split.csv").string());
  CHECK_EQ(data->num_classes(), 3);
  CHECK_EQ(data->class_names()[0], std::string("warm"));  // first seen, not sorted
  CHECK_EQ(data->class_names()[1], std::string("cold"));
  CHECK_EQ(data->class_names()[2], std::string("green"));
  CHECK_EQ(data->size(), 4);
  CHECK_EQ(data->label(3), 0);
  CHECK_EQ(data->item_name(0), (root / "red" / "a.png").string());
  CHECK_NEAR(data->image(2, config_of_size(2))[1].mean().item<double>(), 1.0, 1e-5);  // green
  // No header is fine too.
  write_text(root / "plain.csv", "red/a.png,1\nblue/x.png,0\n");
  auto plain = open_dataset((root / "plain.csv").string());
  CHECK_EQ(plain->class_names()[0], std::string("1"));
  CHECK_EQ(plain->size(), 2);
}

LRC_TEST(csv_errors_name_the_line) {
  const fs::path root = colour_folder("badcsv");
  write_text(root / "missing.csv", "path,label\nred/a.png,warm\nred/nope.png,warm\n");
  CHECK_THROWS_WITH(open_dataset((root / "missing.csv").string()),
                    "missing.csv:3: no such image file");
  write_text(root / "columns.csv", "red/a.png,warm,extra\n");
  CHECK_THROWS_WITH(open_dataset((root / "columns.csv").string()),
                    "columns.csv:1: expected \"path,label\"");
  write_text(root / "empty.csv", "path,label\n");
  CHECK_THROWS_WITH(open_dataset((root / "empty.csv").string()),
                    "empty.csv: the CSV split lists no images");
}

LRC_TEST(folder_errors_name_the_culprit) {
  const fs::path root = colour_folder("errors");
  fs::create_directories(root / "empty_class");
  CHECK_THROWS_WITH(open_dataset(root.string()),
                    (root / "empty_class").string() + ": class folder holds no images");
  fs::remove(root / "empty_class");
  write_text(root / "red" / "notes.txt", "not a picture");
  CHECK_THROWS_WITH(open_dataset(root.string()),
                    (root / "red" / "notes.txt").string() + ": not an image file");
  fs::remove(root / "red" / "notes.txt");
  write_text(root / "red" / "c.png", "not a png either");
  auto data = open_dataset(root.string());  // found lazily: decoding happens on use
  CHECK_THROWS_WITH(data->image(4, config_of_size(4)),
                    (root / "red" / "c.png").string() + ": not a readable image");
  const fs::path empty = fs::path(lrc::test::scratch_dir()) / "nothing";
  fs::create_directories(empty);
  CHECK_THROWS_WITH(open_dataset(empty.string()), "nothing: no class sub-folders and no IDX pair");
  CHECK_THROWS_WITH(open_dataset((empty / "absent").string()), "absent: no such file or folder");
  write_text(empty / "data.bin", "x");
  CHECK_THROWS_WITH(open_dataset((empty / "data.bin").string()), "data.bin: not a dataset");
  bool input_error = false;
  try {
    open_dataset(empty.string());
  } catch (const InputError&) {
    input_error = true;
  }
  CHECK(input_error);
}

LRC_TEST(idx_folders_prefer_the_test_split) {
  auto idx = [](const fs::path& path, uint32_t magic, std::vector<uint32_t> dims,
                const std::string& payload) {
    std::string bytes;
    dims.insert(dims.begin(), magic);
    for (uint32_t v : dims)
      for (int shift = 24; shift >= 0; shift -= 8) bytes += char((v >> shift) & 0xff);
    write_text(path, bytes + payload);
  };
  const fs::path dir = fs::path(lrc::test::scratch_dir()) / "my-fashion-copy";
  idx(dir / "train-images-idx3-ubyte", 0x803, {2, 1, 1}, "ab");
  idx(dir / "train-labels-idx1-ubyte", 0x801, {2}, std::string("\x00\x01", 2));
  idx(dir / "t10k-images-idx3-ubyte", 0x803, {1, 1, 1}, "c");
  idx(dir / "t10k-labels-idx1-ubyte", 0x801, {1}, std::string("\x09", 1));
  auto test = open_dataset(dir.string());
  CHECK_EQ(test->size(), 1);
  CHECK_EQ(test->num_classes(), 10);  // "fashion" in the path: Fashion-MNIST's names
  CHECK_EQ(test->class_names()[size_t(test->label(0))], std::string("Ankle boot"));
  auto train = open_dataset((dir / "train").string());
  CHECK_EQ(train->size(), 2);
  CHECK_EQ(open_dataset((dir / "train-images-idx3-ubyte").string())->size(), 2);
}
