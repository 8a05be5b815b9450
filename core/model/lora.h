// LoRA adapters as plain data (docs/method.md §2.2): per (layer, target) a pair A (r × in),
// B (out × r) and the numbers its scale comes from. The ViT applies them; adapter file formats
// read and write them.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>

#include "io/json.h"
#include "model/vit_config.h"

namespace lrc {

// The linear layers a LoRA can sit on. Qkv is timm's fused projection (a delta over all three).
enum class LoraTarget { Q, K, V, Out, Fc1, Fc2, Qkv };
constexpr int kNumLoraTargets = 7;

const char* target_name(LoraTarget t);                 // "q", "k", "v", "out", "fc1", "fc2", "qkv"
LoraTarget target_from_name(const std::string& name);  // throws InputError
// "q, v" → {Q, V} (spaces and empty items ignored); throws InputError
std::vector<LoraTarget> parse_targets(const std::string& csv);
std::string targets_text(const std::vector<LoraTarget>& t);  // {Q, V} → "q,v"

// Input and output width of a target's linear layer in a model.
struct LinearShape {
  int64_t in = 0;
  int64_t out = 0;
};
LinearShape target_shape(const ViTConfig& c, LoraTarget t);

// The one place a LoRA scale is computed: alpha / r, or alpha / sqrt(r) for rsLoRA.
double lora_scale(double alpha, int64_t rank, bool rslora);

struct LoraEntry {
  int layer = 0;
  LoraTarget target = LoraTarget::Q;
  torch::Tensor A;         // (r, in)
  torch::Tensor B;         // (out, r)
  double alpha = 1.0;      // scale = lora_scale(alpha, scale_rank, rslora)
  int64_t scale_rank = 1;  // the r the file's scale refers to (PEFT's config r)
  bool rslora = false;
  std::string source;  // where it came from (file key), for error messages

  int64_t rank() const { return A.defined() ? A.size(0) : 0; }
  double scale() const { return lora_scale(alpha, scale_rank, rslora); }
};

// A linear classification head (feature dim → N classes) tuned together with a LoRA.
struct ClassifierHead {
  torch::Tensor weight;  // (N, feature_dim)
  torch::Tensor bias;    // (N) or undefined
  std::string source;
  bool defined() const { return weight.defined(); }
};

struct AdapterInfo {
  std::string name;
  std::string format;  // "native", "peft", "reference"
  std::vector<std::string> classes;
  double accuracy = std::numeric_limits<double>::quiet_NaN();  // held-out accuracy in [0, 1]
  std::string base_fingerprint;  // model_fingerprint() of the model it was tuned on, if known
  Json base;                     // architecture summary of that model, if known
  Json provenance = Json::object();
};

struct LoraAdapter {
  std::vector<LoraEntry> entries;
  ClassifierHead head;
  AdapterInfo info;
  std::vector<std::string> warnings;  // e.g. entries for modules outside the vision tower

  const LoraEntry* find(int layer, LoraTarget t) const;
  int64_t max_rank() const;
  std::vector<LoraTarget> targets() const;  // sorted, unique
  std::vector<int> layers() const;          // sorted, unique
  int64_t num_parameters() const;           // LoRA A/B only
  // The A and B tensors of every entry, e.g. for an optimizer.
  std::vector<torch::Tensor> parameters() const;
  // A deep copy on `device` in float32 (what the forward pass computes in).
  LoraAdapter to(torch::Device device, c10::ScalarType dtype = torch::kFloat) const;
  void set_requires_grad(bool on);
};

// What a fresh LoRA looks like. Defaults (docs/method.md §2.2): q and v of every block, rank 4,
// scale 1.
struct LoraSpec {
  std::vector<LoraTarget> targets{LoraTarget::Q, LoraTarget::V};
  std::vector<int> layers;  // empty = every block
  int64_t rank = 4;
  double alpha = 4.0;  // scale = alpha / rank
  bool rslora = false;
};

// A new adapter for `config`: A Kaiming-uniform (a = √5, i.e. U(±1/√in)), B zero, on `device`,
// seeded (the same seed gives the same A on every device). Throws InputError for bad specs.
LoraAdapter create_lora(const ViTConfig& config, const LoraSpec& spec, uint64_t seed,
                        torch::Device device = torch::kCPU);

// Throws InputError when `adapter` cannot sit on a model with `config`: a layer outside the
// model, A/B rank disagreement, or widths that differ ("...; wrong base model?"), naming the
// tensor and `origin` (usually the adapter's path).
void check_adapter_fits(const LoraAdapter& adapter, const ViTConfig& config,
                        const std::string& origin);

// One adapter whose delta is Σ wᵢ·deltaᵢ per (layer, target): A stacked, B stacked with each
// member's scale·weight folded in (exact). Differentiable — nothing is detached — so a sum can be
// rebuilt every step while one member is being trained. Heads are dropped.
LoraAdapter combine_adapters(const std::vector<const LoraAdapter*>& members,
                             const std::vector<double>& weights);

// ‖s·B·A‖_F per layer (summed over targets), for the collection's details plot.
std::vector<double> delta_norm_per_layer(const LoraAdapter& adapter, int depth);

}  // namespace lrc
