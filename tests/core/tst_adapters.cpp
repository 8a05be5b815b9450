// Adapter formats: reading PEFT (patterns, rsLoRA, layers_to_transform, heads, warnings) and the
// reference format, round trips of what we write, and the mismatch corpus.
#include <filesystem>
#include <fstream>

#include <torch/torch.h>

#include "harness.h"
#include "io/error.h"
#include "io/safetensors.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"

using namespace lrc;

namespace {

bool same(const torch::Tensor& a, const torch::Tensor& b) {
  return a.defined() == b.defined() &&
         (!a.defined() || (a.scalar_type() == b.scalar_type() && torch::equal(a, b)));
}

void check_same_adapter(const LoraAdapter& a, const LoraAdapter& b) {
  CHECK_EQ(a.entries.size(), b.entries.size());
  for (size_t i = 0; i < a.entries.size() && i < b.entries.size(); ++i) {
    const auto& x = a.entries[i];
    const LoraEntry* y = b.find(x.layer, x.target);
    CHECK(y != nullptr);
    if (!y) continue;
    CHECK(same(x.A, y->A));
    CHECK(same(x.B, y->B));
    CHECK(x.scale() == y->scale());  // bit-exact, not approximately
    CHECK_EQ(x.rslora, y->rslora);
  }
  CHECK(same(a.head.weight, b.head.weight));
  CHECK(same(a.head.bias, b.head.bias));
}

}  // namespace

LRC_TEST(peft_clip_reads_patterns_heads_and_warns_about_text_tower) {
  LoraAdapter a = read_adapter(test::data_path("adapters/hf_clip_peft"));
  CHECK_EQ(a.info.format, std::string("peft"));
  CHECK_EQ(a.entries.size(), size_t(6));  // q, v, fc1 of 2 vision blocks; the text entry dropped
  CHECK_NEAR(a.find(0, LoraTarget::Q)->scale(), 8.0 / 4, 0);
  CHECK_NEAR(a.find(1, LoraTarget::V)->scale(), 8.0 / 2, 0);  // rank_pattern
  CHECK_EQ(a.find(1, LoraTarget::V)->rank(), 2);
  CHECK_NEAR(a.find(0, LoraTarget::Fc1)->scale(), 2.0 / 4, 0);  // alpha_pattern
  CHECK_NEAR(a.find(1, LoraTarget::Fc1)->scale(), 8.0 / 4, 0);
  CHECK(a.head.defined());
  CHECK_EQ(a.head.weight.size(0), 3);
  CHECK_EQ(a.warnings.size(), size_t(1));
  CHECK(a.warnings[0].find("outside the vision tower") != std::string::npos);
  CHECK(a.warnings[0].find("text_model.encoder.layers.0.self_attn.q_proj") != std::string::npos);
}

LRC_TEST(peft_timm_fused_qkv_and_rslora) {
  LoraAdapter a = read_adapter(test::data_path("adapters/timm_peft"));
  CHECK_EQ(a.entries.size(), size_t(4));
  CHECK(a.find(0, LoraTarget::Qkv) != nullptr);
  CHECK(a.find(1, LoraTarget::Out) != nullptr);
  CHECK_NEAR(a.find(0, LoraTarget::Qkv)->scale(), 6.0 / 2.0, 1e-12);  // alpha / sqrt(4)
  CHECK(a.warnings.empty());
}

LRC_TEST(peft_hf_vit_layers_to_transform) {
  LoraAdapter a = read_adapter(test::data_path("adapters/hf_vit_peft"));
  CHECK_EQ(a.layers(), std::vector<int>{1});
  CHECK(a.find(1, LoraTarget::Fc2) != nullptr);  // "output.dense" is fc2, not the attention output
  CHECK(a.find(1, LoraTarget::Out) == nullptr);
}

LRC_TEST(reference_format_order_and_head) {
  LoraAdapter a = read_adapter(test::data_path("adapters/timm_reference.safetensors"));
  CHECK_EQ(a.info.format, std::string("reference"));
  CHECK_EQ(a.entries.size(), size_t(4));
  CHECK(a.entries[0].layer == 0 && a.entries[0].target == LoraTarget::Q);
  CHECK(a.entries[1].layer == 0 && a.entries[1].target == LoraTarget::V);
  CHECK(a.entries[2].layer == 1 && a.entries[2].target == LoraTarget::Q);
  CHECK_NEAR(a.entries[3].scale(), 1.0, 0);
  CHECK_EQ(a.head.source, std::string("fc_32in_5out"));
  CHECK(!a.head.bias.defined());
}

LRC_TEST(sniff_tells_formats_apart) {
  CHECK(sniff_adapter(test::data_path("adapters/hf_clip_peft")) == AdapterFormat::Peft);
  CHECK(sniff_adapter(test::data_path("adapters/hf_clip_peft/adapter_config.json")) ==
        AdapterFormat::Peft);
  CHECK(sniff_adapter(test::data_path("adapters/hf_vit_reference.safetensors")) ==
        AdapterFormat::Reference);
  CHECK(!sniff_adapter(test::data_path("models/timm/model.safetensors")));
  CHECK(!sniff_adapter(test::data_path("bad/empty.safetensors")));
}

