// demo: the whole LoRA Recycle pipeline in minutes, from the shipped tiny VFM, on a small fresh
// glyph subset — tune a few LoRAs (the "market"), invert each without touching real data,
// meta-train a meta-LoRA on the inverted tasks, and compare it with plain prototypes on
// evaluation classes nobody trained on.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "api/evaluation.h"
#include "api/glyphs.h"
#include "api/jobs.h"
#include "api/session.h"
#include "api/training.h"
#include "commands.h"
#include "io/error.h"
#include "io/text.h"
#include "parse.h"
#include "progress.h"

#ifndef LRC_SOURCE_DIR
#define LRC_SOURCE_DIR ""
#endif

namespace fs = std::filesystem;

namespace lrc::cli {

namespace {

// The demo's own recipe for the tiny glyph VFM; every step is a core/api job.
struct DemoFlags {
  ComputeFlags compute;
  std::string work = (fs::temp_directory_path() / "lora-recycle-demo").string();
  std::string model, prior, data_dir;
  bool no_prior = false;
  int loras = 6;
  int64_t tune_steps = 120;
  int invert_iterations = 120;
  int per_class = 6;
  int64_t episodes = 400;
  double mask_ratio = 0.5;
  int64_t eval_episodes = 200;
  int classes_per_script = 8;
  int per_class_real = 20;
};

void declare_demo_options(CLI::App& app, DemoFlags& f) {
  app.add_option("--work", f.work, "work folder (glyphs, zoo, pools, meta-LoRA)")
      ->capture_default_str();
  app.add_option("--loras", f.loras, "LoRAs to tune (the last is held out for validation)")
      ->capture_default_str()
      ->check(at_least(2));
  app.add_option("--tune-steps", f.tune_steps, "Adam steps per LoRA")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--invert-iterations", f.invert_iterations, "inversion iterations per LoRA")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--per-class", f.per_class, "inverted images per class")
      ->capture_default_str()
      ->check(at_least(2));
  app.add_option("--episodes", f.episodes, "meta-training episodes")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--mask-ratio", f.mask_ratio, "share of patches left out in meta-training")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.95));
  app.add_option("--eval-episodes", f.eval_episodes, "5-way 1-shot evaluation episodes")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--model", f.model, "the VFM (default: the embedded default's)");
  app.add_option("--prior", f.prior, "the BatchNorm prior (default: the embedded default's)");
  app.add_flag("--no-prior", f.no_prior, "invert without the naturalness prior");
  app.add_option("--data-dir", f.data_dir, "a render-glyphs folder to use instead of rendering");
  app.add_option("--classes-per-script", f.classes_per_script, "classes rendered per script")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--per-class-real", f.per_class_real, "real images rendered per class")
      ->capture_default_str()
      ->check(at_least(2));
  add_compute_options(app, f.compute);
  app.footer(
      "Renders a small glyph subset, tunes --loras LoRAs on random 5-way tasks of its zoo "
      "scripts, inverts each (no real data from then on), meta-trains a meta-LoRA on the inverted "
      "tasks (the last LoRA's tasks select the checkpoint) and prints 5-way 1-shot accuracy of "
      "plain prototypes vs the meta-LoRA on unseen scripts.");
}

// The embedded default folder (see api::locate_default_dir for the order).
std::string default_file(const std::string& given, const char* flag, const char* name) {
  if (!given.empty()) return given;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  const std::string dir =
      api::locate_default_dir(ec ? std::string() : exe.parent_path().string(), LRC_SOURCE_DIR);
  if (dir.empty())
    throw InputError(std::string("no embedded default found (resources/default/") + name +
                     "); pass --" + flag + " or set LRC_DEFAULT_DIR");
  return (fs::path(dir) / name).string();
}

// A small fresh glyph render (zoo and evaluation scripts are the ones that matter here).
std::string render_data(const DemoFlags& f, ProgressLine& line) {
  if (!f.data_dir.empty()) return f.data_dir;
  const std::string dir = (fs::path(f.work) / "glyphs").string();
  std::error_code ec;
  if (fs::is_regular_file(fs::path(dir) / "manifest.json", ec) &&
      fs::is_directory(fs::path(dir) / "evaluation", ec))
    return dir;
  api::GlyphSettings g;
  g.seed = 0;  // the seed fixes the split of scripts: the VFM was pre-trained on seed 0's
  g.per_class = f.per_class_real;
  g.classes_per_script = f.classes_per_script;
  g.overwrite = true;
  api::render_glyphs(g, dir, line.plain_callbacks(), interrupt_control());
  return dir;
}

// Letters are neither mirror- nor shift-invariant: no flips, no jitter, a gentler step (the
// same settings scripts/make-default.sh uses; see its comment for the measurements). Two pruning
// steps at a sixth and half of the depth (blocks 1 and 3 of the tiny ViT).
api::InversionSettings glyph_inversion(const DemoFlags& f, const std::string& prior, int depth) {
  api::InversionSettings inv;
  inv.iterations = f.invert_iterations;
  inv.per_class = f.per_class;
  inv.prune_layers = {depth / 6};
  if (depth / 2 > depth / 6) inv.prune_layers.push_back(depth / 2);
  inv.prune_ratios.assign(inv.prune_layers.size(), 0.25);
  inv.snapshot_every = 0;
  inv.flip = 0.0;
  inv.jitter = 0.0;
  inv.lr = 0.05;
  inv.tv_weight = 0.0005;
  inv.prior_path = prior;
  inv.write_pngs = false;
  inv.seed = f.compute.seed;
  inv.precision = f.compute.precision;
  return inv;
}

api::MetaTrainSettings demo_meta_training(const DemoFlags& f, const std::vector<std::string>& zoo,
                                          const std::string& pools) {
  api::MetaTrainSettings m;
  m.adapter_paths.assign(zoo.begin(), zoo.end() - 1);  // the last one validates
  m.pool_dir = pools;
  m.invert_missing = false;
  m.val_pool_dir = api::pool_folder_for(pools, zoo.back());
  m.way = 5;
  m.shot = 1;
  m.query = std::min(5, f.per_class - 1);
  m.episodes = f.episodes;
  m.lr = 3e-4;
  m.metric = "cosine";
  m.val_every = 100;
  m.val_episodes = 50;
  m.mask_ratio = f.mask_ratio;
  m.out_path = (fs::path(f.work) / "meta_lora.safetensors").string();
  m.seed = f.compute.seed;
  m.precision = f.compute.precision;
  return m;
}

// Plain prototypes and the meta-LoRA on the same episodes, with the same metric.
std::string compare_on_unseen(const api::Model& model, const DemoFlags& f,
                              const std::string& data_dir, const std::string& meta_lora,
                              ProgressLine& line) {
  api::EvaluationSettings e;
  e.data_dir = (fs::path(data_dir) / "evaluation").string();
  e.episodes = f.eval_episodes;
  e.query = 15;
  e.metric = "cosine";
  e.seed = f.compute.seed;
  e.precision = f.compute.precision;
  api::EvaluationOutcome table;
  for (const std::string& adapter : {std::string(), meta_lora}) {
    e.adapter_path = adapter;
    auto o = api::run_evaluation(model, e, line.plain_callbacks(), interrupt_control());
    o.methods.at(0).method =
        adapter.empty() ? "plain VFM + prototypes" : "LoRA Recycle (meta-LoRA)";
    table.methods.push_back(o.methods.at(0));
  }
  return table.markdown_table();
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int run_demo(const DemoFlags& f) {
  setup_compute(f.compute);
  const std::string model_path = default_file(f.model, "model", "model.safetensors");
  const std::string prior_path =
      f.no_prior ? std::string() : default_file(f.prior, "prior", "prior.safetensors");
  if (!prior_path.empty() && !fs::exists(prior_path))
    throw InputError(prior_path + ": no such prior file");
  fs::create_directories(f.work);
  const auto model = api::Model::load(model_path, f.compute.device);
  ProgressLine line;
  auto stage = [&](const std::string& what) { line.message("== " + what); };
  const auto t0 = std::chrono::steady_clock::now();

  stage("glyphs: rendering a small fresh subset into " + f.work);
  const std::string data_dir = render_data(f, line);
  const double t_render = seconds_since(t0);

  // 1. The market: a few LoRAs tuned on random 5-way tasks of the zoo scripts.
  auto t = std::chrono::steady_clock::now();
  stage("1/4 tuning " + std::to_string(f.loras) +
        " LoRAs on 5-way tasks (the collection to recycle)");
  api::MakeZooSettings z;
  z.data_dir = (fs::path(data_dir) / "zoo").string();
  z.out_dir = (fs::path(f.work) / "zoo").string();
  z.count = f.loras;
  z.tune.steps = f.tune_steps;
  z.tune.seed = f.compute.seed;
  z.tune.precision = f.compute.precision;
  api::run_make_zoo(*model, z, line.plain_callbacks(), interrupt_control());
  std::vector<std::string> zoo;
  zoo = api::collection_member_paths(z.out_dir);
  const double t_tune = seconds_since(t);

  // 2. LoRA Inversion of each: from here on no real image is touched.
  t = std::chrono::steady_clock::now();
  stage("2/4 inverting " + std::to_string(zoo.size()) + " LoRAs");
  api::CollectionInversionSettings c;
  c.zoo_dir = z.out_dir;
  c.out_dir = (fs::path(f.work) / "pools").string();
  c.inversion = glyph_inversion(f, prior_path, model->summary().depth);
  const auto inverted =
      api::run_collection_inversion(*model, c, line.plain_callbacks(), interrupt_control());
  const double t_invert = seconds_since(t);

  // 3. Meta-training on the inverted tasks of all but the last LoRA, validated on the last's.
  t = std::chrono::steady_clock::now();
  stage("3/4 meta-training the meta-LoRA on inverted tasks");
  const api::MetaTrainSettings m = demo_meta_training(f, zoo, c.out_dir);
  const auto trained =
      api::run_meta_training(*model, m, line.plain_callbacks(), interrupt_control());
  const double t_meta = seconds_since(t);

  // 4. Evaluation classes: plain prototypes vs the meta-LoRA, same episodes, same metric.
  t = std::chrono::steady_clock::now();
  stage("4/4 evaluating on unseen scripts (5-way 1-shot)");
  const std::string table = compare_on_unseen(*model, f, data_dir, m.out_path, line);
  const double t_eval = seconds_since(t);
  line.finish();

  std::cout << "LoRA Recycle demo: " << zoo.size() << " LoRAs tuned on the zoo scripts, inverted";
  if (!inverted.done.empty())
    std::cout << " (teacher accuracy on its own images " << inverted.mean_teacher_accuracy() * 100
              << " %)";
  std::cout << ", " << trained.steps << " meta-training episodes at mask ratio " << f.mask_ratio
            << "; evaluated on classes of unseen scripts.\n\n"
            << table << "\n"
            << "time: render " << format_duration(t_render) << ", tune " << format_duration(t_tune)
            << ", invert " << format_duration(t_invert) << ", meta-train "
            << format_duration(t_meta) << ", evaluate " << format_duration(t_eval) << " (total "
            << format_duration(seconds_since(t0)) << ")\n"
            << "work folder: " << f.work << "\n";
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "demo";
  c.summary =
      "the whole pipeline in minutes on the embedded default: tune, invert, meta-train, compare";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<DemoFlags>();
    declare_demo_options(app, *f);
    return [f] { return run_demo(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
