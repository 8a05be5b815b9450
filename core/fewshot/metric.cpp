#include "fewshot/metric.h"

#include <torch/torch.h>

#include "fewshot/prototypes.h"
#include "io/error.h"

namespace lrc {

Metric metric_from_name(const std::string& name) {
  if (name == "sqeuclidean" || name == "euclidean") return Metric::SquaredEuclidean;
  if (name == "cosine") return Metric::Cosine;
  throw InputError("unknown metric \"" + name + "\" (use sqeuclidean or cosine)");
}

const char* metric_name(Metric m) {
  return m == Metric::Cosine ? "cosine" : "sqeuclidean";
}

torch::Tensor class_prototypes(const torch::Tensor& support, const torch::Tensor& labels,
                               int64_t way) {
  auto onehot = torch::one_hot(labels.to(torch::kLong), way).to(support.dtype());  // (S, way)
  auto counts = onehot.sum(0).clamp_min(1).unsqueeze(1);                           // (way, 1)
  return onehot.t().matmul(support) / counts;
}

torch::Tensor episode_logits(const torch::Tensor& support, const torch::Tensor& labels, int64_t way,
                             const torch::Tensor& query, const MetricOptions& options) {
  if (options.metric == Metric::Cosine) {
    auto s = torch::nn::functional::normalize(support,
                                              torch::nn::functional::NormalizeFuncOptions().dim(1));
    auto q = torch::nn::functional::normalize(query,
                                              torch::nn::functional::NormalizeFuncOptions().dim(1));
    auto protos = torch::nn::functional::normalize(
        class_prototypes(s, labels, way), torch::nn::functional::NormalizeFuncOptions().dim(1));
    return options.cosine_scale * q.matmul(protos.t());
  }
  return -squared_distances(query, class_prototypes(support, labels, way));
}

}  // namespace lrc
