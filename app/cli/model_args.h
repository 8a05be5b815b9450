// Helpers shared by the CLI commands that compute: loading --model / --adapter / --data and
// parsing the common LoRA flags.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/training.h"
#include "args.h"
#include "data/dataset.h"
#include "model/checkpoint.h"
#include "model/lora.h"

namespace CLI {
class App;
}

namespace lrc::cli {

// The LoRA shape flags of a declared command: the facade's LoraShape, with its defaults.
using LoraFlags = api::LoraShape;

// --rank, --targets, --alpha bound to `flags`.
void add_lora_options(CLI::App& app, LoraFlags& flags);

// --rank, --targets, --alpha (default: alpha = rank, i.e. scale 1).
LoraSpec lora_spec_from(const Args& args);

}  // namespace lrc::cli
