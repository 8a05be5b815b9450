#include "runtime/runtime.h"

#include <thread>

#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>

#ifdef LRC_HAVE_CUDA
#include <cuda_runtime_api.h>
#if __has_include(<nvtx3/nvToolsExt.h>)
#include <nvtx3/nvToolsExt.h>
#define LRC_HAVE_NVTX 1
#endif
#endif

#include "io/error.h"

namespace lrc {

void set_threads(int n) {
  if (n <= 0) n = int(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(n);
}

int threads() { return torch::get_num_threads(); }

bool cuda_available() { return torch::cuda::is_available(); }

torch::Device parse_device(const std::string& spec) {
  if (spec.empty() || spec == "cpu") return torch::kCPU;
  if (spec == "auto") return cuda_available() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  if (spec.rfind("cuda", 0) == 0) {
    if (!cuda_available())
      throw InputError("device \"" + spec + "\" requested but this build of LibTorch (" + torch_version_text() +
                       ") sees no CUDA device");
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
      throw InputError("device \"" + spec + "\" does not exist (" + std::to_string(torch::cuda::device_count()) +
                       " CUDA devices)");
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
  std::string s = "LibTorch " + std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                  std::to_string(TORCH_VERSION_PATCH);
#ifdef LRC_HAVE_CUDA
  s += " (CUDA build)";
#else
  s += " (CPU build)";
#endif
  return s;
}

#ifdef LRC_HAVE_NVTX
NvtxRange::NvtxRange(const char* name) { nvtxRangePushA(name); }
NvtxRange::~NvtxRange() { nvtxRangePop(); }
#else
NvtxRange::NvtxRange(const char*) {}
NvtxRange::~NvtxRange() = default;
#endif

}  // namespace lrc
