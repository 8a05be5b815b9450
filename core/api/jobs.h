// Long-running jobs behind the facade (core/api, plain types): LoRA Inversion and meta-training,
// driven by plain settings structs, reporting through plain callbacks, controlled by a
// JobControl (cancel, pause). The runners block; the caller puts them on a worker thread.
//
// Callbacks run on the job's thread. Failure: InputError for impossible settings (naming the
// setting or file), lrc::Cancelled (io/error.h) when the control was cancelled, lrc::Error for
// internal failures.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/session.h"

namespace lrc {
class CancelToken;
}

namespace lrc::api {

// Cancel / pause for one job; thread-safe. A paused job blocks at its next step; cancel wins.
class JobControl {
 public:
  JobControl();
  ~JobControl();
  JobControl(const JobControl&) = delete;
  JobControl& operator=(const JobControl&) = delete;

  void cancel();
  bool cancelled() const;
  // "Stop and keep": run_inversion ends after its current iteration and returns the images as
  // far as they got (InversionOutcome::stopped_early); every other job treats it as cancel().
  void finish_early();
  void set_paused(bool paused);
  bool paused() const;

  lrc::CancelToken& token() const { return *token_; }

 private:
  std::unique_ptr<lrc::CancelToken> token_;
};

struct ProgressInfo {
  std::string stage;  // "invert", "meta-train", "prepare"
  int64_t step = 0;   // done, 1-based after the first step
  int64_t total = 0;
  std::vector<std::pair<std::string, double>> values;  // e.g. total/ce/prior/tv, loss/val_acc
  double lr = std::numeric_limits<double>::quiet_NaN();
  std::string item;  // what the stage is working on (e.g. the adapter being inverted)

