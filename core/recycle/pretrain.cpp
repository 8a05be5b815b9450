#include "recycle/pretrain.h"

#include <chrono>
#include <cmath>

#include <torch/torch.h>

#include "fewshot/metric.h"
#include "io/error.h"
#include "jobs/adam.h"
#include "recycle/pretrain_checkpoint.h"
#include "runtime/runtime.h"

namespace lrc {

namespace F = torch::nn::functional;

ViTConfig tiny_vit_config(int image_size) {
  ViTConfig c;
  c.name = "tiny-glyph-vit";
  c.family = ModelFamily::Native;
  c.image_size = image_size;
  c.patch_size = 4;
  c.width = 128;
  c.depth = 6;
  c.heads = 4;
  c.mlp_dim = 512;
  c.activation = Activation::Gelu;
  c.ln_eps = 1e-6;
  // Per-image standardization: glyphs differ mostly by colour and contrast, which a tiny ViT
  // otherwise spends its capacity on (probe: 5-way 1-shot on held-out classes 28 % → 48 %).
  c.input_norm = true;
  return c;
}

torch::Tensor random_shift(const torch::Tensor& images, int64_t max_shift, at::Generator& gen) {
  if (max_shift <= 0) return images;
  const int64_t H = images.size(2), W = images.size(3), m = max_shift;
  auto padded = F::pad(images, F::PadFuncOptions({m, m, m, m}).mode(torch::kReplicate));
  auto offsets = torch::randint(0, 2 * m + 1, {images.size(0), 2}, gen, torch::kLong);
  auto acc = offsets.accessor<int64_t, 2>();
  std::vector<torch::Tensor> out;
  out.reserve(size_t(images.size(0)));
  for (int64_t i = 0; i < images.size(0); ++i)
    out.push_back(padded[i].slice(1, acc[i][0], acc[i][0] + H).slice(2, acc[i][1], acc[i][1] + W));
  return torch::stack(out);
}

torch::Tensor random_zoom(const torch::Tensor& images, double zoom, int64_t max_shift,
                          at::Generator& gen) {
  if (zoom <= 0) return random_shift(images, max_shift, gen);
  const int64_t n = images.size(0), H = images.size(2), W = images.size(3);
  // theta maps output to input coordinates in [-1, 1]: a scale below 1 zooms in.
  auto scale = 1.0 + zoom * (2.0 * torch::rand({n}, gen) - 1.0);
  auto shift = torch::rand({n, 2}, gen) * 2.0 - 1.0;
  auto theta = torch::zeros({n, 2, 3});
  theta.select(1, 0).select(1, 0).copy_(1.0 / scale);
  theta.select(1, 1).select(1, 1).copy_(1.0 / scale);
  theta.select(1, 0).select(1, 2).copy_(shift.select(1, 0) * (2.0 * double(max_shift) / double(W)));
  theta.select(1, 1).select(1, 2).copy_(shift.select(1, 1) * (2.0 * double(max_shift) / double(H)));
  auto x = images.to(torch::kFloat);
  auto grid = F::affine_grid(theta.to(x.device()), {n, x.size(1), H, W}, false);
  return F::grid_sample(x, grid,
                        F::GridSampleFuncOptions()
                            .mode(torch::kBilinear)
                            .padding_mode(torch::kBorder)
                            .align_corners(false));
}

namespace {

// Transformer-style initialization: N(0, 0.02) linear weights, zero biases.
void init_weights(ViTImpl& model) {
  torch::NoGradGuard no_grad;
  for (auto& item : model.named_parameters()) {
    const auto& name = item.key();
    auto& p = item.value();
    if (name.find("norm") != std::string::npos) continue;  // LayerNorms keep weight 1, bias 0
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0)
      p.zero_();
    else if (name.find("weight") != std::string::npos &&
             name.find("patch_embed") == std::string::npos)
      p.normal_(0.0, 0.02);
  }
}

double schedule(const PretrainConfig& c, int64_t step) {
  const auto warm = std::max<int64_t>(1, int64_t(double(c.steps) * c.warmup_fraction));
  if (step < warm) return c.lr * double(step + 1) / double(warm);
  const double t = double(step - warm) / double(std::max<int64_t>(1, c.steps - warm));
  return c.lr * (0.01 + 0.99 * 0.5 * (1 + std::cos(M_PI * t)));
}

double few_shot_accuracy(ViTImpl& model, const Dataset& data, int64_t episodes, uint64_t seed,
                         torch::Device device) {
  torch::NoGradGuard no_grad;
  model.eval();
  EpisodeSampler sampler(data, 5, 1, 15, seed);
  double sum = 0;
  for (int64_t i = 0; i < episodes; ++i) {
    Episode e = sampler.episode(i);
    auto fs = model.forward(data.images(e.support, model.config()).to(device));
    auto fq = model.forward(data.images(e.query, model.config()).to(device));
    auto logits = episode_logits(fs, torch::tensor(e.support_labels).to(device), 5, fq, {});
    sum += logits.argmax(1)
               .cpu()
               .eq(torch::tensor(e.query_labels))
               .to(torch::kFloat)
               .mean()
               .item<double>();
  }
  model.train();
  return episodes ? sum / double(episodes) : 0.0;
}

}  // namespace

