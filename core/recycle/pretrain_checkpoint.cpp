#include "recycle/pretrain_checkpoint.h"

#include <filesystem>

#include <torch/torch.h>

#include "io/error.h"
#include "io/json.h"
#include "io/safetensors.h"

namespace lrc {

namespace {

constexpr const char* kFormat = "lrc-pretrain-checkpoint";

torch::Tensor history_tensor(const std::vector<std::pair<int64_t, double>>& validation) {
  auto t = torch::zeros({int64_t(validation.size()), 2}, torch::kDouble);
  for (size_t i = 0; i < validation.size(); ++i) {
    t[int64_t(i)][0] = double(validation[i].first);
    t[int64_t(i)][1] = validation[i].second;
  }
  return t;
}

void copy_checked(torch::Tensor& dst, const torch::Tensor& src, const std::string& path,
                  const std::string& name) {
  if (src.sizes() != dst.sizes())
    throw InputError(path + ": tensor '" + name +
                     "' does not match this run's architecture or classes; delete the "
                     "checkpoint or run without resuming");
  torch::NoGradGuard no_grad;
  dst.copy_(src.to(dst.dtype()));
}

}  // namespace

void save_pretrain_checkpoint(const std::string& path, ViTImpl& model, const torch::Tensor& classes,
                              const Adam& adam, const at::Generator& gen, const PretrainProgress& p,
                              int64_t total_steps) {
  std::vector<NamedTensor> tensors;
  for (const auto& item : model.named_parameters())
    tensors.push_back({"model." + item.key(), item.value()});
  tensors.push_back({"classes", classes});
  for (auto& t : adam.state()) tensors.push_back(std::move(t));
  tensors.push_back({"rng", gen.get_state()});
  tensors.push_back({"history.losses", torch::tensor(p.losses, torch::kDouble)});
  tensors.push_back({"history.validation", history_tensor(p.validation)});
  Json meta = Json::object();
  meta["format"] = kFormat;
  meta["step"] = p.step;
  meta["total_steps"] = total_steps;
  meta["correct"] = p.correct;
  meta["seen"] = p.seen;
  meta["seconds"] = p.seconds;
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  save_safetensors(path, tensors, {{"lrc", meta.dump()}});
}

bool load_pretrain_checkpoint(const std::string& path, ViTImpl& model, torch::Tensor& classes,
                              Adam& adam, at::Generator& gen, PretrainProgress& p,
                              int64_t total_steps) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return false;
  SafetensorsFile file(path);
  const Json meta = Json::parse(file.metadata_value("lrc", "{}"));
  if (meta.get_string("format", "") != kFormat)
    throw InputError(path + ": not a pre-training checkpoint");
  if (meta.get_int("total_steps", -1) != total_steps)
    throw InputError(path + ": the checkpoint belongs to a run of " +
                     std::to_string(meta.get_int("total_steps", -1)) + " steps, not " +
                     std::to_string(total_steps) + " (the schedule depends on it)");
  for (auto& item : model.named_parameters()) {
    auto dst = item.value();
    copy_checked(dst, file.load("model." + item.key()), path, item.key());
  }
  copy_checked(classes, file.load("classes"), path, "classes");
  adam.load_state(file);
  gen.set_state(file.load("rng"));
  p = PretrainProgress{};
  p.step = meta.get_int("step", 0);
  p.correct = meta.get_int("correct", 0);
  p.seen = meta.get_int("seen", 0);
  p.seconds = meta.get_number("seconds", 0.0);
  const auto losses = file.load("history.losses").to(torch::kDouble).contiguous();
  p.losses.assign(losses.data_ptr<double>(), losses.data_ptr<double>() + losses.numel());
  const auto val = file.load("history.validation").to(torch::kDouble).contiguous();
  for (int64_t i = 0; i < val.size(0); ++i)
    p.validation.push_back({int64_t(val[i][0].item<double>()), val[i][1].item<double>()});
  if (p.step < 0 || p.step > total_steps || int64_t(p.losses.size()) != p.step)
    throw InputError(path + ": the checkpoint's history does not match its step");
  return true;
}

}  // namespace lrc
