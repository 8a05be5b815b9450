// LoRA Inversion (docs/method.md §3): synthesize surrogate images from one pre-tuned LoRA (+ its
// classification head) by optimizing noise until the adapter classifies it as each target
// class, with an optional BatchNorm naturalness prior and double-efficient token pruning.
//
// Ownership: invert() only reads the model, the teacher and the prior; the result owns its
// tensors (on the CPU). Failure: InputError for impossible settings (a layer outside the model,
// an adapter without a head, ...), lrc::Cancelled when ctx's token is cancelled (checked before
// every iteration, so a cancel takes effect within one step). Thread-safety: several inversions
// may share one model (the teacher is passed explicitly to every forward pass), see vit.h.
#pragma once

#include <cstdint>
#include <vector>

#include "io/json.h"
#include "jobs/job.h"
#include "model/lora.h"
#include "model/vit.h"
#include "recycle/bn_prior.h"
#include "recycle/pool.h"

namespace lrc {

struct InversionConfig {
  // Optimization (docs/method.md §3.2).
  int64_t iterations = 2000;
  double lr = 0.25;
  double beta1 = 0.5;
  double beta2 = 0.99;
  double adam_eps = 1e-8;
  // Loss weights: CE + bn_weight · R_bn (with a prior) + tv_weight · TV + l2_weight · ‖x‖₂.
  double bn_weight = 0.01;
  double tv_weight = 0.0;
  double l2_weight = 0.0;
  // Augmentation: a roll by up to this share of height and width, a horizontal flip.
  double jitter_fraction = 1.0 / 8.0;
  double flip_probability = 0.5;
  // What to synthesize. The reference inverts one task at a time: 5-way × (1 support + 15 query).
  int64_t per_class = 16;
  std::vector<int64_t> classes;  // indices into the teacher's head; empty = every class
  int64_t batch_size = 0;        // images optimized together (consecutive chunks); 0 = all at once
  // Token pruning (docs/method.md §3.4): drop prune_ratios[i] of the remaining patch tokens
  // after the attention of block prune_layers[i], from prune_start_fraction of the iterations on.
  std::vector<int> prune_layers;  // empty = no pruning
  std::vector<double> prune_ratios;
  double prune_start_fraction = 0.25;
  // Mask (docs/method.md §3.5): a further share of the surviving tokens dropped for the stored
  // mask.
  double mask_ratio = 0.0;
  // Snapshot callbacks every this many iterations (0 = only the final one).
  int64_t snapshot_every = 100;

  // Throws InputError naming the setting when it cannot work with this model and head.
  void validate(const ViTConfig& model, int64_t head_classes) const;
  // The pruning steps sorted by layer (empty without pruning).
  std::vector<PruneStep> prune_steps() const;
  Json to_json() const;
};

// Per iteration (batches one after another): the total loss and its unweighted terms.
struct LossHistory {
  std::vector<double> total, ce, prior, tv, l2;
  size_t size() const { return total.size(); }
  // {"total": [...], "ce": [...], "prior": [...], "tv": [...], "l2": [...]}: the layout
  // save_pool writes to losses.csv.
  Json to_json() const;
};

struct InversionResult {
  // pixels (the lowest-loss x of each batch), labels (index into class_names = the chosen
  // classes in order), patch_rank, mask, confidence; info holds "head_classes", "preprocess",
  // "settings", "losses", "tokens_per_layer" and timings. adapter_path is left for the caller.
  SurrogatePool pool;
  LossHistory losses;
  double teacher_accuracy = 0.0;  // share of images the teacher (as run at the end) gets right
  double seconds = 0.0;
  // A "stop and keep" request (CancelToken::finish_early with ctx.may_finish_early) ended the
  // run after iterations_run iterations: the pool holds the batches begun so far, each at its
  // lowest-loss images until then.
  bool stopped_early = false;
  int64_t iterations_run = 0;
};

// Runs docs/method.md §3 on ctx.device (where `model` must live) with seeds derived from
// ctx.seed: the same seed gives bit-identical results on the CPU. `prior` may be null (R_bn off).
// Reports ProgressEvent{"invert", step, total, {total, ce, prior, tv[, l2]}} every iteration and
// Snapshots (labels are head class indices) every snapshot_every iterations and once at the end.
InversionResult invert(ViTImpl& model, const LoraAdapter& teacher, const PriorNet* prior,
                       const InversionConfig& config, const JobContext& ctx);

// Several teachers of one base model in one forward pass per iteration (their LoRA deltas and
// heads applied per group of images, BN statistics per group): the same images, within float
// rounding of the larger GEMMs, as inverting each alone with seeds[g] — and several times the
// throughput where one teacher's batch leaves the machine's GEMMs small. The teachers need the
// same LoRA layout and head size (can_invert_together). Progress reports the members' mean;
// live snapshots show the whole batch.
std::vector<InversionResult> invert_batched(ViTImpl& model,
                                            const std::vector<const LoraAdapter*>& teachers,
                                            const std::vector<uint64_t>& seeds,
                                            const PriorNet* prior, const InversionConfig& config,
                                            const JobContext& ctx);
bool can_invert_together(const LoraAdapter& a, const LoraAdapter& b);

}  // namespace lrc
