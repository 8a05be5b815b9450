// Half-precision copies of frozen weights, kept across forward passes.
//
// Autocast casts every float32 weight to bf16/fp16 at each use. The base model's weights do not
// change during meta-training, inversion or classification, so one cast per job suffices.
// Autocast's own weight cache does not serve here: it covers only leaf tensors that require grad,
// and it is off anyway because a job holds one autocast region across steps whose trainable
// weights Adam updates in place.
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

#include <torch/types.h>

namespace lrc {

class LowPrecisionCache {
 public:
  // `w` in the autocast type when autocast is on for its device and `w` takes no gradient here;
  // a cached copy is refreshed when `w` changes in place (its version counter moves). Else `w`.
  torch::Tensor operator()(const torch::Tensor& w);
  void clear();

 private:
  struct Entry {
    torch::Tensor source;  // held, so its address cannot be reused by another tensor
    int64_t version = -1;
    torch::Tensor low;
  };
  std::mutex mutex_;
  std::unordered_map<const void*, Entry> entries_;
};

}  // namespace lrc
