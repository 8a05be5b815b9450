// The meta-training learning-rate schedule (docs/method.md §4): cosine annealing with warm
// restarts — each cycle warms up linearly from the minimum to the maximum, then follows a half
// cosine back down. Reference: cycle 100 steps, 25 warm-up steps, minimum 1 % of the maximum. A
// function of the step alone, so it needs no state and fits runs of any length (and resumes).
#pragma once

#include <cmath>
#include <cstdint>

namespace lrc {

struct CosineWarmRestarts {
  double max_lr = 1e-3;
  int64_t cycle = 100;
  int64_t warmup = 25;
  double min_fraction = 0.01;

  double at(int64_t step) const {
    const double lo = max_lr * min_fraction;
    const int64_t pos = cycle > 0 ? step % cycle : step;
    if (pos < warmup) return lo + (max_lr - lo) * double(pos + 1) / double(warmup);
    const double t = double(pos - warmup) / double(std::max<int64_t>(1, cycle - warmup));
    return lo + 0.5 * (max_lr - lo) * (1.0 + std::cos(M_PI * t));
  }
};

}  // namespace lrc