  // The named value or NaN.
  double value(const std::string& name) const;
};

struct SnapshotInfo {
  std::string stage;
  int64_t step = 0;
  std::vector<Image> images;
  // Per image grid × grid bytes (row-major) of 0/1: patches that survived pruning; empty: none.
  std::vector<std::vector<uint8_t>> masks;
  int mask_grid = 0;
  std::vector<int64_t> labels;            // head class index per image
  std::vector<std::string> label_names;   // the class name per image
  std::vector<double> confidence;         // teacher probability of the target class
  std::vector<int64_t> tokens_per_layer;  // patch tokens entering each block (+ after the last)
};

struct JobCallbacksPlain {
  std::function<void(const ProgressInfo&)> progress;
  std::function<void(const SnapshotInfo&)> snapshot;
  std::function<void(const std::string&)> log;
};

// ---------------------------------------------------------------- inversion (docs/method.md §3)

// Every option of an inversion, with the core's defaults (tst_api_contract checks they agree with
// recycle/inversion.h): the CLI flags and the GUI forms both fill this struct.
struct InversionSettings {
  std::string adapter_path;      // a pre-tuned LoRA with its classification head
  std::vector<int64_t> classes;  // head class indices; empty = every class
  // Comma-separated class names of the adapter or head indices ("cat,dog" or "0,3"); when set,
  // it replaces `classes` (resolved against the adapter, errors name the unknown item).
  std::string class_selection;
  int per_class = 16;
  int iterations = 2000;
  double lr = 0.25;
  std::string prior_path;  // empty: the naturalness prior R_bn is off
  double bn_weight = 0.01;
  double tv_weight = 0.0;
  double l2_weight = 0.0;
  // Augmentation: random roll by up to this share of the image, horizontal-flip probability
  // (0 and 0 for data that is neither shift- nor mirror-invariant, such as letters).
  double jitter = 0.125;
  double flip = 0.5;
  int batch = 0;  // images optimized together; 0: all at once
  std::vector<int> prune_layers;
  std::vector<double> prune_ratios;
  double prune_start_fraction = 0.25;
  double mask_ratio = 0.0;
  uint64_t seed = 0;
  int snapshot_every = 25;         // iterations between live snapshots
  int threads = 0;                 // LibTorch threads for the job (0: leave as is)
  std::string precision = "auto";  // precision_options() (session.h)
  std::string out_dir;             // when set, the pool is saved there at the end
  bool write_pngs = true;          // images/ and masked/ PNGs next to pool.safetensors
  // The model path recorded in the pool; empty: the loaded model's path.
  std::string model_label;
};

// The settings a saved pool was made with (its recorded settings, seed and prior), for "same
// settings as this pool"; adapter_path/out_dir are left empty. Throws InputError naming the
// folder when it holds no pool or the pool records no settings.
InversionSettings inversion_settings_of_pool(const std::string& pool_dir);

struct LossCurves {
  std::vector<double> total, ce, prior, tv, l2;
};

// A finished inversion's surrogate pool (opaque: it holds tensors).
class InvertedPool {
 public:
  struct Impl;
  explicit InvertedPool(std::unique_ptr<Impl> impl);
  ~InvertedPool();
  // pool.safetensors + images/ + masked/ PNGs + losses.csv into `dir` (created). Throws InputError.
  void save(const std::string& dir, bool write_pngs = true) const;
  int64_t size() const;
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

struct InversionOutcome {
  std::string adapter_name;
  std::vector<std::string> class_names;  // of the synthesized classes
  int64_t images = 0;
  double teacher_accuracy = 0.0;
  double seconds = 0.0;
  LossCurves losses;
  std::vector<int64_t> tokens_per_layer;
  std::string saved_to;  // settings.out_dir when saved
  std::shared_ptr<InvertedPool> pool;
  // Ended by JobControl::finish_early after iterations_run of the planned iterations: the pool
  // holds the batches begun by then (fewer images when a later batch had not started).
  bool stopped_early = false;
  int64_t iterations_run = 0;
};

InversionOutcome run_inversion(const Model& model, const InversionSettings& settings,
                               const JobCallbacksPlain& callbacks, const JobControl& control);

// A whole collection, one pool per member into out_dir/<member name>. Members whose pool exists
// are kept (an interrupted run resumes); up to `together` members with the same layout share each
// forward pass. Member i's seed is derive_seed(seed, seed_stream::kCollectionMember, i), whether
// batched or not, here or in meta-training's missing pools.
struct CollectionInversionSettings {
  std::string zoo_dir;                     // a collection folder (jobs: list_zoo); or:
  std::vector<std::string> adapter_paths;  // explicit members, in this order
  std::string out_dir;
  int together = 4;  // 1..64; 1 when a class_selection is set (indices may differ per member)
  InversionSettings inversion;  // adapter_path and out_dir are filled in per member
  // Shard I of N (a Slurm array task, a rank): only members i with i % N == I, each with the seed
  // it has in an unsharded run, so the shards' pools together are the pools of one run.
  int shard_index = 0;
  int shard_count = 1;
};

// "I/N" → {I, N}; InputError (naming `what`) unless 0 ≤ I < N.
std::pair<int, int> parse_shard(const std::string& text, const std::string& what = "--shard");
// The shard the environment describes: a Slurm array task (SLURM_ARRAY_TASK_ID minus
// SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT), else RANK/WORLD_SIZE or SLURM_PROCID/
// SLURM_NTASKS; {0, 1} when none. InputError when malformed.
std::pair<int, int> shard_from_environment();

// The members of a collection folder (its index.json order, else by name), as adapter paths.
// Throws InputError naming the folder when it holds none.
std::vector<std::string> collection_member_paths(const std::string& zoo_dir);

struct CollectionInversionOutcome {
  std::vector<std::string> kept;       // pool folders that already existed
  std::vector<InversionOutcome> done;  // inverted now (saved under out_dir), in member order
  double mean_teacher_accuracy() const;
};

CollectionInversionOutcome run_collection_inversion(const Model& model,
                                                    const CollectionInversionSettings& settings,
                                                    const JobCallbacksPlain& callbacks,
                                                    const JobControl& control);

// --------------------------------------------------------------- meta-training (docs/method.md §4)

// Every option of a meta-training run, with the core's defaults (recycle/meta_train.h;
// tst_cli_api_contract checks they agree): the CLI flags and the GUI's training page fill it.
struct MetaTrainSettings {
  // The collection: explicit members (the GUI's ticked LoRAs), or a collection folder (its index
  // order). Pre-tuned LoRAs with heads.
  std::vector<std::string> adapter_paths;
  std::string zoo_dir;
  // Where the episodes come from, first match: real images of the members' classes (an upper
  // bound, real_data_dir), surrogate pools (pool_dir: one sub-folder per member named after its
  // file stem, as `invert --zoo` writes them; missing ones are inverted first when
  // `invert_missing`), or, with invert_on_the_fly, a fresh inversion of a member every step.
  std::string real_data_dir;
  std::string pool_dir;
  bool invert_missing = true;
  bool invert_on_the_fly = false;
  InversionSettings inversion;  // for missing pools / on the fly (adapter_path/out_dir unused)
  // Draw each episode's classes from all members' classes together, not from one member's.
  bool mix_sources = false;
  int way = 5;
  int shot = 1;
  int query = 15;
  int64_t episodes = 240000;  // the published run length: optimizer steps
  // Episodes per optimizer step, over all ranks together (their losses are averaged); 1: one
  // episode per step, the published recipe.
  int64_t episodes_per_step = 1;
  // Join the data-parallel group the environment describes (torchrun / srun: RANK, WORLD_SIZE,
  // MASTER_ADDR, MASTER_PORT, or SLURM_PROCID / SLURM_NTASKS); without those variables, or with
  // a world of one, the run is a plain single process. Rank 0 alone logs, validates and writes
  // checkpoints and the result; the other ranks' outcome has an empty out_path.
  bool join_environment_group = false;
  int dist_timeout_s = 90;  // rendezvous and every gradient exchange
  // A data-parallel run of this many processes on this machine (the loopback, a free port): the
  // calling process is rank 0 with the callbacks and the control; ranks 1… are helper processes
  // of `helper_executable` (empty: this program; the front ends' mains hand
  // kMetaTrainWorkerFlag to run_meta_training_worker) that log to
  // checkpoint_dir()/ranks/rank_N.log. Missing pools are inverted by rank 0 before the helpers
  // start. Pause is not possible (the helpers would time out at the next exchange); stop and
  // resume instead. 1: one process. Not with an environment group of more than one.
  int local_processes = 1;
  std::string helper_executable;
  double mask_ratio =
      -1.0;  // < 0: the pools' own masks; 0: dense; else keep the (1 − x) best patches
  double lr = 1e-3;
  int64_t cycle = 100;
  int64_t warmup = 25;
  int rank = 4;
  double alpha = 0.0;  // LoRA scale numerator; <= 0: alpha = rank (scale 1)
  std::string targets = "q,v";
  std::string metric = "sqeuclidean";  // or "cosine"
  double cosine_scale = 10.0;
  double kl_weight = 0.0;  // distillation towards the member's LoRA (needs single-member tasks)
  std::string val_dir;     // optional real labeled images (one sub-folder per class)
  // Optional held-out pools (a pool folder, or a folder of them): validation without real data.
  std::string val_pool_dir;
  int64_t val_every = 100;
  int64_t val_episodes = 100;
  int64_t checkpoint_every = 0;   // 0: only at the end / on stop
  bool resume = false;            // continue from the latest checkpoint
  std::string out_path;           // the meta-LoRA (project format)
  std::string checkpoint_folder;  // empty: out_path + ".checkpoints"
  bool keep_last = false;         // save the last state instead of the best validated one
  std::string export_peft_dir;    // also write the result as a PEFT folder there
  uint64_t seed = 0;
  int threads = 0;
  std::string precision = "auto";  // precision_options() (session.h); also for missing pools

