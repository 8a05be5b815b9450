// classify --model M [--adapter A] --support NAME=IMG[,IMG...] ... QUERY... [--json]:
// tuning-free few-shot classification (docs/method.md §5, §7).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <set>

#include <torch/torch.h>

#include "commands.h"
#include "data/image.h"
#include "fewshot/prototypes.h"
#include "io/error.h"
#include "model/adapter_io.h"
#include "model/checkpoint.h"

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
std::vector<SupportClass> parse_support(const Args& args) {
  std::vector<SupportClass> classes;
  std::set<std::string> names;
  for (const auto& value : args.get_all("support")) {
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

int run_classify(const Args& args) {
  const auto support = parse_support(args);
  const auto& queries = args.positionals();
  if (queries.empty()) throw InputError("classify needs at least one QUERY image");
  Compute compute = setup_compute(args);
  auto loaded = load_model(args.require("model"), compute.device);
  std::optional<LoraAdapter> adapter;
  if (args.has("adapter")) adapter = load_adapter(args.get("adapter"), loaded.model->config());
  FewShotClassifier classifier(loaded.model, compute.device, adapter ? &*adapter : nullptr,
                               args.get_double("lora-scale", 1.0));
  classifier.set_batch_size(args.get_int("batch", 64));
  classifier.set_precision(compute.precision);
  if (args.has("metric") || args.has("cosine-scale")) {
    MetricOptions m = classifier.metric();
    m.metric = metric_from_name(args.get("metric", metric_name(m.metric)));
    m.cosine_scale = args.get_double("cosine-scale", m.cosine_scale);
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
  if (args.flag("json"))
    print_json(names, queries, results, t);
  else
    print_table(support, queries, results, t);
  return 0;
}

const CommandRegistrar registrar(Command{
    "classify", "few-shot classification of images from a labeled support set (no training)",
    "usage: lora-recycle-cli classify --model M [--adapter A] --support NAME=IMG[,IMG...] ... "
    "QUERY...\n"
    "                                 [--json] [--lora-scale S] [--batch N] [--metric "
    "sqeuclidean|cosine]\n"
    "  --support  one class: its name and its example images; repeat once per class (at least 2)\n"
    "  --json     {\"classes\", \"queries\": [{\"image\", \"predicted\", \"probabilities\", "
    "\"distances\"}],\n"
    "             \"latency_ms\" (all queries, decoding excluded), \"support_ms\"}\n"
    "  Each query gets softmax(-squared distance) to the mean feature of each class, or with\n"
    "  --metric cosine softmax(scale * cosine) (--cosine-scale 10). Default: the metric the\n"
    "  adapter was meta-trained with (recorded in its metadata), else sqeuclidean.\n",
    with_compute_options(OptionSpec{
        {"model", "adapter", "support", "lora-scale", "batch", "metric", "cosine-scale"},
        {"json"}}),
    run_classify});

}  // namespace
}  // namespace lrc::cli
