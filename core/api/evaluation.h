// Few-shot evaluation through the facade (core/api, plain types; docs/method.md §6): methods on
// the same seeded N-way K-shot episodes of a labeled image folder, mean accuracy ± 95 % CI — what
// `lora-recycle-cli evaluate` prints. The runner blocks; progress, cancel and errors as in jobs.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/jobs.h"

namespace lrc::api {

// Every option of an evaluation, with the core's defaults (fewshot/evaluation.h EvalConfig).
struct EvaluationSettings {
  std::string data_dir;      // labeled images, one sub-folder per class
  std::string adapter_path;  // applied to the VFM for every method (e.g. the meta-LoRA); optional
  // protonet (tuning-free prototypes), linear-probe, lora-finetune, full-finetune, zoo-average
  // (prototypes with the averaged LoRAs of zoo_dir); each on the same episodes.
  std::vector<std::string> methods{"protonet"};
  std::string zoo_dir;  // for zoo-average
  int way = 5;
  int shot = 1;
  int query = 15;
  int64_t episodes = 600;
  // "sqeuclidean" or "cosine"; empty: what the adapter was meta-trained with, else sqeuclidean.
  std::string metric;
  // Scale of the cosine logits; 0: the adapter's recorded one, else the core's default (10).
  double cosine_scale = 0.0;
  int64_t probe_steps = 100;       // Adam steps of linear-probe
  int64_t finetune_steps = 50;     // Adam steps of lora-finetune and full-finetune
  uint64_t seed = 0;               // the episodes and every random initialization
  int threads = 0;                 // LibTorch threads for the job (0: leave as is)
  std::string precision = "auto";  // precision_options() (session.h)
};

// One evaluated method. mean and ci95 are fractions (0.4567 = 45.67 %); ci95 is NaN for one
// episode.
struct MethodAccuracy {
  std::string method;  // its label, e.g. "protonet+meta_lora"
  int way = 0;
  int shot = 0;
  int query = 0;
  int64_t episodes = 0;
  double mean = 0.0;
  double ci95 = 0.0;
  double seconds = 0.0;
};

struct EvaluationOutcome {
  std::vector<MethodAccuracy> methods;  // in the order of settings.methods

  // | method | way | shot | accuracy (%) ± 95 % CI | episodes |, one row per method.
  std::string markdown_table() const;
  // {"method","way","shot","query","episodes","mean","ci95","seconds"} for one method, an array
  // of them for several; one line.
  std::string json() const;
};

// Throws InputError for an unknown method or metric, impossible episode settings (naming the
// setting) and unreadable files; lrc::Cancelled when the control was cancelled.
EvaluationOutcome run_evaluation(const Model& model, const EvaluationSettings& settings,
                                 const JobCallbacksPlain& callbacks, const JobControl& control);

}  // namespace lrc::api
