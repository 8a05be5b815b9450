#include "model_args.h"

#include <CLI/CLI.hpp>

#include "io/error.h"
#include "parse.h"

namespace lrc::cli {

LoraSpec lora_spec_from(const Args& args) {
  LoraSpec spec;
  spec.rank = args.get_int("rank", spec.rank);
  if (spec.rank < 1) throw InputError("--rank must be at least 1");
  spec.alpha = args.get_double("alpha", double(spec.rank));
  if (args.has("targets")) spec.targets = parse_targets(args.get("targets"));
  return spec;
}

void add_lora_options(CLI::App& app, LoraFlags& f) {
  app.add_option("--rank", f.rank, "LoRA rank")->capture_default_str()->check(at_least(1));
  app.add_option("--targets", f.targets, "the linear layers LoRA sits on (q,k,v,out,fc1,fc2,qkv)")
      ->capture_default_str();
  app.add_option("--alpha", f.alpha, "LoRA alpha, scale = alpha / rank (default: the rank)");
}

}  // namespace lrc::cli
