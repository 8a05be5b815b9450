// evaluate: docs/method.md §6 — methods on the same seeded N-way K-shot episodes, mean ± 95 % CI.
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <torch/torch.h>

#include "commands.h"
#include "fewshot/evaluation.h"
#include "fewshot/prototypes.h"
#include "fewshot/stats.h"
#include "io/error.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"
#include "parse.h"
#include "progress.h"
#include "recycle/zoo.h"

namespace lrc::cli {

namespace {

std::vector<std::string> split(const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream ss(csv);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// Every evaluate flag, bound where it is declared: the episode settings are EvalConfig's (the
// core's defaults). The metric is left empty (and the cosine scale unset) so that the adapter's
// recorded metric applies unless one is given.
struct EvaluateFlags {
  std::string model, data, adapter, zoo, metric;
  std::string methods = "protonet";
  EvalConfig config;
  const CLI::Option* cosine_scale_option = nullptr;
  bool json = false;
  ComputeFlags compute;
};

void declare_evaluate_options(CLI::App& app, EvaluateFlags& f) {
  EvalConfig& c = f.config;
  add_required(app, "--model", f.model, "the VFM (HF folder, timm / HF-ViT / project file)");
  add_required(app, "--data", f.data, "labeled images, one sub-folder per class");
  app.add_option("--adapter", f.adapter,
                 "apply this adapter (e.g. the meta-LoRA) for every method");
  app.add_option("--method", f.methods,
                 "comma-separated: protonet (tuning-free prototypes), linear-probe, lora-finetune, "
                 "full-finetune, zoo-average (prototypes with the averaged LoRAs of --zoo)")
      ->capture_default_str();
  app.add_option("--zoo", f.zoo, "a collection of LoRAs, for zoo-average");
  app.add_option("--way", c.way, "classes per episode")->capture_default_str()->check(at_least(2));
  app.add_option("--shot", c.shot, "support images per class")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--query", c.query, "query images per class")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--episodes", c.episodes, "episodes, the same for every method")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--metric", f.metric,
                 "sqeuclidean or cosine (default: the metric the adapter was meta-trained with, "
                 "recorded in its metadata, else sqeuclidean)");
  f.cosine_scale_option =
      app.add_option("--cosine-scale", c.metric.cosine_scale,
                     "scale of the cosine logits (default: the adapter's recorded one, else this)")
          ->capture_default_str();
  app.add_option("--finetune-steps", c.finetune_steps, "Adam steps of lora- and full-finetune")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_option("--probe-steps", c.probe_steps, "Adam steps of linear-probe")
      ->capture_default_str()
      ->check(at_least(0));
  app.add_flag("--json", f.json,
               "{\"method\",\"way\",\"shot\",\"query\",\"episodes\",\"mean\",\"ci95\","
               "\"seconds\"} (an array for several methods)");
  add_compute_options(app, f.compute);
}

// The episode settings with the seed and the metric: a meta-LoRA records the metric it was
// trained with, used unless told otherwise.
EvalConfig config_from(const EvaluateFlags& f, const LoraAdapter* adapter) {
  EvalConfig c = f.config;
  c.seed = f.compute.seed;
  const MetricOptions recorded = adapter ? recorded_metric(*adapter) : MetricOptions{};
  c.metric.metric = f.metric.empty() ? recorded.metric : metric_from_name(f.metric);
  if (f.cosine_scale_option->count() == 0) c.metric.cosine_scale = recorded.cosine_scale;
  return c;
}

int run_evaluate(const EvaluateFlags& f) {
  Compute compute = setup_compute(f.compute);
  auto loaded = load_model(f.model, compute.device);
  ViTImpl& model = *loaded.model;
  auto data = open_dataset(f.data);
  std::optional<LoraAdapter> adapter;
  if (!f.adapter.empty()) adapter = load_adapter(f.adapter, model.config());
  const auto methods = split(f.methods);
  if (methods.empty()) throw InputError("--method is empty");
  EvalConfig c = config_from(f, adapter ? &*adapter : nullptr);
  ProgressLine line;
  JobContext ctx = job_context(compute, interrupt_token(), line.callbacks());
  std::vector<EvalResult> results;
  for (const auto& name : methods) {
    EpisodeAccuracies acc;
    if (name == "zoo-average") {
      if (f.zoo.empty()) throw InputError("method zoo-average needs --zoo DIR");
      LoraAdapter avg = average_adapters(load_zoo(f.zoo, model.config()));
      acc = evaluate_method(model, *data, Method::ProtoNet, &avg, c, ctx, "zoo-average");
    } else {
      const Method m = method_from_name(name);
      std::string label = name;
      if (adapter) label += "+" + adapter->info.name;
      acc = evaluate_method(model, *data, m, adapter ? &*adapter : nullptr, c, ctx, label);
    }
    const MeanCi s = mean_ci95(acc.accuracies);
    results.push_back(
        {acc.method, c.way, c.shot, c.query, c.episodes, s.mean, s.ci95, acc.seconds});
  }
  line.finish();
  if (!f.json) {
    std::cout << markdown_table(results);
  } else if (results.size() == 1) {
    std::cout << results.front().to_json().dump() << "\n";
  } else {
    Json all = Json::array();
    for (const auto& r : results) all.push_back(r.to_json());
    std::cout << all.dump() << "\n";
  }
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "evaluate";
  c.summary = "few-shot accuracy (mean ± 95 % CI) of methods on the same seeded episodes";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<EvaluateFlags>();
    declare_evaluate_options(app, *f);
    return [f] { return run_evaluate(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
