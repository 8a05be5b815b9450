// Meta-training: schedule, sparse tokens against an independent dense computation, gradients
// only in the meta-LoRA, learning on a synthetic problem, and exact resume after cancel.
#include <filesystem>
#include <limits>
#include <set>

#include <torch/torch.h>

#include "data/dataset.h"
#include "fewshot/metric.h"
#include "harness.h"
#include "io/error.h"
#include "model/vit.h"
#include "recycle/meta_train.h"
#include "recycle/schedule.h"
#include "recycle/tasks.h"
#include "synthetic.h"

using namespace lrc;
namespace F = torch::nn::functional;

namespace {

// An independent forward pass over a token subset: patches embedded with conv2d, position
// embeddings added, the subset gathered, then plain transformer blocks (gelu, pre-norm).
torch::Tensor reference_subset_forward(ViTImpl& m, const torch::Tensor& x,
                                       const torch::Tensor& keep) {
  const auto& c = m.config();
  auto p = m.named_parameters();
  auto tokens = F::conv2d(x, p["patch_embed.weight"],
                          F::Conv2dFuncOptions().bias(p["patch_embed.bias"]).stride(c.patch_size));
  tokens = tokens.flatten(2).transpose(1, 2) + p["pos_embed"].slice(0, 1);
  std::vector<torch::Tensor> rows;
  for (int64_t b = 0; b < x.size(0); ++b) rows.push_back(tokens[b].index_select(0, keep[b]));
  auto h = torch::cat(
      {(p["cls_token"] + p["pos_embed"][0]).expand({x.size(0), 1, c.width}), torch::stack(rows)},
      1);
  const int64_t H = c.heads, d = c.width / H;
  for (int i = 0; i < c.depth; ++i) {
    const std::string b = "blocks." + std::to_string(i) + ".";
    auto n1 = F::layer_norm(h, F::LayerNormFuncOptions({c.width})
                                   .weight(p[b + "norm1.weight"])
                                   .bias(p[b + "norm1.bias"])
                                   .eps(c.ln_eps));
    auto qkv = F::linear(n1, p[b + "attn.qkv.weight"], p[b + "attn.qkv.bias"]);
    auto q = qkv.slice(2, 0, c.width), k = qkv.slice(2, c.width, 2 * c.width),
         v = qkv.slice(2, 2 * c.width);
    auto split = [&](const torch::Tensor& t) {
      return t.reshape({t.size(0), t.size(1), H, d}).permute({0, 2, 1, 3});
    };
    auto att = torch::softmax(split(q).matmul(split(k).transpose(2, 3)) / std::sqrt(double(d)), -1);
    auto ctx = att.matmul(split(v)).permute({0, 2, 1, 3}).reshape({h.size(0), h.size(1), c.width});
    h = h + F::linear(ctx, p[b + "attn.out.weight"], p[b + "attn.out.bias"]);
    auto n2 = F::layer_norm(h, F::LayerNormFuncOptions({c.width})
                                   .weight(p[b + "norm2.weight"])
                                   .bias(p[b + "norm2.bias"])
                                   .eps(c.ln_eps));
    h = h + F::linear(torch::gelu(F::linear(n2, p[b + "mlp.fc1.weight"], p[b + "mlp.fc1.bias"])),
                      p[b + "mlp.fc2.weight"], p[b + "mlp.fc2.bias"]);
  }
  return F::layer_norm(h.select(1, 0), F::LayerNormFuncOptions({c.width})
                                           .weight(p["norm.weight"])
                                           .bias(p["norm.bias"])
                                           .eps(c.ln_eps));
}

MetaTrainConfig small_config(int64_t episodes) {
  MetaTrainConfig c;
  c.shape = {5, 1, 5};
  c.episodes = episodes;
  c.lr = 1e-3;
  return c;
}

std::vector<std::vector<int64_t>> groups_of_five(int classes) {
  std::vector<std::vector<int64_t>> g;
  for (int s = 0; s + 5 <= classes; s += 5) g.push_back({s, s + 1, s + 2, s + 3, s + 4});
  return g;
}

}  // namespace

// Choosing the best checkpoint: accuracy first; on a tie (inverted validation tasks saturate at
// 100 %) the lower loss; without losses (older histories) the earlier one stays.
LRC_TEST(best_validation_breaks_accuracy_ties_by_loss) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(better_validation({200, 1.0, 0.30}, {100, 1.0, 0.45}));
  CHECK(!better_validation({200, 1.0, 0.50}, {100, 1.0, 0.45}));
  CHECK(better_validation({200, 0.97, 0.90}, {100, 0.95, 0.10}));  // accuracy wins
  CHECK(!better_validation({200, 0.95, 0.10}, {100, 0.97, 0.90}));
  CHECK(!better_validation({200, 1.0, nan}, {100, 1.0, nan}));
  CHECK(better_validation({100, 0.2, nan}, {0, nan, nan}));  // the first validation
}

