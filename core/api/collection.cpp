#include "api/collection.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include <torch/torch.h>

#include "api/internal.h"
#include "io/error.h"
#include "io/safetensors.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"

namespace lrc::api {

namespace fs = std::filesystem;

namespace {

bool is_peft_folder(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec) && fs::is_regular_file(p / "adapter_config.json", ec);
}

bool has_extension(const fs::path& p, const char* ext) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return e == ext;
}

uint64_t size_on_disk(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    const auto n = fs::file_size(path, ec);
    return ec ? 0 : uint64_t(n);
  }
  uint64_t total = 0;
  for (const auto& e :
       fs::directory_iterator(path, fs::directory_options::skip_permission_denied, ec))
    if (e.is_regular_file(ec)) total += uint64_t(e.file_size(ec));
  return total;
}

std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string scale_text(const LoraAdapter& a) {
  std::map<double, int> scales;
  for (const auto& e : a.entries) ++scales[e.scale()];
  std::string out;
  for (const auto& kv : scales) out += (out.empty() ? "" : " / ") + number_text(kv.first);
  return out;
}

std::string display_name(const std::string& path) {
  fs::path p(path);
  if (!p.has_filename()) p = p.parent_path();  // "dir/" → "dir"
  return is_peft_folder(p) ? p.filename().string() : p.stem().string();
}

void fill_from_adapter(AdapterRecord& r, const LoraAdapter& a) {
  r.ok = true;
  if (!a.info.name.empty()) r.name = a.info.name;
  r.rank = a.max_rank();
  r.scale = scale_text(a);
  r.targets = targets_text(a.targets());
  r.layers = a.layers();
  r.parameters = a.num_parameters();
  if (!a.entries.empty()) r.width = int(a.entries.front().A.size(1));
  r.classes = a.info.classes;
  r.head_classes = a.head.defined() ? int(a.head.weight.size(0)) : 0;
  r.accuracy = a.info.accuracy;
  r.base_fingerprint = a.info.base_fingerprint;
  r.provenance = a.info.provenance.dump();
  r.warnings = a.warnings;
}

int adapter_depth(const LoraAdapter& a) {
  int depth = 0;
  for (int l : a.layers()) depth = std::max(depth, l + 1);
  return depth;
}

}  // namespace

std::vector<std::string> AdapterRecord::display_classes() const {
  std::vector<std::string> out = classes;
  for (int i = int(out.size()); i < head_classes; ++i) out.push_back("class " + std::to_string(i));
  return out;
}

void recheck_compatibility(AdapterRecord& r, const Model* model) {
  r.compatible = false;
  r.compat_reason.clear();
  if (!r.ok) {
    r.compat_reason = r.error;
    return;
  }
  if (!model) {
    r.compat_reason = "no model is open";
    return;
  }
  const Model::Impl& m = model->impl();
  try {
    LoraAdapter a = without_torch_backtraces([&] { return load_adapter(r.path, m.config()); });
    if (!a.info.base_fingerprint.empty() && a.info.base_fingerprint != m.summary.fingerprint)
      r.compat_reason = "shapes fit, but it was tuned on another base model (fingerprint " +
                        a.info.base_fingerprint + ", this model " + m.summary.fingerprint + ")";
    else
      r.compat_reason = "fits " + m.summary.name;
    r.compatible = true;
    try {
      r.delta_norms = delta_norm_per_layer(a, m.config().depth);
    } catch (const std::exception&) {
      // Norms are a nicety of the details pane; a fitting adapter stays usable without them.
    }
  } catch (const std::exception& e) {
    r.compat_reason = e.what();
  }
}

AdapterRecord inspect_adapter(const std::string& path, const Model* model) {
  AdapterRecord r;
  r.path = path;
  r.name = display_name(path);
  r.size_bytes = size_on_disk(path);
  try {
    const auto fmt = sniff_adapter(path);
    if (!fmt) {
      // Not recognizably an adapter: let the safetensors reader say what is wrong with it.
      if (!fs::is_directory(path)) SafetensorsFile probe(path);
      throw InputError(file_message(
          path, "not a LoRA adapter (no PEFT, reference or project-format adapter keys)"));
    }
    r.format = adapter_format_name(*fmt);
    LoraAdapter a = without_torch_backtraces([&] { return read_adapter(path); });
    fill_from_adapter(r, a);
    try {
      r.delta_norms = delta_norm_per_layer(a, adapter_depth(a));
    } catch (const std::exception&) {
      // Inconsistent A/B shapes: the compatibility check below names the tensor.
    }
  } catch (const std::exception& e) {
    r.ok = false;
    r.error = e.what();
  }
  recheck_compatibility(r, model);
  return r;
}

std::vector<std::string> find_adapter_candidates(const std::string& dir, size_t max_candidates) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(file_message(dir, "not a folder"));
  std::vector<std::string> out;
  if (is_peft_folder(dir)) return {dir};
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; it != end && out.size() < max_candidates; it.increment(ec)) {
    if (ec) break;
    const fs::path p = it->path();
    if (it->is_directory(ec)) {
      if (is_peft_folder(p)) {
        out.push_back(p.string());
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!has_extension(p, ".safetensors") || !it->is_regular_file(ec)) continue;
    if (sniff_adapter(p.string())) {
      out.push_back(p.string());
      continue;
    }
    try {
      SafetensorsFile probe(p.string());  // readable but no adapter: a model, prior or pool — skip
    } catch (const std::exception&) {
      out.push_back(p.string());  // broken: list it with its error
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<AdapterRecord> scan_adapters(const std::string& dir, const Model* model,
                                         const ScanCallbacks& cb) {
  const auto candidates = find_adapter_candidates(dir);
  std::vector<AdapterRecord> out;
  out.reserve(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (cb.cancel && cb.cancel->load()) break;
    out.push_back(inspect_adapter(candidates[i], model));
    if (cb.progress) cb.progress(i + 1, candidates.size(), candidates[i]);
  }
  return out;
}

void export_adapter(const std::string& source, const std::string& destination, bool peft,
                    const Model& model) {
  const Model::Impl& m = model.impl();
  LoraAdapter a = without_torch_backtraces([&] { return load_adapter(source, m.config()); });
  if (a.info.name.empty()) a.info.name = display_name(source);
  if (peft)
    save_adapter_peft(a, destination, m.config().family, m.config().name);
  else
    save_adapter(a, destination);
}

bool looks_like_model(const std::string& path) {
  try {
    std::error_code ec;
    if (!fs::exists(path, ec) || sniff_adapter(path)) return false;
    probe_model(path);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool looks_like_adapter(const std::string& path) {
  try {
    return bool(sniff_adapter(path));
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace lrc::api
