// The BatchNorm naturalness prior: registered names, R_bn against an independent computation of
// every layer's batch statistics, zero loss when batch and running statistics agree, eval-mode
// behaviour, save/load round trip and the input conversion.
#include <cmath>

#include <torch/torch.h>

#include "harness.h"
#include "io/error.h"
#include "io/safetensors.h"
#include "recycle/bn_prior.h"

using namespace lrc;

namespace {

PriorConfig small_config() {
  PriorConfig c;
  c.channels = {4, 8};
  c.blocks_per_stage = 2;
  c.num_classes = 3;
  c.image_size = 8;
  return c;
}

// Random BN affine parameters and running statistics, so nothing is at its default.
void randomize(PriorNetImpl& p, uint64_t seed) {
  torch::NoGradGuard no_grad;
  torch::manual_seed(seed);
  for (auto& item : p.named_parameters())
    item.value().copy_(torch::randn(item.value().sizes()) * 0.5);
  for (auto& item : p.named_buffers()) {
    const auto& k = item.key();
    if (k.find("running_mean") != std::string::npos)
      item.value().copy_(torch::randn(item.value().sizes()));
    if (k.find("running_var") != std::string::npos)
      item.value().copy_(torch::rand(item.value().sizes()) + 0.5);
  }
}

struct ManualLayer {
  torch::Tensor mean, var;  // batch statistics of the BN input
  double loss = 0;
};

// The prior's forward in plain ops: conv, batch statistics by explicit sums, BN with the running
// statistics, ReLU. Returns one entry per BN layer.
std::vector<ManualLayer> manual_forward(PriorNetImpl& p, torch::Tensor h) {
  std::vector<ManualLayer> layers;
  const auto& cfg = p.config();
  size_t i = 0;
  for (size_t s = 0; s < cfg.channels.size(); ++s) {
    for (int b = 0; b < cfg.blocks_per_stage; ++b, ++i) {
      auto blk = p.blocks->ptr<ConvBnImpl>(i);
      const int64_t stride = (s > 0 && b == 0) ? 2 : 1;
      h = torch::conv2d(h, blk->conv->weight, {}, stride, /*padding=*/1);
      const int64_t C = h.size(1);
      auto flat = h.transpose(0, 1).reshape({C, -1});  // (C, B·H·W)
      const double n = double(flat.size(1));
      ManualLayer l;
      l.mean = flat.sum(1) / n;
      l.var = (flat - l.mean.unsqueeze(1)).pow(2).sum(1) / n;  // biased
      auto rm = blk->bn->running_mean, rv = blk->bn->running_var;
      l.loss = (l.mean - rm).pow(2).sum().sqrt().item<double>() +
               (l.var - rv).pow(2).sum().sqrt().item<double>();
      layers.push_back(l);
      auto norm = (h - rm.view({1, C, 1, 1})) / (rv.view({1, C, 1, 1}) + cfg.bn_eps).sqrt();
      h = torch::relu(norm * blk->bn->weight.view({1, C, 1, 1}) + blk->bn->bias.view({1, C, 1, 1}));
    }
  }
  return layers;
}

}  // namespace

LRC_TEST(registered_names_are_checkpoint_keys) {
  PriorNet p(small_config());
  auto params = p->named_parameters();
  auto buffers = p->named_buffers();
  CHECK_EQ(p->num_bn_layers(), 4);
  for (int i = 0; i < 4; ++i) {
    const std::string b = "blocks." + std::to_string(i) + ".";
    CHECK(params.contains(b + "conv.weight"));
    CHECK(!params.contains(b + "conv.bias"));
    CHECK(params.contains(b + "bn.weight"));
    CHECK(params.contains(b + "bn.bias"));
    CHECK(buffers.contains(b + "bn.running_mean"));
    CHECK(buffers.contains(b + "bn.running_var"));
  }
  CHECK(params.contains("fc.weight") && params.contains("fc.bias"));
  CHECK_EQ(params.size(), size_t(4 * 3 + 2));
  CHECK_EQ(params["blocks.2.conv.weight"].size(1), 4);  // stage 2 starts from 4 channels
  CHECK_EQ(params["fc.weight"].size(0), 3);
}

