// tune-lora and make-zoo: pre-tune LoRAs (+ heads) on labeled tasks, as uploaders would.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <torch/torch.h>

#include "commands.h"
#include "io/error.h"
#include "io/paths.h"
#include "model/adapter_io.h"
#include "model_args.h"
#include "progress.h"
#include "recycle/pretune.h"

namespace lrc::cli {

namespace {

TuneConfig tune_config_from(const Args& args) {
  TuneConfig c;
  c.lora = lora_spec_from(args);
  c.steps = args.get_int("steps", c.steps);
  c.batch = args.get_int("batch", c.batch);
  c.lr = args.get_double("lr", c.lr);
  c.holdout = args.get_double("holdout", c.holdout);
  if (c.holdout <= 0 || c.holdout >= 1) throw InputError("--holdout must be in (0, 1)");
  return c;
}

int run_tune(const Args& args) {
  Compute compute = setup_compute(args);
  auto loaded = load_model(args.require("model"), compute.device);
  auto data = open_dataset(args.require("data"));
  const auto classes = resolve_classes(*data, args.require("classes"));
  const std::string out = args.require("out");
  ProgressLine line;
  JobContext ctx = job_context(compute, nullptr, line.callbacks());
  TuneResult r = tune_lora(*loaded.model, *data, classes, tune_config_from(args), ctx);
  line.finish();
  r.adapter.info.name = std::filesystem::path(out).stem().string();
  r.adapter.info.provenance["data"] = path_for_record(args.get("data"), out);
  save_adapter(r.adapter, out);
  std::cout << "wrote " << out << ": " << classes.size() << " classes, held-out accuracy "
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

int run_make_zoo(const Args& args) {
  Compute compute = setup_compute(args);
  auto loaded = load_model(args.require("model"), compute.device);
  auto data = open_dataset(args.require("data"));
  ZooConfig z;
  z.count = int(args.get_int("count", z.count));
  z.way = int(args.get_int("way", z.way));
  if (z.count < 1 || z.way < 2) throw InputError("--count must be ≥ 1 and --way ≥ 2");
  z.tune = tune_config_from(args);
  if (args.has("classes-from")) z.class_pool = classes_from_file(*data, args.get("classes-from"));
  ProgressLine line;
  JobContext ctx = job_context(compute, nullptr, line.callbacks());
  // The data folder as the zoo's files record it: relative to the zoo folder.
  const std::string out = args.require("out");
  make_zoo(*loaded.model, *data, z, out,
           path_for_record(args.get("data"), (std::filesystem::path(out) / "index.json").string()),
           ctx);
  line.finish();
  std::cout << "wrote " << z.count << " LoRAs to " << args.get("out") << "\n";
  return 0;
}

const OptionSpec kTuneOptions =
    with_compute_options(OptionSpec{{"model", "data", "classes", "out", "rank", "alpha", "targets",
                                     "steps", "batch", "lr", "holdout"},
                                    {}});

const CommandRegistrar tune_registrar(Command{
    "tune-lora", "tune a LoRA + classification head on a labeled task",
    "usage: lora-recycle-cli tune-lora --model M --data D --classes c1,c2,… --out A.safetensors\n"
    "         [--rank 4] [--targets q,v] [--alpha R] [--steps 300] [--batch 32] [--lr 1e-3] "
    "[--holdout 0.2]\n"
    "  --classes  class names (or ids) of D forming the task\n"
    "  Adam with gradient-norm clip 50; the held-out accuracy and class names go into the "
    "adapter.\n",
    kTuneOptions, run_tune});

OptionSpec zoo_options() {
  OptionSpec s = kTuneOptions;
  s.values.erase("classes");
  s.values.insert({"count", "way", "classes-from"});
  return s;
}

const CommandRegistrar zoo_registrar(Command{
    "make-zoo", "tune many LoRAs on random N-way tasks (a LoRA market)",
    "usage: lora-recycle-cli make-zoo --model M --data D --count N --out DIR [--way 5] "
    "[--classes-from FILE]\n"
    "         [tune-lora options]\n"
    "  Writes DIR/lora_000.safetensors … and DIR/index.json; a re-run keeps finished LoRAs.\n",
    zoo_options(), run_make_zoo});

}  // namespace
}  // namespace lrc::cli
