#include "fewshot/stats.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "io/error.h"

namespace lrc {

MeanCi mean_ci95(const std::vector<double>& accuracies) {
  if (accuracies.empty()) throw InputError("no accuracies to summarize (zero episodes)");
  MeanCi r;
  r.n = int64_t(accuracies.size());
  double sum = 0.0;
  for (double a : accuracies) sum += a;
  r.mean = sum / double(r.n);
  if (r.n < 2) {
    r.std = r.ci95 = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  double squares = 0.0;  // two passes: the one-pass formula cancels badly near 100 % accuracy
  for (double a : accuracies) squares += (a - r.mean) * (a - r.mean);
  r.std = std::sqrt(squares / double(r.n - 1));
  r.ci95 = 1.96 * r.std / std::sqrt(double(r.n));
  return r;
}

Json EvalResult::to_json() const {
  Json j = Json::object();
  j["method"] = method;
  j["way"] = way;
  j["shot"] = shot;
  j["query"] = query;
  j["episodes"] = episodes;
  j["mean"] = mean;
  j["ci95"] = ci95;
  j["seconds"] = seconds;
  return j;
}

namespace {

std::string percent(double fraction) {
  if (!std::isfinite(fraction)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", fraction * 100.0);
  return buf;
}

// A pipe would end the cell early.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

std::string markdown_table(const std::vector<EvalResult>& results) {
  std::string out =
      "| method | way | shot | accuracy (%) ± 95 % CI | episodes |\n"
      "|---|---:|---:|---:|---:|\n";
  for (const auto& r : results)
    out += "| " + cell(r.method) + " | " + std::to_string(r.way) + " | " + std::to_string(r.shot) +
           " | " + percent(r.mean) + " ± " + percent(r.ci95) + " | " + std::to_string(r.episodes) +
           " |\n";
  return out;
}

}  // namespace lrc
