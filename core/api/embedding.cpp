#include "api/embedding.h"

#include <algorithm>

#include <torch/torch.h>

#include "api/internal.h"
#include "data/image.h"
#include "io/error.h"
#include "io/safetensors.h"
#include "model/adapter_io.h"
#include "runtime/precision.h"

namespace lrc::api {

namespace {

torch::Tensor read_pixels(const std::string& path, const ViTConfig& config) {
  SafetensorsFile f(path);
  if (!f.contains("pixel_values"))
    throw InputError(file_message(path, "no tensor named \"pixel_values\""));
  auto px = f.load("pixel_values");
  if (!px.is_floating_point())
    throw InputError(file_message(path, "\"pixel_values\" is not a float tensor"));
  if (px.dim() != 4 || px.size(1) != 3 || px.size(2) != config.image_size ||
      px.size(3) != config.image_size)
    throw InputError(file_message(
        path, "\"pixel_values\" must have shape [B, 3, " + std::to_string(config.image_size) +
                  ", " + std::to_string(config.image_size) + "] for this model"));
  return px.to(torch::kFloat);
}

torch::Tensor read_inputs(const EmbeddingSettings& s, const ViTConfig& config) {
  if (!s.pixels_path.empty()) {
    if (!s.image_paths.empty()) throw InputError("give either pixels or image files, not both");
    return read_pixels(s.pixels_path, config);
  }
  if (s.image_paths.empty()) throw InputError("nothing to embed: give pixels or image files");
  return load_images(s.image_paths, config);
}

// The adapter folded into the model's weights while it lives; the exact original weights (and no
// adapter) afterwards, also when the forward passes fail.
class ScopedMerge {
 public:
  ScopedMerge(ViTImpl& model, LoraAdapter adapter, double scale)
      : model_(model), multiplier_(model.lora_multiplier()) {
    model_.add_adapter(kName, std::move(adapter));
    model_.set_active_adapter(kName);
    model_.set_lora_multiplier(scale);
    model_.merge();
  }
  ~ScopedMerge() {
    model_.remove_adapter(kName);  // unmerges first
    model_.set_lora_multiplier(multiplier_);
  }
  ScopedMerge(const ScopedMerge&) = delete;
  ScopedMerge& operator=(const ScopedMerge&) = delete;

 private:
  static constexpr const char* kName = "api-embedding-merged";
  ViTImpl& model_;
  double multiplier_;
};

// (B, D) float32 features on the CPU, `batch` images per forward pass.
torch::Tensor embed_batches(ViTImpl& model, const torch::Tensor& pixels, int64_t batch,
                            const ForwardOptions& options, torch::Device device,
                            const PrecisionChoice& precision) {
  torch::NoGradGuard no_grad;
  const PrecisionScope amp(precision, device);
  std::vector<torch::Tensor> out;
  for (int64_t i = 0; i < pixels.size(0); i += batch)
    out.push_back(
        model.forward_ex(pixels.slice(0, i, i + batch).to(device), options).features.cpu());
  return torch::cat(out, 0).contiguous();
}

Embedding to_embedding(const torch::Tensor& features) {
  Embedding e;
  e.rows = features.size(0);
  e.dim = features.size(1);
  const float* data = features.data_ptr<float>();
  e.features.assign(data, data + e.rows * e.dim);
  return e;
}

Embedding embed_images_impl(const Model& model, const EmbeddingSettings& s) {
  if (s.batch < 1) throw InputError("batch must be at least 1, got " + std::to_string(s.batch));
  if (s.merge && s.adapter_path.empty()) throw InputError("merge needs an adapter");
  const Model::Impl& m = model.impl();
  const PrecisionChoice precision = resolve_precision(parse_precision(s.precision), m.device);
  std::optional<LoraAdapter> adapter;
  std::vector<std::string> warnings;
  if (!s.adapter_path.empty()) {
    adapter = load_adapter(s.adapter_path, m.config()).to(m.device);
    warnings = adapter->warnings;
  }
  const torch::Tensor pixels = read_inputs(s, m.config());
  ForwardOptions options;
  std::optional<ScopedMerge> merged;
  if (adapter && s.merge) {
    merged.emplace(m.vit(), std::move(*adapter), s.lora_scale);
  } else if (adapter) {
    options.adapter = &*adapter;
    options.lora_multiplier = s.lora_scale;
  } else {
    options.no_lora = true;  // the plain VFM, whatever the model holds
  }
  const torch::Tensor features =
      embed_batches(m.vit(), pixels, batch_that_fits(m.config(), s.batch, m.device), options,
                    m.device, precision);
  merged.reset();
  if (!s.out_path.empty())
    save_safetensors(s.out_path, {{"features", features}},
                     {{"precision", precision_name(precision.effective)}});
  Embedding e = to_embedding(features);
  e.precision = precision_name(precision.effective);
  e.saved_to = s.out_path;
  e.warnings = std::move(warnings);
  return e;
}

}  // namespace

Embedding embed_images(const Model& model, const EmbeddingSettings& settings) {
  return without_torch_backtraces([&] { return embed_images_impl(model, settings); });
}

}  // namespace lrc::api
