// The CLI is a thin adapter over core/api: the same job with the same seed gives the same bytes
// through the real binary and through the API the GUI calls, and the API's settings structs carry
// the core's defaults (so a GUI form and a CLI flag left alone mean the same thing).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <torch/torch.h>

#include "api/embedding.h"
#include "api/evaluation.h"
#include "api/glyphs.h"
#include "api/jobs.h"
#include "api/session.h"
#include "api/training.h"
#include "cli_runner.h"
#include "data/glyphs.h"
#include "harness.h"
#include "fewshot/evaluation.h"
#include "io/json.h"
#include "io/safetensors.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"
#include "recycle/inversion.h"
#include "recycle/meta_train.h"
#include "recycle/pool.h"
#include "recycle/pretrain.h"
#include "recycle/pretune.h"

using namespace lrc;
namespace fs = std::filesystem;

namespace {

constexpr int kThreads = 2;  // the same on both sides: reductions are thread-count dependent

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Pools equal in every tensor and every PNG (the info differs in "seconds" only).
void check_same_pool(const std::string& a_dir, const std::string& b_dir) {
  const SurrogatePool a = load_pool(a_dir);
  const SurrogatePool b = load_pool(b_dir);
  CHECK(torch::equal(a.pixels, b.pixels));
  CHECK(torch::equal(a.labels, b.labels));
  CHECK(torch::equal(a.mask, b.mask));
  CHECK(torch::equal(a.patch_rank, b.patch_rank));
  CHECK_EQ(a.teacher_accuracy, b.teacher_accuracy);
  CHECK_EQ(a.info.at("seed").as_int(), b.info.at("seed").as_int());
  CHECK_EQ(a.info.at("settings").dump(), b.info.at("settings").dump());
  int pngs = 0;
  for (const auto& e : fs::recursive_directory_iterator(a_dir)) {
    if (e.path().extension() != ".png") continue;
    const fs::path other = fs::path(b_dir) / fs::relative(e.path(), a_dir);
    CHECK(fs::exists(other));
    if (fs::exists(other) && read_bytes(e.path()) != read_bytes(other))
      test::report_failure(__FILE__, __LINE__, "PNG bytes differ: " + other.string());
    ++pngs;
  }
  CHECK(pngs > 0);
}

api::InversionSettings small_settings() {
  api::InversionSettings s;
  s.iterations = 5;
  s.per_class = 2;
  s.prune_layers = {0};
  s.prune_ratios = {0.5};
  s.tv_weight = 0.001;
  s.jitter = 0.0;
  s.flip = 0.0;
  s.seed = 7;
  s.precision = "fp32";
  s.threads = kThreads;
  s.model_label = test::data_path("models/timm");
  return s;
}

// The same settings as CLI flags.
std::string small_flags() {
  return "--model " + test::data_path("models/timm") +
         " --iterations 5 --per-class 2 --prune-layers 0 --prune-ratios 0.5 --tv 0.001"
         " --jitter 0 --flip 0 --seed 7 --precision fp32 --threads " +
         std::to_string(kThreads);
}

std::shared_ptr<api::Model> timm() {
  static const auto model = api::Model::load(test::data_path("models/timm"));
  return model;
}

const std::string& zoo() {
  static const std::string dir = [] {
    const std::string d = test::scratch_dir() + "/zoo";
    CHECK_EQ(test::run_cli("make-zoo --model " + test::data_path("models/timm") + " --data " +
                               test::data_path("images") + " --count 2 --way 2 --steps 3 --out " +
                               d + " --threads 2",
                           " >/dev/null 2>&1"),
             0);
    return d;
  }();
  return dir;
}

}  // namespace