// Cosine softmax (scale > 0) or a plain linear softmax classifier (scale 0).
torch::Tensor class_logits(const torch::Tensor& features, const torch::Tensor& classes,
                           double cosine_scale) {
  if (cosine_scale <= 0) return features.matmul(classes.t());
  auto f = F::normalize(features, F::NormalizeFuncOptions().dim(1));
  return cosine_scale * f.matmul(F::normalize(classes, F::NormalizeFuncOptions().dim(1)).t());
}

PretrainResult pretrain_vit(const Dataset& train, const PretrainConfig& c, const JobContext& ctx,
                            const Dataset* validation, bool resume) {
  NvtxRange range("pretrain");
  if (train.num_classes() < 2 || train.size() < 2)
    throw InputError("pre-training needs at least 2 classes");
  const auto start = std::chrono::steady_clock::now();
  const PrecisionScope amp = enter_precision(ctx);
  ctx.callbacks.say("loading " + std::to_string(train.size()) + " images of " +
                    std::to_string(train.num_classes()) + " classes");
  std::vector<int64_t> all(size_t(train.size()));
  std::vector<int64_t> labels(size_t(train.size()));
  for (int64_t i = 0; i < train.size(); ++i) all[size_t(i)] = i, labels[size_t(i)] = train.label(i);
  const auto images = train.images(all, c.model);
  const auto targets = torch::tensor(labels, torch::kLong);

  torch::manual_seed(derive_seed(ctx.seed, 1));
  PretrainResult r;
  r.model = ViT(c.model);
  init_weights(*r.model);
  r.model->to(ctx.device);
  r.model->train();
  auto gen = cpu_generator(derive_seed(ctx.seed, 2));
  auto classes =
      (torch::randn({train.num_classes(), int64_t(c.model.feature_dim())}, gen, torch::kFloat) *
       0.02)
          .to(ctx.device)
          .requires_grad_(true);
  auto params = r.model->parameters();
  params.push_back(classes);
  Adam adam(params, AdamOptions{c.lr, 0.9, 0.999, 1e-8, c.weight_decay});
  PretrainProgress p;
  if (resume && !c.checkpoint_path.empty() &&
      load_pretrain_checkpoint(c.checkpoint_path, *r.model, classes, adam, gen, p, c.steps)) {
    r.resumed_from = p.step;
    ctx.callbacks.say("resuming from " + c.checkpoint_path + " at step " + std::to_string(p.step));
  }
  const double seconds_before = p.seconds;
  auto elapsed = [&] {
    return seconds_before +
           std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  auto checkpoint = [&] {
    if (c.checkpoint_path.empty()) return;
    p.seconds = elapsed();
    save_pretrain_checkpoint(c.checkpoint_path, *r.model, classes, adam, gen, p, c.steps);
  };
  for (int64_t step = p.step; step < c.steps; ++step) {
    try {
      ctx.check_cancel();
    } catch (...) {
      checkpoint();  // a stopped run continues from here with resume
      throw;
    }
    adam.set_lr(schedule(c, step));
    auto idx = torch::randint(train.size(), {c.batch}, gen, torch::kLong);
    auto x = random_zoom(images.index_select(0, idx), c.zoom, c.max_shift, gen).to(ctx.device);
    auto y = targets.index_select(0, idx).to(ctx.device);
    auto logits = class_logits(r.model->forward(x), classes, c.cosine_scale);
    auto loss = F::cross_entropy(logits, y,
                                 F::CrossEntropyFuncOptions().label_smoothing(c.label_smoothing));
    adam.zero_grad();
    loss.backward();
    clip_grad_norm(params, c.clip_norm);
    adam.step();
    p.losses.push_back(loss.item<double>());
    if (step >= c.steps * 9 / 10)
      p.correct += logits.argmax(1).eq(y).sum().item<int64_t>(), p.seen += c.batch;
    ProgressEvent e{"pretrain", step + 1, c.steps, {{"loss", p.losses.back()}}, adam.lr()};
    if (validation && c.val_every > 0 && ((step + 1) % c.val_every == 0 || step + 1 == c.steps)) {
      const double acc = few_shot_accuracy(*r.model, *validation, c.val_episodes,
                                           derive_seed(ctx.seed, 3), ctx.device);
      p.validation.push_back({step + 1, acc});
      e.values.push_back({"val_5w1s", acc});
      ctx.callbacks.say("step " + std::to_string(step + 1) + ": loss " +
                        std::to_string(p.losses.back()) + ", 5-way 1-shot on held-out classes " +
                        std::to_string(acc));
    }
    p.step = step + 1;
    if (c.checkpoint_every > 0 && p.step % c.checkpoint_every == 0 && p.step < c.steps)
      checkpoint();
    ctx.callbacks.report(e);
  }
  r.losses = p.losses;
  r.validation = p.validation;
  r.model->eval();
  r.model->freeze_base();
  r.train_accuracy = p.seen ? double(p.correct) / double(p.seen) : 0.0;
  r.precision = amp.choice().effective;
  r.seconds = elapsed();
  return r;
}

PriorNet pretrain_prior(const Dataset& train, const ViTConfig& model, const PriorTrainConfig& c,
                        const JobContext& ctx, double* train_accuracy) {
  NvtxRange range("pretrain_prior");
  const PrecisionScope amp = enter_precision(ctx);
  std::vector<int64_t> all(size_t(train.size())), labels(size_t(train.size()));
  for (int64_t i = 0; i < train.size(); ++i) all[size_t(i)] = i, labels[size_t(i)] = train.label(i);
  const auto images = train.images(all, model);
  const auto targets = torch::tensor(labels, torch::kLong);
  PriorConfig pc;
  pc.num_classes = int(train.num_classes());
  pc.image_size = model.image_size;
  pc.mean = model.preprocess.mean;
  pc.std = model.preprocess.std;
  torch::manual_seed(derive_seed(ctx.seed, 5));
  PriorNet prior(pc);
  prior->to(ctx.device);
  prior->train();
  auto gen = cpu_generator(derive_seed(ctx.seed, 6));
  auto params = prior->parameters();
  Adam adam(params, AdamOptions{c.lr});
  int64_t correct = 0, seen = 0;
  for (int64_t step = 0; step < c.steps; ++step) {
    ctx.check_cancel();
    adam.set_lr(c.lr * (0.01 + 0.99 * 0.5 * (1 + std::cos(M_PI * double(step) / double(c.steps)))));
    auto idx = torch::randint(train.size(), {c.batch}, gen, torch::kLong);
    auto x = random_shift(images.index_select(0, idx), c.max_shift, gen).to(ctx.device);
    auto y = targets.index_select(0, idx).to(ctx.device);
    auto logits = prior->classify(x);
    auto loss = F::cross_entropy(logits, y);
    adam.zero_grad();
    loss.backward();
    adam.step();
    if (step >= c.steps * 9 / 10)
      correct += logits.argmax(1).eq(y).sum().item<int64_t>(), seen += c.batch;
    ctx.callbacks.report(
        {"pretrain-prior", step + 1, c.steps, {{"loss", loss.item<double>()}}, adam.lr()});
  }
  prior->eval();
  for (auto& p : prior->parameters()) p.requires_grad_(false);
  if (train_accuracy) *train_accuracy = seen ? double(correct) / double(seen) : 0.0;
  return prior;
}

}  // namespace lrc
