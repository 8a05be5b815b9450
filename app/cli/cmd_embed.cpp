// embed --model M [--adapter A] (--pixels F | IMAGE...) [--out F.safetensors]:
// image features. A thin adapter: flags → api::EmbeddingSettings → core/api →
// print.
#include <iostream>
#include <memory>

#include "api/embedding.h"
#include "api/session.h"
#include "commands.h"
#include "io/error.h"
#include "io/json.h"
#include "io/text.h"
#include "parse.h"

namespace lrc::cli {

namespace {

// Every embed flag, bound to the one settings struct: the defaults shown in the
// help are api::EmbeddingSettings' (the core's).
struct EmbedFlags {
  api::EmbeddingSettings s;
  std::string model;
  ComputeFlags compute;
};

void declare_embed_options(CLI::App& app, EmbedFlags& f) {
  api::EmbeddingSettings& s = f.s;
  add_required(app, "--model", f.model, "the VFM (HF folder, timm / HF-ViT / project file)");
  app.add_option("--adapter", s.adapter_path,
                 "a LoRA applied to the VFM (PEFT, reference, native)");
  app.add_option("--pixels", s.pixels_path,
                 "normalized float tensor under key pixel_values, shape [B, 3, "
                 "H, W] (skips "
                 "decoding and preprocessing)");
  app.add_option("--out", s.out_path,
                 "write key \"features\" (float32, B x D) there; JSON on "
                 "stdout otherwise");
  app.add_flag("--merge", s.merge, "fold the adapter into the weights before the forward pass");
  app.add_option("--lora-scale", s.lora_scale, "multiplier of the adapter's update")
      ->capture_default_str();
  app.add_option("--batch", s.batch, "images per forward pass")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("IMAGE", s.image_paths, "image files (instead of --pixels)");
  add_compute_options(app, f.compute);
}

// What CLI11 cannot check alone, worded with the flags, before the model is
// loaded.
void check_inputs(const api::EmbeddingSettings& s) {
  if (s.merge && s.adapter_path.empty()) throw InputError("--merge needs --adapter");
  if (!s.pixels_path.empty() && !s.image_paths.empty())
    throw InputError("give either --pixels or image files, not both");
  if (s.pixels_path.empty() && s.image_paths.empty())
    throw InputError("\"embed\" needs --pixels FILE or at least one IMAGE");
}

void print_json(const api::Embedding& e, const std::vector<std::string>& names) {
  Json j = Json::object();
  j["shape"] = Json(Json::Array{Json(e.rows), Json(e.dim)});
  Json rows = Json::array();
  for (int64_t i = 0; i < e.rows; ++i) {
    Json row = Json::array();
    for (int64_t k = 0; k < e.dim; ++k) row.push_back(double(e.features[size_t(i * e.dim + k)]));
    Json item = Json::object();
    if (size_t(i) < names.size()) item["image"] = names[size_t(i)];
    item["features"] = std::move(row);
    rows.push_back(std::move(item));
  }
  j["items"] = std::move(rows);
  std::cout << j.dump() << "\n";
}

int run_embed(EmbedFlags& f) {
  setup_compute(f.compute);  // --threads, --device and --precision checked
                             // before any loading
  check_inputs(f.s);
  f.s.precision = f.compute.precision;
  const auto model = api::Model::load(f.model, f.compute.device);
  const api::Embedding e = api::embed_images(*model, f.s);
  for (const auto& w : e.warnings) std::cerr << "warning: " << printable(w) << "\n";
  if (e.saved_to.empty()) print_json(e, f.s.image_paths);
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
