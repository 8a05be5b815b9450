// Labeled image collections and the few-shot episodes drawn from them (docs/method.md §6).
// Images come out preprocessed for a model: (3, S, S) float32, normalized with its mean/std.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>

#include "model/vit_config.h"

namespace lrc {

// Thread-safety: const member functions may be called from several threads.
class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual int64_t size() const = 0;
  virtual int64_t label(int64_t i) const = 0;  // in [0, num_classes())
  virtual const std::vector<std::string>& class_names() const = 0;
  // The i-th image preprocessed for `config` (resize to image_size, grey → RGB, normalize).
  // Throws InputError naming the file when it cannot be read.
  virtual torch::Tensor image(int64_t i, const ViTConfig& config) const = 0;
  // A name for messages and UIs (file path, or "<dataset>#<i>").
  virtual std::string item_name(int64_t i) const = 0;

  int64_t num_classes() const { return int64_t(class_names().size()); }
  std::vector<std::vector<int64_t>> indices_by_class() const;
  // Stacked images (N, 3, S, S).
  torch::Tensor images(const std::vector<int64_t>& indices, const ViTConfig& config) const;
};

// In-memory 8-bit images (N, H, W) grey or (N, H, W, 3) RGB with labels; resized with bilinear
// interpolation on demand. Also what IDX files load into.
std::shared_ptr<Dataset> make_tensor_dataset(torch::Tensor images_u8, torch::Tensor labels,
                                             std::vector<std::string> class_names,
                                             std::string name);

// IDX pair (MNIST layout: *-images-idx3-ubyte[.gz] + *-labels-idx1-ubyte[.gz]); gzip needs a
// build with zlib. Class names default to Fashion-MNIST's when the folder path contains
// "fashion", else "0".."max label". Every header field is checked against the file size;
// InputError names the file (bad magic, truncated, count mismatch, label out of range).
std::shared_ptr<Dataset> load_idx_dataset(const std::string& images_path,
                                          const std::string& labels_path,
                                          std::vector<std::string> class_names = {});

// The IDX pair `path` names: an images file, a prefix such as "DIR/train" or "DIR/t10k" (for
// DIR/t10k-images-idx3-ubyte[.gz] and its labels), or a folder holding pairs. A folder holding
// both train and t10k means t10k, the test split (evaluation is what --data mostly feeds; name
// DIR/train for the other). nullopt when there is no IDX file; InputError for half a pair, or
// several pairs none of which is t10k.
struct IdxPair {
  std::string images;
  std::string labels;
};
std::optional<IdxPair> find_idx_pair(const std::string& path);

// A dataset restricted to some of its classes (relabelled 0..k-1 in the given order).
std::shared_ptr<Dataset> subset_classes(std::shared_ptr<const Dataset> base,
                                        const std::vector<int64_t>& classes);

// Opens what --data names: an image folder (one sub-folder per class), a folder holding an IDX
// pair (or a prefix such as DIR/train, see find_idx_pair), or a CSV split file (path,label).
// Defined in core (needs OpenCV for image files); the layouts are listed in
// open_dataset_opencv.cpp. Throws InputError naming the file or folder at fault.
std::shared_ptr<Dataset> open_dataset(const std::string& path);

struct Episode {
  std::vector<int64_t> classes;         // dataset class of each episode class 0..way-1
  std::vector<int64_t> support;         // dataset indices, class-major: way × shot
  std::vector<int64_t> query;           // way × query
  std::vector<int64_t> support_labels;  // episode class (0..way-1) per support item
  std::vector<int64_t> query_labels;
};

// Seeded N-way K-shot Q-query episodes. episode(i) depends only on (seed, i), so every method
// sees the same episodes and a resumed run draws the same ones. Throws InputError at
// construction when fewer than `way` classes have shot + query images (naming a short class).
class EpisodeSampler {
 public:
  EpisodeSampler(const Dataset& data, int way, int shot, int query, uint64_t seed);
  Episode episode(int64_t index) const;
  int way() const { return way_; }
  int shot() const { return shot_; }
  int query() const { return query_; }

 private:
  std::vector<std::vector<int64_t>> by_class_;  // only classes with enough images
  std::vector<int64_t> eligible_;               // their dataset class ids
  int way_, shot_, query_;
  uint64_t seed_;
};

}  // namespace lrc
