// classify --model M [--adapter A] --support NAME=IMG[,IMG...] ... QUERY...
// [--json]: tuning-free few-shot classification (docs/method.md §5, §7). A thin
// adapter: flags → api::FewShotSettings → api::FewShot → print.
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

#include "api/session.h"
#include "commands.h"
#include "io/error.h"
#include "io/json.h"
#include "io/text.h"
#include "parse.h"

namespace lrc::cli {

namespace {

// The classes of the support set, in the order given, with their images.
struct SupportSet {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> images;
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

// Every --support NAME=IMG[,IMG...]: one class each, names unique, at least two
// classes.
SupportSet parse_support(const std::vector<std::string>& values) {
  SupportSet support;
  std::set<std::string> names;
  for (const auto& value : values) {
    const auto eq = value.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("--support \"" + value + "\": expected NAME=IMAGE[,IMAGE...]");
    const std::string name = value.substr(0, eq);
    std::vector<std::string> images;
    for (auto& image : split_commas(value.substr(eq + 1)))
      if (!image.empty()) images.push_back(std::move(image));
    if (images.empty())
      throw InputError("--support " + name + "=: class \"" + name + "\" has no images");
    if (!names.insert(name).second)
      throw InputError("--support: class \"" + name + "\" is given twice");
    support.names.push_back(name);
    support.images.push_back(std::move(images));
  }
  if (support.names.size() < 2)
    throw InputError(
        "classify needs at least 2 classes (one --support "
        "NAME=IMAGE[,IMAGE...] each), got " +
        std::to_string(support.names.size()));
  return support;
}

// The answers of the readable queries (the unreadable ones are reported on
// stderr).
std::vector<const api::QueryAnswer*> readable(const std::vector<api::QueryAnswer>& answers) {
  std::vector<const api::QueryAnswer*> out;
  for (const auto& a : answers)
    if (a.error.empty()) out.push_back(&a);
  return out;
}

void print_json(const std::vector<std::string>& classes,
                const std::vector<const api::QueryAnswer*>& answers, const api::ClassifyTiming& t) {
  Json j = Json::object();
  Json names = Json::array();
  for (const auto& c : classes) names.push_back(c);
  j["classes"] = std::move(names);
  Json rows = Json::array();
  for (const api::QueryAnswer* a : answers) {
    Json probabilities = Json::object(), distances = Json::object();
    for (size_t c = 0; c < classes.size(); ++c) {
      probabilities[classes[c]] = a->probabilities[c];
      distances[classes[c]] = a->distances[c];
    }
    Json row = Json::object();
    row["image"] = a->path;
    row["predicted"] = classes[size_t(a->predicted)];
    row["probabilities"] = std::move(probabilities);
    row["distances"] = std::move(distances);
    rows.push_back(std::move(row));
  }
  j["queries"] = std::move(rows);
  j["latency_ms"] = t.query_ms;
  j["support_ms"] = t.support_ms;
  std::cout << j.dump() << "\n";
}

void print_table(const std::vector<std::string>& classes,
                 const std::vector<const api::QueryAnswer*>& answers,
                 const api::ClassifyTiming& t) {
  size_t width = 5;
  for (const api::QueryAnswer* a : answers) width = std::max(width, a->path.size());
  std::printf("%-*s  %-12s", int(width), "query", "predicted");
  for (const auto& c : classes) std::printf("  %10.10s", c.c_str());
  std::printf("\n");
  for (const api::QueryAnswer* a : answers) {
    std::printf("%-*s  %-12s", int(width), a->path.c_str(), classes[size_t(a->predicted)].c_str());
    for (double p : a->probabilities) std::printf("  %10.4f", p);
    std::printf("\n");
  }
  std::printf("(probabilities; %zu classes; support %.1f ms, %zu queries %.1f ms)\n",
              classes.size(), t.support_ms, answers.size(), t.query_ms);
}

// Every classify flag, bound to the one settings struct: the defaults shown in
// the help are api::FewShotSettings' (the core's).
struct ClassifyFlags {
  api::FewShotSettings s;
  std::string model;
  std::vector<std::string> support, queries;
  bool json = false;
  ComputeFlags compute;
};

void declare_classify_options(CLI::App& app, ClassifyFlags& f) {
  api::FewShotSettings& s = f.s;
  add_required(app, "--model", f.model, "the VFM (HF folder, timm / HF-ViT / project file)");
  app.add_option("--adapter", s.adapter_path, "a LoRA applied to the VFM (e.g. the meta-LoRA)");
  app.add_option("--support", f.support,
                 "NAME=IMG[,IMG...]: one class, its name and its example "
                 "images; repeat once "
                 "per class (at least 2)")
      ->expected(1)
      ->allow_extra_args(false)  // one class per occurrence; what follows is a query
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--json", f.json,
               "{\"classes\", \"queries\": [{\"image\", \"predicted\", "
               "\"probabilities\", "
               "\"distances\"}], \"latency_ms\" (all queries, decoding excluded), "
               "\"support_ms\"}");
  app.add_option("--lora-scale", s.lora_scale, "multiplier of the adapter's update")
      ->capture_default_str();
  app.add_option("--batch", s.batch, "images per forward pass")
      ->capture_default_str()
      ->check(at_least(1));
  app.add_option("--metric", s.metric,
                 "sqeuclidean: softmax(-squared distance) to the mean feature of each "
                 "class; "
                 "cosine: softmax(scale * cosine) (default: the metric the adapter was "
                 "meta-trained with, recorded in its metadata, else sqeuclidean)");
  app.add_option("--cosine-scale", s.cosine_scale,
                 "scale of the cosine logits (default: the adapter's recorded "
                 "one, else 10)")
      ->check(CLI::PositiveNumber);
  app.add_option("QUERY", f.queries, "the images to classify");
  add_compute_options(app, f.compute);
}

int run_classify(ClassifyFlags& f) {
  const SupportSet support = parse_support(f.support);
  if (f.queries.empty()) throw InputError("classify needs at least one QUERY image");
  setup_compute(f.compute);  // --threads, --device and --precision checked
                             // before any loading
  f.s.precision = f.compute.precision;
  const auto model = api::Model::load(f.model, f.compute.device);
  api::FewShot classifier(model, f.s);
  for (const auto& w : classifier.adapter_warnings())
    std::cerr << "warning: " << printable(w) << "\n";
  classifier.set_support(support.names, support.images);
  api::ClassifyTiming t;
  const auto answers = classifier.classify(f.queries, &t);
  const auto answered = readable(answers);
  if (f.json)
    print_json(support.names, answered, t);
  else
    print_table(support.names, answered, t);
  // The others are answered; an unreadable query still fails the command (exit
  // 2).
  for (const auto& a : answers)
    if (!a.error.empty()) std::cerr << "error: " << a.error << "\n";
  return answered.size() == answers.size() ? 0 : 2;
}

const CommandRegistrar registrar([] {
  Command c;
  c.name = "classify";
  c.summary =
      "few-shot classification of images from a labeled support set "
      "(no training)";
  c.declare = [](CLI::App& app) -> std::function<int()> {
    auto f = std::make_shared<ClassifyFlags>();
    declare_classify_options(app, *f);
    return [f] { return run_classify(*f); };
  };
  return c;
}());

}  // namespace
}  // namespace lrc::cli
