// embed --model M [--adapter A] (--pixels F | IMAGE...) [--out F.safetensors]: image features.
#include <iostream>
#include <memory>

#include <torch/torch.h>

#include "commands.h"
#include "data/image.h"
#include "io/error.h"
#include "io/safetensors.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"
#include "parse.h"

namespace lrc::cli {

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

torch::Tensor embed_batches(ViTImpl& model, const torch::Tensor& pixels, int64_t batch,
                            torch::Device device, const PrecisionChoice& precision) {
  torch::NoGradGuard no_grad;
  const PrecisionScope amp(precision, device);
  std::vector<torch::Tensor> out;
  for (int64_t i = 0; i < pixels.size(0); i += batch)
    out.push_back(model.forward(pixels.slice(0, i, i + batch).to(device)).cpu());
  return torch::cat(out, 0);
}

void print_json(const torch::Tensor& f, const std::vector<std::string>& names) {
  Json j = Json::object();
  j["shape"] = Json(Json::Array{Json(int64_t(f.size(0))), Json(int64_t(f.size(1)))});
  Json rows = Json::array();
  auto acc = f.accessor<float, 2>();
  for (int64_t i = 0; i < f.size(0); ++i) {
    Json row = Json::array();
    for (int64_t k = 0; k < f.size(1); ++k) row.push_back(double(acc[i][k]));
    Json item = Json::object();
    if (size_t(i) < names.size()) item["image"] = names[size_t(i)];
    item["features"] = std::move(row);
    rows.push_back(std::move(item));
  }
  j["items"] = std::move(rows);
  std::cout << j.dump() << "\n";
}

// Every embed flag, bound where it is declared: the help shows these defaults.
struct EmbedFlags {
  std::string model, adapter, pixels, out;
  std::vector<std::string> images;
  double lora_scale = 1.0;
  int batch = 64;
  bool merge = false;
  ComputeFlags compute;
};

void declare_embed_options(CLI::App& app, EmbedFlags& f) {
  add_required(app, "--model", f.model, "the VFM (HF folder, timm / HF-ViT / project file)");
  app.add_option("--adapter", f.adapter, "a LoRA applied to the VFM (PEFT, reference, native)");
  app.add_option("--pixels", f.pixels,
                 "normalized float tensor under key pixel_values, shape [B, 3, H, W] (skips "
                 "decoding and preprocessing)");
  app.add_option("--out", f.out,
                 "write key \"features\" (float32, B x D) there; JSON on stdout otherwise");
  app.add_flag("--merge", f.merge, "fold the adapter into the weights before the forward pass");
  app.add_option("--lora-scale", f.lora_scale, "multiplier of the adapter's update")
      ->capture_default_str();
  app.add_option("--batch", f.batch, "images per forward pass")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("IMAGE", f.images, "image files (instead of --pixels)");
  add_compute_options(app, f.compute);
}

torch::Tensor read_inputs(const EmbedFlags& f, const ViTConfig& config) {
  if (!f.pixels.empty()) {
    if (!f.images.empty()) throw InputError("give either --pixels or image files, not both");
    return read_pixels(f.pixels, config);
  }
  if (f.images.empty()) throw InputError("\"embed\" needs --pixels FILE or at least one IMAGE");
  return load_images(f.images, config);
}

int run_embed(const EmbedFlags& f) {
  Compute compute = setup_compute(f.compute);
  auto loaded = load_model(f.model, compute.device);
  ViTImpl& model = *loaded.model;
  if (!f.adapter.empty()) {
    model.add_adapter("adapter", load_adapter(f.adapter, model.config()));
    model.set_active_adapter("adapter");
    model.set_lora_multiplier(f.lora_scale);
    if (f.merge) model.merge();
  } else if (f.merge) {
    throw InputError("--merge needs --adapter");
  }
  const torch::Tensor pixels = read_inputs(f, model.config());
  const PrecisionChoice precision = resolve_precision(compute.precision, compute.device);
  torch::Tensor features =
      embed_batches(model, pixels, f.batch, compute.device, precision).contiguous();
  if (!f.out.empty())
    save_safetensors(f.out, {{"features", features}},
                     {{"precision", precision_name(precision.effective)}});
  else
    print_json(features, f.images);
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "embed";
  c.summary = "image features of a model (with an optional adapter)";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<EmbedFlags>();
    declare_embed_options(app, *f);
    return [f] { return run_embed(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
