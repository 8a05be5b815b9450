// Datasets that need no OpenCV: in-memory tensors, IDX files (MNIST layout), class subsets, and
// the seeded episode sampler. Image folders and CSV splits live in open_dataset_opencv.cpp.
#include "data/dataset.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>

#include <torch/torch.h>

#ifdef LRC_HAVE_ZLIB
#include <zlib.h>
#endif

#include "io/error.h"
#include "jobs/job.h"

namespace lrc {

// ---------------------------------------------------------------------------------------------
// Dataset

std::vector<std::vector<int64_t>> Dataset::indices_by_class() const {
  std::vector<std::vector<int64_t>> out(static_cast<size_t>(num_classes()));
  for (int64_t i = 0; i < size(); ++i) out[size_t(label(i))].push_back(i);
  return out;
}

torch::Tensor Dataset::images(const std::vector<int64_t>& indices, const ViTConfig& config) const {
  if (indices.empty()) return torch::empty({0, 3, config.image_size, config.image_size});
  std::vector<torch::Tensor> items;
  items.reserve(indices.size());
  for (int64_t i : indices) items.push_back(image(i, config));
  return torch::stack(items);
}

namespace {

std::vector<std::string> numbered_names(int64_t count) {
  std::vector<std::string> names;
  for (int64_t k = 0; k < count; ++k) names.push_back(std::to_string(k));
  return names;
}

// ---------------------------------------------------------------------------------------------
// In-memory uint8 images

// Resizes a (C, H, W) float image to S × S the way config.preprocess says (bilinear here: the
// sources are tiny grey/RGB arrays where bicubic overshoot buys nothing), then normalizes.
torch::Tensor preprocess_tensor(torch::Tensor chw, const ViTConfig& config) {
  namespace F = torch::nn::functional;
  const int64_t S = config.image_size, H = chw.size(1), W = chw.size(2);
  auto x = chw.unsqueeze(0);
  const auto& p = config.preprocess;
  std::vector<int64_t> size{S, S};
  if (p.resize == Preprocess::Resize::ShortestSideCenterCrop && H != W) {
    const double scale = double(S) / double(std::min(H, W));
    size = {std::max(S, int64_t(std::lround(double(H) * scale))),
            std::max(S, int64_t(std::lround(double(W) * scale)))};
  }
  if (size[0] != H || size[1] != W)
    x = F::interpolate(
        x, F::InterpolateFuncOptions().size(size).mode(torch::kBilinear).align_corners(false));
  const int64_t top = (size[0] - S) / 2, left = (size[1] - S) / 2;
  x = x.slice(2, top, top + S).slice(3, left, left + S).squeeze(0);
  if (x.size(0) == 1) x = x.expand({3, S, S});
  auto mean = torch::tensor({p.mean[0], p.mean[1], p.mean[2]}).view({3, 1, 1});
  auto std = torch::tensor({p.std[0], p.std[1], p.std[2]}).view({3, 1, 1});
  return ((x / 255.0 - mean) / std).contiguous();
}

// Immutable after construction, so concurrent reads need no lock.
class TensorDataset : public Dataset {
 public:
  TensorDataset(torch::Tensor images, const torch::Tensor& labels, std::vector<std::string> names,
                std::string name)
      : images_(std::move(images)),
        labels_(labels.data_ptr<int64_t>(), labels.data_ptr<int64_t>() + labels.numel()),
        names_(std::move(names)),
        name_(std::move(name)) {}

  int64_t size() const override { return images_.size(0); }
  int64_t label(int64_t i) const override { return labels_.at(size_t(i)); }
  const std::vector<std::string>& class_names() const override { return names_; }
  std::string item_name(int64_t i) const override { return name_ + "#" + std::to_string(i); }

  torch::Tensor image(int64_t i, const ViTConfig& config) const override {
    if (i < 0 || i >= size()) throw InputError(item_name(i) + ": index outside the dataset");
    auto img = images_[i].to(torch::kFloat);
    img = img.dim() == 2 ? img.unsqueeze(0) : img.permute({2, 0, 1});
    return preprocess_tensor(img, config);
  }

