// tune-lora and make-zoo: pre-tune LoRAs (+ heads) on labeled tasks, as uploaders would. Thin
// adapters: flags → api::TuneLoraSettings / api::MakeZooSettings → core/api → print.
#include <iostream>
#include <memory>

#include "api/session.h"
#include "api/training.h"
#include "commands.h"
#include "model_args.h"
#include "parse.h"
#include "progress.h"

namespace lrc::cli {

namespace {

// The held-out share must leave images on both sides: strictly between 0 and 1.
CLI::Validator open_unit_interval() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return "expects a number, got \"" + text + "\"";
        if (v <= 0 || v >= 1) return "must be in (0, 1), got " + text;
        return {};
      },
      "(0,1)");
}

// The tuning flags both commands share, bound to api::TuneSettings (its defaults, the core's,
// show in the help).
void declare_tune_options(CLI::App& app, api::TuneSettings& s, std::string& model,
                          std::string& data) {
  add_required(app, "--model", model, "the VFM (HF folder, timm / HF-ViT / project file)");
  add_required(app, "--data", data, "labeled images, one sub-folder per class");
  add_lora_options(app, s.lora);
  app.add_option("--steps", s.steps, "Adam steps")->capture_default_str()->check(at_least(1));
  app.add_option("--batch", s.batch, "images per step")->capture_default_str()->check(at_least(1));
  app.add_option("--lr", s.lr, "Adam learning rate")->capture_default_str();
  app.add_option("--holdout", s.holdout,
                 "share of each class's images kept for the accuracy in the adapter")
      ->capture_default_str()
      ->check(open_unit_interval());
}

struct TuneLoraFlags {
  api::TuneLoraSettings s;
  ComputeFlags compute;
  std::string model;
};

int run_tune(TuneLoraFlags& f) {
  setup_compute(f.compute);  // --threads, --device and --precision checked before any loading
  f.s.tune.seed = f.compute.seed;
  f.s.tune.precision = f.compute.precision;
  const auto model = api::Model::load(f.model, f.compute.device);
  ProgressLine line;
  const auto o = api::run_tune_lora(*model, f.s, line.plain_callbacks(), interrupt_control());
  line.finish();
  std::cout << "wrote " << o.saved_to << ": " << o.classes << " classes, held-out accuracy "
            << o.heldout_accuracy * 100 << " %, train accuracy " << o.train_accuracy * 100 << " %, "
            << o.seconds << " s\n";
  return 0;
}

struct ZooFlags {
  api::MakeZooSettings s;
  ComputeFlags compute;
  std::string model;
};

int run_make_zoo(ZooFlags& f) {
  setup_compute(f.compute);
  f.s.tune.seed = f.compute.seed;
  f.s.tune.precision = f.compute.precision;
  const auto model = api::Model::load(f.model, f.compute.device);
  ProgressLine line;
  const auto o = api::run_make_zoo(*model, f.s, line.plain_callbacks(), interrupt_control());
  line.finish();
  std::cout << "wrote " << o.count << " LoRAs to " << o.out_dir << "\n";
  return 0;
}

const CommandRegistrar tune_registrar([] {
  Command c;
  c.name = "tune-lora";
  c.summary = "tune a LoRA + classification head on a labeled task";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<TuneLoraFlags>();
    declare_tune_options(app, f->s.tune, f->model, f->s.data_dir);
    add_required(app, "--classes", f->s.classes,
                 "class names (or ids) of the data forming the task, comma-separated");
    add_required(app, "--out", f->s.out_path, "the adapter file (project format, .safetensors)");
    add_compute_options(app, f->compute);
    app.footer(
        "Adam with gradient-norm clip 50; the held-out accuracy and class names go into the "
        "adapter.");
    return [f] { return run_tune(*f); };
  };
  return c;
}());

const CommandRegistrar zoo_registrar([] {
  Command c;
  c.name = "make-zoo";
  c.summary = "tune many LoRAs on random N-way tasks (a LoRA market)";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<ZooFlags>();
    declare_tune_options(app, f->s.tune, f->model, f->s.data_dir);
    app.add_option("--count", f->s.count, "LoRAs to tune")
        ->capture_default_str()
        ->check(at_least(1));
    app.add_option("--way", f->s.way, "classes per task")
        ->capture_default_str()
        ->check(at_least(2));
    app.add_option("--classes-from", f->s.classes_file,
                   "draw the tasks from the classes listed in FILE (one per line, # comments; "
                   "default: every class)");
    add_required(app, "--out", f->s.out_dir, "the collection folder");
    add_compute_options(app, f->compute);
    app.footer(
        "Writes DIR/lora_000.safetensors … and DIR/index.json; a re-run keeps finished LoRAs.");
    return [f] { return run_make_zoo(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
