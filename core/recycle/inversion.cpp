#include "recycle/inversion.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include <torch/torch.h>

#include "data/pixels.h"
#include "io/error.h"
#include "jobs/adam.h"
#include "runtime/runtime.h"

namespace lrc {

namespace F = torch::nn::functional;

namespace {

constexpr const char* kStage = "invert";
// derive_seed streams, so the noise and the augmentation never share draws.
constexpr uint64_t kNoiseStream = 1;
constexpr uint64_t kAugmentStream = 2;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

Json numbers(const std::vector<double>& v) {
  Json a = Json::array();
  for (double x : v) a.push_back(Json(x));
  return a;
}

template <typename T>
Json integers(const std::vector<T>& v) {
  Json a = Json::array();
  for (T x : v) a.push_back(Json(int64_t(x)));
  return a;
}

std::vector<int64_t> to_vector(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU, torch::kLong).contiguous();
  return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

std::vector<double> to_doubles(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU, torch::kDouble).contiguous();
  return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

void validate_pruning(const InversionConfig& c, const ViTConfig& m) {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw InputError(what);
  };
  need(c.prune_layers.size() == c.prune_ratios.size(),
       std::to_string(c.prune_layers.size()) + " prune layers but " +
           std::to_string(c.prune_ratios.size()) + " prune ratios");
  std::set<int> seen;
  for (size_t i = 0; i < c.prune_layers.size(); ++i) {
    const int l = c.prune_layers[i];
    need(l >= 0 && l < m.depth, "prune layer " + std::to_string(l) +
                                    " is outside the model (layers 0–" +
                                    std::to_string(m.depth - 1) + ")");
    need(seen.insert(l).second, "prune layer " + std::to_string(l) + " is listed twice");
    need(c.prune_ratios[i] >= 0 && c.prune_ratios[i] < 1, "prune ratio " + num(c.prune_ratios[i]) +
                                                              " (layer " + std::to_string(l) +
                                                              ") is outside [0, 1)");
  }
  need(c.prune_start_fraction >= 0 && c.prune_start_fraction <= 1,
       "prune start fraction must lie in [0, 1]");
  need(c.mask_ratio >= 0 && c.mask_ratio < 1,
       "mask ratio " + num(c.mask_ratio) + " is outside [0, 1)");
}

}  // namespace

void InversionConfig::validate(const ViTConfig& model, int64_t head_classes) const {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw InputError(what);
  };
  need(iterations >= 1, "inversion needs at least 1 iteration, got " + std::to_string(iterations));
  need(lr > 0, "inversion learning rate must be positive, got " + num(lr));
  need(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && adam_eps > 0,
       "Adam betas must lie in [0, 1)");
  need(bn_weight >= 0 && tv_weight >= 0 && l2_weight >= 0, "loss weights must not be negative");
  need(jitter_fraction >= 0 && jitter_fraction <= 0.5,
       "jitter must lie in [0, 0.5] of the image size");
  need(flip_probability >= 0 && flip_probability <= 1, "flip probability must lie in [0, 1]");
  need(per_class >= 1, "images per class must be at least 1, got " + std::to_string(per_class));
  need(batch_size >= 0 && snapshot_every >= 0,
       "batch size and snapshot interval must not be negative");
  std::set<int64_t> seen;
  for (int64_t c : classes) {
    need(c >= 0 && c < head_classes, "class index " + std::to_string(c) +
                                         " is outside the adapter's head (" +
                                         std::to_string(head_classes) + " classes)");
    need(seen.insert(c).second, "class index " + std::to_string(c) + " is listed twice");
  }
  validate_pruning(*this, model);
}

std::vector<PruneStep> InversionConfig::prune_steps() const {
  std::vector<PruneStep> steps;
  for (size_t i = 0; i < prune_layers.size() && i < prune_ratios.size(); ++i)
    steps.push_back({prune_layers[i], prune_ratios[i]});
  std::sort(steps.begin(), steps.end(),
            [](const PruneStep& a, const PruneStep& b) { return a.layer < b.layer; });
  return steps;
}

Json InversionConfig::to_json() const {
  Json j = Json::object();
  j["iterations"] = iterations;
  j["lr"] = lr;
  j["betas"] = numbers({beta1, beta2});
  j["bn_weight"] = bn_weight;
  j["tv_weight"] = tv_weight;
  j["l2_weight"] = l2_weight;
  j["jitter_fraction"] = jitter_fraction;
  j["flip_probability"] = flip_probability;
  j["per_class"] = per_class;
  j["classes"] = integers(classes);
  j["batch_size"] = batch_size;
  j["prune_layers"] = integers(prune_layers);
  j["prune_ratios"] = numbers(prune_ratios);
  j["prune_start_fraction"] = prune_start_fraction;
  j["mask_ratio"] = mask_ratio;
  return j;
}

