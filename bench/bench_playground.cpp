// Drag-to-prediction latency of the playground on the embedded default: the library calls the
// GUI's classification worker makes when a query image is dropped (FewShot::set_support with the
// support set unchanged, so its prototypes are cached, then FewShot::classify over the queries),
// for the plain VFM and the VFM + meta-LoRA, as the Compare mode runs them one after the other.
//
//   bench_playground [--default-dir DIR] [--repeats N] [--threads N] [--precision P]
//
// Prints min / median / max per drop, for one new query and for the whole sample task, and the
// ratio of the median to the 50 ms budget. Decoding the dropped file is part of classify (it reads
// the query from disk, as the GUI does); the GUI's thumbnail and repaint are not.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "api/session.h"

namespace fs = std::filesystem;
using lrc::api::FewShot;

namespace {

struct Task {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> support;
  std::vector<std::string> queries;
};

// The GUI's "Samples" (PlaygroundPage::loadSamples): one class per sub-folder (at most 8), its
// first image the support, the next two queries.
Task sample_task(const std::string& samples) {
  Task t;
  std::vector<fs::path> classes;
  for (const auto& e : fs::directory_iterator(samples))
    if (e.is_directory()) classes.push_back(e.path());
  std::sort(classes.begin(), classes.end());
  if (classes.size() > 8) classes.resize(8);
  for (const auto& c : classes) {
    std::vector<fs::path> images;
    for (const auto& e : fs::directory_iterator(c))
      if (e.is_regular_file() && e.path().extension() == ".png") images.push_back(e.path());
    std::sort(images.begin(), images.end());
    if (images.empty()) continue;
    t.names.push_back(c.filename().string());
    t.support.push_back({images.front().string()});
    for (size_t i = 1; i < images.size() && i <= 2; ++i) t.queries.push_back(images[i].string());
  }
  return t;
}

struct Stats {
  double min = 0, median = 0, max = 0;
};

Stats stats(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {ms.front(), ms[ms.size() / 2], ms.back()};
}

// One drop: both columns re-classify every query against their cached prototypes.
double drop_ms(FewShot& plain, FewShot& meta, const Task& t,
               const std::vector<std::string>& queries) {
  const auto start = std::chrono::steady_clock::now();
  for (FewShot* f : {&plain, &meta}) {
    f->set_support(t.names, t.support);  // unchanged: the cached prototypes are reused
    const auto answers = f->classify(queries);
    if (answers.size() != queries.size() || !answers.front().error.empty())
      throw std::runtime_error("classify failed: " + answers.front().error);
  }
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Drag-to-prediction latency of the playground on the embedded default"};
  std::string dir;
  int repeats = 30, threads = 0;
  std::string precision = "auto";
  app.add_option("--default-dir", dir,
                 "the embedded default's folder (default: found as the GUI does)");
  app.add_option("--repeats", repeats, "drops timed per case")->check(CLI::Range(3, 100000));
  app.add_option("--threads", threads, "LibTorch threads (0: every core)");
  app.add_option("--precision", precision, "auto, fp32, bf16 or fp16");
  CLI11_PARSE(app, argc, argv);
  try {
    if (dir.empty())
      dir = lrc::api::locate_default_dir(fs::absolute(argv[0]).parent_path().string(),
                                         LRC_SOURCE_DIR);
    const auto d = lrc::api::inspect_default_dir(dir);
    if (!d.has_model() || d.meta_lora.empty() || d.samples.empty())
      throw std::runtime_error(dir + ": no embedded default (model, meta-LoRA and samples) here");
    const int used = lrc::api::set_threads(threads);
    auto model = lrc::api::Model::load(d.model, "cpu");
    FewShot plain(model), meta(model, d.meta_lora);
    for (FewShot* f : {&plain, &meta}) {
      f->set_precision(precision);
      f->set_metric("cosine");  // the page's default
    }
    const Task t = sample_task(d.samples);
    if (t.queries.empty()) throw std::runtime_error(d.samples + ": no sample queries");
    std::printf("embedded default %s · %zu classes · %zu sample queries · %d threads · %s\n",
                d.dir.c_str(), t.names.size(), t.queries.size(), used, plain.precision().c_str());
    // The first drop embeds the support set (and warms up): not what a later drop costs.
    drop_ms(plain, meta, t, t.queries);
    const std::vector<std::string> one{t.queries.front()};
    struct Case {
      const char* name;
      const std::vector<std::string>* queries;
    } cases[] = {{"one new query", &one}, {"the whole sample task", &t.queries}};
    for (const Case& c : cases) {
      std::vector<double> ms;
      for (int i = 0; i < repeats; ++i) ms.push_back(drop_ms(plain, meta, t, *c.queries));
      const Stats s = stats(ms);
      std::printf(
          "drop → both columns answered, %-22s (%2zu queries): min %6.1f  median %6.1f  "
          "max %6.1f ms · median / 50 ms budget = %.2f\n",
          c.name, c.queries->size(), s.min, s.median, s.max, s.median / 50.0);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_playground: %s\n", e.what());
    return 1;
  }
  return 0;
}
