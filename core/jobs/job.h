// What every long-running core job shares: callbacks for progress, image snapshots and log
// lines; a cancel/pause token checked every step; the device and seed it runs with.
// Jobs never print. Callbacks are called on the job's own thread; the UI re-emits them as
// queued signals, the CLI draws a progress line.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

#include "runtime/precision.h"

namespace lrc {

struct ProgressEvent {
  std::string stage;  // e.g. "invert", "meta-train", "tune"
  int64_t step = 0;   // steps done (1-based after the first step)
  int64_t total = 0;
  std::vector<std::pair<std::string, double>> values;  // named losses / accuracies of this step
  double lr = std::numeric_limits<double>::quiet_NaN();
};

// Images the job is working on, for live display.
struct Snapshot {
  std::string stage;
  int64_t step = 0;
  torch::Tensor images;            // (N, H, W, 3) uint8 RGB, CPU, de-normalized
  torch::Tensor masks;             // (N, grid, grid) uint8 0/1 surviving patches, or undefined
  std::vector<int64_t> labels;     // class index per image
  std::vector<double> confidence;  // teacher probability of the target class per image
  std::vector<int64_t> tokens_per_layer;  // patch tokens entering each block (pruning)
};

struct JobCallbacks {
  std::function<void(const ProgressEvent&)> progress;
  std::function<void(const Snapshot&)> snapshot;
  std::function<void(const std::string&)> log;

  void report(const ProgressEvent& e) const {
    if (progress) progress(e);
  }
  void show(const Snapshot& s) const {
    if (snapshot) snapshot(s);
  }
  void say(const std::string& line) const {
    if (log) log(line);
  }
};

// Shared between a job and whoever controls it; all members are thread-safe.
class CancelToken {
 public:
  void cancel() { cancelled_ = true; }
  bool cancelled() const { return cancelled_; }
  // "Stop and keep what you have": a job that can end with a partial result does so at its next
  // checkpoint(true); every other job treats it as cancel().
  void finish_early() { finish_early_ = true; }
  bool finish_early_requested() const { return finish_early_; }
  void set_paused(bool paused) { paused_ = paused; }
  bool paused() const { return paused_; }
  // Called by jobs once per step: blocks while paused, throws lrc::Cancelled once cancelled (or
  // asked to finish early when the caller cannot: can_finish_early false). Returns true when the
  // caller may and should finish early: it stops and returns what it has.
  bool checkpoint(bool can_finish_early = false) const;

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> finish_early_{false};
  std::atomic<bool> paused_{false};
};

// The settings every job takes besides its own config.
struct JobContext {
  torch::Device device = torch::kCPU;
  uint64_t seed = 0;
  const CancelToken* cancel = nullptr;  // may be null: not cancellable
  JobCallbacks callbacks;
  // The core's own default is exact fp32 (tests compare against references); every front end
  // (CLI, core/api, GUI, benches) passes its user's choice, `auto` unless told otherwise.
  Precision precision = Precision::Fp32;

  // Single-adapter inversion sets it: its partial result (the images as far as they got) is
  // worth keeping. Jobs whose partial results would be mistaken for finished ones leave it off.
  bool may_finish_early = false;

  void check_cancel() const {
    if (cancel) cancel->checkpoint();
  }
  // check_cancel() for a step after which a partial result is complete enough to return: true
  // when the job should stop here and return it (only with may_finish_early).
  bool check_cancel_or_finish() const { return cancel && cancel->checkpoint(may_finish_early); }
  bool finish_early_requested() const {
    return may_finish_early && cancel && cancel->finish_early_requested();
  }
};

// Resolves ctx.precision for ctx.device, logs the choice once ("precision: bf16 (auto: …)") and
// turns autocast on for the calling thread until the scope ends. Jobs hold one for their run.
PrecisionScope enter_precision(const JobContext& ctx);

// Deterministic per-step seeds: the same (seed, a, b) gives the same value on every run and
// device, so a resumed job draws exactly what an uninterrupted one would (splitmix64).
uint64_t derive_seed(uint64_t seed, uint64_t a, uint64_t b = 0);

// A CPU generator seeded with `seed`. Random tensors are drawn on the CPU and moved, so CPU and
// CUDA runs see the same numbers.
at::Generator cpu_generator(uint64_t seed);

}  // namespace lrc
