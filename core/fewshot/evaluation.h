// Evaluation (docs/method.md §6): every method on the same seeded N-way K-shot episodes of a
// dataset, reported as mean accuracy ± 95 % confidence interval.
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "fewshot/metric.h"
#include "jobs/job.h"
#include "model/lora.h"
#include "model/vit.h"

namespace lrc {

enum class Method {
  ProtoNet,  // plain VFM (or VFM + a given adapter, e.g. the meta-LoRA) + prototypes; tuning-free
  LinearProbe,   // a linear head trained on the support features
  LoraFinetune,  // a fresh LoRA + head tuned on the support set
  FullFinetune,  // every weight + head tuned on the support set
};
Method method_from_name(
    const std::string& name);  // protonet, linear-probe, lora-finetune, full-finetune
const char* method_name(Method m);

struct EvalConfig {
  int way = 5, shot = 1, query = 15;
  int64_t episodes = 600;
  uint64_t seed = 0;
  MetricOptions metric;  // for ProtoNet
  // Fine-tuning baselines: heads start from the prototypes (so step 0 equals ProtoNet), then
  // Adam on the support set, full batch.
  int64_t probe_steps = 100;
  double probe_lr = 1e-2;
  int64_t finetune_steps = 50;
  double lora_lr = 1e-3;
  double full_lr = 1e-4;
  LoraSpec lora;  // for LoraFinetune
};

struct EpisodeAccuracies {
  std::string method;
  std::vector<double> accuracies;  // one per episode, in [0, 1]
  double seconds = 0.0;
};

// Runs `method` on config.episodes episodes of `data`. `adapter` (may be null) is applied to
// the VFM for every method (e.g. the meta-LoRA, or an averaged zoo LoRA). The model's weights are
// restored after full fine-tuning. Progress is reported per episode; cancellable.
EpisodeAccuracies evaluate_method(ViTImpl& model, const Dataset& data, Method method,
                                  const LoraAdapter* adapter, const EvalConfig& config,
                                  const JobContext& ctx, const std::string& label = "");

}  // namespace lrc
