#include "recycle/inversion.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
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

// What one adapter being inverted owns: its teacher, plan, seed and loss history. A batched run
// optimizes several members' images in one forward pass (ForwardOptions::group_adapters); every
// loss term is computed per member, so each member's gradient, Adam step and "best" choice are
// what a run of it alone would give.
struct Member {
  LoraAdapter teacher;  // on the model's device
  Plan plan;
  uint64_t seed = 0;
  LossHistory history;
};

class Inverter {
 public:
  Inverter(ViTImpl& model, const std::vector<const LoraAdapter*>& teachers,
           const std::vector<uint64_t>& seeds, const PriorNetImpl* prior,
           const InversionConfig& config, const JobContext& ctx)
      : model_(model), prior_(prior), cfg_(config), ctx_(ctx), pre_(model.config().preprocess) {
    for (size_t g = 0; g < teachers.size(); ++g) {
      Member m;
      m.teacher = teachers[g]->to(model.device());
      m.plan = make_plan(model.config(), teachers[g]->head.weight.size(0), config);
      m.seed = seeds[g];
      members_.push_back(std::move(m));
    }
    for (const auto& m : members_) heads_.push_back(&m.teacher);
    auto o = torch::TensorOptions().dtype(torch::kFloat).device(model.device());
    lo_ = normalized_min(pre_, o);
    hi_ = normalized_max(pre_, o);
  }

  std::vector<InversionResult> run();

 private:
  int64_t groups() const { return int64_t(members_.size()); }
  const Plan& plan() const { return members_.front().plan; }  // the same shape for every member
  ForwardOutput forward(const torch::Tensor& x, const std::vector<PruneStep>* prune) {
    ForwardOptions o;
    o.group_adapters = heads_;
    if (prune) o.prune = *prune;
    return model_.forward_ex(x, o);
  }
  torch::Tensor logits(const ForwardOutput& o) const {
    return ViTImpl::head_logits(o.features, heads_);
  }
  // Mean over each member's run of the batch: (B) → (G).
  torch::Tensor per_member(const torch::Tensor& v) const { return v.view({groups(), -1}).mean(1); }
  torch::Tensor initial_noise(int64_t batch_index, int64_t n) const;
  torch::Tensor augment(const torch::Tensor& x, int64_t step) const;
  LossTerms loss_terms(const torch::Tensor& x, const torch::Tensor& y, int64_t step, bool pruning);
  torch::Tensor optimize_batch(int64_t batch_index, const torch::Tensor& y);
  void record(int64_t step, const torch::Tensor& values);
  void live_snapshot(int64_t step, const torch::Tensor& x, const torch::Tensor& y, bool pruning);
  FinalPass final_pass(const Member& m, const torch::Tensor& pixels);
  void final_snapshot(const Member& m, const SurrogatePool& pool, const FinalPass& f);
  SurrogatePool make_pool(const Member& m, const torch::Tensor& pixels, const FinalPass& f,
                          double seconds) const;

  ViTImpl& model_;
  std::vector<Member> members_;
  std::vector<const LoraAdapter*> heads_;  // the members' teachers, in batch order
  const PriorNetImpl* prior_;
  const InversionConfig& cfg_;
  const JobContext& ctx_;
  const Preprocess& pre_;
  torch::Tensor lo_, hi_;  // (1, 3, 1, 1) normalized values of de-normalized 0 and 1
  Precision precision_ = Precision::Fp32;  // what run() computes in
  // Iterations run over all batches; whether a "stop and keep" request ended the run early.
  int64_t steps_done_ = 0;
  bool stopped_early_ = false;
};

torch::Tensor Inverter::initial_noise(int64_t batch_index, int64_t n) const {
  const int64_t s = model_.config().image_size;
  std::vector<torch::Tensor> parts;
  for (const auto& m : members_) {
    auto gen = cpu_generator(derive_seed(m.seed, kNoiseStream, uint64_t(batch_index)));
    parts.push_back(torch::randn({n, 3, s, s}, gen, torch::kFloat));
  }
  auto x = torch::cat(parts).to(model_.device());
  // Clamped like every later iterate, so whichever x ends up the result is a valid image.
  return torch::max(torch::min(x, hi_), lo_).requires_grad_(true);
}

