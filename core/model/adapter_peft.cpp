// PEFT LoRA folders: adapter_config.json + adapter_model.safetensors.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>
#include <filesystem>
#include <map>
#include <set>

#include <torch/torch.h>

#include "io/atomic_file.h"
#include "io/error.h"
#include "model/adapter_formats_internal.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"
#include "model/family_keys.h"

namespace lrc {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPeftPrefix = "base_model.model.";
constexpr int64_t kMaxRank = 4096;       // far above any LoRA in use; bounds r and rank_pattern
constexpr size_t kMaxPatternKey = 1024;  // a module path, like a tensor name

struct PeftConfig {
  int64_t r = 8;
  double alpha = 8;
  bool rslora = false;
  Json rank_pattern = Json::object();
  Json alpha_pattern = Json::object();
  std::vector<int> layers_to_transform;  // empty = all
  std::vector<std::string> modules_to_save;
  std::vector<std::string> regex_like_keys;  // rank/alpha pattern keys that will never match
};

// Rank and alpha overrides, checked here so that a wrong type or an absurd value is reported
// against adapter_config.json instead of surfacing later as an internal error.
Json checked_patterns(const Json& j, const char* field, bool ranks) {
  const Json* p = j.find(field);
  if (!p || p->is_null()) return Json::object();
  if (!p->is_object()) throw InputError(std::string("\"") + field + "\" is not a JSON object");
  for (const auto& [key, value] : p->as_object()) {
    const std::string where = std::string(field) + " entry \"" + key.substr(0, 80) + "\"";
    if (key.empty() || key.size() > kMaxPatternKey)
      throw InputError(where + ": module patterns are 1 to " + std::to_string(kMaxPatternKey) +
                       " characters");
    if (ranks && (!value.is_integer() || value.as_int() < 1 || value.as_int() > kMaxRank))
      throw InputError(where + ": the rank must be an integer from 1 to " +
                       std::to_string(kMaxRank) + ", got " + value.dump());
    if (!ranks && (!value.is_number() || !std::isfinite(value.as_number())))
      throw InputError(where + ": alpha must be a finite number, got " + value.dump());
  }
  return *p;
}

PeftConfig parse_peft_config(const std::string& path) {
  Json j;
  try {
    j = Json::parse(read_text_file(path, size_t(4) << 20));
  } catch (const JsonParseError& e) {
    throw InputError(file_message(path, e.what()));
  }
  auto bad = [&](const std::string& what) { return InputError(file_message(path, what)); };
  if (!j.is_object()) throw bad("not a JSON object");
  PeftConfig c;
  try {
    const std::string type = j.get_string("peft_type", "LORA");
    if (type != "LORA")
      throw bad("peft_type is \"" + type + "\"; only LoRA adapters are supported");
    if (j.get_bool("use_dora", false)) throw bad("DoRA adapters (use_dora) are not supported");
    if (j.get_bool("fan_in_fan_out", false))
      throw bad("fan_in_fan_out adapters (Conv1D layers) do not fit a ViT");
    c.r = j.get_int("r", 8);
    c.alpha = j.get_number("lora_alpha", 8);
    c.rslora = j.get_bool("use_rslora", false);
    c.rank_pattern = checked_patterns(j, "rank_pattern", true);
    c.alpha_pattern = checked_patterns(j, "alpha_pattern", false);
    for (const Json* p : {&c.rank_pattern, &c.alpha_pattern})
      for (const auto& kv : p->as_object())
        if (kv.first.find_first_of("*+?[](){}|^$\\") != std::string::npos)
          c.regex_like_keys.push_back(kv.first);
    if (const Json* l = j.find("layers_to_transform"); l && !l->is_null()) {
      Json::Array layers = l->is_array() ? l->as_array() : Json::Array{*l};
      for (const auto& v : layers) {
        const int layer = v.as_int32();
        if (layer < 0 || layer > 4096)
          throw InputError("layers_to_transform holds " + std::to_string(layer) +
                           ", not a block index");
        c.layers_to_transform.push_back(layer);
      }
    }
    if (const Json* m = j.find("modules_to_save"); m && m->is_array())
      for (const auto& v : m->as_array()) c.modules_to_save.push_back(v.as_string());
  } catch (const InputError& e) {
    if (std::string_view(e.what()).rfind(path, 0) == 0) throw;
    throw bad(e.what());
  } catch (const Error& e) {
    throw bad(e.what());
  }
  if (c.r <= 0 || c.r > kMaxRank)
    throw bad("r must be an integer from 1 to " + std::to_string(kMaxRank) + ", got " +
              std::to_string(c.r));
  if (!std::isfinite(c.alpha)) throw bad("lora_alpha must be a finite number");
  return c;
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool ends_with_module(const std::string& path, const std::string& module) {
  return path == module || (path.size() > module.size() && ends_with(path, module) &&
                            path[path.size() - module.size() - 1] == '.');
}

bool is_identifier(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](unsigned char ch) { return std::isalnum(ch) || ch == '_'; });
}