LRC_TEST(schedule_warms_up_then_anneals_and_restarts) {
  CosineWarmRestarts s{1e-3, 100, 25, 0.01};
  CHECK_NEAR(s.at(0), 1e-5 + (1e-3 - 1e-5) / 25, 1e-15);
  CHECK_NEAR(s.at(24), 1e-3, 1e-15);
  CHECK_NEAR(s.at(25), 1e-3, 1e-15);
  CHECK_NEAR(s.at(62), 1e-5 + 0.5 * (1e-3 - 1e-5) * (1 + std::cos(M_PI * 37.0 / 75.0)), 1e-15);
  CHECK(s.at(99) < 1e-4);
  CHECK_NEAR(s.at(100), s.at(0), 0);
  CHECK_NEAR(s.at(12345), s.at(45), 0);
}

LRC_TEST(sparse_forward_equals_dense_forward_on_the_same_tokens) {
  ViT m(test::tiny_vit_config());
  m->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({3, 3, 16, 16});
  auto keep = torch::stack({torch::randperm(16, torch::kLong).slice(0, 0, 4),
                            torch::randperm(16, torch::kLong).slice(0, 0, 4),
                            torch::randperm(16, torch::kLong).slice(0, 0, 4)});
  ForwardOptions o;
  o.keep = keep;
  auto out = m->forward_ex(x, o);
  const double err =
      (out.features - reference_subset_forward(*m, x, keep)).abs().max().item<double>();
  std::printf("  sparse vs independent dense-on-subset max|err| = %.3g\n", err);
  CHECK(err < 1e-5);
  CHECK_EQ(out.tokens_per_layer.front(), 4);
  // Masking pixels to zero is not the same as dropping tokens: the dense pass differs.
  CHECK((m->forward(x) - out.features).abs().max().item<double>() > 1e-3);
}

LRC_TEST(gradients_flow_only_into_the_meta_lora) {
  ViT m(test::tiny_vit_config());
  m->eval();
  m->freeze_base();
  LoraAdapter meta = create_lora(m->config(), {}, 3);
  meta.set_requires_grad(true);
  ForwardOptions o;
  o.adapter = &meta;
  o.keep = torch::randint(0, 16, {10, 8}, torch::kLong);
  auto f = m->forward_ex(torch::randn({10, 3, 16, 16}), o).features;
  auto logits =
      episode_logits(f.slice(0, 0, 5), torch::arange(5, torch::kLong), 5, f.slice(0, 5), {});
  torch::cross_entropy_loss(logits, torch::arange(5, torch::kLong)).backward();
  for (const auto& p : m->parameters()) CHECK(!p.grad().defined());
  double grad_b = 0;
  for (const auto& e : meta.entries) grad_b += e.B.grad().abs().sum().item<double>();
  CHECK(grad_b > 0);  // B starts at zero, so A's gradient is zero at step 0 but B's is not
}

// 300 episodes on 30 synthetic classes, evaluated on 10 held-out ones: the learning setting.
struct HeldOutProblem {
  std::shared_ptr<Dataset> train = test::synthetic_dataset(30, 12, 11);
  std::shared_ptr<Dataset> held_out = test::synthetic_dataset(10, 12, 12);
  ViT m{test::tiny_vit_config()};
  std::unique_ptr<TaskSource> tasks;
  MetaTrainConfig config = small_config(300);
  HeldOutProblem() {
    torch::manual_seed(5);
    m->eval();
    tasks = make_dataset_tasks(train, groups_of_five(30), {5, 1, 5}, m->config());
    config.lr = 3e-3;
  }
  MetaTrainResult train_at(Precision p) {
    JobContext ctx;
    ctx.seed = 1;
    ctx.precision = p;
    return meta_train(*m, *tasks, config, {}, ctx);
  }
  // 5-way 1-shot accuracy on the held-out classes, with `adapter` or plain.
  double accuracy(const LoraAdapter* adapter) {
    auto eval_tasks =
        make_dataset_tasks(held_out, {{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}}, {5, 1, 5}, m->config());
    return task_accuracy(*m, adapter, *eval_tasks, 200, 99, {}, torch::kCPU);
  }
};

