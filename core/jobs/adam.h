// Adam over an explicit list of tensors, with its state exposed so checkpoints can save and
// restore it exactly (a resumed run must end bit-identical to an uninterrupted one).
// Same update as torch.optim.Adam (or AdamW with weight_decay), without amsgrad.
#pragma once

#include <string>
#include <vector>

#include <torch/types.h>

#include "io/safetensors.h"

namespace lrc {

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;  // decoupled (AdamW): p ← p − lr·wd·p before the Adam update
};

class Adam {
 public:
  Adam(std::vector<torch::Tensor> params, AdamOptions options);

  // One update with the gradients currently in .grad() (skipped for tensors without one).
  void step();
  void zero_grad();
  void set_lr(double lr) { options_.lr = lr; }
  double lr() const { return options_.lr; }
  int64_t steps() const { return steps_; }
  const std::vector<torch::Tensor>& params() const { return params_; }

  // State as named tensors ("adam.m.{i}", "adam.v.{i}", "adam.steps") and back; load throws
  // InputError when the state does not match these parameters.
  std::vector<NamedTensor> state() const;
  void load_state(const SafetensorsFile& file);

 private:
  std::vector<torch::Tensor> params_, m_, v_;
  AdamOptions options_;
  int64_t steps_ = 0;
};

// Scales gradients so their global L2 norm is at most max_norm; returns the norm before.
double clip_grad_norm(const std::vector<torch::Tensor>& params, double max_norm);

}  // namespace lrc
