#include "api/training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <torch/torch.h>

#include "api/internal.h"
#include "data/dataset.h"
#include "io/atomic_file.h"
#include "io/error.h"
#include "io/text.h"
#include "io/paths.h"
#include "model/adapter_io.h"
#include "model/lora.h"
#include "recycle/bn_prior.h"
#include "recycle/pretrain.h"
#include "recycle/pretune.h"
#include "runtime/precision.h"
#include "runtime/runtime.h"

namespace lrc::api {

namespace fs = std::filesystem;

namespace {

LoraSpec lora_spec(const LoraShape& s) {
  if (s.rank < 1) throw InputError("rank must be at least 1");
  LoraSpec spec;
  spec.rank = s.rank;
  spec.alpha = std::isnan(s.alpha) ? double(s.rank) : s.alpha;
  spec.targets = parse_targets(s.targets);
  return spec;
}

TuneConfig tune_config(const TuneSettings& s) {
  if (!(s.holdout > 0 && s.holdout < 1)) throw InputError("holdout must be in (0, 1)");
  TuneConfig c;
  c.lora = lora_spec(s.lora);
  c.steps = s.steps;
  c.batch = s.batch;
  c.lr = s.lr;
  c.holdout = s.holdout;
  return c;
}

// The context of a job on `device`: the precision is checked first, so a bad choice fails
// before any loading.
JobContext job_context(torch::Device device, uint64_t seed, const std::string& precision,
                       const JobCallbacksPlain& callbacks, const JobControl& control,
                       const std::string& item) {
  JobContext ctx{device, seed, &control.token(), core_callbacks(callbacks, item, {})};
  ctx.precision = parse_precision(precision);
  resolve_precision(ctx.precision, device);
  return ctx;
}

// "a,b,c" against the data's classes: names, or ids when every item is an integer that is not
// also a class name. Errors name the unknown item.
std::vector<int64_t> resolve_classes(const Dataset& data, const std::string& csv) {
  const auto& names = data.class_names();
  std::vector<int64_t> out;
  for (const std::string& item : split_list(csv)) {
    if (item.empty()) continue;
    auto it = std::find(names.begin(), names.end(), item);
    if (it != names.end()) {
      out.push_back(int64_t(it - names.begin()));
      continue;
    }
    try {
      size_t used = 0;
      const long long id = std::stoll(item, &used);
      if (used == item.size() && id >= 0 && id < int64_t(names.size())) {
        out.push_back(id);
        continue;
      }
    } catch (...) {
    }
    throw InputError("--classes: \"" + item + "\" is not a class of the data (" +
                     std::to_string(names.size()) + " classes, e.g. \"" +
                     (names.empty() ? std::string() : names.front()) + "\")");
  }
  if (out.size() < 2) throw InputError("--classes needs at least 2 classes");
  return out;
}

// A class list file: one class per line, # comments; errors name the file.
std::vector<int64_t> classes_from_file(const Dataset& data, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(file_message(path, "cannot read the class list"));
  std::string line, csv;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != '#') csv += (csv.empty() ? "" : ",") + line;
  }
  try {
    return resolve_classes(data, csv);
  } catch (const InputError& e) {
    throw InputError(file_message(path, e.what()));
  }
}

TuneLoraOutcome run_tune_lora_impl(const Model& model, const TuneLoraSettings& s,
                                   const JobCallbacksPlain& callbacks, const JobControl& control) {
  const Model::Impl& m = model.impl();
  const TuneConfig config = tune_config(s.tune);
  const JobContext ctx = job_context(m.device, s.tune.seed, s.tune.precision, callbacks, control,
                                     fs::path(s.out_path).stem().string());
  auto data = open_dataset(s.data_dir);
  const auto classes = resolve_classes(*data, s.classes);
  TuneResult r = tune_lora(m.vit(), *data, classes, config, ctx);
  r.adapter.info.name = fs::path(s.out_path).stem().string();
  r.adapter.info.provenance["data"] = path_for_record(s.data_dir, s.out_path);
  save_adapter(r.adapter, s.out_path);
  TuneLoraOutcome o;
  o.saved_to = s.out_path;
  o.classes = int64_t(classes.size());
  o.train_accuracy = r.train_accuracy;
  o.heldout_accuracy = r.heldout_accuracy;
  o.seconds = r.seconds;
  return o;
}