LRC_TEST(meta_training_beats_the_plain_vfm_on_held_out_classes) {
  HeldOutProblem p;
  MetaTrainResult r = p.train_at(Precision::Fp32);
  const double plain = p.accuracy(nullptr);
  const double meta = p.accuracy(&r.meta_lora);
  std::printf("  5-way 1-shot on held-out classes: plain %.3f, meta-LoRA %.3f\n", plain, meta);
  CHECK(meta > plain + 0.03);
}

// The learning curve at bf16 stays in a band around fp32's: the mean loss of every window of 50
// episodes within 0.1 (losses start near ln 5 ≈ 1.6), and the held-out gain over the plain VFM
// holds at bf16 as well.
LRC_TEST(bf16_meta_training_curve_stays_in_a_band_around_fp32) {
  HeldOutProblem p;
  MetaTrainResult fp32 = p.train_at(Precision::Fp32);
  MetaTrainResult bf16 = p.train_at(Precision::Bf16);
  CHECK_EQ(bf16.losses.size(), fp32.losses.size());
  double worst = 0;
  for (size_t w = 0; w + 50 <= fp32.losses.size(); w += 50) {
    double a = 0, b = 0;
    for (size_t i = w; i < w + 50; ++i) a += fp32.losses[i] / 50, b += bf16.losses[i] / 50;
    worst = std::max(worst, std::fabs(a - b));
  }
  const double plain = p.accuracy(nullptr);
  const double meta = p.accuracy(&bf16.meta_lora);
  std::printf(
      "  bf16 vs fp32: worst 50-episode window loss gap %.4f; held-out plain %.3f, "
      "bf16 meta-LoRA %.3f\n",
      worst, plain, meta);
  CHECK(worst < 0.1);
  CHECK(meta > plain + 0.03);
  CHECK_EQ(bf16.best.info.provenance.get_string("precision", ""), std::string("bf16"));
  CHECK_EQ(fp32.best.info.provenance.get_string("precision", ""), std::string("fp32"));
}

LRC_TEST(resume_after_cancel_ends_bit_identical) {
  auto data = test::synthetic_dataset(10, 8, 21);
  ViT m(test::tiny_vit_config());
  auto tasks = make_dataset_tasks(data, groups_of_five(10), {5, 1, 3}, m->config());
  const std::string dir_a = test::scratch_dir() + "/run_a", dir_b = test::scratch_dir() + "/run_b";
  MetaTrainConfig c = small_config(30);
  c.shape = {5, 1, 3};
  c.checkpoint_every = 10;
  c.checkpoint_dir = dir_a;
  JobContext ctx;
  ctx.seed = 7;
  MetaTrainResult whole = meta_train(*m, *tasks, c, {}, ctx);

  c.checkpoint_dir = dir_b;
  CancelToken token;
  JobContext interrupted = ctx;
  interrupted.cancel = &token;
  int64_t last_step = 0;
  interrupted.callbacks.progress = [&](const ProgressEvent& e) {
    last_step = e.step;
    if (e.step == 17) token.cancel();
  };
  CHECK_THROWS_WITH(meta_train(*m, *tasks, c, {}, interrupted), "cancelled");
  CHECK_EQ(last_step, 17);                             // stopped within one step
  CHECK_EQ(list_checkpoints(dir_b).back().first, 17);  // saved on cancel
  MetaTrainResult resumed = meta_train(*m, *tasks, c, {}, ctx, /*resume=*/true);
  CHECK_EQ(resumed.resumed_from, 17);
  CHECK_EQ(resumed.losses.size(), whole.losses.size());
  CHECK(resumed.losses == whole.losses);
  for (size_t i = 0; i < whole.meta_lora.entries.size(); ++i) {
    CHECK(torch::equal(whole.meta_lora.entries[i].A, resumed.meta_lora.entries[i].A));
    CHECK(torch::equal(whole.meta_lora.entries[i].B, resumed.meta_lora.entries[i].B));
  }
}

