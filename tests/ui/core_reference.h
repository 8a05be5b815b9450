// The core's own few-shot answers (lrc::FewShotClassifier) for image files, computed without the
// facade or Qt, to check what the Playground shows. Plain types only (no torch, no Qt).
#pragma once

#include <string>
#include <vector>

namespace lrc::test {

struct ReferenceAnswer {
  int predicted = -1;
  std::vector<double> probabilities;
  std::vector<double> distances;
};

// metric "" keeps the classifier's own (the adapter's recorded one, else squared Euclidean).
// load_model + (load_adapter) + load_images + FewShotClassifier::set_support/classify, at
// `precision` ("auto", like the application's default; "fp32", "bf16").
std::vector<ReferenceAnswer> reference_classify(
    const std::string& model_path, const std::string& adapter_path,
    const std::vector<std::vector<std::string>>& support, const std::vector<std::string>& queries,
    const std::string& precision = "auto", const std::string& metric = "");

}  // namespace lrc::test