MakeZooOutcome run_make_zoo_impl(const Model& model, const MakeZooSettings& s,
                                 const JobCallbacksPlain& callbacks, const JobControl& control) {
  if (s.count < 1) throw InputError("count must be at least 1");
  if (s.way < 2) throw InputError("way must be at least 2");
  const Model::Impl& m = model.impl();
  ZooConfig z;
  z.count = s.count;
  z.way = s.way;
  z.tune = tune_config(s.tune);
  const JobContext ctx =
      job_context(m.device, s.tune.seed, s.tune.precision, callbacks, control, s.out_dir);
  auto data = open_dataset(s.data_dir);
  if (!s.classes_file.empty()) z.class_pool = classes_from_file(*data, s.classes_file);
  // The data folder as the zoo's files record it: relative to the zoo folder.
  make_zoo(m.vit(), *data, z, s.out_dir,
           path_for_record(s.data_dir, (fs::path(s.out_dir) / "index.json").string()), ctx);
  return MakeZooOutcome{s.out_dir, s.count};
}

ViTConfig architecture(const PretrainSettings& s) {
  ViTConfig c = tiny_vit_config(s.image_size);
  c.patch_size = s.patch;
  c.width = s.width;
  c.depth = s.depth;
  c.heads = s.heads;
  c.mlp_dim = s.mlp > 0 ? s.mlp : 4 * s.width;
  c.name = s.name;
  c.input_norm = s.input_norm;
  c.validate();
  return c;
}

// Splits the classes of `data` (seeded): `held_out` classes for validation, at most `max_train`
// (all when <= 0) of the rest for training.
std::pair<std::shared_ptr<const Dataset>, std::shared_ptr<const Dataset>> split_classes(
    std::shared_ptr<const Dataset> data, int64_t max_train, int64_t held_out, uint64_t seed) {
  std::vector<int64_t> ids(size_t(data->num_classes()));
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = int64_t(i);
  std::mt19937_64 rng(seed);
  std::shuffle(ids.begin(), ids.end(), rng);
  if (held_out < 0 || held_out + 2 > int64_t(ids.size()))
    throw InputError("--val-classes leaves fewer than 2 classes to train on");
  std::vector<int64_t> val(ids.begin(), ids.begin() + held_out),
      train(ids.begin() + held_out, ids.end());
  if (max_train > 0 && max_train < int64_t(train.size())) train.resize(size_t(max_train));
  std::sort(train.begin(), train.end());
  std::sort(val.begin(), val.end());
  return {subset_classes(data, train), held_out > 0 ? subset_classes(data, val) : nullptr};
}

PretrainConfig pretrain_config(const PretrainSettings& s) {
  if (s.cosine_scale < 0) throw InputError("--cosine-scale must be ≥ 0 (0: a linear classifier)");
  PretrainConfig c;
  c.model = architecture(s);
  c.steps = s.steps;
  c.batch = s.batch;
  c.lr = s.lr;
  c.cosine_scale = s.cosine_scale;
  c.val_every = s.val_every;
  c.val_episodes = s.val_episodes;
  if (s.max_shift < 0 || s.max_shift > c.model.image_size / 2)
    throw InputError("--max-shift must be between 0 and half the image size");
  if (!(s.zoom >= 0 && s.zoom < 1)) throw InputError("--zoom must be in [0, 1)");
  c.max_shift = s.max_shift;
  c.zoom = s.zoom;
  if (s.resume && s.checkpoint_path.empty())
    throw InputError("--resume needs --checkpoint (the file to continue from)");
  if (s.checkpoint_every < 0) throw InputError("--checkpoint-every must be ≥ 0");
  c.checkpoint_path = s.checkpoint_path;
  c.checkpoint_every = s.checkpoint_every;
  return c;
}

