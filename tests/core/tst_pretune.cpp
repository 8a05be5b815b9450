// Pre-tuning and the zoo: a tuned LoRA + head learns its task and records what it is.
#include <filesystem>

#include <torch/torch.h>

#include "harness.h"
#include "io/error.h"
#include "io/json.h"
#include "io/atomic_file.h"
#include "model/adapter_io.h"
#include "recycle/pretune.h"
#include "recycle/zoo.h"
#include "synthetic.h"

using namespace lrc;

LRC_TEST(tune_lora_learns_the_task_and_fills_the_metadata) {
  auto data = test::synthetic_dataset(6, 20, 31, /*pattern=*/70, /*shift=*/30, /*noise=*/20);
  ViT m(test::tiny_vit_config());
  m->eval();
  TuneConfig c;
  c.steps = 120;
  c.lr = 3e-3;
  JobContext ctx;
  ctx.seed = 4;
  int64_t reports = 0;
  ctx.callbacks.progress = [&](const ProgressEvent&) { ++reports; };
  TuneResult r = tune_lora(*m, *data, {1, 3, 5}, c, ctx);
  std::printf("  tune-lora: train %.3f, held-out %.3f, loss %.3f → %.3f\n", r.train_accuracy,
              r.heldout_accuracy, r.losses.front(), r.losses.back());
  CHECK_EQ(reports, 120);
  CHECK(r.losses.back() < r.losses.front());
  CHECK(r.heldout_accuracy >= 0.8);
  CHECK(r.adapter.info.classes == (std::vector<std::string>{"class1", "class3", "class5"}));
  CHECK_NEAR(r.adapter.info.accuracy, r.heldout_accuracy, 0);
  CHECK_EQ(r.adapter.info.base_fingerprint, model_fingerprint(*m));
  CHECK_EQ(r.adapter.head.weight.size(0), 3);
  for (const auto& p : m->parameters()) CHECK(!p.grad().defined());
  CHECK_THROWS_WITH(tune_lora(*m, *data, {1}, c, ctx), "at least 2 classes");
}

LRC_TEST(tuning_is_deterministic_for_a_seed) {
  auto data = test::synthetic_dataset(4, 10, 32);
  ViT m(test::tiny_vit_config());
  m->eval();
  TuneConfig c;
  c.steps = 10;
  JobContext ctx;
  ctx.seed = 9;
  TuneResult a = tune_lora(*m, *data, {0, 1, 2}, c, ctx),
             b = tune_lora(*m, *data, {0, 1, 2}, c, ctx);
  CHECK(a.losses == b.losses);
  CHECK(torch::equal(a.adapter.entries[0].B, b.adapter.entries[0].B));
}

LRC_TEST(make_zoo_writes_an_index_and_resumes) {
  auto data = test::synthetic_dataset(8, 10, 33);
  ViT m(test::tiny_vit_config());
  m->eval();
  ZooConfig z;
  z.count = 3;
  z.way = 3;
  z.tune.steps = 5;
  JobContext ctx;
  ctx.seed = 2;
  const std::string dir = test::scratch_dir() + "/zoo";
  make_zoo(*m, *data, z, dir, "synthetic", ctx);
  auto members = list_zoo(dir);
  CHECK_EQ(members.size(), size_t(3));
  Json index = Json::parse(read_text_file(dir + "/index.json"));
  CHECK_EQ(index.at("loras").size(), size_t(3));
  auto zoo = load_zoo(dir, m->config());
  CHECK_EQ(zoo[1].info.classes.size(), size_t(3));
  CHECK(zoo[1].info.provenance.get_string("data", "") == "synthetic");
  // A re-run keeps finished members byte for byte.
  const auto before = std::filesystem::last_write_time(members[0].path);
  make_zoo(*m, *data, z, dir, "synthetic", ctx);
  CHECK(std::filesystem::last_write_time(members[0].path) == before);
}

LRC_TEST(zoo_average_is_the_mean_of_the_deltas) {
  ViT m(test::tiny_vit_config());
  m->eval();
  torch::NoGradGuard no_grad;
  std::vector<LoraAdapter> members;
  for (uint64_t s = 0; s < 3; ++s) {
    LoraAdapter a = create_lora(m->config(), {}, s);
    for (auto& e : a.entries)
      e.B = torch::randn(e.B.sizes()) * 0.1, e.alpha = double(s + 1) * 4;  // scales 1, 2, 3
    members.push_back(a);
  }
  LoraAdapter avg = average_adapters(members);
  for (const auto& e : avg.entries) {
    torch::Tensor want = torch::zeros({e.B.size(0), e.A.size(1)});
    for (const auto& a : members) {
      const LoraEntry* x = a.find(e.layer, e.target);
      want += x->B.matmul(x->A) * x->scale() / 3.0;
    }
    CHECK((e.B.matmul(e.A) * e.scale() - want).abs().max().item<double>() < 1e-6);
  }
}
