// evaluate: docs/method.md §6 — methods on the same seeded N-way K-shot episodes, mean ± 95 % CI.
#include <iostream>
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
#include "progress.h"
#include "recycle/zoo.h"

namespace lrc::cli {

namespace {

EvalConfig config_from(const Args& args, const LoraAdapter* adapter) {
  EvalConfig c;
  c.way = int(args.get_int("way", c.way));
  c.shot = int(args.get_int("shot", c.shot));
  c.query = int(args.get_int("query", c.query));
  c.episodes = args.get_int("episodes", c.episodes);
  c.seed = uint64_t(args.get_int("seed", 0));
  c.finetune_steps = args.get_int("finetune-steps", c.finetune_steps);
  c.probe_steps = args.get_int("probe-steps", c.probe_steps);
  if (c.way < 2 || c.shot < 1 || c.query < 1 || c.episodes < 1)
    throw InputError("need --way ≥ 2, --shot ≥ 1, --query ≥ 1 and --episodes ≥ 1");
  // A meta-LoRA records the metric it was trained with; use it unless told otherwise.
  const MetricOptions recorded = adapter ? recorded_metric(*adapter) : MetricOptions{};
  c.metric.metric = metric_from_name(args.get("metric", metric_name(recorded.metric)));
  c.metric.cosine_scale = args.get_double("cosine-scale", recorded.cosine_scale);
  return c;
}

std::vector<std::string> split(const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream ss(csv);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

int run_evaluate(const Args& args) {
  Compute compute = setup_compute(args);
  auto loaded = load_model(args.require("model"), compute.device);
  ViTImpl& model = *loaded.model;
  auto data = open_dataset(args.require("data"));
  std::optional<LoraAdapter> adapter;
  if (args.has("adapter")) adapter = load_adapter(args.get("adapter"), model.config());
  const auto methods = split(args.get("method", "protonet"));
  if (methods.empty()) throw InputError("--method is empty");
  EvalConfig c = config_from(args, adapter ? &*adapter : nullptr);
  ProgressLine line;
  JobContext ctx = job_context(compute, interrupt_token(), line.callbacks());
  std::vector<EvalResult> results;
  for (const auto& name : methods) {
    EpisodeAccuracies acc;
    if (name == "zoo-average") {
      if (!args.has("zoo")) throw InputError("method zoo-average needs --zoo DIR");
      LoraAdapter avg = average_adapters(load_zoo(args.get("zoo"), model.config()));
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
  if (!args.flag("json")) {
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

const CommandRegistrar registrar(Command{
    "evaluate", "few-shot accuracy (mean ± 95 % CI) of methods on the same seeded episodes",
    "usage: lora-recycle-cli evaluate --model M --data D [--adapter A] [--method m1,m2,…] [--zoo "
    "DIR]\n"
    "         [--way 5 --shot 1 --query 15] [--episodes 600] [--seed 0] [--metric "
    "sqeuclidean|cosine]\n"
    "         [--finetune-steps 50] [--probe-steps 100] [--json]\n"
    "  methods: protonet (tuning-free prototypes), linear-probe, lora-finetune, full-finetune,\n"
    "           zoo-average (prototypes with the averaged LoRAs of --zoo)\n"
    "  --adapter  apply this adapter (e.g. the meta-LoRA) for every method\n"
    "  --json     "
    "{\"method\",\"way\",\"shot\",\"query\",\"episodes\",\"mean\",\"ci95\",\"seconds\"} (an array "
    "for several)\n",
    with_compute_options(OptionSpec{
        {"model", "data", "adapter", "method", "zoo", "way", "shot", "query", "episodes", "metric",
         "cosine-scale", "finetune-steps", "probe-steps"},
        {"json"}}),
    run_evaluate});

}  // namespace
}  // namespace lrc::cli
