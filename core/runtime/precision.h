// Numeric precision of a job, chosen in one place for every job and front end.
//
// Mixed precision runs the heavy GEMMs and convolutions in a 16-bit type through LibTorch's
// autocast; master weights, optimizer state, the pixels being inverted and every reduction that
// decides a result (losses, prototypes, distances, softmax over classes, BN statistics) stay
// float32 — the model returns float32 features and logits, the prior float32 statistics.
// `auto` picks bf16 where the hardware runs it fast and fp32 elsewhere, and says why.
#pragma once

#include <memory>
#include <string>

#include <torch/types.h>

namespace lrc {

enum class Precision { Auto, Fp32, Bf16, Fp16 };

// "auto", "fp32", "bf16", "fp16" (also "float32", "bfloat16", "float16"). InputError otherwise.
Precision parse_precision(const std::string& text);
const char* precision_name(Precision p);

// What the hardware offers (x86 CPUID; CUDA compute capability ≥ 8.0 for bf16).
bool cpu_has_fast_bf16();
std::string cpu_bf16_feature();  // "AMX-BF16", "AVX512-BF16" or "" when neither

struct PrecisionChoice {
  Precision requested = Precision::Fp32;
  Precision effective = Precision::Fp32;  // never Auto
  std::string reason;                     // why `auto` picked it, or a caveat; may be empty
  // The same reason as a stable code, for front ends that word it in their own language:
  // "auto-cpu-bf16" (the CPU feature is in `cpu_feature`), "auto-cpu-none", "auto-cuda-bf16",
  // "auto-cuda-no-bf16", "emulated-cpu", "emulated-cuda", or "" with no reason.
  std::string reason_code;
  std::string cpu_feature;

  bool mixed() const { return effective != Precision::Fp32; }
  c10::ScalarType autocast_dtype() const;  // kBFloat16 / kHalf; kFloat when not mixed
  // e.g. "bf16 (auto: this CPU has AVX512-BF16)", "fp32".
  std::string describe() const;
};

// Resolves `requested` for `device`. Throws InputError for combinations that cannot run
// (fp16 autocast on the CPU, which LibTorch's CPU autocast does not support).
PrecisionChoice resolve_precision(Precision requested, torch::Device device);

// Turns autocast on for the effective precision on this thread for the scope's lifetime
// (autocast state is thread-local: create the scope on the thread that computes).
class PrecisionScope {
 public:
  PrecisionScope(const PrecisionChoice& choice, torch::Device device);
  ~PrecisionScope();
  PrecisionScope(PrecisionScope&&) noexcept;
  PrecisionScope& operator=(PrecisionScope&&) noexcept;
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

  const PrecisionChoice& choice() const { return choice_; }
  // Scopes alive on this thread (nested jobs, e.g. make-zoo's tunes, log their choice once).
  static int depth();

 private:
  struct Guard;
  PrecisionChoice choice_;
  std::unique_ptr<Guard> guard_;
};

}  // namespace lrc
