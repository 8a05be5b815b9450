#include "jobs/adam.h"

#include <cmath>

#include <torch/torch.h>

#include "io/error.h"

namespace lrc {

Adam::Adam(std::vector<torch::Tensor> params, AdamOptions options)
    : params_(std::move(params)), options_(options) {
  for (const auto& p : params_) {
    m_.push_back(torch::zeros_like(p));
    v_.push_back(torch::zeros_like(p));
  }
}

void Adam::step() {
  torch::NoGradGuard no_grad;
  ++steps_;
  const double b1 = options_.beta1, b2 = options_.beta2;
  const double bias1 = 1 - std::pow(b1, double(steps_)), bias2 = 1 - std::pow(b2, double(steps_));
  for (size_t i = 0; i < params_.size(); ++i) {
    const auto& g = params_[i].grad();
    if (!g.defined()) continue;
    if (options_.weight_decay > 0) params_[i].mul_(1 - options_.lr * options_.weight_decay);
    m_[i].mul_(b1).add_(g, 1 - b1);
    v_[i].mul_(b2).addcmul_(g, g, 1 - b2);
    auto denom = (v_[i].sqrt() / std::sqrt(bias2)).add_(options_.eps);
    params_[i].addcdiv_(m_[i], denom, -options_.lr / bias1);
  }
}

void Adam::zero_grad() {
  for (auto& p : params_)
    if (p.grad().defined()) p.mutable_grad().zero_();
}

std::vector<NamedTensor> Adam::state() const {
  std::vector<NamedTensor> out;
  for (size_t i = 0; i < params_.size(); ++i) {
    out.push_back({"adam.m." + std::to_string(i), m_[i]});
    out.push_back({"adam.v." + std::to_string(i), v_[i]});
  }
  out.push_back({"adam.steps", torch::tensor({steps_}, torch::kLong)});
  return out;
}

void Adam::load_state(const SafetensorsFile& file) {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < params_.size(); ++i) {
    for (auto* slot : {&m_[i], &v_[i]}) {
      const std::string key =
          std::string(slot == &m_[i] ? "adam.m." : "adam.v.") + std::to_string(i);
      auto t = file.load(key);
      if (t.sizes() != slot->sizes())
        throw InputError(file_message(
            file.path(), "optimizer state \"" + key + "\" does not match the parameters"));
      slot->copy_(t);
    }
  }
  steps_ = file.load("adam.steps").item<int64_t>();
}

double clip_grad_norm(const std::vector<torch::Tensor>& params, double max_norm) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> norms;
  for (const auto& p : params)
    if (p.grad().defined()) norms.push_back(p.grad().norm().pow(2));
  if (norms.empty()) return 0.0;
  const double total = std::sqrt(torch::stack(norms).sum().item<double>());
  if (total > max_norm && total > 0)
    for (const auto& p : params)
      if (p.grad().defined()) p.grad().mul_(max_norm / (total + 1e-6));
  return total;
}

}  // namespace lrc