Json LossHistory::to_json() const {
  Json j = Json::object();
  j["total"] = numbers(total);
  j["ce"] = numbers(ce);
  j["prior"] = numbers(prior);
  j["tv"] = numbers(tv);
  j["l2"] = numbers(l2);
  return j;
}

namespace {

// Everything resolved from the config before the first step.
struct Plan {
  std::vector<int64_t> classes;  // head indices to synthesize, in order
  torch::Tensor targets;  // (N) int64 head indices on the CPU: the classes, per_class times over
  torch::Tensor labels;   // (N) int64 index into `classes`
  std::vector<PruneStep> prune;       // during the optimization
  std::vector<PruneStep> mask_prune;  // the final pass: `prune` + a step at the last block
  int64_t prune_from = 0;             // first iteration (within a batch) that prunes
  int64_t batch = 0;                  // images per batch
  int64_t batches = 0;
};

// The final pass prunes like the optimization and adds a step at the last block. That step
// changes no feature (only CLS reaches the head, and the MLP after it works per token) but it
// ranks the survivors by the last layer's attention and applies the extra mask ratio. A pruning
// step already at the last block is merged with it: keeping the top k of one score after
// dropping the bottom of the same score is one step with the combined ratio.
std::vector<PruneStep> mask_steps(const ViTConfig& m, std::vector<PruneStep> steps,
                                  double mask_ratio) {
  const int last = m.depth - 1;
  int64_t n = m.num_patches();
  for (const auto& s : steps)
    if (s.layer < last) n = tokens_kept(n, s.ratio);
  int64_t keep = n;
  if (!steps.empty() && steps.back().layer == last) {
    keep = tokens_kept(n, steps.back().ratio);
    steps.pop_back();
  }
  keep = tokens_kept(keep, mask_ratio);
  steps.push_back({last, double(n - keep) / double(n)});  // tokens_kept(n, (n − keep) / n) == keep
  return steps;
}

Plan make_plan(const ViTConfig& m, int64_t head_classes, const InversionConfig& c) {
  Plan p;
  p.classes = c.classes;
  if (p.classes.empty())
    for (int64_t i = 0; i < head_classes; ++i) p.classes.push_back(i);
  const auto num_classes = int64_t(p.classes.size());
  // Classes interleaved (0, 1, …, 0, 1, …), so every batch mixes classes like the reference's
  // tasks.
  p.targets = torch::tensor(p.classes, torch::kLong).repeat({c.per_class});
  p.labels = torch::arange(num_classes, torch::kLong).repeat({c.per_class});
  const int64_t n = p.targets.size(0);
  p.batch = c.batch_size > 0 ? std::min(c.batch_size, n) : n;
  p.batches = (n + p.batch - 1) / p.batch;
  p.prune = c.prune_steps();
  p.prune_from = int64_t(std::floor(c.prune_start_fraction * double(c.iterations)));
  p.mask_prune = mask_steps(m, p.prune, c.mask_ratio);
  return p;
}

struct LossTerms {
  torch::Tensor total, ce, prior, tv, l2;
};

// Anisotropic total variation, averaged so its weight does not depend on the image size.
torch::Tensor total_variation(const torch::Tensor& x) {
  auto dh = (x.slice(2, 1) - x.slice(2, 0, -1)).abs().mean();
  auto dw = (x.slice(3, 1) - x.slice(3, 0, -1)).abs().mean();
  return dh + dw;
}

// ‖x‖₂ per image, averaged over the batch.
torch::Tensor mean_l2(const torch::Tensor& x) {
  return x.flatten(1).norm(2, /*dim=*/1).mean();
}

// (B, P) uint8: 1 at the kept patch indices.
torch::Tensor mask_from_kept(const torch::Tensor& kept, int64_t patches) {
  return torch::zeros({kept.size(0), patches}, kept.options().dtype(torch::kUInt8))
      .scatter_(1, kept, torch::ones_like(kept, kept.options().dtype(torch::kUInt8)));
}

// All patches, most important first: the last step's full ranking (its survivors, then what it
// dropped), then what each earlier step dropped, latest step first.
torch::Tensor patch_ranking(const std::vector<torch::Tensor>& order,
                            const std::vector<PruneStep>& steps) {
  std::vector<torch::Tensor> parts{order.back()};
  for (size_t s = order.size() - 1; s-- > 0;)
    parts.push_back(order[s].slice(1, tokens_kept(order[s].size(1), steps[s].ratio)));
  return torch::cat(parts, /*dim=*/1);
}

struct FinalPass {
  torch::Tensor mask, rank, confidence, correct;  // CPU
  std::vector<int64_t> tokens_per_layer;
};

class Inverter {
 public:
  Inverter(ViTImpl& model, const LoraAdapter& teacher, const PriorNetImpl* prior,
           const InversionConfig& config, const JobContext& ctx)
      : model_(model), prior_(prior), cfg_(config), ctx_(ctx), pre_(model.config().preprocess) {
    teacher_ = teacher.to(model.device());
    plan_ = make_plan(model.config(), teacher.head.weight.size(0), config);
    auto o = torch::TensorOptions().dtype(torch::kFloat).device(model.device());
    lo_ = normalized_min(pre_, o);
    hi_ = normalized_max(pre_, o);
  }

