#include "recycle/pretune.h"

#include <chrono>
#include <filesystem>
#include <random>

#include <torch/torch.h>

#include "io/atomic_file.h"
#include "io/error.h"
#include "jobs/adam.h"
#include "model/adapter_io.h"
#include "runtime/runtime.h"
#include "jobs/seed_streams.h"

namespace lrc {

namespace fs = std::filesystem;

Json base_model_summary(ViTImpl& model) {
  const auto& c = model.config();
  Json b = Json::object();
  b["name"] = c.name;
  b["family"] = family_name(c.family);
  b["width"] = c.width;
  b["depth"] = c.depth;
  b["image_size"] = c.image_size;
  b["patch_size"] = c.patch_size;
  b["feature_dim"] = c.feature_dim();
  return b;
}

namespace {

// Images of the task, preloaded once: tasks are small (a few classes).
struct TaskData {
  torch::Tensor train_x, train_y, test_x, test_y;
};

TaskData load_task(const Dataset& data, const std::vector<int64_t>& classes, double holdout,
                   uint64_t seed, const ViTConfig& config) {
  auto by_class = data.indices_by_class();
  std::vector<int64_t> train_idx, test_idx, train_y, test_y;
  std::mt19937_64 rng(seed);
  for (size_t k = 0; k < classes.size(); ++k) {
    const int64_t c = classes[k];
    if (c < 0 || c >= int64_t(by_class.size()))
      throw InputError("class id " + std::to_string(c) + " is not in the dataset");
    auto idx = by_class[size_t(c)];
    if (idx.size() < 2)
      throw InputError("class \"" + data.class_names()[size_t(c)] + "\" has " +
                       std::to_string(idx.size()) +
                       " images; tuning needs at least 2 (one held out)");
    std::shuffle(idx.begin(), idx.end(), rng);
    const size_t n_test = std::max<size_t>(1, size_t(double(idx.size()) * holdout));
    for (size_t i = 0; i < idx.size(); ++i) {
      (i < n_test ? test_idx : train_idx).push_back(idx[i]);
      (i < n_test ? test_y : train_y).push_back(int64_t(k));
    }
  }
  TaskData t;
  t.train_x = data.images(train_idx, config);
  t.test_x = data.images(test_idx, config);
  t.train_y = torch::tensor(train_y, torch::kLong);
  t.test_y = torch::tensor(test_y, torch::kLong);
  return t;
}

double accuracy(ViTImpl& model, const LoraAdapter& adapter, const torch::Tensor& x,
                const torch::Tensor& y, torch::Device device) {
  torch::NoGradGuard no_grad;
  ForwardOptions o;
  o.adapter = &adapter;
  int64_t correct = 0;
  for (int64_t i = 0; i < x.size(0); i += 128) {
    auto logits = ViTImpl::head_logits(
        model.forward_ex(x.slice(0, i, i + 128).to(device), o).features, adapter);
    correct += logits.argmax(1).cpu().eq(y.slice(0, i, i + 128)).sum().item<int64_t>();
  }
  return x.size(0) ? double(correct) / double(x.size(0)) : 0.0;
}

LoraAdapter fresh_adapter(ViTImpl& model, const TuneConfig& config, int64_t n_classes,
                          uint64_t seed, torch::Device device) {
  LoraAdapter a = create_lora(model.config(), config.lora, derive_seed(seed, 1), device);
  // Linear head with PyTorch's default init: U(±1/√in) for weight and bias.
  auto gen = cpu_generator(derive_seed(seed, 2));
  const int64_t d = model.config().feature_dim();
  const double bound = 1.0 / std::sqrt(double(d));
  a.head.weight = (torch::rand({n_classes, d}, gen, torch::kFloat) * 2 * bound - bound).to(device);
  a.head.bias = (torch::rand({n_classes}, gen, torch::kFloat) * 2 * bound - bound).to(device);
  a.head.source = "head.weight";
  a.set_requires_grad(true);
  a.head.weight.requires_grad_(true);
  a.head.bias.requires_grad_(true);
  return a;
}

}  // namespace

TuneResult tune_lora(ViTImpl& model, const Dataset& data, const std::vector<int64_t>& classes,
                     const TuneConfig& config, const JobContext& ctx) {
  NvtxRange range("tune_lora");
  if (classes.size() < 2) throw InputError("a task needs at least 2 classes");
  if (config.steps < 1 || config.batch < 1) throw InputError("steps and batch must be positive");
  const auto start = std::chrono::steady_clock::now();
  const PrecisionScope amp = enter_precision(ctx);
  model.freeze_base();
  TaskData task =
      load_task(data, classes, config.holdout, derive_seed(ctx.seed, 0), model.config());
  TuneResult r;
  r.adapter = fresh_adapter(model, config, int64_t(classes.size()), ctx.seed, ctx.device);
  auto params = r.adapter.parameters();
  params.push_back(r.adapter.head.weight);
  params.push_back(r.adapter.head.bias);
  Adam adam(params, AdamOptions{config.lr});
  ForwardOptions o;
  o.adapter = &r.adapter;
  const int64_t n = task.train_x.size(0);
  for (int64_t step = 0; step < config.steps; ++step) {
    ctx.check_cancel();
    auto gen = cpu_generator(derive_seed(ctx.seed, 3, uint64_t(step)));
    auto idx = torch::randint(n, {std::min(config.batch, n)}, gen, torch::kLong);
    auto x = task.train_x.index_select(0, idx).to(ctx.device),
         y = task.train_y.index_select(0, idx).to(ctx.device);
    auto loss = torch::cross_entropy_loss(
        ViTImpl::head_logits(model.forward_ex(x, o).features, r.adapter), y);
    adam.zero_grad();
    loss.backward();
    clip_grad_norm(params, config.clip_norm);
    adam.step();
    r.losses.push_back(loss.item<double>());
    ctx.callbacks.report({"tune", step + 1, config.steps, {{"loss", r.losses.back()}}, config.lr});
  }
  r.adapter.set_requires_grad(false);
  r.adapter.head.weight.requires_grad_(false);
  r.adapter.head.bias.requires_grad_(false);
  r.train_accuracy = accuracy(model, r.adapter, task.train_x, task.train_y, ctx.device);
  r.heldout_accuracy = accuracy(model, r.adapter, task.test_x, task.test_y, ctx.device);
  r.adapter.info.accuracy = r.heldout_accuracy;
  for (auto c : classes) r.adapter.info.classes.push_back(data.class_names()[size_t(c)]);
  r.adapter.info.base_fingerprint = model_fingerprint(model);
  r.adapter.info.base = base_model_summary(model);
  r.adapter.info.format = "native";
  Json p = Json::object();
  p["tool"] = "lora-recycle tune-lora";
  p["steps"] = config.steps;
  p["lr"] = config.lr;
  p["seed"] = int64_t(ctx.seed);
  p["precision"] = precision_name(amp.choice().effective);
  p["train_images"] = n;
  p["heldout_images"] = task.test_x.size(0);
  p["train_accuracy"] = r.train_accuracy;
  r.adapter.info.provenance = std::move(p);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

namespace {

std::vector<int64_t> draw_task(const std::vector<int64_t>& pool, int way, uint64_t seed) {
  std::vector<int64_t> p = pool;
  std::mt19937_64 rng(seed);
  std::shuffle(p.begin(), p.end(), rng);
  p.resize(size_t(way));
  return p;
}

Json zoo_index_entry(const std::string& file, const TuneResult& r,
                     const std::vector<int64_t>& classes) {
  Json e = Json::object();
  e["file"] = file;
  Json names = Json::array(), ids = Json::array();
  for (const auto& c : r.adapter.info.classes) names.push_back(c);
  for (auto c : classes) ids.push_back(c);
  e["classes"] = std::move(names);
  e["class_ids"] = std::move(ids);
  e["accuracy"] = r.heldout_accuracy;
  e["seconds"] = r.seconds;
  return e;
}

}  // namespace

void make_zoo(ViTImpl& model, const Dataset& data, const ZooConfig& config,
              const std::string& out_dir, const std::string& data_name, const JobContext& ctx) {
  std::vector<int64_t> pool = config.class_pool;
  if (pool.empty())
    for (int64_t c = 0; c < data.num_classes(); ++c) pool.push_back(c);
  if (int64_t(pool.size()) < config.way)
    throw InputError("make-zoo needs at least " + std::to_string(config.way) +
                     " classes, the data has " + std::to_string(pool.size()));
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw InputError(file_message(out_dir, "cannot create the folder: " + ec.message()));
  Json index = Json::object();
  index["format"] = "lrc-zoo";
  index["data"] = data_name;
  index["way"] = config.way;
  index["base"] = base_model_summary(model);
  const PrecisionScope amp = enter_precision(ctx);
  index["precision"] = precision_name(amp.choice().effective);
  Json entries = Json::array();
  for (int i = 0; i < config.count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "lora_%03d.safetensors", i);
    const std::string path = (fs::path(out_dir) / name).string();
    const auto classes =
        draw_task(pool, config.way, derive_seed(ctx.seed, seed_stream::kZooTask, uint64_t(i)));
    JobContext sub = ctx;
    sub.seed = derive_seed(ctx.seed, seed_stream::kZooTuning, uint64_t(i));
    sub.callbacks.progress = [&](const ProgressEvent& e) {
      ProgressEvent z = e;
      z.stage = "make-zoo " + std::to_string(i + 1) + "/" + std::to_string(config.count);
      ctx.callbacks.report(z);
    };
    TuneResult r;
    if (fs::exists(path, ec)) {
      // Resume: keep LoRAs a previous run finished (writes are atomic, so they are whole).
      r.adapter = read_adapter(path);
      r.heldout_accuracy = r.adapter.info.accuracy;
    } else {
      r = tune_lora(model, data, classes, config.tune, sub);
      r.adapter.info.name = fs::path(name).stem().string();
      r.adapter.info.provenance["data"] = data_name;
      save_adapter(r.adapter, path);
      ctx.callbacks.say(std::string(name) + ": held-out accuracy " +
                        std::to_string(r.heldout_accuracy));
    }
    entries.push_back(zoo_index_entry(name, r, classes));
    index["loras"] = entries;
    write_file_atomic((fs::path(out_dir) / "index.json").string(), index.dump(2) + "\n");
  }
}

}  // namespace lrc
