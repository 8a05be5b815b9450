// Torch lives only in this translation unit of the GUI tests (its headers must not meet Qt's
// `slots` macro).
#include "core_reference.h"

#include <optional>

#include <torch/torch.h>

#include "data/image.h"
#include "fewshot/metric.h"
#include "fewshot/prototypes.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"
#include "runtime/precision.h"

namespace lrc::test {

std::vector<ReferenceAnswer> reference_classify(
    const std::string& model_path, const std::string& adapter_path,
    const std::vector<std::vector<std::string>>& support, const std::vector<std::string>& queries,
    const std::string& precision, const std::string& metric) {
  LoadedModel m = load_model(model_path, torch::kCPU);
  std::optional<LoraAdapter> adapter;
  if (!adapter_path.empty()) adapter = load_adapter(adapter_path, m.model->config());
  FewShotClassifier classifier(m.model, torch::kCPU, adapter ? &*adapter : nullptr);
  classifier.set_precision(parse_precision(precision));
  if (!metric.empty()) {
    MetricOptions m = classifier.metric();
    m.metric = metric_from_name(metric);
    classifier.set_metric(m);
  }
  std::vector<torch::Tensor> images;
  for (const auto& files : support) images.push_back(load_images(files, m.model->config()));
  classifier.set_support(images);
  std::vector<ReferenceAnswer> out;
  for (const auto& r : classifier.classify(load_images(queries, m.model->config())))
    out.push_back({int(r.predicted), r.probabilities, r.distances});
  return out;
}

}  // namespace lrc::test