  InversionResult run();

 private:
  ForwardOutput forward(const torch::Tensor& x, const std::vector<PruneStep>* prune);
  torch::Tensor logits(const ForwardOutput& o) const {
    return ViTImpl::head_logits(o.features, teacher_);
  }
  torch::Tensor initial_noise(int64_t batch_index, int64_t n) const;
  torch::Tensor augment(const torch::Tensor& x, int64_t step) const;
  LossTerms loss_terms(const torch::Tensor& x, const torch::Tensor& y, int64_t step, bool pruning);
  torch::Tensor optimize_batch(int64_t batch_index, const torch::Tensor& y);
  void record(int64_t step, const torch::Tensor& values);
  void live_snapshot(int64_t step, const torch::Tensor& x, const torch::Tensor& y, bool pruning);
  FinalPass final_pass(const torch::Tensor& pixels);
  void final_snapshot(const SurrogatePool& pool, const FinalPass& f);
  SurrogatePool make_pool(const torch::Tensor& pixels, const FinalPass& f, double seconds) const;

  ViTImpl& model_;
  LoraAdapter teacher_;  // on the model's device
  const PriorNetImpl* prior_;
  const InversionConfig& cfg_;
  const JobContext& ctx_;
  const Preprocess& pre_;
  Plan plan_;
  torch::Tensor lo_, hi_;  // (1, 3, 1, 1) normalized values of de-normalized 0 and 1
  LossHistory history_;
  Precision precision_ = Precision::Fp32;  // what run() computes in
};

ForwardOutput Inverter::forward(const torch::Tensor& x, const std::vector<PruneStep>* prune) {
  ForwardOptions o;
  o.adapter = &teacher_;
  if (prune) o.prune = *prune;
  return model_.forward_ex(x, o);
}

torch::Tensor Inverter::initial_noise(int64_t batch_index, int64_t n) const {
  const int64_t s = model_.config().image_size;
  auto gen = cpu_generator(derive_seed(ctx_.seed, kNoiseStream, uint64_t(batch_index)));
  auto x = torch::randn({n, 3, s, s}, gen, torch::kFloat).to(model_.device());
  // Clamped like every later iterate, so whichever x ends up the result is a valid image.
  return torch::max(torch::min(x, hi_), lo_).requires_grad_(true);
}

torch::Tensor Inverter::augment(const torch::Tensor& x, int64_t step) const {
  auto gen = cpu_generator(derive_seed(ctx_.seed, kAugmentStream, uint64_t(step)));
  const auto lim_h = int64_t(cfg_.jitter_fraction * double(x.size(2)));
  const auto lim_w = int64_t(cfg_.jitter_fraction * double(x.size(3)));
  const auto dh = torch::randint(-lim_h, lim_h + 1, {1}, gen).item<int64_t>();
  const auto dw = torch::randint(-lim_w, lim_w + 1, {1}, gen).item<int64_t>();
  const bool flip = torch::rand({1}, gen).item<double>() < cfg_.flip_probability;
  auto y = torch::roll(x, {dh, dw}, {/*H=*/2, /*W=*/3});
  return flip ? y.flip({/*W=*/3}) : y;
}

LossTerms Inverter::loss_terms(const torch::Tensor& x, const torch::Tensor& y, int64_t step,
                               bool pruning) {
  auto xa = augment(x, step);
  LossTerms t;
  t.ce = F::cross_entropy(logits(forward(xa, pruning ? &plan_.prune : nullptr)), y);
  t.prior = prior_ ? bn_statistics_loss(*prior_, to_prior_input(xa, pre_, prior_->config()))
                   : torch::zeros({}, x.options().requires_grad(false));
  // Terms with weight 0 are only recorded, not differentiated.
  t.tv = total_variation(cfg_.tv_weight > 0 ? x : x.detach());
  t.l2 = mean_l2(cfg_.l2_weight > 0 ? x : x.detach());
  t.total = t.ce + cfg_.bn_weight * t.prior + cfg_.tv_weight * t.tv + cfg_.l2_weight * t.l2;
  return t;
}

torch::Tensor Inverter::optimize_batch(int64_t batch_index, const torch::Tensor& y) {
  NvtxRange range("invert.optimize");
  auto x = initial_noise(batch_index, y.size(0));
  Adam adam({x}, AdamOptions{cfg_.lr, cfg_.beta1, cfg_.beta2, cfg_.adam_eps});
  torch::Tensor best = x.detach().clone();
  double best_loss = std::numeric_limits<double>::infinity();
  for (int64_t it = 0; it < cfg_.iterations; ++it) {
    ctx_.check_cancel();
    const int64_t step = batch_index * cfg_.iterations + it;
    const bool pruning = !plan_.prune.empty() && it >= plan_.prune_from;
    LossTerms t = loss_terms(x, y, step, pruning);
    // One device→host copy per step for all five numbers.
    auto values =
        torch::stack({t.total, t.ce, t.prior, t.tv, t.l2}).detach().to(torch::kCPU, torch::kDouble);
    // The reference keeps the whole batch at its lowest total loss (x as it was scored).
    if (values[0].item<double>() < best_loss) {
      best_loss = values[0].item<double>();
      best = x.detach().clone();
    }
    x.mutable_grad() =
        torch::autograd::grad({t.total}, {x})[0];  // no gradients for the frozen model
    adam.step();
    {
      torch::NoGradGuard no_grad;
      x.copy_(torch::max(torch::min(x, hi_), lo_));
    }
    record(step + 1, values);
    if (cfg_.snapshot_every > 0 && (it + 1) % cfg_.snapshot_every == 0)
      live_snapshot(step + 1, x.detach(), y, pruning);
  }
  return best;
}

void Inverter::record(int64_t step, const torch::Tensor& values) {
  auto v = to_doubles(values);
  history_.total.push_back(v[0]);
  history_.ce.push_back(v[1]);
  history_.prior.push_back(v[2]);
  history_.tv.push_back(v[3]);
  history_.l2.push_back(v[4]);
  ProgressEvent e;
  e.stage = kStage;
  e.step = step;
  e.total = plan_.batches * cfg_.iterations;
  e.values = {{"total", v[0]}, {"ce", v[1]}, {"prior", v[2]}, {"tv", v[3]}};
  if (cfg_.l2_weight > 0) e.values.push_back({"l2", v[4]});
  e.lr = cfg_.lr;
  ctx_.callbacks.report(e);
}

void Inverter::live_snapshot(int64_t step, const torch::Tensor& x, const torch::Tensor& y,
                             bool pruning) {
  if (!ctx_.callbacks.snapshot) return;
  torch::NoGradGuard no_grad;
  auto out = forward(x, pruning ? &plan_.prune : nullptr);
  auto probs = torch::softmax(logits(out), /*dim=*/1);
  Snapshot s;
  s.stage = kStage;
  s.step = step;
  s.images = denormalize_to_u8(x, pre_);
  const int64_t grid = model_.config().grid();
  if (pruning) s.masks = mask_from_kept(out.kept, grid * grid).view({-1, grid, grid}).cpu();
  s.labels = to_vector(y);
  s.confidence = to_doubles(probs.gather(1, y.unsqueeze(1)).squeeze(1));
  s.tokens_per_layer = out.tokens_per_layer;
  ctx_.callbacks.show(s);
}

FinalPass Inverter::final_pass(const torch::Tensor& pixels) {
  NvtxRange range("invert.mask");
  torch::NoGradGuard no_grad;
  const int64_t patches = model_.config().num_patches();
  std::vector<torch::Tensor> mask, rank, conf, correct;
  FinalPass f;
  for (int64_t i = 0; i < pixels.size(0); i += plan_.batch) {
    auto x = pixels.slice(0, i, i + plan_.batch).to(model_.device());
    auto y = plan_.targets.slice(0, i, i + plan_.batch).to(model_.device());
    auto out = forward(x, &plan_.mask_prune);
    auto probs = torch::softmax(logits(out), /*dim=*/1);
    mask.push_back(mask_from_kept(out.kept, patches).cpu());
    rank.push_back(patch_ranking(out.prune_order, plan_.mask_prune).cpu());
    conf.push_back(probs.gather(1, y.unsqueeze(1)).squeeze(1).cpu());
    correct.push_back(probs.argmax(/*dim=*/1).eq(y).cpu());
    f.tokens_per_layer = out.tokens_per_layer;
  }
  f.mask = torch::cat(mask);
  f.rank = torch::cat(rank);
  f.confidence = torch::cat(conf);
  f.correct = torch::cat(correct);
  return f;
}

void Inverter::final_snapshot(const SurrogatePool& pool, const FinalPass& f) {
  if (!ctx_.callbacks.snapshot) return;
  Snapshot s;
  s.stage = kStage;
  s.step = plan_.batches * cfg_.iterations;
  s.images = denormalize_to_u8(pool.pixels, pre_);
  const int64_t grid = model_.config().grid();
  if (!plan_.prune.empty() || cfg_.mask_ratio > 0) s.masks = pool.mask.view({-1, grid, grid});
  s.labels = to_vector(plan_.targets);
  s.confidence = to_doubles(pool.confidence);
  s.tokens_per_layer = f.tokens_per_layer;
  ctx_.callbacks.show(s);
}

SurrogatePool Inverter::make_pool(const torch::Tensor& pixels, const FinalPass& f,
                                  double seconds) const {
  SurrogatePool p;
  p.adapter_name = teacher_.info.name;
  const auto& names = teacher_.info.classes;
  const bool named = int64_t(names.size()) == teacher_.head.weight.size(0);
  for (int64_t c : plan_.classes)
    p.class_names.push_back(named ? names[size_t(c)] : "class_" + std::to_string(c));
  p.pixels = pixels;
  p.labels = plan_.labels.clone();
  p.patch_rank = f.rank;
  p.mask = f.mask;
  p.confidence = f.confidence.to(torch::kFloat);
  p.teacher_accuracy = f.correct.to(torch::kDouble).mean().item<double>();
  Json info = Json::object();
  info["head_classes"] = integers(plan_.classes);
  info["preprocess"] = Json::object();
  info["preprocess"]["mean"] = numbers({pre_.mean[0], pre_.mean[1], pre_.mean[2]});
  info["preprocess"]["std"] = numbers({pre_.std[0], pre_.std[1], pre_.std[2]});
  info["settings"] = cfg_.to_json();
  info["seed"] = ctx_.seed;
  info["precision"] = precision_name(precision_);
  info["prior"] = prior_ != nullptr;
  info["tokens_per_layer"] = integers(f.tokens_per_layer);
  info["seconds"] = seconds;
  info["losses"] = history_.to_json();
  p.info = std::move(info);
  return p;
}

InversionResult Inverter::run() {
  NvtxRange range("invert");
  const auto start = std::chrono::steady_clock::now();
  const PrecisionScope amp = enter_precision(ctx_);
  precision_ = amp.choice().effective;
  std::vector<torch::Tensor> results;
  for (int64_t b = 0; b < plan_.batches; ++b) {
    auto y = plan_.targets.slice(0, b * plan_.batch, (b + 1) * plan_.batch).to(model_.device());
    results.push_back(optimize_batch(b, y).cpu());
  }
  auto pixels = torch::cat(results);
  FinalPass f = final_pass(pixels);
  InversionResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.pool = make_pool(pixels, f, r.seconds);
  r.losses = history_;
  r.teacher_accuracy = r.pool.teacher_accuracy;
  final_snapshot(r.pool, f);
  return r;
}

void check_device(ViTImpl& model, const JobContext& ctx) {
  const auto d = model.device();
  if (d.type() != ctx.device.type() || (ctx.device.has_index() && d.index() != ctx.device.index()))
    throw InputError("the model is on " + d.str() + " but the inversion was asked to run on " +
                     ctx.device.str());
}

}  // namespace

InversionResult invert(ViTImpl& model, const LoraAdapter& teacher, const PriorNet* prior,
                       const InversionConfig& config, const JobContext& ctx) {
  if (!teacher.head.defined())
    throw InputError("adapter \"" + teacher.info.name +
                     "\" has no classification head; invert needs a pre-tuned LoRA with its head");
  check_adapter_fits(teacher, model.config(),
                     teacher.info.name.empty() ? "teacher" : teacher.info.name);
  config.validate(model.config(), teacher.head.weight.size(0));
  check_device(model, ctx);
  const PriorNetImpl* prior_impl = prior && !prior->is_empty() ? prior->get() : nullptr;
  return Inverter(model, teacher, prior_impl, config, ctx).run();
}

}  // namespace lrc
