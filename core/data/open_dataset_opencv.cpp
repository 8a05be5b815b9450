// open_dataset(): what --data names (docs/method.md §7). Image files are decoded lazily with
// OpenCV, so this file belongs to lrc_core; IDX pairs go through the engine's load_idx_dataset.
//
//   image folder   DIR/<class>/<image>  (PNG/JPEG/BMP/WebP, recursive inside a class folder;
//                  class and file names sorted; hidden files and folders skipped)
//   IDX pair       DIR holding *images-idx3-ubyte[.gz] + *labels-idx1-ubyte[.gz] (t10k when it
//                  also holds train), or a prefix DIR/train, DIR/t10k — see find_idx_pair()
//   CSV split      FILE.csv with lines "path,label"; optional header; relative paths resolve
//                  against the CSV's folder; labels become class names in first-seen order
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <mutex>
#include <tuple>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "data/dataset.h"
#include "data/image.h"
#include "io/csv.h"
#include "io/error.h"

namespace lrc {

namespace {

namespace fs = std::filesystem;

// Preprocessed images are kept up to this many bytes (then later ones are decoded every time):
// enough for a few thousand small images or a few hundred at 224 px, the sizes episodes reuse.
constexpr size_t kImageCacheBytes = size_t(256) << 20;
constexpr size_t kMaxCsvBytes = size_t(64) << 20;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

bool is_image_name(const fs::path& p) {
  static const char* const kExtensions[] = {".png", ".jpg", ".jpeg", ".bmp", ".webp"};
  const std::string ext = lower(p.extension().string());
  return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                     [&](const char* e) { return ext == e; });
}

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// Image files decoded on demand; preprocessed tensors cached per (index, preprocessing).
class ImageFileDataset : public Dataset {
 public:
  ImageFileDataset(std::vector<std::string> paths, std::vector<int64_t> labels,
                   std::vector<std::string> names)
      : paths_(std::move(paths)), labels_(std::move(labels)), names_(std::move(names)) {}

  int64_t size() const override { return int64_t(paths_.size()); }
  int64_t label(int64_t i) const override { return labels_.at(size_t(i)); }
  const std::vector<std::string>& class_names() const override { return names_; }
  std::string item_name(int64_t i) const override { return paths_.at(size_t(i)); }

  torch::Tensor image(int64_t i, const ViTConfig& config) const override {
    const Key key = make_key(i, config);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (auto it = cache_.find(key); it != cache_.end()) return it->second.clone();
    }
    // Decode outside the lock so several threads can decode at once.
    auto t = preprocess_image(decode_image(item_name(i)), config);
    const size_t bytes = size_t(t.numel()) * sizeof(float);
    std::lock_guard<std::mutex> lock(mutex_);
    if (cached_bytes_ + bytes <= kImageCacheBytes && cache_.emplace(key, t).second)
      cached_bytes_ += bytes;
    return t.clone();  // callers may modify their copy in place
  }

 private:
  // Everything preprocess_image() depends on, so two models never share a wrong tensor.
  using Key = std::tuple<int64_t, int, int, bool, std::array<float, 3>, std::array<float, 3>>;
  static Key make_key(int64_t i, const ViTConfig& c) {
    const auto& p = c.preprocess;
    return {i, c.image_size, int(p.resize), p.bicubic, p.mean, p.std};
  }

  std::vector<std::string> paths_;
  std::vector<int64_t> labels_;
  std::vector<std::string> names_;
  mutable std::mutex mutex_;
  mutable std::map<Key, torch::Tensor> cache_;
  mutable size_t cached_bytes_ = 0;
};

// Every non-hidden file under a class folder, sorted; a non-image file is an error naming it.
std::vector<std::string> class_images(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;  // not following links: no cycles
  if (ec)
    throw InputError(
        file_message(dir.string(), "cannot list the class folder (" + ec.message() + ")"));
  for (; it != end; it.increment(ec)) {
    if (ec)
      throw InputError(
          file_message(dir.string(), "cannot list the class folder (" + ec.message() + ")"));
    if (is_hidden(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(ec)) continue;
    if (!is_image_name(it->path()))
      throw InputError(file_message(
          it->path().string(), "not an image file (expected .png, .jpg, .jpeg, .bmp or .webp)"));
    files.push_back(it->path());
  }
  if (files.empty()) throw InputError(file_message(dir.string(), "class folder holds no images"));
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.string());
  return out;
}

std::shared_ptr<Dataset> open_image_folder(const fs::path& dir) {
  std::vector<fs::path> classes;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (!is_hidden(entry.path()) && entry.is_directory(ec)) classes.push_back(entry.path());
  if (ec)
    throw InputError(file_message(dir.string(), "cannot list the folder (" + ec.message() + ")"));
  if (classes.empty())
    throw InputError(
        file_message(dir.string(),
                     "no class sub-folders and no IDX pair: expected DIR/<class>/<image>, "
                     "*-images-idx3-ubyte + *-labels-idx1-ubyte, or a .csv split file"));
  std::sort(classes.begin(), classes.end());
  std::vector<std::string> paths, names;
  std::vector<int64_t> labels;
  for (const auto& cls : classes) {
    for (auto& file : class_images(cls)) {
      paths.push_back(std::move(file));
      labels.push_back(int64_t(names.size()));
    }
    names.push_back(cls.filename().string());
  }
  return std::make_shared<ImageFileDataset>(std::move(paths), std::move(labels), std::move(names));
}

bool is_csv_header(const std::vector<std::string>& f) {
  static const char* const kPathNames[] = {"path", "file", "filename", "image", "image_path"};
  const std::string first = lower(f[0]);
  return std::any_of(std::begin(kPathNames), std::end(kPathNames),
                     [&](const char* n) { return first == n; });
}

std::shared_ptr<Dataset> open_csv_split(const fs::path& csv) {
  CsvOptions options;
  options.max_bytes = kMaxCsvBytes;
  const CsvTable table = read_csv(csv.string(), options);
  std::vector<std::string> paths, names;
  std::vector<int64_t> labels;
  std::map<std::string, int64_t> class_ids;
  for (const CsvRow& row : table.rows) {
    const auto& f = row.fields;
    if (&row == &table.rows.front() && f.size() == 2 && is_csv_header(f)) continue;
    if (f.size() != 2 || f[0].empty() || f[1].empty())
      throw table.error(row, "expected \"path,label\", got \"" + row.text + "\"");
    fs::path image(f[0]);
    if (image.is_relative()) image = csv.parent_path() / image;
    std::error_code ec;
    if (!fs::is_regular_file(image, ec))
      throw table.error(row, "no such image file " + image.string());
    auto [it, added] = class_ids.emplace(f[1], int64_t(names.size()));
    if (added) names.push_back(f[1]);
    paths.push_back(image.string());
    labels.push_back(it->second);
  }
  if (paths.empty()) throw InputError(file_message(csv.string(), "the CSV split lists no images"));
  return std::make_shared<ImageFileDataset>(std::move(paths), std::move(labels), std::move(names));
}

}  // namespace

std::shared_ptr<Dataset> open_dataset(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (auto idx = find_idx_pair(path)) return load_idx_dataset(idx->images, idx->labels);
  if (fs::is_directory(p, ec)) return open_image_folder(p);
  if (fs::is_regular_file(p, ec)) {
    if (lower(p.extension().string()) == ".csv") return open_csv_split(p);
    throw InputError(
        file_message(path,
                     "not a dataset: expected a folder (one sub-folder per class, or an IDX "
                     "pair), an IDX images file or a .csv split file"));
  }
  throw InputError(file_message(path, "no such file or folder"));
}

}  // namespace lrc
