#include "api/describe.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "io/error.h"
#include "io/safetensors.h"
#include "io/text.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"
#include "recycle/bn_prior.h"
#include "recycle/pool.h"

namespace lrc {

namespace fs = std::filesystem;

namespace {

Json shape_json(const std::vector<int64_t>& shape) {
  Json s = Json::array();
  for (auto d : shape) s.push_back(Json(d));
  return s;
}

Json tensor_list(const SafetensorsFile& f) {
  Json list = Json::array();
  for (const auto& r : f.records()) {
    Json t = Json::object();
    t["name"] = r.name;
    t["dtype"] = dtype_name(r.dtype);
    t["shape"] = shape_json(r.shape);
    list.push_back(std::move(t));
  }
  return list;
}

Json describe_model(const std::string& path, bool with_tensors) {
  ModelProbe p = probe_model(path);
  Json j = Json::object();
  j["path"] = path;
  j["kind"] = "model";
  j["family"] = family_name(p.match.family);
  j["config"] = p.config.to_json();
  j["feature_dim"] = p.config.feature_dim();
  j["ignored_keys"] = int64_t(p.ignored_keys.size());
  Json notes = Json::array();
  for (const auto& n : p.notes) notes.push_back(n);
  j["notes"] = std::move(notes);
  SafetensorsFile f(p.path);
  j["tensor_count"] = int64_t(f.records().size());
  if (with_tensors) j["tensors"] = tensor_list(f);
  return j;
}

Json describe_adapter(const std::string& path, AdapterFormat fmt, bool with_tensors) {
  LoraAdapter a = read_adapter(path);
  Json j = Json::object();
  j["path"] = path;
  j["kind"] = "adapter";
  j["format"] = adapter_format_name(fmt);
  j["name"] = a.info.name;
  j["rank"] = a.max_rank();
  j["targets"] = targets_text(a.targets());
  Json layers = Json::array();
  for (int l : a.layers()) layers.push_back(l);
  j["layers"] = std::move(layers);
  std::map<double, int> scales;
  for (const auto& e : a.entries) ++scales[e.scale()];
  Json sj = Json::array();
  for (const auto& kv : scales) sj.push_back(kv.first);
  j["scale"] = scales.size() == 1 ? Json(scales.begin()->first) : sj;
  j["parameters"] = a.num_parameters();
  if (!a.entries.empty()) j["width"] = a.entries.front().A.size(1);
  Json classes = Json::array();
  for (const auto& c : a.info.classes) classes.push_back(c);
  j["classes"] = std::move(classes);
  if (a.head.defined()) j["head_classes"] = a.head.weight.size(0);
  if (!std::isnan(a.info.accuracy)) j["accuracy"] = a.info.accuracy;
  j["base_fingerprint"] = a.info.base_fingerprint;
  j["base"] = a.info.base;
  j["provenance"] = a.info.provenance;
  Json warnings = Json::array();
  for (const auto& w : a.warnings) warnings.push_back(w);
  j["warnings"] = std::move(warnings);
  if (with_tensors) {
    std::string file = path;
    if (fmt == AdapterFormat::Peft)
      file = fs::is_directory(path)
                 ? (fs::path(path) / "adapter_model.safetensors").string()
                 : (fs::path(path).parent_path() / "adapter_model.safetensors").string();
    j["tensors"] = tensor_list(SafetensorsFile(file));
  }
  return j;
}

// Surrogate pools (invert's output) and BatchNorm priors: the project's other file kinds.
Json describe_project_file(const std::string& path, const SafetensorsFile& f,
                           const std::string& format, bool with_tensors) {
  Json j = Json::object();
  j["path"] = path;
  if (format == "lrc-pool") {
    SurrogatePool pool = load_pool(path);
    j["kind"] = "pool";
    j["adapter"] = pool.adapter_name;
    Json classes = Json::array();
    for (const auto& c : pool.class_names) classes.push_back(c);
    j["classes"] = std::move(classes);
    j["images"] = pool.size();
    j["patches"] = pool.num_patches();
    j["teacher_accuracy"] = pool.teacher_accuracy;
    j["info"] = pool.info;
  } else {
    PriorNet prior = load_prior(path);
    j["kind"] = "prior";
    j["config"] = prior->config().to_json();
    j["bn_layers"] = prior->num_bn_layers();
  }
  j["tensor_count"] = int64_t(f.records().size());
  if (with_tensors) j["tensors"] = tensor_list(f);
  return j;
}

// The optimizer state of a meta-training step_N/ folder, or a pre-training checkpoint: what a
// user finds in a checkpoint folder and asks about.
Json describe_checkpoint(const std::string& path, const SafetensorsFile& f, const Json& meta,
                         bool with_tensors) {
  Json j = Json::object();
  j["path"] = path;
  j["kind"] = "checkpoint";
  j["format"] = meta.get_string("format", "");
  if (const Json* step = meta.find("step"); step && step->is_number()) j["step"] = *step;
  if (const Json* best = meta.find("best_step"); best && best->is_number()) j["best_step"] = *best;
  j["tensor_count"] = int64_t(f.records().size());
  if (with_tensors) j["tensors"] = tensor_list(f);
  return j;
}

}  // namespace

Json describe_path(const std::string& path, bool with_tensors) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(file_message(path, "no such file or folder"));
  if (auto fmt = sniff_adapter(path)) return describe_adapter(path, *fmt, with_tensors);
  const fs::path pool_file = fs::path(path) / "pool.safetensors";
  if (fs::is_directory(path, ec) && fs::exists(pool_file, ec)) {
    SafetensorsFile f(pool_file.string());
    return describe_project_file(path, f, "lrc-pool", with_tensors);
  }
  if (fs::is_regular_file(path, ec)) {
    SafetensorsFile f(path);
    const Json meta = read_lrc_metadata(f);
    const std::string format = meta.is_object() ? meta.get_string("format", "") : "";
    if (format == "lrc-pool" || format == "lrc-prior")
      return describe_project_file(path, f, format, with_tensors);
    if (format == "lrc-meta-checkpoint" || format == "lrc-pretrain-checkpoint")
      return describe_checkpoint(path, f, meta, with_tensors);
  }
  if (fs::is_directory(path, ec)) return describe_model(path, with_tensors);
  SafetensorsFile f(path);  // throws with the precise problem for malformed files
  try {
    return describe_model(path, with_tensors);
  } catch (const InputError&) {
    Json meta = read_lrc_metadata(f);
    const bool looks_like_model = f.contains("cls_token") ||
                                  f.contains("vision_model.embeddings.class_embedding") ||
                                  f.contains("vit.embeddings.cls_token") || meta.is_object();
    if (looks_like_model) throw;  // a broken model: report why
  }
  Json j = Json::object();
  j["path"] = path;
  j["kind"] = "safetensors";
  j["tensor_count"] = int64_t(f.records().size());
  Json meta = Json::object();
  for (const auto& [k, v] : f.metadata()) meta.append_new_member(k, v);  // unique: header-checked
  j["metadata"] = std::move(meta);
  if (with_tensors) j["tensors"] = tensor_list(f);
  return j;
}

