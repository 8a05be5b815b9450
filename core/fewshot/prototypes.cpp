#include "fewshot/prototypes.h"

#include <torch/torch.h>

#include "io/error.h"

namespace lrc {

namespace {

std::string shape_text(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
  return s + "]";
}

void check_support(const torch::Tensor& features, const torch::Tensor& labels, int64_t way) {
  if (way < 1)
    throw InputError("prototypes need at least one class (way = " + std::to_string(way) + ")");
  if (features.dim() != 2 || labels.dim() != 1 || labels.size(0) != features.size(0))
    throw InputError("support features " + shape_text(features) + " and labels " +
                     shape_text(labels) + " do not match: expected (S, D) and (S)");
  if (labels.is_floating_point()) throw InputError("support labels must be integers");
}

}  // namespace

torch::Tensor checked_prototypes(const torch::Tensor& support_features,
                                 const torch::Tensor& support_labels, int64_t way) {
  check_support(support_features, support_labels, way);
  const auto labels = support_labels.to(support_features.device(), torch::kLong);
  if (labels.numel() && (labels.min().item<int64_t>() < 0 || labels.max().item<int64_t>() >= way))
    throw InputError("support labels must lie in [0, " + std::to_string(way) + ")");
  // A one-hot matmul rather than index_add_: index_add_ uses atomics on CUDA, so its sums (and
  // every accuracy downstream) would change from run to run.
  const auto onehot = torch::one_hot(labels, way).to(support_features.scalar_type());  // (S, way)
  const auto counts = onehot.sum(0);                                                   // (way)
  if (counts.min().item<double>() < 1) {
    const int64_t empty = counts.argmin().item<int64_t>();
    throw InputError("class " + std::to_string(empty) + " has no support features");
  }
  return onehot.t().matmul(support_features) / counts.unsqueeze(1);
}

torch::Tensor squared_distances(const torch::Tensor& query_features,
                                const torch::Tensor& prototypes) {
  if (query_features.dim() != 2 || prototypes.dim() != 2 ||
      query_features.size(1) != prototypes.size(1))
    throw InputError("query features " + shape_text(query_features) + " and prototypes " +
                     shape_text(prototypes) + " do not match: expected (Q, D) and (way, D)");
  // The direct difference, not ‖q‖² − 2q·p + ‖p‖²: features of large VFMs have norms in the
  // tens, where the expanded form loses the small distances that decide close calls. Episodes
  // are small (Q·way·D floats), so the memory is no concern.
  return (query_features.unsqueeze(1) - prototypes.unsqueeze(0)).pow(2).sum(-1);
}

torch::Tensor prototype_logits(const torch::Tensor& support_features,
                               const torch::Tensor& support_labels, int64_t way,
                               const torch::Tensor& query_features) {
  return -squared_distances(query_features,
                            checked_prototypes(support_features, support_labels, way));
}

MetricOptions recorded_metric(const LoraAdapter& adapter) {
  MetricOptions m;
  m.metric = metric_from_name(adapter.info.provenance.get_string("metric", metric_name(m.metric)));
  m.cosine_scale = adapter.info.provenance.get_number("cosine_scale", m.cosine_scale);
  return m;
}

// ---------------------------------------------------------------------------------------------

FewShotClassifier::FewShotClassifier(ViT model, torch::Device device, const LoraAdapter* adapter,
                                     double lora_multiplier)
    : model_(std::move(model)), device_(device), lora_multiplier_(lora_multiplier) {
  if (!model_) throw Error("FewShotClassifier: no model");
  if (model_->device() != device_)
    throw Error("FewShotClassifier: the model is on " + model_->device().str() + ", not " +
                device_.str());
  if (adapter) {
    check_adapter_fits(*adapter, model_->config(),
                       adapter->info.name.empty() ? "adapter" : adapter->info.name);
    adapter_ = adapter->to(device_);
    metric_ = recorded_metric(*adapter);
  }
  // The ViT has neither dropout nor batch norm, so eval() changes no feature; it is set for
  // clarity and costs nothing to a job that shares the model.
  model_->eval();
}

void FewShotClassifier::set_precision(Precision precision) {
  precision_ = resolve_precision(precision, device_);
}

torch::Tensor FewShotClassifier::embed(const torch::Tensor& pixels) const {
  torch::NoGradGuard no_grad;
  const PrecisionScope amp(precision_, device_);
  ForwardOptions options;
  if (adapter_) {
    options.adapter = &*adapter_;
    options.lora_multiplier = lora_multiplier_;
  }
  // forward_ex is not const (modules are not); the model is shared, not owned state.
  ViTImpl& model = *model_.ptr();
  std::vector<torch::Tensor> parts;
  for (int64_t i = 0; i < pixels.size(0); i += batch_size_)
    parts.push_back(
        model.forward_ex(pixels.slice(0, i, i + batch_size_).to(device_), options).features);
  if (parts.empty())
    return torch::empty({0, model_->config().feature_dim()},
                        torch::TensorOptions().device(device_));
  return torch::cat(parts, 0);
}

void FewShotClassifier::set_support(const std::vector<torch::Tensor>& images_per_class,
                                    std::vector<std::string> class_names) {
  if (images_per_class.empty()) throw InputError("the support set has no classes");
  if (class_names.empty())
    for (size_t c = 0; c < images_per_class.size(); ++c) class_names.push_back(std::to_string(c));
  if (class_names.size() != images_per_class.size())
    throw InputError(std::to_string(class_names.size()) + " class names for " +
                     std::to_string(images_per_class.size()) + " support classes");
  std::vector<torch::Tensor> labels;
  for (size_t c = 0; c < images_per_class.size(); ++c) {
    const auto& images = images_per_class[c];
    if (!images.defined() || images.dim() != 4 || images.size(0) == 0)
      throw InputError("class \"" + class_names[c] + "\" has no support images");
    labels.push_back(torch::full({images.size(0)}, int64_t(c), torch::kLong));
  }
  // One forward pass over every support image, batched.
  auto features = embed(torch::cat(images_per_class, 0));
  auto all_labels = torch::cat(labels, 0).to(device_);
  prototypes_ = checked_prototypes(features, all_labels, int64_t(images_per_class.size()));
  support_features_ = features;
  support_labels_ = all_labels;
  class_names_ = std::move(class_names);
}

torch::Tensor FewShotClassifier::distances(const torch::Tensor& queries) const {
  if (!has_support()) throw Error("FewShotClassifier: classify() before set_support()");
  torch::NoGradGuard no_grad;
  const auto q = embed(queries);
  if (metric_.metric == Metric::Cosine) {
    namespace F = torch::nn::functional;
    const auto n = F::normalize(q, F::NormalizeFuncOptions().dim(1));
    const auto p = F::normalize(prototypes_, F::NormalizeFuncOptions().dim(1));
    return (1.0 - n.matmul(p.t())).cpu();
  }
  return squared_distances(q, prototypes_).cpu();
}

std::vector<QueryResult> FewShotClassifier::classify(const torch::Tensor& queries) const {
  const auto d = distances(queries).to(torch::kDouble).contiguous();
  const auto logits = metric_.metric == Metric::Cosine ? (1.0 - d) * metric_.cosine_scale : -d;
  const auto p = torch::softmax(logits, /*dim=*/1).contiguous();
  std::vector<QueryResult> out(size_t(d.size(0)));
  for (int64_t q = 0; q < d.size(0); ++q) {
    auto& r = out[size_t(q)];
    r.distances.assign(d[q].data_ptr<double>(), d[q].data_ptr<double>() + d.size(1));
    r.probabilities.assign(p[q].data_ptr<double>(), p[q].data_ptr<double>() + p.size(1));
    r.predicted = int64_t(std::max_element(r.probabilities.begin(), r.probabilities.end()) -
                          r.probabilities.begin());
  }
  return out;
}

}  // namespace lrc
