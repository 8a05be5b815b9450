// embed --model M [--adapter A] (--pixels F | IMAGE...) [--out F.safetensors]: image features.
#include <iostream>

#include <torch/torch.h>

#include "commands.h"
#include "data/image.h"
#include "io/error.h"
#include "io/safetensors.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"

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

int run_embed(const Args& args) {
  Compute compute = setup_compute(args);
  auto loaded = load_model(args.require("model"), compute.device);
  ViTImpl& model = *loaded.model;
  if (args.has("adapter")) {
    model.add_adapter("adapter", load_adapter(args.get("adapter"), model.config()));
    model.set_active_adapter("adapter");
    model.set_lora_multiplier(args.get_double("lora-scale", 1.0));
    if (args.flag("merge")) model.merge();
  } else if (args.flag("merge")) {
    throw InputError("--merge needs --adapter");
  }
  torch::Tensor pixels;
  const auto& images = args.positionals();
  if (args.has("pixels")) {
    if (!images.empty()) throw InputError("give either --pixels or image files, not both");
    pixels = read_pixels(args.get("pixels"), model.config());
  } else {
    if (images.empty()) throw InputError("\"embed\" needs --pixels FILE or at least one IMAGE");
    pixels = load_images(images, model.config());
  }
  const int64_t batch = std::max<long long>(1, args.get_int("batch", 64));
  const PrecisionChoice precision = resolve_precision(compute.precision, compute.device);
  torch::Tensor features =
      embed_batches(model, pixels, batch, compute.device, precision).contiguous();
  if (args.has("out"))
    save_safetensors(args.get("out"), {{"features", features}},
                     {{"precision", precision_name(precision.effective)}});
  else
    print_json(features, images);
  return 0;
}

const CommandRegistrar registrar(Command{
    "embed", "image features of a model (with an optional adapter)",
    "usage: lora-recycle-cli embed --model M [--adapter A] (--pixels F.safetensors | IMAGE...)\n"
    "                              [--out F.safetensors] [--merge] [--lora-scale S] [--batch N]\n"
    "  --pixels  normalized float tensor under key pixel_values, shape [B, 3, H, W]\n"
    "            (skips decoding and preprocessing)\n"
    "  --out     write key \"features\" (float32, B x D); JSON on stdout otherwise\n"
    "  --merge   fold the adapter into the weights before the forward pass\n",
    with_compute_options(OptionSpec{{"model", "adapter", "pixels", "out", "batch", "lora-scale"},
                                    {"merge"}}),
    run_embed});

}  // namespace
}  // namespace lrc::cli
