// The named derive_seed streams (jobs/job.h) that more than one front end or module uses, in one
// place: the CLI, the GUI (through core/api) and the demo must derive the same seed for the same
// thing, or one seed gives different results depending on where a job was started. Streams used
// inside one module only (inversion noise/augmentation, pre-training batches) stay next to it.
#pragma once

#include <cstdint>

namespace lrc::seed_stream {

// Member i of a collection inverted into pools: derive_seed(seed, kCollectionMember, i).
constexpr uint64_t kCollectionMember = 400;
// make-zoo: the classes of LoRA i, and its tuning seed.
constexpr uint64_t kZooTask = 10;
constexpr uint64_t kZooTuning = 11;
// Meta-training validation episodes.
constexpr uint64_t kValidation = 200;
// Evaluation: method i's episodes.
constexpr uint64_t kEvaluationMethod = 300;

}  // namespace lrc::seed_stream
