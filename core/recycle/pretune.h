// Pre-tuning (docs/method.md §2.3): what the people who upload LoRAs do — tune a LoRA and a
// linear head with cross-entropy on a labeled task — and make_zoo, which does it for many random
// tasks to build a "LoRA market" to recycle.
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "jobs/job.h"
#include "model/lora.h"
#include "model/vit.h"

namespace lrc {

struct TuneConfig {
  LoraSpec lora;  // q, v, rank 4
  int64_t steps = 300;
  int64_t batch = 32;
  double lr = 1e-3;         // Adam (reference)
  double clip_norm = 50.0;  // gradient-norm clip (reference)
  double holdout = 0.2;     // share of each class's images kept for the accuracy in the metadata
};

struct TuneResult {
  LoraAdapter adapter;  // with head, class names, accuracy and provenance filled in
  double train_accuracy = 0.0;
  double heldout_accuracy = 0.0;
  std::vector<double> losses;
  double seconds = 0.0;
};

// Tunes a fresh LoRA + head on the task made of `classes` (dataset class ids) of `data`.
// The model's base weights are frozen (requires_grad off) and otherwise unchanged. Throws
// InputError for tasks with fewer than 2 classes or a class with fewer than 2 images;
// lrc::Cancelled when cancelled.
TuneResult tune_lora(ViTImpl& model, const Dataset& data, const std::vector<int64_t>& classes,
                     const TuneConfig& config, const JobContext& ctx);

struct ZooConfig {
  int count = 32;
  int way = 5;
  TuneConfig tune;
  std::vector<int64_t> class_pool;  // dataset classes tasks are drawn from; empty = all
};

// Tunes `count` LoRAs on random `way`-class tasks into `out_dir` (lora_000.safetensors, … and
// index.json describing each). Existing finished LoRAs in out_dir are kept (a re-run resumes).
// data_name is recorded as given (front ends pass the data folder relative to out_dir).
void make_zoo(ViTImpl& model, const Dataset& data, const ZooConfig& config,
              const std::string& out_dir, const std::string& data_name, const JobContext& ctx);

// Model metadata an adapter records about the model it was tuned on.
Json base_model_summary(ViTImpl& model);

}  // namespace lrc
