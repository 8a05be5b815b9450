#include "model/vit_config.h"

#include <cmath>

namespace lrc {

const char* family_name(ModelFamily f) {
  switch (f) {
    case ModelFamily::HfClip:
      return "hf-clip";
    case ModelFamily::Timm:
      return "timm";
    case ModelFamily::HfVit:
      return "hf-vit";
    case ModelFamily::Native:
      return "native";
  }
  return "?";
}

ModelFamily family_from_name(const std::string& name) {
  for (auto f : {ModelFamily::HfClip, ModelFamily::Timm, ModelFamily::HfVit, ModelFamily::Native})
    if (name == family_name(f)) return f;
  throw InputError("unknown model family \"" + name + "\"");
}

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::QuickGelu:
      return "quick_gelu";
    case Activation::Gelu:
      return "gelu";
    case Activation::GeluTanh:
      return "gelu_tanh";
  }
  return "?";
}

Activation activation_from_name(const std::string& name) {
  if (name == "quick_gelu") return Activation::QuickGelu;
  if (name == "gelu" || name == "gelu_exact") return Activation::Gelu;
  if (name == "gelu_tanh" || name == "gelu_new" || name == "gelu_pytorch_tanh")
    return Activation::GeluTanh;
  throw InputError("unsupported activation \"" + name + "\" (known: quick_gelu, gelu, gelu_tanh)");
}

void ViTConfig::validate() const {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw InputError("invalid model configuration: " + what);
  };
  need(image_size > 0 && image_size <= 4096, "image_size " + std::to_string(image_size));
  need(patch_size > 0 && image_size % patch_size == 0, "image_size " + std::to_string(image_size) +
                                                           " is not a multiple of patch_size " +
                                                           std::to_string(patch_size));
  need(channels == 3, "channels must be 3, got " + std::to_string(channels));
  need(width > 0 && width <= 16384, "width " + std::to_string(width));
  need(depth > 0 && depth <= 256, "depth " + std::to_string(depth));
  need(heads > 0 && width % heads == 0,
       "width " + std::to_string(width) + " is not divisible by heads " + std::to_string(heads));
  need(mlp_dim > 0 && mlp_dim <= 65536, "mlp_dim " + std::to_string(mlp_dim));
  need(ln_eps > 0 && ln_eps < 1, "layer-norm eps");
  need(proj_dim >= 0 && proj_dim <= 16384, "proj_dim " + std::to_string(proj_dim));
  // A zero or non-finite std would turn every pixel into inf/NaN and every feature into null.
  for (int i = 0; i < 3; ++i) {
    need(std::isfinite(preprocess.mean[i]), "preprocess mean is not a finite number");
    need(std::isfinite(preprocess.std[i]) && preprocess.std[i] > 1e-6f,
         "preprocess std " + std::to_string(preprocess.std[i]) + " must be a positive number");
  }
}

uint64_t ViTConfig::inference_bytes_per_image() const {
  const uint64_t T = uint64_t(num_patches()) + 1, H = uint64_t(heads), D = uint64_t(width),
                 M = uint64_t(mlp_dim);
  return 4 * (2 * H * T * T + 2 * T * M + 6 * T * D);
}

Json ViTConfig::to_json() const {
  Json j = Json::object();
  j["name"] = name;
  j["family"] = family_name(family);
  j["image_size"] = image_size;
  j["patch_size"] = patch_size;
  j["channels"] = channels;
  j["width"] = width;
  j["depth"] = depth;
  j["heads"] = heads;
  j["mlp_dim"] = mlp_dim;
  j["activation"] = activation_name(activation);
  j["ln_eps"] = ln_eps;
  j["pre_norm"] = pre_norm;
  j["patch_bias"] = patch_bias;
  j["proj_dim"] = proj_dim;
  j["input_norm"] = input_norm;
  Json p = Json::object();
  p["resize"] =
      preprocess.resize == Preprocess::Resize::Stretch ? "stretch" : "shortest_side_center_crop";
  p["interpolation"] = preprocess.bicubic ? "bicubic" : "bilinear";
  p["mean"] = Json(Json::Array{preprocess.mean[0], preprocess.mean[1], preprocess.mean[2]});
  p["std"] = Json(Json::Array{preprocess.std[0], preprocess.std[1], preprocess.std[2]});
  j["preprocess"] = std::move(p);
  return j;
}

namespace {

std::array<float, 3> triple(const Json& j, const char* key, std::array<float, 3> fallback) {
  const Json* v = j.find(key);
  if (!v) return fallback;
  if (!v->is_array() || v->size() != 3)
    throw InputError(std::string("\"") + key + "\" must hold 3 numbers");
  std::array<float, 3> out{};
  for (int i = 0; i < 3; ++i) out[i] = float(v->as_array()[i].as_number());
  return out;
}

}  // namespace

ViTConfig ViTConfig::from_json(const Json& j) {
  if (!j.is_object()) throw InputError("model configuration is not a JSON object");
  ViTConfig c;
  try {
    c.name = j.get_string("name", "");
    c.family = family_from_name(j.get_string("family", "native"));
    c.image_size = j.at("image_size").as_int32();
    c.patch_size = j.at("patch_size").as_int32();
    c.channels = j.get_int32("channels", 3);
    c.width = j.at("width").as_int32();
    c.depth = j.at("depth").as_int32();
    c.heads = j.at("heads").as_int32();
    c.mlp_dim = j.at("mlp_dim").as_int32();
    c.activation = activation_from_name(j.get_string("activation", "gelu"));
    c.ln_eps = j.get_number("ln_eps", 1e-6);
    c.pre_norm = j.get_bool("pre_norm", false);
    c.patch_bias = j.get_bool("patch_bias", true);
    c.proj_dim = j.get_int32("proj_dim", 0);
    c.input_norm = j.get_bool("input_norm", false);
    if (const Json* p = j.find("preprocess")) {
      c.preprocess.resize = p->get_string("resize", "") == "stretch"
                                ? Preprocess::Resize::Stretch
                                : Preprocess::Resize::ShortestSideCenterCrop;
      c.preprocess.bicubic = p->get_string("interpolation", "bicubic") == "bicubic";
      c.preprocess.mean = triple(*p, "mean", c.preprocess.mean);
      c.preprocess.std = triple(*p, "std", c.preprocess.std);
    }
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(std::string("model configuration: ") + e.what());
  }
  c.validate();
  return c;
}

bool ViTConfig::same_architecture(const ViTConfig& o) const {
  return image_size == o.image_size && patch_size == o.patch_size && width == o.width &&
         depth == o.depth && heads == o.heads && mlp_dim == o.mlp_dim &&
         activation == o.activation && pre_norm == o.pre_norm && patch_bias == o.patch_bias &&
         proj_dim == o.proj_dim && input_norm == o.input_norm;
}

}  // namespace lrc
