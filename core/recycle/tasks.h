// Where meta-training episodes come from (docs/method.md §4): N-way tasks drawn from the
// surrogate images of a collection of LoRAs (pre-generated pools), or from real labeled data (the
// privacy-violating upper bound the evaluation compares against).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <torch/types.h>

#include "data/dataset.h"
#include "recycle/inversion.h"
#include "recycle/pool.h"

namespace lrc {

// One episode, support items first (class-major), then queries.
struct MetaTask {
  torch::Tensor pixels;  // (way·(shot+query), 3, S, S) normalized
  torch::Tensor keep;    // (same N, K) patch indices for sparse tokens, or undefined (dense)
  torch::Tensor support_labels;         // (way·shot) in [0, way)
  torch::Tensor query_labels;           // (way·query)
  int64_t source = 0;                   // which pool / LoRA it came from (−1: several)
  std::vector<int64_t> source_classes;  // the source's class index for each episode class
};

struct TaskShape {
  int way = 5;
  int shot = 1;
  int query = 15;
};

// Thread-safety: task() is const and may be called concurrently.
class TaskSource {
 public:
  virtual ~TaskSource() = default;
  // The episode for `step`; a function of (seed, step) only, so resumed runs draw the same.
  virtual MetaTask task(int64_t step, uint64_t seed) const = 0;
  virtual int64_t sources() const = 0;
};

// Episodes from inverted pools. mask_ratio < 0: each image's own inversion mask (sparse tokens
// over its surviving patches); 0: dense; otherwise the (1 − ratio) most important patches.
// mix_sources: draw each episode's classes from all pools together (every pool's class is a
// class of its own; the task's source is then −1) instead of from one pool per episode.
// Throws InputError when a pool has fewer than `way` classes or a class too few images.
std::unique_ptr<TaskSource> make_pool_tasks(std::vector<SurrogatePool> pools, TaskShape shape,
                                            double mask_ratio, bool mix_sources = false);

// Episodes inverted on the fly: each step picks a teacher (LoRA with head) and `way` of its
// classes, and runs LoRA Inversion for shot + query images per class (seeded by the step, so a
// resumed run draws the same). Costly — a pre-generated pool is the usual choice — but needs no
// disk. `model` and `prior` (nullable) must outlive the source; `cancel` (nullable) stops an
// inversion in progress.
std::unique_ptr<TaskSource> make_inversion_tasks(ViTImpl& model, std::vector<LoraAdapter> teachers,
                                                 const PriorNet* prior, InversionConfig inversion,
                                                 TaskShape shape, double mask_ratio,
                                                 torch::Device device,
                                                 const CancelToken* cancel = nullptr);

// Episodes from real images: one "source" per class group (e.g. the classes each zoo LoRA was
// tuned on), dense tokens.
std::unique_ptr<TaskSource> make_dataset_tasks(std::shared_ptr<const Dataset> data,
                                               std::vector<std::vector<int64_t>> class_groups,
                                               TaskShape shape, const ViTConfig& config);

}  // namespace lrc
