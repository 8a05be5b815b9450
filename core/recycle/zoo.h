// A LoRA collection on disk (what make-zoo writes, or any folder of adapters): listing and
// loading its members.
#pragma once

#include <string>
#include <vector>

#include "model/lora.h"
#include "model/vit_config.h"

namespace lrc {

struct ZooMember {
  std::string name;  // file stem
  std::string path;
};

// Adapters in `dir`: the files listed in index.json when present, else every adapter found
// directly in the folder (sorted). Throws InputError when the folder holds none.
std::vector<ZooMember> list_zoo(const std::string& dir);

// Loads every member and checks it fits `config`; the adapter's info.name is the member name.
std::vector<LoraAdapter> load_zoo(const std::string& dir, const ViTConfig& config);

// One adapter whose delta is the mean of the members' deltas per (layer, target): A stacked,
// B stacked and scaled by scale/n (exact). Heads are dropped. Members may differ in targets.
LoraAdapter average_adapters(const std::vector<LoraAdapter>& members);

}  // namespace lrc