// A step's episodes through the ViT together (groups of 4, or 3 + 1) train the same meta-LoRA as
// one episode at a time, up to the GEMMs' summation order.
LRC_TEST(episodes_sharing_a_forward_pass_train_like_one_at_a_time) {
  auto data = test::synthetic_dataset(10, 8, 23);
  ViT m(test::tiny_vit_config());
  auto tasks = make_dataset_tasks(data, groups_of_five(10), {5, 1, 3}, m->config());
  auto train = [&](int64_t per_forward) {
    MetaTrainConfig c = small_config(12);
    c.shape = {5, 1, 3};
    c.episodes_per_step = 4;
    c.episodes_per_forward = per_forward;
    JobContext ctx;
    ctx.seed = 9;
    return meta_train(*m, *tasks, c, {}, ctx);
  };
  const MetaTrainResult one = train(1);
  for (int64_t per_forward : {3, 4}) {
    const MetaTrainResult grouped = train(per_forward);
    double worst = 0, worst_loss = 0;
    for (size_t i = 0; i < one.meta_lora.entries.size(); ++i) {
      const auto &a = one.meta_lora.entries[i], &b = grouped.meta_lora.entries[i];
      worst = std::max(
          {worst, (a.A - b.A).abs().max().item<double>(), (a.B - b.B).abs().max().item<double>()});
    }
    for (size_t s = 0; s < one.losses.size(); ++s)
      worst_loss = std::max(worst_loss, std::fabs(one.losses[s] - grouped.losses[s]));
    std::printf("  %lld episodes per forward: max |diff| %.3g (meta-LoRA), %.3g (loss)\n",
                (long long)per_forward, worst, worst_loss);
    CHECK(worst <= 1e-5);
    CHECK(worst_loss <= 1e-5);
    CHECK_EQ(grouped.losses.size(), one.losses.size());
  }
}

LRC_TEST(pool_tasks_check_their_shape) {
  SurrogatePool p;
  p.adapter_name = "tiny";
  p.class_names = {"a", "b"};
  p.pixels = torch::zeros({4, 3, 16, 16});
  p.labels = torch::tensor({0, 0, 1, 1}, torch::kLong);
  p.patch_rank = torch::arange(16, torch::kLong).repeat({4, 1});
  p.mask = torch::ones({4, 16}, torch::kByte);
  p.confidence = torch::ones({4});
  CHECK_THROWS_WITH(make_pool_tasks({p}, {5, 1, 1}, 0.0), "5-way episodes need 5");
  CHECK_THROWS_WITH(make_pool_tasks({p}, {2, 1, 2}, 0.0), "need 3");
  auto tasks = make_pool_tasks({p}, {2, 1, 1}, 0.5);
  MetaTask t = tasks->task(0, 1);
  CHECK_EQ(t.pixels.size(0), 4);
  CHECK_EQ(t.keep.size(1), 8);
  CHECK(torch::equal(t.support_labels, torch::tensor({0, 1}, torch::kLong)));
}

// Two 2-class pools whose pixels carry their (pool, class) identity: mixed 3-way episodes
// (impossible per pool) take classes from both, and each label's images share one identity.
LRC_TEST(mixed_pool_tasks_draw_classes_across_pools) {
  std::vector<SurrogatePool> pools;
  for (int k = 0; k < 2; ++k) {
    SurrogatePool p;
    p.adapter_name = "pool" + std::to_string(k);
    p.class_names = {"a", "b"};
    p.labels = torch::tensor({0, 0, 0, 1, 1, 1}, torch::kLong);
    p.pixels = (p.labels.to(torch::kFloat) + 10 * k).view({6, 1, 1, 1}).expand({6, 3, 16, 16});
    p.patch_rank = torch::arange(16, torch::kLong).repeat({6, 1});
    p.mask = torch::ones({6, 16}, torch::kByte);
    p.confidence = torch::ones({6});
    pools.push_back(p);
  }
  CHECK_THROWS_WITH(make_pool_tasks(pools, {3, 1, 2}, 0.0), "3-way episodes need 3");
  auto tasks = make_pool_tasks(pools, {3, 1, 2}, 0.25, true);
  CHECK_EQ(tasks->sources(), 2);
  std::set<float> seen;
  for (int64_t step = 0; step < 20; ++step) {
    MetaTask t = tasks->task(step, 7);
    CHECK_EQ(t.source, -1);
    CHECK_EQ(t.pixels.size(0), 9);
    CHECK_EQ(t.keep.size(1), 12);
    auto id = t.pixels.select(1, 0).select(1, 0).select(1, 0);  // one value per image
    auto labels = torch::cat({t.support_labels, t.query_labels});
    std::set<float> ids;
    for (int64_t c = 0; c < 3; ++c) {
      auto of_c = id.index({labels == c});
      CHECK(torch::all(of_c == of_c[0]).item<bool>());
      ids.insert(of_c[0].item<float>());
    }
    CHECK_EQ(ids.size(), size_t(3));  // three distinct (pool, class) pairs
    seen.insert(ids.begin(), ids.end());
  }
  CHECK(seen == std::set<float>({0, 1, 10, 11}));
  CHECK(torch::equal(tasks->task(3, 7).pixels, tasks->task(3, 7).pixels));  // seeded by step
}
