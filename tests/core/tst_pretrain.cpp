// Pre-training the tiny VFM: both classifier objectives learn (the loss falls, training accuracy
// beats chance) and the logits are what the objective says.
#include <torch/torch.h>

#include "harness.h"
#include "recycle/pretrain.h"
#include "synthetic.h"

using namespace lrc;

namespace {

PretrainResult short_run(double cosine_scale) {
  auto data = test::synthetic_dataset(6, 16, 31);
  PretrainConfig c;
  c.model = test::tiny_vit_config();
  c.steps = 60;
  c.batch = 32;
  c.lr = 3e-3;
  c.cosine_scale = cosine_scale;
  c.max_shift = 0;  // the synthetic classes are fixed pixel patterns, not shift-invariant
  c.val_every = 0;
  JobContext ctx;
  ctx.seed = 4;
  return pretrain_vit(*data, c, ctx);
}

double mean_of(const std::vector<double>& v, size_t from, size_t to) {
  double s = 0;
  for (size_t i = from; i < to; ++i) s += v[i];
  return s / double(to - from);
}

}  // namespace

LRC_TEST(class_logits_cosine_and_linear) {
  auto f = torch::tensor({{3.0f, 4.0f}, {0.0f, 2.0f}});
  auto w = torch::tensor({{1.0f, 0.0f}, {0.0f, 10.0f}});
  // cosine: scale · cos; rows of f and w normalized first
  auto cos = class_logits(f, w, 16.0);
  CHECK(torch::allclose(cos, torch::tensor({{16 * 0.6f, 16 * 0.8f}, {0.0f, 16.0f}})));
  // linear: the raw dot products
  auto lin = class_logits(f, w, 0.0);
  CHECK(torch::allclose(lin, torch::tensor({{3.0f, 40.0f}, {0.0f, 20.0f}})));
}

LRC_TEST(both_objectives_learn_the_training_classes) {
  for (double scale : {16.0, 0.0}) {
    PretrainResult r = short_run(scale);
    CHECK_EQ(r.losses.size(), size_t(60));
    const double first = mean_of(r.losses, 0, 10), last = mean_of(r.losses, 50, 60);
    std::printf("  scale %.0f: loss %.3f → %.3f, training accuracy %.2f\n", scale, first, last,
                r.train_accuracy);
    CHECK(last < 0.8 * first);
    CHECK(r.train_accuracy > 0.4);  // 6 classes: chance is 0.17
  }
}
