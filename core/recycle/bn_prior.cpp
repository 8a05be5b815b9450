#include "recycle/bn_prior.h"

#include <torch/torch.h>

#include "io/error.h"
#include "io/safetensors.h"
#include "model/checkpoint.h"

namespace lrc {

namespace F = torch::nn::functional;

namespace {

constexpr int kPriorFormatVersion = 1;

Json float3(const std::array<float, 3>& v) {
  return Json(Json::Array{double(v[0]), double(v[1]), double(v[2])});
}

std::array<float, 3> read_float3(const Json& j, const char* key) {
  const Json* v = j.find(key);
  if (!v || !v->is_array() || v->size() != 3)
    throw InputError(std::string("prior config: \"") + key + "\" needs 3 numbers");
  const auto& a = v->as_array();
  return {float(a[0].as_number()), float(a[1].as_number()), float(a[2].as_number())};
}

torch::Tensor channel_view(const std::array<float, 3>& v, const torch::Tensor& like) {
  return torch::tensor({v[0], v[1], v[2]}, like.options().dtype(torch::kFloat)).view({1, 3, 1, 1});
}

}  // namespace

void PriorConfig::validate() const {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw InputError("invalid prior configuration: " + what);
  };
  need(in_channels == 3, "in_channels must be 3, got " + std::to_string(in_channels));
  need(!channels.empty() && channels.size() <= 8, "needs 1 to 8 stages");
  for (auto c : channels) need(c > 0 && c <= 4096, "stage width " + std::to_string(c));
  need(blocks_per_stage > 0 && blocks_per_stage <= 16,
       "blocks_per_stage " + std::to_string(blocks_per_stage));
  need(num_classes > 0, "num_classes " + std::to_string(num_classes));
  need(image_size > 0 && image_size <= 4096, "image_size " + std::to_string(image_size));
  for (auto s : std) need(s > 0, "std must be positive");
  need(bn_eps > 0 && bn_eps < 1, "bn_eps");
}

Json PriorConfig::to_json() const {
  Json j = Json::object();
  j["in_channels"] = in_channels;
  Json ch = Json::array();
  for (auto c : channels) ch.push_back(Json(c));
  j["channels"] = std::move(ch);
  j["blocks_per_stage"] = blocks_per_stage;
  j["num_classes"] = num_classes;
  j["image_size"] = image_size;
  j["mean"] = float3(mean);
  j["std"] = float3(std);
  j["bn_eps"] = bn_eps;
  j["bn_momentum"] = bn_momentum;
  return j;
}

PriorConfig PriorConfig::from_json(const Json& j) {
  if (!j.is_object()) throw InputError("prior config is not a JSON object");
  PriorConfig c;
  c.in_channels = j.get_int32("in_channels", c.in_channels);
  if (const Json* ch = j.find("channels")) {
    if (!ch->is_array()) throw InputError("prior config: \"channels\" must be an array");
    c.channels.clear();
    for (const auto& v : ch->as_array()) c.channels.push_back(v.as_int());
  }
  c.blocks_per_stage = j.get_int32("blocks_per_stage", c.blocks_per_stage);
  c.num_classes = j.get_int32("num_classes", c.num_classes);
  c.image_size = j.get_int32("image_size", c.image_size);
  if (j.contains("mean")) c.mean = read_float3(j, "mean");
  if (j.contains("std")) c.std = read_float3(j, "std");
  c.bn_eps = j.get_number("bn_eps", c.bn_eps);
  c.bn_momentum = j.get_number("bn_momentum", c.bn_momentum);
  c.validate();
  return c;
}

ConvBnImpl::ConvBnImpl(int64_t in, int64_t out, int64_t stride, const PriorConfig& c) {
  using namespace torch::nn;
  conv = register_module(
      "conv",
      Conv2d(Conv2dOptions(in, out, /*kernel_size=*/3).stride(stride).padding(1).bias(false)));
  bn = register_module("bn",
                       BatchNorm2d(BatchNormOptions(out).eps(c.bn_eps).momentum(c.bn_momentum)));
}