LRC_TEST(inversion_settings_defaults_are_the_cores) {
  const api::InversionSettings s;
  const InversionConfig c;
  CHECK_EQ(s.per_class, c.per_class);
  CHECK_EQ(s.iterations, c.iterations);
  CHECK_EQ(s.lr, c.lr);
  CHECK_EQ(s.bn_weight, c.bn_weight);
  CHECK_EQ(s.tv_weight, c.tv_weight);
  CHECK_EQ(s.l2_weight, c.l2_weight);
  CHECK_EQ(s.jitter, c.jitter_fraction);
  CHECK_EQ(s.flip, c.flip_probability);
  CHECK_EQ(s.batch, c.batch_size);
  CHECK_EQ(s.prune_start_fraction, c.prune_start_fraction);
  CHECK_EQ(s.mask_ratio, c.mask_ratio);
  CHECK(s.prune_layers.empty() && c.prune_layers.empty());
  // Meta-training's missing pools use the same inversion defaults.
  CHECK_EQ(api::MetaTrainSettings{}.inversion.per_class, c.per_class);
}

LRC_TEST(meta_train_settings_defaults_are_the_cores) {
  const api::MetaTrainSettings s;
  const MetaTrainConfig c;
  CHECK_EQ(s.way, c.shape.way);
  CHECK_EQ(s.shot, c.shape.shot);
  CHECK_EQ(s.query, c.shape.query);
  CHECK_EQ(s.episodes, c.episodes);
  CHECK_EQ(s.episodes_per_step, c.episodes_per_step);
  CHECK_EQ(s.lr, c.lr);
  CHECK_EQ(s.cycle, c.cycle);
  CHECK_EQ(s.warmup, c.warmup);
  CHECK_EQ(s.rank, c.lora.rank);
  CHECK_EQ(s.cosine_scale, c.metric.cosine_scale);
  CHECK_EQ(s.kl_weight, c.kl_weight);
  CHECK_EQ(s.val_episodes, c.val_episodes);
  CHECK_EQ(s.checkpoint_every, c.checkpoint_every);
  CHECK(c.metric.metric == Metric::SquaredEuclidean && s.metric == "sqeuclidean");
}

// meta-train through the binary and through the API: the same meta-LoRA tensors.
LRC_TEST(cli_meta_train_equals_api_meta_training) {
  const std::string pools = test::scratch_dir() + "/meta_pools";
  CHECK_EQ(
      test::run_cli("invert " + small_flags() + " --per-class 4 --zoo " + zoo() + " --out " + pools,
                    " >/dev/null 2>&1"),
      0);
  const std::string cli_out = test::scratch_dir() + "/cli_meta.safetensors";
  const std::string common = " --way 2 --shot 1 --query 2 --episodes 4 --mask-ratio 0.5 --seed 3";
  CHECK_EQ(test::run_cli("meta-train --model " + test::data_path("models/timm") + " --zoo " +
                             zoo() + " --pool " + pools + " --out " + cli_out + common +
                             " --precision fp32 --threads " + std::to_string(kThreads),
                         " >/dev/null 2>&1"),
           0);
  api::MetaTrainSettings s;
  s.zoo_dir = zoo();
  s.pool_dir = pools;
  s.invert_missing = false;
  s.way = 2;
  s.shot = 1;
  s.query = 2;
  s.episodes = 4;
  s.mask_ratio = 0.5;
  s.seed = 3;
  s.precision = "fp32";
  s.threads = kThreads;
  s.out_path = test::scratch_dir() + "/api_meta.safetensors";
  api::JobControl control;
  const auto o = api::run_meta_training(*timm(), s, {}, control);
  CHECK_EQ(o.steps, int64_t(4));
  SafetensorsFile a(cli_out), b(s.out_path);
  CHECK_EQ(a.records().size(), b.records().size());
  CHECK(a.records().size() > 0);
  for (const auto& record : a.records()) {
    const std::string& name = record.name;
    if (!b.contains(name) || !torch::equal(a.load(name), b.load(name)))
      test::report_failure(__FILE__, __LINE__, "meta-LoRA tensor differs: " + name);
  }
}

