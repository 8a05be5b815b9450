// pretrain: train the project's own tiny VFM (and its BatchNorm prior) on labeled images.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <random>

#include <torch/torch.h>

#include "commands.h"
#include "io/error.h"
#include "io/paths.h"
#include "model/checkpoint.h"
#include "parse.h"
#include "progress.h"
#include "recycle/bn_prior.h"
#include "recycle/pretrain.h"

namespace lrc::cli {

namespace {

// Every pretrain flag, bound to the core's configs: the architecture starts from
// tiny_vit_config(), so the help shows the defaults the core trains with.
struct PretrainFlags {
  PretrainConfig train;
  PriorTrainConfig prior;
  ComputeFlags compute;
  std::string data, out, val_data, prior_out;
  int64_t max_classes = 0;  // 0: every class
  int64_t val_classes = 0;
  int mlp = 0;  // 0: 4 × width
  bool fp16 = false, no_input_norm = false;

  PretrainFlags() { train.model = tiny_vit_config(); }
};

void declare_architecture_options(CLI::App& app, PretrainFlags& f) {
  ViTConfig& c = f.train.model;
  const char* group = "architecture";
  app.add_option("--image-size", c.image_size, "image side in pixels")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--patch", c.patch_size, "patch side in pixels")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--width", c.width, "embedding width")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--depth", c.depth, "transformer blocks")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--heads", c.heads, "attention heads")
      ->capture_default_str()
      ->check(at_least(1))
      ->group(group);
  app.add_option("--mlp", f.mlp, "MLP hidden width (default: 4 × width)")
      ->check(at_least(1))
      ->group(group);
  app.add_option("--name", c.name, "the model's name")->capture_default_str()->group(group);
  app.add_flag("--no-input-norm", f.no_input_norm,
               "feed raw normalized pixels (default: standardize each image per channel)")
      ->group(group);
}

void declare_pretrain_options(CLI::App& app, PretrainFlags& f) {
  PretrainConfig& c = f.train;
  add_required(app, "--data", f.data, "labeled images, one sub-folder per class");
  add_required(app, "--out", f.out, "the model file (project format, .safetensors)");
  app.add_option("--val-data", f.val_data,
                 "labeled images of other classes: 5-way 1-shot prototype accuracy while training");
  app.add_option("--val-classes", f.val_classes,
                 "hold out N classes of the data (seeded) for that validation instead")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--max-classes", f.max_classes,
                 "train on at most N classes of the data (seeded; 0: all)")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--steps", c.steps, "AdamW steps")->capture_default_str()->check(at_least(1));
  app.add_option("--batch", c.batch, "images per step")->capture_default_str()->check(at_least(1));
  app.add_option("--lr", c.lr, "peak learning rate (warm-up, then cosine decay)")
      ->capture_default_str();
  app.add_option("--cosine-scale", c.cosine_scale,
                 "the classifier's cosine-softmax scale; 0: a plain linear softmax classifier")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--val-every", c.val_every, "steps between validations (0: off)")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--val-episodes", c.val_episodes, "episodes per validation")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--prior-out", f.prior_out, "also train the BatchNorm prior into this file");
  app.add_option("--prior-steps", f.prior.steps, "the prior's training steps")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_flag("--fp16", f.fp16, "store the weights as F16 (half the size)");
  declare_architecture_options(app, f);
  add_compute_options(app, f.compute);
}

// What CLI11 cannot check alone: the architecture's consistency (patch divides the image, …).
ViTConfig architecture_from(const PretrainFlags& f) {
  ViTConfig c = f.train.model;
  c.mlp_dim = f.mlp > 0 ? f.mlp : 4 * c.width;
  if (f.no_input_norm) c.input_norm = false;
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

int run_pretrain(const PretrainFlags& f) {
  Compute compute = setup_compute(f.compute);
  PretrainConfig c = f.train;
  c.model = architecture_from(f);
  auto [train, val] =
      split_classes(open_dataset(f.data), f.max_classes, f.val_classes, compute.seed);
  if (!f.val_data.empty()) val = open_dataset(f.val_data);
  const std::string& out = f.out;
  ProgressLine line;
  JobContext ctx = job_context(compute, interrupt_token(), line.callbacks());
  PretrainResult r = pretrain_vit(*train, c, ctx, val.get());
  line.finish();
  Json extra = Json::object();
  extra["tool"] = "lora-recycle pretrain";
  extra["data"] = path_for_record(f.data, out);
  extra["classes"] = train->num_classes();
  extra["images"] = train->size();
  extra["steps"] = c.steps;
  extra["seed"] = int64_t(compute.seed);
  extra["precision"] = precision_name(r.precision);
  extra["train_accuracy"] = r.train_accuracy;
  if (!r.validation.empty()) extra["val_5way_1shot"] = r.validation.back().second;
  extra["seconds"] = r.seconds;
  save_model(*r.model, out, f.fp16 ? torch::kHalf : torch::kFloat, extra);
  std::cout << "wrote " << out << ": " << train->num_classes() << " classes, " << train->size()
            << " images, " << c.steps << " steps, train accuracy " << r.train_accuracy * 100
            << " %";
  if (!r.validation.empty())
    std::cout << ", 5-way 1-shot on held-out classes " << r.validation.back().second * 100 << " %";
  std::cout << ", " << r.seconds << " s\n";
  if (!f.prior_out.empty()) {
    const PriorTrainConfig& pc = f.prior;
    double acc = 0;
    const auto start = std::chrono::steady_clock::now();
    PriorNet prior = pretrain_prior(*train, c.model, pc, ctx, &acc);
    line.finish();
    save_prior(*prior, f.prior_out);
    std::cout << "wrote " << f.prior_out << ": BatchNorm prior, train accuracy " << acc * 100
              << " %, "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
              << " s\n";
  }
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "pretrain";
  c.summary = "train the project's tiny ViT (and its BatchNorm prior) on labeled images";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<PretrainFlags>();
    declare_pretrain_options(app, *f);
    return [f] { return run_pretrain(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
