#include "model/checkpoint.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include <torch/torch.h>

#include "io/atomic_file.h"
#include "io/error.h"
#include "model/family_keys.h"
#include "runtime/runtime.h"

namespace lrc {

namespace fs = std::filesystem;

namespace {

std::string shape_text(const std::vector<int64_t>& s) {
  std::string t = "[";
  for (size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  return t + "]";
}

Json read_json_file(const std::string& path) {
  try {
    return Json::parse(read_text_file(path, size_t(16) << 20));
  } catch (const JsonParseError& e) {
    throw InputError(file_message(path, e.what()));
  }
}

// Names of the non-block tensors of a family.
struct TopKeys {
  std::string cls, pos, patch_w, patch_b, pre_norm, norm, proj;
  bool cls_3d = false;  // stored as (1, 1, D) / (1, P + 1, D)
};

TopKeys top_keys(const FamilyMatch& m) {
  const std::string& p = m.prefix;
  switch (m.family) {
    case ModelFamily::HfClip:
      return {p + "embeddings.class_embedding",
              p + "embeddings.position_embedding.weight",
              p + "embeddings.patch_embedding.weight",
              p + "embeddings.patch_embedding.bias",
              p + "pre_layrnorm",
              p + "post_layernorm",
              "visual_projection.weight",
              false};
    case ModelFamily::Timm:
      return {p + "cls_token",
              p + "pos_embed",
              p + "patch_embed.proj.weight",
              p + "patch_embed.proj.bias",
              p + "norm_pre",
              p + "norm",
              "",
              true};
    case ModelFamily::HfVit:
      return {p + "embeddings.cls_token",
              p + "embeddings.position_embeddings",
              p + "embeddings.patch_embeddings.projection.weight",
              p + "embeddings.patch_embeddings.projection.bias",
              "",
              p + "layernorm",
              "",
              true};
    case ModelFamily::Native:
      break;
  }
  return {"cls_token", "pos_embed", "patch_embed.weight", "patch_embed.bias",
          "pre_norm",  "norm",      "proj.weight",        false};
}

const TensorRecord& need(const SafetensorsFile& f, const std::string& key, const std::string& why) {
  const TensorRecord* r = f.find(key);
  if (!r)
    throw InputError(file_message(f.path(), "missing vision key \"" + key + "\" (" + why + ")"));
  return *r;
}

}  // namespace

ModelFiles locate_model_files(const std::string& path) {
  std::error_code ec;
  ModelFiles files;
  fs::path p(path);
  if (fs::is_directory(p, ec)) {
    if (fs::exists(p / "adapter_config.json", ec))
      throw InputError(file_message(path, "this folder holds a PEFT adapter, not a model"));
    if (fs::exists(p / "model.safetensors", ec)) {
      files.weights = (p / "model.safetensors").string();
    } else {
      std::vector<fs::path> found;
      for (const auto& e : fs::directory_iterator(p, ec))
        if (e.path().extension() == ".safetensors") found.push_back(e.path());
      if (found.size() != 1)
        throw InputError(file_message(
            path, found.empty() ? "no model.safetensors in this folder"
                                : "several .safetensors files and no model.safetensors; "
                                  "name the weights file instead"));
      files.weights = found[0].string();
    }
  } else if (fs::is_regular_file(p, ec)) {
    files.weights = path;
    p = p.has_parent_path() ? p.parent_path() : fs::path(".");
  } else {
    throw InputError(file_message(path, "no such file or folder"));
  }
  if (fs::is_regular_file(p / "config.json", ec)) files.config_json = (p / "config.json").string();
  if (fs::is_regular_file(p / "preprocessor_config.json", ec))
    files.preprocessor_json = (p / "preprocessor_config.json").string();
  return files;
}

Json read_lrc_metadata(const SafetensorsFile& file) {
  std::string text = file.metadata_value(kMetaKey);
  if (text.empty()) return Json();
  try {
    return Json::parse(text);
  } catch (const JsonParseError& e) {
    throw InputError(
        file_message(file.path(), std::string("metadata \"lrc\" is not valid JSON: ") + e.what()));
  }
}

FamilyMatch detect_family(const SafetensorsFile& f) {
  Json meta = read_lrc_metadata(f);
  if (meta.is_object() && meta.get_string("format", "") == kModelFormatTag)
    return {ModelFamily::Native, ""};
  if (meta.is_object() && meta.get_string("format", "") == kAdapterFormatTag)
    throw InputError(file_message(f.path(), "this is a LoRA adapter, not a model"));
  if (f.contains("vision_model.embeddings.class_embedding"))
    return {ModelFamily::HfClip, "vision_model."};
  if (f.contains("vit.embeddings.cls_token")) return {ModelFamily::HfVit, "vit."};
  if (f.contains("embeddings.cls_token")) return {ModelFamily::HfVit, ""};
  if (f.contains("cls_token") && f.contains("blocks.0.attn.qkv.weight"))
    return {ModelFamily::Timm, ""};
  throw InputError(file_message(f.path(),
                                "not a supported ViT checkpoint (found no CLS token of HF CLIP, "
                                "timm, HF ViT or the project's format)"));
}

namespace {

// Architecture numbers read off the tensors themselves.
// Every size read off a shape is bounded before any arithmetic on it, so a hostile shape gets
// a message instead of a signed overflow (validate() checks the architecture's own limits).
constexpr int64_t kMaxShapeDim = int64_t(1) << 20;

int shape_dim(const SafetensorsFile& f, const std::string& key, const std::vector<int64_t>& shape,
              size_t axis_from_end) {
  if (shape.size() <= axis_from_end)
    throw InputError(file_message(
        f.path(), "key \"" + key + "\" has shape " + shape_text(shape) + ", too few dimensions"));
  const int64_t v = shape[shape.size() - 1 - axis_from_end];
  if (v <= 0 || v > kMaxShapeDim)
    throw InputError(file_message(f.path(), "key \"" + key + "\" has shape " + shape_text(shape) +
                                                ": dimension " + std::to_string(v) +
                                                " is out of range (1 to " +
                                                std::to_string(kMaxShapeDim) + ")"));
  return int(v);
}

ViTConfig config_from_shapes(const SafetensorsFile& f, const FamilyMatch& m) {
  TopKeys k = top_keys(m);
  ViTConfig c;
  c.family = m.family;
  const auto& cls = need(f, k.cls, "CLS token");
  c.width = shape_dim(f, k.cls, cls.shape, 0);
  const auto& patch = need(f, k.patch_w, "patch embedding");
  if (patch.shape.size() != 4 || patch.shape[2] != patch.shape[3])
    throw InputError(file_message(f.path(), "key \"" + k.patch_w + "\" has shape " +
                                                shape_text(patch.shape) +
                                                ", expected [width, 3, patch, patch]"));
  c.patch_size = shape_dim(f, k.patch_w, patch.shape, 0);
  c.channels = shape_dim(f, k.patch_w, patch.shape, 2);
  c.patch_bias = f.contains(k.patch_b);
  const auto& pos = need(f, k.pos, "position embeddings");
  const int64_t rows = shape_dim(f, k.pos, pos.shape, 1);
  auto grid = int64_t(std::lround(std::sqrt(double(std::max<int64_t>(rows - 1, 0)))));
  if (grid * grid != rows - 1)
    throw InputError(file_message(f.path(), "key \"" + k.pos + "\" has " + std::to_string(rows) +
                                                " rows, not 1 + a square number of patches"));
  c.image_size = int(grid) * c.patch_size;
  c.depth = 0;
  while (f.contains(block_module(m.family, m.prefix, c.depth, BlockPart::Norm1) + ".weight"))
    ++c.depth;
  if (c.depth == 0) throw InputError(file_message(f.path(), "no transformer blocks found"));
  const auto& fc1 =
      need(f, block_module(m.family, m.prefix, 0, BlockPart::Fc1) + ".weight", "MLP of block 0");
  c.mlp_dim = shape_dim(f, block_module(m.family, m.prefix, 0, BlockPart::Fc1) + ".weight",
                        fc1.shape, fc1.shape.empty() ? 0 : fc1.shape.size() - 1);
  c.heads = std::max(1, c.width / 64);
  c.pre_norm = !k.pre_norm.empty() && f.contains(k.pre_norm + ".weight");
  if (!k.proj.empty() && f.contains(k.proj)) {
    const auto& proj = f.find(k.proj)->shape;
    c.proj_dim = shape_dim(f, k.proj, proj, proj.empty() ? 0 : proj.size() - 1);
  }
  return c;
}

void apply_family_defaults(ViTConfig& c) {
  switch (c.family) {
    case ModelFamily::HfClip:
      c.activation = Activation::QuickGelu;
      c.ln_eps = 1e-5;
      c.preprocess.mean = {0.48145466f, 0.4578275f, 0.40821073f};
      c.preprocess.std = {0.26862954f, 0.26130258f, 0.27577711f};
      c.preprocess.resize = Preprocess::Resize::ShortestSideCenterCrop;
      c.preprocess.bicubic = true;
      break;
    case ModelFamily::Timm:
      c.activation = Activation::Gelu;
      c.ln_eps = 1e-6;
      break;
    case ModelFamily::HfVit:
      c.activation = Activation::Gelu;
      c.ln_eps = 1e-12;
      c.preprocess.resize = Preprocess::Resize::Stretch;
      c.preprocess.bicubic = false;
      break;
    case ModelFamily::Native:
      break;
  }
}

// HF config.json fields (CLIPVisionConfig / ViTConfig) override what the shapes suggest, so a
// config that disagrees with the weights shows up as a mis-shaped key.
void apply_hf_config(ViTConfig& c, const Json& cfg, std::vector<std::string>& notes) {
  const Json& v = cfg.contains("vision_config") ? cfg.at("vision_config") : cfg;
  c.width = v.get_int32("hidden_size", c.width);
  c.mlp_dim = v.get_int32("intermediate_size", c.mlp_dim);
  c.depth = v.get_int32("num_hidden_layers", c.depth);
  c.heads = v.get_int32("num_attention_heads", c.heads);
  c.image_size = v.get_int32("image_size", c.image_size);
  c.patch_size = v.get_int32("patch_size", c.patch_size);
  c.ln_eps = v.get_number("layer_norm_eps", c.ln_eps);
  if (v.contains("hidden_act")) c.activation = activation_from_name(v.at("hidden_act").as_string());
  if (!v.contains("num_attention_heads")) notes.push_back("heads inferred as width/64");
  c.name = cfg.get_string("_name_or_path", c.name);
}

void apply_timm_config(ViTConfig& c, const Json& cfg, std::vector<std::string>& notes) {
  const Json* args = cfg.find("model_args");
  if (args && args->contains("num_heads"))
    c.heads = args->at("num_heads").as_int32();
  else
    notes.push_back("heads inferred as width/64");
  if (args && args->contains("act_layer"))
    c.activation = activation_from_name(args->at("act_layer").as_string());
  c.name = cfg.get_string("architecture", c.name);
  if (const Json* pc = cfg.find("pretrained_cfg")) {
    if (pc->contains("mean") && pc->contains("std") && pc->at("mean").size() == 3 &&
        pc->at("std").size() == 3)
      for (int i = 0; i < 3; ++i) {
        c.preprocess.mean[i] = float(pc->at("mean").as_array()[i].as_number());
        c.preprocess.std[i] = float(pc->at("std").as_array()[i].as_number());
      }
    c.preprocess.bicubic = pc->get_string("interpolation", "bicubic") == "bicubic";
  }
}

void apply_preprocessor(ViTConfig& c, const Json& pp) {
  if (pp.contains("image_mean") && pp.contains("image_std") && pp.at("image_mean").size() == 3 &&
      pp.at("image_std").size() == 3)
    for (int i = 0; i < 3; ++i) {
      c.preprocess.mean[i] = float(pp.at("image_mean").as_array()[i].as_number());
      c.preprocess.std[i] = float(pp.at("image_std").as_array()[i].as_number());
    }
  if (pp.contains("resample"))
    c.preprocess.bicubic = pp.at("resample").as_int() == 3;  // PIL.Image.BICUBIC
  if (pp.contains("do_center_crop"))
    c.preprocess.resize = pp.at("do_center_crop").as_bool()
                              ? Preprocess::Resize::ShortestSideCenterCrop
                              : Preprocess::Resize::Stretch;
}

}  // namespace

ViTConfig read_model_config(const SafetensorsFile& file, const FamilyMatch& m, const Json* config,
                            const Json* preprocessor, std::vector<std::string>& notes) {
  if (m.family == ModelFamily::Native) {
    Json meta = read_lrc_metadata(file);
    try {
      ViTConfig c = ViTConfig::from_json(meta.at("config"));
      c.family = ModelFamily::Native;
      return c;
    } catch (const InputError& e) {
      throw InputError(file_message(file.path(), e.what()));
    } catch (const Error& e) {
      throw InputError(file_message(file.path(), std::string("metadata \"lrc\": ") + e.what()));
    }
  }
  ViTConfig c = config_from_shapes(file, m);
  apply_family_defaults(c);
  try {
    if (config && m.family == ModelFamily::Timm)
      apply_timm_config(c, *config, notes);
    else if (config)
      apply_hf_config(c, *config, notes);
    else if (c.width % 64 == 0)
      notes.push_back("no config.json: heads inferred as width/64");
    if (preprocessor) apply_preprocessor(c, *preprocessor);
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(file_message(file.path(), std::string("config.json: ") + e.what()));
  }
  if (c.name.empty()) c.name = fs::path(file.path()).parent_path().filename().string();
  try {
    c.validate();
  } catch (const InputError& e) {
    throw InputError(file_message(file.path(), e.what()));
  }
  return c;
}

std::vector<KeyMapping> checkpoint_key_map(const ViTConfig& c, const FamilyMatch& m) {
  const int64_t D = c.width, P = c.num_patches(), M = c.mlp_dim, p = c.patch_size;
  const TopKeys k = top_keys(m);
  std::vector<KeyMapping> map;
  auto add = [&](std::string param, std::vector<std::string> src, std::vector<int64_t> shape,
                 bool optional = false) {
    map.push_back({std::move(param), std::move(src), std::move(shape), optional});
  };
  auto ln = [&](const std::string& param, const std::string& module) {
    add(param + ".weight", {module + ".weight"}, {D});
    add(param + ".bias", {module + ".bias"}, {D});
  };
  add("patch_embed.weight", {k.patch_w}, {D, c.channels, p, p});
  if (c.patch_bias) add("patch_embed.bias", {k.patch_b}, {D});
  add("cls_token", {k.cls}, k.cls_3d ? std::vector<int64_t>{1, 1, D} : std::vector<int64_t>{D});
  add("pos_embed", {k.pos},
      k.cls_3d ? std::vector<int64_t>{1, P + 1, D} : std::vector<int64_t>{P + 1, D});
  if (c.pre_norm) ln("pre_norm", k.pre_norm);
  const bool fused = m.family == ModelFamily::Timm || m.family == ModelFamily::Native;
  for (int i = 0; i < c.depth; ++i) {
    const std::string b = "blocks." + std::to_string(i) + ".";
    auto mod = [&](BlockPart part) { return block_module(m.family, m.prefix, i, part); };
    ln(b + "norm1", mod(BlockPart::Norm1));
    if (fused) {
      add(b + "attn.qkv.weight", {mod(BlockPart::Qkv) + ".weight"}, {3 * D, D});
      add(b + "attn.qkv.bias", {mod(BlockPart::Qkv) + ".bias"}, {3 * D}, true);
    } else {
      add(b + "attn.qkv.weight",
          {mod(BlockPart::Q) + ".weight", mod(BlockPart::K) + ".weight",
           mod(BlockPart::V) + ".weight"},
          {D, D});
      add(b + "attn.qkv.bias",
          {mod(BlockPart::Q) + ".bias", mod(BlockPart::K) + ".bias", mod(BlockPart::V) + ".bias"},
          {D}, true);
    }
    add(b + "attn.out.weight", {mod(BlockPart::Out) + ".weight"}, {D, D});
    add(b + "attn.out.bias", {mod(BlockPart::Out) + ".bias"}, {D});
    ln(b + "norm2", mod(BlockPart::Norm2));
    add(b + "mlp.fc1.weight", {mod(BlockPart::Fc1) + ".weight"}, {M, D});
    add(b + "mlp.fc1.bias", {mod(BlockPart::Fc1) + ".bias"}, {M});
    add(b + "mlp.fc2.weight", {mod(BlockPart::Fc2) + ".weight"}, {D, M});
    add(b + "mlp.fc2.bias", {mod(BlockPart::Fc2) + ".bias"}, {D});
  }
  ln("norm", k.norm);
  if (c.proj_dim > 0) add("proj.weight", {k.proj}, {c.proj_dim, D});
  return map;
}

namespace {

// Checks that every mapped source exists with its expected shape; returns the keys used.
std::set<std::string> check_sources(const SafetensorsFile& f, const std::vector<KeyMapping>& map) {
  std::set<std::string> used;
  for (const auto& km : map) {
    size_t present = 0;
    for (const auto& src : km.sources) {
      const TensorRecord* r = f.find(src);
      if (!r) {
        if (km.optional) continue;
        throw InputError(
            file_message(f.path(), "missing vision key \"" + src + "\" (for " + km.param + ")"));
      }
      if (r->shape != km.source_shape)
        throw InputError(file_message(f.path(), "key \"" + src + "\" has shape " +
                                                    shape_text(r->shape) + ", expected " +
                                                    shape_text(km.source_shape)));
      used.insert(src);
      ++present;
    }
    if (present != 0 && present != km.sources.size())
      throw InputError(
          file_message(f.path(), "only some of the keys for " + km.param + " are present"));
  }
  return used;
}

// Copies every mapped tensor (already checked) into the model; absent optional ones become 0.
void copy_weights(ViTImpl& model, const SafetensorsFile& f, const std::vector<KeyMapping>& map) {
  torch::NoGradGuard no_grad;
  auto params = model.named_parameters();
  for (const auto& km : map) {
    torch::Tensor& dst = params[km.param];
    if (!f.contains(km.sources.front())) {
      dst.zero_();  // e.g. no qkv bias in this checkpoint
      continue;
    }
    std::vector<torch::Tensor> parts;
    for (const auto& src : km.sources) {
      parts.push_back(f.load(src).to(torch::kFloat));
      // One bad weight makes every feature NaN, which would otherwise pass with exit 0.
      if (!torch::isfinite(parts.back()).all().item<bool>())
        throw InputError(
            file_message(f.path(), "tensor \"" + src + "\" holds NaN or infinite values"));
    }
    dst.copy_(torch::cat(parts, 0).reshape(dst.sizes()));
  }
}

// A model whose single-image forward pass cannot fit in memory is refused before its weights
// load, with the reason, instead of growing until the kernel kills the process.
void check_forward_fits(const std::string& path, const ViTConfig& c) {
  const uint64_t need = c.inference_bytes_per_image(), have = available_memory_bytes();
  if (have == 0 || need <= have) return;
  auto gib = [](uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / double(uint64_t(1) << 30));
    return std::string(text);
  };
  throw InputError(file_message(
      path, "one image needs about " + gib(need) + " in a forward pass (" +
                std::to_string(c.num_patches() + 1) + " tokens: " + std::to_string(c.image_size) +
                " px at patch " + std::to_string(c.patch_size) + "), more than the " + gib(have) +
                " of memory available"));
}

struct Probed {
  ModelProbe probe;
  std::vector<KeyMapping> map;
};

Probed probe_file(const SafetensorsFile& f, const ModelFiles& files) {
  Probed out;
  out.probe.path = files.weights;
  out.probe.match = detect_family(f);
  const bool native = out.probe.match.family == ModelFamily::Native;
  Json cfg, pp;
  if (!files.config_json.empty() && !native) cfg = read_json_file(files.config_json);
  if (!files.preprocessor_json.empty() && !native) pp = read_json_file(files.preprocessor_json);
  out.probe.config = read_model_config(f, out.probe.match, cfg.is_object() ? &cfg : nullptr,
                                       pp.is_object() ? &pp : nullptr, out.probe.notes);
  out.map = checkpoint_key_map(out.probe.config, out.probe.match);
  auto used = check_sources(f, out.map);
  for (const auto& r : f.records())
    if (!used.count(r.name)) out.probe.ignored_keys.push_back(r.name);
  return out;
}

}  // namespace

ModelProbe probe_model(const std::string& path) {
  ModelFiles files = locate_model_files(path);
  SafetensorsFile f(files.weights);
  return probe_file(f, files).probe;
}

LoadedModel load_model(const std::string& path, torch::Device device) {
  ModelFiles files = locate_model_files(path);
  SafetensorsFile f(files.weights);
  Probed p = probe_file(f, files);
  if (device.is_cpu()) check_forward_fits(f.path(), p.probe.config);
  LoadedModel out;
  out.path = p.probe.path;
  out.match = p.probe.match;
  out.ignored_keys = std::move(p.probe.ignored_keys);
  out.notes = std::move(p.probe.notes);
  out.model = ViT(p.probe.config);
  copy_weights(*out.model, f, p.map);
  out.model->to(device);
  out.model->eval();
  out.model->freeze_base();
  out.fingerprint = model_fingerprint(*out.model);
  return out;
}

void save_model(ViTImpl& model, const std::string& path, c10::ScalarType dtype, const Json& extra) {
  if (dtype != torch::kFloat && dtype != torch::kHalf && dtype != torch::kBFloat16)
    throw InputError("models are saved as F32, F16 or BF16");
  std::vector<NamedTensor> tensors;
  for (const auto& item : model.named_parameters())
    tensors.push_back({item.key(), item.value().detach().to(dtype)});
  Json meta = Json::object();
  meta["format"] = kModelFormatTag;
  meta["version"] = 1;
  meta["config"] = model.config().to_json();
  meta["config"]["family"] = family_name(ModelFamily::Native);
  meta["fingerprint"] = model_fingerprint(model);
  meta["extra"] = extra;
  save_safetensors(path, tensors, {{kMetaKey, meta.dump()}});
}

}  // namespace lrc
