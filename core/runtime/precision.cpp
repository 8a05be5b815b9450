#include "runtime/precision.h"

#include <algorithm>
#include <cctype>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define LRC_X86 1
#endif

#ifdef LRC_HAVE_CUDA
#include <cuda_runtime_api.h>
#endif

#include "io/error.h"
#include "runtime/runtime.h"

namespace lrc {

Precision parse_precision(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t == "auto") return Precision::Auto;
  if (t == "fp32" || t == "float32" || t == "float") return Precision::Fp32;
  if (t == "bf16" || t == "bfloat16") return Precision::Bf16;
  if (t == "fp16" || t == "float16" || t == "half") return Precision::Fp16;
  throw InputError("bad precision \"" + text + "\" (use auto, fp32, bf16 or fp16)");
}

const char* precision_name(Precision p) {
  switch (p) {
    case Precision::Auto:
      return "auto";
    case Precision::Fp32:
      return "fp32";
    case Precision::Bf16:
      return "bf16";
    case Precision::Fp16:
      return "fp16";
  }
  return "fp32";
}

namespace {

#ifdef LRC_X86
// The OS must save the AVX-512 (opmask, ZMM) and, for AMX, the tile state on context switches;
// a CPU flag alone is not enough (XGETBV reports what the OS enabled).
uint64_t enabled_xstate() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0;  // OSXSAVE
  unsigned lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (uint64_t(hi) << 32) | lo;
}
#endif

std::string detect_cpu_bf16() {
#ifdef LRC_X86
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return "";
  const bool amx_bf16 = d & (1u << 22);
  const bool avx512f = b & (1u << 16);
  const uint64_t xcr0 = enabled_xstate();
  const bool avx512_os = (xcr0 & 0xe6) == 0xe6;     // SSE, AVX, opmask, ZMM halves
  const bool amx_os = (xcr0 & 0x60000) == 0x60000;  // XTILECFG, XTILEDATA
  if (amx_bf16 && amx_os) return "AMX-BF16";
  unsigned a1 = 0, b1 = 0, c1 = 0, d1 = 0;
  if (avx512f && avx512_os && __get_cpuid_count(7, 1, &a1, &b1, &c1, &d1) && (a1 & (1u << 5)))
    return "AVX512-BF16";
#endif
  return "";
}

bool cuda_device_has_bf16(torch::Device device) {
#ifdef LRC_HAVE_CUDA
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, device.has_index() ? device.index() : 0) != cudaSuccess)
    return false;
  return prop.major >= 8;  // Ampere and later run bf16 tensor-core GEMMs
#else
  (void)device;
  return false;
#endif
}

}  // namespace

std::string cpu_bf16_feature() {
  static const std::string feature = detect_cpu_bf16();
  return feature;
}

bool cpu_has_fast_bf16() {
  return !cpu_bf16_feature().empty();
}

c10::ScalarType PrecisionChoice::autocast_dtype() const {
  switch (effective) {
    case Precision::Bf16:
      return torch::kBFloat16;
    case Precision::Fp16:
      return torch::kHalf;
    default:
      return torch::kFloat;
  }
}

std::string PrecisionChoice::describe() const {
  std::string s = precision_name(effective);
  if (!reason.empty()) s += " (" + reason + ")";
  return s;
}

PrecisionChoice resolve_precision(Precision requested, torch::Device device) {
  PrecisionChoice c;
  c.requested = requested;
  const bool cuda = device.is_cuda();
  switch (requested) {
    case Precision::Auto:
      if (cuda) {
        const bool bf16 = cuda_device_has_bf16(device);
        c.effective = bf16 ? Precision::Bf16 : Precision::Fp32;
        c.reason = bf16 ? "auto: this CUDA device runs bf16" : "auto: this CUDA device lacks bf16";
        c.reason_code = bf16 ? "auto-cuda-bf16" : "auto-cuda-no-bf16";
      } else if (cpu_has_fast_bf16()) {
        c.effective = Precision::Bf16;
        c.reason = "auto: this CPU has " + cpu_bf16_feature();
        c.reason_code = "auto-cpu-bf16";
        c.cpu_feature = cpu_bf16_feature();
      } else {
        c.effective = Precision::Fp32;
        c.reason = "auto: this CPU has neither AVX512-BF16 nor AMX";
        c.reason_code = "auto-cpu-none";
      }
      break;
    case Precision::Fp32:
      c.effective = Precision::Fp32;
      break;
    case Precision::Bf16:
      c.effective = Precision::Bf16;
      if (!cuda && !cpu_has_fast_bf16()) {
        c.reason = "emulated on this CPU: likely slower than fp32";
        c.reason_code = "emulated-cpu";
      }
      if (cuda && !cuda_device_has_bf16(device)) {
        c.reason = "this CUDA device emulates bf16";
        c.reason_code = "emulated-cuda";
      }
      break;
    case Precision::Fp16:
      if (!cuda)
        throw InputError(
            "precision fp16 needs a CUDA device (LibTorch's CPU autocast runs bf16 only); use "
            "bf16, fp32 or auto on the CPU");
      c.effective = Precision::Fp16;
      break;
  }
  return c;
}

namespace {
thread_local int g_scope_depth = 0;
}

int PrecisionScope::depth() {
  return g_scope_depth;
}

struct PrecisionScope::Guard {
  AutocastGuard autocast;
  Guard(torch::Device device, c10::ScalarType dtype, bool mixed)
      : autocast(device, mixed ? dtype : torch::kBFloat16, mixed) {
    // Counted even for fp32, which turns autocast off: nested jobs see an enclosing choice.
    ++g_scope_depth;
  }
  ~Guard() { --g_scope_depth; }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;
};

PrecisionScope::PrecisionScope(const PrecisionChoice& choice, torch::Device device)
    : choice_(choice),
      guard_(std::make_unique<Guard>(device, choice.autocast_dtype(), choice.mixed())) {}

PrecisionScope::~PrecisionScope() = default;
PrecisionScope::PrecisionScope(PrecisionScope&&) noexcept = default;
PrecisionScope& PrecisionScope::operator=(PrecisionScope&&) noexcept = default;

}  // namespace lrc