PriorNetImpl::PriorNetImpl(PriorConfig config) : config_(std::move(config)) {
  config_.validate();
  blocks = register_module("blocks", torch::nn::ModuleList());
  int64_t in = config_.in_channels;
  for (size_t s = 0; s < config_.channels.size(); ++s) {
    for (int b = 0; b < config_.blocks_per_stage; ++b) {
      const int64_t stride = (s > 0 && b == 0) ? 2 : 1;
      blocks->push_back(ConvBn(in, config_.channels[s], stride, config_));
      in = config_.channels[s];
    }
  }
  fc = register_module("fc", torch::nn::Linear(in, config_.num_classes));
}

torch::Tensor PriorNetImpl::classify(const torch::Tensor& x) {
  auto h = x;
  for (size_t i = 0; i < blocks->size(); ++i) {
    auto blk = blocks->ptr<ConvBnImpl>(i);
    // Float32 into BatchNorm: its statistics must not be accumulated in a 16-bit type.
    h = torch::relu(blk->bn->forward(blk->conv->forward(h).to(torch::kFloat)));
  }
  return torch::linear(h.mean({/*H=*/2, /*W=*/3}), fc->weight, fc->bias).to(torch::kFloat);
}

PriorForward PriorNetImpl::forward_with_stats(const torch::Tensor& x) const {
  PriorForward out;
  auto h = x;
  for (size_t i = 0; i < blocks->size(); ++i) {
    auto blk = blocks->ptr<ConvBnImpl>(i);
    h = blk->conv->forward(h).to(torch::kFloat);  // the prior's statistics stay float32
    out.stats.push_back({h.mean({0, 2, 3}), h.var({0, 2, 3}, /*unbiased=*/false)});
    const auto& bn = *blk->bn;
    h = torch::relu(torch::batch_norm(h, bn.weight, bn.bias, bn.running_mean, bn.running_var,
                                      /*training=*/false,
                                      /*momentum=*/0.0, config_.bn_eps, /*cudnn_enabled=*/true));
  }
  out.logits = torch::linear(h.mean({/*H=*/2, /*W=*/3}), fc->weight, fc->bias).to(torch::kFloat);
  return out;
}

namespace {

// Per-channel mean and biased variance of each group of samples, x: (G, n, C, S) → (G, C) each.
// LibTorch 1.13's var_mean reduces element by element on the CPU (Welford, not vectorized; 5 ms
// for a 30×32×32×32 batch) and its backward recomputes the mean; here two vectorized passes
// forward and one fused multiply-add backward, about 6× less time. Two-pass (centered), so as
// stable as var_mean in float32.
struct GroupChannelStats : torch::autograd::Function<GroupChannelStats> {
  static torch::autograd::variable_list forward(torch::autograd::AutogradContext* ctx,
                                                const torch::Tensor& x) {
    auto mean = x.mean({1, 3});
    auto centered = x - mean.unsqueeze(1).unsqueeze(3);
    auto var = (centered * centered).mean({1, 3});
    ctx->save_for_backward({centered});
    return {mean, var};
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto centered = ctx->get_saved_variables()[0];
    const double M = double(centered.size(1) * centered.size(3));
    auto per_channel = [&](const torch::Tensor& g, double factor) {
      return g.defined()
                 ? (g * factor).unsqueeze(1).unsqueeze(3)
                 : torch::zeros({centered.size(0), 1, centered.size(2), 1}, centered.options());
    };
    // d mean / dx = 1/M, d var / dx = 2 (x - mean) / M.
    return {
        torch::addcmul(per_channel(grads[0], 1.0 / M), centered, per_channel(grads[1], 2.0 / M))};
  }
};

}  // namespace

torch::Tensor bn_statistics_loss(const PriorNetImpl& prior, const torch::Tensor& x) {
  return bn_statistics_losses(prior, x, 1)[0];
}