LRC_TEST(loss_matches_independent_batch_statistics) {
  PriorNet p(small_config());
  randomize(*p, 3);
  p->eval();
  torch::manual_seed(4);
  auto x = torch::randn({3, 3, 8, 8});
  auto layers = manual_forward(*p, x);
  double expected = 0;
  for (const auto& l : layers) expected += l.loss;
  auto fw = p->forward_with_stats(x);
  CHECK_EQ(fw.stats.size(), size_t(4));
  for (size_t i = 0; i < layers.size(); ++i) {
    CHECK(torch::allclose(fw.stats[i].mean, layers[i].mean, 1e-5, 1e-5));
    CHECK(torch::allclose(fw.stats[i].var, layers[i].var, 1e-5, 1e-5));
  }
  CHECK_NEAR(bn_statistics_loss(*p, x).item<double>(), expected, 1e-4 * expected);
  CHECK(expected > 1.0);
}

LRC_TEST(loss_is_zero_when_batch_statistics_equal_running_ones) {
  PriorNet p(small_config());
  randomize(*p, 5);
  torch::manual_seed(6);
  auto x = torch::randn({4, 3, 8, 8});
  // Layer by layer: layer l's input depends on the running statistics of layers < l, so set
  // them in order from the independent computation.
  for (int64_t l = 0; l < p->num_bn_layers(); ++l) {
    auto layers = manual_forward(*p, x);
    torch::NoGradGuard no_grad;
    auto bn = p->blocks->ptr<ConvBnImpl>(size_t(l))->bn;
    bn->running_mean.copy_(layers[size_t(l)].mean);
    bn->running_var.copy_(layers[size_t(l)].var);
  }
  CHECK_NEAR(bn_statistics_loss(*p, x).item<double>(), 0.0, 1e-4);
  // Another batch has other statistics.
  CHECK(bn_statistics_loss(*p, torch::randn({4, 3, 8, 8}) * 2).item<double>() > 0.1);
}

LRC_TEST(statistics_loss_never_updates_running_stats_and_has_gradients) {
  PriorNet p(small_config());
  randomize(*p, 7);
  p->train();  // even in train mode R_bn must use, not update, the running statistics
  std::vector<torch::Tensor> before;
  for (const auto& b : p->buffers()) before.push_back(b.clone());
  auto x = torch::randn({2, 3, 8, 8}).requires_grad_(true);
  auto loss = bn_statistics_loss(*p, x);
  loss.backward();
  size_t i = 0;
  for (const auto& b : p->buffers()) CHECK(torch::equal(b, before[i++]));
  CHECK(x.grad().defined() && x.grad().abs().sum().item<double>() > 0);
  // classify() in train mode does update them (it is what a training loop calls).
  p->classify(torch::randn({2, 3, 8, 8}));
  CHECK(!torch::equal(p->blocks->ptr<ConvBnImpl>(0)->bn->running_mean, before[0]));
  CHECK_EQ(p->classify(torch::randn({5, 3, 8, 8})).size(1), 3);
}

LRC_TEST(save_load_round_trip_is_bit_exact) {
  PriorConfig c = small_config();
  c.mean = {0.1f, 0.2f, 0.3f};
  c.image_size = 12;
  PriorNet p(c);
  randomize(*p, 8);
  const std::string path = test::scratch_dir() + "/prior.safetensors";
  save_prior(*p, path);
  PriorNet q = load_prior(path);
  CHECK(!q->is_training());
  CHECK(q->config().to_json() == c.to_json());
  auto pp = p->named_parameters(), qp = q->named_parameters();
  for (const auto& item : pp) CHECK(torch::equal(item.value(), qp[item.key()]));
  auto pb = p->named_buffers(), qb = q->named_buffers();
  for (const auto& item : pb) CHECK(torch::equal(item.value(), qb[item.key()]));
  auto x = torch::randn({2, 3, 12, 12});
  CHECK(torch::equal(bn_statistics_loss(*p, x), bn_statistics_loss(*q, x)));
  SafetensorsFile f(path);
  CHECK(f.metadata_value("lrc").find("\"format\":\"lrc-prior\"") != std::string::npos);
}

