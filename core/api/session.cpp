#include "api/session.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

#include <opencv2/core.hpp>
#include <opencv2/core/version.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include "api/internal.h"
#include "data/image.h"
#include "fewshot/prototypes.h"
#include "io/error.h"
#include "model/adapter_io.h"
#include "runtime/precision.h"
#include "runtime/runtime.h"

namespace lrc::api {

namespace fs = std::filesystem;

std::string device_id(const torch::Device& d) {
  if (d.is_cuda()) return "cuda:" + std::to_string(d.has_index() ? int(d.index()) : 0);
  return "cpu";
}

// ---------------------------------------------------------------- runtime and environment

std::vector<DeviceOption> available_devices() {
  std::vector<DeviceOption> out;
  out.push_back({"cpu", "CPU (" + std::to_string(hardware_threads()) + " threads)"});
  try {
    for (const auto& g : gpu_info()) {
      const double gib = double(g.total_bytes) / double(uint64_t(1) << 30);
      out.push_back(
          {"cuda:" + std::to_string(g.index), "CUDA " + std::to_string(g.index) + ": " + g.name +
                                                  " (" + std::to_string(int(gib + 0.5)) + " GiB)"});
    }
  } catch (const std::exception&) {
    // A broken driver means: CPU only.
  }
  return out;
}

int set_threads(int n) {
  return lrc::set_threads(n);
}
int threads() {
  return lrc::threads();
}
int hardware_threads() {
  return int(std::max(1u, std::thread::hardware_concurrency()));
}
std::vector<std::string> precision_options() {
  return {"auto", "fp32", "bf16", "fp16"};
}
std::string describe_precision(const std::string& requested, const std::string& device_id) {
  return resolve_precision(parse_precision(requested), parse_device(device_id)).describe();
}
PrecisionExplained explain_precision(const std::string& requested, const std::string& device_id) {
  const PrecisionChoice c = resolve_precision(parse_precision(requested), parse_device(device_id));
  return {precision_name(c.effective), c.reason_code, c.cpu_feature, c.describe()};
}
std::string torch_version() {
  return torch_version_text();
}
struct OpTrace::Impl {
  torch::autograd::profiler::RecordProfile profile;
  explicit Impl(const std::string& path) : profile(path) {}
};
OpTrace::OpTrace(const std::string& path) : impl_(std::make_unique<Impl>(path)) {}
OpTrace::~OpTrace() = default;

std::string opencv_version() {
  return CV_VERSION;
}

DefaultAssets inspect_default_dir(const std::string& dir) {
  DefaultAssets a;
  a.dir = dir;
  std::error_code ec;
  auto file = [&](const char* name) {
    const fs::path p = fs::path(dir) / name;
    return fs::is_regular_file(p, ec) ? p.string() : std::string();
  };
  auto folder = [&](const char* name) {
    const fs::path p = fs::path(dir) / name;
    return fs::is_directory(p, ec) ? p.string() : std::string();
  };
  if (dir.empty() || !fs::is_directory(dir, ec)) return a;
  a.model = file("model.safetensors");
  a.prior = file("prior.safetensors");
  a.zoo = folder("zoo");
  a.meta_lora = file("meta_lora.safetensors");
  a.samples = folder("samples");
  a.recipe = file("recipe.json");
  a.accuracy = file("accuracy.json");
  return a;
}

std::string locate_default_dir(const std::string& exe_dir, const std::string& source_dir) {
  std::error_code ec;
  if (const char* env = std::getenv("LRC_DEFAULT_DIR"); env && *env)
    return fs::absolute(env, ec).lexically_normal().string();
  // The installed layout comes first so that an installed copy never picks up a checkout that
  // happens to sit where it was built; the build tree has no share/ and keeps its old order.
  std::vector<fs::path> candidates;
  if (!exe_dir.empty()) {
    const fs::path exe(exe_dir);
    candidates = {exe / "../share/lora-recycle/default", exe / "../resources/default",
                  exe / "../../resources/default"};
  }
  if (!source_dir.empty()) candidates.push_back(fs::path(source_dir) / "resources/default");
  for (const fs::path& c : candidates)
    if (fs::is_regular_file(c / "model.safetensors", ec))
      return fs::weakly_canonical(c, ec).string();
  return {};
}

// ---------------------------------------------------------------- images

Image load_thumbnail(const std::string& path, int max_side) {
  cv::Mat rgb = decode_image(path);  // refuses non-images and images beyond the limits
  if (max_side > 0 && std::max(rgb.cols, rgb.rows) > max_side) {
    const double f = double(max_side) / double(std::max(rgb.cols, rgb.rows));
    cv::Mat small;
    cv::resize(rgb, small,
               cv::Size(std::max(1, int(rgb.cols * f + 0.5)), std::max(1, int(rgb.rows * f + 0.5))),
               0, 0, cv::INTER_AREA);
    rgb = small;
  }
  if (!rgb.isContinuous()) rgb = rgb.clone();
  Image out;
  out.width = rgb.cols;
  out.height = rgb.rows;
  out.rgb.assign(rgb.data, rgb.data + size_t(rgb.cols) * size_t(rgb.rows) * 3);
  return out;
}

const std::vector<std::string>& image_extensions() {
  static const std::vector<std::string> ext{".png", ".jpg",  ".jpeg", ".bmp", ".webp",
                                            ".tif", ".tiff", ".pgm",  ".ppm"};
  return ext;
}

// ---------------------------------------------------------------- models

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Model::~Model() = default;
const ModelSummary& Model::summary() const {
  return impl_->summary;
}

int64_t batch_that_fits(const ViTConfig& config, int64_t requested, const torch::Device& device) {
  if (!device.is_cpu()) return requested;
  const uint64_t per_image = std::max<uint64_t>(1, config.inference_bytes_per_image()),
                 budget = available_memory_bytes() / 2;
  if (budget == 0) return requested;
  return std::clamp<int64_t>(int64_t(budget / per_image), 1, requested);
}

std::shared_ptr<Model> Model::load(const std::string& path, const std::string& device) {
  auto impl = std::make_unique<Impl>();
  impl->device = parse_device(device);
  impl->loaded = without_torch_backtraces([&] { return load_model(path, impl->device); });
  const ViTConfig& c = impl->config();
  ModelSummary& s = impl->summary;
  s.path = path;
  s.name = c.name.empty() ? fs::path(path).filename().string() : c.name;
  s.family = family_name(c.family);
  s.image_size = c.image_size;
  s.patch_size = c.patch_size;
  s.width = c.width;
  s.depth = c.depth;
  s.heads = c.heads;
  s.mlp_dim = c.mlp_dim;
  s.feature_dim = c.feature_dim();
  for (const auto& p : impl->vit().parameters()) s.parameters += p.numel();
  s.fingerprint = impl->loaded.fingerprint;
  s.device = device_id(impl->device);
  s.notes = impl->loaded.notes;
  return std::make_shared<Model>(std::move(impl));
}

// ---------------------------------------------------------------- tuning-free classification

namespace {

// What identifies a support set for the prototype cache: names and files with size and mtime.
struct FileStamp {
  std::string path;
  uintmax_t size = 0;
  int64_t mtime = 0;
  bool operator==(const FileStamp& o) const {
    return path == o.path && size == o.size && mtime == o.mtime;
  }
};

FileStamp stamp(const std::string& path) {
  FileStamp s{path, 0, 0};
  std::error_code ec;
  s.size = fs::file_size(path, ec);
  auto t = fs::last_write_time(path, ec);
  if (!ec) s.mtime = int64_t(t.time_since_epoch().count());
  return s;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

struct FewShot::State {
  std::shared_ptr<const Model> model;
  std::string adapter_path;
  std::optional<LoraAdapter> adapter;
  std::unique_ptr<FewShotClassifier> classifier;
  std::vector<std::string> names;
  std::vector<std::vector<FileStamp>> support_key;
  double support_ms = 0.0;  // the last set_support's embedding time (0 when cached)
  bool support_cached = false;
};

namespace {

FewShotSettings with_adapter(const std::string& adapter_path) {
  FewShotSettings s;
  s.adapter_path = adapter_path;
  return s;
}

// The settings' metric over what the classifier chose (the adapter's recorded one).
MetricOptions metric_of(const FewShotSettings& s, MetricOptions m) {
  if (!s.metric.empty()) m.metric = metric_from_name(s.metric);
  if (s.cosine_scale > 0.0) m.cosine_scale = s.cosine_scale;
  return m;
}

}  // namespace

FewShot::FewShot(std::shared_ptr<const Model> model, const std::string& adapter_path)
    : FewShot(std::move(model), with_adapter(adapter_path)) {}

FewShot::FewShot(std::shared_ptr<const Model> model, const FewShotSettings& s)
    : state_(std::make_unique<State>()) {
  if (!model) throw InputError("no model is open");
  if (s.batch < 1) throw InputError("batch must be at least 1, got " + std::to_string(s.batch));
  state_->model = std::move(model);
  state_->adapter_path = s.adapter_path;
  const Model::Impl& m = state_->model->impl();
  if (!s.adapter_path.empty())
    state_->adapter =
        without_torch_backtraces([&] { return load_adapter(s.adapter_path, m.config()); });
  state_->classifier = std::make_unique<FewShotClassifier>(
      m.loaded.model, m.device, state_->adapter ? &*state_->adapter : nullptr, s.lora_scale);
  state_->classifier->set_batch_size(int(batch_that_fits(m.config(), s.batch, m.device)));
  state_->classifier->set_metric(metric_of(s, state_->classifier->metric()));
  state_->classifier->set_precision(parse_precision(s.precision));
}

std::vector<std::string> FewShot::adapter_warnings() const {
  return state_->adapter ? state_->adapter->warnings : std::vector<std::string>{};
}

void FewShot::set_precision(const std::string& name) {
  const Precision p = parse_precision(name);
  if (p == state_->classifier->precision().requested) return;
  state_->classifier->set_precision(p);
  state_->support_key.clear();  // re-embed the support at the new precision
}

std::string FewShot::precision() const {
  return state_->classifier->precision().describe();
}

FewShot::~FewShot() = default;

std::string FewShot::metric() const {
  return metric_name(state_->classifier->metric().metric);
}

void FewShot::set_metric(const std::string& name) {
  MetricOptions m = state_->classifier->metric();
  m.metric = metric_from_name(name);
  state_->classifier->set_metric(m);
}

bool FewShot::set_support(const std::vector<std::string>& class_names,
                          const std::vector<std::vector<std::string>>& images_per_class) {
  if (class_names.size() != images_per_class.size())
    throw InputError(std::to_string(class_names.size()) + " class names for " +
                     std::to_string(images_per_class.size()) + " support classes");
  std::vector<std::vector<FileStamp>> key;
  for (const auto& files : images_per_class) {
    std::vector<FileStamp> k;
    for (const auto& f : files) k.push_back(stamp(f));
    key.push_back(std::move(k));
  }
  if (state_->classifier->has_support() && key == state_->support_key &&
      class_names == state_->names) {
    state_->support_ms = 0.0;
    state_->support_cached = true;
    return true;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const ViTConfig& config = state_->model->impl().config();
  std::vector<torch::Tensor> images;
  for (size_t c = 0; c < images_per_class.size(); ++c) {
    if (images_per_class[c].empty())
      throw InputError("class \"" + class_names[c] + "\" has no support images");
    images.push_back(load_images(images_per_class[c], config));
  }
  state_->support_key.clear();
  state_->names.clear();
  without_torch_backtraces([&] {
    state_->classifier->set_support(images, class_names);
  });  // throws before the cache is updated
  state_->support_key = std::move(key);
  state_->names = class_names;
  state_->support_ms = ms_since(t0);
  state_->support_cached = false;
  return false;
}

bool FewShot::has_support() const {
  return state_->classifier->has_support();
}
const std::vector<std::string>& FewShot::class_names() const {
  return state_->names;
}
const std::string& FewShot::adapter_path() const {
  return state_->adapter_path;
}
std::shared_ptr<const Model> FewShot::model() const {
  return state_->model;
}

std::vector<QueryAnswer> FewShot::classify(const std::vector<std::string>& query_paths,
                                           ClassifyTiming* timing) {
  if (!has_support()) throw InputError("no support images: add at least one image to every class");
  const ViTConfig& config = state_->model->impl().config();
  std::vector<QueryAnswer> answers(query_paths.size());
  std::vector<torch::Tensor> pixels;
  std::vector<size_t> readable;
  for (size_t i = 0; i < query_paths.size(); ++i) {
    answers[i].path = query_paths[i];
    try {
      pixels.push_back(preprocess_image(decode_image(query_paths[i]), config));
      readable.push_back(i);
    } catch (const InputError& e) {
      answers[i].error = e.what();
    }
  }
  ClassifyTiming t;
  t.support_ms = state_->support_ms;
  t.support_cached = state_->support_cached;
  if (!readable.empty()) {
    const auto t0 = std::chrono::steady_clock::now();
    auto results = without_torch_backtraces(
        [&] { return state_->classifier->classify(torch::stack(pixels)); });
    t.query_ms = ms_since(t0);
    t.per_query_ms = t.query_ms / double(readable.size());
    for (size_t k = 0; k < readable.size(); ++k) {
      QueryAnswer& a = answers[readable[k]];
      a.predicted = int(results[k].predicted);
      a.probabilities = std::move(results[k].probabilities);
      a.distances = std::move(results[k].distances);
    }
  }
  if (timing) *timing = t;
  return answers;
}

}  // namespace lrc::api