// PEFT's pattern lookup: a key matches a module when the module path ends with ".key" (or is it).
// Keys are matched literally: PEFT also accepts regular expressions there, but a pattern from an
// untrusted file compiled into std::regex can take exponential time or overflow the stack, and
// the adapters in the wild name modules ("q_proj", "layers.3.self_attn.v_proj").
const Json* pattern_value(const Json& patterns, const std::string& module) {
  for (const auto& [key, value] : patterns.as_object())
    if (ends_with_module(module, key)) return &value;
  return nullptr;
}

// Splits "….q_proj.lora_A.weight" (or "….lora_A.default.weight") into module path and A/B.
// Plain string scanning, linear in the key's length (tensor names come from untrusted files).
bool split_lora_key(const std::string& key, std::string& module, char& which) {
  std::string_view s(key);
  if (!ends_with(s, ".weight")) return false;
  s.remove_suffix(7);
  auto take = [&](std::string_view rest) {
    if (rest.size() < 8 || !ends_with(rest.substr(0, rest.size() - 1), ".lora_")) return false;
    const char ab = rest.back();
    if (ab != 'A' && ab != 'B') return false;
    module = std::string(rest.substr(0, rest.size() - 7));
    which = ab;
    return !module.empty();
  };
  if (take(s)) return true;         // "….lora_A.weight"
  const size_t dot = s.rfind('.');  // "….lora_A.<adapter name>.weight"
  return dot != std::string_view::npos && is_identifier(s.substr(dot + 1)) &&
         take(s.substr(0, dot));
}

std::string strip_prefix(const std::string& key) {
  return key.rfind(kPeftPrefix, 0) == 0 ? key.substr(std::char_traits<char>::length(kPeftPrefix))
                                        : key;
}

// A head saved via modules_to_save: "<module>.weight" or "<module>.modules_to_save.<name>.weight".
// Sets `part` to "weight" or "bias". Linear string scanning, like split_lora_key.
bool is_head_key(const std::string& key, const std::vector<std::string>& modules,
                 std::string& part) {
  std::string_view s(key);
  if (ends_with(s, ".weight"))
    part = "weight", s.remove_suffix(7);
  else if (ends_with(s, ".bias"))
    part = "bias", s.remove_suffix(5);
  else
    return false;
  constexpr std::string_view kSaved = ".modules_to_save.";
  if (const size_t at = s.rfind(kSaved);
      at != std::string_view::npos && is_identifier(s.substr(at + kSaved.size())))
    s = s.substr(0, at);
  const std::string module(s);
  for (const auto& name : modules)
    if (ends_with_module(module, name)) return true;
  return false;
}

std::string summarize(const std::vector<std::string>& items, size_t show = 3) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < show; ++i) s += (i ? ", " : "") + items[i];
  if (items.size() > show) s += ", …";
  return s;
}

}  // namespace

