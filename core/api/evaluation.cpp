#include "api/evaluation.h"

#include <optional>

#include <torch/torch.h>

#include "api/internal.h"
#include "data/dataset.h"
#include "fewshot/evaluation.h"
#include "fewshot/prototypes.h"
#include "fewshot/stats.h"
#include "io/error.h"
#include "model/adapter_io.h"
#include "recycle/zoo.h"
#include "runtime/precision.h"
#include "runtime/runtime.h"

namespace lrc::api {

namespace {

const char* const kZooAverage = "zoo-average";

void require_at_least(const char* setting, int64_t value, int64_t min) {
  if (value < min)
    throw InputError(std::string(setting) + " must be at least " + std::to_string(min) + ", got " +
                     std::to_string(value));
}

// Every method name checked before the first episode runs, so a typo in the last one does not
// cost the others' time.
void check_methods(const EvaluationSettings& s) {
  if (s.methods.empty()) throw InputError("methods: none given");
  for (const auto& name : s.methods) {
    if (name != kZooAverage)
      method_from_name(name);  // throws "unknown method …"
    else if (s.zoo_dir.empty())
      throw InputError("method zoo-average needs a LoRA collection (zoo)");
  }
}

// The episode settings; a meta-LoRA records the metric it was trained with, used unless the
// settings name one.
EvalConfig eval_config(const EvaluationSettings& s, const LoraAdapter* adapter) {
  require_at_least("way", s.way, 2);
  require_at_least("shot", s.shot, 1);
  require_at_least("query", s.query, 1);
  require_at_least("episodes", s.episodes, 1);
  require_at_least("probe steps", s.probe_steps, 0);
  require_at_least("finetune steps", s.finetune_steps, 0);
  EvalConfig c;
  c.way = s.way;
  c.shot = s.shot;
  c.query = s.query;
  c.episodes = s.episodes;
  c.seed = s.seed;
  c.probe_steps = s.probe_steps;
  c.finetune_steps = s.finetune_steps;
  const MetricOptions recorded = adapter ? recorded_metric(*adapter) : MetricOptions{};
  c.metric.metric = s.metric.empty() ? recorded.metric : metric_from_name(s.metric);
  c.metric.cosine_scale = s.cosine_scale > 0.0 ? s.cosine_scale : recorded.cosine_scale;
  return c;
}

MethodAccuracy summarize(const EpisodeAccuracies& acc, const EvalConfig& c) {
  const MeanCi s = mean_ci95(acc.accuracies);
  return {acc.method, c.way, c.shot, c.query, c.episodes, s.mean, s.ci95, acc.seconds};
}

EvalResult to_core(const MethodAccuracy& m) {
  return {m.method, m.way, m.shot, m.query, m.episodes, m.mean, m.ci95, m.seconds};
}

EvaluationOutcome run_evaluation_impl(const Model& model, const EvaluationSettings& s,
                                      const JobCallbacksPlain& callbacks,
                                      const JobControl& control) {
  check_methods(s);
  if (s.threads > 0) lrc::set_threads(s.threads);
  const Model::Impl& m = model.impl();
  const Precision precision = parse_precision(s.precision);
  resolve_precision(precision, m.device);  // a bad choice fails before any loading
  const auto data = open_dataset(s.data_dir);
  std::optional<LoraAdapter> adapter;
  if (!s.adapter_path.empty()) adapter = load_adapter(s.adapter_path, m.config());
  const EvalConfig c = eval_config(s, adapter ? &*adapter : nullptr);
  JobContext ctx{m.device, s.seed, &control.token(), core_callbacks(callbacks, "evaluate", {})};
  ctx.precision = precision;
  EvaluationOutcome out;
  for (const auto& name : s.methods) {
    EpisodeAccuracies acc;
    if (name == kZooAverage) {
      const LoraAdapter average = average_adapters(load_zoo(s.zoo_dir, m.config()));
      acc = evaluate_method(m.vit(), *data, Method::ProtoNet, &average, c, ctx, kZooAverage);
    } else {
      const std::string label = adapter ? name + "+" + adapter->info.name : name;
      acc = evaluate_method(m.vit(), *data, method_from_name(name), adapter ? &*adapter : nullptr,
                            c, ctx, label);
    }
    out.methods.push_back(summarize(acc, c));
  }
  return out;
}

}  // namespace

std::string EvaluationOutcome::markdown_table() const {
  std::vector<EvalResult> rows;
  for (const auto& m : methods) rows.push_back(to_core(m));
  return lrc::markdown_table(rows);
}

std::string EvaluationOutcome::json() const {
  if (methods.size() == 1) return to_core(methods.front()).to_json().dump();
  Json all = Json::array();
  for (const auto& m : methods) all.push_back(to_core(m).to_json());
  return all.dump();
}

EvaluationOutcome run_evaluation(const Model& model, const EvaluationSettings& settings,
                                 const JobCallbacksPlain& callbacks, const JobControl& control) {
  return without_torch_backtraces(
      [&] { return run_evaluation_impl(model, settings, callbacks, control); });
}

}  // namespace lrc::api
