// Prototype few-shot inference (docs/method.md §5) and how accuracies are reported (§6): logits
// against a hand computation, the classifier's cached support, and mean ± 95 % CI.
#include <cmath>

#include <torch/torch.h>

#include "fewshot/prototypes.h"
#include "fewshot/stats.h"
#include "harness.h"
#include "io/error.h"
#include "model/lora.h"
#include "model/vit.h"

using namespace lrc;

namespace {

ViTConfig tiny_config() {
  ViTConfig c;
  c.image_size = 16, c.patch_size = 4, c.width = 32, c.depth = 2, c.heads = 4, c.mlp_dim = 64;
  return c;
}

ViT tiny_model(uint64_t seed) {
  torch::manual_seed(seed);
  ViT model(tiny_config());
  model->eval();
  return model;
}

double max_abs(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

}  // namespace

LRC_TEST(prototype_logits_match_a_hand_computation) {
  // Class 0: (0,0), (2,0) → prototype (1,0). Class 1: (0,2), (0,4) → prototype (0,3).
  // Rows interleave the classes so the labels, not the order, decide.
  auto support = torch::tensor({0.f, 2.f, 0.f, 0.f, 2.f, 0.f, 0.f, 4.f}).view({4, 2});
  auto labels = torch::tensor({1, 0, 0, 1}, torch::kLong);
  auto protos = checked_prototypes(support, labels, 2);
  CHECK_NEAR(max_abs(protos, torch::tensor({1.f, 0.f, 0.f, 3.f}).view({2, 2})), 0, 1e-7);
  // Query (1,1): distances 1 and 1 + 4 = 5. Query (0,3): 1 + 9 = 10 and 0.
  auto queries = torch::tensor({1.f, 1.f, 0.f, 3.f}).view({2, 2});
  auto logits = prototype_logits(support, labels, 2, queries);
  CHECK_NEAR(max_abs(logits, torch::tensor({-1.f, -5.f, -10.f, 0.f}).view({2, 2})), 0, 1e-6);
  CHECK_NEAR(max_abs(squared_distances(queries, protos), -logits), 0, 0);
}

LRC_TEST(prototype_errors_are_input_errors) {
  auto support = torch::zeros({3, 2});
  CHECK_THROWS_WITH(checked_prototypes(support, torch::tensor({0, 0, 0}, torch::kLong), 2),
                    "class 1 has no support");
  CHECK_THROWS_WITH(checked_prototypes(support, torch::tensor({0, 1, 2}, torch::kLong), 2),
                    "lie in [0, 2)");
  CHECK_THROWS_WITH(checked_prototypes(support, torch::tensor({0, 1}, torch::kLong), 2),
                    "do not match");
  CHECK_THROWS_WITH(squared_distances(torch::zeros({2, 3}), torch::zeros({2, 2})), "do not match");
}

LRC_TEST(prototypes_are_differentiable) {
  auto support = torch::randn({4, 3}).requires_grad_(true);
  auto logits =
      prototype_logits(support, torch::tensor({0, 1, 0, 1}, torch::kLong), 2, torch::randn({5, 3}));
  torch::nn::functional::cross_entropy(logits, torch::tensor({0, 1, 0, 1, 0}, torch::kLong))
      .backward();
  CHECK(support.grad().defined());
  CHECK(support.grad().abs().sum().item<double>() > 0);
}

LRC_TEST(classifier_matches_the_plain_computation_and_caches_support) {
  ViT model = tiny_model(1);
  torch::manual_seed(2);
  std::vector<torch::Tensor> support{torch::randn({2, 3, 16, 16}), torch::randn({3, 3, 16, 16}),
                                     torch::randn({1, 3, 16, 16})};
  auto queries = torch::randn({4, 3, 16, 16});
  FewShotClassifier clf(model, torch::kCPU);
  CHECK(!clf.has_support());
  CHECK_THROWS_WITH(clf.classify(queries), "before set_support");
  clf.set_support(support, {"cat", "dog", "emu"});
  CHECK_EQ(clf.way(), 3);
  CHECK_EQ(clf.class_names()[2], std::string("emu"));
  CHECK_EQ(clf.support_features().size(0), 6);

  torch::NoGradGuard no_grad;
  auto reference =
      prototype_logits(model->forward(torch::cat(support, 0)),
                       torch::tensor({0, 0, 1, 1, 1, 2}, torch::kLong), 3, model->forward(queries));
  const auto batch = clf.classify(queries);
  CHECK_EQ(batch.size(), size_t(4));
  for (int64_t q = 0; q < 4; ++q) {
    const auto& r = batch[size_t(q)];
    double sum = 0;
    for (int64_t c = 0; c < 3; ++c) {
      CHECK_NEAR(r.distances[size_t(c)], -reference[q][c].item<double>(), 1e-4);
      sum += r.probabilities[size_t(c)];
    }
    CHECK_NEAR(sum, 1.0, 1e-9);
    CHECK_EQ(r.predicted, reference[q].argmax().item<int64_t>());
    CHECK_NEAR(r.probabilities[0] / r.probabilities[1], std::exp(r.distances[1] - r.distances[0]),
               1e-6);
    // A query alone gets the answer it gets in the batch: the support is cached, not recomputed.
    const auto alone = clf.classify(queries.slice(0, q, q + 1));
    CHECK_EQ(alone.size(), size_t(1));
    CHECK_EQ(alone[0].predicted, r.predicted);
    for (size_t c = 0; c < 3; ++c) {
      CHECK_NEAR(alone[0].distances[c], r.distances[c], 1e-4);
      CHECK_NEAR(alone[0].probabilities[c], r.probabilities[c], 1e-6);
    }
  }
  // Batch size changes nothing but speed.
  FewShotClassifier one_by_one(model, torch::kCPU);
  one_by_one.set_batch_size(1);
  one_by_one.set_support(support);
  CHECK_EQ(one_by_one.class_names()[1], std::string("1"));
  CHECK_NEAR(max_abs(one_by_one.prototypes(), clf.prototypes()), 0, 1e-5);
}

LRC_TEST(classifier_applies_an_explicit_adapter) {
  ViT model = tiny_model(3);
  LoraAdapter lora = create_lora(model->config(), {}, 4);
  for (auto& e : lora.entries) e.B = torch::randn(e.B.sizes()) * 0.3;
  torch::manual_seed(5);
  std::vector<torch::Tensor> support{torch::randn({2, 3, 16, 16}), torch::randn({2, 3, 16, 16})};
  auto queries = torch::randn({3, 3, 16, 16});
  FewShotClassifier plain(model, torch::kCPU), adapted(model, torch::kCPU, &lora);
  plain.set_support(support);
  adapted.set_support(support);
  CHECK(max_abs(plain.distances(queries), adapted.distances(queries)) > 1e-3);
  torch::NoGradGuard no_grad;
  ForwardOptions o;
  o.adapter = &lora;
  auto reference = prototype_logits(model->forward_ex(torch::cat(support, 0), o).features,
                                    torch::tensor({0, 0, 1, 1}, torch::kLong), 2,
                                    model->forward_ex(queries, o).features);
  CHECK_NEAR(max_abs(adapted.distances(queries), -reference), 0, 1e-4);
  CHECK(model->adapter_names().empty());  // the classifier did not install anything on the model
}

LRC_TEST(classifier_follows_the_metric_the_adapter_records) {
  ViT model = tiny_model(4);
  LoraAdapter lora = create_lora(model->config(), {}, 6);
  lora.info.provenance["metric"] = "cosine";
  lora.info.provenance["cosine_scale"] = 7.0;
  CHECK(recorded_metric(lora).metric == Metric::Cosine);
  CHECK_NEAR(recorded_metric(lora).cosine_scale, 7.0, 0);
  CHECK(recorded_metric(create_lora(model->config(), {}, 6)).metric == Metric::SquaredEuclidean);
  torch::manual_seed(8);
  std::vector<torch::Tensor> support{torch::randn({2, 3, 16, 16}), torch::randn({1, 3, 16, 16})};
  auto queries = torch::randn({4, 3, 16, 16});
  FewShotClassifier clf(model, torch::kCPU, &lora);
  CHECK(clf.metric().metric == Metric::Cosine);
  clf.set_support(support);
  // Independently: normalized prototypes and queries, 1 − cos, softmax(7 · cos).
  torch::NoGradGuard no_grad;
  ForwardOptions o;
  o.adapter = &lora;
  auto fs = model->forward_ex(torch::cat(support, 0), o).features;
  auto protos = torch::stack({fs.slice(0, 0, 2).mean(0), fs[2]});
  auto fq = model->forward_ex(queries, o).features;
  auto cos = (fq / fq.norm(2, 1, true)).matmul((protos / protos.norm(2, 1, true)).t());
  CHECK_NEAR(max_abs(clf.distances(queries), 1 - cos), 0, 1e-5);
  const auto answers = clf.classify(queries);
  auto expected = torch::softmax(cos.to(torch::kDouble) * 7.0, 1);
  for (int64_t q = 0; q < 4; ++q)
    for (int64_t c = 0; c < 2; ++c)
      CHECK_NEAR(answers[size_t(q)].probabilities[size_t(c)], expected[q][c].item<double>(), 1e-5);
  // Set explicitly, the metric overrides the record.
  clf.set_metric({});
  CHECK(clf.metric().metric == Metric::SquaredEuclidean);
}

LRC_TEST(classifier_rejects_bad_support_sets) {
  FewShotClassifier clf(tiny_model(6), torch::kCPU);
  CHECK_THROWS_WITH(clf.set_support({}), "no classes");
  CHECK_THROWS_WITH(
      clf.set_support({torch::randn({1, 3, 16, 16}), torch::empty({0, 3, 16, 16})}, {"a", "b"}),
      "class \"b\" has no support images");
  CHECK_THROWS_WITH(clf.set_support({torch::randn({1, 3, 16, 16})}, {"a", "b"}),
                    "2 class names for 1");
  CHECK_THROWS_WITH(clf.set_support({torch::randn({1, 3, 8, 8})}, {"a"}), "expects [B, 3, 16, 16]");
}

LRC_TEST(mean_ci95_uses_the_sample_std) {
  // mean 0.65; deviations ±0.15, ±0.05 → Σ = 0.05; sample variance 0.05 / 3; std 0.1290994;
  // ci95 = 1.96 · 0.1290994 / √4 = 0.1265174.
  const MeanCi r = mean_ci95({0.5, 0.6, 0.7, 0.8});
  CHECK_EQ(r.n, 4);
  CHECK_NEAR(r.mean, 0.65, 1e-12);
  CHECK_NEAR(r.std, 0.12909944487, 1e-10);
  CHECK_NEAR(r.ci95, 0.12651745597, 1e-10);
  const MeanCi same = mean_ci95({0.9, 0.9, 0.9});
  CHECK_NEAR(same.ci95, 0.0, 1e-15);
  CHECK(std::isnan(mean_ci95({0.5}).ci95));
  CHECK_THROWS_WITH(mean_ci95({}), "no accuracies");
}

LRC_TEST(markdown_table_and_json_report_percentages) {
  EvalResult a{"protonet", 5, 1, 15, 600, 0.65, 0.12651745597, 12.5};
  EvalResult b{"lora|recycle", 5, 5, 15, 4, 0.456789, 0.012344, 1.0};
  const std::string table = markdown_table({a, b});
  CHECK_EQ(table, std::string("| method | way | shot | accuracy (%) ± 95 % CI | episodes |\n"
                              "|---|---:|---:|---:|---:|\n"
                              "| protonet | 5 | 1 | 65.00 ± 12.65 | 600 |\n"
                              "| lora\\|recycle | 5 | 5 | 45.68 ± 1.23 | 4 |\n"));
  const std::string json = a.to_json().dump();
  CHECK_EQ(json, std::string(
                     "{\"method\":\"protonet\",\"way\":5,\"shot\":1,\"query\":15,\"episodes\":600,"
                     "\"mean\":0.65,\"ci95\":0.12651745597,\"seconds\":12.5}"));
  EvalResult single = a;
  single.ci95 = mean_ci95({0.5}).ci95;
  CHECK(markdown_table({single}).find("65.00 ± n/a") != std::string::npos);
  CHECK(single.to_json().dump().find("\"ci95\":null") != std::string::npos);
}
