// The facade the desktop UI calls (core/api): plain C++ types only — no torch, no OpenCV, no Qt in
// this header — so Qt code (whose `slots`/`signals` macros break LibTorch headers) can include it.
// Tensors stay in the .cpp files; results come back as std::vector, RGB byte buffers and strings.
//
// Errors: every function throws lrc::InputError (io/error.h, also torch-free) for bad input — a
// message naming the file and the problem — and lrc::Error for internal failures.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lrc::api {

// An 8-bit RGB image, rows top to bottom, 3 bytes per pixel, no padding.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;
  bool empty() const { return width <= 0 || height <= 0; }
};

// ---------------------------------------------------------------- runtime and environment

struct DeviceOption {
  std::string id;     // what the device settings take: "cpu", "cuda:0", …
  std::string label;  // for people: "CPU (16 threads)", "CUDA 0: NVIDIA H200 (139 GiB)"
};
// The CPU first, then every CUDA device this LibTorch sees. Never throws.
std::vector<DeviceOption> available_devices();

// Process-wide intra-op threads for LibTorch (n <= 0: every core; more than the cores are
// clamped to them). Returns the count set. Call it on the thread that computes: with OpenMP
// builds the setting is per thread.
int set_threads(int n);
int threads();
int hardware_threads();

// Numeric precision of every job and of classification: "auto" (the default: bf16 where the
// device runs it fast — CPUs with AVX512-BF16 or AMX, CUDA devices with bf16 — else fp32),
// "fp32", "bf16", "fp16" (CUDA only). Master weights, optimizer state, inverted pixels and every
// loss, prototype and distance stay float32 whatever the choice.
std::vector<std::string> precision_options();
// What `requested` runs as on `device_id` ("cpu", "cuda:0"), e.g. "bf16 (auto: this CPU has
// AVX512-BF16)". Throws InputError for an unknown name or one the device cannot run.
std::string describe_precision(const std::string& requested, const std::string& device_id);
// The same as parts, for front ends that word it in their own language.
struct PrecisionExplained {
  std::string effective;    // "fp32", "bf16" or "fp16"
  std::string reason_code;  // see PrecisionChoice::reason_code: "auto-cpu-bf16", "" …
  std::string cpu_feature;  // "AMX-BF16", "AVX512-BF16" or ""
  std::string text;         // describe_precision()'s English line
};
PrecisionExplained explain_precision(const std::string& requested, const std::string& device_id);

std::string torch_version();  // e.g. "LibTorch 1.13.1 (CPU)"