LRC_TEST(cli_invert_equals_api_inversion) {
  const std::string adapter = zoo() + "/lora_000.safetensors";
  const std::string cli_out = test::scratch_dir() + "/cli_one";
  CHECK_EQ(test::run_cli("invert " + small_flags() + " --adapter " + adapter + " --out " + cli_out,
                         " >/dev/null 2>&1"),
           0);
  api::InversionSettings s = small_settings();
  s.adapter_path = adapter;
  s.out_dir = test::scratch_dir() + "/api_one";
  api::JobControl control;
  const auto outcome = api::run_inversion(*timm(), s, {}, control);
  CHECK_EQ(outcome.saved_to, s.out_dir);
  check_same_pool(cli_out, s.out_dir);
}

LRC_TEST(cli_zoo_inversion_equals_api_collection) {
  const std::string cli_out = test::scratch_dir() + "/cli_zoo";
  CHECK_EQ(test::run_cli("invert " + small_flags() + " --zoo " + zoo() + " --out " + cli_out,
                         " >/dev/null 2>&1"),
           0);
  api::CollectionInversionSettings c;
  c.zoo_dir = zoo();
  c.out_dir = test::scratch_dir() + "/api_zoo";
  c.inversion = small_settings();
  api::JobControl control;
  const auto outcome = api::run_collection_inversion(*timm(), c, {}, control);
  CHECK_EQ(outcome.done.size(), size_t(2));
  for (const char* member : {"lora_000", "lora_001"})
    check_same_pool(cli_out + "/" + member, c.out_dir + "/" + member);
  // Members get their own seeds from one named stream: not the collection's seed itself.
  const auto a = load_pool(c.out_dir + "/lora_000").info.at("seed").as_int();
  const auto b = load_pool(c.out_dir + "/lora_001").info.at("seed").as_int();
  CHECK(a != b);
  CHECK(a != 7);
}

LRC_TEST(same_settings_as_this_pool_reproduces_it) {
  api::InversionSettings s = small_settings();
  s.adapter_path = zoo() + "/lora_001.safetensors";
  s.out_dir = test::scratch_dir() + "/first";
  api::JobControl control;
  api::run_inversion(*timm(), s, {}, control);

  api::InversionSettings again = api::inversion_settings_of_pool(s.out_dir);
  CHECK(again.adapter_path.empty());
  CHECK(again.out_dir.empty());
  CHECK_EQ(again.iterations, s.iterations);
  CHECK_EQ(again.per_class, s.per_class);
  CHECK_EQ(again.seed, s.seed);
  CHECK_EQ(again.jitter, s.jitter);
  CHECK_EQ(again.flip, s.flip);
  CHECK_EQ(again.tv_weight, s.tv_weight);
  CHECK(again.prune_layers == s.prune_layers);
  CHECK(again.prune_ratios == s.prune_ratios);
  CHECK_EQ(again.precision, std::string("fp32"));
  again.adapter_path = s.adapter_path;
  again.out_dir = test::scratch_dir() + "/again";
  again.threads = kThreads;
  again.model_label = s.model_label;
  api::run_inversion(*timm(), again, {}, control);
  check_same_pool(s.out_dir, again.out_dir);

  CHECK_THROWS_WITH(api::inversion_settings_of_pool(test::data_path("images")), "images");
}

LRC_TEST(class_selection_errors_name_the_item) {
  api::InversionSettings s = small_settings();
  s.adapter_path = zoo() + "/lora_000.safetensors";
  s.class_selection = "0,nonesuch";
  api::JobControl control;
  CHECK_THROWS_WITH(api::run_inversion(*timm(), s, {}, control), "nonesuch");
  s.class_selection = "0,99";
  CHECK_THROWS_WITH(api::run_inversion(*timm(), s, {}, control), "99");
}

LRC_TEST(evaluation_settings_defaults_are_the_cores) {
  const api::EvaluationSettings s;
  const EvalConfig c;
  CHECK_EQ(s.way, c.way);
  CHECK_EQ(s.shot, c.shot);
  CHECK_EQ(s.query, c.query);
  CHECK_EQ(s.episodes, c.episodes);
  CHECK_EQ(s.seed, c.seed);
  CHECK_EQ(s.probe_steps, c.probe_steps);
  CHECK_EQ(s.finetune_steps, c.finetune_steps);
  CHECK(s.methods == std::vector<std::string>{"protonet"});
}

