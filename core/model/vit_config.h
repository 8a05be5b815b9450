// The architecture of a ViT and how its input images are prepared. One config covers HF CLIP's
// vision tower, timm ViTs, HF ViT and the project's own format (docs/method.md §2.1).
#pragma once

#include <array>
#include <string>

#include "io/json.h"

namespace lrc {

enum class ModelFamily { HfClip, Timm, HfVit, Native };
enum class Activation { QuickGelu, Gelu, GeluTanh };

const char* family_name(ModelFamily f);                 // "hf-clip", "timm", "hf-vit", "native"
ModelFamily family_from_name(const std::string& name);  // throws InputError
const char* activation_name(Activation a);
Activation activation_from_name(const std::string& name);  // HF/timm spellings; throws InputError

// How an image becomes the model's input tensor (applied in core/data with OpenCV).
struct Preprocess {
  enum class Resize { ShortestSideCenterCrop, Stretch };
  Resize resize = Resize::ShortestSideCenterCrop;
  bool bicubic = true;  // bilinear otherwise
  std::array<float, 3> mean{0.5f, 0.5f, 0.5f};
  std::array<float, 3> std{0.5f, 0.5f, 0.5f};
  // Grey inputs (e.g. Fashion-MNIST) are replicated to 3 channels.
};

struct ViTConfig {
  std::string name;                          // human-readable, e.g. "openai/clip-vit-base-patch16"
  ModelFamily family = ModelFamily::Native;  // the checkpoint layout it was loaded from
  int image_size = 224;
  int patch_size = 16;
  int channels = 3;
  int width = 768;
  int depth = 12;
  int heads = 12;
  int mlp_dim = 3072;
  Activation activation = Activation::Gelu;
  double ln_eps = 1e-6;
  bool pre_norm = false;   // CLIP's "pre_layrnorm" after the embeddings
  bool patch_bias = true;  // CLIP's patch convolution has no bias
  int proj_dim = 0;        // CLIP's bias-free visual projection; 0 = none
  // Standardize each image per channel (zero mean, unit std over its pixels) before the patch
  // embedding. Only the project's own models use it: it makes a small ViT trained from scratch
  // invariant to the global colour and contrast of an image.
  bool input_norm = false;
  Preprocess preprocess;

  int grid() const { return image_size / patch_size; }
  int num_patches() const { return grid() * grid(); }
  int head_dim() const { return width / heads; }
  int feature_dim() const { return proj_dim > 0 ? proj_dim : width; }
  // Peak bytes one image adds to an inference forward pass at fp32 (attention scores and their
  // softmax per head, the MLP's hidden activations, q/k/v and residuals of one block at a time):
  // quadratic in the tokens, so 1024 px at patch 4 (65,537 tokens) needs ~100 GiB where ViT-B/16
  // needs ~10 MiB. An estimate for refusing hopeless models and sizing batches, not a bound.
  uint64_t inference_bytes_per_image() const;

  // Throws InputError describing the first inconsistent field.
  void validate() const;
  Json to_json() const;
  static ViTConfig from_json(const Json& j);  // throws InputError on missing/invalid fields
  // Architecture-only equality (ignores name, family and preprocessing).
  bool same_architecture(const ViTConfig& o) const;
};

}  // namespace lrc