namespace detail {

LoraAdapter read_peft_adapter(const std::string& dir) {
  const std::string cfg_path = (fs::path(dir) / "adapter_config.json").string();
  const std::string weights = (fs::path(dir) / "adapter_model.safetensors").string();
  std::error_code ec;
  if (!fs::exists(cfg_path, ec))
    throw InputError(file_message(dir, "no adapter_config.json in this PEFT folder"));
  if (!fs::exists(weights, ec)) {
    if (fs::exists(fs::path(dir) / "adapter_model.bin", ec))
      throw InputError(file_message(
          dir, "adapter_model.bin (a pickle) is not supported; convert it to safetensors"));
    throw InputError(file_message(dir, "no adapter_model.safetensors in this PEFT folder"));
  }
  PeftConfig cfg = parse_peft_config(cfg_path);
  SafetensorsFile file(weights);
  LoraAdapter a;
  a.info.format = "peft";
  a.info.name = fs::path(dir).filename().string();
  Json meta = read_lrc_metadata(file);
  if (meta.is_object()) info_from_json(meta, a.info);

  std::map<std::string, std::pair<std::string, std::string>> modules;  // module → (A key, B key)
  std::vector<std::string> unknown;
  for (const auto& r : file.records()) {
    std::string module, part;
    char which = 0;
    if (split_lora_key(r.name, module, which)) {
      (which == 'A' ? modules[module].first : modules[module].second) = r.name;
    } else if (is_head_key(r.name, cfg.modules_to_save, part)) {
      if (part == "weight")
        a.head.weight = file.load(r.name), a.head.source = r.name;
      else
        a.head.bias = file.load(r.name);
    } else {
      unknown.push_back(r.name);
    }
  }
  std::vector<std::string> outside, unparsed, skipped;
  std::set<std::string> families;
  for (const auto& [module, keys] : modules) {
    if (keys.first.empty() || keys.second.empty())
      throw InputError(file_message(
          weights, "module \"" + module + "\" has lora_" + (keys.first.empty() ? "B" : "A") +
                       " but no lora_" + (keys.first.empty() ? "A" : "B")));
    const std::string path = strip_prefix(module);
    auto parsed = parse_block_module(path);
    if (!parsed) {
      unparsed.push_back(path);
      continue;
    }
    if (!parsed->vision) {
      outside.push_back(path);
      continue;
    }
    if (!cfg.layers_to_transform.empty() &&
        std::find(cfg.layers_to_transform.begin(), cfg.layers_to_transform.end(), parsed->layer) ==
            cfg.layers_to_transform.end()) {
      skipped.push_back(path);
      continue;
    }
    families.insert(family_name(parsed->family));
    LoraEntry e;
    e.layer = parsed->layer;
    e.target = parsed->target;
    e.A = file.load(keys.first);
    e.B = file.load(keys.second);
    e.source = keys.first;
    const Json* rp = pattern_value(cfg.rank_pattern, path);
    const Json* ap = pattern_value(cfg.alpha_pattern, path);
    e.scale_rank = rp ? rp->as_int() : cfg.r;
    e.alpha = ap ? ap->as_number() : cfg.alpha;
    e.rslora = cfg.rslora;
    if (e.A.dim() == 2 && e.A.size(0) != e.scale_rank)
      throw InputError(file_message(weights, "adapter_config.json gives rank " +
                                                 std::to_string(e.scale_rank) + " for \"" + path +
                                                 "\" but " + keys.first + " has " +
                                                 std::to_string(e.A.size(0)) + " rows"));
    a.entries.push_back(std::move(e));
  }
  if (!outside.empty())
    a.warnings.push_back(std::to_string(outside.size()) +
                         " LoRA modules outside the vision tower not applied (" +
                         summarize(outside) + ")");
  if (!unparsed.empty())
    a.warnings.push_back(std::to_string(unparsed.size()) +
                         " LoRA modules that are no ViT block projection not applied (" +
                         summarize(unparsed) + ")");
  if (!skipped.empty())
    a.warnings.push_back(std::to_string(skipped.size()) +
                         " LoRA modules outside layers_to_transform not applied (" +
                         summarize(skipped) + ")");
  if (!unknown.empty())
    a.warnings.push_back(std::to_string(unknown.size()) + " unrecognized tensors ignored (" +
                         summarize(unknown) + ")");
  if (families.size() > 1)
    throw InputError(
        file_message(weights, "module names of several model families mixed in one adapter"));
  if (!families.empty() && !a.info.base.is_object()) a.info.base = Json::object();
  if (!families.empty() && !a.info.base.contains("family"))
    a.info.base["family"] = *families.begin();
  if (a.entries.empty() && !skipped.empty())
    throw InputError(file_message(cfg_path, "layers_to_transform leaves none of the " +
                                                std::to_string(skipped.size()) + " LoRA modules (" +
                                                summarize(skipped) + ")"));
  for (const auto& key : cfg.regex_like_keys)
    a.warnings.push_back("pattern key \"" + key.substr(0, 80) +
                         "\" looks like a regular expression; keys are matched as module names");
  if (a.entries.empty() && !a.head.defined())
    throw InputError(file_message(weights, "no LoRA weights for the vision tower in this adapter"));
  return a;
}

}  // namespace detail