LRC_TEST(cli_embed_equals_api_embedding) {
  const std::string cli_out = test::scratch_dir() + "/cli_features.safetensors";
  const std::string adapter = test::data_path("adapters/timm_peft");
  const std::string pixels = test::data_path("pixels.safetensors");
  CHECK_EQ(
      test::run_cli("embed --model " + test::data_path("models/timm") + " --adapter " + adapter +
                        " --lora-scale 0.5 --pixels " + pixels + " --precision fp32 --threads " +
                        std::to_string(kThreads) + " --out " + cli_out,
                    " >/dev/null 2>&1"),
      0);
  api::set_threads(kThreads);
  api::EmbeddingSettings s;
  s.adapter_path = adapter;
  s.lora_scale = 0.5;
  s.pixels_path = pixels;
  s.precision = "fp32";
  const api::Embedding e = api::embed_images(*timm(), s);
  const torch::Tensor cli = SafetensorsFile(cli_out).load("features");
  CHECK_EQ(cli.size(0), e.rows);
  CHECK_EQ(cli.size(1), e.dim);
  const torch::Tensor api_features =
      torch::from_blob(const_cast<float*>(e.features.data()), {e.rows, e.dim}, torch::kFloat);
  CHECK(torch::equal(cli, api_features));
  CHECK_EQ(e.precision, std::string("fp32"));
  // A merged adapter is undone afterwards: the shared Model embeds as before.
  s.merge = true;
  api::embed_images(*timm(), s);
  s.merge = false;
  CHECK(api::embed_images(*timm(), s).features == e.features);
}

LRC_TEST(cli_evaluate_equals_api_evaluation) {
  const std::string cli_out = test::scratch_dir() + "/cli_evaluate.json";
  CHECK_EQ(test::run_cli("evaluate --model " + test::data_path("models/timm") + " --data " +
                             test::data_path("images") +
                             " --method protonet,linear-probe --way 2 --shot 1 --query 2"
                             " --episodes 3 --probe-steps 2 --seed 5 --precision fp32 --json"
                             " --threads " +
                             std::to_string(kThreads),
                         " >" + cli_out + " 2>/dev/null"),
           0);
  api::EvaluationSettings s;
  s.data_dir = test::data_path("images");
  s.methods = {"protonet", "linear-probe"};
  s.way = 2;
  s.query = 2;
  s.episodes = 3;
  s.probe_steps = 2;
  s.seed = 5;
  s.precision = "fp32";
  s.threads = kThreads;
  api::JobControl control;
  const auto outcome = api::run_evaluation(*timm(), s, {}, control);
  const Json cli = Json::parse(read_bytes(cli_out));
  const Json::Array& rows = cli.as_array();
  CHECK_EQ(rows.size(), outcome.methods.size());
  for (size_t i = 0; i < outcome.methods.size() && i < rows.size(); ++i) {
    CHECK_EQ(rows[i].at("method").as_string(), outcome.methods[i].method);
    CHECK(std::abs(rows[i].at("mean").as_number() - outcome.methods[i].mean) < 1e-12);
  }
  s.methods = {"protonet", "knn"};
  CHECK_THROWS_WITH(api::run_evaluation(*timm(), s, {}, control), "unknown method");
}

