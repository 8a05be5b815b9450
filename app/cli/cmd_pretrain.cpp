// pretrain: train the project's own tiny VFM (and its BatchNorm prior) on labeled images.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>

#include <torch/torch.h>

#include "commands.h"
#include "io/error.h"
#include "io/paths.h"
#include "model/checkpoint.h"
#include "progress.h"
#include "recycle/bn_prior.h"
#include "recycle/pretrain.h"

namespace lrc::cli {

namespace {

ViTConfig architecture_from(const Args& args) {
  ViTConfig c = tiny_vit_config(int(args.get_int("image-size", 32)));
  c.patch_size = int(args.get_int("patch", c.patch_size));
  c.width = int(args.get_int("width", c.width));
  c.depth = int(args.get_int("depth", c.depth));
  c.heads = int(args.get_int("heads", c.heads));
  c.mlp_dim = int(args.get_int("mlp", 4 * c.width));
  c.name = args.get("name", c.name);
  if (args.flag("no-input-norm")) c.input_norm = false;
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

int run_pretrain(const Args& args) {
  Compute compute = setup_compute(args);
  PretrainConfig c;
  c.model = architecture_from(args);
  c.steps = args.get_int("steps", c.steps);
  c.batch = args.get_int("batch", c.batch);
  c.lr = args.get_double("lr", c.lr);
  c.cosine_scale = args.get_double("cosine-scale", c.cosine_scale);
  if (c.cosine_scale < 0) throw InputError("--cosine-scale must be ≥ 0 (0: a linear classifier)");
  c.val_every = args.get_int("val-every", c.val_every);
  c.val_episodes = args.get_int("val-episodes", c.val_episodes);
  auto [train, val] =
      split_classes(open_dataset(args.require("data")), args.get_int("max-classes", 0),
                    args.get_int("val-classes", 0), compute.seed);
  if (args.has("val-data")) val = open_dataset(args.get("val-data"));
  const std::string out = args.require("out");
  ProgressLine line;
  JobContext ctx = job_context(compute, interrupt_token(), line.callbacks());
  PretrainResult r = pretrain_vit(*train, c, ctx, val.get());
  line.finish();
  Json extra = Json::object();
  extra["tool"] = "lora-recycle pretrain";
  extra["data"] = path_for_record(args.get("data"), out);
  extra["classes"] = train->num_classes();
  extra["images"] = train->size();
  extra["steps"] = c.steps;
  extra["seed"] = int64_t(compute.seed);
  extra["precision"] = precision_name(r.precision);
  extra["train_accuracy"] = r.train_accuracy;
  if (!r.validation.empty()) extra["val_5way_1shot"] = r.validation.back().second;
  extra["seconds"] = r.seconds;
  save_model(*r.model, out, args.flag("fp16") ? torch::kHalf : torch::kFloat, extra);
  std::cout << "wrote " << out << ": " << train->num_classes() << " classes, " << train->size()
            << " images, " << c.steps << " steps, train accuracy " << r.train_accuracy * 100
            << " %";
  if (!r.validation.empty())
    std::cout << ", 5-way 1-shot on held-out classes " << r.validation.back().second * 100 << " %";
  std::cout << ", " << r.seconds << " s\n";
  if (args.has("prior-out")) {
    PriorTrainConfig pc;
    pc.steps = args.get_int("prior-steps", pc.steps);
    double acc = 0;
    const auto start = std::chrono::steady_clock::now();
    PriorNet prior = pretrain_prior(*train, c.model, pc, ctx, &acc);
    line.finish();
    save_prior(*prior, args.get("prior-out"));
    std::cout << "wrote " << args.get("prior-out") << ": BatchNorm prior, train accuracy "
              << acc * 100 << " %, "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
              << " s\n";
  }
  return 0;
}

const CommandRegistrar registrar(Command{
    "pretrain", "train the project's tiny ViT (and its BatchNorm prior) on labeled images",
    "usage: lora-recycle-cli pretrain --data D --out M.safetensors [--val-data V] [--prior-out "
    "P.safetensors]\n"
    "         [--steps 3000] [--batch 128] [--lr 1e-3] [--cosine-scale 16] [--max-classes N]\n"
    "         [--image-size 32 --patch 4 --width 128 --depth 6 --heads 4 --mlp 512] [--name NAME] "
    "[--no-input-norm]\n"
    "         [--val-classes N] [--val-every 500 --val-episodes 200] [--prior-steps 1000] "
    "[--fp16]\n"
    "  --val-data     labeled images of other classes: 5-way 1-shot prototype accuracy while "
    "training\n"
    "  --val-classes  hold out N classes of D (seeded) for that validation instead\n"
    "  --max-classes  train on at most N classes of D (seeded)\n"
    "  --cosine-scale the classifier's cosine-softmax scale; 0: a plain linear softmax classifier\n"
    "  --fp16      store the weights as F16 (half the size)\n"
    "  --no-input-norm  feed raw normalized pixels (default: standardize each image per channel)\n",
    with_compute_options(OptionSpec{
        {"data",       "out",   "val-data",     "prior-out",    "steps",
         "batch",      "lr",    "cosine-scale", "max-classes",  "val-classes",
         "image-size", "patch", "width",        "depth",        "heads",
         "mlp",        "name",  "val-every",    "val-episodes", "prior-steps"},
        {"fp16", "no-input-norm"}}),
    run_pretrain});

}  // namespace
}  // namespace lrc::cli
