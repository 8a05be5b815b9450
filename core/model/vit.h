// The Vision Transformer with LoRA (docs/method.md §2.1–2.2, §3.4, §4): one module for every
// supported checkpoint family. Registered parameter names are the project's own checkpoint keys
// (see checkpoint.h for how other families map onto them).
//
// Thread-safety: forward passes may run concurrently as long as nobody merges, unmerges, adds or
// removes adapters at the same time; pass the adapter explicitly (ForwardOptions::adapter) when
// several jobs share one model.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include "model/lora.h"
#include "model/vit_config.h"

namespace lrc {

class LowPrecisionCache;

// Drop a fraction `ratio` of the remaining patch tokens after the attention of block `layer`.
struct PruneStep {
  int layer = 0;
  double ratio = 0.0;
};

// How many of n patch tokens survive a prune step with `ratio`: n − ⌊ratio·n⌋ (at least 1).
int64_t tokens_kept(int64_t n, double ratio);

struct ForwardOptions {
  // LoRA to apply. nullptr: the model's active adapter (if enabled and not merged).
  const LoraAdapter* adapter = nullptr;
  double lora_multiplier = 1.0;  // for an explicit adapter
  bool no_lora = false;          // plain model, even if an adapter is active
  // Sparse tokens: (B, K) int64 indices of the patches that enter the transformer; position
  // embeddings are added before the others are dropped. Undefined: all patches.
  torch::Tensor keep;
  // Token pruning steps, ordered by layer.
  std::vector<PruneStep> prune;
  // Batched adapters (inversion of several LoRAs in one pass): the batch splits into equal runs of
  // consecutive samples, run g getting group_adapters[g] (times lora_multiplier). Overrides
  // `adapter`. The adapters need the same LoRA layout (targets, layers, ranks).
  std::vector<const LoraAdapter*> group_adapters;
};

struct ForwardOutput {
  torch::Tensor features;  // (B, feature_dim)
  torch::Tensor kept;      // (B, K) original patch indices still present after the last block
  std::vector<int64_t> tokens_per_layer;  // patch tokens entering each block (+ after the last)
  // Per prune step, in order: (B, n) original indices of the n patch tokens entering it, from
  // most to least attended by CLS (head average). The first tokens_kept(n, ratio) survive, so
  // the rest is what that step dropped, most important first (the pool's patch ranking).
  std::vector<torch::Tensor> prune_order;
};

class BlockImpl : public torch::nn::Module {
 public:
  explicit BlockImpl(const ViTConfig& c);
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  torch::nn::Linear qkv{nullptr}, out{nullptr}, fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Block);

class ViTImpl : public torch::nn::Module {
 public:
  explicit ViTImpl(ViTConfig config);

  const ViTConfig& config() const { return config_; }

  // Image features (B, feature_dim) of normalized pixels (B, 3, H, W), with the active adapter.
  torch::Tensor forward(const torch::Tensor& pixels);
  ForwardOutput forward_ex(const torch::Tensor& pixels, const ForwardOptions& options);

  // --- adapters: named, one active at a time ---
  // Adds (or replaces) an adapter after check_adapter_fits(); moves it to this model's device.
  void add_adapter(const std::string& name, LoraAdapter adapter);
  void remove_adapter(const std::string& name);  // unmerges first if it is merged
  std::vector<std::string> adapter_names() const;
  LoraAdapter* adapter(const std::string& name);     // nullptr if absent
  void set_active_adapter(const std::string& name);  // "" = none; throws InputError if unknown
  const std::string& active_adapter_name() const { return active_; }
  const LoraAdapter* active_adapter() const;
  void set_lora_enabled(bool on) { lora_enabled_ = on; }
  bool lora_enabled() const { return lora_enabled_; }
  void set_lora_multiplier(double m) { multiplier_ = m; }
  double lora_multiplier() const { return multiplier_; }

  // Folds the active adapter (times the multiplier) into the base weights; unmerge() restores
  // the exact original weights. While merged, forward() does not apply the adapter again.
  void merge();
  void unmerge();
  bool merged() const { return !merged_backup_.empty(); }

  // Logits of the adapter's classification head on features (throws if it has none); float32.
  static torch::Tensor head_logits(const torch::Tensor& features, const LoraAdapter& adapter);
  // The same per group of consecutive samples (see ForwardOptions::group_adapters).
  static torch::Tensor head_logits(const torch::Tensor& features,
                                   const std::vector<const LoraAdapter*>& heads);

  torch::Device device() const;
  void freeze_base();  // requires_grad(false) on every base weight

  torch::nn::Conv2d patch_embed{nullptr};
  torch::Tensor cls_token, pos_embed;  // (D), (P + 1, D)
  torch::nn::LayerNorm pre_norm{nullptr}, norm{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  torch::nn::Linear proj{nullptr};

  // The LoRA of one block for one forward pass (defined in vit.cpp).
  struct LayerLora;

 private:
  torch::Tensor embed(const torch::Tensor& pixels, const torch::Tensor& keep);
  torch::Tensor block_forward(int index, torch::Tensor x, const LayerLora& lora,
                              const PruneStep* prune, bool cls_only, torch::Tensor& kept,
                              torch::Tensor& order);
  const LoraAdapter* resolve_adapter(const ForwardOptions& o, double& multiplier) const;
  std::vector<LayerLora> lora_table(const std::vector<const LoraAdapter*>& adapters,
                                    double multiplier) const;

  ViTConfig config_;
  std::map<std::string, LoraAdapter> adapters_;
  std::string active_;
  bool lora_enabled_ = true;
  double multiplier_ = 1.0;
  std::map<std::string, torch::Tensor> merged_backup_;  // parameter name → original weight
  // bf16/fp16 copies of the frozen weights (model/low_precision_cache.h); shared, not copied.
  std::shared_ptr<LowPrecisionCache> low_;
};
TORCH_MODULE(ViT);

// A short hex digest of the architecture and a few weights, so an adapter can say which base
// model it was tuned on without storing it.
std::string model_fingerprint(ViTImpl& model);

}  // namespace lrc
