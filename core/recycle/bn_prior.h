// The naturalness prior of LoRA Inversion (docs/method.md §3.3): a small CNN with BatchNorm
// layers whose running statistics describe natural images. R_bn compares the statistics a batch
// produces at every BatchNorm input with those running statistics.
//
// Architecture: stages of conv3x3 (no bias) → BatchNorm2d → ReLU blocks; the first block of every
// stage after the first has stride 2; then global average pooling and a linear classifier (so the
// prior can be trained as an ordinary classifier by whoever makes it).
// Registered names are the checkpoint keys: blocks.{i}.conv.weight,
// blocks.{i}.bn.{weight,bias,running_mean,running_var,num_batches_tracked}, fc.{weight,bias}.
//
// Thread-safety: forward_with_stats() and bn_statistics_loss() only read the module and may run
// concurrently; classify() in train mode updates the running statistics.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include "io/json.h"
#include "model/vit_config.h"

namespace lrc {

struct PriorConfig {
  int in_channels = 3;
  std::vector<int64_t> channels{32, 64, 128};  // one stage per entry
  int blocks_per_stage = 2;
  int num_classes = 10;
  // What the prior was trained on; inputs of another size or normalization are converted
  // (to_prior_input) so the statistics compare like with like.
  int image_size = 32;
  std::array<float, 3> mean{0.5f, 0.5f, 0.5f};
  std::array<float, 3> std{0.5f, 0.5f, 0.5f};
  double bn_eps = 1e-5;
  double bn_momentum = 0.1;

  void validate() const;  // throws InputError naming the first bad field
  Json to_json() const;
  static PriorConfig from_json(const Json& j);  // throws InputError
};

// The statistics of one BatchNorm layer's input over batch and space: (C) each, biased variance.
struct BnStats {
  torch::Tensor mean;
  torch::Tensor var;
};

struct PriorForward {
  torch::Tensor logits;        // (B, num_classes)
  std::vector<BnStats> stats;  // one per BatchNorm layer, in order
};

class ConvBnImpl : public torch::nn::Module {
 public:
  ConvBnImpl(int64_t in, int64_t out, int64_t stride, const PriorConfig& c);
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ConvBn);

class PriorNetImpl : public torch::nn::Module {
 public:
  explicit PriorNetImpl(PriorConfig config = {});
  const PriorConfig& config() const { return config_; }

  // Logits (B, num_classes) of prior-normalized images; BatchNorm follows train()/eval(), so
  // this is what a training loop calls.
  torch::Tensor classify(const torch::Tensor& x);

  // Logits plus the batch statistics of every BatchNorm input. Always normalizes with the
  // running statistics and never updates them, whatever train()/eval() says: LibTorch has no
  // forward hooks, so the forward collects the statistics itself, and R_bn needs the prior's
  // stored statistics to stay put while the images change.
  PriorForward forward_with_stats(const torch::Tensor& x) const;

  int64_t num_bn_layers() const { return int64_t(blocks->size()); }

  torch::nn::ModuleList blocks{nullptr};
  torch::nn::Linear fc{nullptr};

 private:
  PriorConfig config_;
};
TORCH_MODULE(PriorNet);

// R_bn (docs/method.md §3.3): Σ over BatchNorm layers of ‖batch mean − running_mean‖₂ +
// ‖batch var − running_var‖₂ of the layer's input. A scalar with gradient towards x.
torch::Tensor bn_statistics_loss(const PriorNetImpl& prior, const torch::Tensor& x);
// The same for `groups` equal runs of consecutive images, each with its own batch statistics
// (batched inversion of several LoRAs must not mix their statistics): (groups) losses, the g-th
// equal to bn_statistics_loss of the g-th run alone.
torch::Tensor bn_statistics_losses(const PriorNetImpl& prior, const torch::Tensor& x,
                                   int64_t groups);

// Converts model input x (normalized with `from`) into the prior's normalization and image size.
torch::Tensor to_prior_input(const torch::Tensor& x, const Preprocess& from,
                             const PriorConfig& prior);

// Project format: one safetensors file, keys = registered names (parameters and buffers,
// float32), metadata "lrc" = {"format":"lrc-prior","version":1,"config":{...}}. Atomic.
void save_prior(const PriorNetImpl& prior, const std::string& path);
// Loads in eval mode on `device`. Throws InputError naming the file and the key on problems.
PriorNet load_prior(const std::string& path, torch::Device device = torch::kCPU);

constexpr const char* kPriorFormatTag = "lrc-prior";

}  // namespace lrc
