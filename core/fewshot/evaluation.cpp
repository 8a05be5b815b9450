#include "fewshot/evaluation.h"

#include <chrono>
#include <functional>
#include <algorithm>
#include <map>
#include <memory>

#include <torch/torch.h>

#include "io/error.h"
#include "jobs/adam.h"
#include "runtime/runtime.h"
#include "jobs/seed_streams.h"

namespace lrc {

Method method_from_name(const std::string& name) {
  if (name == "protonet") return Method::ProtoNet;
  if (name == "linear-probe") return Method::LinearProbe;
  if (name == "lora-finetune") return Method::LoraFinetune;
  if (name == "full-finetune") return Method::FullFinetune;
  throw InputError("unknown method \"" + name +
                   "\" (protonet, linear-probe, lora-finetune, full-finetune, zoo-average)");
}

const char* method_name(Method m) {
  switch (m) {
    case Method::ProtoNet:
      return "protonet";
    case Method::LinearProbe:
      return "linear-probe";
    case Method::LoraFinetune:
      return "lora-finetune";
    case Method::FullFinetune:
      return "full-finetune";
  }
  return "?";
}

namespace {

struct EpisodeData {
  torch::Tensor support, query, support_y, query_y;  // on the device
};

EpisodeData load_episode(const Dataset& data, const Episode& e, const ViTConfig& config,
                         torch::Device device) {
  EpisodeData d;
  d.support = data.images(e.support, config).to(device);
  d.query = data.images(e.query, config).to(device);
  d.support_y = torch::tensor(e.support_labels, torch::kLong).to(device);
  d.query_y = torch::tensor(e.query_labels, torch::kLong).to(device);
  return d;
}

torch::Tensor features(ViTImpl& model, const LoraAdapter* adapter, const torch::Tensor& x) {
  ForwardOptions o;
  o.adapter = adapter;
  o.no_lora = adapter == nullptr;
  return model.forward_ex(x, o).features;
}

double accuracy(const torch::Tensor& logits, const torch::Tensor& y) {
  return logits.argmax(1).eq(y).to(torch::kFloat).mean().item<double>();
}

// A linear head equivalent to −squared-distance prototype logits: w_c = 2 p_c, b_c = −‖p_c‖².
std::pair<torch::Tensor, torch::Tensor> prototype_head(const torch::Tensor& f,
                                                       const torch::Tensor& y, int64_t way) {
  auto p = class_prototypes(f, y, way);
  return {(2 * p).detach().clone().requires_grad_(true),
          (-p.pow(2).sum(1)).detach().clone().requires_grad_(true)};
}

double protonet(ViTImpl& model, const LoraAdapter* adapter, const EpisodeData& d, int64_t way,
                const EvalConfig& c) {
  torch::NoGradGuard no_grad;
  auto fs = features(model, adapter, d.support), fq = features(model, adapter, d.query);
  return accuracy(episode_logits(fs, d.support_y, way, fq, c.metric), d.query_y);
}

// A prototype-initialized linear head trained on support features; accuracy on the queries.
double train_probe(const torch::Tensor& fs, const torch::Tensor& fq, const torch::Tensor& ys,
                   const torch::Tensor& yq, int64_t way, const EvalConfig& c) {
  auto [w, b] = prototype_head(fs, ys, way);
  Adam adam({w, b}, AdamOptions{c.probe_lr});
  for (int64_t s = 0; s < c.probe_steps; ++s) {
    auto loss = torch::cross_entropy_loss(torch::nn::functional::linear(fs, w, b), ys);
    adam.zero_grad();
    loss.backward();
    adam.step();
  }
  torch::NoGradGuard no_grad;
  return accuracy(torch::nn::functional::linear(fq, w, b), yq);
}

double linear_probe(ViTImpl& model, const LoraAdapter* adapter, const EpisodeData& d, int64_t way,
                    const EvalConfig& c) {
  torch::Tensor fs, fq;
  {
    torch::NoGradGuard no_grad;
    fs = features(model, adapter, d.support);
    fq = features(model, adapter, d.query);
  }
  return train_probe(fs, fq, d.support_y, d.query_y, way, c);
}

// Tunes `params` and a prototype-initialized head on the support set; `adapter_for` gives the
// adapter to apply at each step (rebuilt per step when a LoRA is being tuned).
double finetune(ViTImpl& model, const std::function<LoraAdapter*()>& adapter_for,
                const EpisodeData& d, int64_t way, double lr, int64_t steps,
                std::vector<torch::Tensor> params) {
  torch::Tensor w, b;
  {
    torch::NoGradGuard no_grad;
    std::tie(w, b) = prototype_head(features(model, adapter_for(), d.support), d.support_y, way);
  }
  params.push_back(w);
  params.push_back(b);
  Adam adam(params, AdamOptions{lr});
  for (int64_t s = 0; s < steps; ++s) {
    auto loss = torch::cross_entropy_loss(
        torch::nn::functional::linear(features(model, adapter_for(), d.support), w, b),
        d.support_y);
    adam.zero_grad();
    loss.backward();
    clip_grad_norm(params, 50.0);
    adam.step();
  }
  torch::NoGradGuard no_grad;
  return accuracy(torch::nn::functional::linear(features(model, adapter_for(), d.query), w, b),
                  d.query_y);
}

double lora_finetune(ViTImpl& model, const LoraAdapter* adapter, const EpisodeData& d, int64_t way,
                     const EvalConfig& c, uint64_t seed, torch::Device device) {
  LoraAdapter fresh = create_lora(model.config(), c.lora, seed, device);
  fresh.set_requires_grad(true);
  LoraAdapter combined;
  // With a given adapter (e.g. the meta-LoRA) the fresh LoRA is tuned on top of it.
  auto adapter_for = [&]() -> LoraAdapter* {
    if (!adapter) return &fresh;
    combined = combine_adapters({adapter, &fresh}, {1.0, 1.0});
    return &combined;
  };
  return finetune(model, adapter_for, d, way, c.lora_lr, c.finetune_steps, fresh.parameters());
}

double full_finetune(ViTImpl& model, const LoraAdapter* adapter, const EpisodeData& d, int64_t way,
                     const EvalConfig& c) {
  std::map<std::string, torch::Tensor> saved;
  for (auto& p : model.named_parameters()) saved[p.key()] = p.value().detach().clone();
  for (auto& p : model.parameters()) p.requires_grad_(true);
  LoraAdapter fixed = adapter ? *adapter : LoraAdapter();
  auto adapter_for = [&]() -> LoraAdapter* { return adapter ? &fixed : nullptr; };
  double acc =
      finetune(model, adapter_for, d, way, c.full_lr, c.finetune_steps, model.parameters());
  torch::NoGradGuard no_grad;
  for (auto& p : model.named_parameters()) p.value().copy_(saved[p.key()]);
  model.freeze_base();
  return acc;
}

double run_episode(ViTImpl& model, Method m, const LoraAdapter* adapter, const EpisodeData& d,
                   int64_t way, const EvalConfig& c, uint64_t seed, torch::Device device) {
  switch (m) {
    case Method::ProtoNet:
      return protonet(model, adapter, d, way, c);
    case Method::LinearProbe:
      return linear_probe(model, adapter, d, way, c);
    case Method::LoraFinetune:
      return lora_finetune(model, adapter, d, way, c, seed, device);
    case Method::FullFinetune:
      return full_finetune(model, adapter, d, way, c);
  }
  return 0.0;
}

// Frozen-feature methods (prototypes, linear probe): every image any episode uses is embedded
// once, in batches, and episodes index the cache — several times fewer forward passes than
// embedding each episode (images recur across 600 episodes), with the same features.
class FeatureCache {
 public:
  FeatureCache(ViTImpl& model, const LoraAdapter* adapter, const Dataset& data,
               const std::vector<Episode>& episodes, const JobContext& ctx,
               const std::string& label) {
    std::vector<int64_t> used;
    for (const auto& e : episodes) {
      used.insert(used.end(), e.support.begin(), e.support.end());
      used.insert(used.end(), e.query.begin(), e.query.end());
    }
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    torch::NoGradGuard no_grad;
    constexpr int64_t kBatch = 256;
    std::vector<torch::Tensor> parts;
    for (size_t i = 0; i < used.size(); i += kBatch) {
      ctx.check_cancel();
      const std::vector<int64_t> batch(used.begin() + long(i),
                                       used.begin() + long(std::min(used.size(), i + kBatch)));
      parts.push_back(features(model, adapter, data.images(batch, model.config()).to(ctx.device)));
      ctx.callbacks.report(
          {"embed " + label, int64_t(std::min(used.size(), i + kBatch)), int64_t(used.size()), {}});
    }
    features_ = torch::cat(parts, 0);
    for (size_t r = 0; r < used.size(); ++r) row_[used[r]] = int64_t(r);
  }

