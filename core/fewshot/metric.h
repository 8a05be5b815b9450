// Episode logits from features: class prototypes (mean support feature) and either the
// reference's negative squared Euclidean distance (docs/method.md §4) or a scaled cosine
// similarity (an option for weak backbones, where it trains more stably).
#pragma once

#include <string>

#include <torch/types.h>

namespace lrc {

enum class Metric { SquaredEuclidean, Cosine };
Metric metric_from_name(const std::string& name);  // "sqeuclidean" | "cosine"; throws InputError
const char* metric_name(Metric m);

struct MetricOptions {
  Metric metric = Metric::SquaredEuclidean;
  double cosine_scale = 10.0;  // logits = scale · cos(query, prototype)
};

// (way, D) prototypes from (S, D) support features with labels in [0, way).
torch::Tensor class_prototypes(const torch::Tensor& support, const torch::Tensor& labels,
                               int64_t way);

// (Q, way) logits of query features against the prototypes.
torch::Tensor episode_logits(const torch::Tensor& support, const torch::Tensor& labels, int64_t way,
                             const torch::Tensor& query, const MetricOptions& options);

}  // namespace lrc
