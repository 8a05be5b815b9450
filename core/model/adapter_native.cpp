// The project's own adapter format.
#include <cmath>

#include <torch/torch.h>

#include "io/error.h"
#include "model/adapter_formats_internal.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"

namespace lrc {
namespace detail {

Json info_to_json(const AdapterInfo& info) {
  Json j = Json::object();
  j["name"] = info.name;
  Json classes = Json::array();
  for (const auto& c : info.classes) classes.push_back(c);
  j["classes"] = std::move(classes);
  if (!std::isnan(info.accuracy)) j["accuracy"] = info.accuracy;
  j["base_fingerprint"] = info.base_fingerprint;
  j["base"] = info.base;
  j["provenance"] = info.provenance;
  return j;
}

void info_from_json(const Json& j, AdapterInfo& info) {
  info.name = j.get_string("name", info.name);
  if (const Json* c = j.find("classes"); c && c->is_array()) {
    info.classes.clear();
    for (const auto& v : c->as_array())
      info.classes.push_back(v.is_string() ? v.as_string() : v.dump());
  }
  info.accuracy = j.get_number("accuracy", info.accuracy);
  info.base_fingerprint = j.get_string("base_fingerprint", info.base_fingerprint);
  if (const Json* b = j.find("base")) info.base = *b;
  if (const Json* p = j.find("provenance")) info.provenance = *p;
}

namespace {

std::string entry_key(const LoraEntry& e, const char* part) {
  return "lora." + std::to_string(e.layer) + "." + target_name(e.target) + "." + part;
}

}  // namespace

LoraAdapter read_native_adapter(const SafetensorsFile& file) {
  Json meta = read_lrc_metadata(file);
  LoraAdapter a;
  a.info.format = "native";
  try {
    info_from_json(meta, a.info);
    for (const auto& ej : meta.at("entries").as_array()) {
      LoraEntry e;
      e.layer = ej.at("layer").as_int32();
      e.target = target_from_name(ej.at("target").as_string());
      e.alpha = ej.at("alpha").as_number();
      e.scale_rank = ej.at("scale_rank").as_int();
      e.rslora = ej.get_bool("rslora", false);
      e.source = entry_key(e, "A");
      e.A = file.load(entry_key(e, "A"));
      e.B = file.load(entry_key(e, "B"));
      a.entries.push_back(std::move(e));
    }
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(file_message(file.path(), std::string("adapter metadata: ") + e.what()));
  }
  if (file.contains("head.weight")) {
    a.head.weight = file.load("head.weight");
    a.head.source = "head.weight";
    if (file.contains("head.bias")) a.head.bias = file.load("head.bias");
  }
  size_t known =
      a.entries.size() * 2 + (a.head.defined() ? 1 : 0) + (a.head.bias.defined() ? 1 : 0);
  if (known != file.records().size())
    a.warnings.push_back(std::to_string(file.records().size() - known) +
                         " tensors not listed in the metadata were ignored");
  return a;
}

}  // namespace detail

void save_adapter(const LoraAdapter& adapter, const std::string& path) {
  std::vector<NamedTensor> tensors;
  Json meta = detail::info_to_json(adapter.info);
  meta["format"] = kAdapterFormatTag;
  meta["version"] = 1;
  Json entries = Json::array();
  for (const auto& e : adapter.entries) {
    if (adapter.find(e.layer, e.target) != &e)
      throw InputError("adapter has two entries for " + std::string(target_name(e.target)) +
                       " of block " + std::to_string(e.layer));
    tensors.push_back({detail::entry_key(e, "A"), e.A});
    tensors.push_back({detail::entry_key(e, "B"), e.B});
    Json ej = Json::object();
    ej["layer"] = e.layer;
    ej["target"] = target_name(e.target);
    ej["alpha"] = e.alpha;
    ej["scale_rank"] = e.scale_rank;
    ej["rslora"] = e.rslora;
    entries.push_back(std::move(ej));
  }
  meta["entries"] = std::move(entries);
  meta["targets"] = targets_text(adapter.targets());
  meta["rank"] = adapter.max_rank();
  if (adapter.head.defined()) {
    tensors.push_back({"head.weight", adapter.head.weight});
    if (adapter.head.bias.defined()) tensors.push_back({"head.bias", adapter.head.bias});
  }
  save_safetensors(path, tensors, {{kMetaKey, meta.dump()}});
}

}  // namespace lrc
