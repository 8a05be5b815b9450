#include "runtime/runtime.h"

#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>
#include <ATen/autocast_mode.h>

#ifdef LRC_HAVE_CUDA
#include <cuda_runtime_api.h>
#if __has_include(<nvtx3/nvToolsExt.h>)
#include <nvtx3/nvToolsExt.h>
#define LRC_HAVE_NVTX 1
#endif
#endif

#include "io/error.h"
#include "runtime/distributed.h"

namespace lrc {

int set_threads(int n) {
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  if (n <= 0 || n > cores) n = cores;
  torch::set_num_threads(n);
  return n;
}

int threads() {
  return torch::get_num_threads();
}

uint64_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024;
  const long pages = ::sysconf(_SC_AVPHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : 0;
}

bool cuda_available() {
  return torch::cuda::is_available();
}

torch::Device parse_device(const std::string& spec) {
  if (spec.empty() || spec == "cpu") return torch::kCPU;
  // A bare "cuda" or "auto" in a multi-process run means this rank's own device.
  auto own_cuda = [] {
    const int index = dist::cuda_index_for_local_rank(dist::local_rank_from_environment(),
                                                      int(torch::cuda::device_count()));
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  };
  if (spec == "auto") return cuda_available() ? own_cuda() : torch::Device(torch::kCPU);
  if (spec == "cuda" && cuda_available()) return own_cuda();
  if (spec.rfind("cuda", 0) == 0) {
    if (!cuda_available())
      throw InputError("device \"" + spec + "\" requested but this build of LibTorch (" +
                       torch_version_text() + ") sees no CUDA device");
    int index = 0;
    if (spec.size() > 4) {
      if (spec[4] != ':') throw InputError("bad device \"" + spec + "\" (use cpu, cuda or cuda:N)");
      try {
        index = std::stoi(spec.substr(5));
      } catch (...) {
        throw InputError("bad device \"" + spec + "\" (use cpu, cuda or cuda:N)");
      }
    }
    if (index < 0 || index >= int(torch::cuda::device_count()))
      throw InputError("device \"" + spec + "\" does not exist (" +
                       std::to_string(torch::cuda::device_count()) + " CUDA devices)");
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  throw InputError("bad device \"" + spec + "\" (use cpu, cuda, cuda:N or auto)");
}

std::vector<GpuInfo> gpu_info() {
  std::vector<GpuInfo> out;
#ifdef LRC_HAVE_CUDA
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) return out;
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
    GpuInfo g;
    g.index = i;
    g.name = prop.name;
    size_t free_b = 0, total_b = 0;
    int previous = 0;
    cudaGetDevice(&previous);
    if (cudaSetDevice(i) == cudaSuccess && cudaMemGetInfo(&free_b, &total_b) == cudaSuccess) {
      g.free_bytes = free_b;
      g.total_bytes = total_b;
    }
    cudaSetDevice(previous);
    out.push_back(g);
  }
#endif
  return out;
}

std::string torch_version_text() {
  std::string s = "LibTorch " + std::to_string(TORCH_VERSION_MAJOR) + "." +
                  std::to_string(TORCH_VERSION_MINOR) + "." + std::to_string(TORCH_VERSION_PATCH);
#ifdef LRC_HAVE_CUDA
  s += " (CUDA build)";
#else
  s += " (CPU build)";
#endif
  return s;
}

namespace {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool autocast_enabled(torch::DeviceType t) {
  return at::autocast::is_autocast_enabled(t);
}
void set_autocast(torch::DeviceType t, bool on) {
  at::autocast::set_autocast_enabled(t, on);
}
c10::ScalarType autocast_dtype(torch::DeviceType t) {
  return at::autocast::get_autocast_dtype(t);
}
void set_autocast_dtype(torch::DeviceType t, c10::ScalarType d) {
  at::autocast::set_autocast_dtype(t, d);
}
#else
// LibTorch < 2.4: separate CPU and CUDA switches.
bool autocast_enabled(torch::DeviceType t) {
  return t == torch::kCUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
}
void set_autocast(torch::DeviceType t, bool on) {
  if (t == torch::kCUDA)
    at::autocast::set_enabled(on);
  else
    at::autocast::set_cpu_enabled(on);
}
c10::ScalarType autocast_dtype(torch::DeviceType t) {
  return t == torch::kCUDA ? at::autocast::get_autocast_gpu_dtype()
                           : at::autocast::get_autocast_cpu_dtype();
}
void set_autocast_dtype(torch::DeviceType t, c10::ScalarType d) {
  if (t == torch::kCUDA)
    at::autocast::set_autocast_gpu_dtype(d);
  else
    at::autocast::set_autocast_cpu_dtype(d);
}
#endif
}  // namespace

c10::ScalarType active_autocast_dtype(torch::DeviceType type) {
  return autocast_enabled(type) ? autocast_dtype(type) : torch::kFloat;
}

AutocastGuard::AutocastGuard(torch::Device device, c10::ScalarType dtype, bool enabled)
    : type_(device.type()), previous_dtype_(dtype) {
  previous_enabled_ = autocast_enabled(type_);
  previous_dtype_ = autocast_dtype(type_);
  // A disabled guard turns autocast off for its scope, so an fp32 job nested in a mixed one
  // really runs in fp32; nothing to do when it is already off.
  active_ = enabled || previous_enabled_;
  if (!active_) return;
  if (enabled) set_autocast_dtype(type_, dtype);
  set_autocast(type_, enabled);
  // Autocast caches the 16-bit copy of every trainable leaf weight until the outermost region
  // ends. A job holds one region across all its steps and updates those weights in place, so a
  // cache would feed stale copies to later steps; each weight is used once per step anyway.
  previous_cache_ = at::autocast::is_autocast_cache_enabled();
  at::autocast::set_autocast_cache_enabled(false);
}

AutocastGuard::~AutocastGuard() {
  if (!active_) return;
  set_autocast(type_, previous_enabled_);
  set_autocast_dtype(type_, previous_dtype_);
  at::autocast::set_autocast_cache_enabled(previous_cache_);
  if (!previous_enabled_) at::autocast::clear_cache();
}

#ifdef LRC_HAVE_NVTX
NvtxRange::NvtxRange(const char* name) {
  nvtxRangePushA(name);
}
NvtxRange::~NvtxRange() {
  nvtxRangePop();
}
#else
NvtxRange::NvtxRange(const char*) {}
NvtxRange::~NvtxRange() = default;
#endif

}  // namespace lrc