void write_curve(const std::string& path, const PretrainResult& r) {
  std::ostringstream out;
  out << "step,val_5way_1shot\n";
  for (const auto& [step, acc] : r.validation) out << step << ',' << acc << '\n';
  write_file_atomic(path, out.str());
}

// What the model file records about its training.
Json pretrain_record(const PretrainSettings& s, const Dataset& train, const PretrainResult& r) {
  Json extra = Json::object();
  extra["tool"] = "lora-recycle pretrain";
  extra["data"] = path_for_record(s.data_dir, s.out_path);
  extra["classes"] = train.num_classes();
  extra["images"] = train.size();
  extra["steps"] = s.steps;
  extra["seed"] = int64_t(s.seed);
  extra["precision"] = precision_name(r.precision);
  extra["train_accuracy"] = r.train_accuracy;
  if (!r.validation.empty()) extra["val_5way_1shot"] = r.validation.back().second;
  extra["seconds"] = r.seconds;
  return extra;
}

PretrainOutcome run_pretrain_impl(const PretrainSettings& s, const JobCallbacksPlain& callbacks,
                                  const JobControl& control,
                                  const std::function<void(const PretrainOutcome&)>& on_saved) {
  const PretrainConfig c = pretrain_config(s);
  const JobContext ctx =
      job_context(parse_device(s.device), s.seed, s.precision, callbacks, control, s.name);
  auto [train, val] = split_classes(open_dataset(s.data_dir), s.max_classes, s.val_classes, s.seed);
  if (!s.val_dir.empty()) val = open_dataset(s.val_dir);
  PretrainResult r = pretrain_vit(*train, c, ctx, val.get(), s.resume);
  if (!s.curve_path.empty()) write_curve(s.curve_path, r);
  save_model(*r.model, s.out_path, s.fp16 ? torch::kHalf : torch::kFloat,
             pretrain_record(s, *train, r));
  PretrainOutcome o;
  o.saved_to = s.out_path;
  o.classes = train->num_classes();
  o.images = train->size();
  o.steps = c.steps;
  o.train_accuracy = r.train_accuracy;
  if (!r.validation.empty()) o.val_accuracy = r.validation.back().second;
  o.seconds = r.seconds;
  o.resumed_from = r.resumed_from;
  if (on_saved) on_saved(o);
  if (s.prior_out.empty()) return o;
  PriorTrainConfig pc;
  pc.steps = s.prior_steps;
  const auto start = std::chrono::steady_clock::now();
  PriorNet prior = pretrain_prior(*train, c.model, pc, ctx, &o.prior_train_accuracy);
  save_prior(*prior, s.prior_out);
  o.prior_saved_to = s.prior_out;
  o.prior_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return o;
}

}  // namespace

TuneLoraOutcome run_tune_lora(const Model& model, const TuneLoraSettings& settings,
                              const JobCallbacksPlain& callbacks, const JobControl& control) {
  return without_torch_backtraces(
      [&] { return run_tune_lora_impl(model, settings, callbacks, control); });
}

MakeZooOutcome run_make_zoo(const Model& model, const MakeZooSettings& settings,
                            const JobCallbacksPlain& callbacks, const JobControl& control) {
  return without_torch_backtraces(
      [&] { return run_make_zoo_impl(model, settings, callbacks, control); });
}

PretrainOutcome run_pretrain(const PretrainSettings& settings, const JobCallbacksPlain& callbacks,
                             const JobControl& control,
                             const std::function<void(const PretrainOutcome&)>& on_model_saved) {
  return without_torch_backtraces(
      [&] { return run_pretrain_impl(settings, callbacks, control, on_model_saved); });
}

}  // namespace lrc::api
