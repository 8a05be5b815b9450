// Helpers shared by the CLI commands that compute: loading --model / --adapter / --data and
// parsing the common LoRA flags.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "args.h"
#include "data/dataset.h"
#include "model/checkpoint.h"
#include "model/lora.h"

namespace CLI {
class App;
}

namespace lrc::cli {

// The LoRA shape flags of a declared command, with LoraSpec's defaults.
struct LoraFlags {
  int64_t rank = LoraSpec{}.rank;
  std::string targets = targets_text(LoraSpec{}.targets);
  double alpha = std::numeric_limits<double>::quiet_NaN();  // NaN: the rank (scale 1)
};

// --rank, --targets, --alpha bound to `flags`.
void add_lora_options(CLI::App& app, LoraFlags& flags);

// The spec the flags describe; throws InputError for unknown targets.
LoraSpec lora_spec_from(const LoraFlags& flags);

// --rank, --targets, --alpha (default: alpha = rank, i.e. scale 1).
LoraSpec lora_spec_from(const Args& args);

// Resolves "--classes a,b,c" against the dataset: class names, or ids when every item is an
// integer that is not also a class name. Throws InputError naming unknown classes.
std::vector<int64_t> resolve_classes(const Dataset& data, const std::string& csv);

}  // namespace lrc::cli
