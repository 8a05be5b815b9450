#include "recycle/meta_train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <torch/torch.h>

#include "io/error.h"
#include "io/safetensors.h"
#include "jobs/adam.h"
#include "model/adapter_io.h"
#include "recycle/pretune.h"
#include "recycle/schedule.h"
#include "runtime/distributed.h"
#include "runtime/runtime.h"
#include "jobs/seed_streams.h"

namespace lrc {

namespace fs = std::filesystem;

namespace {

torch::Tensor task_features(ViTImpl& model, const LoraAdapter* adapter, const MetaTask& t,
                            torch::Device device, bool sparse) {
  ForwardOptions o;
  o.adapter = adapter;
  o.no_lora = adapter == nullptr;
  if (sparse && t.keep.defined()) o.keep = t.keep.to(device);
  return model.forward_ex(t.pixels.to(device), o).features;
}

// A training step's episodes go through the ViT in groups that share one forward and one
// backward pass: fewer, larger ops than one episode's few images (autograd's per-op cost).
// Both bounds (this one and MetaTrainConfig::episodes_per_forward) keep memory in check, since a
// group's activations are all kept for its backward pass: the budget (image tokens × width) admits
// eight tiny-ViT episodes of 30 images but not two dense ViT-B/16 ones, whose GEMMs are large
// anyway.
constexpr int64_t kActivationBudget = int64_t(1) << 22;

// Token·width values that task t's images put through each layer (sparse tokens when kept).
int64_t activation_values(const MetaTask& t, const ViTConfig& c) {
  const int64_t tokens = t.keep.defined() ? t.keep.size(1) + 1 : c.num_patches() + 1;
  return t.pixels.size(0) * tokens * c.width;
}

// Whether two tasks' images can share a forward pass: the same image size and the same kind of
// token selection (both dense, or the same number of kept tokens).
bool same_shape(const MetaTask& a, const MetaTask& b) {
  if (a.pixels.sizes().slice(1) != b.pixels.sizes().slice(1)) return false;
  if (a.keep.defined() != b.keep.defined()) return false;
  return !a.keep.defined() || a.keep.size(1) == b.keep.size(1);
}

// The end of the group of tasks from `first` that share one forward pass (one task at least).
size_t group_end(const std::vector<MetaTask>& ts, size_t first, const ViTConfig& c, int64_t most) {
  size_t end = first + 1;
  int64_t values = activation_values(ts[first], c);
  while (end < ts.size() && int64_t(end - first) < most && same_shape(ts[first], ts[end])) {
    values += activation_values(ts[end], c);
    if (values > kActivationBudget) break;
    ++end;
  }
  return end;
}

// The sparse-token features of tasks [first, end) from one forward pass; entry i holds task
// first+i's rows. Row by row the same computation as task_features: only summation order in
// the shared GEMMs can differ.
std::vector<torch::Tensor> group_features(ViTImpl& model, const LoraAdapter* adapter,
                                          const std::vector<MetaTask>& ts, size_t first, size_t end,
                                          torch::Device device) {
  if (end - first == 1) return {task_features(model, adapter, ts[first], device, true)};
  MetaTask all;
  std::vector<torch::Tensor> pixels, keep;
  for (size_t i = first; i < end; ++i) {
    pixels.push_back(ts[i].pixels);
    if (ts[i].keep.defined()) keep.push_back(ts[i].keep);
  }
  all.pixels = torch::cat(pixels);
  if (!keep.empty()) all.keep = torch::cat(keep);
  const auto f = task_features(model, adapter, all, device, true);
  std::vector<torch::Tensor> out;
  int64_t at = 0;
  for (size_t i = first; i < end; ++i) {
    out.push_back(f.slice(0, at, at + ts[i].pixels.size(0)));
    at += ts[i].pixels.size(0);
  }
  return out;
}

double logits_accuracy(const torch::Tensor& logits, const torch::Tensor& labels) {
  return logits.argmax(1).cpu().eq(labels).to(torch::kFloat).mean().item<double>();
}

// Cross-entropy of an episode's metric logits against its query labels.
double logits_loss(const torch::Tensor& logits, const torch::Tensor& labels) {
  return torch::nn::functional::cross_entropy(logits.to(torch::kFloat), labels.to(logits.device()))
      .item<double>();
}

ValidationPoint real_data_score(ViTImpl& model, const LoraAdapter* adapter, const Dataset& data,
                                const TaskShape& s, int64_t episodes, uint64_t seed,
                                const MetricOptions& metric, torch::Device device) {
  torch::NoGradGuard no_grad;
  EpisodeSampler sampler(data, s.way, s.shot, s.query, seed);
  double sum = 0, loss = 0;
  for (int64_t i = 0; i < episodes; ++i) {
    Episode e = sampler.episode(i);
    MetaTask t;
    std::vector<int64_t> items = e.support;
    items.insert(items.end(), e.query.begin(), e.query.end());
    t.pixels = data.images(items, model.config());
    auto f = task_features(model, adapter, t, device, false);
    const int64_t ns = int64_t(e.support.size());
    auto logits = episode_logits(f.slice(0, 0, ns), torch::tensor(e.support_labels).to(device),
                                 s.way, f.slice(0, ns), metric);
    sum += logits_accuracy(logits, torch::tensor(e.query_labels));
    loss += logits_loss(logits, torch::tensor(e.query_labels));
  }
  ValidationPoint v;
  v.accuracy = episodes ? sum / double(episodes) : 0.0;
  v.loss = episodes ? loss / double(episodes) : std::numeric_limits<double>::quiet_NaN();
  return v;
}

// Distillation: KL(teacher ‖ student) on the queries, over the episode's classes.
torch::Tensor kl_loss(ViTImpl& model, const LoraAdapter& teacher, const MetaTask& t,
                      const torch::Tensor& student_logits, int64_t n_support, double temperature,
                      torch::Device device) {
  torch::Tensor target;
  {
    torch::NoGradGuard no_grad;
    ForwardOptions o;
    o.adapter = &teacher;
    auto q = t.pixels.slice(0, n_support).to(device);
    auto logits = ViTImpl::head_logits(model.forward_ex(q, o).features, teacher);
    target = torch::softmax(
        logits.index_select(1, torch::tensor(t.source_classes).to(device)) / temperature, 1);
  }
  auto log_student = torch::log_softmax(student_logits / temperature, 1);
  namespace F = torch::nn::functional;
  return F::kl_div(log_student, target, F::KLDivFuncOptions().reduction(torch::kBatchMean)) *
         (temperature * temperature);
}

// ---- checkpoints: folder step_00001234/ with meta_lora, best and optimizer files ----

std::string step_dir(const std::string& dir, int64_t step) {
  char name[32];
  std::snprintf(name, sizeof name, "step_%08lld", static_cast<long long>(step));
  return (fs::path(dir) / name).string();
}

struct TrainState {
  LoraAdapter meta, best;
  int64_t step = 0;
  MetaTrainResult* result = nullptr;
};

Json history_json(const MetaTrainResult& r) {
  Json j = Json::object();
  Json losses = Json::array(), val = Json::array();
  for (double l : r.losses) losses.push_back(l);
  for (const auto& v : r.validation)
    val.push_back(Json(
        Json::Array{Json(v.step), Json(v.accuracy), std::isnan(v.loss) ? Json() : Json(v.loss)}));
  j["losses"] = std::move(losses);
  j["validation"] = std::move(val);
  j["best_step"] = r.best_step;
  j["best_accuracy"] = std::isnan(r.best_accuracy) ? Json() : Json(r.best_accuracy);
  j["best_loss"] = std::isnan(r.best_loss) ? Json() : Json(r.best_loss);
  return j;
}

void save_checkpoint(const std::string& dir, int64_t step, const LoraAdapter& meta,
                     const LoraAdapter& best, const Adam& adam, const MetaTrainResult& r) {
  NvtxRange range("meta_train.checkpoint");
  std::error_code ec;
  fs::create_directories(dir, ec);
  const std::string final_dir = step_dir(dir, step), tmp = final_dir + ".partial";
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) throw Error(file_message(tmp, "cannot create the checkpoint folder: " + ec.message()));
  save_adapter(meta, (fs::path(tmp) / "meta_lora.safetensors").string());
  save_adapter(best, (fs::path(tmp) / "best.safetensors").string());
  Json meta_json = history_json(r);
  meta_json["format"] = "lrc-meta-checkpoint";
  meta_json["step"] = step;
  save_safetensors((fs::path(tmp) / "optimizer.safetensors").string(), adam.state(),
                   {{"lrc", meta_json.dump()}});
  fs::remove_all(final_dir, ec);
  fs::rename(tmp, final_dir, ec);  // the folder appears whole or not at all
  if (ec) throw Error(file_message(final_dir, "cannot finish the checkpoint: " + ec.message()));
}

void restore_history(const Json& j, MetaTrainResult& r) {
  r.losses.clear();
  for (const auto& l : j.at("losses").as_array()) r.losses.push_back(l.as_number());
  r.validation.clear();
  for (const auto& v : j.at("validation").as_array()) {
    const auto& a = v.as_array();
    ValidationPoint p{a[0].as_int(), a[1].as_number()};
    if (a.size() > 2 && a[2].is_number()) p.loss = a[2].as_number();  // older histories lack it
    r.validation.push_back(p);
  }
  r.best_step = j.get_int("best_step", 0);
  r.best_accuracy = j.get_number("best_accuracy", std::numeric_limits<double>::quiet_NaN());
  r.best_loss = j.get_number("best_loss", std::numeric_limits<double>::quiet_NaN());
}

void copy_into(LoraAdapter& dst, const LoraAdapter& src, const std::string& origin) {
  torch::NoGradGuard no_grad;
  if (src.entries.size() != dst.entries.size())
    throw InputError(origin + ": checkpoint LoRA does not match the run's settings");
  for (auto& e : dst.entries) {
    const LoraEntry* s = src.find(e.layer, e.target);
    if (!s || s->A.sizes() != e.A.sizes() || s->B.sizes() != e.B.sizes())
      throw InputError(origin +
                       ": checkpoint LoRA does not match the run's settings (targets / rank)");
    e.A.copy_(s->A);
    e.B.copy_(s->B);
  }
}

int64_t resume_checkpoint(const std::string& dir, LoraAdapter& meta, LoraAdapter& best, Adam& adam,
                          MetaTrainResult& r) {
  auto all = list_checkpoints(dir);
  if (all.empty()) return 0;
  const auto& [step, path] = all.back();
  copy_into(meta, read_adapter((fs::path(path) / "meta_lora.safetensors").string()), path);
  best = read_adapter((fs::path(path) / "best.safetensors").string())
             .to(meta.entries.front().A.device());
  SafetensorsFile opt((fs::path(path) / "optimizer.safetensors").string());
  adam.load_state(opt);
  restore_history(Json::parse(opt.metadata_value("lrc")), r);
  if (int64_t(r.losses.size()) != step)
    throw InputError(path + ": checkpoint history does not match its step");
  return step;
}

}  // namespace