torch::Tensor bn_statistics_losses(const PriorNetImpl& prior, const torch::Tensor& x,
                                   int64_t groups) {
  if (groups < 1 || x.size(0) % groups != 0)
    throw InputError(std::to_string(x.size(0)) + " images do not split into " +
                     std::to_string(groups) + " equal groups");
  torch::Tensor loss = torch::zeros({groups}, x.options().dtype(torch::kFloat));
  auto h = x;
  for (size_t i = 0; i < prior.blocks->size(); ++i) {
    auto blk = prior.blocks->ptr<ConvBnImpl>(i);
    h = blk->conv->forward(h).to(torch::kFloat);
    const auto stats =
        GroupChannelStats::apply(h.view({groups, -1, h.size(1), h.size(2) * h.size(3)}));
    const auto &mean = stats[0], &var = stats[1];  // (groups, C)
    const auto& bn = *blk->bn;
    loss = loss + (mean - bn.running_mean).norm(2, 1) + (var - bn.running_var).norm(2, 1);
    h = torch::relu(torch::batch_norm(h, bn.weight, bn.bias, bn.running_mean, bn.running_var,
                                      /*training=*/false, /*momentum=*/0.0, prior.config().bn_eps,
                                      /*cudnn_enabled=*/true));
  }
  return loss;
}

torch::Tensor to_prior_input(const torch::Tensor& x, const Preprocess& from,
                             const PriorConfig& prior) {
  auto y = x;
  if (from.mean != prior.mean || from.std != prior.std) {
    auto unit = x * channel_view(from.std, x) + channel_view(from.mean, x);
    y = (unit - channel_view(prior.mean, x)) / channel_view(prior.std, x);
  }
  if (y.size(2) != prior.image_size || y.size(3) != prior.image_size)
    y = F::interpolate(y, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{prior.image_size, prior.image_size})
                              .mode(torch::kBilinear)
                              .align_corners(false));
  return y;
}

void save_prior(const PriorNetImpl& prior, const std::string& path) {
  std::vector<NamedTensor> tensors;
  for (const auto& item : prior.named_parameters())
    tensors.push_back({item.key(), item.value().detach()});
  for (const auto& item : prior.named_buffers())
    tensors.push_back({item.key(), item.value().detach()});
  Json meta = Json::object();
  meta["format"] = kPriorFormatTag;
  meta["version"] = kPriorFormatVersion;
  meta["config"] = prior.config().to_json();
  save_safetensors(path, tensors, {{kMetaKey, meta.dump()}});
}

namespace {

PriorConfig read_prior_config(const SafetensorsFile& file) {
  Json meta = read_lrc_metadata(file);
  if (!meta.is_object() || meta.get_string("format", "") != kPriorFormatTag)
    throw InputError(file_message(
        file.path(), "not a prior network (metadata \"lrc\" lacks format \"lrc-prior\")"));
  if (meta.get_int("version", 0) != kPriorFormatVersion)
    throw InputError(file_message(file.path(), "unsupported prior format version " +
                                                   std::to_string(meta.get_int("version", 0))));
  const Json* config = meta.find("config");
  try {
    return PriorConfig::from_json(config ? *config : Json());
  } catch (const Error& e) {
    throw InputError(file_message(file.path(), e.what()));
  }
}

void copy_tensor(const SafetensorsFile& file, const std::string& key, torch::Tensor& slot) {
  if (!file.contains(key))
    throw InputError(file_message(file.path(), "missing tensor \"" + key + "\""));
  auto t = file.load(key);
  if (t.sizes() != slot.sizes())
    throw InputError(
        file_message(file.path(), "tensor \"" + key + "\" has shape " + c10::str(t.sizes()) +
                                      " but the configuration needs " + c10::str(slot.sizes())));
  slot.copy_(t.to(slot.scalar_type()));
}

}  // namespace

PriorNet load_prior(const std::string& path, torch::Device device) {
  SafetensorsFile file(path);
  PriorNet prior(read_prior_config(file));
  torch::NoGradGuard no_grad;
  for (auto& item : prior->named_parameters()) copy_tensor(file, item.key(), item.value());
  for (auto& item : prior->named_buffers()) copy_tensor(file, item.key(), item.value());
  prior->eval();
  prior->to(device);
  return prior;
}

}  // namespace lrc
