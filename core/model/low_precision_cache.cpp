#include "model/low_precision_cache.h"

#include <torch/torch.h>

#include "runtime/runtime.h"

namespace lrc {

torch::Tensor LowPrecisionCache::operator()(const torch::Tensor& w) {
  if (!w.defined() || w.scalar_type() != torch::kFloat) return w;
  if (w.requires_grad() && torch::GradMode::is_enabled()) return w;  // trains: autocast casts it
  const auto type = active_autocast_dtype(w.device().type());
  if (type == torch::kFloat) return w;
  std::lock_guard<std::mutex> lock(mutex_);
  Entry& e = entries_[w.unsafeGetTensorImpl()];
  if (!e.source.is_same(w) || e.version != w._version() || e.low.scalar_type() != type) {
    torch::NoGradGuard no_grad;
    e.source = w;
    e.version = w._version();
    e.low = w.detach().to(type);
  }
  return e.low;
}

void LowPrecisionCache::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
}

}  // namespace lrc
