#include "model_args.h"

#include <CLI/CLI.hpp>

#include "parse.h"

namespace lrc::cli {

void add_lora_options(CLI::App& app, LoraFlags& f) {
  app.add_option("--rank", f.rank, "LoRA rank")->capture_default_str()->check(at_least(1));
  app.add_option("--targets", f.targets, "the linear layers LoRA sits on (q,k,v,out,fc1,fc2,qkv)")
      ->capture_default_str();
  app.add_option("--alpha", f.alpha, "LoRA alpha, scale = alpha / rank (default: the rank)");
}

}  // namespace lrc::cli
