// evaluate: docs/method.md §6 — methods on the same seeded N-way K-shot
// episodes, mean ± 95 % CI. A thin adapter: flags → api::EvaluationSettings →
// core/api → print.
#include <iostream>
#include <memory>
#include <sstream>

#include "api/evaluation.h"
#include "api/session.h"
#include "commands.h"
#include "io/error.h"
#include "io/text.h"
#include "parse.h"
#include "progress.h"

namespace lrc::cli {

namespace {

std::vector<std::string> split(const std::string& csv) {
  std::vector<std::string> out;
  for (std::string& item : split_list(csv))
    if (!item.empty()) out.push_back(std::move(item));
  return out;
}

// Every evaluate flag, bound to the one settings struct: the defaults shown in
// the help are api::EvaluationSettings' (the core's).
struct EvaluateFlags {
  api::EvaluationSettings s;
  std::string model;
  std::string methods;  // comma-separated; becomes s.methods
  bool json = false;
  ComputeFlags compute;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

void declare_evaluate_options(CLI::App& app, EvaluateFlags& f) {
  api::EvaluationSettings& s = f.s;
  f.methods = joined(s.methods);
  add_required(app, "--model", f.model, "the VFM (HF folder, timm / HF-ViT / project file)");
  add_required(app, "--data", s.data_dir, "labeled images, one sub-folder per class");
  app.add_option("--adapter", s.adapter_path,
                 "apply this adapter (e.g. the meta-LoRA) for every method");
  app.add_option("--method", f.methods,
                 "comma-separated: protonet (tuning-free prototypes), "
                 "linear-probe, lora-finetune, "
                 "full-finetune, zoo-average (prototypes with the averaged "
                 "LoRAs of --zoo)")
      ->capture_default_str();
  app.add_option("--zoo", s.zoo_dir, "a collection of LoRAs, for zoo-average");
  add_episode_options(app, s.way, s.shot, s.query);
  app.add_option("--episodes", s.episodes, "episodes, the same for every method")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--metric", s.metric,
                 "sqeuclidean or cosine (default: the metric the adapter was "
                 "meta-trained with, "
                 "recorded in its metadata, else sqeuclidean)");
  app.add_option("--cosine-scale", s.cosine_scale,
                 "scale of the cosine logits (default: the adapter's recorded "
                 "one, else 10)")
      ->check(CLI::PositiveNumber);
  app.add_option("--finetune-steps", s.finetune_steps, "Adam steps of lora- and full-finetune")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--probe-steps", s.probe_steps, "Adam steps of linear-probe")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_flag("--json", f.json,
               "{\"method\",\"way\",\"shot\",\"query\",\"episodes\",\"mean\",\"ci95\","
               "\"seconds\"} (an array for several methods)");
  add_compute_options(app, f.compute);
}

// The flags the compute options share with the settings, and the method list,
// worded with the flags (the core checks the names themselves).
void finish_settings(EvaluateFlags& f) {
  api::EvaluationSettings& s = f.s;
  s.methods = split(f.methods);
  if (s.methods.empty()) throw InputError("--method is empty");
  for (const auto& m : s.methods)
    if (m == "zoo-average" && s.zoo_dir.empty())
      throw InputError("method zoo-average needs --zoo DIR");
  s.seed = f.compute.seed;
  s.precision = f.compute.precision;
}

int run_evaluate(EvaluateFlags& f) {
  setup_compute(f.compute);  // --threads, --device and --precision checked
                             // before any loading
  finish_settings(f);
  const auto model = api::Model::load(f.model, f.compute.device);
  ProgressLine line;
  const auto outcome =
      api::run_evaluation(*model, f.s, line.plain_callbacks(), interrupt_control());
  line.finish();
  if (f.json)
    std::cout << outcome.json() << "\n";
  else
    std::cout << outcome.markdown_table();
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "evaluate";
  c.summary =
      "few-shot accuracy (mean ± 95 % CI) of methods on the same "
      "seeded episodes";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<EvaluateFlags>();
    declare_evaluate_options(app, *f);
    return [f] { return run_evaluate(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