 private:
  torch::Tensor images_;         // (N, H, W) or (N, H, W, 3) uint8, CPU
  std::vector<int64_t> labels_;  // a plain vector: indices_by_class() asks for every label
  std::vector<std::string> names_;
  std::string name_;
};

void check_tensor_dataset(const torch::Tensor& images, const torch::Tensor& labels,
                          const std::string& name) {
  if (!images.defined() || images.scalar_type() != torch::kUInt8)
    throw InputError(name + ": images must be a uint8 tensor");
  const bool grey = images.dim() == 3, rgb = images.dim() == 4 && images.size(3) == 3;
  if (!grey && !rgb) throw InputError(name + ": images must have shape (N, H, W) or (N, H, W, 3)");
  if (images.size(1) == 0 || images.size(2) == 0)
    throw InputError(name + ": images have zero height or width");
  if (!labels.defined() || labels.dim() != 1 || labels.size(0) != images.size(0))
    throw InputError(name + ": " + std::to_string(images.size(0)) + " images but " +
                     (labels.defined() ? std::to_string(labels.numel()) : std::string("no")) +
                     " labels");
  if (labels.is_floating_point()) throw InputError(name + ": labels must be integers");
}

}  // namespace

std::shared_ptr<Dataset> make_tensor_dataset(torch::Tensor images_u8, torch::Tensor labels,
                                             std::vector<std::string> class_names,
                                             std::string name) {
  check_tensor_dataset(images_u8, labels, name);
  labels = labels.to(torch::kCPU, torch::kLong).contiguous();
  const int64_t max_label = labels.numel() ? labels.max().item<int64_t>() : -1;
  if (labels.numel() && labels.min().item<int64_t>() < 0)
    throw InputError(name + ": negative label");
  if (class_names.empty()) class_names = numbered_names(max_label + 1);
  if (max_label >= int64_t(class_names.size()))
    throw InputError(name + ": label " + std::to_string(max_label) + " but only " +
                     std::to_string(class_names.size()) + " class names");
  return std::make_shared<TensorDataset>(images_u8.to(torch::kCPU).contiguous(), labels,
                                         std::move(class_names), std::move(name));
}

// ---------------------------------------------------------------------------------------------
// IDX files

namespace {

// Fashion-MNIST's train split decompresses to 47 MB; anything beyond this is not an IDX file we
// should hold in memory.
constexpr uint64_t kMaxIdxBytes = uint64_t(2) << 30;
constexpr uint32_t kIdxImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr uint32_t kIdxLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension

bool looks_gzipped(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char m[2] = {0, 0};
  in.read(reinterpret_cast<char*>(m), 2);
  return in.gcount() == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

std::string read_plain(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(file_message(path, "cannot read the file (" + ec.message() + ")"));
  if (size > kMaxIdxBytes)
    throw InputError(file_message(path, "file is larger than 2 GiB; not an IDX file"));
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size_t(size), '\0');
  if (!in.read(bytes.data(), std::streamsize(size)))
    throw InputError(file_message(path, "cannot read the file"));
  return bytes;
}

std::string read_gzip(const std::string& path) {
#ifdef LRC_HAVE_ZLIB
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw InputError(file_message(path, "cannot open the file"));
  std::string bytes;
  std::vector<char> chunk(size_t(1) << 20);
  int n = 0;
  while ((n = gzread(f, chunk.data(), unsigned(chunk.size()))) > 0) {
    bytes.append(chunk.data(), size_t(n));
    if (bytes.size() > kMaxIdxBytes) {
      gzclose(f);
      throw InputError(file_message(path, "decompresses to more than 2 GiB; not an IDX file"));
    }
  }
  int err = Z_OK;
  const std::string detail = n < 0 ? gzerror(f, &err) : "";
  // gzclose reports Z_BUF_ERROR when the stream ended in the middle of a member.
  const int closed = gzclose(f);
  if (n < 0 || closed != Z_OK)
    throw InputError(file_message(
        path, "corrupt or truncated gzip data" + (detail.empty() ? "" : " (" + detail + ")")));
  return bytes;
#else
  throw InputError(
      file_message(path, "gzip-compressed, but this build has no zlib; decompress it with gunzip"));
#endif
}

std::string read_idx_bytes(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(file_message(path, "no such IDX file"));
  return looks_gzipped(path) ? read_gzip(path) : read_plain(path);
}

uint32_t read_be32(const std::string& bytes, size_t offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data()) + offset;
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

// Parses header → validates against the size → copies the payload: (dims...) uint8.
torch::Tensor parse_idx(const std::string& path, const std::string& bytes, uint32_t magic,
                        int dims) {
  const size_t header = 4 + 4 * size_t(dims);
  if (bytes.size() < header)
    throw InputError(
        file_message(path, "truncated IDX header (" + std::to_string(bytes.size()) + " bytes)"));
  const uint32_t found = read_be32(bytes, 0);
  if (found != magic)
    throw InputError(file_message(path, "bad IDX magic " + hex32(found) + ", expected " +
                                            hex32(magic) +
                                            (dims == 3 ? " (images)" : " (labels)")));
  std::vector<int64_t> shape;
  uint64_t payload = 1;
  for (int d = 0; d < dims; ++d) {
    const uint32_t n = read_be32(bytes, 4 + 4 * size_t(d));
    if (d > 0 && n == 0)
      throw InputError(file_message(path, "IDX dimension " + std::to_string(d) + " is zero"));
    shape.push_back(int64_t(n));
    payload *= n;  // at most 3 × 32 bits, but we stop early below
    if (payload > kMaxIdxBytes)
      throw InputError(file_message(path, "IDX dimensions describe more than 2 GiB"));
  }
  if (bytes.size() - header != payload)
    throw InputError(file_message(
        path, std::string(bytes.size() - header < payload ? "truncated" : "oversized") +
                  " IDX data: header promises " + std::to_string(payload) + " bytes, file has " +
                  std::to_string(bytes.size() - header)));
  auto t = torch::empty(shape, torch::kUInt8);
  if (payload > 0) std::memcpy(t.data_ptr(), bytes.data() + header, size_t(payload));
  return t;
}

bool path_mentions_fashion(const std::string& path) {
  std::string folder = std::filesystem::absolute(path).parent_path().string();
  std::transform(folder.begin(), folder.end(), folder.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return folder.find("fashion") != std::string::npos;
}

const std::vector<std::string>& fashion_mnist_names() {
  static const std::vector<std::string> names{"T-shirt/top", "Trouser",   "Pullover", "Dress",
                                              "Coat",        "Sandal",    "Shirt",    "Sneaker",
                                              "Bag",         "Ankle boot"};
  return names;
}

}  // namespace

std::shared_ptr<Dataset> load_idx_dataset(const std::string& images_path,
                                          const std::string& labels_path,
                                          std::vector<std::string> class_names) {
  auto images = parse_idx(images_path, read_idx_bytes(images_path), kIdxImagesMagic, 3);
  auto labels = parse_idx(labels_path, read_idx_bytes(labels_path), kIdxLabelsMagic, 1);
  if (images.size(0) != labels.size(0))
    throw InputError(file_message(labels_path, std::to_string(labels.size(0)) + " labels but " +
                                                   images_path + " has " +
                                                   std::to_string(images.size(0)) + " images"));
  if (images.size(0) == 0)
    throw InputError(file_message(images_path, "the IDX file holds no images"));
  const int64_t max_label = labels.max().item<int64_t>();
  if (class_names.empty())
    class_names =
        path_mentions_fashion(images_path) ? fashion_mnist_names() : numbered_names(max_label + 1);
  if (max_label >= int64_t(class_names.size()))
    throw InputError(file_message(
        labels_path, "label " + std::to_string(max_label) +
                         " is out of range: " + std::to_string(class_names.size()) + " classes"));
  return make_tensor_dataset(images, labels.to(torch::kLong), std::move(class_names), images_path);
}

namespace {

namespace fs = std::filesystem;

const char* const kIdxImageStems[] = {"images-idx3-ubyte", "images.idx3-ubyte"};
const char* const kIdxLabelStems[] = {"labels-idx1-ubyte", "labels.idx1-ubyte"};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The prefix of an IDX images file name ("t10k-" for "t10k-images-idx3-ubyte.gz"), if it is one.
std::optional<std::string> idx_images_prefix(std::string name) {
  if (ends_with(name, ".gz")) name.resize(name.size() - 3);
  for (const char* stem : kIdxImageStems)
    if (ends_with(name, stem)) return name.substr(0, name.size() - std::string(stem).size());
  return std::nullopt;
}

// DIR/PREFIX + a labels stem, with or without ".gz", if such a file exists.
std::optional<std::string> find_labels_file(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  for (const char* stem : kIdxLabelStems)
    for (const char* gz : {"", ".gz"}) {
      const fs::path p = dir / (prefix + stem + gz);
      if (fs::is_regular_file(p, ec)) return p.string();
    }
  return std::nullopt;
}

IdxPair complete_pair(const fs::path& images) {
  const std::string prefix = *idx_images_prefix(images.filename().string());
  auto labels = find_labels_file(images.parent_path(), prefix);
  if (!labels)
    throw InputError(file_message(images.string(), "IDX images without a labels file (expected " +
                                                       prefix +
                                                       "labels-idx1-ubyte[.gz] beside it)"));
  return {images.string(), *labels};
}

std::optional<IdxPair> find_idx_pair_in_folder(const fs::path& dir) {
  std::map<std::string, fs::path> by_prefix;  // sorted, so messages list prefixes in order
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (auto prefix = idx_images_prefix(entry.path().filename().string());
        prefix && entry.is_regular_file(ec))
      by_prefix[*prefix] = entry.path();
  if (by_prefix.empty()) return std::nullopt;
  for (const auto& [prefix, images] : by_prefix)
    if (prefix.rfind("t10k", 0) == 0) return complete_pair(images);
  if (by_prefix.size() == 1) return complete_pair(by_prefix.begin()->second);
  std::string names;
  for (const auto& [prefix, images] : by_prefix)
    names += (names.empty() ? "" : ", ") + images.filename().string();
  throw InputError(file_message(
      dir.string(),
      "holds several IDX pairs (" + names + "); name one as FOLDER/<prefix>, e.g. FOLDER/train"));
}

}  // namespace

std::optional<IdxPair> find_idx_pair(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec)) return find_idx_pair_in_folder(p);
  if (fs::is_regular_file(p, ec)) {
    if (!idx_images_prefix(p.filename().string())) return std::nullopt;
    return complete_pair(p);
  }
  // A prefix: DIR/train means DIR/train-images-idx3-ubyte[.gz] and its labels.
  for (const char* stem : kIdxImageStems)
    for (const char* gz : {"", ".gz"}) {
      const fs::path images = p.parent_path() / (p.filename().string() + "-" + stem + gz);
      if (fs::is_regular_file(images, ec)) return complete_pair(images);
    }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Class subsets

namespace {

class SubsetDataset : public Dataset {
 public:
  SubsetDataset(std::shared_ptr<const Dataset> base, const std::vector<int64_t>& classes)
      : base_(std::move(base)) {
    std::vector<int64_t> relabel(size_t(base_->num_classes()), -1);
    for (size_t k = 0; k < classes.size(); ++k) {
      relabel[size_t(classes[k])] = int64_t(k);
      names_.push_back(base_->class_names()[size_t(classes[k])]);
    }
    for (int64_t i = 0; i < base_->size(); ++i)
      if (const int64_t l = relabel[size_t(base_->label(i))]; l >= 0) {
        indices_.push_back(i);
        labels_.push_back(l);
      }
  }

