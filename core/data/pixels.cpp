#include "data/pixels.h"

#include <torch/torch.h>

namespace lrc {

namespace {
torch::Tensor channel_tensor(const std::array<float, 3>& v, const torch::TensorOptions& o) {
  return torch::tensor({v[0], v[1], v[2]}, o.dtype(torch::kFloat)).view({1, 3, 1, 1});
}
}  // namespace

torch::Tensor denormalize_to_u8(const torch::Tensor& pixels, const Preprocess& p) {
  const bool single = pixels.dim() == 3;
  auto x = single ? pixels.unsqueeze(0) : pixels;
  auto o = x.options();
  auto u8 = (x.detach().to(torch::kFloat) * channel_tensor(p.std, o) + channel_tensor(p.mean, o))
                .clamp(0, 1)
                .mul(255)
                .round()
                .to(torch::kUInt8)
                .permute({0, 2, 3, 1})
                .contiguous()
                .cpu();
  return single ? u8.squeeze(0) : u8;
}

torch::Tensor normalized_min(const Preprocess& p, const torch::TensorOptions& o) {
  return (0 - channel_tensor(p.mean, o)) / channel_tensor(p.std, o);
}

torch::Tensor normalized_max(const Preprocess& p, const torch::TensorOptions& o) {
  return (1 - channel_tensor(p.mean, o)) / channel_tensor(p.std, o);
}

}  // namespace lrc
