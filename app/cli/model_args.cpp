#include "model_args.h"

#include <algorithm>
#include <cmath>
#include <sstream>

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

LoraSpec lora_spec_from(const LoraFlags& f) {
  LoraSpec spec;
  spec.rank = f.rank;
  spec.alpha = std::isnan(f.alpha) ? double(f.rank) : f.alpha;
  spec.targets = parse_targets(f.targets);
  return spec;
}

std::vector<int64_t> resolve_classes(const Dataset& data, const std::string& csv) {
  const auto& names = data.class_names();
  std::vector<int64_t> out;
  std::stringstream ss(csv);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    auto it = std::find(names.begin(), names.end(), item);
    if (it != names.end()) {
      out.push_back(int64_t(it - names.begin()));
      continue;
    }
    try {
      size_t used = 0;
      const long long id = std::stoll(item, &used);
      if (used == item.size() && id >= 0 && id < int64_t(names.size())) {
        out.push_back(id);
        continue;
      }
    } catch (...) {
    }
    throw InputError("--classes: \"" + item + "\" is not a class of the data (" +
                     std::to_string(names.size()) + " classes, e.g. \"" +
                     (names.empty() ? std::string() : names.front()) + "\")");
  }
  if (out.size() < 2) throw InputError("--classes needs at least 2 classes");
  return out;
}

}  // namespace lrc::cli