// Each member draws its own roll and flip from its own stream, as a run of it alone would.
torch::Tensor Inverter::augment(const torch::Tensor& x, int64_t step) const {
  const auto lim_h = int64_t(cfg_.jitter_fraction * double(x.size(2)));
  const auto lim_w = int64_t(cfg_.jitter_fraction * double(x.size(3)));
  if (lim_h == 0 && lim_w == 0 && cfg_.flip_probability <= 0) return x;
  const auto runs = x.chunk(groups());
  std::vector<torch::Tensor> out;
  for (size_t g = 0; g < members_.size(); ++g) {
    auto gen = cpu_generator(derive_seed(members_[g].seed, kAugmentStream, uint64_t(step)));
    const auto dh = torch::randint(-lim_h, lim_h + 1, {1}, gen).item<int64_t>();
    const auto dw = torch::randint(-lim_w, lim_w + 1, {1}, gen).item<int64_t>();
    const bool flip = torch::rand({1}, gen).item<double>() < cfg_.flip_probability;
    auto y = torch::roll(runs[g], {dh, dw}, {/*H=*/2, /*W=*/3});
    out.push_back(flip ? y.flip({/*W=*/3}) : y);
  }
  return members_.size() == 1 ? out[0] : torch::cat(out);
}

// Anisotropic total variation per image (the mean of its absolute neighbour differences).
torch::Tensor total_variation_per_image(const torch::Tensor& x) {
  auto dh = (x.slice(2, 1) - x.slice(2, 0, -1)).abs().mean({1, 2, 3});
  auto dw = (x.slice(3, 1) - x.slice(3, 0, -1)).abs().mean({1, 2, 3});
  return dh + dw;
}

// Every term is a (G) vector, one entry per member; the members' totals are summed for the
// gradient, which leaves each member's own gradient unchanged.
LossTerms Inverter::loss_terms(const torch::Tensor& x, const torch::Tensor& y, int64_t step,
                               bool pruning) {
  auto xa = augment(x, step);
  LossTerms t;
  const auto ce = F::cross_entropy(logits(forward(xa, pruning ? &plan().prune : nullptr)), y,
                                   F::CrossEntropyFuncOptions().reduction(torch::kNone));
  t.ce = per_member(ce);
  t.prior =
      prior_ ? bn_statistics_losses(*prior_, to_prior_input(xa, pre_, prior_->config()), groups())
             : torch::zeros({groups()}, x.options().requires_grad(false));
  // Terms with weight 0 are only recorded, not differentiated.
  t.tv = per_member(total_variation_per_image(cfg_.tv_weight > 0 ? x : x.detach()));
  t.l2 = per_member((cfg_.l2_weight > 0 ? x : x.detach()).flatten(1).norm(2, /*dim=*/1));
  t.total = t.ce + cfg_.bn_weight * t.prior + cfg_.tv_weight * t.tv + cfg_.l2_weight * t.l2;
  return t;
}

torch::Tensor Inverter::optimize_batch(int64_t batch_index, const torch::Tensor& y) {
  NvtxRange range("invert.optimize");
  const int64_t n = y.size(0) / groups();
  auto x = initial_noise(batch_index, n);
  Adam adam({x}, AdamOptions{cfg_.lr, cfg_.beta1, cfg_.beta2, cfg_.adam_eps});
  torch::Tensor best = x.detach().clone();
  std::vector<double> best_loss(members_.size(), std::numeric_limits<double>::infinity());
  for (int64_t it = 0; it < cfg_.iterations; ++it) {
    // After the first iteration the batch's best images exist: "stop and keep" may end it here.
    if (it == 0) {
      ctx_.check_cancel();
    } else if (ctx_.check_cancel_or_finish()) {
      stopped_early_ = true;
      break;
    }
    const int64_t step = batch_index * cfg_.iterations + it;
    const bool pruning = !plan().prune.empty() && it >= plan().prune_from;
    LossTerms t = loss_terms(x, y, step, pruning);
    // One device→host copy per step for every member's five numbers: (5, G).
    auto values =
        torch::stack({t.total, t.ce, t.prior, t.tv, t.l2}).detach().to(torch::kCPU, torch::kDouble);
    auto v = values.accessor<double, 2>();
    // The reference keeps each batch at its lowest total loss (x as it was scored).
    for (int64_t g = 0; g < groups(); ++g)
      if (v[0][g] < best_loss[size_t(g)]) {
        best_loss[size_t(g)] = v[0][g];
        best.slice(0, g * n, (g + 1) * n).copy_(x.detach().slice(0, g * n, (g + 1) * n));
      }
    x.mutable_grad() =
        torch::autograd::grad({t.total.sum()}, {x})[0];  // no gradients for the frozen model
    adam.step();
    {
      torch::NoGradGuard no_grad;
      x.copy_(torch::max(torch::min(x, hi_), lo_));
    }
    record(step + 1, values);
    ++steps_done_;
    if (cfg_.snapshot_every > 0 && (it + 1) % cfg_.snapshot_every == 0)
      live_snapshot(step + 1, x.detach(), y, pruning);
  }
  return best;
}