std::vector<std::pair<int64_t, std::string>> list_checkpoints(const std::string& dir) {
  std::vector<std::pair<int64_t, std::string>> out;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("step_", 0) != 0 || name.find('.') != std::string::npos) continue;
    if (!fs::exists(e.path() / "optimizer.safetensors", ec)) continue;
    try {
      out.emplace_back(std::stoll(name.substr(5)), e.path().string());
    } catch (...) {
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

double task_accuracy(ViTImpl& model, const LoraAdapter* adapter, const TaskSource& tasks,
                     int64_t episodes, uint64_t seed, const MetricOptions& metric,
                     torch::Device device) {
  return task_score(model, adapter, tasks, episodes, seed, metric, device).accuracy;
}

bool better_validation(const ValidationPoint& a, const ValidationPoint& b) {
  if (std::isnan(b.accuracy)) return true;
  if (a.accuracy != b.accuracy) return a.accuracy > b.accuracy;
  return !std::isnan(a.loss) && (std::isnan(b.loss) || a.loss < b.loss);
}

ValidationPoint task_score(ViTImpl& model, const LoraAdapter* adapter, const TaskSource& tasks,
                           int64_t episodes, uint64_t seed, const MetricOptions& metric,
                           torch::Device device) {
  torch::NoGradGuard no_grad;
  double sum = 0, loss = 0;
  // One episode per forward pass: without autograd's per-op cost to save, larger batches
  // measured slower here (two validations of 200 episodes of 30 images, tiny ViT: 13.9 s in
  // groups of eight against 9.0 s one at a time; their activations no longer stay in cache).
  for (int64_t i = 0; i < episodes; ++i) {
    MetaTask t = tasks.task(i, seed);
    auto f = task_features(model, adapter, t, device, false);
    const int64_t ns = t.support_labels.size(0);
    const int64_t way = t.support_labels.max().item<int64_t>() + 1;
    auto logits =
        episode_logits(f.slice(0, 0, ns), t.support_labels.to(device), way, f.slice(0, ns), metric);
    sum += logits_accuracy(logits, t.query_labels);
    loss += logits_loss(logits, t.query_labels);
  }
  ValidationPoint v;
  v.accuracy = episodes ? sum / double(episodes) : 0.0;
  v.loss = episodes ? loss / double(episodes) : std::numeric_limits<double>::quiet_NaN();
  return v;
}

namespace {

// Mean of the last (up to) 100 episode losses: what the log line shows next to a validation.
double recent_loss(const std::vector<double>& losses) {
  const size_t n = std::min<size_t>(losses.size(), 100);
  double sum = 0;
  for (size_t i = losses.size() - n; i < losses.size(); ++i) sum += losses[i];
  return n ? sum / double(n) : NAN;
}

// The mean of the validation sources' accuracies and losses (step left 0).
ValidationPoint validate(ViTImpl& model, const LoraAdapter& meta, const MetaTrainConfig& c,
                         const Validation& v, const JobContext& ctx) {
  NvtxRange range("meta_train.validate");
  const uint64_t seed = derive_seed(ctx.seed, seed_stream::kValidation);
  ValidationPoint sum;
  sum.loss = 0;
  int parts = 0;
  auto add = [&](const ValidationPoint& p) {
    sum.accuracy += p.accuracy, sum.loss += p.loss, ++parts;
  };
  if (v.data)
    add(real_data_score(model, &meta, *v.data, c.shape, c.val_episodes, seed, c.metric,
                        ctx.device));
  if (v.tasks) add(task_score(model, &meta, *v.tasks, c.val_episodes, seed, c.metric, ctx.device));
  if (!parts) return {0, std::numeric_limits<double>::quiet_NaN()};
  sum.accuracy /= parts, sum.loss /= parts;
  return sum;
}

void describe(LoraAdapter& a, ViTImpl& model, const MetaTrainConfig& c, const TaskSource& tasks,
              const JobContext& ctx) {
  a.info.name = "meta-lora";
  a.info.format = "native";
  a.info.base_fingerprint = model_fingerprint(model);
  a.info.base = base_model_summary(model);
  Json p = Json::object();
  p["tool"] = "lora-recycle meta-train";
  p["episodes"] = c.episodes;
  if (c.episodes_per_step > 1) p["episodes_per_step"] = c.episodes_per_step;
  p["way"] = c.shape.way;
  p["shot"] = c.shape.shot;
  p["query"] = c.shape.query;
  p["lr"] = c.lr;
  p["metric"] = metric_name(c.metric.metric);
  p["cosine_scale"] = c.metric.cosine_scale;
  p["sources"] = tasks.sources();
  p["seed"] = int64_t(ctx.seed);
  p["precision"] = precision_name(resolve_precision(ctx.precision, ctx.device).effective);
  a.info.provenance = std::move(p);
}

}  // namespace

MetaTrainResult meta_train(ViTImpl& model, const TaskSource& tasks, const MetaTrainConfig& c,
                           const Validation& validation, const JobContext& ctx, bool resume,
                           const std::vector<LoraAdapter>* teachers) {
  NvtxRange range("meta_train");
  if (c.episodes < 1) throw InputError("meta-training needs at least one episode");
  if (c.episodes_per_step < 1) throw InputError("episodes per step must be at least 1");
  const int rank = c.group ? c.group->rank() : 0;
  const int world = c.group ? c.group->size() : 1;
  const int64_t per_step = c.episodes_per_step;
  const bool lead = rank == 0;
  if (c.kl_weight > 0 && (!teachers || int64_t(teachers->size()) != tasks.sources()))
    throw InputError("KL distillation needs the teacher LoRA of every task source");
  const auto start = std::chrono::steady_clock::now();
  const PrecisionScope amp = enter_precision(ctx);
  model.freeze_base();
  model.eval();
  MetaTrainResult r;
  LoraAdapter meta = create_lora(model.config(), c.lora, derive_seed(ctx.seed, 1), ctx.device);
  meta.set_requires_grad(true);
  Adam adam(meta.parameters(), AdamOptions{c.lr});
  LoraAdapter best = meta.to(ctx.device);
  if (resume) r.resumed_from = resume_checkpoint(c.checkpoint_dir, meta, best, adam, r);
  const CosineWarmRestarts schedule{c.lr, c.cycle, c.warmup, c.min_lr_fraction};
  auto checkpoint = [&](int64_t step) {
    if (!c.checkpoint_dir.empty()) save_checkpoint(c.checkpoint_dir, step, meta, best, adam, r);
  };
  const std::vector<torch::Tensor> params = meta.parameters();
  for (int64_t step = r.resumed_from; step < c.episodes; ++step) {
    try {
      ctx.check_cancel();
    } catch (const Cancelled&) {
      if (lead) checkpoint(step);
      throw;
    }
    NvtxRange step_range("meta_train.step");
    adam.set_lr(schedule.at(step));
    adam.zero_grad();
    // This rank's episodes of the step (loss / K, so the gradients summed over the episodes and
    // ranks are those of the mean loss), in groups that share one forward and backward pass.
    double step_loss = 0.0;
    std::vector<MetaTask> ts;
    for (const int64_t episode : dist::episodes_of_rank(step, per_step, rank, world))
      ts.push_back(tasks.task(episode, ctx.seed));
    for (size_t a = 0, b; a < ts.size(); a = b) {
      b = group_end(ts, a, model.config(), c.episodes_per_forward);
      const auto features = group_features(model, &meta, ts, a, b, ctx.device);
      torch::Tensor total;
      for (size_t k = a; k < b; ++k) {
        const MetaTask& t = ts[k];
        const auto& f = features[k - a];
        const int64_t ns = t.support_labels.size(0);
        auto logits = episode_logits(f.slice(0, 0, ns), t.support_labels.to(ctx.device),
                                     c.shape.way, f.slice(0, ns), c.metric);
        auto loss = torch::cross_entropy_loss(logits, t.query_labels.to(ctx.device));
        if (c.kl_weight > 0 && t.source < 0)
          throw InputError(
              "KL distillation needs episodes from a single teacher (not mixed pools)");
        if (c.kl_weight > 0)
          loss = loss + c.kl_weight * kl_loss(model, (*teachers)[size_t(t.source)], t, logits, ns,
                                              c.kl_temperature, ctx.device);
        if (per_step > 1) loss = loss / double(per_step);
        step_loss += loss.item<double>();
        total = total.defined() ? total + loss : loss;
      }
      total.backward();
    }
    if (world > 1) {
      // One flat buffer: every gradient (zeros where this rank had no episode) and the loss.
      torch::NoGradGuard no_grad;
      std::vector<torch::Tensor> flat;
      for (const auto& p : params)
        flat.push_back(p.grad().defined() ? p.grad().detach().reshape(-1).to(torch::kFloat)
                                          : torch::zeros({p.numel()}, p.options()));
      flat.push_back(torch::tensor({float(step_loss)}, params.front().options()));
      std::vector<torch::Tensor> buffer{torch::cat(flat).cpu().contiguous()};
      c.group->all_reduce_sum(buffer);
      const torch::Tensor summed = buffer.front().to(params.front().device());
      int64_t at = 0;
      for (const auto& p : params) {
        auto g = summed.slice(0, at, at + p.numel()).view(p.sizes()).to(p.dtype());
        if (p.grad().defined())
          p.mutable_grad().copy_(g);
        else
          p.mutable_grad() = g.clone();
        at += p.numel();
      }
      step_loss = double(summed[at].item<float>());
    }
    adam.step();
    r.losses.push_back(step_loss);
    if (!lead) continue;  // rank 0 alone validates, reports and writes
    ProgressEvent e{"meta-train", step + 1, c.episodes, {{"loss", r.losses.back()}}, adam.lr()};
    if (c.val_every > 0 && ((step + 1) % c.val_every == 0 || step + 1 == c.episodes) &&
        (validation.data || validation.tasks)) {
      ValidationPoint v = validate(model, meta, c, validation, ctx);
      v.step = step + 1;
      const double acc = v.accuracy;
      r.validation.push_back(v);
      e.values.push_back({"val_acc", acc});
      e.values.push_back({"val_loss", v.loss});
      // Accuracy first, the loss on a tie: held-out inverted tasks often validate at 100 % from
      // the first check on, and accuracy alone kept that first, barely trained checkpoint.
      if (better_validation(v, {r.best_step, r.best_accuracy, r.best_loss})) {
        r.best_accuracy = acc, r.best_loss = v.loss, r.best_step = step + 1;
        best = meta.to(ctx.device);
      }
      // One line per validation: the learning curve a cluster job's log keeps (the progress
      // values are only drawn on a terminal).
      char line[160];
      std::snprintf(line, sizeof line,
                    "episode %lld: validation accuracy %.2f %%, validation loss %.4f, loss %.4f",
                    static_cast<long long>(step + 1), acc * 100.0, v.loss, recent_loss(r.losses));
      ctx.callbacks.say(line);
    }
    ctx.callbacks.report(e);
    if (c.checkpoint_every > 0 && (step + 1) % c.checkpoint_every == 0) checkpoint(step + 1);
  }
  // Every rank has finished every step before rank 0 writes the last checkpoint and the result.
  if (c.group) c.group->barrier();
  if (lead && !c.checkpoint_dir.empty() &&
      (c.checkpoint_every <= 0 || c.episodes % c.checkpoint_every != 0))
    checkpoint(c.episodes);
  meta.set_requires_grad(false);
  if (r.validation.empty()) best = meta.to(ctx.device), r.best_step = c.episodes;
  describe(meta, model, c, tasks, ctx);
  describe(best, model, c, tasks, ctx);
  best.info.provenance["best_step"] = r.best_step;
  if (!std::isnan(r.best_accuracy))
    best.info.provenance["best_validation_accuracy"] = r.best_accuracy;
  if (!std::isnan(r.best_loss)) best.info.provenance["best_validation_loss"] = r.best_loss;
  r.meta_lora = std::move(meta);
  r.best = std::move(best);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace lrc
