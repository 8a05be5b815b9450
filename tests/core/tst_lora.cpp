// LoRA behaviour on the ViT: creation, enable/disable, rescale, merge/unmerge, several adapters,
// explicit adapters, sparse tokens and token pruning basics.
#include <torch/torch.h>

#include "harness.h"
#include "io/error.h"
#include "model/lora.h"
#include "model/vit.h"

using namespace lrc;

namespace {

ViTConfig tiny_config() {
  ViTConfig c;
  c.image_size = 16, c.patch_size = 4, c.width = 32, c.depth = 3, c.heads = 4, c.mlp_dim = 64;
  return c;
}

// A LoRA with non-zero B, so it changes the output.
LoraAdapter random_lora(const ViTConfig& c, uint64_t seed, LoraSpec spec = {}) {
  LoraAdapter a = create_lora(c, spec, seed);
  torch::manual_seed(seed);
  for (auto& e : a.entries) e.B = torch::randn(e.B.sizes()) * 0.2;
  return a;
}

double max_abs(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

}  // namespace

LRC_TEST(create_lora_follows_the_spec) {
  auto c = tiny_config();
  LoraAdapter a = create_lora(c, {}, 7);
  CHECK_EQ(a.entries.size(), size_t(2 * c.depth));  // q and v of every block
  for (const auto& e : a.entries) {
    CHECK_EQ(e.A.size(0), 4);
    CHECK_EQ(e.A.size(1), 32);
    CHECK_EQ(e.B.size(0), 32);
    CHECK(e.B.abs().sum().item<double>() == 0.0);
    CHECK(e.A.abs().max().item<double>() <= 1.0 / std::sqrt(32.0));
    CHECK_NEAR(e.scale(), 1.0, 0);
  }
  CHECK(torch::equal(create_lora(c, {}, 7).entries[3].A, a.entries[3].A));
  CHECK(!torch::equal(create_lora(c, {}, 8).entries[3].A, a.entries[3].A));
  LoraSpec spec;
  spec.targets = {LoraTarget::Fc1, LoraTarget::Qkv};
  spec.layers = {1};
  spec.rank = 2;
  LoraAdapter b = create_lora(c, spec, 1);
  CHECK_EQ(b.entries.size(), size_t(2));
  CHECK_EQ(b.find(1, LoraTarget::Fc1)->B.size(0), 64);
  CHECK_EQ(b.find(1, LoraTarget::Qkv)->B.size(0), 96);
  spec.layers = {5};
  CHECK_THROWS_WITH(create_lora(c, spec, 1), "outside the model");
}

LRC_TEST(scale_is_alpha_over_rank_or_rslora) {
  CHECK_NEAR(lora_scale(16, 4, false), 4.0, 0);
  CHECK_NEAR(lora_scale(16, 4, true), 8.0, 0);
  CHECK_THROWS_WITH(lora_scale(1, 0, false), "rank must be positive");
}

LRC_TEST(enable_disable_and_rescale) {
  auto c = tiny_config();
  ViT m(c);
  m->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({2, 3, 16, 16});
  auto plain = m->forward(x);
  m->add_adapter("a", random_lora(c, 1));
  CHECK(max_abs(m->forward(x), plain) == 0.0);  // added, not active
  m->set_active_adapter("a");
  auto with = m->forward(x);
  CHECK(max_abs(with, plain) > 1e-3);
  m->set_lora_enabled(false);
  CHECK(max_abs(m->forward(x), plain) == 0.0);
  m->set_lora_enabled(true);
  m->set_lora_multiplier(0.0);
  CHECK(max_abs(m->forward(x), plain) < 1e-6);
  m->set_lora_multiplier(1.0);
  CHECK(max_abs(m->forward(x), with) == 0.0);
  ForwardOptions plain_opts;
  plain_opts.no_lora = true;
  CHECK(max_abs(m->forward_ex(x, plain_opts).features, plain) == 0.0);
}

LRC_TEST(merging_at_a_multiplier_equals_applying_it_live) {
  auto c = tiny_config();
  c.depth = 1;
  ViT m(c);
  m->eval();
  torch::NoGradGuard no_grad;
  LoraSpec spec;
  spec.targets = {LoraTarget::Fc2};
  m->add_adapter("a", random_lora(c, 3, spec));
  m->set_active_adapter("a");
  auto x = torch::randn({1, 3, 16, 16});
  m->set_lora_multiplier(2.0);
  auto live = m->forward(x);
  m->merge();
  CHECK(max_abs(m->forward(x), live) < 1e-5);
  m->unmerge();
}

LRC_TEST(merge_then_unmerge_restores_weights_exactly) {
  auto c = tiny_config();
  ViT m(c);
  m->eval();
  torch::NoGradGuard no_grad;
  LoraSpec spec;
  spec.targets = {LoraTarget::Q,   LoraTarget::K,   LoraTarget::V,
                  LoraTarget::Out, LoraTarget::Fc1, LoraTarget::Fc2};
  m->add_adapter("a", random_lora(c, 2, spec));
  m->set_active_adapter("a");
  auto before = m->named_parameters();
  std::map<std::string, torch::Tensor> copy;
  for (const auto& p : before) copy[p.key()] = p.value().clone();
  auto x = torch::randn({2, 3, 16, 16});
  auto live = m->forward(x);
  m->merge();
  CHECK(m->merged());
  CHECK(max_abs(m->forward(x), live) < 1e-5);
  CHECK_THROWS_WITH(m->merge(), "already merged");
  CHECK_THROWS_WITH(m->set_active_adapter(""), "unmerge");
  m->unmerge();
  for (const auto& p : m->named_parameters()) CHECK(torch::equal(p.value(), copy[p.key()]));
  CHECK(max_abs(m->forward(x), live) == 0.0);
}

LRC_TEST(several_adapters_swap_cleanly) {
  auto c = tiny_config();
  ViT m(c);
  m->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({2, 3, 16, 16});
  LoraAdapter a = random_lora(c, 10), b = random_lora(c, 11);
  m->add_adapter("a", a);
  m->add_adapter("b", b);
  CHECK_EQ(m->adapter_names().size(), size_t(2));
  m->set_active_adapter("a");
  auto fa = m->forward(x);
  m->set_active_adapter("b");
  auto fb = m->forward(x);
  CHECK(max_abs(fa, fb) > 1e-3);
  m->set_active_adapter("a");
  CHECK(max_abs(m->forward(x), fa) == 0.0);
  ForwardOptions o;
  o.adapter = &b;
  CHECK(max_abs(m->forward_ex(x, o).features, fb) ==
        0.0);  // explicit adapter overrides the active one
  CHECK_THROWS_WITH(m->set_active_adapter("c"), "no adapter named");
  m->remove_adapter("a");
  CHECK(m->active_adapter() == nullptr);
}

LRC_TEST(adapters_that_do_not_fit_are_refused) {
  auto c = tiny_config();
  ViT m(c);
  ViTConfig wide = c;
  wide.width = 48, wide.heads = 4;
  CHECK_THROWS_WITH(m->add_adapter("w", create_lora(wide, {}, 1)), "wrong base model?");
  LoraAdapter bad = create_lora(c, {}, 1);
  bad.entries[0].B = torch::zeros({32, 8});
  CHECK_THROWS_WITH(m->add_adapter("r", bad), "A has rank 4");
  ViTConfig deep = c;
  deep.depth = 5;
  CHECK_THROWS_WITH(m->add_adapter("d", create_lora(deep, {}, 1)), "the model has 3 blocks");
}

LRC_TEST(permuted_sparse_tokens_equal_dense_forward) {
  // Position embeddings are added before tokens are gathered, so feeding all patches in any
  // order must give the dense result.
  auto c = tiny_config();
  ViT m(c);
  m->eval();
  torch::NoGradGuard no_grad;
  auto x = torch::randn({2, 3, 16, 16});
  auto dense = m->forward(x);
  ForwardOptions o;
  o.keep = torch::stack({torch::randperm(16, torch::kLong), torch::randperm(16, torch::kLong)});
  CHECK(max_abs(m->forward_ex(x, o).features, dense) < 1e-5);
  o.keep = torch::zeros({2, 17}, torch::kLong);
  CHECK_THROWS_WITH(m->forward_ex(x, o), "1 ≤ K ≤ 16");
}

LRC_TEST(pruning_keeps_the_expected_token_counts) {
  CHECK_EQ(tokens_kept(10, 0.3), 7);
  CHECK_EQ(tokens_kept(196, 0.5), 98);
  CHECK_EQ(tokens_kept(3, 0.9), 1);
  auto c = tiny_config();
  ViT m(c);
  m->eval();
  torch::NoGradGuard no_grad;
  ForwardOptions o;
  o.prune = {{0, 0.5}, {2, 0.25}};
  auto out = m->forward_ex(torch::randn({2, 3, 16, 16}), o);
  CHECK_EQ(out.tokens_per_layer.size(), size_t(4));
  CHECK_EQ(out.tokens_per_layer[0], 16);
  CHECK_EQ(out.tokens_per_layer[1], 8);
  CHECK_EQ(out.tokens_per_layer[2], 8);
  CHECK_EQ(out.tokens_per_layer[3], 6);
  CHECK_EQ(out.kept.size(1), 6);
  o.prune = {{2, 0.5}, {1, 0.5}};
  CHECK_THROWS_WITH(m->forward_ex(torch::randn({1, 3, 16, 16}), o), "increasing layers");
}

LRC_TEST(wrong_pixel_shapes_are_input_errors) {
  ViT m(tiny_config());
  CHECK_THROWS_WITH(m->forward(torch::randn({1, 3, 32, 32})), "expects [B, 3, 16, 16]");
  CHECK_THROWS_WITH(m->forward(torch::randn({3, 16, 16})), "expects [B, 3, 16, 16]");
}

LRC_TEST(input_norm_makes_features_invariant_to_colour_and_contrast) {
  auto c = tiny_config();
  c.input_norm = true;
  ViT m(c);
  m->eval();
  torch::NoGradGuard no_grad;
  // A wide pixel spread, so the stabilizing epsilon added to the std is negligible.
  auto x = torch::randn({2, 3, 16, 16}) * 100;
  auto scale = torch::rand({2, 3, 1, 1}) + 0.5, shift = torch::randn({2, 3, 1, 1});
  CHECK((m->forward(x * scale + shift) - m->forward(x)).abs().max().item<double>() < 1e-3);
  ViT plain(tiny_config());
  plain->eval();
  CHECK((plain->forward(x * scale + shift) - plain->forward(x)).abs().max().item<double>() > 1e-2);
  // Sparse tokens see the same normalization (computed over the whole image first).
  ForwardOptions o;
  o.keep = torch::arange(16, torch::kLong).unsqueeze(0).expand({2, 16});
  CHECK((m->forward_ex(x, o).features - m->forward(x)).abs().max().item<double>() < 1e-5);
}

// A forward pass folds frozen adapters into the projection weights and keeps trainable ones as
// rank-r GEMMs; both paths (one adapter and a batch of groups, every target) give one answer,
// and gradients still reach a trainable adapter.
LRC_TEST(folded_and_live_adapters_give_the_same_features) {
  auto c = tiny_config();
  torch::manual_seed(3);
  ViT model(c);
  model->freeze_base();
  LoraSpec spec;
  spec.targets = {LoraTarget::Q, LoraTarget::K, LoraTarget::V, LoraTarget::Out, LoraTarget::Fc1,
                  LoraTarget::Fc2, LoraTarget::Qkv};
  LoraAdapter a = random_lora(c, 11, spec), b = random_lora(c, 12, spec);
  auto x = torch::randn({6, 3, 16, 16});
  ForwardOptions one;
  one.adapter = &a;
  ForwardOptions groups;
  groups.group_adapters = {&a, &b};
  torch::Tensor folded_one, folded_groups;
  {
    torch::NoGradGuard no_grad;  // frozen: folded
    folded_one = model->forward_ex(x, one).features;
    folded_groups = model->forward_ex(x, groups).features;
  }
  a.set_requires_grad(true);
  b.set_requires_grad(true);
  auto live_one = model->forward_ex(x, one).features;
  auto live_groups = model->forward_ex(x, groups).features;
  CHECK(max_abs(folded_one, live_one) < 1e-5);
  CHECK(max_abs(folded_groups, live_groups) < 1e-5);
  // Group g of the batch equals group g's adapter alone.
  ForwardOptions second;
  second.adapter = &b;
  CHECK(max_abs(live_groups.slice(0, 3), model->forward_ex(x.slice(0, 3), second).features) < 1e-5);
  CHECK(max_abs(folded_one, folded_groups) > 1e-3);  // the second group really differs
  live_one.sum().backward();
  CHECK(a.entries.front().B.grad().defined());
  CHECK(a.entries.front().B.grad().abs().sum().item<double>() > 0);
}
