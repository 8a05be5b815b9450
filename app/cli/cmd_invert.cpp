// invert --model M (--adapter A | --zoo DIR) --out DIR: LoRA Inversion (docs/method.md §3) into
// surrogate pool folders. A thin adapter: flags → api::InversionSettings → core/api → print.
#include <iostream>

#include "api/jobs.h"
#include "api/session.h"
#include "args.h"
#include "commands.h"
#include "io/error.h"
#include "progress.h"

namespace lrc::cli {

namespace {

// Every inversion flag into the one settings struct (its defaults are the core's).
api::InversionSettings settings_from(const Args& args) {
  api::InversionSettings s;
  s.per_class = int(args.get_int("per-class", s.per_class));
  s.iterations = int(args.get_int("iterations", s.iterations));
  s.lr = args.get_double("lr", s.lr);
  s.prior_path = args.get("prior", "");
  s.bn_weight = args.get_double("bn-weight", s.bn_weight);
  s.tv_weight = args.get_double("tv", s.tv_weight);
  s.l2_weight = args.get_double("l2", s.l2_weight);
  s.mask_ratio = args.get_double("mask-ratio", s.mask_ratio);
  s.jitter = args.get_double("jitter", s.jitter);
  s.flip = args.get_double("flip", s.flip);
  s.batch = int(args.get_int("batch", s.batch));
  s.prune_start_fraction = args.get_double("prune-start", s.prune_start_fraction);
  if (args.has("prune-layers"))
    s.prune_layers = parse_int_list("prune-layers", args.get("prune-layers"));
  if (args.has("prune-ratios"))
    s.prune_ratios = parse_double_list("prune-ratios", args.get("prune-ratios"));
  // Flag-named messages for the list mismatch; the core checks the values themselves.
  if (s.prune_layers.size() != s.prune_ratios.size())
    throw InputError("--prune-layers has " + std::to_string(s.prune_layers.size()) +
                     " entries but --prune-ratios has " + std::to_string(s.prune_ratios.size()));
  s.class_selection = args.get("classes", "");
  s.seed = uint64_t(args.get_int("seed", 0));
  s.precision = args.get("precision", "auto");
  s.write_pngs = !args.flag("no-png");
  s.model_label = args.get("model");
  return s;
}

void print_written(const api::InversionOutcome& o) {
  std::cout << "wrote " << o.images << " images (" << o.class_names.size() << " classes) to "
            << o.saved_to << ": teacher accuracy " << o.teacher_accuracy * 100 << " %, "
            << o.seconds << " s" << std::endl;
}

int run_invert(const Args& args) {
  setup_compute(args);  // --threads, --device and --precision checked before any loading
  const std::string out = args.require("out");
  if (args.has("adapter") == args.has("zoo"))
    throw InputError("\"invert\" needs either --adapter A or --zoo DIR");
  const auto model = api::Model::load(args.require("model"), args.get("device", "cpu"));
  api::InversionSettings s = settings_from(args);
  ProgressLine line;
  if (args.has("adapter")) {
    s.adapter_path = args.get("adapter");
    s.out_dir = out;
    const auto o = api::run_inversion(*model, s, line.plain_callbacks(), interrupt_control());
    line.finish();
    print_written(o);
    return 0;
  }
  // A whole collection: one pool per member, OUT/<member>; finished members are kept, so an
  // interrupted run resumes where it stopped.
  api::CollectionInversionSettings c;
  c.zoo_dir = args.get("zoo");
  c.out_dir = out;
  c.together = int(args.get_int("zoo-batch", c.together));
  c.inversion = s;
  const auto o =
      api::run_collection_inversion(*model, c, line.plain_callbacks(), interrupt_control());
  line.finish();
  for (const auto& dir : o.kept) std::cout << "kept " << dir << " (already inverted)\n";
  for (const auto& d : o.done) print_written(d);
  if (!o.done.empty())
    std::cout << "inverted " << o.done.size() << " LoRAs, mean teacher accuracy "
              << o.mean_teacher_accuracy() * 100 << " %\n";
  return 0;
}

const CommandRegistrar registrar(Command{
    "invert", "synthesize surrogate images from a pre-tuned LoRA (LoRA Inversion)",
    "usage: lora-recycle-cli invert --model M (--adapter A | --zoo DIR) --out DIR [options]\n"
    "  --adapter A          a pre-tuned LoRA with its classification head (PEFT, reference, "
    "native)\n"
    "  --zoo DIR            every LoRA of a collection, each into OUT/<name> (resumes: finished\n"
    "                       pools are kept); the layout meta-train --pool reads\n"
    "  --zoo-batch N        members inverted together in one forward pass (default 4; 1: one at\n"
    "                       a time); each keeps its own seed, so the pools are the same\n"
    "  --out DIR            pool folder: pool.safetensors, images/, masked/, losses.csv\n"
    "  --per-class K        images per class (default 16)\n"
    "  --classes i,j,...    head classes to synthesize, by name or index (default: all)\n"
    "  --iterations N       Adam steps (default 2000)\n"
    "  --lr X               Adam learning rate (default 0.25; betas 0.5, 0.99)\n"
    "  --prior P            BatchNorm prior network (lrc-prior file); without it R_bn is off\n"
    "  --bn-weight X        weight of R_bn (default 0.01)\n"
    "  --tv X  --l2 X       weights of total variation and the L2 norm (default 0)\n"
    "  --jitter X           random roll by up to this share of the image (default 0.125)\n"
    "  --flip P             horizontal-flip probability (default 0.5; 0 for data that is not\n"
    "                       mirror-symmetric, such as letters)\n"
    "  --prune-layers 3,6,9 --prune-ratios 0.3,0.3,0.3\n"
    "                       token pruning after these blocks' attention (default: none)\n"
    "  --prune-start X      share of the iterations before pruning starts (default 0.25)\n"
    "  --mask-ratio X       further share of surviving patches masked out (default 0)\n"
    "  --batch N            images optimized together (default: all)\n"
    "  --no-png             skip the PNG files\n",
    with_compute_options(OptionSpec{
        {"model",      "adapter",      "zoo",          "out",         "per-class",
         "iterations", "lr",           "prior",        "bn-weight",   "tv",
         "l2",         "prune-layers", "prune-ratios", "prune-start", "mask-ratio",
         "classes",    "batch",        "jitter",       "flip",        "zoo-batch"},
        {"no-png"}}),
    run_invert});

}  // namespace
}  // namespace lrc::cli