  EpisodeData episode(const Episode& e, torch::Device device) const {
    EpisodeData d;
    d.support = features_.index_select(0, rows(e.support, device));
    d.query = features_.index_select(0, rows(e.query, device));
    d.support_y = torch::tensor(e.support_labels, torch::kLong).to(device);
    d.query_y = torch::tensor(e.query_labels, torch::kLong).to(device);
    return d;
  }

 private:
  torch::Tensor rows(const std::vector<int64_t>& items, torch::Device device) const {
    std::vector<int64_t> r;
    r.reserve(items.size());
    for (int64_t i : items) r.push_back(row_.at(i));
    return torch::tensor(r, torch::kLong).to(device);
  }
  torch::Tensor features_;
  std::map<int64_t, int64_t> row_;
};

double cached_episode(Method m, const EpisodeData& f, int64_t way, const EvalConfig& c) {
  if (m == Method::ProtoNet) {
    torch::NoGradGuard no_grad;
    return accuracy(episode_logits(f.support, f.support_y, way, f.query, c.metric), f.query_y);
  }
  return train_probe(f.support, f.query, f.support_y, f.query_y, way, c);
}

}  // namespace

EpisodeAccuracies evaluate_method(ViTImpl& model, const Dataset& data, Method method,
                                  const LoraAdapter* adapter, const EvalConfig& c,
                                  const JobContext& ctx, const std::string& label) {
  NvtxRange range("evaluate");
  const auto start = std::chrono::steady_clock::now();
  const PrecisionScope amp = enter_precision(ctx);
  EpisodeSampler sampler(data, c.way, c.shot, c.query, c.seed);
  model.eval();
  model.freeze_base();
  EpisodeAccuracies out;
  out.method = label.empty() ? method_name(method) : label;
  const bool frozen = method == Method::ProtoNet || method == Method::LinearProbe;
  std::vector<Episode> episodes;
  if (frozen)
    for (int64_t i = 0; i < c.episodes; ++i) episodes.push_back(sampler.episode(i));
  std::unique_ptr<FeatureCache> cache;
  if (frozen)
    cache = std::make_unique<FeatureCache>(model, adapter, data, episodes, ctx, out.method);
  for (int64_t i = 0; i < c.episodes; ++i) {
    ctx.check_cancel();
    if (cache) {
      out.accuracies.push_back(
          cached_episode(method, cache->episode(episodes[size_t(i)], ctx.device), c.way, c));
    } else {
      EpisodeData d = load_episode(data, sampler.episode(i), model.config(), ctx.device);
      out.accuracies.push_back(run_episode(
          model, method, adapter, d, c.way, c,
          derive_seed(c.seed, seed_stream::kEvaluationMethod, uint64_t(i)), ctx.device));
    }
    double mean = 0;
    for (double a : out.accuracies) mean += a;
    ctx.callbacks.report({"evaluate " + out.method,
                          i + 1,
                          c.episodes,
                          {{"acc", mean / double(out.accuracies.size())}}});
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace lrc
