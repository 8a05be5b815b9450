// Meta-training the meta-LoRA (docs/method.md §4): a fresh LoRA on the frozen VFM, one N-way
// episode per step from a TaskSource, sparse tokens for masked images, prototype loss, optional KL
// towards the teacher LoRAs, Adam with cosine warm restarts, validation, checkpoints and exact
// resume.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "fewshot/metric.h"
#include "jobs/job.h"
#include "model/lora.h"
#include "model/vit.h"
#include "recycle/tasks.h"

namespace lrc {

namespace dist {
class Group;
}

struct MetaTrainConfig {
  TaskShape shape;            // 5-way 1-shot 15-query
  int64_t episodes = 240000;  // reference run length: optimizer steps
  // Episodes per optimizer step (the global batch, over all ranks): step s draws the tasks
  // s × K … s × K + K − 1 of the one seeded stream and averages their losses. 1: one task per
  // step, exactly the single-episode run.
  int64_t episodes_per_step = 1;
  // At most this many of a step's episodes (on this rank) share one forward and backward pass
  // (a memory budget may make groups smaller); 1: one episode at a time. Same result either
  // way, up to summation order.
  int64_t episodes_per_forward = 8;
  // Data parallelism (runtime/distributed.h): each rank computes its share of every step's
  // episodes, the meta-LoRA's gradients are summed over the ranks before the step, and rank 0
  // alone validates, reports and writes checkpoints. nullptr: one process.
  dist::Group* group = nullptr;
  double lr = 1e-3;     // Adam
  int64_t cycle = 100;  // cosine warm restarts (docs/method.md §4)
  int64_t warmup = 25;
  double min_lr_fraction = 0.01;
  LoraSpec lora;           // same targets and rank as the collection: q, v, r = 4
  MetricOptions metric;    // −squared Euclidean by default
  double kl_weight = 0.0;  // optional distillation towards the teacher LoRA (needs teachers)
  double kl_temperature = 1.0;
  int64_t val_every = 0;  // 0: no validation
  int64_t val_episodes = 100;
  int64_t checkpoint_every = 0;  // 0: only at the end / on cancel
  std::string checkpoint_dir;    // empty: no checkpoints
};

struct ValidationPoint {
  int64_t step = 0;
  double accuracy = 0.0;  // mean episode accuracy in [0, 1]
  // Mean query cross-entropy of the episodes' metric logits: it keeps falling after accuracy has
  // saturated (inverted tasks are often 100 % right from the first validation), so it breaks
  // accuracy ties when the best checkpoint is chosen. NaN in histories written before it.
  double loss = std::numeric_limits<double>::quiet_NaN();
};

// Whether validation `a` beats the best so far `b`: higher accuracy, or the same accuracy and a
// lower loss (a tie without losses keeps the earlier one).
bool better_validation(const ValidationPoint& a, const ValidationPoint& b);

struct MetaTrainResult {
  LoraAdapter meta_lora;  // after the last step (no head)
  LoraAdapter best;       // the best validated one (= meta_lora without validation)
  int64_t best_step = 0;
  double best_accuracy = std::numeric_limits<double>::quiet_NaN();
  double best_loss = std::numeric_limits<double>::quiet_NaN();  // of the best validation
  std::vector<double> losses;  // one per step, including steps before a resume
  std::vector<ValidationPoint> validation;
  int64_t resumed_from = 0;  // steps loaded from a checkpoint (0: fresh run)
  double seconds = 0.0;
};

// What validation runs on: real labeled data (episodes from an EpisodeSampler) and/or held-out
// tasks (e.g. inverted tasks of LoRAs kept out of training, so no real data is touched).
struct Validation {
  const Dataset* data = nullptr;
  const TaskSource* tasks = nullptr;
};

// Runs (or, with resume, continues from the latest checkpoint in config.checkpoint_dir) the
// meta-training. `teachers[source]` are the LoRAs with heads behind the task source (needed only
// for kl_weight > 0). On cancel, writes a checkpoint (when a folder is set) and rethrows
// lrc::Cancelled, so no work is lost.
MetaTrainResult meta_train(ViTImpl& model, const TaskSource& tasks, const MetaTrainConfig& config,
                           const Validation& validation, const JobContext& ctx, bool resume = false,
                           const std::vector<LoraAdapter>* teachers = nullptr);

// Mean accuracy of VFM + adapter (nullptr: plain) on `episodes` tasks from `tasks` (dense tokens).
double task_accuracy(ViTImpl& model, const LoraAdapter* adapter, const TaskSource& tasks,
                     int64_t episodes, uint64_t seed, const MetricOptions& metric,
                     torch::Device device);
// The same episodes' mean accuracy and mean query cross-entropy (ValidationPoint, step 0).
ValidationPoint task_score(ViTImpl& model, const LoraAdapter* adapter, const TaskSource& tasks,
                           int64_t episodes, uint64_t seed, const MetricOptions& metric,
                           torch::Device device);

// The checkpoints in a folder, by step (for the UI's list).
std::vector<std::pair<int64_t, std::string>> list_checkpoints(const std::string& dir);

}  // namespace lrc
