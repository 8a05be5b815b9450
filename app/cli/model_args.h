// The LoRA shape flags shared by the commands that tune LoRAs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/training.h"

namespace CLI {
class App;
}

namespace lrc::cli {

// The LoRA shape flags of a declared command: the facade's LoraShape, with its defaults.
using LoraFlags = api::LoraShape;

// --rank, --targets, --alpha bound to `flags`.
void add_lora_options(CLI::App& app, LoraFlags& flags);

}  // namespace lrc::cli
