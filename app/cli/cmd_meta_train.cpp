// meta-train: recycle a LoRA collection into a meta-LoRA (docs/method.md §4). A thin adapter:
// flags → api::MetaTrainSettings → core/api → print.
#include <cmath>
#include <iostream>
#include <memory>

#include "api/jobs.h"
#include "api/session.h"
#include "commands.h"
#include "io/error.h"
#include "parse.h"
#include "progress.h"

namespace lrc::cli {

namespace {

struct MetaTrainFlags {
  api::MetaTrainSettings s;
  ComputeFlags compute;
  std::string model;
  bool val_every_given = false;
};

void declare_source_options(CLI::App& app, MetaTrainFlags& f) {
  api::MetaTrainSettings& s = f.s;
  add_required(app, "--model", f.model, "the VFM the collection was tuned on");
  add_required(app, "--zoo", s.zoo_dir, "the LoRA collection (a folder of pre-tuned LoRAs)");
  add_required(app, "--out", s.out_path, "the meta-LoRA to write (project format)");
  app.add_option("--pool", s.pool_dir,
                 "inverted pools, one sub-folder per zoo member (invert --zoo ... --out DIR)");
  app.add_option("--real-data", s.real_data_dir,
                 "meta-train on real images of the zoo's classes instead (upper bound)");
  app.add_flag("--mix-sources", s.mix_sources,
               "draw each episode's classes from all LoRAs' classes together, not from one "
               "LoRA's (more distinct tasks; no --kl-weight)");
  app.add_option("--invert-iterations", s.inversion.iterations,
                 "without --pool or --real-data the zoo's LoRAs are inverted on the fly each "
                 "step, with this many iterations")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--prior", s.inversion.prior_path,
                 "BatchNorm prior for on-the-fly inversion; without it R_bn is off");
}

void declare_training_options(CLI::App& app, MetaTrainFlags& f) {
  api::MetaTrainSettings& s = f.s;
  add_episode_options(app, s.way, s.shot, s.query);
  app.add_option("--episodes", s.episodes, "meta-training steps (optimizer steps)")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--episodes-per-step", s.episodes_per_step,
                 "episodes averaged per optimizer step, over all ranks of a distributed run")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--mask-ratio", s.mask_ratio,
                 "sparse tokens: keep the (1 - X) most important patches (default: the pools' "
                 "masks)")
      ->check(CLI::Range(0.0, 0.999999));
  app.add_option("--lr", s.lr, "Adam learning rate")->capture_default_str();
  app.add_option("--cycle", s.cycle, "cosine warm-restart cycle, in steps")->capture_default_str();
  app.add_option("--warmup", s.warmup, "linear warm-up steps of each cycle")->capture_default_str();
  app.add_option("--rank", s.rank, "rank of the meta-LoRA")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--alpha", s.alpha, "LoRA alpha (default: the rank, i.e. scale 1)");
  app.add_option("--targets", s.targets, "projections the meta-LoRA adapts")->capture_default_str();
  app.add_option("--metric", s.metric, "episode metric")
      ->capture_default_str()
      ->check(CLI::IsMember({"sqeuclidean", "cosine"}));
  app.add_option("--cosine-scale", s.cosine_scale, "logit scale of the cosine metric")
      ->capture_default_str();
  app.add_option("--kl-weight", s.kl_weight, "distillation towards each episode's teacher LoRA")
      ->capture_default_str();
}

void declare_output_options(CLI::App& app, MetaTrainFlags& f) {
  api::MetaTrainSettings& s = f.s;
  app.add_option("--val-data", s.val_dir, "validate on real labeled images (one folder per class)");
  app.add_option("--val-pool", s.val_pool_dir,
                 "validate on held-out LoRAs' inverted tasks (no real data touched)");
  app.add_option("--val-every", s.val_every, "validate every this many episodes")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--val-episodes", s.val_episodes, "episodes per validation")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--checkpoint-every", s.checkpoint_every,
                 "write a checkpoint every this many episodes (0: only at the end or on Ctrl-C)")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--checkpoint-dir", s.checkpoint_folder, "checkpoints (default: OUT.checkpoints)");
  app.add_flag("--resume", s.resume,
               "continue from the latest checkpoint; ends bit-identical to an uninterrupted run");
  app.add_flag("--last", s.keep_last, "save the last state instead of the best validated one");
  app.add_option("--export-peft", s.export_peft_dir, "also write the meta-LoRA as a PEFT folder");
  app.add_option("--processes", s.local_processes,
                 "run as this many local processes (ranks on 127.0.0.1, the cores split between "
                 "them); the same result as one process with the same --episodes-per-step")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app.add_option("--dist-timeout", s.dist_timeout_s,
                 "distributed runs (RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT as torchrun or srun "
                 "set them): seconds to wait for the other ranks at the start and at each step")
      ->capture_default_str()
      ->check(at_least(1));
  add_compute_options(app, f.compute);
}

// Flag-named messages for combinations, checked before anything slow is loaded.
void check_flags(const api::MetaTrainSettings& s) {
  if (s.mix_sources && s.real_data_dir.empty() && s.pool_dir.empty())
    throw InputError("--mix-sources needs --pool or --real-data");
  if (s.mix_sources && s.kl_weight > 0)
    throw InputError("--kl-weight needs episodes from a single teacher; drop --mix-sources");
  if (s.warmup < 0 || s.cycle < 1 || s.warmup >= s.cycle)
    throw InputError("need 0 ≤ --warmup < --cycle");
}

void print_outcome(const api::MetaTrainSettings& s, const api::MetaTrainOutcome& o) {
  std::cout << "wrote " << o.out_path << " ("
            << (s.keep_last ? "last state, episode " : "best, episode ") << o.saved_step
            << ") after " << o.steps << " episodes";
  if (!std::isnan(o.best_accuracy))
    std::cout << ", best validation accuracy " << o.best_accuracy * 100 << " % at episode "
              << o.best_step;
  std::cout << ", " << o.seconds << " s\n";
}

int run_meta_train(MetaTrainFlags& f) {
  api::MetaTrainSettings& s = f.s;
  check_flags(s);
  setup_compute(f.compute);
  s.seed = f.compute.seed;
  s.precision = f.compute.precision;
  s.inversion.precision = f.compute.precision;
  // The CLI reads existing pools only (invert --zoo makes them; the GUI inverts missing ones),
  // and without pools or real data it inverts on the fly.
  s.invert_missing = false;
  s.invert_on_the_fly = s.pool_dir.empty() && s.real_data_dir.empty();
  s.join_environment_group = true;  // torchrun / srun / scripts/cluster/local.sh
  const auto model = api::Model::load(f.model, f.compute.device);
  ProgressLine line;
  const auto o = api::run_meta_training(*model, s, line.plain_callbacks(), interrupt_control());
  line.finish();
  if (o.rank != 0) {
    std::cout << "rank " << o.rank << " of " << o.world_size << ": " << o.steps
              << " steps done (rank 0 writes the result)\n";
    return 0;
  }
  print_outcome(s, o);
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "meta-train";
  c.summary = "meta-train a meta-LoRA from a LoRA collection (LoRA Recycle)";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<MetaTrainFlags>();
    declare_source_options(app, *f);
    declare_training_options(app, *f);
    declare_output_options(app, *f);
    app.footer(
        "Saves the best validated meta-LoRA (or the last with --last). Ctrl-C saves a "
        "checkpoint; --resume continues from the latest one.");
    return [f] { return run_meta_train(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