  int64_t size() const override { return int64_t(indices_.size()); }
  int64_t label(int64_t i) const override { return labels_.at(size_t(i)); }
  const std::vector<std::string>& class_names() const override { return names_; }
  torch::Tensor image(int64_t i, const ViTConfig& config) const override {
    return base_->image(indices_.at(size_t(i)), config);
  }
  std::string item_name(int64_t i) const override {
    return base_->item_name(indices_.at(size_t(i)));
  }

 private:
  std::shared_ptr<const Dataset> base_;
  std::vector<std::string> names_;
  std::vector<int64_t> indices_;  // base index per item
  std::vector<int64_t> labels_;
};

}  // namespace

std::shared_ptr<Dataset> subset_classes(std::shared_ptr<const Dataset> base,
                                        const std::vector<int64_t>& classes) {
  if (!base) throw Error("subset_classes: no dataset");
  if (classes.empty()) throw InputError("a class subset needs at least one class");
  std::set<int64_t> seen;
  for (int64_t c : classes) {
    if (c < 0 || c >= base->num_classes())
      throw InputError("class " + std::to_string(c) + " is outside the dataset (" +
                       std::to_string(base->num_classes()) + " classes)");
    if (!seen.insert(c).second)
      throw InputError("class \"" + base->class_names()[size_t(c)] +
                       "\" is listed twice in the class subset");
  }
  return std::make_shared<SubsetDataset>(std::move(base), classes);
}

// ---------------------------------------------------------------------------------------------
// Episodes

namespace {

// Uniform integer in [0, n) by rejection, spelled out because std::uniform_int_distribution and
// std::shuffle differ between standard libraries; mt19937_64's raw output does not, so episodes
// are the same on every platform.
uint64_t uniform_below(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit =
      std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
  uint64_t r = 0;
  do r = rng();
  while (r >= limit);
  return r % n;
}

// The first `k` items of a partial Fisher–Yates shuffle of `items`: k distinct draws.
std::vector<int64_t> draw_without_replacement(std::vector<int64_t> items, size_t k,
                                              std::mt19937_64& rng) {
  for (size_t i = 0; i < k; ++i)
    std::swap(items[i], items[i + size_t(uniform_below(rng, items.size() - i))]);
  items.resize(k);
  return items;
}

std::string episode_text(int shot, int query) {
  return std::to_string(shot) + "-shot " + std::to_string(query) + "-query episodes";
}

}  // namespace

EpisodeSampler::EpisodeSampler(const Dataset& data, int way, int shot, int query, uint64_t seed)
    : way_(way), shot_(shot), query_(query), seed_(seed) {
  if (way < 1 || shot < 1 || query < 0)
    throw InputError("episodes need way >= 1, shot >= 1 and query >= 0 (got " +
                     std::to_string(way) + "-way " + std::to_string(shot) + "-shot " +
                     std::to_string(query) + "-query)");
  if (data.num_classes() < way)
    throw InputError(std::to_string(way) + "-way episodes need " + std::to_string(way) +
                     " classes but the dataset has " + std::to_string(data.num_classes()));
  const int64_t need = int64_t(shot) + query;
  auto by_class = data.indices_by_class();
  int64_t short_class = -1;
  for (size_t c = 0; c < by_class.size(); ++c) {
    if (int64_t(by_class[c].size()) >= need) {
      eligible_.push_back(int64_t(c));
      by_class_.push_back(std::move(by_class[c]));
    } else if (short_class < 0) {
      short_class = int64_t(c);
    }
  }
  if (int64_t(eligible_.size()) < way)
    throw InputError(std::to_string(way) + "-way episodes need " + std::to_string(way) +
                     " classes with at least " + std::to_string(need) + " images, but only " +
                     std::to_string(eligible_.size()) + " of " +
                     std::to_string(data.num_classes()) + " have that many: class \"" +
                     data.class_names()[size_t(short_class)] + "\" has " +
                     std::to_string(by_class[size_t(short_class)].size()) + " images but " +
                     episode_text(shot, query) + " need " + std::to_string(need));
}

Episode EpisodeSampler::episode(int64_t index) const {
  std::mt19937_64 rng(derive_seed(seed_, uint64_t(index)));
  std::vector<int64_t> slots(eligible_.size());
  for (size_t k = 0; k < slots.size(); ++k) slots[k] = int64_t(k);
  const auto chosen = draw_without_replacement(std::move(slots), size_t(way_), rng);
  Episode e;
  for (int c = 0; c < way_; ++c) {
    const auto& pool = by_class_[size_t(chosen[size_t(c)])];
    const auto picks = draw_without_replacement(pool, size_t(shot_ + query_), rng);
    e.classes.push_back(eligible_[size_t(chosen[size_t(c)])]);
    e.support.insert(e.support.end(), picks.begin(), picks.begin() + shot_);
    e.query.insert(e.query.end(), picks.begin() + shot_, picks.end());
    e.support_labels.insert(e.support_labels.end(), size_t(shot_), c);
    e.query_labels.insert(e.query_labels.end(), size_t(query_), c);
  }
  return e;
}

}  // namespace lrc
