// invert --model M --adapter A --out DIR: LoRA Inversion (docs/method.md §3) into a surrogate
// pool folder.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <torch/torch.h>

#include "args.h"
#include "commands.h"
#include "io/error.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"
#include "progress.h"
#include "recycle/bn_prior.h"
#include "recycle/inversion.h"
#include "recycle/pool.h"
#include "recycle/zoo.h"

namespace lrc::cli {

namespace {

// "--classes": names from the adapter's class list, or head indices.
std::vector<int64_t> resolve_head_classes(const LoraAdapter& adapter,
                                          const std::string& adapter_path, const std::string& csv) {
  std::vector<int64_t> out;
  const auto& names = adapter.info.classes;
  std::stringstream ss(csv);
  for (std::string item; std::getline(ss, item, ',');) {
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
      throw InputError("--classes: \"" + item + "\" is neither a class of adapter " + adapter_path +
                       " nor an index");
    out.push_back(index);
  }
  return out;
}

InversionConfig config_from(const Args& args) {
  InversionConfig c;
  c.per_class = args.get_int("per-class", c.per_class);
  c.iterations = args.get_int("iterations", c.iterations);
  c.lr = args.get_double("lr", c.lr);
  c.bn_weight = args.get_double("bn-weight", c.bn_weight);
  c.tv_weight = args.get_double("tv", c.tv_weight);
  c.l2_weight = args.get_double("l2", c.l2_weight);
  c.mask_ratio = args.get_double("mask-ratio", c.mask_ratio);
  c.jitter_fraction = args.get_double("jitter", c.jitter_fraction);
  c.flip_probability = args.get_double("flip", c.flip_probability);
  c.batch_size = args.get_int("batch", c.batch_size);
  c.prune_start_fraction = args.get_double("prune-start", c.prune_start_fraction);
  if (args.has("prune-layers"))
    c.prune_layers = parse_int_list("prune-layers", args.get("prune-layers"));
  if (args.has("prune-ratios"))
    c.prune_ratios = parse_double_list("prune-ratios", args.get("prune-ratios"));
  // Flag-named messages for the list mismatch; the core checks the values themselves.
  if (c.prune_layers.size() != c.prune_ratios.size())
    throw InputError("--prune-layers has " + std::to_string(c.prune_layers.size()) +
                     " entries but --prune-ratios has " + std::to_string(c.prune_ratios.size()));
  return c;
}

LoraAdapter load_teacher(const std::string& path, const ViTConfig& config) {
  LoraAdapter a = load_adapter(path, config);
  if (!a.head.defined())
    throw InputError("adapter " + path +
                     " has no classification head; invert needs a pre-tuned LoRA with its head");
  if (a.info.name.empty()) a.info.name = std::filesystem::path(path).stem().string();
  return a;
}

// A finished inversion into its pool folder; returns the teacher accuracy.
double save_result(const Args& args, InversionResult& r, const std::string& adapter_path,
                   const std::string& out, bool has_prior) {
  r.pool.adapter_path = adapter_path;
  r.pool.info["model"] = args.get("model");
  if (has_prior) r.pool.info["prior_path"] = args.get("prior");
  save_pool(r.pool, out, !args.flag("no-png"));
  std::cout << "wrote " << r.pool.size() << " images (" << r.pool.class_names.size()
            << " classes) to " << out << ": teacher accuracy " << r.teacher_accuracy * 100 << " %, "
            << r.seconds << " s" << std::endl;
  return r.teacher_accuracy;
}

// One adapter into one pool folder; returns the teacher accuracy.
double invert_one(const Args& args, ViTImpl& model, const PriorNet& prior, InversionConfig cfg,
                  const std::string& adapter_path, const std::string& out, const JobContext& ctx,
                  ProgressLine& line) {
  LoraAdapter teacher = load_teacher(adapter_path, model.config());
  if (args.has("classes"))
    cfg.classes = resolve_head_classes(teacher, adapter_path, args.get("classes"));
  InversionResult r = invert(model, teacher, prior ? &prior : nullptr, cfg, ctx);
  line.finish();
  return save_result(args, r, adapter_path, out, bool(prior));
}

int run_invert(const Args& args) {
  Compute compute = setup_compute(args);
  const std::string out = args.require("out");
  if (args.has("adapter") == args.has("zoo"))
    throw InputError("\"invert\" needs either --adapter A or --zoo DIR");
  InversionConfig cfg = config_from(args);
  auto loaded = load_model(args.require("model"), compute.device);
  PriorNet prior{nullptr};
  if (args.has("prior")) prior = load_prior(args.get("prior"), compute.device);
  ProgressLine line;
  if (!prior) line.message("no --prior: the naturalness prior R_bn is off");
  JobContext ctx = job_context(compute, interrupt_token(), line.callbacks());
  if (args.has("adapter")) {
    invert_one(args, *loaded.model, prior, cfg, args.get("adapter"), out, ctx, line);
    return 0;
  }
  // A whole collection: one pool per member, OUT/<member>; members already inverted are kept,
  // so an interrupted run resumes where it stopped. Up to --zoo-batch members with the same
  // layout share each forward pass (with --classes, whose indices may differ per member: one
  // at a time); member i keeps its own seed either way, so the pools are the same.
  const auto members = list_zoo(args.get("zoo"));
  const PrecisionScope precision = enter_precision(ctx);  // one choice (and log line) for all
  const int64_t zoo_batch = args.has("classes") ? 1 : args.get_int("zoo-batch", 4);
  if (zoo_batch < 1 || zoo_batch > 64) throw InputError("--zoo-batch must lie in [1, 64]");
  std::vector<size_t> pending;
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string dir = (std::filesystem::path(out) / members[i].name).string();
    if (std::filesystem::exists(std::filesystem::path(dir) / "pool.safetensors"))
      std::cout << "kept " << dir << " (already inverted)" << std::endl;
    else
      pending.push_back(i);
  }
  double sum = 0;
  int done = 0;
  auto dir_of = [&](size_t i) { return (std::filesystem::path(out) / members[i].name).string(); };
  for (size_t start = 0; start < pending.size();) {
    // The next run of members that can share a pass (same LoRA layout and head size).
    std::vector<LoraAdapter> teachers{
        load_teacher(members[pending[start]].path, loaded.model->config())};
    size_t end = start + 1;
    while (end < pending.size() && int64_t(teachers.size()) < zoo_batch) {
      LoraAdapter next = load_teacher(members[pending[end]].path, loaded.model->config());
      if (!can_invert_together(teachers.front(), next)) break;
      teachers.push_back(std::move(next));
      ++end;
    }
    if (teachers.size() == 1) {
      JobContext member_ctx = ctx;
      member_ctx.seed = derive_seed(compute.seed, 400, pending[start]);
      member_ctx.callbacks.progress = [&, i = pending[start]](const ProgressEvent& e) {
        ProgressEvent z = e;
        z.stage = "invert " + std::to_string(i + 1) + "/" + std::to_string(members.size());
        line.update(z);
      };
      sum += invert_one(args, *loaded.model, prior, cfg, members[pending[start]].path,
                        dir_of(pending[start]), member_ctx, line);
      ++done;
      start = end;
      continue;
    }
    std::vector<const LoraAdapter*> refs;
    std::vector<uint64_t> seeds;
    for (size_t k = start; k < end; ++k) {
      refs.push_back(&teachers[k - start]);
      seeds.push_back(derive_seed(compute.seed, 400, pending[k]));
    }
    JobContext batch_ctx = ctx;
    batch_ctx.callbacks.progress = [&](const ProgressEvent& e) {
      ProgressEvent z = e;
      z.stage = "invert " + std::to_string(pending[start] + 1) + "–" +
                std::to_string(pending[end - 1] + 1) + "/" + std::to_string(members.size());
      line.update(z);
    };
    auto results =
        invert_batched(*loaded.model, refs, seeds, prior ? &prior : nullptr, cfg, batch_ctx);
    line.finish();
    for (size_t k = start; k < end; ++k)
      sum += save_result(args, results[k - start], members[pending[k]].path, dir_of(pending[k]),
                         bool(prior));
    done += int(end - start);
    start = end;
  }
  if (done > 0)
    std::cout << "inverted " << done << " LoRAs, mean teacher accuracy " << sum / done * 100
              << " %\n";
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
