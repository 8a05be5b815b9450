// meta-train: recycle a LoRA collection into a meta-LoRA (docs/method.md §4).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include <torch/torch.h>

#include "commands.h"
#include "io/error.h"
#include "io/paths.h"
#include "model/adapter_io.h"
#include "model_args.h"
#include "progress.h"
#include "recycle/bn_prior.h"
#include "recycle/meta_train.h"
#include "recycle/zoo.h"

namespace lrc::cli {

namespace fs = std::filesystem;

namespace {

MetaTrainConfig config_from(const Args& args) {
  MetaTrainConfig c;
  c.shape.way = int(args.get_int("way", c.shape.way));
  c.shape.shot = int(args.get_int("shot", c.shape.shot));
  c.shape.query = int(args.get_int("query", c.shape.query));
  c.episodes = args.get_int("episodes", c.episodes);
  c.lr = args.get_double("lr", c.lr);
  c.cycle = args.get_int("cycle", c.cycle);
  c.warmup = args.get_int("warmup", c.warmup);
  c.lora = lora_spec_from(args);
  c.metric.metric = metric_from_name(args.get("metric", "sqeuclidean"));
  c.metric.cosine_scale = args.get_double("cosine-scale", c.metric.cosine_scale);
  c.kl_weight = args.get_double("kl-weight", c.kl_weight);
  c.val_every = args.get_int("val-every", (args.has("val-data") || args.has("val-pool")) ? 100 : 0);
  c.val_episodes = args.get_int("val-episodes", c.val_episodes);
  c.checkpoint_every = args.get_int("checkpoint-every", c.checkpoint_every);
  c.checkpoint_dir = args.get("checkpoint-dir", args.require("out") + ".checkpoints");
  if (c.warmup < 0 || c.cycle < 1 || c.warmup >= c.cycle)
    throw InputError("need 0 ≤ --warmup < --cycle");
  return c;
}

// The pools of the zoo's members, from --pool DIR (one sub-folder per member, as
// `invert --out DIR/<member>` writes them).
std::vector<SurrogatePool> load_pools(const std::vector<ZooMember>& members,
                                      const std::string& dir) {
  std::vector<SurrogatePool> pools;
  for (const auto& m : members) {
    const fs::path p = fs::path(dir) / m.name;
    std::error_code ec;
    if (!fs::exists(p, ec))
      throw InputError(file_message(p.string(), "no surrogate pool for zoo member \"" + m.name +
                                                    "\" (run: lora-recycle-cli invert --adapter " +
                                                    m.path + " --out " + p.string() + ")"));
    pools.push_back(load_pool(p.string()));
  }
  return pools;
}

// Upper bound: episodes from real images of the classes each zoo LoRA was tuned on.
std::unique_ptr<TaskSource> real_tasks(const std::vector<LoraAdapter>& zoo,
                                       const std::string& data_path, const MetaTrainConfig& c,
                                       const ViTConfig& config, bool mix) {
  std::shared_ptr<const Dataset> data = open_dataset(data_path);
  std::vector<std::vector<int64_t>> groups;
  for (const auto& a : zoo) {
    std::vector<int64_t> g;
    for (const auto& name : a.info.classes) {
      const auto& names = data->class_names();
      auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end())
        throw InputError(file_message(
            data_path, "has no class \"" + name + "\" of LoRA \"" + a.info.name + "\""));
      g.push_back(int64_t(it - names.begin()));
    }
    groups.push_back(std::move(g));
  }
  if (mix) {  // one group: episodes draw their classes from all the zoo's classes
    std::vector<int64_t> all;
    for (const auto& g : groups) all.insert(all.end(), g.begin(), g.end());
    groups = {all};
  }
  return make_dataset_tasks(data, std::move(groups), c.shape, config);
}

int run_meta_train(const Args& args) {
  const bool mix = args.flag("mix-sources");  // checked before anything slow is loaded
  if (mix && !args.has("real-data") && !args.has("pool"))
    throw InputError("--mix-sources needs --pool or --real-data");
  if (mix && args.get_double("kl-weight", 0.0) > 0)
    throw InputError("--kl-weight needs episodes from a single teacher; drop --mix-sources");
  Compute compute = setup_compute(args);
  auto loaded = load_model(args.require("model"), compute.device);
  ViTImpl& model = *loaded.model;
  const std::string zoo_dir = args.require("zoo"), out = args.require("out");
  MetaTrainConfig c = config_from(args);
  const auto members = list_zoo(zoo_dir);
  std::vector<LoraAdapter> zoo = load_zoo(zoo_dir, model.config());
  const double mask = args.get_double("mask-ratio", -1.0);
  if (args.has("mask-ratio") && (mask < 0 || mask >= 1))
    throw InputError("--mask-ratio must be in [0, 1)");
  std::unique_ptr<TaskSource> tasks;
  if (args.has("real-data"))
    tasks = real_tasks(zoo, args.get("real-data"), c, model.config(), mix);
  else if (args.has("pool"))
    tasks = make_pool_tasks(load_pools(members, args.get("pool")), c.shape, mask, mix);
  PriorNet prior{nullptr};
  if (!tasks) {
    // No pool: invert the zoo's LoRAs on the fly, one task per step.
    if (args.has("prior")) prior = load_prior(args.get("prior"), compute.device);
    InversionConfig inv;
    inv.iterations = args.get_int("invert-iterations", inv.iterations);
    tasks = make_inversion_tasks(model, zoo, prior ? &prior : nullptr, inv, c.shape, mask,
                                 compute.device, interrupt_token());
  }
  std::shared_ptr<Dataset> val_data;
  std::unique_ptr<TaskSource> val_tasks;
  if (args.has("val-data")) val_data = open_dataset(args.get("val-data"));
  if (args.has("val-pool")) {
    std::vector<SurrogatePool> held_out;
    for (const auto& e : fs::directory_iterator(args.get("val-pool")))
      if (e.is_directory()) held_out.push_back(load_pool(e.path().string()));
    if (held_out.empty())
      throw InputError(file_message(args.get("val-pool"), "holds no surrogate pools"));
    val_tasks = make_pool_tasks(std::move(held_out), c.shape, 0.0);
  }
  ProgressLine line;
  JobContext ctx = job_context(compute, interrupt_token(), line.callbacks());
  MetaTrainResult r = meta_train(model, *tasks, c, Validation{val_data.get(), val_tasks.get()}, ctx,
                                 args.flag("resume"), c.kl_weight > 0 ? &zoo : nullptr);
  line.finish();
  LoraAdapter& result = args.flag("last") ? r.meta_lora : r.best;
  result.info.provenance["zoo"] = path_for_record(zoo_dir, out);
  save_adapter(result, out);
  if (args.has("export-peft"))
    save_adapter_peft(result, args.get("export-peft"), model.config().family, model.config().name);
  const bool last = args.flag("last");
  std::cout << "wrote " << out << " (" << (last ? "last state, episode " : "best, episode ")
            << (last ? c.episodes : r.best_step) << ") after " << r.losses.size() << " episodes";
  if (!std::isnan(r.best_accuracy))
    std::cout << ", best validation accuracy " << r.best_accuracy * 100 << " % at episode "
              << r.best_step;
  std::cout << ", " << r.seconds << " s\n";
  return 0;
}

const CommandRegistrar registrar(Command{
    "meta-train", "meta-train a meta-LoRA from a LoRA collection (LoRA Recycle)",
    "usage: lora-recycle-cli meta-train --model M --zoo DIR --out A.safetensors [--pool DIR | "
    "--real-data D]\n"
    "         [--way 5 --shot 1 --query 15] [--episodes 240000] [--mask-ratio X] [--lr 1e-3]\n"
    "         [--cycle 100 --warmup 25] [--rank 4 --targets q,v] [--metric sqeuclidean|cosine]\n"
    "         [--cosine-scale 10] [--kl-weight 0] [--val-data D] [--val-pool DIR] [--val-every "
    "100]\n"
    "         [--val-episodes 100] [--checkpoint-every N] [--checkpoint-dir DIR] [--resume] "
    "[--last]\n"
    "         [--mix-sources] [--export-peft DIR]\n"
    "  --pool        inverted pools, one sub-folder per zoo member (invert --out DIR/<member>)\n"
    "  --mask-ratio  sparse tokens: keep the (1 - X) most important patches; default: the pools' "
    "masks\n"
    "  --real-data   meta-train on real images of the zoo's classes instead (upper bound)\n"
    "  --mix-sources draw each episode's classes from all LoRAs' classes together, not from one\n"
    "                LoRA's (more distinct tasks; no --kl-weight)\n"
    "  (neither)     invert the zoo's LoRAs on the fly each step: --invert-iterations N (default\n"
    "                2000), --prior P (BatchNorm prior; without it R_bn is off)\n"
    "  --val-pool    validate on held-out LoRAs' inverted tasks (no real data touched)\n"
    "  Saves the best validated meta-LoRA (or the last with --last). Ctrl-C saves a checkpoint;\n"
    "  --resume continues from the latest one and ends bit-identical to an uninterrupted run.\n",
    with_compute_options(OptionSpec{
        {"model",          "zoo",          "out",          "pool",
         "real-data",      "way",          "shot",         "query",
         "episodes",       "mask-ratio",   "lr",           "cycle",
         "warmup",         "rank",         "alpha",        "targets",
         "metric",         "cosine-scale", "kl-weight",    "val-data",
         "val-pool",       "val-every",    "val-episodes", "checkpoint-every",
         "checkpoint-dir", "export-peft",  "prior",        "invert-iterations"},
        {"resume", "last", "mix-sources"}}),
    run_meta_train});

}  // namespace
}  // namespace lrc::cli
