// Private to core/api: what the facade's opaque handles hold. Includes torch; never include it
// from ui/ (use session.h, collection.h, jobs.h).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <c10/util/Exception.h>

#include <torch/types.h>

#include "api/jobs.h"
#include "api/session.h"
#include "io/error.h"
#include "io/json.h"
#include "jobs/job.h"
#include "model/checkpoint.h"
#include "model/vit.h"

namespace lrc::api {

struct Model::Impl {
  LoadedModel loaded;
  torch::Device device = torch::kCPU;
  ModelSummary summary;

  // The module itself (non-const: forward passes need it; the facade never changes its weights).
  ViTImpl& vit() const { return *loaded.model.ptr(); }
  const ViTConfig& config() const { return loaded.model->config(); }
};

// `base` with the inversion settings a pool or a recipe records (InversionConfig::to_json's
// keys); keys that are absent keep base's values.
InversionSettings inversion_settings_from_json(const Json& j, InversionSettings base);

// The largest batch of at most `requested` images whose inference forward pass fits in half of
// the memory available now (at least 1). CPU only: GPU batches keep what was asked for.
int64_t batch_that_fits(const ViTConfig& config, int64_t requested, const torch::Device& device);

// "cuda:0" / "cpu" for a torch device.
std::string device_id(const torch::Device& d);

// Core callbacks → plain callbacks; `item` names what the job works on, `class_names` what the
// snapshot labels refer to. The plain callbacks must outlive the job.
JobCallbacks core_callbacks(const JobCallbacksPlain& plain, const std::string& item,
                            const std::vector<std::string>& class_names);

// Runs f; a LibTorch error (whose what() carries a C++ backtrace) becomes an lrc::Error with
// just the message, so people see one readable line.
template <typename F>
auto without_torch_backtraces(F&& f) -> decltype(f()) {
  try {
    return std::forward<F>(f)();
  } catch (const c10::Error& e) {
    throw Error(e.what_without_backtrace());
  }
}

}  // namespace lrc::api