LRC_TEST(native_format_round_trips_bit_exactly) {
  LoraAdapter a = read_adapter(test::data_path("adapters/hf_clip_peft"));
  a.info.name = "georgian-5way";
  a.info.classes = {"ა", "ბ", "გ"};
  a.info.accuracy = 0.9733;
  a.info.base_fingerprint = "0123456789abcdef";
  a.info.provenance["tool"] = "test";
  a.entries[2].rslora = true;
  const std::string path = test::scratch_dir() + "/native.safetensors";
  save_adapter(a, path);
  CHECK(sniff_adapter(path) == AdapterFormat::Native);
  LoraAdapter b = read_adapter(path);
  check_same_adapter(a, b);
  CHECK_EQ(b.info.name, a.info.name);
  CHECK(b.info.classes == a.info.classes);
  CHECK(b.info.accuracy == a.info.accuracy);
  CHECK_EQ(b.info.base_fingerprint, a.info.base_fingerprint);
  CHECK(b.info.provenance == a.info.provenance);
  // Writing what we read gives identical bytes.
  const std::string again = test::scratch_dir() + "/native2.safetensors";
  save_adapter(b, again);
  std::ifstream x(path, std::ios::binary), y(again, std::ios::binary);
  CHECK(std::string(std::istreambuf_iterator<char>(x), {}) ==
        std::string(std::istreambuf_iterator<char>(y), {}));
}

LRC_TEST(peft_round_trips_bit_exactly_in_hf_layouts) {
  for (const char* src : {"adapters/hf_clip_peft", "adapters/hf_vit_peft"}) {
    LoraAdapter a = read_adapter(test::data_path(src));
    const bool clip = std::string(src).find("clip") != std::string::npos;
    const std::string dir = test::scratch_dir() + (clip ? "/peft_clip" : "/peft_vit");
    save_adapter_peft(a, dir, clip ? ModelFamily::HfClip : ModelFamily::HfVit, "tiny");
    LoraAdapter b = read_adapter(dir);
    check_same_adapter(a, b);
    CHECK(b.warnings.empty());
  }
}

LRC_TEST(peft_export_for_fused_layouts_preserves_the_function) {
  // q/v LoRAs written for a timm model become one fused qkv LoRA per block: same features.
  LoadedModel m = load_model(test::data_path("models/timm"));
  LoraAdapter a = read_adapter(test::data_path("adapters/timm_reference.safetensors"));
  const std::string dir = test::scratch_dir() + "/peft_timm";
  save_adapter_peft(a, dir, ModelFamily::Timm);
  LoraAdapter b = load_adapter(dir, m.model->config());
  CHECK(b.find(0, LoraTarget::Qkv) != nullptr);
  torch::NoGradGuard no_grad;
  auto x = SafetensorsFile(test::data_path("pixels.safetensors")).load("pixel_values");
  ForwardOptions oa, ob;
  oa.adapter = &a;
  ob.adapter = &b;
  CHECK((m.model->forward_ex(x, oa).features - m.model->forward_ex(x, ob).features)
            .abs()
            .max()
            .item<double>() < 1e-5);
}

LRC_TEST(mismatched_adapters_are_refused_with_a_hint) {
  std::ifstream in(test::data_path("bad/adapters/expected.tsv"));
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    const std::string file = line.substr(0, t1), family = line.substr(t1 + 1, t2 - t1 - 1),
                      expect = line.substr(t2 + 1);
    const std::string model_dir = family == "hf-clip" ? "models/hf_clip"
                                  : family == "timm"  ? "models/timm"
                                                      : "models/hf_vit";
    ModelProbe probe = probe_model(test::data_path(model_dir));
    CHECK_THROWS_WITH(load_adapter(test::data_path("bad/adapters/" + file), probe.config), expect);
    ++cases;
  }
  CHECK(cases >= 8);
}

LRC_TEST(models_are_not_adapters_and_vice_versa) {
  CHECK_THROWS_WITH(read_adapter(test::data_path("models/hf_vit/model.safetensors")),
                    "not a LoRA adapter");
  CHECK_THROWS_WITH(load_model(test::data_path("adapters/hf_clip_peft")),
                    "PEFT adapter, not a model");
  const std::string path = test::scratch_dir() + "/a.safetensors";
  ViTConfig c;
  c.image_size = 16, c.patch_size = 4, c.width = 16, c.depth = 1, c.heads = 2, c.mlp_dim = 16;
  save_adapter(create_lora(c, {}, 1), path);
  CHECK_THROWS_WITH(load_model(path), "LoRA adapter, not a model");
}