LRC_TEST(bad_prior_files_are_input_errors) {
  const std::string dir = test::scratch_dir();
  save_safetensors(dir + "/plain.safetensors", {{"x", torch::zeros({2})}});
  CHECK_THROWS_WITH(load_prior(dir + "/plain.safetensors"), "lrc-prior");
  PriorNet p(small_config());
  std::vector<NamedTensor> tensors;
  for (const auto& item : p->named_parameters())
    if (item.key() != "fc.bias") tensors.push_back({item.key(), item.value()});
  for (const auto& item : p->named_buffers()) tensors.push_back({item.key(), item.value()});
  const std::string meta =
      "{\"format\":\"lrc-prior\",\"version\":1,\"config\":" + small_config().to_json().dump() + "}";
  save_safetensors(dir + "/missing.safetensors", tensors, {{"lrc", meta}});
  CHECK_THROWS_WITH(load_prior(dir + "/missing.safetensors"), "missing tensor \"fc.bias\"");
  tensors.push_back({"fc.bias", torch::zeros({7})});
  save_safetensors(dir + "/shape.safetensors", tensors, {{"lrc", meta}});
  CHECK_THROWS_WITH(load_prior(dir + "/shape.safetensors"), "\"fc.bias\" has shape");
}

LRC_TEST(prior_input_converts_normalization_and_size) {
  PriorConfig c = small_config();
  Preprocess same;
  same.mean = c.mean, same.std = c.std;
  auto x = torch::randn({2, 3, 8, 8});
  CHECK(torch::equal(to_prior_input(x, same, c), x));
  Preprocess clip;
  clip.mean = {0.48145466f, 0.4578275f, 0.40821073f};
  clip.std = {0.26862954f, 0.26130258f, 0.27577711f};
  auto y = to_prior_input(x, clip, c);
  // Both de-normalize to the same [0, 1] pixels.
  auto unit_x = x * torch::tensor({clip.std[0], clip.std[1], clip.std[2]}).view({1, 3, 1, 1}) +
                torch::tensor({clip.mean[0], clip.mean[1], clip.mean[2]}).view({1, 3, 1, 1});
  CHECK(torch::allclose(y * 0.5 + 0.5, unit_x, 1e-5, 1e-5));
  CHECK(to_prior_input(torch::randn({1, 3, 16, 16}), same, c).sizes() ==
        torch::IntArrayRef({1, 3, 8, 8}));
}

// The statistics' hand-written backward against autograd through the textbook formulas, for one
// group and for two groups of samples.
LRC_TEST(statistics_loss_gradients_match_autograd_through_the_formulas) {
  PriorNet p(small_config());
  randomize(*p, 9);
  p->eval();
  torch::manual_seed(10);
  const auto x0 = torch::randn({4, 3, 8, 8});
  auto reference = [&](const torch::Tensor& x, int64_t groups) {
    torch::Tensor loss = torch::zeros({}), h = x;
    const auto& cfg = p->config();
    size_t i = 0;
    for (size_t s = 0; s < cfg.channels.size(); ++s)
      for (int b = 0; b < cfg.blocks_per_stage; ++b, ++i) {
        auto blk = p->blocks->ptr<ConvBnImpl>(i);
        h = torch::conv2d(h, blk->conv->weight, {}, (s > 0 && b == 0) ? 2 : 1, /*padding=*/1);
        const int64_t C = h.size(1);
        for (const auto& part : h.chunk(groups, 0)) {
          auto flat = part.transpose(0, 1).reshape({C, -1});
          auto mean = flat.mean(1), var = (flat - mean.unsqueeze(1)).pow(2).mean(1);
          loss = loss + (mean - blk->bn->running_mean).pow(2).sum().sqrt() +
                 (var - blk->bn->running_var).pow(2).sum().sqrt();
        }
        auto rm = blk->bn->running_mean.view({1, C, 1, 1}), rv = blk->bn->running_var.view({1, C, 1, 1});
        h = torch::relu((h - rm) / (rv + cfg.bn_eps).sqrt() * blk->bn->weight.view({1, C, 1, 1}) +
                        blk->bn->bias.view({1, C, 1, 1}));
      }
    return loss;
  };
  for (int64_t groups : {1, 2}) {
    auto a = x0.clone().requires_grad_(true), b = x0.clone().requires_grad_(true);
    const auto ours = bn_statistics_losses(*p, a, groups).sum();
    const auto theirs = reference(b, groups);
    CHECK_NEAR(ours.item<double>(), theirs.item<double>(), 1e-4 * theirs.item<double>());
    ours.backward();
    theirs.backward();
    const double scale = b.grad().abs().max().item<double>();
    CHECK(scale > 0);
    CHECK((a.grad() - b.grad()).abs().max().item<double>() < 1e-4 * scale);
  }
}
