// Every parameter the ViT registers must map to a checkpoint key (a typo in a registered name
// would silently leave weights random), for each family, and the project's format must use the
// registered names themselves.
#include <fstream>
#include <set>

#include <torch/torch.h>

#include "harness.h"
#include "io/error.h"
#include "io/safetensors.h"
#include "model/checkpoint.h"

using namespace lrc;

namespace {

void check_family(const std::string& dir, ModelFamily family) {
  ModelProbe probe = probe_model(test::data_path(dir));
  CHECK(probe.match.family == family);
  ViT model(probe.config);
  auto map = checkpoint_key_map(probe.config, probe.match);
  std::set<std::string> mapped;
  for (const auto& km : map) mapped.insert(km.param);
  SafetensorsFile f(probe.path);
  size_t params = 0;
  for (const auto& item : model->named_parameters()) {
    ++params;
    if (!mapped.count(item.key()))
      test::report_failure(__FILE__, __LINE__, dir + ": parameter " + item.key() + " has no key");
  }
  CHECK_EQ(params, mapped.size());
  for (const auto& km : map)
    for (const auto& src : km.sources)
      if (!km.optional && !f.contains(src))
        test::report_failure(__FILE__, __LINE__, dir + ": key " + src + " absent");
}

}  // namespace

LRC_TEST(hf_clip_parameters_map_to_keys) {
  check_family("models/hf_clip", ModelFamily::HfClip);
}
LRC_TEST(timm_parameters_map_to_keys) {
  check_family("models/timm/model.safetensors", ModelFamily::Timm);
}
LRC_TEST(hf_vit_parameters_map_to_keys) {
  check_family("models/hf_vit", ModelFamily::HfVit);
}

LRC_TEST(unused_keys_are_ignored_and_listed) {
  ModelProbe clip = probe_model(test::data_path("models/hf_clip"));
  std::set<std::string> ignored(clip.ignored_keys.begin(), clip.ignored_keys.end());
  CHECK(ignored.count("logit_scale"));
  CHECK(ignored.count("vision_model.embeddings.position_ids"));
  CHECK(ignored.count("text_model.encoder.layers.0.self_attn.q_proj.weight"));
  CHECK_EQ(ignored.size(), size_t(5));
  ModelProbe vit = probe_model(test::data_path("models/hf_vit"));
  CHECK_EQ(vit.ignored_keys.size(), size_t(2));  // the pooler
  CHECK_EQ(vit.config.heads, 2);
  CHECK(vit.config.preprocess.resize == Preprocess::Resize::Stretch);
}

LRC_TEST(native_format_keys_are_registered_names) {
  ViTConfig c;
  c.image_size = 16, c.patch_size = 4, c.width = 16, c.depth = 2, c.heads = 2, c.mlp_dim = 32,
  c.proj_dim = 8;
  c.pre_norm = true;
  ViT model(c);
  const std::string path = test::scratch_dir() + "/native.safetensors";
  save_model(*model, path);
  SafetensorsFile f(path);
  std::set<std::string> keys;
  for (const auto& r : f.records()) keys.insert(r.name);
  for (const auto& item : model->named_parameters()) CHECK(keys.count(item.key()));
  CHECK_EQ(keys.size(), model->named_parameters().size());
  LoadedModel back = load_model(path);
  CHECK(back.model->config().same_architecture(c));
  auto a = model->named_parameters(), b = back.model->named_parameters();
  for (const auto& item : a) CHECK(torch::equal(item.value(), b[item.key()]));
}

LRC_TEST(missing_or_misshaped_vision_keys_are_named) {
  std::ifstream in(test::data_path("bad/models/expected.tsv"));
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    const std::string file = line.substr(0, tab), expect = line.substr(tab + 1);
    CHECK_THROWS_WITH(load_model(test::data_path("bad/models/" + file)), expect);
    ++cases;
  }
  CHECK_EQ(cases, 3);
}
