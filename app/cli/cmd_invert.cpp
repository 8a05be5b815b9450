// invert --model M (--adapter A | --zoo DIR) --out DIR: LoRA Inversion (docs/method.md §3) into
// surrogate pool folders. A thin adapter: flags → api::InversionSettings → core/api → print.
#include <iostream>
#include <memory>

#include "api/jobs.h"
#include "api/session.h"
#include "commands.h"
#include "parse.h"
#include "io/error.h"
#include "progress.h"

namespace lrc::cli {

namespace {

// Every inversion flag, bound to the one settings struct: the defaults shown in the help are
// api::InversionSettings' (the core's), and CLI11 checks the ranges.
struct InvertFlags {
  api::InversionSettings s;
  api::CollectionInversionSettings collection;
  ComputeFlags compute;
  std::string model, adapter, zoo, out, prune_layers, prune_ratios, shard;
  bool no_png = false;
};

void declare_inversion_options(CLI::App& app, InvertFlags& f) {
  api::InversionSettings& s = f.s;
  add_required(app, "--model", f.model, "the VFM (HF folder, timm / HF-ViT / project file)");
  app.add_option("--adapter", f.adapter,
                 "a pre-tuned LoRA with its classification head (PEFT, reference, native)");
  app.add_option("--zoo", f.zoo,
                 "every LoRA of a collection, each into OUT/<name> (resumes: finished pools are "
                 "kept); the layout meta-train --pool reads");
  app.add_option("--zoo-batch", f.collection.together,
                 "members inverted together in one forward pass (1: one at a time); each keeps "
                 "its own seed, so the pools are the same")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--shard", f.shard,
                 "with --zoo: invert only members i with i % N == I (I/N, e.g. 0/4), each with "
                 "its seed of an unsharded run (default: a Slurm array's SLURM_ARRAY_TASK_ID/"
                 "SLURM_ARRAY_TASK_COUNT, else RANK/WORLD_SIZE, else 0/1)");
  add_required(app, "--out", f.out, "pool folder: pool.safetensors, images/, masked/, losses.csv");
  app.add_option("--per-class", s.per_class, "images per class")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--classes", s.class_selection,
                 "head classes to synthesize, by name or index, comma-separated (default: all)");
  app.add_option("--iterations", s.iterations, "Adam steps")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--lr", s.lr, "Adam learning rate (betas 0.5, 0.99)")->capture_default_str();
  app.add_option("--prior", s.prior_path,
                 "BatchNorm prior network (lrc-prior file); without it R_bn is off");
  app.add_option("--bn-weight", s.bn_weight, "weight of R_bn")->capture_default_str();
  app.add_option("--tv", s.tv_weight, "weight of total variation")->capture_default_str();
  app.add_option("--l2", s.l2_weight, "weight of the L2 norm")->capture_default_str();
  app.add_option("--jitter", s.jitter, "random roll by up to this share of the image")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.5));
  app.add_option("--flip", s.flip,
                 "horizontal-flip probability (0 for data that is not mirror-symmetric, such as "
                 "letters)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--prune-layers", f.prune_layers,
                 "token pruning after these blocks' attention, e.g. 3,6,9 (default: none)");
  app.add_option("--prune-ratios", f.prune_ratios,
                 "share of the remaining tokens dropped at each, e.g. 0.3,0.3,0.3");
  app.add_option("--prune-start", s.prune_start_fraction,
                 "share of the iterations before pruning starts")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--mask-ratio", s.mask_ratio, "further share of surviving patches masked out")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--batch", s.batch, "images optimized together (0: all)")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_flag("--no-png", f.no_png, "skip the PNG files");
  add_compute_options(app, f.compute);
}

// What CLI11 cannot check alone: the lists and their agreement, and the flags that the compute
// options and the model share with the settings.
void finish_settings(InvertFlags& f) {
  api::InversionSettings& s = f.s;
  if (!f.prune_layers.empty()) s.prune_layers = parse_int_list("prune-layers", f.prune_layers);
  if (!f.prune_ratios.empty()) s.prune_ratios = parse_double_list("prune-ratios", f.prune_ratios);
  // Flag-named messages for the list mismatch; the core checks the values themselves.
  if (s.prune_layers.size() != s.prune_ratios.size())
    throw InputError("--prune-layers has " + std::to_string(s.prune_layers.size()) +
                     " entries but --prune-ratios has " + std::to_string(s.prune_ratios.size()));
  s.seed = f.compute.seed;
  s.precision = f.compute.precision;
  s.write_pngs = !f.no_png;
  s.model_label = f.model;
}

void print_written(const api::InversionOutcome& o) {
  std::cout << "wrote " << o.images << " images (" << o.class_names.size() << " classes) to "
            << o.saved_to << ": teacher accuracy " << o.teacher_accuracy * 100 << " %, "
            << o.seconds << " s" << std::endl;
}

int run_invert(InvertFlags& f) {
  setup_compute(f.compute);  // --threads, --device and --precision checked before any loading
  if (f.adapter.empty() == f.zoo.empty())
    throw InputError("\"invert\" needs either --adapter A or --zoo DIR");
  if (!f.shard.empty() && f.zoo.empty()) throw InputError("--shard needs --zoo DIR");
  if (!f.zoo.empty()) {
    const auto [index, count] =
        f.shard.empty() ? api::shard_from_environment() : api::parse_shard(f.shard);
    f.collection.shard_index = index;
    f.collection.shard_count = count;
  }
  finish_settings(f);
  const auto model = api::Model::load(f.model, f.compute.device);
  ProgressLine line;
  if (!f.adapter.empty()) {
    f.s.adapter_path = f.adapter;
    f.s.out_dir = f.out;
    const auto o = api::run_inversion(*model, f.s, line.plain_callbacks(), interrupt_control());
    line.finish();
    print_written(o);
    return 0;
  }
  // A whole collection: one pool per member, OUT/<member>; finished members are kept, so an
  // interrupted run resumes where it stopped.
  api::CollectionInversionSettings& c = f.collection;
  c.zoo_dir = f.zoo;
  c.out_dir = f.out;
  c.inversion = f.s;
  const auto o =
      api::run_collection_inversion(*model, c, line.plain_callbacks(), interrupt_control());
  line.finish();
  if (c.shard_count > 1)
    std::cout << "shard " << c.shard_index << "/" << c.shard_count << ": every " << c.shard_count
              << "-th member from member " << c.shard_index << "\n";
  for (const auto& dir : o.kept) std::cout << "kept " << dir << " (already inverted)\n";
  for (const auto& d : o.done) print_written(d);
  if (!o.done.empty())
    std::cout << "inverted " << o.done.size() << " LoRAs, mean teacher accuracy "
              << o.mean_teacher_accuracy() * 100 << " %\n";
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "invert";
  c.summary = "synthesize surrogate images from a pre-tuned LoRA (LoRA Inversion)";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<InvertFlags>();
    declare_inversion_options(app, *f);
    return [f] { return run_invert(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
