#include "model/vit.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <torch/torch.h>
#include <torch/version.h>

#include "io/error.h"
#include "model/low_precision_cache.h"
#include "runtime/runtime.h"

namespace lrc {

namespace F = torch::nn::functional;

// One linear layer's LoRA for one forward pass, stacked over groups of samples: group g (the g-th
// run of B/G consecutive samples) gets B_g A_g. A single adapter is one group, so one code path
// serves a plain forward and batched inversion of several adapters at once.
struct GroupDelta {
  torch::Tensor A;  // (G, r, in)
  torch::Tensor B;  // (G, out, r), already times multiplier · scale
  bool defined() const { return A.defined(); }
  int64_t groups() const { return A.size(0); }
};

// The block's four projections, for the weights frozen adapters are folded into.
enum Projection { kQkvProj, kOutProj, kFc1Proj, kFc2Proj, kNumProjections };

// The deltas that apply to one block. When neither the adapters nor the base weights take
// gradients (inversion, validation, classification), the deltas are folded into per-group copies
// of the projection weights once per forward pass instead: one GEMM per projection and none of
// the rank-r GEMMs, their backward passes and the concatenations that build them.
struct ViTImpl::LayerLora {
  GroupDelta delta[kNumLoraTargets];
  torch::Tensor merged[kNumProjections];  // (G, out, in) or undefined: the plain weight
  const GroupDelta& get(LoraTarget t) const { return delta[int(t)]; }
};

namespace {

torch::Tensor activation(const torch::Tensor& x, Activation a) {
  switch (a) {
    case Activation::QuickGelu:
      return x * torch::sigmoid(1.702 * x);
    case Activation::GeluTanh:
      return torch::gelu(x, "tanh");
    case Activation::Gelu:
      break;
  }
  return torch::gelu(x);
}

// torch::linear (ATen's), not torch::nn::functional::linear: the C++ frontend's version runs a
// 3-D input as matmul + an in-place bias add, which under autocast adds a cast of the bias and a
// separate pass over the output every call (a third of a bf16 meta-training step on the tiny
// ViT); ATen folds the batch into one addmm.
//
// y + B(A h) per group of samples: one bmm for A, the B GEMM and the sum in one baddbmm.
torch::Tensor with_lora(const torch::Tensor& y, const torch::Tensor& h, const GroupDelta& d) {
  if (!d.defined()) return y;
  const int64_t G = d.groups();
  if (G == 1) {  // 2-D GEMMs: a few per cent faster than batch-1 bmm on the CPU
    const auto a = torch::linear(h, d.A[0]);
    return torch::addmm(y.reshape({-1, y.size(-1)}), a.reshape({-1, a.size(-1)}), d.B[0].t())
        .view(y.sizes());
  }
  const auto a = torch::bmm(h.reshape({G, -1, h.size(-1)}), d.A.transpose(1, 2));
  return torch::baddbmm(y.reshape({G, -1, y.size(-1)}), a, d.B.transpose(1, 2)).view(y.sizes());
}

// The projection of h by the block's base weight, or by the per-group merged weights.
torch::Tensor project(const torch::Tensor& h, const torch::nn::LinearImpl& layer,
                      const torch::Tensor& merged, LowPrecisionCache& low) {
  const auto bias = low(layer.bias);
  if (!merged.defined()) return torch::linear(h, low(layer.weight), bias);
  const int64_t G = merged.size(0);
  if (G == 1) return torch::linear(h, merged[0], bias);
  const auto rows = h.reshape({G, -1, h.size(-1)});
  auto y = bias.defined() ? torch::baddbmm(bias.view({1, 1, -1}), rows, merged.transpose(1, 2))
                          : torch::bmm(rows, merged.transpose(1, 2));
  auto sizes = h.sizes().vec();
  sizes.back() = merged.size(1);
  return y.view(sizes);
}

// The fused q/k/v projection with the q, k and v LoRA deltas in two more GEMMs in all instead
// of two per target: the targets' A stacked (Σr × D), their B block-diagonal (3D × Σr). Rank-4
// GEMMs are far below the machine's efficient sizes, so fewer of them is most of the gain
// (measured on the tiny ViT: docs/performance.md).
torch::Tensor qkv_with_deltas(const torch::Tensor& h, const BlockImpl& blk,
                              const torch::Tensor& merged, LowPrecisionCache& low,
                              const GroupDelta* const (&d)[3]) {
  auto base = project(h, *blk.qkv, merged, low);
  std::vector<torch::Tensor> a_rows, b_cols;
  for (int t = 0; t < 3; ++t) {
    if (!d[t]->defined()) continue;
    a_rows.push_back(d[t]->A);
    std::vector<torch::Tensor> column;  // (G, 3D, r): B_t in its third, zeros elsewhere
    for (int row = 0; row < 3; ++row)
      column.push_back(row == t ? d[t]->B : torch::zeros_like(d[t]->B));
    b_cols.push_back(torch::cat(column, 1));
  }
  if (a_rows.empty()) return base;
  return with_lora(base, h, GroupDelta{torch::cat(a_rows, 1), torch::cat(b_cols, 2)});
}

// Softmax attention weights. The 1/sqrt(d) scale goes on q, not on the scores: q is a strided
// view of the qkv output that the batched matmul would copy anyway, the scores are N/d times
// larger, so the scaling pass over them (forward and backward) disappears.
torch::Tensor attention_weights(const torch::Tensor& q, const torch::Tensor& k) {
  return torch::softmax(torch::matmul(q * (1.0 / std::sqrt(double(q.size(-1)))), k.transpose(-2, -1)),
                        -1);
}

torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
#if TORCH_VERSION_MAJOR >= 2
  // Fused kernels (flash / memory-efficient) where the LibTorch has them.
  return at::scaled_dot_product_attention(q, k, v);
#else
  return attention_weights(q, k).matmul(v);
#endif
}

// h in the type autocast will compute its GEMMs in: one cast shared by every GEMM that reads h
// (the q/k/v projection and its live LoRA deltas) instead of one cast per GEMM.
torch::Tensor in_autocast_type(const torch::Tensor& h) {
  const auto type = active_autocast_dtype(h.device().type());
  return type == torch::kFloat || h.scalar_type() != torch::kFloat ? h : h.to(type);
}

// Whether a forward pass may fold a block's deltas into its weights: nothing there takes a
// gradient (the adapters are frozen and so is the base, or autograd is off).
bool takes_no_gradient(const ViTImpl::LayerLora& l, const BlockImpl& blk) {
  if (!torch::GradMode::is_enabled()) return true;
  for (const auto& d : l.delta)
    if (d.defined() && (d.A.requires_grad() || d.B.requires_grad())) return false;
  for (const auto& p : blk.parameters())
    if (p.requires_grad()) return false;
  return true;
}

// W_g + B_g A_g for every group, in float32 whatever the autocast type (the GEMM that uses the
// merged weight rounds it once, as it rounds a plain weight), and the deltas dropped.
void fold_deltas(ViTImpl::LayerLora& l, const BlockImpl& blk, int64_t D, torch::Device device) {
  torch::NoGradGuard no_grad;
  AutocastGuard fp32(device, torch::kFloat, /*enabled=*/false);
  struct Slot {
    LoraTarget target;
    Projection projection;
    int64_t row0, rows;  // rows < 0: the whole weight
  };
  const Slot slots[] = {{LoraTarget::Q, kQkvProj, 0, D},     {LoraTarget::K, kQkvProj, D, D},
                        {LoraTarget::V, kQkvProj, 2 * D, D}, {LoraTarget::Qkv, kQkvProj, 0, -1},
                        {LoraTarget::Out, kOutProj, 0, -1},  {LoraTarget::Fc1, kFc1Proj, 0, -1},
                        {LoraTarget::Fc2, kFc2Proj, 0, -1}};
  const torch::nn::LinearImpl* layers[kNumProjections] = {blk.qkv.get(), blk.out.get(),
                                                          blk.fc1.get(), blk.fc2.get()};
  for (const auto& s : slots) {
    auto& d = l.delta[int(s.target)];
    if (!d.defined()) continue;
    auto& w = l.merged[s.projection];
    if (!w.defined()) w = layers[s.projection]->weight.unsqueeze(0).repeat({d.groups(), 1, 1});
    const auto delta = torch::bmm(d.B, d.A).to(w.dtype());
    (s.rows < 0 ? w : w.narrow(1, s.row0, s.rows)).add_(delta);
    d = GroupDelta{};
  }
}

std::string shape_text(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

}  // namespace

constexpr double kInputNormEps = 1e-2;

int64_t tokens_kept(int64_t n, double ratio) {
  // The epsilon keeps e.g. 0.3 · 10 from flooring to 2 through rounding error.
  int64_t drop = int64_t(std::floor(ratio * double(n) + 1e-9));
  return std::max<int64_t>(1, n - drop);
}

BlockImpl::BlockImpl(const ViTConfig& c) {
  using namespace torch::nn;
  norm1 = register_module("norm1", LayerNorm(LayerNormOptions({c.width}).eps(c.ln_eps)));
  // Names as in the project's checkpoints: blocks.{i}.attn.qkv / attn.out / mlp.fc1 / mlp.fc2.
  auto attn = register_module("attn", std::make_shared<Module>("attn"));
  qkv = attn->register_module("qkv", Linear(LinearOptions(c.width, 3 * c.width)));
  out = attn->register_module("out", Linear(LinearOptions(c.width, c.width)));
  norm2 = register_module("norm2", LayerNorm(LayerNormOptions({c.width}).eps(c.ln_eps)));
  auto mlp = register_module("mlp", std::make_shared<Module>("mlp"));
  fc1 = mlp->register_module("fc1", Linear(LinearOptions(c.width, c.mlp_dim)));
  fc2 = mlp->register_module("fc2", Linear(LinearOptions(c.mlp_dim, c.width)));
}

ViTImpl::ViTImpl(ViTConfig config)
    : config_(std::move(config)), low_(std::make_shared<LowPrecisionCache>()) {
  using namespace torch::nn;
  config_.validate();
  const auto& c = config_;
  patch_embed =
      register_module("patch_embed", Conv2d(Conv2dOptions(c.channels, c.width, c.patch_size)
                                                .stride(c.patch_size)
                                                .bias(c.patch_bias)));
  cls_token = register_parameter("cls_token", torch::randn({c.width}) * 0.02);
  pos_embed = register_parameter("pos_embed", torch::randn({c.num_patches() + 1, c.width}) * 0.02);
  if (c.pre_norm)
    pre_norm = register_module("pre_norm", LayerNorm(LayerNormOptions({c.width}).eps(c.ln_eps)));
  blocks = register_module("blocks", ModuleList());
  for (int i = 0; i < c.depth; ++i) blocks->push_back(Block(c));
  norm = register_module("norm", LayerNorm(LayerNormOptions({c.width}).eps(c.ln_eps)));
  if (c.proj_dim > 0)
    proj = register_module("proj", Linear(LinearOptions(c.width, c.proj_dim).bias(false)));
}

torch::Device ViTImpl::device() const {
  return cls_token.device();
}

void ViTImpl::freeze_base() {
  for (auto& p : parameters()) p.requires_grad_(false);
}

torch::Tensor ViTImpl::embed(const torch::Tensor& input, const torch::Tensor& keep) {
  const auto& c = config_;
  // The small epsilon keeps flat (single-colour) images finite.
  const torch::Tensor pixels =
      c.input_norm ? (input - input.mean({2, 3}, true)) /
                         (input.std({2, 3}, /*unbiased=*/false, true) + kInputNormEps)
                   : input;
  const int64_t B = pixels.size(0), D = c.width;
  // Patches as rows (unfold → one GEMM), dense or only the kept ones: a stride-p convolution
  // without padding is exactly this. LibTorch 1.13's CPU convolution is slower at both sizes
  // measured (fwd+bwd, 2 threads: tiny 80 images 2.5 → 1.5 ms; ViT-B/16 15 images fp32 32 → 30
  // ms), and its bf16 input-gradient path, which inversion takes, is pathological: 3.7 s vs
  // 12.5 ms for the GEMM at ViT-B/16.
  const int64_t p = c.patch_size, patch_len = int64_t(c.channels) * p * p;
  auto patches = pixels.unfold(2, p, p)
                     .unfold(3, p, p)
                     .permute({0, 2, 3, 1, 4, 5})
                     .reshape({B, -1, patch_len});
  auto positions = pos_embed.slice(0, 1);
  if (keep.defined()) {
    // Sparse tokens: embed only the kept patches, adding their position embeddings before the
    // others are dropped.
    const int64_t K = keep.size(1);
    patches = patches.gather(1, keep.unsqueeze(-1).expand({B, K, patch_len}));
    positions = positions.index_select(0, keep.reshape({-1})).view({B, K, D});
  }
  auto bias = c.patch_bias ? (*low_)(patch_embed->bias) : torch::Tensor();
  torch::Tensor x =
      torch::linear(patches, (*low_)(patch_embed->weight).reshape({D, patch_len}), bias) +
      positions;
  auto cls = (cls_token + pos_embed[0]).view({1, 1, D}).expand({B, 1, D});
  x = torch::cat({cls, x}, 1);
  if (c.pre_norm) x = pre_norm->forward(x);
  return x;
}

torch::Tensor ViTImpl::block_forward(int index, torch::Tensor x, const LayerLora& lora,
                                     const PruneStep* prune, bool cls_only, torch::Tensor& kept,
                                     torch::Tensor& order) {
  const auto& c = config_;
  auto blk = blocks->ptr<BlockImpl>(size_t(index));
  const int64_t B = x.size(0), N = x.size(1), H = c.heads, hd = c.head_dim(), D = c.width;

  auto h = in_autocast_type(blk->norm1->forward(x));
  const GroupDelta* const qkv_deltas[3] = {&lora.get(LoraTarget::Q), &lora.get(LoraTarget::K),
                                           &lora.get(LoraTarget::V)};
  auto qkv = with_lora(qkv_with_deltas(h, *blk, lora.merged[kQkvProj], *low_, qkv_deltas), h,
                       lora.get(LoraTarget::Qkv));
  auto parts = qkv.chunk(3, -1);
  auto q = parts[0].view({B, N, H, hd}).transpose(1, 2);
  auto k = parts[1].view({B, N, H, hd}).transpose(1, 2);
  auto v = parts[2].view({B, N, H, hd}).transpose(1, 2);
  // Only the CLS token leaves the last block (features are its normalized output): the other
  // tokens' attention rows, out-projection and MLP there would be computed and thrown away.
  const int64_t rows = cls_only ? 1 : N;
  if (cls_only) q = q.narrow(2, 0, 1), x = x.narrow(1, 0, 1);

  torch::Tensor ctx, cls_attention;
  if (prune) {
    // Pruning needs the attention weights themselves, so no fused kernel here.
    auto attn = attention_weights(q, k);
    ctx = attn.matmul(v);
    cls_attention =
        attn.select(2, 0)
            .slice(-1, 1)
            .to(torch::kFloat)
            .mean(1);  // (B, N-1): CLS → patches, head average (float32: it ranks the tokens)
  } else {
    ctx = attention(q, k, v);
  }
  ctx = ctx.transpose(1, 2).reshape({B, rows, D});
  x = x + with_lora(project(ctx, *blk->out, lora.merged[kOutProj], *low_), ctx, lora.get(LoraTarget::Out));

  if (prune) {
    const int64_t keep_n = tokens_kept(N - 1, prune->ratio);
    // A full ranking rather than topk, so callers also learn the order of what was dropped;
    // stable, so equal scores keep their token order.
    auto ranked =
        std::get<1>(cls_attention.detach().sort(/*stable=*/true, /*dim=*/-1, /*descending=*/true));
    auto idx = std::get<0>(ranked.slice(-1, 0, keep_n).sort(-1));
    auto patches = x.slice(1, 1).gather(1, idx.unsqueeze(-1).expand({B, keep_n, D}));
    x = torch::cat({x.slice(1, 0, 1), patches}, 1);
    order = kept.gather(1, ranked);
    kept = kept.gather(1, idx);
  }

  auto h2 = blk->norm2->forward(x);
  auto mid = activation(
      with_lora(project(h2, *blk->fc1, lora.merged[kFc1Proj], *low_), h2, lora.get(LoraTarget::Fc1)),
      c.activation);
  return x + with_lora(project(mid, *blk->fc2, lora.merged[kFc2Proj], *low_), mid,
                       lora.get(LoraTarget::Fc2));
}

const LoraAdapter* ViTImpl::resolve_adapter(const ForwardOptions& o, double& multiplier) const {
  if (o.no_lora) return nullptr;
  if (o.adapter) {
    multiplier = o.lora_multiplier;
    return o.adapter;
  }
  if (!lora_enabled_ || merged() || active_.empty()) return nullptr;
  multiplier = multiplier_;
  return &adapters_.at(active_);
}

std::vector<ViTImpl::LayerLora> ViTImpl::lora_table(const std::vector<const LoraAdapter*>& adapters,
                                                    double multiplier) const {
  const int depth = config_.depth;
  std::vector<LayerLora> table(static_cast<size_t>(depth));
  if (adapters.empty()) return table;
  const size_t G = adapters.size();
  // slot[layer][target][g]: adapter g's entry there, if any.
  std::vector<std::vector<std::vector<const LoraEntry*>>> slot(
      size_t(depth), std::vector<std::vector<const LoraEntry*>>(kNumLoraTargets,
                                                                std::vector<const LoraEntry*>(G)));
  for (size_t g = 0; g < G; ++g)
    for (const auto& e : adapters[g]->entries)
      if (e.layer >= 0 && e.layer < depth) slot[size_t(e.layer)][int(e.target)][g] = &e;
  for (int l = 0; l < depth; ++l)
    for (int t = 0; t < kNumLoraTargets; ++t) {
      const auto& entries = slot[size_t(l)][t];
      if (!entries[0] && std::all_of(entries.begin(), entries.end(), [](auto e) { return !e; }))
        continue;
      std::vector<torch::Tensor> A, Bs;
      for (size_t g = 0; g < G; ++g) {
        const LoraEntry* e = entries[g];
        if (!e || !entries[0] || e->A.sizes() != entries[0]->A.sizes())
          throw InputError("adapters \"" + adapters[0]->info.name + "\" and \"" +
                           adapters[g]->info.name + "\" have different LoRA layouts (block " +
                           std::to_string(l) +
                           "); only adapters with the same targets and ranks run batched");
        A.push_back(e->A);
        Bs.push_back(e->B * (multiplier * e->scale()));
      }
      table[size_t(l)].delta[t] = G == 1 ? GroupDelta{A[0].unsqueeze(0), Bs[0].unsqueeze(0)}
                                         : GroupDelta{torch::stack(A), torch::stack(Bs)};
    }
  for (int l = 0; l < depth; ++l) {
    const auto& blk = *blocks->ptr<BlockImpl>(size_t(l));
    if (takes_no_gradient(table[size_t(l)], blk))
      fold_deltas(table[size_t(l)], blk, config_.width, device());
  }
  return table;
}

torch::Tensor ViTImpl::forward(const torch::Tensor& pixels) {
  return forward_ex(pixels, {}).features;
}

ForwardOutput ViTImpl::forward_ex(const torch::Tensor& pixels, const ForwardOptions& o) {
  const auto& c = config_;
  if (pixels.dim() != 4 || pixels.size(1) != c.channels || pixels.size(2) != c.image_size ||
      pixels.size(3) != c.image_size)
    throw InputError("pixel tensor has shape " + shape_text(pixels) +
                     " but the model expects [B, 3, " + std::to_string(c.image_size) + ", " +
                     std::to_string(c.image_size) + "]");
  const int64_t B = pixels.size(0), P = c.num_patches();
  if (o.keep.defined()) {
    if (o.keep.dim() != 2 || o.keep.size(0) != B || o.keep.scalar_type() != torch::kLong ||
        o.keep.size(1) < 1 || o.keep.size(1) > P)
      throw InputError("token keep indices must be int64 of shape [B, K] with 1 ≤ K ≤ " +
                       std::to_string(P) + ", got " + shape_text(o.keep));
    if (o.keep.min().item<int64_t>() < 0 || o.keep.max().item<int64_t>() >= P)
      throw InputError("token keep indices must lie in [0, " + std::to_string(P) + ")");
  }
  int last_layer = -1;
  for (const auto& s : o.prune) {
    if (s.layer <= last_layer || s.layer >= c.depth || s.ratio < 0.0 || s.ratio >= 1.0)
      throw InputError("prune steps need increasing layers in [0, " + std::to_string(c.depth) +
                       ") and ratios in [0, 1); got layer " + std::to_string(s.layer) + " ratio " +
                       std::to_string(s.ratio));
    last_layer = s.layer;
  }

  double multiplier = 1.0;
  std::vector<const LoraAdapter*> adapters = o.group_adapters;
  if (adapters.empty()) {
    if (const LoraAdapter* a = resolve_adapter(o, multiplier)) adapters.push_back(a);
  } else {
    multiplier = o.lora_multiplier;
    if (B % int64_t(adapters.size()) != 0)
      throw InputError(std::to_string(B) + " images do not split into " +
                       std::to_string(adapters.size()) + " equal groups, one per adapter");
  }
  const std::vector<LayerLora> table = lora_table(adapters, multiplier);

  ForwardOutput out;
  torch::Tensor kept =
      o.keep.defined()
          ? o.keep
          : torch::arange(P, torch::TensorOptions().dtype(torch::kLong).device(pixels.device()))
                .unsqueeze(0)
                .expand({B, P});
  auto x = embed(pixels, o.keep);
  size_t next_prune = 0;
  for (int i = 0; i < c.depth; ++i) {
    out.tokens_per_layer.push_back(x.size(1) - 1);
    const PruneStep* step = next_prune < o.prune.size() && o.prune[next_prune].layer == i
                                ? &o.prune[next_prune++]
                                : nullptr;
    torch::Tensor order;
    const bool cls_only = i + 1 == c.depth && !step;
    x = block_forward(i, x, table[size_t(i)], step, cls_only, kept, order);
    if (step) out.prune_order.push_back(order);
  }
  // A CLS-only last block returns one token, but drops none of the patches it was given.
  out.tokens_per_layer.push_back(x.size(1) == 1 && c.depth > 0 ? out.tokens_per_layer.back()
                                                                : x.size(1) - 1);
  auto f = norm->forward(x.select(1, 0));
  if (c.proj_dim > 0) f = torch::linear(f, (*low_)(proj->weight));
  // Float32 whatever the autocast type: prototypes, distances and losses decide results.
  out.features = f.to(torch::kFloat);
  out.kept = kept;
  return out;
}

void ViTImpl::add_adapter(const std::string& name, LoraAdapter adapter) {
  if (name.empty()) throw InputError("an adapter needs a name");
  if (merged() && name == active_)
    throw InputError("adapter \"" + name + "\" is merged; unmerge it before replacing it");
  check_adapter_fits(adapter, config_, name);
  adapters_[name] = adapter.to(device());
}

void ViTImpl::remove_adapter(const std::string& name) {
  if (name == active_) {
    if (merged()) unmerge();
    active_.clear();
  }
  adapters_.erase(name);
}

std::vector<std::string> ViTImpl::adapter_names() const {
  std::vector<std::string> names;
  for (const auto& kv : adapters_) names.push_back(kv.first);
  return names;
}

LoraAdapter* ViTImpl::adapter(const std::string& name) {
  auto it = adapters_.find(name);
  return it == adapters_.end() ? nullptr : &it->second;
}

void ViTImpl::set_active_adapter(const std::string& name) {
  if (!name.empty() && !adapters_.count(name))
    throw InputError("no adapter named \"" + name + "\" is loaded");
  if (merged()) throw InputError("unmerge adapter \"" + active_ + "\" before switching adapters");
  active_ = name;
}

const LoraAdapter* ViTImpl::active_adapter() const {
  return active_.empty() ? nullptr : &adapters_.at(active_);
}

void ViTImpl::merge() {
  if (merged()) throw InputError("adapter \"" + active_ + "\" is already merged");
  const LoraAdapter* a = active_adapter();
  if (!a) throw InputError("no active adapter to merge");
  torch::NoGradGuard no_grad;
  const int64_t D = config_.width;
  for (const auto& e : a->entries) {
    auto blk = blocks->ptr<BlockImpl>(size_t(e.layer));
    std::string prefix = "blocks." + std::to_string(e.layer) + ".";
    torch::Tensor w;
    int64_t row0 = 0, rows = -1;
    switch (e.target) {
      case LoraTarget::Q:
        w = blk->qkv->weight, row0 = 0, rows = D, prefix += "attn.qkv";
        break;
      case LoraTarget::K:
        w = blk->qkv->weight, row0 = D, rows = D, prefix += "attn.qkv";
        break;
      case LoraTarget::V:
        w = blk->qkv->weight, row0 = 2 * D, rows = D, prefix += "attn.qkv";
        break;
      case LoraTarget::Qkv:
        w = blk->qkv->weight, prefix += "attn.qkv";
        break;
      case LoraTarget::Out:
        w = blk->out->weight, prefix += "attn.out";
        break;
      case LoraTarget::Fc1:
        w = blk->fc1->weight, prefix += "mlp.fc1";
        break;
      case LoraTarget::Fc2:
        w = blk->fc2->weight, prefix += "mlp.fc2";
        break;
    }
    if (!merged_backup_.count(prefix)) merged_backup_[prefix] = w.clone();
    auto delta = e.B.matmul(e.A) * (multiplier_ * e.scale());
    (rows < 0 ? w : w.slice(0, row0, row0 + rows)).add_(delta.to(w.dtype()));
  }
}

void ViTImpl::unmerge() {
  if (!merged()) return;
  torch::NoGradGuard no_grad;
  auto params = named_parameters();
  for (auto& [prefix, original] : merged_backup_) params[prefix + ".weight"].copy_(original);
  merged_backup_.clear();
}

torch::Tensor ViTImpl::head_logits(const torch::Tensor& features,
                                   const std::vector<const LoraAdapter*>& heads) {
  const auto G = int64_t(heads.size());
  if (G == 1) return head_logits(features, *heads[0]);
  std::vector<torch::Tensor> w, b;
  for (const auto* a : heads) {
    if (!a->head.defined())
      throw InputError("adapter \"" + a->info.name + "\" has no classification head");
    if (a->head.weight.sizes() != heads[0]->head.weight.sizes())
      throw InputError("adapters \"" + heads[0]->info.name + "\" and \"" + a->info.name +
                       "\" have heads of different sizes; they cannot run batched");
    w.push_back(a->head.weight);
    b.push_back(a->head.bias.defined()
                    ? a->head.bias
                    : torch::zeros({a->head.weight.size(0)}, a->head.weight.options()));
  }
  const auto f = features.reshape({G, -1, features.size(-1)});
  return torch::baddbmm(torch::stack(b).unsqueeze(1), f, torch::stack(w).transpose(1, 2))
      .reshape({features.size(0), -1})
      .to(torch::kFloat);
}

torch::Tensor ViTImpl::head_logits(const torch::Tensor& features, const LoraAdapter& adapter) {
  if (!adapter.head.defined())
    throw InputError("adapter \"" + adapter.info.name + "\" has no classification head");
  return torch::linear(features, adapter.head.weight, adapter.head.bias).to(torch::kFloat);
}

std::string model_fingerprint(ViTImpl& model) {
  torch::NoGradGuard no_grad;
  // FNV-1a over the architecture and half-precision copies of a few weights, so fp16 and fp32
  // copies of one checkpoint agree.
  uint64_t h = 1469598103934665603ull;
  auto feed = [&](const void* p, size_t n) {
    auto b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  };
  const auto& c = model.config();
  std::string arch = std::to_string(c.image_size) + "/" + std::to_string(c.patch_size) + "/" +
                     std::to_string(c.width) + "/" + std::to_string(c.depth) + "/" +
                     std::to_string(c.heads) + "/" + std::to_string(c.mlp_dim) + "/" +
                     std::to_string(c.proj_dim);
  feed(arch.data(), arch.size());
  auto blk = model.blocks->ptr<BlockImpl>(0);
  for (const auto& t : {model.cls_token, model.pos_embed.flatten().slice(0, 0, 4096),
                        blk->qkv->weight.flatten().slice(0, 0, 4096)}) {
    auto half = t.detach().to(torch::kCPU, torch::kHalf).contiguous();
    feed(half.data_ptr(), size_t(half.numel()) * 2);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace lrc
