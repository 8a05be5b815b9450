// The resumable state of a pre-training run in one safetensors file: weights, the classifier,
// the optimizer, the random stream and the history. Loading it continues the run exactly where
// it stopped, so hours of pre-training survive a kill or a Stop.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "jobs/adam.h"
#include "model/vit.h"

namespace lrc {

struct PretrainProgress {
  int64_t step = 0;               // steps done
  int64_t correct = 0, seen = 0;  // the train accuracy's running counts
  double seconds = 0.0;           // compute time before this session of the run
  std::vector<double> losses;
  std::vector<std::pair<int64_t, double>> validation;
};

// Writes atomically (a kill mid-write leaves the previous checkpoint intact).
void save_pretrain_checkpoint(const std::string& path, ViTImpl& model, const torch::Tensor& classes,
                              const Adam& adam, const at::Generator& gen,
                              const PretrainProgress& progress, int64_t total_steps);

// Restores everything into the run's freshly built objects; false when there is no file.
// Throws InputError naming the file when it is not a pre-training checkpoint of this
// architecture, class count and step count.
bool load_pretrain_checkpoint(const std::string& path, ViTImpl& model, torch::Tensor& classes,
                              Adam& adam, at::Generator& gen, PretrainProgress& progress,
                              int64_t total_steps);

}  // namespace lrc
