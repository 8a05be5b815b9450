// Process-wide compute settings: intra-op threads, device choice, GPU report, NVTX ranges.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

namespace lrc {

// Sets LibTorch's intra-op threads; n <= 0 means every core, and more than the cores is
// clamped to them (4000 threads on 2 cores made a 0.8 s job take 100 s). Returns the count set.
// LibTorch started with one thread on our CI machines, so every entry point calls this.
int set_threads(int n);
int threads();
// Memory the kernel can hand out now without swapping (MemAvailable), in bytes; 0 when unknown.
uint64_t available_memory_bytes();

// "cpu", "cuda", "cuda:N" or "auto" (CUDA when available). Throws InputError when CUDA is asked
// for but this LibTorch or machine has none.
torch::Device parse_device(const std::string& spec);

struct GpuInfo {
  int index = 0;
  std::string name;
  uint64_t free_bytes = 0;
  uint64_t total_bytes = 0;
};
// GPUs seen by the CUDA runtime (empty without CUDA support or devices).
std::vector<GpuInfo> gpu_info();

// Versions of the libraries the core was built with, e.g. "LibTorch 1.13.0 (CPU)".
std::string torch_version_text();
bool cuda_available();

// Mixed precision for the scope of the guard: ops on `device`'s type run in `dtype` (bf16 or
// fp16) where autocast allows it; with enabled = false autocast is off in the scope. The
// previous state returns at the end. Covers LibTorch 1.13's and 2.x's autocast APIs.
class AutocastGuard {
 public:
  AutocastGuard(torch::Device device, c10::ScalarType dtype, bool enabled = true);
  ~AutocastGuard();
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  torch::DeviceType type_;
  bool active_ = false;
  bool previous_enabled_ = false;
  bool previous_cache_ = true;
  c10::ScalarType previous_dtype_;
};

// The type autocast computes in on this thread for `type` devices; kFloat when autocast is off.
c10::ScalarType active_autocast_dtype(torch::DeviceType type);

// Marks a stage in NVIDIA Nsight timelines when built with CUDA; a no-op otherwise.
class NvtxRange {
 public:
  explicit NvtxRange(const char* name);
  ~NvtxRange();
  NvtxRange(const NvtxRange&) = delete;
  NvtxRange& operator=(const NvtxRange&) = delete;
};

}  // namespace lrc