std::string describe_text(const Json& d) {
  std::ostringstream s;
  const std::string kind = d.get_string("kind", "");  // ours; every other string came from a file
  s << printable(d.get_string("path", "")) << "\n";
  if (kind == "model") {
    const Json& c = d.at("config");
    s << "  model: " << printable(d.get_string("family", "")) << " ViT \""
      << printable(c.get_string("name", "")) << "\"\n"
      << "  image " << c.get_int("image_size", 0) << "px, patch " << c.get_int("patch_size", 0)
      << ", width " << c.get_int("width", 0) << ", depth " << c.get_int("depth", 0) << ", heads "
      << c.get_int("heads", 0) << ", mlp " << c.get_int("mlp_dim", 0) << ", "
      << printable(c.get_string("activation", "")) << ", features " << d.get_int("feature_dim", 0)
      << "\n"
      << "  tensors: " << d.get_int("tensor_count", 0) << " (" << d.get_int("ignored_keys", 0)
      << " outside the vision tower, ignored)\n";
    for (const auto& n : d.at("notes").as_array())
      s << "  note: " << printable(n.as_string()) << "\n";
  } else if (kind == "adapter") {
    s << "  adapter: " << printable(d.get_string("format", "")) << " LoRA \""
      << printable(d.get_string("name", "")) << "\", rank " << d.get_int("rank", 0) << ", targets "
      << printable(d.get_string("targets", "")) << ", " << d.at("layers").size()
      << " layers, scale " << printable(d.at("scale").dump()) << ", " << d.get_int("parameters", 0)
      << " parameters\n";
    if (d.at("classes").size() > 0) s << "  classes: " << printable(d.at("classes").dump()) << "\n";
    if (d.contains("head_classes")) s << "  head: " << d.get_int("head_classes", 0) << " classes\n";
    if (d.contains("accuracy")) s << "  accuracy: " << d.get_number("accuracy", 0) * 100 << " %\n";
    for (const auto& w : d.at("warnings").as_array())
      s << "  warning: " << printable(w.as_string()) << "\n";
  } else if (kind == "pool") {
    s << "  surrogate pool of LoRA \"" << printable(d.get_string("adapter", ""))
      << "\": " << d.get_int("images", 0) << " images, " << d.at("classes").size()
      << " classes, teacher accuracy " << d.get_number("teacher_accuracy", 0) * 100 << " %\n";
  } else if (kind == "prior") {
    s << "  BatchNorm naturalness prior: " << d.get_int("bn_layers", 0) << " BatchNorm layers, "
      << d.at("config").get_int("image_size", 0) << " px input\n";
  } else if (kind == "checkpoint") {
    s << "  "
      << (d.get_string("format", "") == "lrc-meta-checkpoint" ? "meta-training" : "pre-training")
      << " checkpoint";
    if (d.contains("step")) s << " at step " << d.get_int("step", 0);
    if (d.contains("best_step"))
      s << " (best validation at step " << d.get_int("best_step", 0) << ")";
    s << ", " << d.get_int("tensor_count", 0) << " tensors of optimizer and training state\n";
  } else {
    s << "  safetensors file with " << d.get_int("tensor_count", 0) << " tensors\n";
  }
  if (const Json* t = d.find("tensors")) {
    for (const auto& r : t->as_array())
      s << "    " << printable(r.get_string("name", "")) << "  "
        << printable(r.get_string("dtype", "")) << " " << printable(r.at("shape").dump()) << "\n";
  }
  return s.str();
}

}  // namespace lrc