// While alive, LibTorch's profiler records every op; the destructor writes a Chrome trace to
// `path` (for finding where a job's time goes).
class OpTrace {
 public:
  explicit OpTrace(const std::string& path);
  ~OpTrace();
  OpTrace(const OpTrace&) = delete;
  OpTrace& operator=(const OpTrace&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
std::string opencv_version();  // CV_VERSION, e.g. "4.6.0"

// The embedded default assets (a tiny VFM, its prior, a demo zoo, a meta-LoRA, sample images) in
// a folder; each path is empty when that piece is missing.
struct DefaultAssets {
  std::string dir;
  std::string model;      // model.safetensors
  std::string prior;      // prior.safetensors
  std::string zoo;        // zoo/
  std::string meta_lora;  // meta_lora.safetensors
  std::string samples;    // samples/
  std::string recipe;     // recipe.json (api/recipe.h)
  std::string accuracy;   // accuracy.json (api/recorded_accuracy.h)
  bool has_model() const { return !model.empty(); }
};
// Looks at one folder; never throws (a missing folder gives all-empty paths but `dir` set).
DefaultAssets inspect_default_dir(const std::string& dir);
// The folder of the embedded default for a program in `exe_dir` built from `source_dir`:
// $LRC_DEFAULT_DIR when set (as given, even if it holds nothing), else the first folder holding a
// model.safetensors of exe_dir/../share/lora-recycle/default (installed, see
// cmake/LrcPackaging.cmake), exe_dir/../resources/default, exe_dir/../../resources/default (the
// build tree inside the checkout) and source_dir/resources/default; empty when none does.
std::string locate_default_dir(const std::string& exe_dir, const std::string& source_dir);

// ---------------------------------------------------------------- images

// Decodes an image file with the core's limits (kMaxImageFileBytes, kMaxImagePixels) and returns
// it scaled so that its longer side is at most `max_side` (never enlarged; 0 = full size).
// Throws InputError naming the file for missing files, non-images and images beyond the limits.
Image load_thumbnail(const std::string& path, int max_side);

// Accepted image file extensions (lower case, with the dot), for file dialogs and drops.
const std::vector<std::string>& image_extensions();

// ---------------------------------------------------------------- models

struct ModelSummary {
  std::string path;    // what was opened
  std::string name;    // the config's name, else the file stem
  std::string family;  // "hf-clip", "timm", "hf-vit", "native"
  int image_size = 0;
  int patch_size = 0;
  int width = 0;
  int depth = 0;
  int heads = 0;
  int mlp_dim = 0;
  int feature_dim = 0;
  int64_t parameters = 0;
  std::string fingerprint;
  std::string device;              // "cpu", "cuda:0"
  std::vector<std::string> notes;  // what load_model inferred or ignored
  int grid() const { return patch_size > 0 ? image_size / patch_size : 0; }
};

// A loaded VFM on one device: immutable once loaded (adapters are always passed explicitly), so
// any number of threads and jobs may share it through shared_ptr. Loading may take seconds for
// real checkpoints: call it off the GUI thread.
class Model {
 public:
  // Throws InputError naming the file when `path` is no supported ViT checkpoint or `device` is
  // not available.
  static std::shared_ptr<Model> load(const std::string& path, const std::string& device = "cpu");

  const ModelSummary& summary() const;

  struct Impl;  // defined in api/internal.h (torch)
  const Impl& impl() const { return *impl_; }

  explicit Model(std::unique_ptr<Impl> impl);
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

 private:
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------- tuning-free classification

struct QueryAnswer {
  std::string path;
  int predicted = -1;                 // class index, -1 when `error` is set
  std::vector<double> probabilities;  // softmax of the metric's logits, per class
  std::vector<double> distances;  // squared Euclidean distance (or 1 − cosine) to each prototype
  std::string error;              // the image could not be read (the others still are answered)
};

struct ClassifyTiming {
  double support_ms = 0.0;  // embedding the support set (0 when the cached prototypes were reused)
  double query_ms = 0.0;    // the forward pass over all queries
  double per_query_ms = 0.0;
  bool support_cached = false;
};

// The options of a FewShot, with the core's defaults.
struct FewShotSettings {
  std::string adapter_path;  // a LoRA applied to the VFM; empty: the plain VFM
  double lora_scale = 1.0;   // multiplier of the adapter's update
  int batch = 64;            // images per forward pass (at least 1)
  // "sqeuclidean" or "cosine"; empty: what the adapter was meta-trained with, else sqeuclidean.
  std::string metric;
  // Scale of the cosine logits; 0: the adapter's recorded one, else the core's default (10).
  double cosine_scale = 0.0;
  std::string precision = "auto";  // precision_options()
};

// VFM (+ an optional LoRA) → prototypes of a support set → answers for queries, no gradient step
// (docs/method.md §5). The support set's prototypes are cached: set_support() with the same
// classes and files (same sizes and modification times) does not embed them again.
//
// Thread-safety: one FewShot per thread (or serialize calls); the Model may be shared.
class FewShot {
 public:
  // `adapter_path` empty: the plain VFM. Throws InputError when the adapter does not fit.
  explicit FewShot(std::shared_ptr<const Model> model, const std::string& adapter_path = "");
  // Every option at once. Throws InputError naming the setting or the adapter file.
  FewShot(std::shared_ptr<const Model> model, const FewShotSettings& settings);
  ~FewShot();
  FewShot(const FewShot&) = delete;
  FewShot& operator=(const FewShot&) = delete;

  // Class names and image paths per class (each class at least one image). Throws InputError
  // naming the class or the unreadable file. Returns whether the cached prototypes were reused.
  bool set_support(const std::vector<std::string>& class_names,
                   const std::vector<std::vector<std::string>>& images_per_class);
  bool has_support() const;
  const std::vector<std::string>& class_names() const;

  // One answer per query path, in order; unreadable files get `error` and do not stop the rest.
  std::vector<QueryAnswer> classify(const std::vector<std::string>& query_paths,
                                    ClassifyTiming* timing = nullptr);

  const std::string& adapter_path() const;
  // What loading the adapter noticed (modules not applied, made for another family, …).
  std::vector<std::string> adapter_warnings() const;
  std::shared_ptr<const Model> model() const;

  // "sqeuclidean" or "cosine": by default what the adapter was meta-trained with (its
  // metadata), else sqeuclidean. Setting another drops the cached prototypes' answers only (the
  // features stay). Throws InputError for an unknown name.
  std::string metric() const;
  void set_metric(const std::string& name);

  // Precision of the forward passes (precision_options(); default "auto"). Setting another
  // drops the cached prototypes (features differ in the last bits). Throws InputError.
  void set_precision(const std::string& name);
  std::string precision() const;  // what it resolved to, e.g. "bf16 (auto: …)"

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lrc::api
