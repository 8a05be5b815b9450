#include "api/jobs.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include <torch/torch.h>

#include "api/internal.h"
#include "data/dataset.h"
#include "fewshot/metric.h"
#include "io/disk_space.h"
#include "io/error.h"
#include "io/paths.h"
#include "io/text.h"
#include "jobs/job.h"
#include "model/adapter_io.h"
#include "recycle/bn_prior.h"
#include "recycle/inversion.h"
#include "recycle/meta_train.h"
#include "recycle/pool.h"
#include "recycle/tasks.h"
#include "recycle/zoo.h"
#include "api/local_ranks.h"
#include "runtime/distributed.h"
#include "runtime/precision.h"
#include "runtime/runtime.h"
#include "jobs/seed_streams.h"

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
void JobControl::finish_early() {
  token_->finish_early();
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

}  // namespace

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

namespace {

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

// "cat,3": class names of the adapter or head indices.
std::vector<int64_t> resolve_class_selection(const LoraAdapter& adapter,
                                             const std::string& adapter_path,
                                             const std::string& selection) {
  std::vector<int64_t> out;
  const auto& names = adapter.info.classes;
  for (const std::string& item : split_list(selection)) {
    auto it = std::find(names.begin(), names.end(), item);
    if (it != names.end()) {
      out.push_back(int64_t(it - names.begin()));
      continue;
    }
    size_t used = 0;
    int64_t index = -1;
    try {
      index = std::stoll(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size())
      throw InputError("classes: \"" + item + "\" is neither a class of adapter " + adapter_path +
                       " nor an index");
    out.push_back(index);
  }
  return out;
}

InversionConfig inversion_config(const InversionSettings& s) {
  InversionConfig c;
  c.jitter_fraction = s.jitter;
  c.flip_probability = s.flip;
  c.batch_size = s.batch;
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
CollectionInversionOutcome run_collection_impl(const Model& model,
                                               const CollectionInversionSettings& s,
                                               const JobCallbacksPlain& callbacks,
                                               const JobControl& control);
MetaTrainOutcome run_meta_training_impl(const Model& model, const MetaTrainSettings& s,
                                        const JobCallbacksPlain& callbacks,
                                        const JobControl& control);
}  // namespace

InversionOutcome run_inversion(const Model& model, const InversionSettings& s,
                               const JobCallbacksPlain& callbacks, const JobControl& control) {
  return without_torch_backtraces([&] { return run_inversion_impl(model, s, callbacks, control); });
}

CollectionInversionOutcome run_collection_inversion(const Model& model,
                                                    const CollectionInversionSettings& s,
                                                    const JobCallbacksPlain& callbacks,
                                                    const JobControl& control) {
  return without_torch_backtraces(
      [&] { return run_collection_impl(model, s, callbacks, control); });
}

InversionSettings inversion_settings_from_json(const Json& j, InversionSettings s) {
  s.iterations = j.get_int32("iterations", s.iterations);
  s.lr = j.get_number("lr", s.lr);
  s.bn_weight = j.get_number("bn_weight", s.bn_weight);
  s.tv_weight = j.get_number("tv_weight", s.tv_weight);
  s.l2_weight = j.get_number("l2_weight", s.l2_weight);
  s.jitter = j.get_number("jitter_fraction", s.jitter);
  s.flip = j.get_number("flip_probability", s.flip);
  s.per_class = j.get_int32("per_class", s.per_class);
  s.batch = j.get_int32("batch_size", s.batch);
  s.prune_start_fraction = j.get_number("prune_start_fraction", s.prune_start_fraction);
  s.mask_ratio = j.get_number("mask_ratio", s.mask_ratio);
  if (const Json* c = j.find("classes"); c && c->is_array()) {
    s.classes.clear();
    for (const auto& v : c->as_array()) s.classes.push_back(v.as_int());
  }
  if (const Json* l = j.find("prune_layers"); l && l->is_array()) {
    s.prune_layers.clear();
    for (const auto& v : l->as_array()) s.prune_layers.push_back(v.as_int32());
  }
  if (const Json* r = j.find("prune_ratios"); r && r->is_array()) {
    s.prune_ratios.clear();
    for (const auto& v : r->as_array()) s.prune_ratios.push_back(v.as_number());
  }
  return s;
}

InversionSettings inversion_settings_of_pool(const std::string& pool_dir) {
  return without_torch_backtraces([&] {
    const SurrogatePool pool = load_pool(pool_dir);
    const Json* j = pool.info.find("settings");
    if (!j || !j->is_object())
      throw InputError(file_message(pool_dir, "the pool records no inversion settings"));
    InversionSettings s = inversion_settings_from_json(*j, {});
    // The seed the pool was made with (a collection member's derived one): the same settings
    // and seed reproduce this very pool.
    s.seed = uint64_t(pool.info.get_int("seed", 0));
    s.prior_path = pool.info.get_string("prior_path", "");
    s.precision = pool.info.get_string("precision", s.precision);
    return s;
  });
}

std::pair<int, int> parse_shard(const std::string& text, const std::string& what) {
  return dist::parse_shard(text, what);
}

std::pair<int, int> shard_from_environment() {
  return dist::shard_from_environment();
}

std::vector<std::string> collection_member_paths(const std::string& zoo_dir) {
  return without_torch_backtraces([&] {
    std::vector<std::string> out;
    for (const ZooMember& m : list_zoo(zoo_dir)) out.push_back(m.path);
    return out;
  });
}

double CollectionInversionOutcome::mean_teacher_accuracy() const {
  if (done.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (const auto& d : done) sum += d.teacher_accuracy;
  return sum / double(done.size());
}

MetaTrainOutcome run_meta_training(const Model& model, const MetaTrainSettings& s,
                                   const JobCallbacksPlain& callbacks, const JobControl& control) {
  return without_torch_backtraces(
      [&] { return run_meta_training_impl(model, s, callbacks, control); });
}

namespace {

// A finished inversion → the outcome (and the pool folder when s.out_dir is set).
InversionOutcome finish_inversion(const Model::Impl& m, const InversionSettings& s,
                                  const LoraAdapter& teacher, InversionResult r) {
  r.pool.adapter_path = s.adapter_path;
  r.pool.info["model"] = s.model_label.empty() ? m.summary.path : s.model_label;
  if (!s.prior_path.empty()) r.pool.info["prior_path"] = s.prior_path;
  InversionOutcome out;
  out.adapter_name = teacher.info.name;
  out.class_names = r.pool.class_names;
  out.images = r.pool.size();
  out.teacher_accuracy = r.teacher_accuracy;
  out.seconds = r.seconds;
  out.stopped_early = r.stopped_early;
  out.iterations_run = r.iterations_run;
  out.losses = {r.losses.total, r.losses.ce, r.losses.prior, r.losses.tv, r.losses.l2};
  if (const Json* t = r.pool.info.find("tokens_per_layer"); t && t->is_array())
    for (const auto& v : t->as_array()) out.tokens_per_layer.push_back(v.as_int());
  auto impl = std::make_unique<InvertedPool::Impl>();
  impl->pool = std::move(r.pool);
  out.pool = std::make_shared<InvertedPool>(std::move(impl));
  if (!s.out_dir.empty()) {
    out.pool->save(s.out_dir, s.write_pngs);
    out.saved_to = s.out_dir;
  }
  return out;
}

PriorNet load_optional_prior(const Model::Impl& m, const InversionSettings& s,
                             const JobCallbacksPlain& callbacks) {
  if (!s.prior_path.empty()) return load_prior(s.prior_path, m.device);
  if (callbacks.log) callbacks.log("no prior network: the naturalness prior R_bn is off");
  return PriorNet{nullptr};
}

// The core configuration of `s` for `teacher` (its class selection resolved).
InversionConfig config_for(const InversionSettings& s, const LoraAdapter& teacher) {
  InversionConfig config = inversion_config(s);
  if (!s.class_selection.empty())
    config.classes = resolve_class_selection(teacher, s.adapter_path, s.class_selection);
  return config;
}

InversionOutcome run_inversion_impl(const Model& model, const InversionSettings& s,
                                    const JobCallbacksPlain& callbacks, const JobControl& control) {
  if (s.threads > 0) lrc::set_threads(s.threads);
  const Model::Impl& m = model.impl();
  resolve_precision(parse_precision(s.precision), m.device);  // a bad choice fails first
  LoraAdapter teacher = load_teacher(s.adapter_path, m.config());
  const InversionConfig config = config_for(s, teacher);
  PriorNet prior = load_optional_prior(m, s, callbacks);
  const auto names = teacher_class_names(teacher);
  JobContext ctx{m.device, s.seed, &control.token(),
                 core_callbacks(callbacks, teacher.info.name, names)};
  ctx.precision = parse_precision(s.precision);
  ctx.may_finish_early = true;  // one adapter's partial images are worth keeping
  if (callbacks.log)
    callbacks.log("inverting " + teacher.info.name + ": " + std::to_string(config.iterations) +
                  " iterations, " + std::to_string(config.per_class) + " images per class on " +
                  m.summary.device);
  InversionResult r = invert(m.vit(), teacher, prior ? &prior : nullptr, config, ctx);
  return finish_inversion(m, s, teacher, std::move(r));
}

struct Member {
  std::string name, path;
};

std::vector<Member> collection_members(const CollectionInversionSettings& s) {
  if (s.zoo_dir.empty() == s.adapter_paths.empty())
    throw InputError("choose either a collection folder or a list of LoRAs to invert");
  std::vector<Member> out;
  if (!s.zoo_dir.empty()) {
    for (const ZooMember& z : list_zoo(s.zoo_dir)) out.push_back({z.name, z.path});
  } else {
    for (const auto& p : s.adapter_paths) out.push_back({stem_of(p), p});
  }
  return out;
}

CollectionInversionOutcome run_collection_impl(const Model& model,
                                               const CollectionInversionSettings& s,
                                               const JobCallbacksPlain& callbacks,
                                               const JobControl& control) {
  if (s.inversion.threads > 0) lrc::set_threads(s.inversion.threads);
  if (s.out_dir.empty()) throw InputError("choose a folder for the pools");
  if (s.together < 1 || s.together > 64)
    throw InputError("members inverted together must lie in [1, 64], not " +
                     std::to_string(s.together));
  const Model::Impl& m = model.impl();
  const Precision precision = parse_precision(s.inversion.precision);
  resolve_precision(precision, m.device);
  if (s.shard_count < 1 || s.shard_index < 0 || s.shard_index >= s.shard_count)
    throw InputError("shard " + std::to_string(s.shard_index) + "/" +
                     std::to_string(s.shard_count) + ": need 0 ≤ I < N");
  const std::vector<Member> members = collection_members(s);
  // With a class selection the head indices may differ per member: one at a time.
  const size_t together = s.inversion.class_selection.empty() ? size_t(s.together) : 1;
  auto dir_of = [&](size_t i) { return (fs::path(s.out_dir) / members[i].name).string(); };

  CollectionInversionOutcome out;
  std::vector<size_t> pending;
  for (size_t i = 0; i < members.size(); ++i) {
    if (int(i % size_t(s.shard_count)) != s.shard_index) continue;  // another shard's member
    std::error_code ec;
    if (fs::exists(fs::path(dir_of(i)) / "pool.safetensors", ec)) {
      out.kept.push_back(dir_of(i));  // the outcome lists them; front ends say so
    } else {
      pending.push_back(i);
    }
  }
  if (pending.empty()) return out;
  PriorNet prior = load_optional_prior(m, s.inversion, callbacks);
  JobContext ctx{m.device, s.inversion.seed, &control.token(), {}};
  ctx.precision = precision;
  const PrecisionScope scope = enter_precision(ctx);  // one choice (and log line) for all
  auto member_settings = [&](size_t i) {
    InversionSettings one = s.inversion;
    one.adapter_path = members[i].path;
    one.out_dir = dir_of(i);
    one.seed = derive_seed(s.inversion.seed, seed_stream::kCollectionMember, i);
    return one;
  };
  for (size_t start = 0; start < pending.size();) {
    control.token().checkpoint();
    // The next run of members that can share a pass (same LoRA layout and head size).
    std::vector<LoraAdapter> teachers{load_teacher(members[pending[start]].path, m.config())};
    size_t end = start + 1;
    while (end < pending.size() && teachers.size() < together) {
      LoraAdapter next = load_teacher(members[pending[end]].path, m.config());
      if (!can_invert_together(teachers.front(), next)) break;
      teachers.push_back(std::move(next));
      ++end;
    }
    const std::string label = end - start == 1 ? std::to_string(pending[start] + 1)
                                               : std::to_string(pending[start] + 1) + "–" +
                                                     std::to_string(pending[end - 1] + 1);
    JobContext batch_ctx = ctx;
    batch_ctx.callbacks = core_callbacks(callbacks, members[pending[start]].name,
                                         teacher_class_names(teachers.front()));
    batch_ctx.callbacks.snapshot = nullptr;  // a collection run shows progress, not images
    auto progress = batch_ctx.callbacks.progress;
    if (progress)
      batch_ctx.callbacks.progress = [&, progress](const ProgressEvent& e) {
        ProgressEvent z = e;
        z.stage = "invert " + label + "/" + std::to_string(members.size());
        progress(z);
      };
    const InversionSettings first = member_settings(pending[start]);
    if (teachers.size() == 1) {
      batch_ctx.seed = first.seed;
      InversionResult r = invert(m.vit(), teachers[0], prior ? &prior : nullptr,
                                 config_for(first, teachers[0]), batch_ctx);
      out.done.push_back(finish_inversion(m, first, teachers[0], std::move(r)));
    } else {
      std::vector<const LoraAdapter*> refs;
      std::vector<uint64_t> seeds;
      for (size_t k = start; k < end; ++k) {
        refs.push_back(&teachers[k - start]);
        seeds.push_back(member_settings(pending[k]).seed);
      }
      auto results = invert_batched(m.vit(), refs, seeds, prior ? &prior : nullptr,
                                    inversion_config(first), batch_ctx);
      for (size_t k = start; k < end; ++k)
        out.done.push_back(finish_inversion(m, member_settings(pending[k]), teachers[k - start],
                                            std::move(results[k - start])));
    }
    start = end;
  }
  (void)scope;
  return out;
}

}  // namespace

// ---------------------------------------------------------------- meta-training

std::string pool_folder_for(const std::string& pool_dir, const std::string& adapter_path) {
  return (fs::path(pool_dir) / stem_of(adapter_path)).string();
}

namespace {
std::vector<std::pair<int64_t, std::string>> list_checkpoints_quietly(const std::string& dir) {
  try {
    return list_checkpoints(dir);
  } catch (const std::exception&) {
    return {};
  }
}
}  // namespace

std::vector<std::pair<int64_t, std::string>> list_meta_checkpoints(const std::string& out_path) {
  return list_checkpoints_quietly(out_path + ".checkpoints");
}

namespace {

// The members of the collection being recycled: (name, path), names being file stems.
std::vector<Member> meta_members(const MetaTrainSettings& s) {
  if (!s.zoo_dir.empty() && !s.adapter_paths.empty())
    throw InputError("choose either a collection folder or a list of LoRAs to recycle");
  if (s.zoo_dir.empty() && s.adapter_paths.empty())
    throw InputError("choose at least one LoRA of the collection to recycle");
  CollectionInversionSettings c;
  c.zoo_dir = s.zoo_dir;
  c.adapter_paths = s.adapter_paths;
  return collection_members(c);
}

// Disk bytes of one member's pool as save_pool writes it: float32 pixels, the per-patch mask and
// ranking, and up to two PNGs per image (images/ and masked/, taken uncompressed: an upper bound).
uint64_t estimated_pool_bytes(const ViTConfig& config, const InversionSettings& s,
                              const LoraAdapter& teacher) {
  const uint64_t classes =
      s.classes.empty() ? uint64_t(teacher.head.weight.size(0)) : uint64_t(s.classes.size());
  const uint64_t side = uint64_t(config.image_size), patches = uint64_t(config.num_patches());
  const uint64_t per_image =
      12 * side * side + (s.write_pngs ? 6 * side * side + 256 : 0) + 16 * patches + 64;
  return classes * uint64_t(std::max(0, s.per_class)) * per_image + (64u << 10);
}

// The pools behind the members: loaded from pool_dir, or inverted now (and saved there).
std::vector<SurrogatePool> gather_pools(const Model& model, const MetaTrainSettings& s,
                                        const std::vector<Member>& members,
                                        const JobCallbacksPlain& cb, const JobControl& control) {
  if (s.pool_dir.empty())
    throw InputError("choose a pool folder (where the inverted images are kept)");
  bool missing = false;
  uint64_t pool_bytes = 0;  // what the missing pools will take on disk, roughly
  for (const auto& member : members) {
    const std::string folder = (fs::path(s.pool_dir) / member.name).string();
    std::error_code ec;
    if (fs::exists(fs::path(folder) / "pool.safetensors", ec)) continue;
    if (!s.invert_missing)
      throw InputError(file_message(
          folder, "no surrogate pool for " + member.path + " (invert it first: invert --adapter " +
                      member.path + " --out " + folder + ", or allow inverting missing pools)"));
    missing = true;
    // Every member to invert must fit the model: known now, not after the others' minutes.
    const LoraAdapter teacher = load_teacher(member.path, model.impl().config());
    check_adapter_fits(teacher, model.impl().config(), member.path);
    pool_bytes += estimated_pool_bytes(model.impl().config(), s.inversion, teacher);
  }
  if (missing)
    check_free_space(s.pool_dir, pool_bytes, free_bytes(s.pool_dir), "the surrogate pools");
  if (missing && s.inversion.per_class < s.shot + s.query)
    // Known before a minute of inverting: the new pools could not serve a single episode.
    throw InputError("the pools to invert would hold " + std::to_string(s.inversion.per_class) +
                     " images per class, but " + std::to_string(s.shot) + "-shot " +
                     std::to_string(s.query) + "-query episodes need " +
                     std::to_string(s.shot + s.query) +
                     ": raise the images per class of the inversion or lower shot or query");
  if (missing) {
    // The missing pools as `invert --zoo` makes them: the same member seeds, batched.
    CollectionInversionSettings c;
    for (const auto& member : members) c.adapter_paths.push_back(member.path);
    c.out_dir = s.pool_dir;
    c.inversion = s.inversion;
    c.inversion.seed = s.seed;
    c.inversion.threads = 0;
    c.inversion.precision = s.precision;
    JobCallbacksPlain quiet{cb.progress, nullptr, cb.log};  // no snapshots from the training job
    run_collection_impl(model, c, quiet, control);
  }
  std::vector<SurrogatePool> pools;
  for (const auto& member : members) {
    control.token().checkpoint();
    const std::string folder = (fs::path(s.pool_dir) / member.name).string();
    if (cb.log) cb.log("using the surrogate pool " + folder);
    pools.push_back(load_pool(folder));
  }
  return pools;
}

std::vector<LoraAdapter> load_members(const std::vector<Member>& members, const ViTConfig& config) {
  std::vector<LoraAdapter> out;
  for (const auto& member : members) {
    out.push_back(load_adapter(member.path, config));  // heads are checked where they are used
    out.back().info.name = member.name;
  }
  return out;
}

// Upper bound: episodes from real images of the classes each member was tuned on.
std::unique_ptr<TaskSource> real_tasks(const std::vector<LoraAdapter>& members,
                                       const MetaTrainSettings& s, const MetaTrainConfig& c,
                                       const ViTConfig& config) {
  std::shared_ptr<const Dataset> data = open_dataset(s.real_data_dir);
  const auto& names = data->class_names();
  std::vector<std::vector<int64_t>> groups;
  for (const auto& a : members) {
    std::vector<int64_t> g;
    for (const auto& name : a.info.classes) {
      auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end())
        throw InputError(file_message(
            s.real_data_dir, "has no class \"" + name + "\" of LoRA \"" + a.info.name + "\""));
      g.push_back(int64_t(it - names.begin()));
    }
    groups.push_back(std::move(g));
  }
  if (s.mix_sources) {  // one group: episodes draw their classes from all the members' classes
    std::vector<int64_t> all;
    for (const auto& g : groups) all.insert(all.end(), g.begin(), g.end());
    groups = {all};
  }
  return make_dataset_tasks(data, std::move(groups), c.shape, config);
}

// Held-out pools for validation: `dir` itself when it is a pool folder, else every sub-folder.
std::unique_ptr<TaskSource> validation_pool_tasks(const std::string& dir, TaskShape shape) {
  std::vector<SurrogatePool> held_out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(file_message(dir, "is not a folder"));
  std::vector<fs::path> folders;
  if (fs::exists(fs::path(dir) / "pool.safetensors", ec)) {
    folders.push_back(dir);  // one pool folder itself
  } else {
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_directory()) folders.push_back(e.path());
  }
  std::sort(folders.begin(), folders.end());  // a fixed order: the same validation episodes
  for (const auto& f : folders) held_out.push_back(load_pool(f.string()));
  if (held_out.empty()) throw InputError(file_message(dir, "holds no surrogate pools"));
  return make_pool_tasks(std::move(held_out), shape, 0.0);
}

MetaTrainConfig meta_config(const MetaTrainSettings& s, bool validating) {
  MetaTrainConfig c;
  c.shape = {s.way, s.shot, s.query};
  c.episodes = s.episodes;
  if (s.episodes_per_step < 1) throw InputError("episodes per step must be at least 1");
  c.episodes_per_step = s.episodes_per_step;
  c.lr = s.lr;
  c.cycle = s.cycle;
  c.warmup = s.warmup;
  if (c.warmup < 0 || c.cycle < 1 || c.warmup >= c.cycle)
    throw InputError("learning-rate schedule: need 0 ≤ warm-up < cycle");
  if (s.episodes < 1) throw InputError("episodes must be at least 1");
  c.lora.rank = s.rank;
  c.lora.alpha = s.alpha > 0 ? s.alpha : double(s.rank);
  c.lora.targets = parse_targets(s.targets);
  c.metric.metric = metric_from_name(s.metric);
  c.metric.cosine_scale = s.cosine_scale;
  c.kl_weight = s.kl_weight;
  c.val_every = validating ? std::max<int64_t>(1, s.val_every) : 0;
  c.val_episodes = s.val_episodes;
  c.checkpoint_every = s.checkpoint_every;
  c.checkpoint_dir = s.checkpoint_dir();
  return c;
}

void check_meta_settings(const MetaTrainSettings& s) {
  if (s.out_path.empty()) throw InputError("choose where to save the meta-LoRA");
  if (s.mask_ratio >= 1.0) throw InputError("mask ratio must be below 1");
  const bool pools_or_real = !s.real_data_dir.empty() || !s.pool_dir.empty();
  if (s.mix_sources && !pools_or_real) throw InputError("mixing sources needs pools or real data");
  if (s.mix_sources && s.kl_weight > 0)
    throw InputError("the KL term needs episodes from a single teacher: do not mix sources");
  if (!pools_or_real && !s.invert_on_the_fly)
    throw InputError("choose a pool folder (where the inverted images are kept)");
}

// Everything the run needs that must outlive the task source (it keeps pointers to them).
struct MetaInputs {
  std::vector<LoraAdapter> teachers;
  PriorNet prior{nullptr};
  std::unique_ptr<TaskSource> tasks;
  std::shared_ptr<Dataset> val_data;
  std::unique_ptr<TaskSource> val_tasks;
};

void prepare_tasks(const Model& model, const MetaTrainSettings& s, const MetaTrainConfig& c,
                   const JobCallbacksPlain& cb, const JobControl& control, MetaInputs& in) {
  const Model::Impl& m = model.impl();
  const std::vector<Member> members = meta_members(s);
  const bool need_teachers =
      !s.real_data_dir.empty() || s.kl_weight > 0 || (s.pool_dir.empty() && s.invert_on_the_fly);
  if (need_teachers) in.teachers = load_members(members, m.config());
  if (!s.real_data_dir.empty()) {
    in.tasks = real_tasks(in.teachers, s, c, m.config());
  } else if (!s.pool_dir.empty()) {
    in.tasks = make_pool_tasks(gather_pools(model, s, members, cb, control), c.shape, s.mask_ratio,
                               s.mix_sources);
  } else {  // a fresh inversion of a member every step
    in.prior = load_optional_prior(m, s.inversion, cb);
    in.tasks = make_inversion_tasks(m.vit(), in.teachers, in.prior ? &in.prior : nullptr,
                                    inversion_config(s.inversion), c.shape, s.mask_ratio, m.device,
                                    &control.token());
  }
}

MetaTrainOutcome save_meta_result(const Model::Impl& m, const MetaTrainSettings& s,
                                  MetaTrainResult& r, const JobCallbacksPlain& callbacks) {
  LoraAdapter& result = s.keep_last ? r.meta_lora : r.best;
  result.info.name = stem_of(s.out_path);
  if (!s.zoo_dir.empty()) {
    result.info.provenance["zoo"] = path_for_record(s.zoo_dir, s.out_path);
  } else {
    Json zoo = Json::array();
    for (const auto& p : s.adapter_paths) zoo.push_back(path_for_record(p, s.out_path));
    result.info.provenance["zoo"] = std::move(zoo);
  }
  if (!s.pool_dir.empty())
    result.info.provenance["pool_dir"] = path_for_record(s.pool_dir, s.out_path);
  const fs::path parent = fs::path(s.out_path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  save_adapter(result, s.out_path);
  if (!s.export_peft_dir.empty())
    save_adapter_peft(result, s.export_peft_dir, m.config().family, m.config().name);

  MetaTrainOutcome out;
  out.out_path = s.out_path;
  out.steps = int64_t(r.losses.size());
  out.saved_step = s.keep_last ? out.steps : r.best_step;
  if (callbacks.log)
    callbacks.log("saved the meta-LoRA (step " + std::to_string(out.saved_step) + ") to " +
                  s.out_path);
  out.best_step = r.best_step;
  out.best_accuracy = r.best_accuracy;
  out.losses = r.losses;
  for (const auto& v : r.validation) out.validation.emplace_back(v.step, v.accuracy);
  out.resumed_from = r.resumed_from;
  out.seconds = r.seconds;
  out.checkpoints = list_checkpoints_quietly(s.checkpoint_dir());
  return out;
}

}  // namespace

namespace {

std::string counted(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Before any group is joined: a run that cannot work fails at once, not after a timeout.
void check_local_processes(const MetaTrainSettings& s, int environment_world) {
  if (s.local_processes < 1) throw InputError("the number of processes must be at least 1");
  if (s.local_processes == 1) return;
  if (environment_world > 1)
    throw InputError("several local processes cannot be started inside a run of " +
                     std::to_string(environment_world) +
                     " processes that torchrun or srun started: use one of the two");
  if (!dist::available())
    throw InputError("this build has no torch.distributed (c10d with Gloo): it cannot run " +
                     std::to_string(s.local_processes) + " processes");
  if (s.dist_timeout_s < 1) throw InputError("the distributed timeout must be at least 1 s");
  helper_program(s);
}

// The intra-op threads as they were before a local run split them over its ranks.
struct ThreadsRestore {
  int before = lrc::threads();
  ~ThreadsRestore() { lrc::set_threads(before); }
};

// Runs f; when it fails while a helper rank has already failed, the error says so, with the end
// of that rank's log (the helper's own message is usually the cause rank 0 only sees as a lost
// connection). A stop (Cancelled) stays what it is.
template <typename F>
auto with_helper_failures(LocalRanks* helpers, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Cancelled&) {
    throw;
  } catch (const std::exception& e) {
    const std::string why = helpers ? helpers->failures() : std::string();
    if (why.empty()) throw;
    const std::string what = std::string(e.what()) + "; " + why;
    if (dynamic_cast<const InputError*>(&e)) throw InputError(what);  // still bad input
    throw Error(what);
  }
}

MetaTrainOutcome run_meta_training_impl(const Model& model, const MetaTrainSettings& s,
                                        const JobCallbacksPlain& all_callbacks,
                                        const JobControl& control) {
  if (s.threads > 0) lrc::set_threads(s.threads);
  check_meta_settings(s);
  // The group first: a malformed rendezvous fails before anything is loaded.
  std::unique_ptr<dist::Group> group;
  if (s.join_environment_group) {
    if (s.dist_timeout_s < 1) throw InputError("the distributed timeout must be at least 1 s");
    if (const auto rv = dist::rendezvous_from_environment(); rv && rv->world_size > 1) {
      check_local_processes(s, rv->world_size);
      group = dist::Group::join(*rv, std::chrono::seconds(s.dist_timeout_s));
    }
  }
  check_local_processes(s, 1);
  const bool lead = !group || group->rank() == 0;
  const JobCallbacksPlain quiet;  // ranks other than 0 stay silent
  const JobCallbacksPlain& callbacks = lead ? all_callbacks : quiet;
  const Model::Impl& m = model.impl();
  resolve_precision(parse_precision(s.precision), m.device);  // before any pool is inverted
  MetaInputs in;
  // Validation inputs first: a bad folder fails before the long part.
  if (!s.val_dir.empty()) in.val_data = open_dataset(s.val_dir);
  if (!s.val_pool_dir.empty())
    in.val_tasks = validation_pool_tasks(s.val_pool_dir, {s.way, s.shot, s.query});
  MetaTrainConfig config = meta_config(s, in.val_data || in.val_tasks);
  prepare_tasks(model, s, config, callbacks, control, in);
  // Local helper ranks start once the pools exist (rank 0 has inverted the missing ones).
  std::unique_ptr<LocalRanks> helpers;
  ThreadsRestore restore_threads;
  if (s.local_processes > 1) {
    const int per_rank =
        std::max(1, (s.threads > 0 ? s.threads : lrc::threads()) / s.local_processes);
    helpers = std::make_unique<LocalRanks>(model, s, per_rank);
    lrc::set_threads(per_rank);
    if (callbacks.log)
      callbacks.log("started " +
                    counted(s.local_processes - 1, "helper process", "helper processes") +
                    " on 127.0.0.1:" + std::to_string(helpers->rank0().master_port) + ", " +
                    counted(per_rank, "thread", "threads") + " per rank (logs in " +
                    helpers->log_dir() + ")");
    group = with_helper_failures(helpers.get(), [&] {
      return dist::Group::join(helpers->rank0(), std::chrono::seconds(s.dist_timeout_s));
    });
  }
  config.group = group.get();
  if (callbacks.log) {
    std::string line = "meta-training on " + std::to_string(in.tasks->sources()) +
                       " LoRAs: " + std::to_string(s.way) + "-way " + std::to_string(s.shot) +
                       "-shot, " + std::to_string(s.episodes) + " episodes on " + m.summary.device;
    if (s.episodes_per_step > 1 || group)
      line += " (" + std::to_string(s.episodes_per_step) + " episodes per step over " +
              std::to_string(group ? group->size() : 1) +
              (group && group->size() > 1 ? " ranks)" : " rank)");
    callbacks.log(line);
  }
  JobContext ctx{m.device, s.seed, &control.token(), core_callbacks(callbacks, "meta-LoRA", {})};
  ctx.precision = parse_precision(s.precision);
  MetaTrainResult r = with_helper_failures(helpers.get(), [&] {
    return meta_train(m.vit(), *in.tasks, config, Validation{in.val_data.get(), in.val_tasks.get()},
                      ctx, s.resume, s.kl_weight > 0 ? &in.teachers : nullptr);
  });
  if (!lead) {
    MetaTrainOutcome out;
    out.steps = int64_t(r.losses.size());
    out.losses = r.losses;
    out.resumed_from = r.resumed_from;
    out.seconds = r.seconds;
    out.rank = group->rank();
    out.world_size = group->size();
    return out;
  }
  MetaTrainOutcome out = save_meta_result(m, s, r, callbacks);
  out.world_size = group ? group->size() : 1;
  if (helpers) helpers->finish(std::chrono::seconds(s.dist_timeout_s), callbacks.log);
  return out;
}

}  // namespace

}  // namespace lrc::api
