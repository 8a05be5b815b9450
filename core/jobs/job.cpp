#include "jobs/job.h"

#include <chrono>
#include <thread>

#include <ATen/CPUGeneratorImpl.h>

#include "io/error.h"

namespace lrc {

bool CancelToken::checkpoint(bool can_finish_early) const {
  while (paused_ && !cancelled_ && !finish_early_)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (cancelled_) throw Cancelled();
  if (!finish_early_) return false;
  if (!can_finish_early) throw Cancelled();
  return true;
}

uint64_t derive_seed(uint64_t seed, uint64_t a, uint64_t b) {
  auto mix = [](uint64_t z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  return mix(mix(mix(seed) ^ a) ^ (b * 0x632be59bd9b4e019ull));
}

PrecisionScope enter_precision(const JobContext& ctx) {
  PrecisionChoice choice = resolve_precision(ctx.precision, ctx.device);
  if (PrecisionScope::depth() == 0) ctx.callbacks.say("precision: " + choice.describe());
  return PrecisionScope(choice, ctx.device);
}

at::Generator cpu_generator(uint64_t seed) {
  return at::make_generator<at::CPUGeneratorImpl>(seed);
}

}  // namespace lrc