LRC_TEST(training_settings_defaults_are_the_cores) {
  const api::TuneSettings t;
  const TuneConfig tc;
  CHECK_EQ(t.lora.rank, tc.lora.rank);
  CHECK_EQ(t.lora.targets, targets_text(tc.lora.targets));
  CHECK(std::isnan(t.lora.alpha) && tc.lora.alpha == double(tc.lora.rank));  // alpha = rank
  CHECK_EQ(t.steps, tc.steps);
  CHECK_EQ(t.batch, tc.batch);
  CHECK_EQ(t.lr, tc.lr);
  CHECK_EQ(t.holdout, tc.holdout);
  const api::MakeZooSettings z;
  const ZooConfig zc;
  CHECK_EQ(z.count, zc.count);
  CHECK_EQ(z.way, zc.way);

  const api::PretrainSettings p;
  const PretrainConfig pc;
  const ViTConfig vit = tiny_vit_config();
  CHECK_EQ(p.image_size, vit.image_size);
  CHECK_EQ(p.patch, vit.patch_size);
  CHECK_EQ(p.width, vit.width);
  CHECK_EQ(p.depth, vit.depth);
  CHECK_EQ(p.heads, vit.heads);
  CHECK_EQ(4 * p.width, vit.mlp_dim);  // mlp 0: 4 × width
  CHECK_EQ(p.name, vit.name);
  CHECK_EQ(p.input_norm, vit.input_norm);
  CHECK_EQ(p.steps, pc.steps);
  CHECK_EQ(p.batch, pc.batch);
  CHECK_EQ(p.lr, pc.lr);
  CHECK_EQ(p.cosine_scale, pc.cosine_scale);
  CHECK_EQ(p.val_every, pc.val_every);
  CHECK_EQ(p.val_episodes, pc.val_episodes);
  CHECK_EQ(p.prior_steps, PriorTrainConfig{}.steps);
}

LRC_TEST(glyph_settings_defaults_are_the_cores) {
  const api::GlyphSettings g;
  const GlyphConfig c;
  CHECK_EQ(g.size, c.size);
  CHECK_EQ(g.per_class, c.per_class);
  CHECK_EQ(g.seed, c.seed);
  CHECK_EQ(g.min_letters_per_script, c.min_letters_per_script);
  CHECK_EQ(g.max_classes_per_script, c.max_classes_per_script);
  CHECK_EQ(g.min_fonts_per_script, c.min_fonts_per_script);
  CHECK_EQ(g.max_fonts_per_script, c.max_fonts_per_script);
  CHECK_EQ(g.classes_per_script, c.max_rendered_classes_per_script);
  CHECK_EQ(g.threads, c.threads);
  CHECK_EQ(g.overwrite, c.overwrite);
}

LRC_TEST(cli_tune_lora_equals_api_tune) {
  const std::string cli_out = test::scratch_dir() + "/cli_tuned.safetensors";
  CHECK_EQ(test::run_cli("tune-lora --model " + test::data_path("models/timm") + " --data " +
                             test::data_path("images") +
                             " --classes red,blue --steps 3 --seed 5 --precision fp32 --threads " +
                             std::to_string(kThreads) + " --out " + cli_out,
                         " >/dev/null 2>&1"),
           0);
  api::TuneLoraSettings s;
  s.data_dir = test::data_path("images");
  s.classes = "red,blue";
  s.out_path = test::scratch_dir() + "/api_tuned.safetensors";
  s.tune.steps = 3;
  s.tune.seed = 5;
  s.tune.precision = "fp32";
  api::set_threads(kThreads);
  torch::manual_seed(5);  // what the CLI's compute setup does
  api::JobControl control;
  const auto outcome = api::run_tune_lora(*timm(), s, {}, control);
  CHECK_EQ(outcome.classes, int64_t(2));
  const ViTConfig config = load_model(test::data_path("models/timm")).model->config();
  const LoraAdapter a = load_adapter(cli_out, config);
  const LoraAdapter b = load_adapter(s.out_path, config);
  CHECK(torch::equal(a.head.weight, b.head.weight));
  const auto pa = a.parameters(), pb = b.parameters();
  CHECK_EQ(pa.size(), pb.size());
  for (size_t i = 0; i < pa.size() && i < pb.size(); ++i) CHECK(torch::equal(pa[i], pb[i]));
  CHECK(a.info.classes == b.info.classes);

  s.classes = "red,purple";
  CHECK_THROWS_WITH(api::run_tune_lora(*timm(), s, {}, control), "\"purple\" is not a class");
  s.classes = "red,blue";
  s.tune.holdout = 1.0;
  CHECK_THROWS_WITH(api::run_tune_lora(*timm(), s, {}, control), "holdout");
}