  std::string checkpoint_dir() const {
    return checkpoint_folder.empty() ? out_path + ".checkpoints" : checkpoint_folder;
  }
};

struct MetaTrainOutcome {
  std::string out_path;    // the saved meta-LoRA (the best validated step, else the last)
  int64_t saved_step = 0;  // the step of what was saved (best_step, or the last with keep_last)
  int64_t steps = 0;
  int64_t best_step = 0;
  double best_accuracy = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> losses;
  std::vector<std::pair<int64_t, double>> validation;  // (step, accuracy)
  int64_t resumed_from = 0;
  double seconds = 0.0;
  std::vector<std::pair<int64_t, std::string>> checkpoints;
  int rank = 0;  // of a data-parallel run (0 and 1 for a single process)
  int world_size = 1;
};

MetaTrainOutcome run_meta_training(const Model& model, const MetaTrainSettings& settings,
                                   const JobCallbacksPlain& callbacks, const JobControl& control);

// The hidden first argument that makes a front end a helper rank of a local run:
// `PROGRAM --lrc-meta-train-worker SETTINGS.json`. Front ends check for it before parsing their
// own arguments and return run_meta_training_worker's status.
inline constexpr const char* kMetaTrainWorkerFlag = "--lrc-meta-train-worker";
// A helper rank: reads the settings file rank 0 wrote (the model, its device and the
// MetaTrainSettings), joins the group the environment describes and computes its share of every
// step. Returns the exit status (0, 2 for bad input, 1 for other errors; the message on stderr).
int run_meta_training_worker(const std::string& settings_file);

// The checkpoints of a meta-training output (step, file), for the UI's list. Never throws.
std::vector<std::pair<int64_t, std::string>> list_meta_checkpoints(const std::string& out_path);

// The pool folder that meta-training uses for `adapter_path` inside `pool_dir`.
std::string pool_folder_for(const std::string& pool_dir, const std::string& adapter_path);

}  // namespace lrc::api
