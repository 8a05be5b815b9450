// Tuning-free few-shot classification by prototype matching (docs/method.md §4, §5): a class
// prototype is the mean support feature of the class; a query's logits are the negative squared
// Euclidean distances to the prototypes and its probabilities their softmax.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>

#include "fewshot/metric.h"
#include "model/lora.h"
#include "model/vit.h"
#include "runtime/precision.h"

namespace lrc {

// (way, D) mean feature per class of (S, D) features with (S) int64 labels in [0, way).
// Differentiable (meta-training backpropagates through it). Unlike metric.h's unchecked
// class_prototypes(), throws InputError when shapes disagree, a label is out of range or a class
// has no support feature (a prototype of zeros would silently attract queries).
torch::Tensor checked_prototypes(const torch::Tensor& support_features,
                                 const torch::Tensor& support_labels, int64_t way);

// (Q, way) squared Euclidean distances between (Q, D) queries and (way, D) prototypes.
torch::Tensor squared_distances(const torch::Tensor& query_features,
                                const torch::Tensor& prototypes);

// (Q, way) logits = −squared distance of each query to each class prototype: what evaluation
// and meta-training feed to softmax / cross-entropy.
torch::Tensor prototype_logits(const torch::Tensor& support_features,
                               const torch::Tensor& support_labels, int64_t way,
                               const torch::Tensor& query_features);

// The metric an adapter's metadata records it was meta-trained with ("metric", "cosine_scale" in
// its provenance); squared Euclidean when it records none.
MetricOptions recorded_metric(const LoraAdapter& adapter);

// One query's answer.
struct QueryResult {
  int64_t predicted = -1;             // class index (argmax of probabilities)
  std::vector<double> probabilities;  // per class, softmax of the metric's logits, sums to 1
  std::vector<double> distances;      // per class: squared Euclidean distance, or 1 − cosine
};

// VFM (+ optional LoRA) → prototypes of a support set → answers for queries, with no gradient
// step. set_support() embeds the support once and keeps the prototypes, so each query costs one
// image's forward pass.
//
// Ownership: shares the ViT (a reference-counted module holder); keeps its own copy of the
// adapter on `device`. Without an adapter the model runs as configured (its active adapter, if
// any). The model must already be on `device` (load_model(path, device)).
// Thread-safety: classify()/embed() may run concurrently; set_support() must not run alongside
// them. Failure: InputError for bad support sets or image shapes.
class FewShotClassifier {
 public:
  FewShotClassifier(ViT model, torch::Device device, const LoraAdapter* adapter = nullptr,
                    double lora_multiplier = 1.0);

  // Images per class, each (K_c, 3, S, S) normalized pixels with K_c >= 1; at least one class.
  // `class_names` (optional) must have one name per class; defaults to "0", "1", ….
  void set_support(const std::vector<torch::Tensor>& images_per_class,
                   std::vector<std::string> class_names = {});
  bool has_support() const { return prototypes_.defined(); }
  int64_t way() const { return has_support() ? prototypes_.size(0) : 0; }
  const std::vector<std::string>& class_names() const { return class_names_; }
  const torch::Tensor& prototypes() const { return prototypes_; }  // (way, D), on device
  const torch::Tensor& support_features() const { return support_features_; }  // (S, D), on device
  const torch::Tensor& support_labels() const { return support_labels_; }  // (S) int64, on device

  // (B, D) features of (B, 3, S, S) pixels on the classifier's device, in batches of batch_size().
  torch::Tensor embed(const torch::Tensor& pixels) const;
  // The metric: squared Euclidean (logits −d) or cosine (logits scale·cos, distance 1 − cos).
  // Default: what the adapter's metadata records it was meta-trained with, else squared Euclidean.
  void set_metric(const MetricOptions& metric) { metric_ = metric; }
  const MetricOptions& metric() const { return metric_; }
  // (Q, way) distances of (Q, 3, S, S) queries to the prototypes under the metric, on the CPU.
  torch::Tensor distances(const torch::Tensor& queries) const;
  // One answer per query. Throws Error when no support set was given.
  std::vector<QueryResult> classify(const torch::Tensor& queries) const;

  void set_batch_size(int64_t n) { batch_size_ = std::max<int64_t>(1, n); }
  int64_t batch_size() const { return batch_size_; }
  // Precision of the forward passes (default fp32; front ends pass their user's choice, `auto`
  // unless told otherwise). Throws InputError when it cannot run on the classifier's device.
  void set_precision(Precision precision);
  const PrecisionChoice& precision() const { return precision_; }
  torch::Device device() const { return device_; }

 private:
  ViT model_;
  torch::Device device_;
  std::optional<LoraAdapter> adapter_;
  double lora_multiplier_ = 1.0;
  MetricOptions metric_;
  int64_t batch_size_ = 64;
  PrecisionChoice precision_;
  std::vector<std::string> class_names_;
  torch::Tensor support_features_, support_labels_, prototypes_;
};

}  // namespace lrc
