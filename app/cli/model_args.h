// Helpers shared by the CLI commands that compute: loading --model / --adapter / --data and
// parsing the common LoRA flags.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "args.h"
#include "data/dataset.h"
#include "model/checkpoint.h"
#include "model/lora.h"

namespace lrc::cli {

// --rank, --targets, --alpha (default: alpha = rank, i.e. scale 1).
LoraSpec lora_spec_from(const Args& args);

// Resolves "--classes a,b,c" against the dataset: class names, or ids when every item is an
// integer that is not also a class name. Throws InputError naming unknown classes.
std::vector<int64_t> resolve_classes(const Dataset& data, const std::string& csv);

}  // namespace lrc::cli