void Inverter::record(int64_t step, const torch::Tensor& values) {
  auto v = values.accessor<double, 2>();
  double mean[5] = {0, 0, 0, 0, 0};
  for (int64_t g = 0; g < groups(); ++g) {
    LossHistory& h = members_[size_t(g)].history;
    h.total.push_back(v[0][g]);
    h.ce.push_back(v[1][g]);
    h.prior.push_back(v[2][g]);
    h.tv.push_back(v[3][g]);
    h.l2.push_back(v[4][g]);
    for (int k = 0; k < 5; ++k) mean[k] += v[k][g] / double(groups());
  }
  ProgressEvent e;  // a batched run reports the members' mean
  e.stage = kStage;
  e.step = step;
  e.total = plan().batches * cfg_.iterations;
  e.values = {{"total", mean[0]}, {"ce", mean[1]}, {"prior", mean[2]}, {"tv", mean[3]}};
  if (cfg_.l2_weight > 0) e.values.push_back({"l2", mean[4]});
  e.lr = cfg_.lr;
  ctx_.callbacks.report(e);
}

void Inverter::live_snapshot(int64_t step, const torch::Tensor& x, const torch::Tensor& y,
                             bool pruning) {
  if (!ctx_.callbacks.snapshot) return;
  torch::NoGradGuard no_grad;
  auto out = forward(x, pruning ? &plan().prune : nullptr);
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

// One member's teacher on its finished images (a pass of its own: cheap next to the iterations).
FinalPass Inverter::final_pass(const Member& m, const torch::Tensor& pixels) {
  NvtxRange range("invert.mask");
  torch::NoGradGuard no_grad;
  const int64_t patches = model_.config().num_patches();
  std::vector<torch::Tensor> mask, rank, conf, correct;
  FinalPass f;
  ForwardOptions o;
  o.adapter = &m.teacher;
  o.prune = m.plan.mask_prune;
  for (int64_t i = 0; i < pixels.size(0); i += m.plan.batch) {
    auto x = pixels.slice(0, i, i + m.plan.batch).to(model_.device());
    auto y = m.plan.targets.slice(0, i, i + m.plan.batch).to(model_.device());
    auto out = model_.forward_ex(x, o);
    auto probs = torch::softmax(ViTImpl::head_logits(out.features, m.teacher), /*dim=*/1);
    mask.push_back(mask_from_kept(out.kept, patches).cpu());
    rank.push_back(patch_ranking(out.prune_order, m.plan.mask_prune).cpu());
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

void Inverter::final_snapshot(const Member& m, const SurrogatePool& pool, const FinalPass& f) {
  if (!ctx_.callbacks.snapshot) return;
  Snapshot s;
  s.stage = kStage;
  s.step = steps_done_;
  s.images = denormalize_to_u8(pool.pixels, pre_);
  const int64_t grid = model_.config().grid();
  if (!m.plan.prune.empty() || cfg_.mask_ratio > 0) s.masks = pool.mask.view({-1, grid, grid});
  s.labels = to_vector(m.plan.targets.slice(0, 0, pool.pixels.size(0)));
  s.confidence = to_doubles(pool.confidence);
  s.tokens_per_layer = f.tokens_per_layer;
  ctx_.callbacks.show(s);
}

SurrogatePool Inverter::make_pool(const Member& m, const torch::Tensor& pixels, const FinalPass& f,
                                  double seconds) const {
  SurrogatePool p;
  p.adapter_name = m.teacher.info.name;
  const auto& names = m.teacher.info.classes;
  const bool named = int64_t(names.size()) == m.teacher.head.weight.size(0);
  for (int64_t c : m.plan.classes)
    p.class_names.push_back(named ? names[size_t(c)] : "class_" + std::to_string(c));
  p.pixels = pixels;
  p.labels = m.plan.labels.slice(0, 0, pixels.size(0)).clone();  // fewer when stopped early
  p.patch_rank = f.rank;
  p.mask = f.mask;
  p.confidence = f.confidence.to(torch::kFloat);
  p.teacher_accuracy = f.correct.to(torch::kDouble).mean().item<double>();
  Json info = Json::object();
  info["head_classes"] = integers(m.plan.classes);
  info["preprocess"] = Json::object();
  info["preprocess"]["mean"] = numbers({pre_.mean[0], pre_.mean[1], pre_.mean[2]});
  info["preprocess"]["std"] = numbers({pre_.std[0], pre_.std[1], pre_.std[2]});
  info["settings"] = cfg_.to_json();
  info["seed"] = m.seed;
  info["precision"] = precision_name(precision_);
  info["prior"] = prior_ != nullptr;
  info["tokens_per_layer"] = integers(f.tokens_per_layer);
  info["seconds"] = seconds;
  if (stopped_early_) {
    // A partial pool says so: its images had fewer iterations than its settings name.
    info["stopped_early"] = true;
    info["iterations_run"] = steps_done_;
  }
  if (groups() > 1) info["batched_with"] = groups();  // `seconds` is the whole batch's time
  info["losses"] = m.history.to_json();
  p.info = std::move(info);
  return p;
}

std::vector<InversionResult> Inverter::run() {
  NvtxRange range("invert");
  const auto start = std::chrono::steady_clock::now();
  const PrecisionScope amp = enter_precision(ctx_);
  precision_ = amp.choice().effective;
  const Plan& p = plan();
  std::vector<std::vector<torch::Tensor>> results(members_.size());
  for (int64_t b = 0; b < p.batches && !stopped_early_; ++b) {
    // Stopped between batches: the finished batches are the result.
    if (b > 0 && ctx_.finish_early_requested()) {
      stopped_early_ = true;
      break;
    }
    std::vector<torch::Tensor> y;
    for (const auto& m : members_)
      y.push_back(m.plan.targets.slice(0, b * p.batch, (b + 1) * p.batch));
    const auto best = optimize_batch(b, torch::cat(y).to(model_.device())).cpu();
    const auto runs = best.chunk(groups());
    for (size_t g = 0; g < members_.size(); ++g) results[g].push_back(runs[g]);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<InversionResult> out;
  for (size_t g = 0; g < members_.size(); ++g) {
    const Member& m = members_[g];
    auto pixels = torch::cat(results[g]);
    FinalPass f = final_pass(m, pixels);
    InversionResult r;
    r.seconds = seconds;
    r.pool = make_pool(m, pixels, f, seconds);
    r.losses = m.history;
    r.teacher_accuracy = r.pool.teacher_accuracy;
    r.stopped_early = stopped_early_;
    r.iterations_run = steps_done_;
    if (members_.size() == 1) final_snapshot(m, r.pool, f);
    out.push_back(std::move(r));
  }
  return out;
}

void check_device(ViTImpl& model, const JobContext& ctx) {
  const auto d = model.device();
  if (d.type() != ctx.device.type() || (ctx.device.has_index() && d.index() != ctx.device.index()))
    throw InputError("the model is on " + d.str() + " but the inversion was asked to run on " +
                     ctx.device.str());
}

void check_teacher(ViTImpl& model, const LoraAdapter& teacher, const InversionConfig& config) {
  if (!teacher.head.defined())
    throw InputError("adapter \"" + teacher.info.name +
                     "\" has no classification head; invert needs a pre-tuned LoRA with its head");
  check_adapter_fits(teacher, model.config(),
                     teacher.info.name.empty() ? "teacher" : teacher.info.name);
  config.validate(model.config(), teacher.head.weight.size(0));
}

}  // namespace

InversionResult invert(ViTImpl& model, const LoraAdapter& teacher, const PriorNet* prior,
                       const InversionConfig& config, const JobContext& ctx) {
  check_teacher(model, teacher, config);
  check_device(model, ctx);
  const PriorNetImpl* prior_impl = prior && !prior->is_empty() ? prior->get() : nullptr;
  return Inverter(model, {&teacher}, {ctx.seed}, prior_impl, config, ctx).run().front();
}

std::vector<InversionResult> invert_batched(ViTImpl& model,
                                            const std::vector<const LoraAdapter*>& teachers,
                                            const std::vector<uint64_t>& seeds,
                                            const PriorNet* prior, const InversionConfig& config,
                                            const JobContext& ctx) {
  if (teachers.empty()) return {};
  if (seeds.size() != teachers.size())
    throw InputError(std::to_string(teachers.size()) + " adapters but " +
                     std::to_string(seeds.size()) + " seeds for a batched inversion");
  for (const auto* t : teachers) {
    check_teacher(model, *t, config);
    if (t->head.weight.size(0) != teachers[0]->head.weight.size(0))
      throw InputError("adapters \"" + teachers[0]->info.name + "\" and \"" + t->info.name +
                       "\" have heads of different sizes; invert them in separate batches");
  }
  check_device(model, ctx);
  const PriorNetImpl* prior_impl = prior && !prior->is_empty() ? prior->get() : nullptr;
  return Inverter(model, teachers, seeds, prior_impl, config, ctx).run();
}

bool can_invert_together(const LoraAdapter& a, const LoraAdapter& b) {
  if (!a.head.defined() || !b.head.defined() || a.head.weight.sizes() != b.head.weight.sizes())
    return false;
  auto layout = [](const LoraAdapter& x) {
    std::map<std::pair<int, int>, std::vector<int64_t>> m;
    for (const auto& e : x.entries) m[{e.layer, int(e.target)}] = e.A.sizes().vec();
    return m;
  };
  return layout(a) == layout(b);
}

}  // namespace lrc
