// How accuracies are reported (docs/method.md §6): the mean over episodes with a 95 % confidence
// interval 1.96 · std / √n, as JSON for scripts and as a Markdown table for docs. Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/json.h"

namespace lrc {

struct MeanCi {
  double mean = 0.0;
  double std = 0.0;   // sample standard deviation (n − 1); NaN for n = 1
  double ci95 = 0.0;  // 1.96 · std / √n; NaN for n = 1
  int64_t n = 0;
};

// Mean and 95 % CI of per-episode accuracies (fractions in [0, 1], or any unit: the result has
// the same unit). std is the *sample* standard deviation (divides by n − 1: the unbiased variance
// estimate). Many published few-shot scripts call np.std, the population std (divides by n); at
// 600 episodes the two CIs differ by √(600/599) ≈ 1.0008, below the printed precision. With one
// value there is no spread to estimate, so std and ci95 are NaN (JSON null) rather than a
// misleading 0. Throws InputError for an empty vector.
MeanCi mean_ci95(const std::vector<double>& accuracies);

// One evaluated method on one setting. mean and ci95 are fractions (0.4567 = 45.67 %).
struct EvalResult {
  std::string method;
  int way = 0;
  int shot = 0;
  int query = 0;
  int64_t episodes = 0;
  double mean = 0.0;
  double ci95 = 0.0;
  double seconds = 0.0;  // wall time of the whole evaluation

  // {"method","way","shot","query","episodes","mean","ci95","seconds"} (fractions, as stored).
  Json to_json() const;
};

// A Markdown table, one row per result:
//   | method | way | shot | accuracy (%) ± 95 % CI | episodes |
//   | protonet | 5 | 1 | 45.67 ± 1.23 | 600 |
// Percentages with 2 decimals; a missing CI prints as "n/a".
std::string markdown_table(const std::vector<EvalResult>& results);

}  // namespace lrc