namespace {

// For families that fuse q, k and v, turns the q/k/v entries of each block into one exact fused
// Qkv entry: A stacked, B block-diagonal with each entry's scale folded in, scale 1.
std::vector<LoraEntry> fuse_qkv_entries(const LoraAdapter& adapter, int64_t width) {
  std::vector<LoraEntry> out;
  std::map<int, std::vector<const LoraEntry*>> per_layer;
  for (const auto& e : adapter.entries) {
    if (e.target == LoraTarget::Q || e.target == LoraTarget::K || e.target == LoraTarget::V)
      per_layer[e.layer].push_back(&e);
    else
      out.push_back(e);
  }
  for (const auto& [layer, parts] : per_layer) {
    if (adapter.find(layer, LoraTarget::Qkv))
      throw InputError("block " + std::to_string(layer) +
                       " has both fused qkv and separate q/k/v LoRAs");
    int64_t r = 0;
    for (auto* e : parts) r += e->rank();
    auto A = torch::cat(
        [&] {
          std::vector<torch::Tensor> as;
          for (auto* e : parts) as.push_back(e->A.to(torch::kFloat));
          return as;
        }(),
        0);
    auto B = torch::zeros({3 * width, r});
    int64_t col = 0;
    for (auto* e : parts) {
      int64_t row = e->target == LoraTarget::Q ? 0 : e->target == LoraTarget::K ? width : 2 * width;
      B.slice(0, row, row + width)
          .slice(1, col, col + e->rank())
          .copy_(e->B.to(torch::kFloat) * e->scale());
      col += e->rank();
    }
    LoraEntry f;
    f.layer = layer;
    f.target = LoraTarget::Qkv;
    f.A = A;
    f.B = B;
    f.alpha = double(r);
    f.scale_rank = r;
    f.source = parts.front()->source;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

void save_adapter_peft(const LoraAdapter& adapter, const std::string& dir, ModelFamily family,
                       const std::string& base_model_name) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError(file_message(dir, "cannot create the folder: " + ec.message()));
  const std::string prefix = family == ModelFamily::HfClip  ? "vision_model."
                             : family == ModelFamily::HfVit ? "vit."
                                                            : "";
  const bool fused = family == ModelFamily::Timm || family == ModelFamily::Native;
  int64_t width = adapter.entries.empty() ? 0 : adapter.entries.front().A.size(1);
  std::vector<LoraEntry> entries = fused ? fuse_qkv_entries(adapter, width) : adapter.entries;

  // The most common rank and alpha go in r / lora_alpha; the others in the patterns.
  std::map<int64_t, int> rank_votes;
  std::map<double, int> alpha_votes;
  for (const auto& e : entries) ++rank_votes[e.scale_rank], ++alpha_votes[e.alpha];
  auto most = [](const auto& votes, auto fallback) {
    auto best = fallback;
    int n = -1;
    for (const auto& [v, c] : votes)
      if (c > n) best = v, n = c;
    return best;
  };
  const int64_t r = most(rank_votes, int64_t(4));
  const double alpha = most(alpha_votes, 4.0);
  bool rslora = !entries.empty() && entries.front().rslora;

  std::vector<NamedTensor> tensors;
  Json targets = Json::array(), rank_pattern = Json::object(), alpha_pattern = Json::object();
  for (const auto& e : entries) {
    if (e.rslora != rslora)
      throw InputError("PEFT cannot mix rsLoRA and plain LoRA scales in one adapter");
    const std::string module = block_module(family, prefix, e.layer, target_part(e.target));
    if (module.empty())
      throw InputError(std::string("target ") + target_name(e.target) + " has no module in the " +
                       family_name(family) + " layout");
    tensors.push_back({kPeftPrefix + module + ".lora_A.weight", e.A});
    tensors.push_back({kPeftPrefix + module + ".lora_B.weight", e.B});
    targets.push_back(module);
    if (e.scale_rank != r) rank_pattern[module] = e.scale_rank;
    if (e.alpha != alpha) alpha_pattern[module] = e.alpha;
  }
  Json modules_to_save = nullptr;
  if (adapter.head.defined()) {
    tensors.push_back({std::string(kPeftPrefix) + "classifier.weight", adapter.head.weight});
    if (adapter.head.bias.defined())
      tensors.push_back({std::string(kPeftPrefix) + "classifier.bias", adapter.head.bias});
    modules_to_save = Json(Json::Array{Json("classifier")});
  }
  Json cfg = Json::object();
  cfg["peft_type"] = "LORA";
  cfg["base_model_name_or_path"] = base_model_name;
  cfg["r"] = r;
  cfg["lora_alpha"] = alpha;
  cfg["use_rslora"] = rslora;
  cfg["target_modules"] = std::move(targets);
  cfg["rank_pattern"] = std::move(rank_pattern);
  cfg["alpha_pattern"] = std::move(alpha_pattern);
  cfg["modules_to_save"] = std::move(modules_to_save);
  cfg["lora_dropout"] = 0.0;
  cfg["bias"] = "none";
  cfg["fan_in_fan_out"] = false;
  cfg["inference_mode"] = true;
  cfg["task_type"] = nullptr;
  Json meta = detail::info_to_json(adapter.info);
  meta["format"] = "lrc-peft-export";
  save_safetensors((fs::path(dir) / "adapter_model.safetensors").string(), tensors,
                   {{"format", "pt"}, {kMetaKey, meta.dump()}});
  write_file_atomic((fs::path(dir) / "adapter_config.json").string(), cfg.dump(2) + "\n");
}

}  // namespace lrc
