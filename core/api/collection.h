// The facade's view of a LoRA collection (core/api, plain types): which adapter files a folder
// holds, what each one is, and whether it fits the current model. A broken file becomes a record
// with its error, never an exception that stops the scan.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace lrc::api {

class Model;

struct AdapterRecord {
  std::string path;  // the file, or the PEFT folder
  std::string name;
  std::string format;  // "native", "peft", "reference"; empty when unreadable
  bool ok = false;     // readable as an adapter
  std::string error;   // why not (InputError text naming the file)

  // Against the model passed to the scan (none: compatible = false, reason "no model open").
  bool compatible = false;
  std::string compat_reason;  // load_adapter's InputError text, or a note when it fits

  int64_t rank = 0;
  std::string scale;    // "1", or "0.5 / 2 / 4" when targets differ
  std::string targets;  // "q,v"
  std::vector<int> layers;
  int64_t parameters = 0;
  uint64_t size_bytes = 0;  // on disk (a PEFT folder: its files)
  int width = 0;            // the input width of its A matrices (= the model width it was made for)
  std::vector<std::string> classes;
  int head_classes = 0;  // 0: no classification head (cannot be inverted)
  double accuracy = std::numeric_limits<double>::quiet_NaN();  // in [0, 1]
  std::string base_fingerprint;
  std::string provenance;  // JSON text
  std::vector<std::string> warnings;
  std::vector<double> delta_norms;  // ‖s·B·A‖_F per layer (depth of the model, else of the adapter)

  bool has_head() const { return head_classes > 0; }
  bool invertible() const { return ok && compatible && has_head(); }
  // The class names, filled with "class i" up to head_classes when the file names none.
  std::vector<std::string> display_classes() const;
};

// Reads one adapter (any format) and checks it against `model` (may be null). Never throws:
// problems end up in `error` / `compat_reason`.
AdapterRecord inspect_adapter(const std::string& path, const Model* model);

// Re-checks the compatibility of an already inspected record against another model.
void recheck_compatibility(AdapterRecord& record, const Model* model);

// Adapter candidates below `dir` (recursive, sorted): PEFT folders (holding adapter_config.json)
// and .safetensors files outside them. Files that are clearly something else (models, priors,
// surrogate pools) are skipped; unreadable .safetensors files are kept so the scan reports them.
// Throws InputError when `dir` is not a folder. Stops after `max_candidates`.
std::vector<std::string> find_adapter_candidates(const std::string& dir,
                                                 size_t max_candidates = 20000);

struct ScanCallbacks {
  // After each candidate: done, total, the path just inspected.
  std::function<void(size_t, size_t, const std::string&)> progress;
  const std::atomic<bool>* cancel = nullptr;  // checked between files
};

// find_adapter_candidates + inspect_adapter for each; one record per candidate (broken ones
// included, models/pools skipped). Throws InputError only when `dir` is not a folder.
std::vector<AdapterRecord> scan_adapters(const std::string& dir, const Model* model,
                                         const ScanCallbacks& callbacks = {});

// Re-saves an adapter (any readable format) as the project's format (`peft` false: one
// .safetensors file) or as a PEFT folder with module names of `model`'s family. Throws InputError.
void export_adapter(const std::string& source, const std::string& destination, bool peft,
                    const Model& model);

// Whether `path` looks like a model checkpoint (a cheap header probe; never throws).
bool looks_like_model(const std::string& path);
// Whether `path` is an adapter file/folder (sniff only; never throws).
bool looks_like_adapter(const std::string& path);

}  // namespace lrc::api
