// Golden parity: features of the three checkpoint families, plain and with PEFT and reference
// adapters (applied on the fly and merged into the weights), against the independent
// python3-torch implementation in tests/data/make_fixtures.py. Prints every max-abs error.
#include <cstdio>
#include <filesystem>

#include <torch/torch.h>

#include "harness.h"
#include "io/safetensors.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"

using namespace lrc;

namespace {

constexpr double kTolerance = 1e-4;

torch::Tensor expected(const std::string& name) {
  return SafetensorsFile(test::data_path("expected/" + name + ".safetensors")).load("features");
}

torch::Tensor pixels() {
  return SafetensorsFile(test::data_path("pixels.safetensors"))
      .load("pixel_values")
      .to(test::device());
}

double max_abs(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.cpu() - b.cpu()).abs().max().item<double>();
}

void check_case(const std::string& family, const std::string& kind,
                const std::string& adapter_path) {
  LoadedModel m = load_model(test::data_path("models/" + family), test::device());
  torch::NoGradGuard no_grad;
  if (!adapter_path.empty()) {
    m.model->add_adapter("a", load_adapter(test::data_path(adapter_path), m.model->config()));
    m.model->set_active_adapter("a");
  }
  const auto want = expected(family + "_" + kind);
  const double err = max_abs(m.model->forward(pixels()), want);
  std::printf("  parity [%s] %-8s %-10s unmerged max|err| = %.3g\n", test::device().str().c_str(),
              family.c_str(), kind.c_str(), err);
  CHECK(err < kTolerance);
  if (adapter_path.empty()) return;
  m.model->merge();
  const double merged_err = max_abs(m.model->forward(pixels()), want);
  std::printf("  parity [%s] %-8s %-10s merged   max|err| = %.3g\n", test::device().str().c_str(),
              family.c_str(), kind.c_str(), merged_err);
  CHECK(merged_err < kTolerance);
  m.model->unmerge();
  CHECK(max_abs(m.model->forward(pixels()), want) < kTolerance);
}

}  // namespace

LRC_TEST(hf_clip_plain) {
  check_case("hf_clip", "plain", "");
}
LRC_TEST(hf_clip_peft) {
  check_case("hf_clip", "peft", "adapters/hf_clip_peft");
}
LRC_TEST(hf_clip_reference) {
  check_case("hf_clip", "reference", "adapters/hf_clip_reference.safetensors");
}
LRC_TEST(timm_plain) {
  check_case("timm", "plain", "");
}
LRC_TEST(timm_peft) {
  check_case("timm", "peft", "adapters/timm_peft");
}
LRC_TEST(timm_reference) {
  check_case("timm", "reference", "adapters/timm_reference.safetensors");
}
LRC_TEST(hf_vit_plain) {
  check_case("hf_vit", "plain", "");
}
LRC_TEST(hf_vit_peft) {
  check_case("hf_vit", "peft", "adapters/hf_vit_peft");
}
LRC_TEST(hf_vit_reference) {
  check_case("hf_vit", "reference", "adapters/hf_vit_reference.safetensors");
}

LRC_TEST(half_precision_checkpoint_matches_within_fp16_rounding) {
  // The same CLIP weights stored as F16 load (converted to float32) and agree to fp16 precision,
  // and have the same fingerprint.
  LoadedModel m = load_model(test::data_path("models/hf_clip"));
  SafetensorsFile f(m.path);
  std::vector<NamedTensor> half;
  for (const auto& r : f.records()) {
    auto t = f.load(r.name);
    half.push_back({r.name, t.is_floating_point() ? t.to(torch::kHalf) : t});
  }
  const std::string dir = test::scratch_dir() + "/clip16";
  std::filesystem::create_directories(dir);
  save_safetensors(dir + "/model.safetensors", half);
  std::filesystem::copy_file(test::data_path("models/hf_clip/config.json"), dir + "/config.json");
  LoadedModel h = load_model(dir);
  torch::NoGradGuard no_grad;
  CHECK(max_abs(h.model->forward(pixels()), expected("hf_clip_plain")) < 2e-2);
  CHECK_EQ(h.fingerprint, m.fingerprint);
}
