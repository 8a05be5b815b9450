// tune-lora and make-zoo: pre-tune LoRAs (+ heads) on labeled tasks, as uploaders would.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <torch/torch.h>

#include "commands.h"
#include "io/error.h"
#include "io/paths.h"
#include "model/adapter_io.h"
#include "model_args.h"
#include "parse.h"
#include "progress.h"
#include "recycle/pretune.h"

namespace lrc::cli {

namespace {

// The flags both commands share, bound to the core's TuneConfig (its defaults show in the help).
struct TuneFlags {
  TuneConfig tune;
  LoraFlags lora;
  ComputeFlags compute;
  std::string model, data, out;
};

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

void declare_tune_options(CLI::App& app, TuneFlags& f) {
  add_required(app, "--model", f.model, "the VFM (HF folder, timm / HF-ViT / project file)");
  add_required(app, "--data", f.data, "labeled images, one sub-folder per class");
  add_lora_options(app, f.lora);
  app.add_option("--steps", f.tune.steps, "Adam steps")->capture_default_str()->check(at_least(1));
  app.add_option("--batch", f.tune.batch, "images per step")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--lr", f.tune.lr, "Adam learning rate")->capture_default_str();
  app.add_option("--holdout", f.tune.holdout,
                 "share of each class's images kept for the accuracy in the adapter")
      ->capture_default_str()
      ->check(open_unit_interval());
  add_compute_options(app, f.compute);
}

TuneConfig tune_config_from(const TuneFlags& f) {
  TuneConfig c = f.tune;
  c.lora = lora_spec_from(f.lora);
  return c;
}

struct TuneLoraFlags : TuneFlags {
  std::string classes;
};

int run_tune(const TuneLoraFlags& f) {
  Compute compute = setup_compute(f.compute);
  const TuneConfig config = tune_config_from(f);
  auto loaded = load_model(f.model, compute.device);
  auto data = open_dataset(f.data);
  const auto classes = resolve_classes(*data, f.classes);
  ProgressLine line;
  JobContext ctx = job_context(compute, nullptr, line.callbacks());
  TuneResult r = tune_lora(*loaded.model, *data, classes, config, ctx);
  line.finish();
  r.adapter.info.name = std::filesystem::path(f.out).stem().string();
  r.adapter.info.provenance["data"] = path_for_record(f.data, f.out);
  save_adapter(r.adapter, f.out);
  std::cout << "wrote " << f.out << ": " << classes.size() << " classes, held-out accuracy "
            << r.heldout_accuracy * 100 << " %, train accuracy " << r.train_accuracy * 100 << " %, "
            << r.seconds << " s\n";
  return 0;
}

std::vector<int64_t> classes_from_file(const Dataset& data, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(file_message(path, "cannot read the class list"));
  std::string line, csv;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != '#') csv += (csv.empty() ? "" : ",") + line;
  }
  try {
    return resolve_classes(data, csv);
  } catch (const InputError& e) {
    throw InputError(file_message(path, e.what()));
  }
}

struct ZooFlags : TuneFlags {
  ZooConfig zoo;
  std::string classes_from;
};

int run_make_zoo(const ZooFlags& f) {
  Compute compute = setup_compute(f.compute);
  ZooConfig z = f.zoo;
  z.tune = tune_config_from(f);
  auto loaded = load_model(f.model, compute.device);
  auto data = open_dataset(f.data);
  if (!f.classes_from.empty()) z.class_pool = classes_from_file(*data, f.classes_from);
  ProgressLine line;
  JobContext ctx = job_context(compute, nullptr, line.callbacks());
  // The data folder as the zoo's files record it: relative to the zoo folder.
  make_zoo(*loaded.model, *data, z, f.out,
           path_for_record(f.data, (std::filesystem::path(f.out) / "index.json").string()), ctx);
  line.finish();
  std::cout << "wrote " << z.count << " LoRAs to " << f.out << "\n";
  return 0;
}

const CommandRegistrar tune_registrar([] {
  Command c;
  c.name = "tune-lora";
  c.summary = "tune a LoRA + classification head on a labeled task";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<TuneLoraFlags>();
    declare_tune_options(app, *f);
    add_required(app, "--classes", f->classes,
                 "class names (or ids) of the data forming the task, comma-separated");
    add_required(app, "--out", f->out, "the adapter file (project format, .safetensors)");
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
    declare_tune_options(app, *f);
    app.add_option("--count", f->zoo.count, "LoRAs to tune")
        ->capture_default_str()
        ->check(at_least(1));
    app.add_option("--way", f->zoo.way, "classes per task")
        ->capture_default_str()
        ->check(at_least(2));
    app.add_option("--classes-from", f->classes_from,
                   "draw the tasks from the classes listed in FILE (one per line, # comments; "
                   "default: every class)");
    add_required(app, "--out", f->out, "the collection folder");
    app.footer(
        "Writes DIR/lora_000.safetensors … and DIR/index.json; a re-run keeps finished LoRAs.");
    return [f] { return run_make_zoo(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
