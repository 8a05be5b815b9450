// classify --model M [--adapter A] --support NAME=IMG[,IMG...] ... QUERY... [--json]:
// tuning-free few-shot classification (docs/method.md §5, §7).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

#include <torch/torch.h>

#include "commands.h"
#include "data/image.h"
#include "fewshot/prototypes.h"
#include "io/error.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"
#include "parse.h"

namespace lrc::cli {

namespace {

struct SupportClass {
  std::string name;
  std::vector<std::string> images;
};

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out(1);
  for (char c : text) {
    if (c == ',')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

// Every --support NAME=IMG[,IMG...]: one class each, names unique, at least two classes.
std::vector<SupportClass> parse_support(const std::vector<std::string>& values) {
  std::vector<SupportClass> classes;
  std::set<std::string> names;
  for (const auto& value : values) {
    const auto eq = value.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("--support \"" + value + "\": expected NAME=IMAGE[,IMAGE...]");
    SupportClass c{value.substr(0, eq), {}};
    for (auto& image : split_commas(value.substr(eq + 1)))
      if (!image.empty()) c.images.push_back(std::move(image));
    if (c.images.empty())
      throw InputError("--support " + c.name + "=: class \"" + c.name + "\" has no images");
    if (!names.insert(c.name).second)
      throw InputError("--support: class \"" + c.name + "\" is given twice");
    classes.push_back(std::move(c));
  }
  if (classes.size() < 2)
    throw InputError(
        "classify needs at least 2 classes (one --support NAME=IMAGE[,IMAGE...] each), got " +
        std::to_string(classes.size()));
  return classes;
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

struct Timings {
  double support_ms = 0.0;
  double query_ms = 0.0;  // forward passes + prototype matching of all queries (decoding excluded)
};

void print_json(const std::vector<std::string>& classes, const std::vector<std::string>& queries,
                const std::vector<QueryResult>& results, const Timings& t) {
  Json j = Json::object();
  Json names = Json::array();
  for (const auto& c : classes) names.push_back(c);
  j["classes"] = std::move(names);
  Json rows = Json::array();
  for (size_t q = 0; q < results.size(); ++q) {
    Json probabilities = Json::object(), distances = Json::object();
    for (size_t c = 0; c < classes.size(); ++c) {
      probabilities[classes[c]] = results[q].probabilities[c];
      distances[classes[c]] = results[q].distances[c];
    }
    Json row = Json::object();
    row["image"] = queries[q];
    row["predicted"] = classes[size_t(results[q].predicted)];
    row["probabilities"] = std::move(probabilities);
    row["distances"] = std::move(distances);
    rows.push_back(std::move(row));
  }
  j["queries"] = std::move(rows);
  j["latency_ms"] = t.query_ms;
  j["support_ms"] = t.support_ms;
  std::cout << j.dump() << "\n";
}

void print_table(const std::vector<SupportClass>& classes, const std::vector<std::string>& queries,
                 const std::vector<QueryResult>& results, const Timings& t) {
  size_t width = 5;
  for (const auto& q : queries) width = std::max(width, q.size());
  std::printf("%-*s  %-12s", int(width), "query", "predicted");
  for (const auto& c : classes) std::printf("  %10.10s", c.name.c_str());
  std::printf("\n");
  for (size_t q = 0; q < results.size(); ++q) {
    std::printf("%-*s  %-12s", int(width), queries[q].c_str(),
                classes[size_t(results[q].predicted)].name.c_str());
    for (double p : results[q].probabilities) std::printf("  %10.4f", p);
    std::printf("\n");
  }
  std::printf("(probabilities; %zu classes; support %.1f ms, %zu queries %.1f ms)\n",
              classes.size(), t.support_ms, queries.size(), t.query_ms);
}

// Every classify flag, bound where it is declared. The metric is left empty (and the cosine
// scale unset) so that the adapter's recorded metric applies unless one is given.
struct ClassifyFlags {
  std::string model, adapter, metric;
  std::vector<std::string> support, queries;
  double lora_scale = 1.0;
  int batch = 64;
  double cosine_scale = MetricOptions{}.cosine_scale;
  const CLI::Option* cosine_scale_option = nullptr;
  bool json = false;
  ComputeFlags compute;
};

void declare_classify_options(CLI::App& app, ClassifyFlags& f) {
  add_required(app, "--model", f.model, "the VFM (HF folder, timm / HF-ViT / project file)");
  app.add_option("--adapter", f.adapter, "a LoRA applied to the VFM (e.g. the meta-LoRA)");
  app.add_option("--support", f.support,
                 "NAME=IMG[,IMG...]: one class, its name and its example images; repeat once "
                 "per class (at least 2)")
      ->expected(1)
      ->allow_extra_args(false)  // one class per occurrence; what follows is a query
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--json", f.json,
               "{\"classes\", \"queries\": [{\"image\", \"predicted\", \"probabilities\", "
               "\"distances\"}], \"latency_ms\" (all queries, decoding excluded), "
               "\"support_ms\"}");
  app.add_option("--lora-scale", f.lora_scale, "multiplier of the adapter's update")
      ->capture_default_str();
  app.add_option("--batch", f.batch, "images per forward pass")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--metric", f.metric,
                 "sqeuclidean: softmax(-squared distance) to the mean feature of each class; "
                 "cosine: softmax(scale * cosine) (default: the metric the adapter was "
                 "meta-trained with, recorded in its metadata, else sqeuclidean)");
  f.cosine_scale_option =
      app.add_option("--cosine-scale", f.cosine_scale,
                     "scale of the cosine logits (default: the adapter's recorded one, else this)")
          ->capture_default_str();
  app.add_option("QUERY", f.queries, "the images to classify");
  add_compute_options(app, f.compute);
}

int run_classify(const ClassifyFlags& f) {
  const auto support = parse_support(f.support);
  const auto& queries = f.queries;
  if (queries.empty()) throw InputError("classify needs at least one QUERY image");
  Compute compute = setup_compute(f.compute);
  auto loaded = load_model(f.model, compute.device);
  std::optional<LoraAdapter> adapter;
  if (!f.adapter.empty()) adapter = load_adapter(f.adapter, loaded.model->config());
  FewShotClassifier classifier(loaded.model, compute.device, adapter ? &*adapter : nullptr,
                               f.lora_scale);
  classifier.set_batch_size(f.batch);
  classifier.set_precision(compute.precision);
  const bool cosine_scale_given = f.cosine_scale_option->count() > 0;
  if (!f.metric.empty() || cosine_scale_given) {
    MetricOptions m = classifier.metric();
    if (!f.metric.empty()) m.metric = metric_from_name(f.metric);
    if (cosine_scale_given) m.cosine_scale = f.cosine_scale;
    classifier.set_metric(m);
  }
  const ViTConfig& config = loaded.model->config();

  std::vector<torch::Tensor> images;
  std::vector<std::string> names;
  for (const auto& c : support) {
    images.push_back(load_images(c.images, config));
    names.push_back(c.name);
  }
  const auto query_pixels = load_images(queries, config);
  Timings t;
  auto start = std::chrono::steady_clock::now();
  classifier.set_support(images, names);
  t.support_ms = ms_since(start);
  start = std::chrono::steady_clock::now();
  const auto results = classifier.classify(query_pixels);
  t.query_ms = ms_since(start);
  if (f.json)
    print_json(names, queries, results, t);
  else
    print_table(support, queries, results, t);
  return 0;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "classify";
  c.summary = "few-shot classification of images from a labeled support set (no training)";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<ClassifyFlags>();
    declare_classify_options(app, *f);
    return [f] { return run_classify(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
