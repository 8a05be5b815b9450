#include "model/lora.h"

#include <algorithm>
#include <map>
#include <cmath>
#include <set>
#include <sstream>

#include <torch/torch.h>

#include "io/error.h"
#include "io/text.h"

namespace lrc {

namespace {
constexpr LoraTarget kAllTargets[] = {LoraTarget::Q,   LoraTarget::K,   LoraTarget::V,
                                      LoraTarget::Out, LoraTarget::Fc1, LoraTarget::Fc2,
                                      LoraTarget::Qkv};

std::string shape_text(const torch::Tensor& t) {
  std::ostringstream s;
  s << "[";
  for (int64_t i = 0; i < t.dim(); ++i) s << (i ? ", " : "") << t.size(i);
  s << "]";
  return s.str();
}
}  // namespace

const char* target_name(LoraTarget t) {
  switch (t) {
    case LoraTarget::Q:
      return "q";
    case LoraTarget::K:
      return "k";
    case LoraTarget::V:
      return "v";
    case LoraTarget::Out:
      return "out";
    case LoraTarget::Fc1:
      return "fc1";
    case LoraTarget::Fc2:
      return "fc2";
    case LoraTarget::Qkv:
      return "qkv";
  }
  return "?";
}

LoraTarget target_from_name(const std::string& name) {
  for (auto t : kAllTargets)
    if (name == target_name(t)) return t;
  throw InputError("unknown LoRA target \"" + name + "\" (known: q, k, v, out, fc1, fc2, qkv)");
}

std::vector<LoraTarget> parse_targets(const std::string& csv) {
  std::vector<LoraTarget> out;
  for (const std::string& item : split_list(csv)) {
    if (item.empty()) continue;  // "q,,v" and a trailing comma are harmless
    auto t = target_from_name(item);
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  if (out.empty()) throw InputError("no LoRA targets given");
  return out;
}

std::string targets_text(const std::vector<LoraTarget>& ts) {
  std::string s;
  for (auto t : ts) s += (s.empty() ? "" : ",") + std::string(target_name(t));
  return s;
}

LinearShape target_shape(const ViTConfig& c, LoraTarget t) {
  switch (t) {
    case LoraTarget::Q:
    case LoraTarget::K:
    case LoraTarget::V:
    case LoraTarget::Out:
      return {c.width, c.width};
    case LoraTarget::Qkv:
      return {c.width, 3 * int64_t(c.width)};
    case LoraTarget::Fc1:
      return {c.width, c.mlp_dim};
    case LoraTarget::Fc2:
      return {c.mlp_dim, c.width};
  }
  return {};
}

double lora_scale(double alpha, int64_t rank, bool rslora) {
  if (rank <= 0) throw InputError("LoRA rank must be positive, got " + std::to_string(rank));
  return rslora ? alpha / std::sqrt(double(rank)) : alpha / double(rank);
}

const LoraEntry* LoraAdapter::find(int layer, LoraTarget t) const {
  for (const auto& e : entries)
    if (e.layer == layer && e.target == t) return &e;
  return nullptr;
}

int64_t LoraAdapter::max_rank() const {
  int64_t r = 0;
  for (const auto& e : entries) r = std::max(r, e.rank());
  return r;
}

std::vector<LoraTarget> LoraAdapter::targets() const {
  std::set<LoraTarget> s;
  for (const auto& e : entries) s.insert(e.target);
  return {s.begin(), s.end()};
}

std::vector<int> LoraAdapter::layers() const {
  std::set<int> s;
  for (const auto& e : entries) s.insert(e.layer);
  return {s.begin(), s.end()};
}

int64_t LoraAdapter::num_parameters() const {
  int64_t n = 0;
  for (const auto& e : entries) n += e.A.numel() + e.B.numel();
  return n;
}

std::vector<torch::Tensor> LoraAdapter::parameters() const {
  std::vector<torch::Tensor> p;
  for (const auto& e : entries) {
    p.push_back(e.A);
    p.push_back(e.B);
  }
  return p;
}

LoraAdapter LoraAdapter::to(torch::Device device, c10::ScalarType dtype) const {
  LoraAdapter out = *this;
  for (auto& e : out.entries) {
    e.A = e.A.detach().to(device, dtype).clone();
    e.B = e.B.detach().to(device, dtype).clone();
  }
  if (head.defined()) {
    out.head.weight = head.weight.detach().to(device, dtype).clone();
    if (head.bias.defined()) out.head.bias = head.bias.detach().to(device, dtype).clone();
  }
  return out;
}

void LoraAdapter::set_requires_grad(bool on) {
  for (auto& e : entries) {
    e.A.requires_grad_(on);
    e.B.requires_grad_(on);
  }
}

LoraAdapter create_lora(const ViTConfig& config, const LoraSpec& spec, uint64_t seed,
                        torch::Device device) {
  if (spec.rank <= 0 || spec.rank > 4096)
    throw InputError("LoRA rank must be in 1..4096, got " + std::to_string(spec.rank));
  if (spec.targets.empty()) throw InputError("a LoRA needs at least one target");
  std::vector<int> layers = spec.layers;
  if (layers.empty())
    for (int i = 0; i < config.depth; ++i) layers.push_back(i);
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  LoraAdapter a;
  a.info.format = "native";
  for (int layer : layers) {
    if (layer < 0 || layer >= config.depth)
      throw InputError("LoRA layer " + std::to_string(layer) + " is outside the model's " +
                       std::to_string(config.depth) + " blocks");
    for (auto t : spec.targets) {
      LinearShape s = target_shape(config, t);
      LoraEntry e;
      e.layer = layer;
      e.target = t;
      // Kaiming-uniform with a = √5 reduces to U(-1/√in, 1/√in).
      double bound = 1.0 / std::sqrt(double(s.in));
      e.A = (torch::rand({spec.rank, s.in}, gen, torch::kFloat) * (2 * bound) - bound).to(device);
      e.B = torch::zeros({s.out, spec.rank}, torch::TensorOptions().device(device));
      e.alpha = spec.alpha;
      e.scale_rank = spec.rank;
      e.rslora = spec.rslora;
      e.source = "lora." + std::to_string(layer) + "." + target_name(t);
      a.entries.push_back(std::move(e));
    }
  }
  return a;
}

void check_adapter_fits(const LoraAdapter& adapter, const ViTConfig& config,
                        const std::string& origin) {
  auto fail = [&](const std::string& what) {
    throw InputError(origin + ": " + what + "; wrong base model?");
  };
  for (const auto& e : adapter.entries) {
    if (e.layer < 0 || e.layer >= config.depth)
      fail("tensor \"" + e.source + "\" targets block " + std::to_string(e.layer) +
           " but the model has " + std::to_string(config.depth) + " blocks");
    if (e.A.dim() != 2 || e.B.dim() != 2)
      fail("tensor \"" + e.source + "\" is not a matrix (A " + shape_text(e.A) + ", B " +
           shape_text(e.B) + ")");
    if (e.A.size(0) != e.B.size(1))
      fail("tensor \"" + e.source + "\": A has rank " + std::to_string(e.A.size(0)) + " (shape " +
           shape_text(e.A) + ") but B has rank " + std::to_string(e.B.size(1)) + " (shape " +
           shape_text(e.B) + ")");
    LinearShape s = target_shape(config, e.target);
    if (e.A.size(1) != s.in || e.B.size(0) != s.out)
      fail("tensor \"" + e.source + "\" (A " + shape_text(e.A) + ", B " + shape_text(e.B) +
           ") does not fit " + target_name(e.target) + " of block " + std::to_string(e.layer) +
           ", which maps " + std::to_string(s.in) + " → " + std::to_string(s.out));
  }
  if (adapter.head.defined()) {
    const auto& w = adapter.head.weight;
    if (w.dim() != 2 || w.size(1) != config.feature_dim())
      fail("classifier head \"" + adapter.head.source + "\" has shape " + shape_text(w) +
           " but the model's features have " + std::to_string(config.feature_dim()) +
           " dimensions");
    if (adapter.head.bias.defined() &&
        (adapter.head.bias.dim() != 1 || adapter.head.bias.size(0) != w.size(0)))
      fail("classifier head bias has shape " + shape_text(adapter.head.bias) + " for " +
           std::to_string(w.size(0)) + " classes");
  }
}

LoraAdapter combine_adapters(const std::vector<const LoraAdapter*>& members,
                             const std::vector<double>& weights) {
  if (members.empty() || members.size() != weights.size())
    throw InputError("combine_adapters needs one weight per adapter");
  std::map<std::pair<int, LoraTarget>,
           std::pair<std::vector<torch::Tensor>, std::vector<torch::Tensor>>>
      groups;
  for (size_t i = 0; i < members.size(); ++i)
    for (const auto& e : members[i]->entries) {
      auto& g = groups[{e.layer, e.target}];
      g.first.push_back(e.A);
      g.second.push_back(e.B * (e.scale() * weights[i]));
    }
  LoraAdapter out;
  out.info.format = "native";
  for (auto& [key, g] : groups) {
    LoraEntry e;
    e.layer = key.first;
    e.target = key.second;
    e.A = g.first.size() == 1 ? g.first.front() : torch::cat(g.first, 0);
    e.B = g.second.size() == 1 ? g.second.front() : torch::cat(g.second, 1);
    e.alpha = double(e.A.size(0));  // scale 1: member scales are folded into B
    e.scale_rank = e.A.size(0);
    e.source = "combined";
    out.entries.push_back(std::move(e));
  }
  return out;
}

std::vector<double> delta_norm_per_layer(const LoraAdapter& adapter, int depth) {
  torch::NoGradGuard no_grad;
  std::vector<double> sq(size_t(std::max(depth, 0)), 0.0);
  for (const auto& e : adapter.entries) {
    if (e.layer < 0 || e.layer >= depth) continue;
    double n =
        (e.B.to(torch::kFloat).matmul(e.A.to(torch::kFloat)) * e.scale()).norm().item<double>();
    sq[size_t(e.layer)] += n * n;
  }
  for (auto& v : sq) v = std::sqrt(v);
  return sq;
}

}  // namespace lrc
