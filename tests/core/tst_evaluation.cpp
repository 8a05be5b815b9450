// Evaluation: methods on shared seeded episodes, prototype logits by hand, weights restored
// after full fine-tuning.
#include <map>

#include <torch/torch.h>

#include "fewshot/evaluation.h"
#include "fewshot/metric.h"
#include "harness.h"
#include "io/error.h"
#include "synthetic.h"

using namespace lrc;

LRC_TEST(prototype_logits_are_negative_squared_distances) {
  auto support = torch::tensor({{0.f, 0.f}, {2.f, 0.f}, {0.f, 4.f}});
  auto labels = torch::tensor({0, 0, 1}, torch::kLong);
  auto query = torch::tensor({{1.f, 1.f}});
  auto logits = episode_logits(support, labels, 2, query, {});
  // prototypes (1, 0) and (0, 4): distances 1 and 1 + 9 = 10.
  CHECK_NEAR(logits[0][0].item<double>(), -1.0, 1e-6);
  CHECK_NEAR(logits[0][1].item<double>(), -10.0, 1e-6);
  MetricOptions cos;
  cos.metric = Metric::Cosine;
  auto c = episode_logits(support, labels, 2, query, cos);
  CHECK_NEAR(c[0][0].item<double>(), 10.0 / std::sqrt(2.0), 1e-5);
  CHECK_NEAR(c[0][1].item<double>(), 10.0 / std::sqrt(2.0), 1e-5);
}

LRC_TEST(every_method_runs_on_the_same_episodes) {
  auto data = test::synthetic_dataset(8, 10, 41, 70, 30, 20);
  ViT m(test::tiny_vit_config());
  m->eval();
  m->freeze_base();
  std::map<std::string, torch::Tensor> before;
  for (auto& p : m->named_parameters()) before[p.key()] = p.value().clone();
  EvalConfig c;
  c.way = 5, c.shot = 2, c.query = 3, c.episodes = 4, c.seed = 3;
  c.finetune_steps = 5, c.probe_steps = 5;
  JobContext ctx;
  for (Method method :
       {Method::ProtoNet, Method::LinearProbe, Method::LoraFinetune, Method::FullFinetune}) {
    auto r = evaluate_method(*m, *data, method, nullptr, c, ctx);
    CHECK_EQ(r.accuracies.size(), size_t(4));
    for (double a : r.accuracies) CHECK(a >= 0.0 && a <= 1.0);
    std::printf("  %-14s episode accuracies %.3f %.3f %.3f %.3f\n", r.method.c_str(),
                r.accuracies[0], r.accuracies[1], r.accuracies[2], r.accuracies[3]);
  }
  for (auto& p : m->named_parameters())
    CHECK(torch::equal(p.value(), before[p.key()]));  // restored
  for (auto& p : m->parameters()) CHECK(!p.requires_grad());
  // Same seed → same episodes → same ProtoNet accuracies; a different seed changes them.
  auto a = evaluate_method(*m, *data, Method::ProtoNet, nullptr, c, ctx);
  auto b = evaluate_method(*m, *data, Method::ProtoNet, nullptr, c, ctx);
  CHECK(a.accuracies == b.accuracies);
}

LRC_TEST(protonet_with_an_adapter_uses_it) {
  auto data = test::synthetic_dataset(6, 6, 42);
  ViT m(test::tiny_vit_config());
  m->eval();
  LoraAdapter a = create_lora(m->config(), {}, 1);
  for (auto& e : a.entries) e.B = torch::randn(e.B.sizes());
  EvalConfig c;
  c.way = 3, c.shot = 1, c.query = 2, c.episodes = 20;
  JobContext ctx;
  auto plain = evaluate_method(*m, *data, Method::ProtoNet, nullptr, c, ctx);
  auto with = evaluate_method(*m, *data, Method::ProtoNet, &a, c, ctx, "meta-lora");
  CHECK_EQ(with.method, std::string("meta-lora"));
  CHECK(plain.accuracies != with.accuracies);
}

LRC_TEST(method_names_round_trip) {
  for (Method m :
       {Method::ProtoNet, Method::LinearProbe, Method::LoraFinetune, Method::FullFinetune})
    CHECK(method_from_name(method_name(m)) == m);
  CHECK_THROWS_WITH(method_from_name("knn"), "unknown method");
}
