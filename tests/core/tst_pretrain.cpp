// Pre-training the tiny VFM: both classifier objectives learn (the loss falls, training accuracy
// beats chance) and the logits are what the objective says.
#include <torch/torch.h>

#include "harness.h"
#include "jobs/job.h"
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

// A pre-training run stopped half-way and resumed from its checkpoint ends with the same weights
// and history as one that ran through, with augmentation (zoom, shifts) drawing from the stream.
LRC_TEST(resume_after_cancel_ends_bit_identical) {
  auto data = test::synthetic_dataset(6, 8, 31);
  PretrainConfig c;
  c.model = test::tiny_vit_config();
  c.steps = 12;
  c.batch = 16;
  c.zoom = 0.15;
  c.max_shift = 1;
  c.val_every = 0;
  c.checkpoint_every = 5;
  JobContext ctx;
  ctx.seed = 9;
  const PretrainResult whole = pretrain_vit(*data, c, ctx);

  c.checkpoint_path = test::scratch_dir() + "/pretrain/state.safetensors";
  CancelToken token;
  JobContext interrupted = ctx;
  interrupted.cancel = &token;
  interrupted.callbacks.progress = [&](const ProgressEvent& e) {
    if (e.step == 7) token.cancel();
  };
  CHECK_THROWS_WITH(pretrain_vit(*data, c, interrupted), "cancelled");
  const PretrainResult resumed = pretrain_vit(*data, c, ctx, nullptr, /*resume=*/true);
  CHECK_EQ(resumed.resumed_from, int64_t(7));  // saved on cancel, not at the step-5 checkpoint
  CHECK(resumed.losses == whole.losses);
  auto a = whole.model->named_parameters(), b = resumed.model->named_parameters();
  CHECK_EQ(a.size(), b.size());
  for (const auto& item : a) CHECK(torch::equal(item.value(), b[item.key()]));
}

// A checkpoint of another run is refused with the file's name, not silently mixed in.
LRC_TEST(resume_refuses_a_checkpoint_of_another_schedule) {
  auto data = test::synthetic_dataset(6, 8, 31);
  PretrainConfig c;
  c.model = test::tiny_vit_config();
  c.steps = 3;
  c.batch = 8;
  c.val_every = 0;
  c.checkpoint_every = 2;
  c.checkpoint_path = test::scratch_dir() + "/pretrain_other/state.safetensors";
  JobContext ctx;
  CancelToken token;
  JobContext interrupted = ctx;
  interrupted.cancel = &token;
  interrupted.callbacks.progress = [&](const ProgressEvent& e) {
    if (e.step == 2) token.cancel();
  };
  CHECK_THROWS_WITH(pretrain_vit(*data, c, interrupted), "cancelled");
  c.steps = 5;
  CHECK_THROWS_WITH(pretrain_vit(*data, c, ctx, nullptr, true), "state.safetensors");
  CHECK_THROWS_WITH(pretrain_vit(*data, c, ctx, nullptr, true), "3 steps, not 5");
}

// The zoom augmentation keeps the shape, leaves zoom 1 / shift 0 as the identity and stays
// within the input's range (border padding, bilinear).
LRC_TEST(random_zoom_keeps_shape_and_range) {
  auto gen = cpu_generator(3);
  auto x = torch::rand({4, 3, 8, 8}, gen);
  auto same = random_zoom(x, 1e-9, 0, gen);
  CHECK(torch::allclose(same, x, 1e-4, 1e-5));
  auto z = random_zoom(x, 0.3, 2, gen);
  CHECK_EQ(z.sizes(), x.sizes());
  CHECK(z.min().item<float>() >= x.min().item<float>() - 1e-6f);
  CHECK(z.max().item<float>() <= x.max().item<float>() + 1e-6f);
  CHECK(!torch::allclose(z, x));
}
