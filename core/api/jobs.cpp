#include "api/jobs.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <torch/torch.h>

#include "api/internal.h"
#include "data/dataset.h"
#include "io/error.h"
#include "io/paths.h"
#include "jobs/job.h"
#include "model/adapter_io.h"
#include "recycle/bn_prior.h"
#include "recycle/inversion.h"
#include "recycle/meta_train.h"
#include "recycle/pool.h"
#include "recycle/tasks.h"
#include "runtime/precision.h"
#include "runtime/runtime.h"

namespace lrc::api {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- control and conversions

JobControl::JobControl() : token_(std::make_unique<lrc::CancelToken>()) {}
JobControl::~JobControl() = default;
void JobControl::cancel() {
  token_->cancel();
}
bool JobControl::cancelled() const {
  return token_->cancelled();
}
void JobControl::set_paused(bool paused) {
  token_->set_paused(paused);
}
bool JobControl::paused() const {
  return token_->paused();
}

double ProgressInfo::value(const std::string& name) const {
  for (const auto& [k, v] : values)
    if (k == name) return v;
  return std::numeric_limits<double>::quiet_NaN();
}

struct InvertedPool::Impl {
  SurrogatePool pool;
};
InvertedPool::InvertedPool(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
InvertedPool::~InvertedPool() = default;
void InvertedPool::save(const std::string& dir, bool write_pngs) const {
  save_pool(impl_->pool, dir, write_pngs);
}
int64_t InvertedPool::size() const {
  return impl_->pool.size();
}

namespace {

std::vector<Image> to_images(const torch::Tensor& nhwc) {
  std::vector<Image> out;
  if (!nhwc.defined() || nhwc.dim() != 4) return out;
  auto t = nhwc.to(torch::kCPU, torch::kUInt8).contiguous();
  const int64_t n = t.size(0), h = t.size(1), w = t.size(2);
  const uint8_t* data = t.data_ptr<uint8_t>();
  for (int64_t i = 0; i < n; ++i) {
    Image img;
    img.width = int(w);
    img.height = int(h);
    img.rgb.assign(data + i * h * w * 3, data + (i + 1) * h * w * 3);
    out.push_back(std::move(img));
  }
  return out;
}

std::vector<std::vector<uint8_t>> to_masks(const torch::Tensor& masks, int& grid) {
  std::vector<std::vector<uint8_t>> out;
  if (!masks.defined() || masks.dim() != 3) return out;
  auto t = masks.to(torch::kCPU, torch::kUInt8).contiguous();
  grid = int(t.size(1));
  const int64_t per = t.size(1) * t.size(2);
  const uint8_t* data = t.data_ptr<uint8_t>();
  for (int64_t i = 0; i < t.size(0); ++i) out.emplace_back(data + i * per, data + (i + 1) * per);
  return out;
}

std::string class_label(const std::vector<std::string>& names, int64_t index) {
  if (index >= 0 && index < int64_t(names.size())) return names[size_t(index)];
  return "class " + std::to_string(index);
}

ProgressInfo to_progress(const ProgressEvent& e, const std::string& item) {
  ProgressInfo p;
  p.stage = e.stage;
  p.step = e.step;
  p.total = e.total;
  p.values = e.values;
  p.lr = e.lr;
  p.item = item;
  return p;
}

// Core callbacks → plain callbacks, with the names the snapshot labels refer to.
JobCallbacks core_callbacks(const JobCallbacksPlain& plain, const std::string& item,
                            const std::vector<std::string>& class_names) {
  JobCallbacks c;
  if (plain.progress)
    c.progress = [&plain, item](const ProgressEvent& e) { plain.progress(to_progress(e, item)); };
  if (plain.log) c.log = plain.log;
  if (plain.snapshot)
    c.snapshot = [&plain, class_names](const Snapshot& s) {
      SnapshotInfo info;
      info.stage = s.stage;
      info.step = s.step;
      info.images = to_images(s.images);
      info.masks = to_masks(s.masks, info.mask_grid);
      info.labels = s.labels;
      for (int64_t l : s.labels) info.label_names.push_back(class_label(class_names, l));
      info.confidence = s.confidence;
      info.tokens_per_layer = s.tokens_per_layer;
      plain.snapshot(info);
    };
  return c;
}

std::string stem_of(const std::string& path) {
  fs::path p(path);
  if (!p.has_filename()) p = p.parent_path();
  std::error_code ec;
  return fs::is_directory(p, ec) ? p.filename().string() : p.stem().string();
}

LoraAdapter load_teacher(const std::string& path, const ViTConfig& config) {
  if (path.empty()) throw InputError("choose a LoRA to invert");
  LoraAdapter a = load_adapter(path, config);
  if (!a.head.defined())
    throw InputError(file_message(
        path, "has no classification head; inversion needs a pre-tuned LoRA with its head"));
  if (a.info.name.empty()) a.info.name = stem_of(path);
  return a;
}

InversionConfig inversion_config(const InversionSettings& s) {
  InversionConfig c;
  c.iterations = s.iterations;
  c.lr = s.lr;
  c.bn_weight = s.bn_weight;
  c.tv_weight = s.tv_weight;
  c.l2_weight = s.l2_weight;
  c.per_class = s.per_class;
  c.classes = s.classes;
  if (s.prune_layers.size() != s.prune_ratios.size())
    throw InputError("pruning: " + std::to_string(s.prune_layers.size()) + " layers but " +
                     std::to_string(s.prune_ratios.size()) + " ratios");
  c.prune_layers = s.prune_layers;
  c.prune_ratios = s.prune_ratios;
  c.prune_start_fraction = s.prune_start_fraction;
  c.mask_ratio = s.mask_ratio;
  c.snapshot_every = std::max(0, s.snapshot_every);
  return c;
}

// The teacher head's class names, "class i" where the file names none.
std::vector<std::string> teacher_class_names(const LoraAdapter& teacher) {
  std::vector<std::string> names = teacher.info.classes;
  const int64_t n = teacher.head.defined() ? teacher.head.weight.size(0) : 0;
  for (int64_t i = int64_t(names.size()); i < n; ++i) names.push_back("class " + std::to_string(i));
  return names;
}

}  // namespace

// ---------------------------------------------------------------- inversion

namespace {
InversionOutcome run_inversion_impl(const Model& model, const InversionSettings& s,
                                    const JobCallbacksPlain& callbacks, const JobControl& control);
MetaTrainOutcome run_meta_training_impl(const Model& model, const MetaTrainSettings& s,
                                        const JobCallbacksPlain& callbacks,
                                        const JobControl& control);
}  // namespace

InversionOutcome run_inversion(const Model& model, const InversionSettings& s,
                               const JobCallbacksPlain& callbacks, const JobControl& control) {
  return without_torch_backtraces([&] { return run_inversion_impl(model, s, callbacks, control); });
}

MetaTrainOutcome run_meta_training(const Model& model, const MetaTrainSettings& s,
                                   const JobCallbacksPlain& callbacks, const JobControl& control) {
  return without_torch_backtraces(
      [&] { return run_meta_training_impl(model, s, callbacks, control); });
}

namespace {

InversionOutcome run_inversion_impl(const Model& model, const InversionSettings& s,
                                    const JobCallbacksPlain& callbacks, const JobControl& control) {
  if (s.threads > 0) lrc::set_threads(s.threads);
  const Model::Impl& m = model.impl();
  resolve_precision(parse_precision(s.precision), m.device);  // a bad choice fails first
  LoraAdapter teacher = load_teacher(s.adapter_path, m.config());
  PriorNet prior{nullptr};
  if (!s.prior_path.empty())
    prior = load_prior(s.prior_path, m.device);
  else if (callbacks.log)
    callbacks.log("no prior network: the naturalness prior R_bn is off");
  const InversionConfig config = inversion_config(s);
  const auto names = teacher_class_names(teacher);
  JobContext ctx{m.device, s.seed, &control.token(),
                 core_callbacks(callbacks, teacher.info.name, names)};
  ctx.precision = parse_precision(s.precision);
  if (callbacks.log)
    callbacks.log("inverting " + teacher.info.name + ": " + std::to_string(config.iterations) +
                  " iterations, " + std::to_string(config.per_class) + " images per class on " +
                  m.summary.device);
  InversionResult r = invert(m.vit(), teacher, prior ? &prior : nullptr, config, ctx);
  r.pool.adapter_path = s.adapter_path;
  r.pool.info["model"] = m.summary.path;
  if (!s.prior_path.empty()) r.pool.info["prior_path"] = s.prior_path;

  InversionOutcome out;
  out.adapter_name = teacher.info.name;
  out.class_names = r.pool.class_names;
  out.images = r.pool.size();
  out.teacher_accuracy = r.teacher_accuracy;
  out.seconds = r.seconds;
  out.losses = {r.losses.total, r.losses.ce, r.losses.prior, r.losses.tv, r.losses.l2};
  if (const Json* t = r.pool.info.find("tokens_per_layer"); t && t->is_array())
    for (const auto& v : t->as_array()) out.tokens_per_layer.push_back(v.as_int());
  auto impl = std::make_unique<InvertedPool::Impl>();
  impl->pool = std::move(r.pool);
  out.pool = std::make_shared<InvertedPool>(std::move(impl));
  if (!s.out_dir.empty()) {
    out.pool->save(s.out_dir);
    out.saved_to = s.out_dir;
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- meta-training

std::string pool_folder_for(const std::string& pool_dir, const std::string& adapter_path) {
  return (fs::path(pool_dir) / stem_of(adapter_path)).string();
}

std::vector<std::pair<int64_t, std::string>> list_meta_checkpoints(const std::string& out_path) {
  try {
    return list_checkpoints(out_path + ".checkpoints");
  } catch (const std::exception&) {
    return {};
  }
}

namespace {

// The pools behind the chosen adapters: loaded from pool_dir, or inverted now (and saved there).
std::vector<SurrogatePool> gather_pools(const Model& model, const MetaTrainSettings& s,
                                        const JobCallbacksPlain& cb, const JobControl& control) {
  if (s.adapter_paths.empty())
    throw InputError("choose at least one LoRA of the collection to recycle");
  if (s.pool_dir.empty())
    throw InputError("choose a pool folder (where the inverted images are kept)");
  std::vector<SurrogatePool> pools;
  for (size_t i = 0; i < s.adapter_paths.size(); ++i) {
    control.token().checkpoint();
    const std::string& path = s.adapter_paths[i];
    const std::string folder = pool_folder_for(s.pool_dir, path);
    std::error_code ec;
    if (fs::exists(fs::path(folder) / "pool.safetensors", ec)) {
      if (cb.log) cb.log("using the surrogate pool " + folder);
      pools.push_back(load_pool(folder));
      continue;
    }
    if (!s.invert_missing)
      throw InputError(
          file_message(folder, "no surrogate pool for " + path +
                                   " (invert it first, or allow inverting missing pools)"));
    if (cb.progress) {
      ProgressInfo p;
      p.stage = "prepare";
      p.step = int64_t(i);
      p.total = int64_t(s.adapter_paths.size());
      p.item = stem_of(path);
      cb.progress(p);
    }
    InversionSettings inv = s.inversion;
    inv.adapter_path = path;
    inv.out_dir = folder;
    inv.seed = derive_seed(s.seed, 0x1a7e, i);
    inv.threads = 0;
    inv.precision = s.precision;
    JobCallbacksPlain quiet{cb.progress, nullptr, cb.log};  // no snapshots from the training job
    run_inversion(model, inv, quiet, control);
    pools.push_back(load_pool(folder));
  }
  return pools;
}

MetaTrainConfig meta_config(const MetaTrainSettings& s, bool validating) {
  MetaTrainConfig c;
  c.shape = {s.way, s.shot, s.query};
  c.episodes = s.episodes;
  c.lr = s.lr;
  c.cycle = s.cycle;
  c.warmup = s.warmup;
  if (c.warmup < 0 || c.cycle < 1 || c.warmup >= c.cycle)
    throw InputError("learning-rate schedule: need 0 ≤ warm-up < cycle");
  if (s.episodes < 1) throw InputError("episodes must be at least 1");
  c.lora.rank = s.rank;
  c.lora.alpha = double(s.rank);
  c.lora.targets = parse_targets(s.targets);
  c.val_every = validating ? std::max<int64_t>(1, s.val_every) : 0;
  c.val_episodes = s.val_episodes;
  c.checkpoint_every = s.checkpoint_every;
  c.checkpoint_dir = s.checkpoint_dir();
  return c;
}

}  // namespace

namespace {

MetaTrainOutcome run_meta_training_impl(const Model& model, const MetaTrainSettings& s,
                                        const JobCallbacksPlain& callbacks,
                                        const JobControl& control) {
  if (s.threads > 0) lrc::set_threads(s.threads);
  if (s.out_path.empty()) throw InputError("choose where to save the meta-LoRA");
  if (s.mask_ratio >= 1.0) throw InputError("mask ratio must be below 1");
  const Model::Impl& m = model.impl();
  resolve_precision(parse_precision(s.precision), m.device);  // before any pool is inverted
  std::shared_ptr<Dataset> val_data;
  if (!s.val_dir.empty()) val_data = open_dataset(s.val_dir);  // fail before the long part
  const MetaTrainConfig config = meta_config(s, bool(val_data));
  auto tasks =
      make_pool_tasks(gather_pools(model, s, callbacks, control), config.shape, s.mask_ratio);
  if (callbacks.log)
    callbacks.log("meta-training on " + std::to_string(tasks->sources()) +
                  " LoRAs: " + std::to_string(s.way) + "-way " + std::to_string(s.shot) +
                  "-shot, " + std::to_string(s.episodes) + " episodes on " + m.summary.device);
  JobContext ctx{m.device, s.seed, &control.token(), core_callbacks(callbacks, "meta-LoRA", {})};
  ctx.precision = parse_precision(s.precision);
  MetaTrainResult r =
      meta_train(m.vit(), *tasks, config, Validation{val_data.get(), nullptr}, ctx, s.resume);

  LoraAdapter& result = r.best;
  result.info.name = stem_of(s.out_path);
  Json zoo = Json::array();
  for (const auto& p : s.adapter_paths) zoo.push_back(path_for_record(p, s.out_path));
  result.info.provenance["zoo"] = std::move(zoo);
  result.info.provenance["pool_dir"] = path_for_record(s.pool_dir, s.out_path);
  const fs::path parent = fs::path(s.out_path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  save_adapter(result, s.out_path);
  if (callbacks.log)
    callbacks.log("saved the meta-LoRA (step " + std::to_string(r.best_step) + ") to " +
                  s.out_path);

  MetaTrainOutcome out;
  out.out_path = s.out_path;
  out.steps = int64_t(r.losses.size());
  out.best_step = r.best_step;
  out.best_accuracy = r.best_accuracy;
  out.losses = r.losses;
  for (const auto& v : r.validation) out.validation.emplace_back(v.step, v.accuracy);
  out.resumed_from = r.resumed_from;
  out.seconds = r.seconds;
  out.checkpoints = list_meta_checkpoints(s.out_path);
  return out;
}

}  // namespace

}  // namespace lrc::api
